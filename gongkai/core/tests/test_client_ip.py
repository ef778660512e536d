"""X-Forwarded-For is believed only from TRUSTED_PROXIES; the audit log and the limits use the result."""

from __future__ import annotations

import pytest
from django.test import RequestFactory

from gongkai.core.middleware import client_ip
from gongkai.core.models import AuditEvent


def _ip(remote: str, forwarded: str | None = None) -> str | None:
    meta = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        meta["HTTP_X_FORWARDED_FOR"] = forwarded
    return client_ip(RequestFactory().get("/", **meta))


def test_forged_header_is_ignored_without_trusted_proxies(settings) -> None:
    settings.TRUSTED_PROXIES = []
    assert _ip("203.0.113.7", "1.2.3.4") == "203.0.113.7"
    assert _ip("203.0.113.7", "1.2.3.4, 5.6.7.8") == "203.0.113.7"


def test_header_is_ignored_when_the_peer_is_not_a_trusted_proxy(settings) -> None:
    settings.TRUSTED_PROXIES = ["10.0.0.0/8"]
    assert _ip("203.0.113.7", "1.2.3.4") == "203.0.113.7"


def test_trusted_proxy_chain_yields_the_first_untrusted_hop(settings) -> None:
    settings.TRUSTED_PROXIES = ["10.0.0.0/8", "192.0.2.1"]
    assert _ip("10.0.0.5", "198.51.100.20") == "198.51.100.20"
    # The client prepended a forged hop; our proxies appended the real one at the right.
    assert _ip("10.0.0.5", "1.2.3.4, 198.51.100.20, 192.0.2.1") == "198.51.100.20"
    # Garbage stops the walk at the last trusted hop.
    assert _ip("10.0.0.5", "198.51.100.20, not-an-ip") == "10.0.0.5"
    assert _ip("10.0.0.5", "") == "10.0.0.5"
    assert _ip("2001:db8::1") == "2001:db8::1"


def test_bad_trusted_proxies_setting_fails_at_start_up(tmp_path) -> None:
    import os
    import subprocess
    import sys

    from django.conf import settings

    env = dict(os.environ, TRUSTED_PROXIES="10.0.0.0/8,not-a-network", DATABASE_URL=f"sqlite:///{tmp_path}/db.sqlite3")
    result = subprocess.run([sys.executable, "manage.py", "check"], cwd=settings.BASE_DIR, env=env,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode != 0 and "TRUSTED_PROXIES" in result.stderr


@pytest.mark.django_db
def test_audit_log_records_the_real_ip_not_the_forged_one(cast, client, settings) -> None:
    settings.TRUSTED_PROXIES = []
    client.force_login(cast.admin)
    client.post("/staff/calendar/day/", {"date": "2026-10-09", "is_workday": "0", "name": "测试", "reason": "测试更正"},
                REMOTE_ADDR="203.0.113.9", HTTP_X_FORWARDED_FOR="6.6.6.6")
    assert AuditEvent.objects.get(action="calendar.set_day").ip == "203.0.113.9"
