"""Pages of the annual report: the staff's drafts (figures, checks, staff figures, overrides, aggregation,
publishing), deadlines, statistics; the public list, report pages and exports. Thin: selectors and
services hold the rules."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from gongkai.core.decorators import staff_required
from gongkai.core.downloads import content_disposition
from gongkai.core.exceptions import DomainError, NotFoundError
from gongkai.core.models import Organisation
from gongkai.core.selectors import has_role, organisation_for
from gongkai.reports import exports, rules, selectors, services, stats

CONTENT_TYPES = {
    "html": "text/html; charset=utf-8",
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


class NewReportForm(forms.Form):
    organisation = forms.IntegerField(label="报告机关", min_value=1)
    year = forms.IntegerField(label="报告年度", min_value=services.FIRST_YEAR, max_value=2100,
                              error_messages={"min_value": "报告年度不能早于 2008 年。", "max_value": "报告年度无效。",
                                              "invalid": "请输入年份，如 2025。", "required": "请填写报告年度。"})


class YearForm(forms.Form):
    year = forms.IntegerField(min_value=services.FIRST_YEAR, max_value=2100, required=False)


def _year(request: HttpRequest, default: int) -> int:
    form = YearForm(request.GET)
    if form.is_valid() and form.cleaned_data["year"]:
        return int(form.cleaned_data["year"])
    return default


def _export(view: selectors.ReportView, fmt: str, filename: str) -> HttpResponse:
    if fmt == "pdf":
        body: bytes | str = exports.render_pdf(view)
    elif fmt == "docx":
        body = exports.render_docx(view)
    elif fmt == "html":
        body = exports.render_html(view)
    else:
        raise Http404
    response = HttpResponse(body, content_type=CONTENT_TYPES[fmt])
    # The HTML is a page in itself (the official layout, printable); Word and PDF are downloads.
    response["Content-Disposition"] = content_disposition(f"{filename}.{fmt}", inline=fmt == "html")
    return response


# --- Staff -----------------------------------------------------------------------------------

@staff_required
def staff_list(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    form = NewReportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            org = organisation_for(request.user, form.cleaned_data["organisation"])
            report = services.report_create(actor=request.user, organisation=org, year=form.cleaned_data["year"])
            return redirect("reports_staff:detail", pk=report.pk)
        except NotFoundError:
            raise  # outside the user's scope: 404 like a missing organisation
        except DomainError as exc:
            form.add_error(None, exc.message)
    return render(request, "reports/staff_list.html", {
        "reports": selectors.staff_reports(request.user).order_by("-year", "organisation__path"),
        "orgs": selectors.reporting_orgs(request.user), "form": form, "default_year": today.year - 1,
        "late": selectors.late_rows(request.user, today),
    }, status=400 if request.method == "POST" else 200)


@staff_required
def staff_detail(request: HttpRequest, pk: int) -> HttpResponse:
    report = selectors.staff_report(request.user, pk)
    view = selectors.build(report)
    ctx = exports.context(view) | {
        "mark_overrides": True, "material": selectors.material(report),
        "manual_fields": [(key, label, art, col, report.manual.get(key, "")) for key, label, art, col in
                          rules.TABLE2_MANUAL],
        "cells": _cell_choices(), "events": report.events.all(),
        "can_edit": has_role(request.user, report.organisation, services.EDITORS) and not report.is_published,
        "can_publish": has_role(request.user, report.organisation, services.PUBLISHERS),
    }
    return render(request, "reports/staff_detail.html", ctx)


def _cell_choices() -> list[tuple[str, str]]:
    keys = [f"三|{r.id}|{i}" for r in rules.TABLE3_ROWS for i in range(7)]
    keys += [f"四|{k}|{i}" for k, _ in rules.TABLE4_GROUPS for i in range(5)]
    keys += [f"二|{r}|{c}" for r, _ in rules.TABLE2_DOC_ROWS for c, _ in rules.TABLE2_DOC_COLUMNS]
    return [(k, rules.cell_label(k)) for k in keys]


ACTIONS = {
    "update": lambda r, rep: services.report_update(
        actor=r.user, report=rep, manual={k: r.POST.get(k, "") for k in rules.MANUAL_KEYS},
        sections={k: r.POST.get(k, "") for k in services.SECTION_FIELDS}),
    "override": lambda r, rep: services.report_override(
        actor=r.user, report=rep, cell=r.POST.get("cell", ""), value=r.POST.get("value", ""),
        reason=r.POST.get("reason", "")),
    "explain": lambda r, rep: services.report_explain_carry(actor=r.user, report=rep,
                                                            explanation=r.POST.get("explanation", "")),
    "aggregate": lambda r, rep: services.report_aggregate(actor=r.user, report=rep),
    "publish": lambda r, rep: services.report_publish(actor=r.user, report=rep),
    "reopen": lambda r, rep: services.report_reopen(actor=r.user, report=rep, reason=r.POST.get("reason", "")),
}
DONE = {"update": "已保存。", "override": "已保存手工填写的数字。", "explain": "已保存差异说明。", "aggregate": "已汇总所属部门已发布的年度报告。",
        "publish": "年度报告已发布，数字已冻结。", "reopen": "报告已撤回，可更正后重新发布。"}


@staff_required
def staff_action(request: HttpRequest, pk: int, name: str) -> HttpResponse:
    report = selectors.staff_report(request.user, pk)
    if request.method != "POST" or name not in ACTIONS:
        raise Http404
    try:
        ACTIONS[name](request, report)
        messages.success(request, DONE[name])
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect("reports_staff:detail", pk=pk)


@staff_required
def staff_export(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    report = selectors.staff_report(request.user, pk)
    view = selectors.build(report)
    return _export(view, fmt, report.title + ("" if report.is_published else "（草稿）"))


@staff_required
def deadlines(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    year = _year(request, today.year - 1)
    rows = selectors.deadline_rows(selectors.reporting_orgs(request.user), year, today)
    return render(request, "reports/deadlines.html", {"rows": rows, "year": year, "today": today,
                                                      "years": range(today.year - 1, today.year - 6, -1)})


def _statistics(request: HttpRequest, orgs: list[Organisation], *, staff: bool) -> HttpResponse:
    today = timezone.localdate()
    year = _year(request, today.year)
    rows = stats.unit_statistics(orgs, year, today)
    all_row = stats.total(rows, Organisation(name="合计"))
    years = stats.yearly(orgs, list(range(year - 4, year + 1)))
    if request.GET.get("format") == "xlsx":
        response = HttpResponse(stats.xlsx(rows, all_row, years, year),
                                content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        response["Content-Disposition"] = content_disposition(f"依申请公开办理统计{year}.xlsx")
        return response
    return render(request, "reports/statistics.html", {
        "rows": rows, "all": all_row, "year": year, "years": years, "charts": stats.charts(rows, years, all_row),
        "staff": staff, "year_choices": range(today.year, today.year - 6, -1), "groups": stats.OUTCOME_GROUPS,
        "base": "staff/base.html" if staff else "portal/base.html",
    })


@staff_required
def staff_statistics(request: HttpRequest) -> HttpResponse:
    return _statistics(request, list(selectors.reporting_orgs(request.user)), staff=True)


# --- Public ----------------------------------------------------------------------------------

def public_list(request: HttpRequest) -> HttpResponse:
    year = _year(request, 0) or None
    reports = selectors.published_reports(year=year)
    years = sorted(set(selectors.published_reports().values_list("year", flat=True)), reverse=True)
    return render(request, "reports/public_list.html", {"reports": reports, "year": year, "years": years})


def public_detail(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        report = selectors.published_report(pk)
    except NotFoundError as exc:
        raise Http404(str(exc)) from exc
    view = selectors.build(report)
    return render(request, "reports/public_detail.html", exports.context(view))


def public_export(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    try:
        report = selectors.published_report(pk)
    except NotFoundError as exc:
        raise Http404(str(exc)) from exc
    return _export(selectors.build(report), fmt, report.title)


def public_statistics(request: HttpRequest) -> HttpResponse:
    orgs = list(Organisation.objects.filter(is_active=True).exclude(kind=Organisation.Kind.OFFICE).order_by("path"))
    return _statistics(request, orgs, staff=False)
