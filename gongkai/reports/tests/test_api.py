"""/api/v1/reports/: published reports only, the checker over HTTP with bounded input, statistics."""

from __future__ import annotations

from datetime import date

from gongkai.reports import services
from gongkai.reports.tests.factories import request

MANUAL = {"licensing": "1", "penalty": "0", "enforcement": "0", "fees": "0"}


def test_published_reports_and_detail(cast, client) -> None:
    request(cast.officer_a, cast.dept_a, date(2025, 3, 3), outcome="disclose", replied=date(2025, 3, 10))
    report = services.report_create(actor=cast.officer_a, organisation=cast.dept_a, year=2025)
    services.report_update(actor=cast.officer_a, report=report, manual=MANUAL)
    draft = services.report_create(actor=cast.officer_b, organisation=cast.dept_b, year=2025)
    assert client.get(f"/api/v1/reports/{report.pk}").status_code == 404
    services.report_publish(actor=cast.publisher_a, report=report)
    listed = client.get("/api/v1/reports/?year=2025").json()
    assert [r["id"] for r in listed] == [report.pk] and listed[0]["org"] == cast.dept_a.credit_code
    data = client.get(f"/api/v1/reports/{report.pk}").json()
    assert data["year"] == 2025 and data["table3"]["rows"]["一"][6] == 1 and all(c["ok"] for c in data["checks"]
                                                                                  if c["blocking"])
    assert client.get(f"/api/v1/reports/{draft.pk}").status_code == 404
    assert client.get("/api/v1/reports/?year=1900").status_code == 400


def test_check_endpoint(client) -> None:
    text = "一、本年新收政府信息公开申请数量 1 0 0 0 0 0 2\n"
    r = client.post("/api/v1/reports/check", {"text": text}, content_type="application/json")
    assert r.status_code == 200
    assert r.json()["errors"][0]["rule"] == "总计=各类申请人之和"
    bad = client.post("/api/v1/reports/check", {"text": "你好"}, content_type="application/json")
    assert bad.status_code == 400 and "不是政府信息公开工作年度报告" in bad.json()["detail"]
    assert client.post("/api/v1/reports/check", {"text": ""}, content_type="application/json").status_code == 400


def test_statistics_endpoint(cast, client) -> None:
    request(cast.officer_a, cast.dept_a, date(2025, 3, 3), outcome="partial", replied=date(2025, 3, 10))
    rows = {r["organisation"]: r for r in client.get("/api/v1/reports/statistics?year=2025").json()}
    assert rows["青溪县财政局"]["received"] == 1 and rows["青溪县财政局"]["outcomes"]["部分公开"] == 1
    assert rows["青溪县市场监督管理局"]["received"] == 0
