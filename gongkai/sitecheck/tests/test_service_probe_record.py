"""probe_record: one hourly look at a site's home page. A page counts as reachable only if it answered below
400 within 15 seconds (检查指标); the error is kept short. Written by the hourly job 24 times a day per site:
no actor, no role, and no audit row (the probe itself is the record)."""

from __future__ import annotations

from datetime import datetime

import pytest
from django.utils import timezone

from gongkai.core.models import AuditEvent
from gongkai.sitecheck import services
from gongkai.sitecheck.checker import Page
from gongkai.sitecheck.models import Probe

AT = timezone.make_aware(datetime(2026, 12, 1, 9))


@pytest.fixture
def site(cast):
    return services.site_register(actor=cast.admin, organisation=cast.gov, name="青溪县人民政府",
                                  url="http://127.0.0.1:9/", site_code="3201990001")


@pytest.mark.parametrize(("seen", "ok", "status"), [
    (Page(url="u", status=200, elapsed_ms=800), True, 200),
    (Page(url="u", status=200, elapsed_ms=15000), True, 200),
    (Page(url="u", status=200, elapsed_ms=15001), False, 200),  # answered, but after 15 seconds
    (Page(url="u", status=503, elapsed_ms=90), False, 503),
    (Page(url="u", status=0, elapsed_ms=3, error="连接被拒绝"), False, None),
])
def test_a_probe_is_ok_only_when_answered_in_time(site, seen, ok, status) -> None:
    # (not named `page`: that is the browser fixture, and would mark the test as a browser test)
    probe = services.probe_record(site=site, page=seen, at=AT)
    probe.refresh_from_db()
    assert (probe.site, probe.at, probe.ok, probe.status, probe.elapsed_ms) == (site, AT, ok, status, seen.elapsed_ms)
    assert probe.error == seen.error


def test_a_long_error_is_cut_and_no_audit_row_is_written(site) -> None:
    audits = AuditEvent.objects.count()
    probe = services.probe_record(site=site, page=Page(url="u", error="证书错误" * 100), at=AT)
    assert probe.ok is False and probe.error == ("证书错误" * 100)[:200]
    assert Probe.objects.filter(site=site).count() == 1 and AuditEvent.objects.count() == audits
