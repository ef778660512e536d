"""Foundation API: status and the working-day calculator."""

from __future__ import annotations

from datetime import date

from django.http import HttpRequest
from ninja import Router, Schema

from gongkai.core.exceptions import DomainError
from gongkai.core.selectors import get_calendar
from gongkai.core.workdays import add_workdays

router = Router(tags=["基础"])


class WorkdayAddOut(Schema):
    start: date
    days: int
    result: date
    provisional: bool
    missing_years: list[int]


@router.get("/workdays/add", response=WorkdayAddOut, summary="第 N 个工作日（受理当日为第 0 日）")
def workdays_add(request: HttpRequest, start: date, days: int) -> WorkdayAddOut:
    if not 0 <= days <= 3660:
        raise DomainError("工作日天数应在 0–3660 之间。")
    r = add_workdays(start, days, get_calendar())
    return WorkdayAddOut(start=r.start, days=r.days, result=r.result, provisional=r.provisional,
                         missing_years=list(r.missing_years))
