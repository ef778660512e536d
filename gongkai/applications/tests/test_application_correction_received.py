"""application_correction_received: the officer registers the corrected request; the reply clock restarts
from that day (条例第三十条), also for a late correction the officer decides to accept."""

from __future__ import annotations

from datetime import date

import pytest

from gongkai.applications.models import State
from gongkai.applications.tests.conftest import in_correction, transition
from gongkai.core.exceptions import DomainError, StateError


def test_clock_restarts_from_the_correction(app, cast) -> None:
    in_correction(app, cast.officer_a)
    result = transition(cast.officer_a, app, "correction_received", date=date(2026, 10, 12), text="2025年人民路项目")
    assert app.state == State.ACCEPTED and app.correction_received_on == date(2026, 10, 12)
    assert app.reply_due == date(2026, 11, 9) and app.correction_text == "2025年人民路项目"
    assert result.message == "已登记收到补正，答复期限重新计算，至2026年11月9日。"
    assert app.pauses.get().end_reason == "corrected"


def test_late_correction_is_accepted_when_the_officer_registers_it(app, cast) -> None:
    in_correction(app, cast.officer_a)  # due 2026-10-29
    transition(cast.officer_a, app, "correction_received", date=date(2026, 11, 2))
    assert app.state == State.ACCEPTED
    assert "逾期提交，经办人决定受理" in app.events.get(kind="correction_received").reason


def test_refused_when_no_correction_is_pending_or_before_the_notice(app, cast) -> None:
    with pytest.raises(StateError, match="已受理"):
        transition(cast.officer_a, app, "correction_received", date=date(2026, 10, 12))
    in_correction(app, cast.officer_a)
    with pytest.raises(DomainError, match="不能早于补正告知日期"):
        transition(cast.officer_a, app, "correction_received", date=date(2026, 10, 8))
    assert app.state == State.CORRECTION
