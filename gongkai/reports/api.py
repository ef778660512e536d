"""The 年度报告 part of /api/v1/: published reports (figures and checks), the checker for anyone's
report text, and the public per-organisation statistics."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Query, Router, Schema

from gongkai.core.exceptions import DomainError
from gongkai.core.models import Organisation
from gongkai.reports import checker, exports, selectors, stats

router = Router(tags=["年度报告"])


class ReportOut(Schema):
    id: int
    title: str
    organisation: str
    org: str
    year: int
    version: int
    published_at: dt.datetime | None
    url: str


class CheckIn(Schema):
    text: str = Field(..., min_length=1, max_length=2_000_000, description="报告的 HTML 或从网页、PDF 复制的文本")


class StatRow(Schema):
    organisation: str
    received: int
    replied: int
    on_time: int
    late: int
    on_time_rate: float | None
    median_days: float | None
    p90_days: float | None
    overdue: int
    reviews: int
    corrected: int
    correction_rate: float | None
    outcomes: dict[str, int]


def _out(r: Any) -> dict[str, Any]:
    return {"id": r.pk, "title": r.title, "organisation": r.organisation.name, "org": r.organisation.credit_code,
            "year": r.year, "version": r.version, "published_at": r.published_at, "url": f"/reports/{r.pk}/"}


@router.get("/", response=list[ReportOut], summary="已发布的政府信息公开工作年度报告")
def list_reports(request: HttpRequest, year: int | None = Query(None, ge=2008, le=2100)) -> list[dict[str, Any]]:
    return [_out(r) for r in selectors.published_reports(year=year)[:500]]


@router.get("/statistics", response=list[StatRow], summary="各机关依申请公开办理统计（按年度）")
def statistics(request: HttpRequest, year: int | None = Query(None, ge=2008, le=2100)) -> list[dict[str, Any]]:
    orgs = list(Organisation.objects.filter(is_active=True).exclude(kind=Organisation.Kind.OFFICE).order_by("path"))
    rows = stats.unit_statistics(orgs, year or timezone.localdate().year)
    return [{"organisation": r.organisation.name, "received": r.received, "replied": r.replied, "on_time": r.on_time,
             "late": r.late, "on_time_rate": r.on_time_rate, "median_days": r.median_days, "p90_days": r.p90_days,
             "overdue": r.overdue, "reviews": r.reviews, "corrected": r.corrected, "correction_rate": r.correction_rate,
             "outcomes": dict(r.outcome_pairs)} for r in rows]


@router.post("/check", summary="核对一份已发布年度报告的勾稽关系（与 check_annual_report 相同）")
def check(request: HttpRequest, payload: CheckIn) -> dict[str, Any]:
    try:
        return checker.check_text(payload.text).as_dict()
    except checker.NotAReport as exc:
        raise DomainError(f"不是政府信息公开工作年度报告：{exc}", code="not_a_report") from exc


@router.get("/{report_id}", summary="一份已发布年度报告的数字与核对结果")
def report_detail(request: HttpRequest, report_id: int) -> dict[str, Any]:
    return exports.as_json(selectors.build(selectors.published_report(report_id)))
