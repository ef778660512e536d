from __future__ import annotations

from gongkai.sitecheck import services
from gongkai.sitecheck.simulator import SimulatedSite, SiteSpec


def test_dashboard_site_page_and_report_render(cast, client):
    from django.utils import timezone

    with SimulatedSite(SiteSpec(today=timezone.localdate(), dead_links=1)) as sim:
        site = services.site_register(actor=cast.admin, organisation=cast.gov, name="青溪县人民政府", url=sim.url,
                                      site_code="3201990001")
        client.force_login(cast.supervisor)
        assert client.post(f"/staff/sitecheck/{site.pk}/check/").status_code == 302
    report = services.weekly_report_build(site=site, week_start=timezone.localdate())
    html = client.get("/staff/sitecheck/").content.decode()
    assert "青溪县人民政府" in html and html.count("<svg") == 3
    page = client.get(f"/staff/sitecheck/{site.pk}/").content.decode()
    assert "不可用链接（1）" in page
    assert "结论" in client.get(f"/staff/sitecheck/reports/{report.pk}/").content.decode()
    client.force_login(cast.officer_b)
    assert client.get(f"/staff/sitecheck/{site.pk}/").status_code == 404


def test_register_page_refuses_a_wrong_site_code(cast, client):
    client.force_login(cast.admin)
    response = client.post("/staff/sitecheck/new/", {"organisation": cast.gov.pk, "name": "x",
                                                     "url": "http://127.0.0.1:9/", "site_code": "32019900AB"})
    assert response.status_code == 400 and "格式不正确" in response.content.decode()
