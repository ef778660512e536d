"""weekly_reports_run: Monday's job builds last week's (Monday–Sunday) report for every active site from that
week's probes, with an audit row each (系统); running it again updates the same reports. A system job: no actor,
no role, no input to refuse."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from django.utils import timezone

from gongkai.core.models import AuditEvent
from gongkai.sitecheck import services
from gongkai.sitecheck.models import Probe, Site, WeeklyReport

TODAY = date(2026, 11, 25)  # a Wednesday: last week is 2026-11-16 .. 2026-11-22
LAST_MONDAY = date(2026, 11, 16)


def _register(cast, org, url, code):
    return services.site_register(actor=cast.admin, organisation=org, name=f"{org.name}网站", url=url, site_code=code)


def _probe(site, day: date, hour: int, ok: bool) -> None:
    at = datetime.combine(day, datetime.min.time(), tzinfo=timezone.get_current_timezone()) + timedelta(hours=hour)
    Probe.objects.create(site=site, at=at, ok=ok, status=200 if ok else None, elapsed_ms=100)


def test_last_weeks_report_for_every_active_site(cast) -> None:
    a = _register(cast, cast.gov, "http://127.0.0.1:9/", "3201990001")
    b = _register(cast, cast.dept_a, "http://127.0.0.1:9/a/", "3201990002")
    retired = _register(cast, cast.dept_b, "http://127.0.0.1:9/b/", "3201990003")
    Site.objects.filter(pk=retired.pk).update(is_active=False)
    for day in range(7):
        for hour in range(0, 24, 6):
            _probe(a, LAST_MONDAY + timedelta(days=day), hour, ok=not (day == 2 and hour == 0))
    _probe(a, LAST_MONDAY - timedelta(days=1), 12, ok=False)  # the Sunday before: not last week
    _probe(a, LAST_MONDAY + timedelta(days=7), 0, ok=False)  # this Monday: not last week either

    reports = services.weekly_reports_run(today=TODAY)

    assert sorted(r.site_id for r in reports) == sorted([a.pk, b.pk])
    report = WeeklyReport.objects.get(site=a)
    assert (report.week_start, report.probes, report.failures) == (LAST_MONDAY, 28, 1)
    assert WeeklyReport.objects.get(site=b).probes == 0
    assert not WeeklyReport.objects.filter(site=retired).exists()
    rows = AuditEvent.objects.filter(action="sitecheck.weekly_report")
    assert sorted(int(r.object_id) for r in rows) == sorted([a.pk, b.pk])
    assert {r.actor_name for r in rows} == {"系统"} and {r.after["周"] for r in rows} == {"2026-11-16"}

    again = services.weekly_reports_run(today=TODAY + timedelta(days=4))  # still the same week (Sunday)
    assert sorted(r.pk for r in again) == sorted(r.pk for r in reports)
    assert WeeklyReport.objects.count() == 2
