"""A request's path through the browser: filed and tracked on the portal, handled by the officer."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth import get_user_model


@pytest.mark.browser
def test_file_track_and_handle_a_request(demo_data, page, login_as) -> None:
    page.goto("/apply/")
    page.select_option("#id_organisation", label="青溪县财政局")
    page.select_option("#id_applicant_kind", "natural")
    page.fill("#id_name", "孙七")
    page.fill("#id_id_number", "11010519491231002X")
    page.fill("#id_phone", "13500135000")
    page.fill("#id_email", "sq@example.com")
    page.fill("#id_description", "青溪县财政局2025年部门决算")
    page.select_option("#id_form_wanted", "electronic")
    page.select_option("#id_delivery", "email")
    page.click("text=提交申请")
    page.wait_for_url("**/apply/done/")
    text = page.locator("main").inner_text()
    number = re.search(r"\d{4}-YSQ-\d{6}", text).group(0)
    code = re.search(r"查询码：([0-9A-Z]{4}(?:-[0-9A-Z]{4}){3})", text).group(1)
    page.goto("/apply/track/")
    page.fill("#t-n", number)
    page.fill("#t-c", code)
    page.click("main button:has-text('查询')")
    assert "待确认" in page.locator("main").inner_text()

    officer = login_as(get_user_model().objects.get(username="cz_jingban"))
    officer.goto("/staff/applications/")
    officer.click(f"text={number}")
    today = officer.evaluate("new Date(Date.now() + 8*3600e3).toISOString().slice(0, 10)")
    officer.fill("#a-date", today)
    officer.click("text=确认受理")
    assert "已受理" in officer.locator("h1").inner_text()
    officer.fill("#c-date", today)
    officer.fill("#c-what", "请写明决算表名称")
    officer.click("text=一次性告知补正")
    officer.fill("#cr-date", today)
    officer.click("text=登记补正（重新起算）")
    officer.fill("#co-date", today)
    officer.fill("#co-party", "县审计局")
    officer.select_option("#co-kind", "other_agency")
    officer.click("text=征求意见（计时中止）")
    officer.fill("#cd-date", today)
    officer.fill("#cd-sum", "无意见")
    officer.click("text=征求意见结束")
    officer.fill("#e-by", "县财政局办公室 吴主任")
    officer.fill("#e-why", "需汇总多个科室材料")
    officer.click("text=延期（仅一次）")
    officer.select_option("#r-o", "disclose")
    officer.fill("#r-d", today)
    officer.click("button:has-text('答复')")
    assert "已答复" in officer.locator("h1").inner_text()
    officer.click("text=生成 DOCX/PDF")
    assert officer.locator("a:has-text('PDF')").count() >= 1
    officer.click("button:has-text('归档')")
    assert "已归档" in officer.locator("h1").inner_text()
    timeline = officer.locator("#tl-h + ol").inner_text()
    for step in ("accept", "correction_requested", "correction_received", "consult", "consult_done", "extend", "reply",
                 "archive"):
        assert step in timeline

    page.goto(f"/apply/track/?n={number}")
    page.fill("#t-c", code)
    page.click("main button:has-text('查询')")
    body = page.locator("main").inner_text()
    assert "已归档" in body and "答复期限延长 20 个工作日" in body and "政府信息公开申请答复书" in body
