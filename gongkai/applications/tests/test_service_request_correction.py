"""application_request_correction called directly: the 补正 notice must go out within 7 working days of
receipt (条例第三十条). Received 2026-09-30: the National Day holiday leaves 2026-10-15 as the 7th working
day. Issue 11: "the 7-working-day 补正 limit removed" passed the suite."""

from __future__ import annotations

from datetime import date

import pytest

from gongkai.applications import rules, services
from gongkai.applications.models import LetterJob, State
from gongkai.core.exceptions import DomainError


def _notice(app, cast, on: date):
    return services.application_request_correction(actor=cast.officer_a, application=app, what="请写明项目名称",
                                                   notice_on=on)


def test_the_limit_is_seven_working_days() -> None:
    assert rules.CORRECTION_NOTICE_WORKDAYS == 7


def test_on_the_seventh_working_day_it_is_in_time(app, cast, today) -> None:
    today(date(2026, 10, 15))
    assert app.correction_notice_due == date(2026, 10, 15)
    _notice(app, cast, date(2026, 10, 15))
    assert app.state == State.CORRECTION and app.pauses.get().start == date(2026, 10, 15)


@pytest.mark.parametrize("on", [date(2026, 10, 16), date(2026, 10, 19)])
def test_after_the_seventh_working_day_it_is_refused(app, cast, today, on) -> None:
    today(date(2026, 10, 20))
    with pytest.raises(DomainError, match="7 个工作日内一次性告知，期限为 2026年10月15日（条例第三十条）"):
        _notice(app, cast, on)
    app.refresh_from_db()
    assert app.state == State.ACCEPTED and not app.pauses.exists() and not LetterJob.objects.exists()


def test_before_receipt_it_is_refused(app, cast, today) -> None:
    today(date(2026, 10, 12))
    with pytest.raises(DomainError, match="不能早于收到申请之日"):
        _notice(app, cast, date(2026, 9, 29))
    assert not app.pauses.exists()
