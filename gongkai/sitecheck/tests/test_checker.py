"""The checker against simulated sites on loopback (127.0.0.1 and ::1): no outside address anywhere."""

from __future__ import annotations

import datetime as dt
import ssl
import threading
import time
from datetime import date, timedelta
from http.server import ThreadingHTTPServer
from pathlib import Path

import pytest

from gongkai.sitecheck import checker
from gongkai.sitecheck.simulator import Handler, SimulatedSite, SiteSpec

TODAY = date(2026, 12, 1)


def run(target, **kwargs):
    return checker.run_sync(checker.check_site(target, today=TODAY, **kwargs))


def test_a_healthy_site():
    with SimulatedSite(SiteSpec(today=TODAY)) as site:
        result = run(site.url)
    assert result["reachable"] and result["status"] == 200 and result["errors"] == []
    assert result["home_updated_on"] == "2026-11-30"
    assert result["dead_links"] == [] and result["empty_columns"] == []
    assert {c["name"] for c in result["columns"]} == {"工作动态", "通知公告", "政策文件"}
    assert result["zhuanlan"]["missing"] == [] and result["site_code"] == "3201990001"
    assert result["ipv6"] is False  # 127.0.0.1 only
    assert result["https_days_left"] is None


def test_stale_empty_and_broken_links():
    spec = SiteSpec(today=TODAY, home_age_days=40, empty_columns=2, dead_links=3, zhuanlan_parts=2)
    with SimulatedSite(spec) as site:
        result = run(checker.Target(site.url, columns=[checker.Column(n, u, k) for n, u, k in site.columns()]))
    assert result["home_updated_on"] == "2026-10-22"
    assert result["empty_columns"] == ["专题栏目1", "专题栏目2"]
    assert len(result["dead_links"]) == 3 and all("/missing/" in u for u in result["dead_links"])
    assert all(d["status"] == 404 for d in result["dead_link_details"])
    assert result["zhuanlan"]["missing"] == ["法定主动公开内容", "政府信息公开工作年度报告"]


def test_ipv6_only_over_the_v6_loopback():
    with SimulatedSite(SiteSpec(today=TODAY), host="::1") as site:
        result = run(site.url)
    assert result["reachable"] and result["ipv6"] is True


def test_aaaa_without_a_v6_listener_is_not_ipv6():
    with SimulatedSite(SiteSpec(today=TODAY)) as site:
        port = int(site.url.rsplit(":", 1)[1].strip("/"))
        v6 = checker.run_sync(checker.ipv6_reachable("gov.test", port, resolver=lambda host, p: ["::1"]))
    assert v6 == {"aaaa": True, "connect": False}


def test_dead_site_and_closed_port():
    site = SimulatedSite(SiteSpec(today=TODAY, down=True))
    try:
        result = run(site.url)
    finally:
        site.stop()
    assert result["reachable"] is False and result["status"] == 503
    closed = run("http://127.0.0.1:9/")
    assert closed["reachable"] is False and closed["status"] == 0 and "无法连接" in closed["errors"][0]


def test_slow_site_times_out_and_does_not_hold_the_others():
    slow = SimulatedSite(SiteSpec(today=TODAY, slow_seconds=3))
    fast = [SimulatedSite(SiteSpec(today=TODAY)) for _ in range(3)]
    try:
        started = time.perf_counter()
        results = checker.run_sync(checker.check_many([checker.Target(s.url) for s in [slow, *fast]], today=TODAY,
                                                 timeout=1.0))
        elapsed = time.perf_counter() - started
    finally:
        for s in [slow, *fast]:
            s.stop()
    assert results[0]["reachable"] is False and "超过 1 秒未打开" in results[0]["errors"][0]
    assert all(r["reachable"] for r in results[1:])
    assert elapsed < 3  # the fast sites finished while the slow one waited out its own second


def test_bad_inputs_each_get_a_message():
    assert "不是 http(s) 网址" in run("ftp://127.0.0.1/")["errors"][0]
    assert "不是 http(s) 网址" in run("javascript:alert(1)")["errors"][0]
    with SimulatedSite(SiteSpec(today=TODAY, redirect_loop=True)) as site:
        assert "重定向" in run(site.url)["errors"][0]
    with SimulatedSite(SiteSpec(today=TODAY, huge_home_bytes=50 * 1024 * 1024)) as site:
        result = run(site.url)
    assert result["reachable"] is False and "超过 5 MB" in result["errors"][0]


def test_gbk_page_with_a_wrong_charset_header_is_read():
    with SimulatedSite(SiteSpec(today=TODAY, gbk_wrong_header=True)) as site:
        result = run(site.url)
    assert result["reachable"] and result["home_updated_on"] == "2026-11-30"
    assert {c["name"] for c in result["columns"]} == {"工作动态", "通知公告", "政策文件"}


@pytest.fixture
def tls_site(tmp_path: Path):
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = dt.datetime.now(dt.UTC)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
            .serial_number(1).not_valid_before(now - timedelta(days=1)).not_valid_after(now + timedelta(days=20, hours=1))
            .sign(key, hashes.SHA256()))
    (tmp_path / "c.pem").write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    (tmp_path / "k.pem").write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                                       serialization.NoEncryption()))
    site = SimulatedSite(SiteSpec(today=TODAY))
    site.stop()  # reuse its routes behind a TLS server
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.site = site  # type: ignore[attr-defined]
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(tmp_path / "c.pem", tmp_path / "k.pem")
    server.socket = context.wrap_socket(server.socket, server_side=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"https://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()


def test_https_days_left_and_untrusted_certificate(tls_site):
    result = run(tls_site)
    assert result["reachable"] and result["https_days_left"] == 20
    assert any("不受浏览器信任" in e for e in result["errors"])
