"""Foundation API: status and the working-day calculator."""

from __future__ import annotations

from datetime import date

from django.http import HttpRequest
from ninja import Query, Router, Schema

from gongkai.core.params import YEAR_MAX, YEAR_MIN
from gongkai.core.selectors import get_calendar
from gongkai.core.workdays import add_workdays

router = Router(tags=["基础"])
FIRST_DAY, LAST_DAY = date(YEAR_MIN, 1, 1), date(YEAR_MAX, 12, 31)


class WorkdayAddOut(Schema):
    start: date
    days: int
    result: date
    provisional: bool
    missing_years: list[int]


@router.get("/workdays/add", response=WorkdayAddOut, summary="第 N 个工作日（受理当日为第 0 日）")
def workdays_add(
    request: HttpRequest,
    start: date = Query(..., ge=FIRST_DAY, le=LAST_DAY, description="起算日（第 0 日）"),  # noqa: B008
    days: int = Query(..., ge=0, le=3660, description="工作日数"),
) -> WorkdayAddOut:
    r = add_workdays(start, days, get_calendar())
    return WorkdayAddOut(start=r.start, days=r.days, result=r.result, provisional=r.provisional,
                         missing_years=list(r.missing_years))
