"""Worked dates (alaveteli spec/models/holiday_spec.rb style) and properties against a naive oracle."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gongkai.core.selectors import get_calendar
from gongkai.core.workdays import Calendar, DayStatus, add_workdays, workdays_between, workdays_in

# (received = day 0, working days, due, why)
WORKED = [
    (date(2026, 9, 18), 20, date(2026, 10, 22), "Fri; day 1 is Sun 09-20, a make-up workday (BRIEF)"),
    (date(2026, 9, 30), 20, date(2026, 11, 3), "National Day 10-01..10-07 skipped, Sat 10-10 make-up (BRIEF)"),
    (date(2026, 2, 10), 20, date(2026, 3, 16), "Spring Festival 02-15..02-23 skipped; make-up Sats 02-14 and 02-28 count"),
    (date(2026, 2, 14), 1, date(2026, 2, 24), "make-up Sat 02-14 is day 0; next workday after Spring Festival"),
    (date(2026, 10, 1), 0, date(2026, 10, 1), "0 days is the day itself, even on a holiday"),
    (date(2026, 10, 1), 1, date(2026, 10, 8), "received on a holiday: day 1 is the first workday after"),
    (date(2026, 9, 30), 7, date(2026, 10, 15), "补正 notice due within 7 workdays (art. 30)"),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("start", "n", "due", "why"), WORKED)
def test_worked_dates(start: date, n: int, due: date, why: str) -> None:
    result = add_workdays(start, n, get_calendar())
    assert result.result == due, why
    assert result.provisional is False
    assert workdays_between(start, due, get_calendar()) == n or n == 0


@pytest.mark.django_db
def test_year_without_data_is_provisional_and_named() -> None:
    result = add_workdays(date(2026, 12, 10), 20, get_calendar())
    assert result.provisional is True
    assert result.missing_years == (2027,)
    # 2026-12 has 15 workdays after the 10th; then weekends-only in 2027: Jan 1 (Fri), 4..7.
    assert result.result == date(2027, 1, 7)


@pytest.mark.django_db
def test_explain_lists_counted_skipped_and_paused_days() -> None:
    cal = get_calendar()
    result = add_workdays(date(2026, 9, 30), 20, cal, excluded=[(date(2026, 10, 12), date(2026, 10, 13))], explain=True)
    statuses = {d.day: d for d in result.explained}
    assert statuses[date(2026, 10, 1)].status == DayStatus.SKIPPED
    assert statuses[date(2026, 10, 1)].reason == "国庆节"
    assert statuses[date(2026, 10, 10)].reason == "调休上班"
    assert statuses[date(2026, 10, 12)].status == DayStatus.PAUSED
    assert result.paused_workdays == 2
    assert result.result == date(2026, 11, 5)
    assert [d.ordinal for d in result.explained if d.ordinal][-1] == 20


def naive_add(start: date, n: int, holidays: frozenset[date], makeup: frozenset[date]) -> date:
    day, counted = start, 0
    while counted < n:
        day += timedelta(days=1)
        if (day.weekday() < 5 and day not in holidays) or day in makeup:
            counted += 1
    return day


dates = st.dates(min_value=date(2024, 1, 1), max_value=date(2025, 12, 31))


@settings(max_examples=300, deadline=None)
@given(start=dates, n=st.integers(0, 60), holidays=st.frozensets(dates, max_size=30),
       makeup=st.frozensets(dates, max_size=8), excluded=st.lists(st.tuples(dates, dates), max_size=2))
def test_add_matches_naive_oracle(start: date, n: int, holidays: frozenset[date], makeup: frozenset[date],
                                  excluded: list[tuple[date, date]]) -> None:
    makeup = frozenset(d for d in makeup if d.weekday() >= 5)
    days = {}
    d = date(2024, 1, 1)
    while d.year <= 2025:
        days[d] = (d.weekday() < 5 and d not in holidays) or d in makeup
        d += timedelta(days=1)
    cal = Calendar(days)
    result = add_workdays(start, n, cal)
    if result.result.year <= 2025:
        assert result.result == naive_add(start, n, holidays, makeup)
        assert not result.provisional
    else:
        assert result.provisional and result.missing_years == (2026,)
    if n > 0:
        assert cal.is_workday(result.result)
        assert workdays_between(start, result.result, cal) == n
    # monotone: one more day never lands earlier
    assert add_workdays(start, n + 1, cal).result > result.result
    # pausing never shortens the deadline, and adds exactly the paused workdays it skipped
    paused = add_workdays(start, n, cal, excluded=excluded)
    assert paused.result >= result.result
    if n > 0 and paused.paused_workdays:
        window = [(max(lo, start + timedelta(days=1)), min(hi, paused.result)) for lo, hi in excluded]
        assert paused.paused_workdays == workdays_in([w for w in window if w[0] <= w[1]], cal)


def test_negative_days_is_a_programming_error() -> None:
    with pytest.raises(ValueError):
        add_workdays(date(2026, 1, 1), -1, Calendar.empty())


def test_empty_calendar_is_weekends_only_and_flags_every_year() -> None:
    result = add_workdays(date(2030, 12, 27), 5, Calendar.empty())  # Fri
    assert result.result == date(2031, 1, 3)
    assert result.missing_years == (2030, 2031)
