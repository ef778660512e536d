"""Demo 网站检查: the county government's site is a simulated site on loopback with one of each failure
(stale home page, stale and empty columns, dead links, 专栏 missing a part, no IPv6, no HTTPS, outages),
checked for real while it runs, with a week of probes and the weekly report."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.contrib.auth import get_user_model
from django.utils import timezone

from gongkai.sitecheck import checker, services
from gongkai.sitecheck.models import Site
from gongkai.sitecheck.simulator import SimulatedSite, SiteSpec


def seed_content(orgs: dict[str, Any]) -> str:
    if Site.objects.exists():
        return ""
    admin = get_user_model().objects.get(username="admin")
    today = timezone.localdate()
    spec = SiteSpec(name="青溪县人民政府", site_code="3201990001", today=today, home_age_days=18, dynamic_age_days=30,
                    notice_age_days=220, empty_columns=5, dead_links=3, zhuanlan_parts=3)
    monday = today - timedelta(days=today.weekday() + 7)  # last week, Monday to Sunday
    tz = timezone.get_current_timezone()
    with SimulatedSite(spec) as sim:
        site = services.site_register(actor=admin, organisation=orgs["gov"], name="青溪县人民政府门户网站（模拟站点）",
                                      url=sim.url, site_code=spec.site_code, zhuanlan_url=f"{sim.url}zhuanlan/",
                                      columns=sim.columns())
        # A week of hourly probes against the running site; it is down for a few hours on Tuesday night.
        for day in range(7):
            for hour in range(24):
                sim.down = day == 1 and 1 <= hour <= 9
                page = _probe(sim.url)
                when = datetime.combine(monday + timedelta(days=day), datetime.min.time(), tzinfo=tz)
                services.probe_record(site=site, page=page, at=when + timedelta(hours=hour, minutes=7))
        sim.down = False
        run = services.site_check(site=site, actor=admin, today=monday + timedelta(days=6))
        run.checked_at = datetime.combine(monday + timedelta(days=6), datetime.min.time(), tzinfo=tz) + timedelta(hours=2)
        run.save(update_fields=["checked_at"])
    report = services.weekly_report_build(site=site, week_start=monday, actor=admin)
    return f"网站检查：{site.name}，上周结论“{report.result}”，{len(report.vetoes)} 项单项否决"


def _probe(url: str) -> checker.Page:
    return checker.run_sync(checker.probe(url))
