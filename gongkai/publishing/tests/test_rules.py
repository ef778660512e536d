"""Pure rules of 主动公开 (gongkai.publishing.rules): 条例第二十六条's 20 working days and the 索引号 format."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from gongkai.core.workdays import Calendar, workdays_between
from gongkai.publishing.rules import PUBLISH_WITHIN_WORKDAYS, format_index_no, is_late, publication_due

WEEKENDS = Calendar.empty()  # no loaded year: working days by the weekend rule alone
# 2025-10-01 to 10-08 国庆 rest days, 2025-09-28 (Sunday) a 调休 working day
HOLIDAYS = Calendar({**{date(2025, 10, d): False for d in range(1, 9)}, date(2025, 9, 28): True})


def test_twenty_working_days_skip_weekends() -> None:
    # Monday 2025-03-03 + 20 working days = Monday 2025-03-31 (four full weeks)
    assert PUBLISH_WITHIN_WORKDAYS == 20
    assert publication_due(date(2025, 3, 3), WEEKENDS).result == date(2025, 3, 31)


def test_twenty_working_days_skip_holidays_and_count_make_up_days() -> None:
    # Friday 2025-09-26: 9-28 (调休) is day 1, 9-29 and 9-30 days 2-3, the 国庆 week skipped, 10-09 day 4, 10-31 day 20
    assert publication_due(date(2025, 9, 26), HOLIDAYS).result == date(2025, 10, 31)


@given(st.dates(min_value=date(2020, 1, 1), max_value=date(2030, 12, 31)))
def test_due_is_exactly_twenty_working_days_later(changed: date) -> None:
    due = publication_due(changed, WEEKENDS).result
    assert workdays_between(changed, due, WEEKENDS) == 20
    assert WEEKENDS.is_workday(due)


def test_late_is_strictly_after_the_due_day() -> None:
    changed = date(2025, 3, 3)
    due = date(2025, 3, 31)
    assert not is_late(changed, due, WEEKENDS, today=date(2026, 1, 1))  # on the last day: on time
    assert is_late(changed, due + timedelta(days=1), WEEKENDS, today=date(2026, 1, 1))
    assert not is_late(changed, due - timedelta(days=1), WEEKENDS, today=date(2026, 1, 1))


def test_unpublished_item_is_judged_by_today() -> None:
    changed = date(2025, 3, 3)
    assert not is_late(changed, None, WEEKENDS, today=date(2025, 3, 31))
    assert is_late(changed, None, WEEKENDS, today=date(2025, 4, 1))


def test_no_change_date_is_never_late() -> None:
    assert not is_late(None, None, WEEKENDS, today=date(2030, 1, 1))
    assert not is_late(None, date(2030, 1, 1), WEEKENDS, today=date(2030, 1, 1))


def test_index_no_pads_the_serial_to_five_digits() -> None:
    assert format_index_no("11100000MB0143028R", 2025, 7) == "11100000MB0143028R/2025-00007"
    assert format_index_no("000014349", 2024, 12345) == "000014349/2024-12345"
