"""The demo: departments' 2025 reports published and adding up, the county report aggregating them,
and the 2026 draft refused with the cell named."""

from __future__ import annotations

import pytest

from gongkai.core.demo import seed_organisations_and_users
from gongkai.core.exceptions import DomainError
from gongkai.reports import demo, rules, selectors, services
from gongkai.reports.models import AnnualReport


@pytest.mark.django_db
def test_demo_year_reports_and_failing_draft(monkeypatch) -> None:
    monkeypatch.setattr(demo, "VOLUMES", (6, 9, 12))  # the same story with fewer requests
    monkeypatch.setattr(demo, "GOV_VOLUME", 4)
    orgs = seed_organisations_and_users()
    summary = demo.seed_content(orgs)
    assert "已发布" in summary
    reports = AnnualReport.objects.filter(year=2025, status="published")
    assert reports.count() == 4
    for report in reports:
        assert rules.check_table3(report.figures["table3"]["rows"]) == ([], [])
        assert report.figures["table3"]["rows"]["四"][6] >= 2  # December requests carried forward
    county = reports.get(organisation=orgs["gov"])
    depts = [r for r in reports if r.pk != county.pk]
    assert county.figures["table3"]["rows"]["一"][6] == sum(r.figures["table3"]["rows"]["一"][6] for r in depts) + 6  # 4 + 2 received in late December
    assert county.figures["table2"]["normative"] == {"issued": 3, "repealed": 3, "valid": 3}
    assert sum(sum(v) for v in county.figures["table4"].values()) > 0
    draft = AnnualReport.objects.get(year=2026)
    view = selectors.build(draft)
    assert any(c.cells and c.cells[0]["column"] == "自然人" for c in view.blocking)
    with pytest.raises(DomainError, match="自然人"):
        services.report_publish(actor=orgs["gov"].memberships.first().user, report=draft)
    assert demo.seed_content(orgs) == "已有年度报告，跳过。"
