"""Writes for 政府网站检查: registering a site and its columns, recording probes and check runs, and the
weekly report. The network work is in checker.py; these functions store what it found."""

from __future__ import annotations

import asyncio
from collections import defaultdict
from datetime import date, datetime, timedelta
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from gongkai.core.exceptions import DomainError
from gongkai.core.models import Organisation, Role
from gongkai.core.selectors import require_role
from gongkai.core.services import audit
from gongkai.sitecheck import checker, rules
from gongkai.sitecheck.models import Action, CheckRun, Probe, Site, SiteColumn, WeeklyReport

MAINTAINERS = [Role.ADMIN, Role.SUPERVISOR]


def _check_url(value: str, label: str) -> str:
    from django.core.exceptions import ValidationError
    from django.core.validators import URLValidator

    value = (value or "").strip()
    try:
        URLValidator(schemes=["http", "https"])(value)
    except ValidationError as exc:
        raise DomainError(f"{label}“{value[:80]}”不是有效的 http(s) 网址。", field="url") from exc
    return value


def site_register(*, actor: Any, organisation: Organisation, name: str, url: str, site_code: str,
                  zhuanlan_url: str = "", columns: list[tuple[str, str, str]] | None = None) -> Site:
    """Register a government website (one per unit, 国办发〔2017〕47号) with the columns to watch."""
    require_role(actor, organisation, MAINTAINERS, action="登记政府网站")
    site_code = site_code.strip()
    error = rules.site_code_error(site_code)
    if error:
        raise DomainError(error, field="site_code")
    url = _check_url(url, "首页地址")
    zhuanlan_url = _check_url(zhuanlan_url, "专栏地址") if zhuanlan_url.strip() else ""
    if not name.strip():
        raise DomainError("请填写网站名称。", field="name")
    if Site.objects.filter(organisation=organisation, is_active=True).exists():
        raise DomainError(f"{organisation.name}已登记网站：一个单位原则上只开设一个政府网站（国办发〔2017〕47号）。")
    if Site.objects.filter(site_code=site_code, is_active=True).exists():
        raise DomainError(f"网站标识码 {site_code} 已被其他网站使用。", field="site_code")
    try:
        with transaction.atomic():
            site = Site.objects.create(organisation=organisation, name=name.strip()[:100], url=url,
                                       site_code=site_code, zhuanlan_url=zhuanlan_url)
            for col_name, col_url, kind in columns or []:
                _column_create(site, col_name, col_url, kind)
            audit(actor=actor, action=Action.SITE_REGISTER, obj=site, organisation=organisation,
                  after={"网站": site.name, "首页": url, "网站标识码": site_code, "栏目": len(columns or [])})
    except IntegrityError as exc:
        raise DomainError("该单位或该网站标识码已登记过网站。") from exc
    return site


def _column_create(site: Site, name: str, url: str, kind: str) -> SiteColumn:
    if kind not in rules.COLUMN_KINDS:
        raise DomainError("栏目类型应为动态要闻、通知公告政策文件、互动交流或其他。")
    if not name.strip():
        raise DomainError("请填写栏目名称。")
    url = _check_url(url, f"栏目“{name}”地址")
    if rules.same_site(site.url, url) is None:
        raise DomainError(f"栏目“{name}”的地址不在本网站（{site.url}）上。")
    return SiteColumn.objects.create(site=site, name=name.strip()[:60], url=url, kind=kind)


def column_add(*, actor: Any, site: Site, name: str, url: str, kind: str) -> SiteColumn:
    require_role(actor, site.organisation, MAINTAINERS, action="维护检查栏目")
    with transaction.atomic():
        column = _column_create(site, name, url, kind)
        audit(actor=actor, action=Action.COLUMN_ADD, obj=site, organisation=site.organisation,
              after={"栏目": column.name, "地址": column.url, "类型": column.get_kind_display()})
    return column


def column_disable(*, actor: Any, column: SiteColumn, reason: str) -> SiteColumn:
    """A column is never deleted: it stops being checked, with the reason."""
    require_role(actor, column.site.organisation, MAINTAINERS, action="维护检查栏目")
    if not reason.strip():
        raise DomainError("请写明停用理由（如：栏目已撤并）。")
    with transaction.atomic():
        column.is_active = False
        column.save(update_fields=["is_active"])
        audit(actor=actor, action=Action.COLUMN_DISABLE, obj=column.site, organisation=column.site.organisation,
              before={"栏目": column.name}, reason=reason)
    return column


def target_for(site: Site) -> checker.Target:
    return checker.Target(url=site.url, zhuanlan_url=site.zhuanlan_url,
                          columns=[checker.Column(c.name, c.url, c.kind) for c in site.columns.filter(is_active=True)])


def probes_run(*, sites: list[Site] | None = None, at: datetime | None = None) -> list[Probe]:
    """Probe every active site's home page at once (the hourly job: 24 a day, above the 检查指标's 20)."""
    sites = sites if sites is not None else list(Site.objects.filter(is_active=True))
    at = at or timezone.now()

    async def run() -> list[checker.Page]:
        async with checker.new_client() as client:
            return list(await asyncio.gather(*(checker.probe(s.url, client=client) for s in sites)))

    pages = checker.run_sync(run()) if sites else []
    return [probe_record(site=s, page=p, at=at) for s, p in zip(sites, pages, strict=True)]


def probe_record(*, site: Site, page: checker.Page, at: datetime) -> Probe:
    return Probe.objects.create(site=site, at=at, ok=page.ok and page.elapsed_ms <= rules.PROBE_TIMEOUT_S * 1000,
                                status=page.status or None, elapsed_ms=page.elapsed_ms, error=page.error[:200])


def site_check(*, site: Site, today: date | None = None, actor: Any = None,
               resolver: Any = None) -> CheckRun:
    """Run the full check on one site and store it (also records it as one probe)."""
    today = today or timezone.localdate()
    result = checker.run_sync(checker.check_site(target_for(site), today=today, resolver=resolver))
    return check_record(site=site, result=result, actor=actor)


def check_record(*, site: Site, result: dict[str, Any], actor: Any = None, at: datetime | None = None) -> CheckRun:
    at = at or timezone.now()
    with transaction.atomic():
        run = CheckRun.objects.create(site=site, checked_at=at, reachable=result["reachable"], result=result)
        Probe.objects.create(site=site, at=at, ok=result["reachable"], status=result["status"] or None,
                             elapsed_ms=result["elapsed_ms"], error="；".join(result["errors"])[:200])
        audit(actor=actor, action=Action.SITE_CHECK, obj=site, organisation=site.organisation,
              after={"可访问": result["reachable"], "不可用链接": len(result["dead_links"]),
                     "空白栏目": len(result["empty_columns"]), "首页更新": result["home_updated_on"]})
    return run


def checks_run(*, today: date | None = None, concurrency: int = 20) -> list[CheckRun]:
    """The daily job: check every active site concurrently, then store each result."""
    today = today or timezone.localdate()
    sites = list(Site.objects.filter(is_active=True).select_related("organisation"))
    results = checker.run_sync(checker.check_many([target_for(s) for s in sites], today=today, concurrency=concurrency))
    return [check_record(site=s, result=r) for s, r in zip(sites, results, strict=True)]


def weekly_report_build(*, site: Site, week_start: date, actor: Any = None) -> WeeklyReport:
    """Apply the 单项否决 rules and the deductions to one week (Monday–Sunday) of probes and the last check."""
    week_start = rules.week_of(week_start)
    end = week_start + timedelta(days=7)
    tz = timezone.get_current_timezone()
    start_dt = datetime.combine(week_start, datetime.min.time(), tzinfo=tz)
    end_dt = datetime.combine(end, datetime.min.time(), tzinfo=tz)
    by_day: dict[date, list[int]] = defaultdict(lambda: [0, 0])
    slow = 0
    for at, ok, elapsed in site.probes.filter(at__gte=start_dt, at__lt=end_dt).values_list("at", "ok", "elapsed_ms"):
        day = timezone.localdate(at)
        by_day[day][0] += 1
        by_day[day][1] += 0 if ok else 1
        slow += 1 if (elapsed or 0) > 3000 else 0
    run = site.checks.filter(checked_at__lt=end_dt).order_by("-checked_at").first()
    result = run.result if run else {}
    reference = min(end - timedelta(days=1), timezone.localdate())
    columns = [rules.ColumnState(c["name"], c["kind"],
                                 date.fromisoformat(c["updated_on"]) if c.get("updated_on") else None,
                                 empty=c["name"] in result.get("empty_columns", []), reachable=c.get("reachable", True))
               for c in result.get("columns", [])]
    total = sum(t for t, _ in by_day.values())
    verdict = rules.weekly_verdict(
        probes_by_day={d: (t, f) for d, (t, f) in by_day.items()},
        home_updated_on=date.fromisoformat(result["home_updated_on"]) if result.get("home_updated_on") else None,
        columns=columns, today=reference, dead_links=len(result.get("dead_links", [])),
        ipv6=result.get("ipv6") if run else None, https_days_left=result.get("https_days_left"),
        is_https=site.url.startswith("https://"),
        zhuanlan_missing=(result.get("zhuanlan") or {}).get("missing", []) if run else [],
        slow_share=slow / total if total else 0.0,
        site_code_shown=(result.get("site_code") == site.site_code) if run else True)
    if run is None:
        verdict.notes.append("本周没有完整检查记录：首页与栏目更新、链接、IPv6 等项目按最近一次检查缺失处理。")
    with transaction.atomic():
        report, _ = WeeklyReport.objects.update_or_create(site=site, week_start=week_start, defaults={
            "vetoes": verdict.vetoes, "deductions": [[label, points] for label, points in verdict.deductions],
            "not_checked": verdict.not_checked, "notes": verdict.notes, "score": verdict.score,
            "result": verdict.result, "probes": verdict.probes, "failures": verdict.failures, "check_run": run})
        audit(actor=actor, action=Action.WEEKLY_REPORT, obj=site, organisation=site.organisation,
              after={"周": week_start.isoformat(), "结论": verdict.result, "得分": verdict.score})
    return report


def weekly_reports_run(*, today: date | None = None) -> list[WeeklyReport]:
    """Monday's job: last week's report for every active site."""
    today = today or timezone.localdate()
    last_monday = rules.week_of(today) - timedelta(days=7)
    return [weekly_report_build(site=s, week_start=last_monday) for s in Site.objects.filter(is_active=True)]
