"""Pages: staff list/detail/actions/exports with scope (outsider 404), deadlines, statistics with charts
and XLSX, the public list/detail/exports, the 专栏 年报 column."""

from __future__ import annotations

import io
from datetime import date

import pytest
from django.test import Client

from gongkai.reports import services
from gongkai.reports.models import AnnualReport
from gongkai.reports.tests.factories import request

MANUAL = {"licensing": "12", "penalty": "3", "enforcement": "0", "fees": "1.25"}


@pytest.fixture
def published(cast) -> AnnualReport:
    request(cast.officer_a, cast.dept_a, date(2025, 3, 3), kind="commercial", outcome="partial", replied=date(2025, 3, 10))
    report = services.report_create(actor=cast.officer_a, organisation=cast.dept_a, year=2025)
    services.report_update(actor=cast.officer_a, report=report, manual=MANUAL, sections={"section1": "本年度……"})
    return services.report_publish(actor=cast.publisher_a, report=report)


def _client(user) -> Client:
    c = Client()
    c.force_login(user)
    return c


def test_staff_creates_a_draft_and_sees_checks(cast) -> None:
    c = _client(cast.officer_a)
    r = c.post("/staff/reports/", {"organisation": cast.dept_a.pk, "year": "2025"})
    report = AnnualReport.objects.get()
    assert r.status_code == 302 and r["Location"] == f"/staff/reports/{report.pk}/"
    page = c.get(f"/staff/reports/{report.pk}/").content.decode()
    assert "发布前核对" in page and "表二：人工填报数字已填写" in page and "（本列数据的勾稽关系为" in page
    assert 'rowspan="22"' in page and 'rowspan="8"' in page  # merged cells of the official layout


@pytest.mark.parametrize("year", ["abc", "1999", "-5", ""])
def test_bad_year_is_a_400_with_a_message(cast, year) -> None:
    r = _client(cast.officer_a).post("/staff/reports/", {"organisation": cast.dept_a.pk, "year": year})
    assert r.status_code == 400 and not AnnualReport.objects.exists()


def test_outsider_gets_404(cast, published) -> None:
    assert _client(cast.officer_b).get(f"/staff/reports/{published.pk}/").status_code == 404
    r = _client(cast.officer_b).post("/staff/reports/", {"organisation": cast.dept_a.pk, "year": "2025"})
    assert r.status_code == 404


def test_actions_show_messages_and_refuse_bad_numbers(cast) -> None:
    report = services.report_create(actor=cast.officer_a, organisation=cast.dept_a, year=2025)
    c = _client(cast.officer_a)
    r = c.post(f"/staff/reports/{report.pk}/action/update/", {"licensing": "-3"}, follow=True)
    assert "不小于 0 的整数" in r.content.decode()
    report.refresh_from_db()
    assert report.manual == {}
    r = c.post(f"/staff/reports/{report.pk}/action/publish/", follow=True)
    assert "发布年度报告需要" in r.content.decode()
    assert c.get(f"/staff/reports/{report.pk}/action/publish/").status_code == 404


def test_published_report_is_public_with_exports_and_in_the_column(cast, published, client) -> None:
    page = client.get("/reports/").content.decode()
    assert published.title in page
    detail = client.get(f"/reports/{published.pk}/").content.decode()
    assert "三、收到和处理政府信息公开申请情况" in detail and "本年度……" in detail
    column = client.get("/zhuanlan/annual-report/").content.decode()
    assert f"/reports/{published.pk}/" in column
    pdf = client.get(f"/reports/{published.pk}/report.pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    docx = client.get(f"/reports/{published.pk}/report.docx")
    assert docx.status_code == 200 and docx.content[:2] == b"PK"
    html = client.get(f"/reports/{published.pk}/report.html")
    assert html["Content-Disposition"].startswith("inline") and b"@page" in html.content
    assert pdf["Content-Disposition"].startswith("attachment")
    assert client.get(f"/reports/{published.pk}/report.exe").status_code == 404


def test_a_draft_is_not_public(cast, client) -> None:
    report = services.report_create(actor=cast.officer_a, organisation=cast.dept_a, year=2025)
    assert client.get(f"/reports/{report.pk}/").status_code == 404
    assert client.get(f"/reports/{report.pk}/report.pdf").status_code == 404
    assert client.get("/reports/999999/").status_code == 404


def test_deadlines_page_lists_late_units(cast) -> None:
    page = _client(cast.supervisor).get("/staff/reports/deadlines/?year=2025").content.decode()
    assert "青溪县财政局" in page and "已逾期未发布" in page and "2026-01-31" in page and "2026-03-31" in page


def test_statistics_public_and_staff_with_charts_and_xlsx(cast, published, client) -> None:
    page = client.get("/reports/statistics/?year=2025").content.decode()
    assert "<svg" in page and "按时答复率" in page and "青溪县财政局" in page
    assert "青溪县市场监督管理局" in page  # organisations with no request are listed too
    staff = _client(cast.supervisor).get("/staff/reports/statistics/?year=2025")
    assert staff.status_code == 200 and "<svg" in staff.content.decode()
    x = client.get("/reports/statistics/?year=2025&format=xlsx")
    from openpyxl import load_workbook

    wb = load_workbook(io.BytesIO(x.content))
    rows = list(wb.active.iter_rows(values_only=True))
    assert rows[0][0] == "单位" and any(r[0] == "青溪县财政局" and r[1] == 1 and r[2] == 1 for r in rows)
    assert client.get("/reports/statistics/?year=abc").status_code == 200  # a bad year falls back


def test_staff_exports_a_draft(cast) -> None:
    report = services.report_create(actor=cast.officer_a, organisation=cast.dept_a, year=2025)
    r = _client(cast.officer_a).get(f"/staff/reports/{report.pk}/export.docx")
    assert r.status_code == 200 and r.content[:2] == b"PK"
