"""catalog.rules: 公开时限 in working days and the completeness verdicts."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gongkai.catalog import rules
from gongkai.core.workdays import Calendar


@pytest.mark.parametrize(("text", "days"), [
    ("信息形成或者变更之日起20个工作日内", 20), ("信息形成之日起5个工作日内", 5), ("７个工作日", 7),
    ("及时公开", 20), ("批准后20日内", 20), ("", 20), ("999个工作日", 20),
])
def test_time_limit_workdays(text, days) -> None:
    assert rules.time_limit_workdays(text) == days


def test_2026_national_day_example_from_the_brief() -> None:
    """Formed Wed 2026-09-30 (day 0): 10-01..10-07 are holidays, Sat 10-10 a make-up day → due 2026-11-03."""
    days = {date(2026, 10, d): False for d in range(1, 8)} | {date(2026, 10, 10): True}
    calendar = Calendar({date(2026, 1, 1) + timedelta(n): days.get(date(2026, 1, 1) + timedelta(n),
                                                                     (date(2026, 1, 1) + timedelta(n)).weekday() < 5)
                         for n in range(365)})
    on_time = rules.check_publication(date(2026, 9, 30), date(2026, 11, 3), 20, calendar, date(2026, 12, 1))
    late = rules.check_publication(date(2026, 9, 30), date(2026, 11, 4), 20, calendar, date(2026, 12, 1))
    assert (on_time.status, on_time.due, late.status) == (rules.ON_TIME, date(2026, 11, 3), rules.LATE)


@given(formed=st.dates(date(2020, 1, 1), date(2030, 12, 31)), delay=st.integers(0, 80), limit=st.integers(1, 40))
def test_on_time_property_against_a_weekend_counter(formed, delay, limit) -> None:
    """Oracle on an empty calendar (weekends only): count weekdays after day 0 one by one."""
    published = formed + timedelta(days=delay)
    n, day = 0, formed
    while n < limit:
        day += timedelta(days=1)
        n += day.weekday() < 5
    check = rules.check_publication(formed, published, limit, Calendar.empty(), published)
    assert check.due == day and (check.status == rules.ON_TIME) is (published <= day)


def test_entry_status() -> None:
    ok = rules.PublicationCheck(rules.ON_TIME, date(2026, 1, 1))
    late = rules.PublicationCheck(rules.LATE, date(2026, 1, 1))
    undated = rules.PublicationCheck(rules.UNDATED, None)
    assert rules.entry_status(True, []) == rules.MISSING
    assert rules.entry_status(True, [ok, ok]) == rules.ON_TIME
    assert rules.entry_status(True, [ok, undated]) == rules.UNDATED
    assert rules.entry_status(True, [undated, late, ok]) == rules.LATE
    assert rules.entry_status(False, []) == rules.ON_REQUEST
    assert rules.check_publication(None, date(2026, 1, 1), 20, Calendar.empty(), date(2026, 1, 1)).status == rules.UNDATED
    assert len(rules.PILOT_DOMAINS) == 26 == len(set(rules.PILOT_DOMAINS))


@pytest.mark.parametrize(("text", "days"), [
    ("365个工作日", 365), ("366个工作日", 20), ("0个工作日", 20), ("1个工作日", 1), ("10 个 工作日内", 10),
    ("１０个工作日", 10), ("９个工作日", 9), ("15工作日", 15), (None, 20),
])
def test_time_limit_bounds_spacing_and_full_width_digits(text, days) -> None:
    assert rules.time_limit_workdays(text) == days


def test_unpublished_item_is_judged_by_today_and_carries_the_provisional_flag() -> None:
    formed = date(2025, 3, 3)  # Monday; 20 weekdays later: Monday 2025-03-31
    waiting = rules.check_publication(formed, None, 20, Calendar.empty(), date(2025, 3, 31))
    overdue = rules.check_publication(formed, None, 20, Calendar.empty(), date(2025, 4, 1))
    assert (waiting.status, overdue.status, waiting.due) == (rules.ON_TIME, rules.LATE, date(2025, 3, 31))
    assert waiting.provisional is True  # 2025 is not loaded in an empty calendar
    loaded = Calendar({date(2025, 1, 1) + timedelta(n): (date(2025, 1, 1) + timedelta(n)).weekday() < 5
                       for n in range(365)})
    assert rules.check_publication(formed, None, 20, loaded, date(2025, 3, 31)).provisional is False
    assert rules.check_publication(None, None, 20, loaded, date(2025, 3, 31)) == rules.PublicationCheck(
        rules.UNDATED, None, False)
