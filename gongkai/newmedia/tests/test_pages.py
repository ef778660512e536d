from __future__ import annotations

from datetime import date

from gongkai.newmedia import services
from gongkai.newmedia.models import Account, Filing

from .factories import live_account


def test_public_directory_lists_only_live_accounts(cast, client):
    live_account(cast, name="青溪财政<b>")
    services.account_register(actor=cast.officer_a, organisation=cast.dept_a, platform="weibo", name="待备案号",
                              account_id="w1", sponsor="s", purpose="p")
    html = client.get("/newmedia/").content.decode()
    assert "青溪财政&lt;b&gt;" in html and "待备案号" not in html


def test_staff_register_page_and_outsider_404(cast, client):
    client.force_login(cast.officer_a)
    response = client.post("/staff/newmedia/new/", {
        "organisation": cast.dept_a.pk, "platform": "douyin", "name": "青溪财政抖音", "account_id": "dy1",
        "sponsor": "青溪县财政局", "purpose": "短视频", "opened_on": "2026-11-01"})
    assert response.status_code == 302
    account = Account.objects.get(account_id="dy1")
    assert client.get(f"/staff/newmedia/{account.pk}/").status_code == 200
    client.force_login(cast.officer_b)
    assert client.get(f"/staff/newmedia/{account.pk}/").status_code == 404


def test_duplicate_registration_shows_the_rule(cast, client):
    live_account(cast, account_id="dup")
    client.force_login(cast.officer_a)
    response = client.post("/staff/newmedia/new/", {
        "organisation": cast.dept_a.pk, "platform": "wechat", "name": "x", "account_id": "dup", "sponsor": "s",
        "purpose": "p", "opened_on": "2026-11-01"})
    assert response.status_code == 400 and "已经登记过" in response.content.decode()


def test_supervisor_decides_on_the_page(cast, client):
    filing = services.account_register(actor=cast.officer_a, organisation=cast.dept_a, platform="weibo",
                                       name="n", account_id="w2", sponsor="s", purpose="p", opened_on=date(2026, 2, 1))
    client.force_login(cast.supervisor)
    assert "待审核的备案" in client.get("/staff/newmedia/").content.decode()
    client.post(f"/staff/newmedia/filings/{filing.pk}/", {"decision": "approve"})
    filing.refresh_from_db()
    assert filing.status == Filing.Status.APPROVED
    client.force_login(cast.officer_a)
    other = services.account_register(actor=cast.officer_a, organisation=cast.dept_a, platform="douyin",
                                      name="n2", account_id="d2", sponsor="s", purpose="p")
    response = client.post(f"/staff/newmedia/filings/{other.pk}/", {"decision": "approve"})
    assert response.status_code == 403
    other.refresh_from_db()
    assert other.status == Filing.Status.PENDING


def test_dashboard_shows_charts_with_tables(cast, client):
    live_account(cast)
    client.force_login(cast.supervisor)
    html = client.get("/staff/newmedia/").content.decode()
    assert html.count("<svg") == 3 and "近 12 周发布数量" in html and "<table>" in html
