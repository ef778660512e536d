from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from django.utils import timezone

from gongkai.core.exceptions import DomainError, NotFoundError, PermissionDeniedError
from gongkai.core.models import AuditEvent
from gongkai.sitecheck import services
from gongkai.sitecheck.models import Probe, Site, WeeklyReport
from gongkai.sitecheck.simulator import SimulatedSite, SiteSpec


def _register(cast, url="http://127.0.0.1:9/", code="3201990001", org=None):
    return services.site_register(actor=cast.admin, organisation=org or cast.gov, name="青溪县人民政府", url=url,
                                  site_code=code)


def test_register_validates_the_site_code_and_one_site_per_unit(cast):
    with pytest.raises(DomainError, match="网站标识码“32019”格式不正确"):
        _register(cast, code="32019")
    site = _register(cast)
    assert AuditEvent.objects.filter(action="sitecheck.site_register", object_id=str(site.pk)).exists()
    with pytest.raises(DomainError, match="一个单位原则上只开设一个"):
        _register(cast, code="3201990002")
    with pytest.raises(DomainError, match="已被其他网站使用"):
        _register(cast, code="3201990001", org=cast.dept_a)
    assert Site.objects.count() == 1


def test_only_admins_and_supervisors_register(cast):
    with pytest.raises(PermissionDeniedError):
        services.site_register(actor=cast.officer_a, organisation=cast.dept_a, name="x", url="http://127.0.0.1:9/",
                               site_code="3201990003")
    with pytest.raises(NotFoundError):
        services.site_register(actor=cast.officer_b, organisation=cast.dept_a, name="x", url="http://127.0.0.1:9/",
                               site_code="3201990003")


def test_columns_must_stay_on_the_site(cast):
    site = _register(cast)
    with pytest.raises(DomainError, match="不在本网站"):
        services.column_add(actor=cast.admin, site=site, name="外链", url="http://127.0.0.2:9/x", kind="dynamic")
    column = services.column_add(actor=cast.admin, site=site, name="通知公告", url="http://127.0.0.1:9/notice/",
                                 kind="notice")
    with pytest.raises(DomainError, match="停用理由"):
        services.column_disable(actor=cast.admin, column=column, reason="")
    services.column_disable(actor=cast.admin, column=column, reason="栏目已撤并")
    column.refresh_from_db()
    assert column.is_active is False


def test_check_and_weekly_report_with_each_failure_kind(cast):
    today = timezone.localdate()
    spec = SiteSpec(today=today, home_age_days=30, dynamic_age_days=40, notice_age_days=400, empty_columns=5,
                    dead_links=2, zhuanlan_parts=3)
    with SimulatedSite(spec) as sim:
        site = _register(cast, url=sim.url)
        for name, url, kind in sim.columns():
            services.column_add(actor=cast.admin, site=site, name=name, url=url, kind=kind)
        run = services.site_check(site=site, actor=cast.admin)
    assert run.reachable and len(run.result["dead_links"]) == 2 and len(run.result["empty_columns"]) == 5
    monday = today - timedelta(days=today.weekday())
    tz = timezone.get_current_timezone()
    for day in range(7):
        for hour in range(24):
            at = datetime.combine(monday + timedelta(days=day), datetime.min.time(), tzinfo=tz) + timedelta(hours=hour)
            Probe.objects.create(site=site, at=at, ok=not (day == 0 and hour < 10), status=200, elapsed_ms=120)
    report = services.weekly_report_build(site=site, week_start=monday)
    kinds = " ".join(report.vetoes)
    assert "站点无法访问" in kinds and "首页不更新" in kinds and "空白栏目" in kinds
    assert report.score is None and report.result.startswith("单项否决")
    labels = " ".join(label for label, _ in report.deductions)
    assert "不可用链接" in labels and "IPv6" in labels and "政府信息公开工作年度报告" in labels
    again = services.weekly_report_build(site=site, week_start=monday + timedelta(days=3))
    assert again.pk == report.pk and WeeklyReport.objects.count() == 1


def test_probes_record_failures_of_a_dead_site(cast):
    site = _register(cast)  # port 9: nothing listens
    probes = services.probes_run(sites=[site], at=timezone.make_aware(datetime(2026, 12, 1, 9)))
    assert len(probes) == 1 and probes[0].ok is False and probes[0].error
