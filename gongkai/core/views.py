"""Foundation pages: health, staff dashboard, audit log, working-day calendar. Thin: logic is in
services/selectors."""

from __future__ import annotations

import calendar as pycal
import re
from datetime import date
from io import BytesIO
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.paginator import Paginator
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache

from gongkai.core import selectors, services
from gongkai.core.audit_actions import registered_actions
from gongkai.core.decorators import staff_required
from gongkai.core.downloads import content_disposition
from gongkai.core.exceptions import DomainError
from gongkai.core.models import Role
from gongkai.core.workdays import add_workdays


@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    """Load balancers and `make demo` poll this; it checks the database answers."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        years = selectors.loaded_calendar_years()
    except Exception as exc:  # noqa: BLE001 - any database failure is "unhealthy"
        return JsonResponse({"status": "error", "database": str(exc)[:200]}, status=503)
    this_year = date.today().year
    return JsonResponse({
        "status": "ok",
        "database": connection.vendor,
        "calendar_years": [years[0], years[-1]] if years else [],
        "calendar_next_year_loaded": this_year + 1 in years,
        "search_index": _search_index_drift(),
    })


def _search_index_drift() -> dict[str, Any]:
    """Documents the search index lacks or holds beyond the database (cached a minute; the worker heals
    drift hourly and at start). Reported, not fatal: the site answers while the index catches up."""
    from gongkai.publishing.tasks import search_index_drift

    try:
        return search_index_drift()
    except Exception as exc:  # noqa: BLE001 - an unreadable index is reported, the check stays up
        return {"error": str(exc)[:200]}


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "core/error.html", {"status": 404, "message": "您访问的页面不存在，或您无权查看。"}, status=404)


_BARE_500 = ('<!DOCTYPE html><html lang="zh-Hans"><head><meta charset="utf-8"><title>系统错误</title></head><body>'
             '<main><h1>系统错误</h1><p>系统出现错误，已记录，请稍后再试。</p><p><a href="/">返回首页</a></p></main>'
             '</body></html>')


def server_error(request: HttpRequest) -> HttpResponse:
    try:
        return render(request, "core/error.html", {"status": 500, "message": "系统出现错误，已记录，请稍后再试。"},
                      status=500)
    except Exception:  # noqa: BLE001 - the page frame itself failed (e.g. the database is down): answer plainly
        return HttpResponse(_BARE_500, status=500)


@staff_required
def dashboard(request: HttpRequest) -> HttpResponse:
    from gongkai.core.dashboard import dashboard_panels

    years = selectors.loaded_calendar_years()
    next_year = date.today().year + 1
    return render(request, "core/dashboard.html", {
        "roles": [(org, Role(role).label) for org, role in selectors.user_roles(request.user)],
        "panels": dashboard_panels(request.user),
        "calendar_warning": None if next_year in years else next_year,
        "is_admin": request.user.is_superuser or any(r == Role.ADMIN for _, r in selectors.user_roles(request.user)),
    })


class AuditFilterForm(forms.Form):
    """The audit log's filters; a hostile value is dropped (the list is shown unfiltered by it)."""

    since = forms.DateField(label="起始日期", required=False, widget=forms.DateInput(attrs={"type": "date"}))
    until = forms.DateField(label="截止日期", required=False, widget=forms.DateInput(attrs={"type": "date"}))
    user = forms.TypedChoiceField(label="操作人", required=False, coerce=int, empty_value=None)
    org = forms.TypedChoiceField(label="机构", required=False, coerce=int, empty_value=None)
    action = forms.ChoiceField(label="操作", required=False)
    q = forms.CharField(label="关键词", required=False, max_length=100)

    def __init__(self, data: Any, *, user: Any) -> None:
        super().__init__(data)
        orgs = selectors.visible_orgs(user)
        self._choice("org").choices = [("", "全部机构"), *((o.pk, o.name) for o in orgs)]
        people = get_user_model().objects.filter(memberships__organisation__in=orgs).distinct().order_by("first_name",
                                                                                                        "username")
        self._choice("user").choices = [("", "全部人员"), *((u.pk, u.get_full_name() or u.get_username()) for u in people)]
        actions = sorted(registered_actions().items(), key=lambda item: item[1])
        # Rows written before their action was registered can still be found by its code.
        asked = str((data or {}).get("action", ""))
        if asked and asked not in dict(actions) and re.fullmatch(r"[a-z_]+(\.[a-z_]+)+", asked):
            actions.append((asked, asked))
        self._choice("action").choices = [("", "全部操作"), *actions]

    def _choice(self, name: str) -> forms.ChoiceField:
        field = self.fields[name]
        assert isinstance(field, forms.ChoiceField)
        return field

    def described(self) -> str:
        """The filters in words, for the record of an export."""
        parts = []
        for name, value in (getattr(self, "cleaned_data", {}) or {}).items():
            if value in (None, "") or name in self.errors:
                continue
            field = self.fields[name]
            shown = value
            if isinstance(field, forms.ChoiceField):
                shown = next((label for key, label in field.choices if key == value), value)  # type: ignore[misc,union-attr]
            parts.append(f"{field.label}：{shown}")
        return "；".join(parts)

    def filters(self) -> dict[str, Any]:
        data = self.cleaned_data if self.is_valid() else {
            name: value for name, value in getattr(self, "cleaned_data", {}).items() if name not in self.errors}
        return {"action": data.get("action") or "", "org_id": data.get("org"), "q": (data.get("q") or "").strip(),
                "since": data.get("since"), "until": data.get("until"), "actor_id": data.get("user")}


def _audit_events(request: HttpRequest) -> tuple[AuditFilterForm, Any]:
    form = AuditFilterForm(request.GET or None, user=request.user)
    if request.GET:
        form.is_valid()
        f = form.filters()
    else:
        f = {"action": "", "org_id": None, "q": "", "since": None, "until": None, "actor_id": None}
    events = selectors.audit_events(request.user, action=f["action"], org_id=f["org_id"], q=f["q"],
                                    since=f["since"], until=f["until"])
    if f["actor_id"]:
        events = events.filter(actor_id=f["actor_id"])
    return form, events


@staff_required
def audit_log(request: HttpRequest) -> HttpResponse:
    from gongkai.core.audit_display import describe

    form, events = _audit_events(request)
    page = Paginator(events, 50).get_page(request.GET.get("page"))
    return render(request, "core/audit_log.html", {
        "page": page, "rows": [describe(e) for e in page], "form": form,
        "export_query": request.GET.urlencode(),
    })


AUDIT_EXPORT_LIMIT = 20_000


@staff_required
def audit_export(request: HttpRequest) -> HttpResponse:
    """The filtered audit log as an XLSX workbook (at most AUDIT_EXPORT_LIMIT rows, newest first).
    The export is itself recorded in the audit log."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    from gongkai.core.audit_display import AuditLogAction, describe

    form, events = _audit_events(request)
    rows = [describe(e) for e in events.select_related("organisation")[:AUDIT_EXPORT_LIMIT]]
    book = Workbook()
    sheet = book.active
    sheet.title = "审计日志"
    headers = ["时间", "操作人", "机构", "操作", "对象", "变更内容", "理由", "IP 地址"]
    sheet.append(headers)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        e = row.event
        sheet.append([
            timezone.localtime(e.created_at).strftime("%Y-%m-%d %H:%M:%S"), row.who,
            e.organisation.name if e.organisation else "", row.verb, row.object_label,
            "\n".join(f"{c.label}：{c.before} → {c.after}" for c in row.changes), e.reason, e.ip or "",
        ])
    for index, width in enumerate((20, 16, 24, 20, 36, 48, 36, 16), start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    for line in sheet.iter_rows(min_row=2):
        for cell in line:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.freeze_panes = "A2"
    services.audit(actor=request.user, action=AuditLogAction.EXPORT, object_type="core.auditevent",
                   object_repr=f"审计日志（{len(rows)} 条）", after={"rows": len(rows)},
                   reason="筛选条件：" + (form.described() or "无"))
    buffer = BytesIO()
    book.save(buffer)
    response = HttpResponse(buffer.getvalue(),
                            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    response["Content-Disposition"] = content_disposition(f"审计日志-{stamp}.xlsx")
    return response


@staff_required
def workday_calendar(request: HttpRequest) -> HttpResponse:
    try:
        year = int(request.GET.get("year", date.today().year))
    except ValueError:
        year = date.today().year
    year = max(2000, min(2100, year))
    cal = selectors.get_calendar()
    rows = {row.date: row for row in selectors.calendar_days(year)}
    months = []
    for month in range(1, 13):
        weeks = []
        for week in pycal.Calendar(firstweekday=0).monthdatescalendar(year, month):
            weeks.append([
                {"date": d, "in_month": d.month == month, "is_workday": cal.is_workday(d),
                 "row": rows.get(d), "weekend": d.weekday() >= 5}
                for d in week
            ])
        months.append({"month": month, "weeks": weeks})
    is_admin = request.user.is_superuser or any(r == Role.ADMIN for _, r in selectors.user_roles(request.user))
    probe = None
    start_raw = request.GET.get("start")
    if start_raw:
        try:
            start = date.fromisoformat(start_raw)
            n = int(request.GET.get("days", "20"))
            if not 0 <= n <= 3660:
                raise ValueError
            probe = add_workdays(start, n, cal, explain=True)
        except ValueError:
            messages.error(request, "请输入有效的起算日（YYYY-MM-DD）和 0–3660 之间的工作日天数。")
    return render(request, "core/calendar.html", {
        "year": year, "loaded": cal.is_loaded(year), "months": months, "is_admin": is_admin,
        "loaded_years": sorted(cal.loaded_years), "probe": probe,
    })


@staff_required
def calendar_edit_day(request: HttpRequest) -> HttpResponse:
    if request.method != "POST":
        return redirect("core:calendar")
    try:
        day = date.fromisoformat(request.POST.get("date", ""))
    except ValueError:
        messages.error(request, "日期无效，请使用 YYYY-MM-DD 格式。")
        return redirect("core:calendar")
    try:
        services.calendar_set_day(actor=request.user, day=day, is_workday=request.POST.get("is_workday") == "1",
                                  name=request.POST.get("name", "").strip()[:40], reason=request.POST.get("reason", ""))
        messages.success(request, f"已更正 {day}，所有未结申请的期限已按新日历重算。")
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect(f"/staff/calendar/?year={day.year}")


@staff_required
def calendar_load_year(request: HttpRequest) -> HttpResponse:
    if request.method != "POST":
        return redirect("core:calendar")
    try:
        year = int(request.POST.get("year", ""))
    except ValueError:
        messages.error(request, "年份无效。")
        return redirect("core:calendar")
    try:
        changed = services.calendar_load_year(actor=request.user, year=year,
                                              notice_text=request.POST.get("notice", ""),
                                              reason=request.POST.get("reason", ""))
        messages.success(request, f"已载入 {year} 年工作日历（{changed} 天有变化），未结申请的期限已重算。")
    except DomainError as exc:
        messages.error(request, exc.message)
        return render(request, "core/calendar_load.html", {"year": year, "notice": request.POST.get("notice", ""),
                                                           "reason": request.POST.get("reason", "")}, status=400)
    return redirect(f"/staff/calendar/?year={year}")


@staff_required
def calendar_load_form(request: HttpRequest) -> HttpResponse:
    return render(request, "core/calendar_load.html", {"year": date.today().year + 1, "notice": "", "reason": ""})


@staff_required
def organisations(request: HttpRequest) -> HttpResponse:
    orgs = list(selectors.visible_orgs(request.user).select_related("parent"))
    return render(request, "core/organisations.html", {
        "orgs": [(o, o.path.count("/") - 2) for o in orgs],
    })


@staff_required
def organisation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    from gongkai.core.forms import OrganisationForm

    org = selectors.organisation_for(request.user, pk)
    can_edit = selectors.has_role(request.user, org, [Role.ADMIN])
    form = OrganisationForm(instance=org)
    child_form = OrganisationForm(prefix="child")
    if request.method == "POST" and can_edit:
        creating = request.POST.get("action") == "create_child"
        bound = OrganisationForm(request.POST, prefix="child" if creating else None,
                                 instance=None if creating else org)
        if bound.is_valid():
            data = dict(bound.cleaned_data)
            try:
                if creating:
                    child = services.organisation_create(actor=request.user, parent=org, **data)
                    messages.success(request, f"已新增下级机构：{child.name}。")
                else:
                    services.organisation_update(actor=request.user, organisation=selectors.organisation_for(
                        request.user, pk), **data)
                    messages.success(request, "机构信息已保存。")
                return redirect("core:organisation", pk=pk)
            except DomainError as exc:
                bound.add_error("credit_code" if exc.field == "credit_code" else None, exc.message)
        if creating:
            child_form = bound
        else:
            form = bound
    return render(request, "core/organisation_detail.html", {
        "org": org, "form": form, "child_form": child_form, "can_edit": can_edit,
        "members": selectors.members_of(org),
    }, status=400 if request.method == "POST" else 200)
