"""Reads for 政府网站检查: sites within the viewer's scope, their latest check and report, and the
history the charts show (response time, failures, days since the home page was updated)."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime, timedelta
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from gongkai.core.charts import Chart, Series
from gongkai.core.selectors import first_or_404, visible_org_ids
from gongkai.sitecheck.models import CheckRun, Probe, Site, WeeklyReport


def staff_sites(user: Any) -> QuerySet[Site]:
    return Site.objects.filter(organisation_id__in=visible_org_ids(user)).select_related("organisation")


def staff_site(user: Any, pk: int) -> Site:
    return first_or_404(staff_sites(user).filter(pk=pk))


def staff_report(user: Any, pk: int) -> WeeklyReport:
    return first_or_404(WeeklyReport.objects.filter(pk=pk, site__organisation_id__in=visible_org_ids(user))
                        .select_related("site__organisation", "check_run"))


def latest_check(site: Site) -> CheckRun | None:
    return site.checks.order_by("-checked_at").first()


def _days(today: date, n: int) -> list[date]:
    return [today - timedelta(days=n - 1 - i) for i in range(n)]


def probe_history(sites: list[Site], today: date, days: int = 14) -> dict[date, tuple[int, int, float | None]]:
    """{day: (probes, failures, mean response ms)} over the last `days` days."""
    start = datetime.combine(today - timedelta(days=days - 1), datetime.min.time(), tzinfo=timezone.get_current_timezone())
    agg: dict[date, list[float]] = defaultdict(lambda: [0, 0, 0.0, 0])
    for at, ok, elapsed in Probe.objects.filter(site__in=sites, at__gte=start).values_list("at", "ok", "elapsed_ms"):
        row = agg[timezone.localdate(at)]
        row[0] += 1
        row[1] += 0 if ok else 1
        if ok and elapsed is not None:
            row[2] += elapsed
            row[3] += 1
    return {d: (int(agg[d][0]), int(agg[d][1]), (agg[d][2] / agg[d][3]) if agg[d][3] else None)
            for d in _days(today, days)}


def charts(sites: list[Site], today: date, *, prefix: str = "sc") -> list[Chart]:
    history = probe_history(sites, today)
    labels = [f"{d:%m-%d}" for d in history]
    response = Chart(title="平均响应时间（毫秒，近 14 天）", chart_id=f"{prefix}-rt", kind="line", labels=labels,
                     series=[Series("平均响应", [round(v[2]) if v[2] is not None else None for v in history.values()])])
    failures = Chart(title="监测失败次数（近 14 天）", chart_id=f"{prefix}-fail", labels=labels,
                     series=[Series("监测次数", [v[0] for v in history.values()]),
                             Series("失败次数", [v[1] for v in history.values()])])
    freshness_labels, freshness = [], []
    for site in sites:
        run = latest_check(site)
        updated = run.result.get("home_updated_on") if run else None
        freshness_labels.append(site.name[:10])
        freshness.append((today - date.fromisoformat(updated)).days if updated else None)
    fresh = Chart(title="首页距上次更新天数（最近一次检查）", chart_id=f"{prefix}-fresh", labels=freshness_labels,
                  series=[Series("天数", freshness)], notes=["超过 14 天即为“首页不更新”单项否决；“—”表示首页未找到日期。"])
    return [response, failures, fresh]


def dashboard(user: Any, today: date | None = None) -> dict[str, Any]:
    today = today or timezone.localdate()
    sites = list(staff_sites(user).filter(is_active=True))
    rows: list[dict[str, Any]] = []
    for site in sites:
        rows.append({"site": site, "check": latest_check(site),
                     "report": site.reports.order_by("-week_start").first()})
    return {"rows": rows, "charts": charts(sites, today) if sites else [],
            "failing": sum(1 for r in rows if r["report"] and r["report"].vetoes)}
