"""A request whose clock is stopped (补正, 征求意见, 待缴费) is never overdue, however old its stored due date:
the time is not counted (条例第三十条、第三十二条; 国办函〔2020〕109号). Issue 11: "a paused request shown
as overdue" passed the suite. Each check has an active request past the same date beside it, which is."""

from __future__ import annotations

from datetime import date

import pytest

from gongkai.applications import selectors, services
from gongkai.applications.models import State
from gongkai.applications.tests.conftest import DATA, in_correction

LATE = date(2026, 11, 20)  # both requests were due 2026-11-03


@pytest.fixture
def pair(app, cast):
    """`app` in 补正 since 2026-10-09, and an active request received the same day, both due 2026-11-03."""
    active, _ = services.application_submit(actor=cast.officer_a, organisation=cast.dept_a, channel="in_person",
                                            data=DATA | {"name": "李四"}, submitted_on=date(2026, 9, 30))
    in_correction(app, cast.officer_a)
    app.refresh_from_db()
    assert app.state == State.CORRECTION and active.state == State.ACCEPTED
    assert app.reply_due is not None and app.reply_due < LATE and active.reply_due == date(2026, 11, 3)
    return app, active


def test_urgency_says_paused_not_overdue(pair) -> None:
    paused, active = pair
    assert selectors.urgency(paused, LATE)[1] == "paused"
    left, level = selectors.urgency(active, LATE)
    assert level == "overdue" and left is not None and left < 0


def test_a_lapsed_clock_counts_again(pair) -> None:
    paused, _active = pair
    assert selectors.urgency(paused, LATE, clock_running=True)[1] == "overdue"


@pytest.mark.parametrize(("days_before_due", "level"), [(10, "ok"), (5, "warn5"), (3, "warn5"), (2, "warn2"), (0, "warn2")])
def test_warning_levels_before_the_due_date(app, days_before_due, level) -> None:
    from datetime import timedelta

    from gongkai.core.selectors import get_calendar
    from gongkai.core.workdays import workdays_between

    day = app.reply_due
    while workdays_between(day, app.reply_due, get_calendar()) < days_before_due:
        day -= timedelta(days=1)
    assert selectors.urgency(app, day) == (days_before_due, level)


def test_the_overdue_list_leaves_paused_requests_out(pair, cast) -> None:
    paused, active = pair
    assert list(selectors.overdue(cast.officer_a, LATE)) == [active]


def test_counts_leave_paused_requests_out_of_overdue(pair, cast) -> None:
    paused, active = pair
    rows = {r["state"]: r for r in selectors.state_counts([cast.dept_a.pk], LATE)}
    assert rows[State.CORRECTION]["overdue"] == 0 and rows[State.ACCEPTED]["overdue"] == 1
    stats = selectors.statistics_counts([cast.dept_a.pk], date(2026, 1, 1), date(2026, 12, 31), today=LATE)
    assert sum(r["overdue"] for r in stats) == 1 and sum(r["open"] for r in stats) == 2


def test_queue_row_and_overview_show_the_pause(pair, cast) -> None:
    paused, active = pair
    rows = {r.app.pk: r for r in selectors.queue(cast.officer_a, today=LATE)}
    assert rows[paused.pk].level == "paused" and rows[paused.pk].status == "计时中止（补正中）"
    assert rows[active.pk].level == "overdue" and rows[active.pk].status.startswith("已逾期 ")
    fin = next(r for r in selectors.overview(cast.supervisor, LATE) if r["organisation"] == cast.dept_a)
    assert fin["open"] == 2 and fin["overdue"] == 1
