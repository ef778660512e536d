"""check_record: stores a full check's result as a CheckRun and as that moment's probe, with the audit row in
the same transaction (the actor who ran it, else 系统). The checker builds the result; nothing here to refuse,
and no role is checked (the page that runs a check checks it)."""

from __future__ import annotations

from datetime import datetime

import pytest
from django.utils import timezone

from gongkai.core.models import AuditEvent
from gongkai.sitecheck import services
from gongkai.sitecheck.models import CheckRun, Probe

AT = timezone.make_aware(datetime(2026, 12, 1, 9))


def _result(**overrides):
    return {"reachable": True, "status": 200, "elapsed_ms": 420, "errors": [], "dead_links": ["http://x/1", "http://x/2"],
            "empty_columns": ["通知公告"], "home_updated_on": "2026-11-30"} | overrides


@pytest.fixture
def site(cast):
    return services.site_register(actor=cast.admin, organisation=cast.gov, name="青溪县人民政府",
                                  url="http://127.0.0.1:9/", site_code="3201990001")


def test_a_result_becomes_a_run_a_probe_and_an_audit_row(cast, site) -> None:
    run = services.check_record(site=site, result=_result(), actor=cast.supervisor, at=AT)
    run.refresh_from_db()
    assert (run.site, run.checked_at, run.reachable, run.result["dead_links"]) == (site, AT, True, ["http://x/1",
                                                                                                  "http://x/2"])
    probe = Probe.objects.get(site=site)
    assert (probe.at, probe.ok, probe.status, probe.elapsed_ms, probe.error) == (AT, True, 200, 420, "")
    row = AuditEvent.objects.get(action="sitecheck.site_check", object_id=str(site.pk))
    assert row.actor == cast.supervisor and row.organisation == cast.gov
    assert row.after == {"可访问": True, "不可用链接": 2, "空白栏目": 1, "首页更新": "2026-11-30"}


def test_an_unreachable_site_is_recorded_by_the_system(site) -> None:
    services.check_record(site=site, result=_result(reachable=False, status=0, errors=["连接被拒绝", "超时"],
                                                    dead_links=[], empty_columns=[], home_updated_on=None), at=AT)
    probe = Probe.objects.get(site=site)
    assert (probe.ok, probe.status, probe.error) == (False, None, "连接被拒绝；超时")
    assert CheckRun.objects.get(site=site).reachable is False
    assert AuditEvent.objects.get(action="sitecheck.site_check").actor_name == "系统"
