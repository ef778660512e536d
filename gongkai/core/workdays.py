"""Working days (工作日) — pure functions, no ORM: the calendar is passed in.

条例 counts its deadlines in 工作日 (arts 30, 32, 33, 34; 国办函〔2020〕109号 for fees). A working
day is Monday–Friday unless it is a statutory holiday, plus the Saturdays/Sundays the State
Council declares make-up working days (调休上班). Those dates come from the yearly
节假日安排 notice, loaded into `WorkdayCalendar` and passed here as a `Calendar`.

Convention (BRIEF): the day something is received is day 0; "N working days after" is the Nth
working day strictly after it. So a request received on a holiday still has day 1 on the
next working day, and adding 0 days returns the start date itself.

A year with no calendar data is answered from weekends alone and the result says so
(`provisional`, `missing_years`): the law's clock does not stop because a notice is late,
but an officer must see that the date may move.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from enum import StrEnum


class Calendar:
    """Known working/rest days for the loaded years; immutable once built.

    Keeps a sorted array of working-day ordinals so "add N working days" inside loaded
    years is a binary search instead of a day-by-day walk.
    """

    def __init__(self, days: Mapping[date, bool], names: Mapping[date, str] | None = None) -> None:
        self._days = dict(days)
        self._names = dict(names or {})
        self.loaded_years = frozenset(d.year for d in self._days)
        self._workday_ordinals = sorted(d.toordinal() for d, is_work in self._days.items() if is_work)

    @classmethod
    def empty(cls) -> Calendar:
        return cls({})

    def is_loaded(self, year: int) -> bool:
        return year in self.loaded_years

    def is_workday(self, day: date) -> bool:
        """Whether `day` is a working day; outside loaded years, by the weekend rule alone."""
        known = self._days.get(day)
        if known is not None:
            return known
        return day.weekday() < 5

    def name(self, day: date) -> str:
        return self._names.get(day, "")

    def missing_years_between(self, first: int, last: int) -> list[int]:
        """The years in [first, last] that have no data."""
        return [y for y in range(first, last + 1) if y not in self.loaded_years]

    def fast_add(self, start: date, days: int) -> date | None:
        """Binary-search answer when every year touched is loaded; None means walk instead."""
        if days <= 0 or start.year not in self.loaded_years:
            return None
        ordinals = self._workday_ordinals
        i = bisect.bisect_right(ordinals, start.toordinal()) + days - 1
        if i >= len(ordinals):
            return None
        result = date.fromordinal(ordinals[i])
        if self.missing_years_between(start.year, result.year):
            return None
        return result


    def fast_between(self, start: date, end: date) -> int | None:
        """Working days in (start, end] by binary search when both ends are in loaded years."""
        if start > end or self.missing_years_between(start.year, end.year):
            return None
        ordinals = self._workday_ordinals
        return bisect.bisect_right(ordinals, end.toordinal()) - bisect.bisect_right(ordinals, start.toordinal())


class DayStatus(StrEnum):
    COUNTED = "counted"
    SKIPPED = "skipped"
    PAUSED = "paused"


@dataclass(frozen=True)
class DayExplained:
    day: date
    status: DayStatus
    ordinal: int | None  # 1..N for counted days
    reason: str


@dataclass(frozen=True)
class WorkdayResult:
    start: date
    days: int
    result: date
    provisional: bool
    missing_years: tuple[int, ...]
    paused_workdays: int = 0
    explained: tuple[DayExplained, ...] = field(default=(), compare=False, repr=False)

    def as_dict(self) -> dict[str, object]:
        return {
            "start": self.start.isoformat(),
            "days": self.days,
            "result": self.result.isoformat(),
            "provisional": self.provisional,
            "missing_years": list(self.missing_years),
        }


Interval = tuple[date, date]


def _in_any(day: date, intervals: Iterable[Interval]) -> bool:
    return any(lo <= day <= hi for lo, hi in intervals)


def _skip_reason(day: date, calendar: Calendar) -> str:
    name = calendar.name(day)
    if name:
        return name
    return "周末" if day.weekday() >= 5 else "法定节假日"


def add_workdays(
    start: date,
    days: int,
    calendar: Calendar,
    *,
    excluded: Iterable[Interval] = (),
    explain: bool = False,
) -> WorkdayResult:
    """The `days`-th working day after `start` (day 0), not counting working days that fall in
    any `excluded` interval (inclusive; e.g. 征求第三方意见 art. 32, 缴费 period art. 42).

    Raises ValueError for a negative count (a caller's bug, not a user's input).
    """
    if days < 0:
        raise ValueError("工作日天数不能为负数。")
    pauses = [(lo, hi) for lo, hi in excluded if lo <= hi]
    if not pauses and not explain:
        fast = calendar.fast_add(start, days)
        if fast is not None:
            return WorkdayResult(start, days, fast, False, ())
    if days == 0:
        unloaded = () if calendar.is_loaded(start.year) else (start.year,)
        return WorkdayResult(start, 0, start, bool(unloaded), unloaded)

    counted = 0
    paused = 0
    day = start
    missing: list[int] = []
    trail: list[DayExplained] = []
    while counted < days:
        day += timedelta(days=1)
        if not calendar.is_loaded(day.year) and day.year not in missing:
            missing.append(day.year)
        if not calendar.is_workday(day):
            if explain:
                trail.append(DayExplained(day, DayStatus.SKIPPED, None, _skip_reason(day, calendar)))
            continue
        if pauses and _in_any(day, pauses):
            paused += 1
            if explain:
                trail.append(DayExplained(day, DayStatus.PAUSED, None, "计时中止"))
            continue
        counted += 1
        if explain:
            reason = "调休上班" if day.weekday() >= 5 else ("工作日（未载入日历，按周末推算）" if day.year in missing else "工作日")
            trail.append(DayExplained(day, DayStatus.COUNTED, counted, reason))
    return WorkdayResult(start, days, day, bool(missing), tuple(missing), paused, tuple(trail))


def workdays_between(start: date, end: date, calendar: Calendar) -> int:
    """Working days d with start < d <= end (so between(receipt, due) == 20); negative if end < start."""
    if end < start:
        return -workdays_between(end, start, calendar)
    fast = calendar.fast_between(start, end)
    if fast is not None:
        return fast
    count = 0
    day = start
    while day < end:
        day += timedelta(days=1)
        if calendar.is_workday(day):
            count += 1
    return count


def is_workday(day: date, calendar: Calendar) -> bool:
    return calendar.is_workday(day)


def workdays_in(intervals: Iterable[Interval], calendar: Calendar) -> int:
    """Working days inside the inclusive intervals (overlaps counted once)."""
    seen: set[date] = set()
    for lo, hi in intervals:
        day = lo
        while day <= hi:
            if calendar.is_workday(day):
                seen.add(day)
            day += timedelta(days=1)
    return len(seen)
