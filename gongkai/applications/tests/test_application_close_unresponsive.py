"""application_close_unresponsive (视为放弃): only after the period stated in the notice has passed
(条例第三十条; 国办函〔2020〕109号), with a reason, confirmed, once."""

from __future__ import annotations

from datetime import date

import pytest

from gongkai.applications.models import State
from gongkai.applications.tests.conftest import in_correction, transition
from gongkai.core.exceptions import DomainError, StateError


@pytest.mark.parametrize("day", [date(2026, 10, 9), date(2026, 10, 20), date(2026, 10, 29)])
def test_refused_until_the_stated_period_has_passed_naming_the_day(app, cast, today, day) -> None:
    in_correction(app, cast.officer_a)  # due 2026-10-29
    today(day)
    with pytest.raises(DomainError, match="补正期限至2026年10月29日.*自2026年10月30日起方可办理（条例第三十条"):
        transition(cast.officer_a, app, "abandon", reason="未补正")
    app.refresh_from_db()
    assert app.state == State.CORRECTION and not app.outcome and not app.events.filter(kind="abandoned").exists()


def test_the_day_after_the_period_it_closes_as_other_1(app, cast, today) -> None:
    in_correction(app, cast.officer_a)
    today(date(2026, 10, 30))
    result = transition(cast.officer_a, app, "abandon", reason="申请人未补正，也未说明理由")
    assert app.state == State.ABANDONED and app.outcome == "other_no_correction"
    assert app.replied_on == date(2026, 10, 30) and app.pauses.get().end_reason == "abandoned"
    assert "申请人未补正，也未说明理由" in app.events.get(kind="abandoned").reason
    assert result.message.startswith("已按视为放弃终止办理")


def test_the_period_is_the_one_the_notice_stated(app, cast, today) -> None:
    in_correction(app, cast.officer_a, period=5)  # 10-09 + 5 working days = 10-15
    today(date(2026, 10, 16))
    transition(cast.officer_a, app, "abandon", reason="未补正")
    assert app.state == State.ABANDONED


def test_twice_is_refused(app, cast, today) -> None:
    in_correction(app, cast.officer_a)
    today(date(2026, 10, 30))
    transition(cast.officer_a, app, "abandon", reason="未补正")
    with pytest.raises(StateError, match="不能重复办理"):
        transition(cast.officer_a, app, "abandon", reason="再次")
    assert app.events.filter(kind="abandoned").count() == 1


def test_needs_a_reason_and_a_confirmation(app, cast, today) -> None:
    in_correction(app, cast.officer_a)
    today(date(2026, 10, 30))
    with pytest.raises(DomainError, match="写明终止办理的理由"):
        transition(cast.officer_a, app, "abandon", reason=" ")
    with pytest.raises(DomainError, match="须确认"):
        transition(cast.officer_a, app, "abandon", reason="未补正", confirm=False)
    assert app.state == State.CORRECTION


def test_not_while_the_request_is_being_handled(app, cast) -> None:
    with pytest.raises(StateError, match="已受理"):
        transition(cast.officer_a, app, "abandon", reason="x")


def test_unpaid_fee_closes_as_other_2_only_after_the_payment_period(app, cast, today) -> None:
    transition(cast.officer_a, app, "fee", method="piece", quantity=35, date=date(2026, 10, 9))
    today(date(2026, 11, 5))  # 10-09 + 20 working days (Sat 10-10 a make-up day)
    with pytest.raises(DomainError, match="缴费期限至2026年11月5日.*自2026年11月6日起.*109号"):
        transition(cast.officer_a, app, "abandon", reason="未缴费")
    today(date(2026, 11, 6))
    transition(cast.officer_a, app, "abandon", reason="逾期未缴费")
    assert app.state == State.ABANDONED and app.outcome == "other_fee_unpaid"
