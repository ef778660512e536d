"""One browser journey: a supervisor sees a draft refused with the cell named, publishes a department's
report, and the public reads it on a phone without the page overflowing (tables scroll inside)."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

import pytest

from gongkai.reports import services
from gongkai.reports.tests.factories import request

MANUAL = {"licensing": "3", "penalty": "0", "enforcement": "0", "fees": "0"}


@pytest.mark.browser
def test_supervisor_and_public_journey(cast, login_as, browser_context, live_server, tmp_path) -> None:
    request(cast.officer_a, cast.dept_a, date(2025, 3, 3), kind="commercial", outcome="partial", replied=date(2025, 3, 10))
    report = services.report_create(actor=cast.officer_a, organisation=cast.dept_a, year=2025)
    services.report_update(actor=cast.officer_a, report=report, manual=MANUAL)
    services.report_override(actor=cast.officer_a, report=report, cell="三|一|0", value="4", reason="纸质登记簿")
    shots = Path(os.environ.get("REPORTS_PNG_DIR", tmp_path))
    shots.mkdir(parents=True, exist_ok=True)

    tab = login_as(cast.supervisor)
    tab.goto(f"/staff/reports/{report.pk}/")
    checks = tab.locator("#checks-h").locator("xpath=..")
    assert "不符（阻止发布）" in checks.inner_text()
    assert "表三“自然人”列：一＋二＝4，三（七）＋四＝0" in checks.inner_text()
    assert tab.get_by_role("button", name="发布").is_disabled()
    assert "（记录：0）" in tab.locator("#t3-一").inner_text()  # the figure from the records beside the typed one
    tab.screenshot(path=str(shots / "journey-draft-1280.png"), full_page=True)

    # remove the typed figure and publish
    tab.select_option("#ov-cell", "三|一|0")
    tab.fill("#ov-value", "")
    tab.get_by_role("button", name="保存").nth(1).click()
    tab.get_by_role("button", name="发布").click()
    assert "年度报告已发布" in tab.inner_text("body")

    phone = browser_context.new_page()
    phone.set_viewport_size({"width": 390, "height": 844})
    phone.goto("/zhuanlan/annual-report/")
    phone.get_by_role("link", name="青溪县财政局2025年政府信息公开工作年度报告").click()
    assert phone.locator("h1").inner_text().startswith("青溪县财政局2025年")
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= 392, f"the page overflows on a phone: {width}px"
    phone.screenshot(path=str(shots / "journey-public-390.png"), full_page=True)
