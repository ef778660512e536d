"""Staff pages of 政府网站检查: the supervisor's dashboard, a site's page (columns, latest check, history,
weekly reports), registering a site, and one weekly report. Thin: services and selectors work."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from gongkai.core.dashboard import Panel
from gongkai.core.decorators import staff_required
from gongkai.core.exceptions import DomainError
from gongkai.core.models import Organisation
from gongkai.core.selectors import has_any_membership, has_role, visible_orgs
from gongkai.sitecheck import selectors, services, tasks
from gongkai.sitecheck.forms import ColumnForm, SiteForm
from gongkai.sitecheck.models import SiteColumn


@staff_required
def index(request: HttpRequest) -> HttpResponse:
    return render(request, "sitecheck/index.html", {"dash": selectors.dashboard(request.user)})


def _maintainable(user: Any) -> list[Organisation]:
    return [o for o in visible_orgs(user).exclude(kind=Organisation.Kind.OFFICE)
            if has_role(user, o, services.MAINTAINERS)]


@staff_required
def site_new(request: HttpRequest) -> HttpResponse:
    orgs = _maintainable(request.user)
    form = SiteForm(request.POST or None, organisations=[(str(o.pk), o.name) for o in orgs])
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        org = next(o for o in orgs if str(o.pk) == d["organisation"])
        try:
            site = services.site_register(actor=request.user, organisation=org, name=d["name"], url=d["url"],
                                          site_code=d["site_code"], zhuanlan_url=d["zhuanlan_url"] or "")
            messages.success(request, f"已登记网站“{site.name}”。请添加要检查的栏目。")
            return redirect("sitecheck_staff:site", pk=site.pk)
        except DomainError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
    return render(request, "sitecheck/site_new.html", {"form": form}, status=400 if request.method == "POST" else 200)


@staff_required
def site_detail(request: HttpRequest, pk: int) -> HttpResponse:
    site = selectors.staff_site(request.user, pk)
    today = timezone.localdate()
    return render(request, "sitecheck/site.html", {
        "site": site, "columns": site.columns.filter(is_active=True), "check": selectors.latest_check(site),
        "reports": site.reports.order_by("-week_start")[:12], "charts": selectors.charts([site], today, prefix="s"),
        "column_form": ColumnForm(), "can_maintain": has_role(request.user, site.organisation, services.MAINTAINERS),
    })


@staff_required
def site_check(request: HttpRequest, pk: int) -> HttpResponse:
    site = selectors.staff_site(request.user, pk)
    if request.method == "POST":
        if not has_role(request.user, site.organisation, services.MAINTAINERS):
            messages.error(request, "只有管理员或主管部门可以发起检查。")
        else:
            tasks.check_site_now(site.pk, request.user.pk)
            messages.success(request, "已开始检查；检查完成后结果显示在本页（单个网站通常不超过一分钟）。")
    return redirect("sitecheck_staff:site", pk=pk)


@staff_required
def column_add(request: HttpRequest, pk: int) -> HttpResponse:
    site = selectors.staff_site(request.user, pk)
    form = ColumnForm(request.POST or None)
    if request.method == "POST":
        try:
            if not form.is_valid():
                raise DomainError("请填写栏目名称、地址和类型。")
            column = services.column_add(actor=request.user, site=site, **form.cleaned_data)
            messages.success(request, f"已添加检查栏目“{column.name}”。")
        except DomainError as exc:
            messages.error(request, exc.message)
    return redirect("sitecheck_staff:site", pk=pk)


@staff_required
def column_disable(request: HttpRequest, pk: int, column_id: int) -> HttpResponse:
    site = selectors.staff_site(request.user, pk)
    column = SiteColumn.objects.filter(site=site, pk=column_id).first()
    if request.method == "POST" and column is not None:
        try:
            services.column_disable(actor=request.user, column=column, reason=request.POST.get("reason", ""))
            messages.success(request, f"已停用检查栏目“{column.name}”。")
        except DomainError as exc:
            messages.error(request, exc.message)
    return redirect("sitecheck_staff:site", pk=pk)


@staff_required
def report_detail(request: HttpRequest, pk: int) -> HttpResponse:
    report = selectors.staff_report(request.user, pk)
    return render(request, "sitecheck/report.html", {"report": report, "site": report.site,
                                                     "check": report.check_run})


def dashboard_panel(user: Any) -> Panel | None:
    if not has_any_membership(user):
        return None
    dash = selectors.dashboard(user)
    if not dash["rows"]:
        return None
    return Panel(title="网站检查", order=62, items=[
        ("登记网站", str(len(dash["rows"])), "/staff/sitecheck/"),
        ("上周单项否决", str(dash["failing"]), "/staff/sitecheck/"),
    ], alert=f"有 {dash['failing']} 个网站上周检查出单项否决问题。" if dash["failing"] else "")
