"""application_accept: 确认收到 (条例第三十一条), through the one transition service."""

from __future__ import annotations

from datetime import date

import pytest

from gongkai.applications.models import State
from gongkai.applications.tests.conftest import transition
from gongkai.core.exceptions import DomainError, StateError


def test_receipt_is_the_confirmation_date(online, cast) -> None:
    application, _ = online
    result = transition(cast.officer_a, application, "accept", date=date(2026, 9, 18))
    assert application.state == State.ACCEPTED and application.reply_due == date(2026, 10, 22)
    assert result.message == "已受理申请，收到申请之日为2026年9月18日，答复期限至2026年10月22日。"
    assert application.officer == cast.officer_a


def test_confirmation_before_submission_is_refused_and_nothing_changes(online, cast) -> None:
    application, _ = online
    with pytest.raises(DomainError, match="第三十一条"):
        transition(cast.officer_a, application, "accept", date=date(2026, 9, 1))
    application.refresh_from_db()
    assert application.state == State.PENDING and application.events.count() == 1


def test_accepting_twice_is_refused(app, cast) -> None:
    with pytest.raises(StateError, match="已受理"):
        transition(cast.officer_a, app, "accept", date=date(2026, 10, 1))
    assert app.events.filter(kind="accept").count() == 1
