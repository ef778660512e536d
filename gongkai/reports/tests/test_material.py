"""Material offered for sections 一/五/六: the ledger's tasks when gongkai.ledger.selectors.report_tasks
exists (the report works without it), items and 解读 published in the year, Q&A statistics."""

from __future__ import annotations

import sys
import types
from datetime import date

from django.test import Client

from gongkai.reports import selectors, services


def test_without_the_ledger_the_report_still_works(cast, monkeypatch) -> None:
    monkeypatch.setitem(sys.modules, "gongkai.ledger.selectors", types.ModuleType("gongkai.ledger.selectors"))
    report = services.report_create(actor=cast.officer_a, organisation=cast.dept_a, year=2025)
    assert selectors.material(report)["tasks"] is None
    client = Client()
    client.force_login(cast.officer_a)
    assert "工作台账尚未提供本年度任务数据" in client.get(f"/staff/reports/{report.pk}/").content.decode()


def test_ledger_tasks_are_offered(cast, monkeypatch) -> None:
    fake = types.ModuleType("gongkai.ledger.selectors")
    seen = {}

    def report_tasks(organisation, year):
        seen["args"] = (organisation, year)
        return [{"path": "二、（三）", "text": "规范政务新媒体发布审核", "status": "done", "status_label": "已完成",
                 "lead_unit": "县财政局", "deadline": date(2025, 6, 30)}]

    fake.report_tasks = report_tasks  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "gongkai.ledger.selectors", fake)
    report = services.report_create(actor=cast.officer_a, organisation=cast.dept_a, year=2025)
    material = selectors.material(report)
    assert seen["args"] == (cast.dept_a, 2025) and material["tasks"][0]["status_label"] == "已完成"
    client = Client()
    client.force_login(cast.officer_a)
    page = client.get(f"/staff/reports/{report.pk}/").content.decode()
    assert "规范政务新媒体发布审核" in page and "已完成" in page
    assert material["qa"]["asked"] == 0 and material["published"] == 0
