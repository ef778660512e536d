"""A request's whole path in the browser, applicant and officer taking turns: filed online with an
attachment; accepted; a 补正 notice and the applicant's online correction; a consultation with its letter; an
extension with its notice; a 部分公开 reply: the officer marks the withheld passage in the disclosed PDF and
releases the redacted 公开件, then the 答复书; the applicant downloads both through the tracking session (the
code in no URL) and the 公开件 holds none of the withheld text.

Screenshots at 1280 and 390 px land in test-artifacts/request-journey/ (gitignored).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model

OUT = Path(__file__).resolve().parents[2] / "test-artifacts" / "request-journey"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
NAVIGATION_MS = 60_000
WITHHELD = "供应商报价单价每台3650元"  # a third party's trade secret (条例第十五条), in the file disclosed in part  # an action that renders a letter inline (HUEY_IMMEDIATE) on a busy CI machine


def disclosed_pdf() -> bytes:
    """The file disclosed with the reply: two pages of text, the withheld passage on both and in its metadata."""
    import pymupdf

    doc = pymupdf.open()
    for text in (f"2025年部门决算说明\n一、三公经费支出12.6万元。\n二、设备采购：{WITHHELD}，共20台。",
                 f"附表：设备采购明细（{WITHHELD}）"):
        doc.new_page(width=595, height=842).insert_textbox(pymupdf.Rect(72, 72, 523, 770), text,
                                                           fontname="china-s", fontsize=12)
    doc.set_metadata({"title": "2025年部门决算说明", "subject": WITHHELD})
    data = bytes(doc.tobytes())
    doc.close()
    return data


def pdf_text(data: bytes) -> str:
    """Page text, metadata and every decompressed stream of a PDF, read with pypdf."""
    import io

    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data))
    parts = [p.extract_text() or "" for p in reader.pages]
    parts += [str(v) for v in (reader.metadata or {}).values()]
    return "\n".join(parts)


def shoot(tab, name: str) -> None:
    """The page as it is now at 1280 px and at 390 px (no sideways scroll on a phone)."""
    OUT.mkdir(parents=True, exist_ok=True)
    size = tab.viewport_size
    tab.screenshot(full_page=True, path=str(OUT / f"{name}-1280.png"))
    tab.set_viewport_size({"width": 390, "height": 844})
    overflow = tab.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 1, f"{name}: horizontal scroll of {overflow}px at 390 px"
    tab.screenshot(full_page=True, path=str(OUT / f"{name}-390.png"))
    tab.set_viewport_size(size)


def act(officer, label: str, fill: dict[str, str] | None = None, *, select: dict[str, str] | None = None,
        confirm: bool = False) -> str:
    """Open an action from the primary button or the 其他操作 menu, fill its dialog, submit; return the message."""
    primary = officer.locator("#primary-action")
    if primary.count() and primary.inner_text() == label:
        primary.click()
    else:
        officer.click("summary:has-text('其他操作')")
        officer.click(f".wf-menu a:has-text('{label}')")
    dialog = officer.locator(".wf-dialog")
    dialog.wait_for()
    for selector, value in (fill or {}).items():
        dialog.locator(selector).fill(value)
    for selector, value in (select or {}).items():
        dialog.locator(selector).select_option(value)
    if confirm:
        dialog.locator("input[name=confirm]").check()
    # Wait for the whole round trip (htmx posts, the server answers HX-Redirect, the case page loads): the
    # live server shares one SQLite connection between its threads, so the next request must not overlap.
    with officer.expect_navigation(timeout=NAVIGATION_MS):
        dialog.locator("button[type=submit]").click()
    officer.wait_for_load_state("networkidle")
    return officer.locator(".message-success").inner_text()


@pytest.fixture
def applicant(chromium, live_server):
    """The applicant's own browser (its own cookies: the officer's session is not theirs)."""
    context = chromium.new_context(locale="zh-CN", timezone_id="Asia/Shanghai", base_url=live_server.url,
                                   viewport={"width": 1280, "height": 900}, accept_downloads=True)
    context.set_default_timeout(15_000)
    yield context.new_page()
    context.close()


@pytest.mark.browser
def test_request_from_filing_to_download(demo_data, applicant, login_as) -> None:
    page = applicant
    # 1. Filing online, with an attachment (身份证明).
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
    page.set_input_files("#id_attachment", files=[{"name": "身份证明.pdf", "mimeType": "application/pdf",
                                                   "buffer": PDF}])
    page.click("text=提交申请")
    page.wait_for_url("**/apply/done/")
    text = page.locator("main").inner_text()
    number = re.search(r"\d{4}-YSQ-\d{6}", text).group(0)
    code = re.search(r"查询码：([0-9A-Z]{4}(?:-[0-9A-Z]{4}){3})", text).group(1)
    page.context.clear_cookies()  # the applicant comes back later, in a new session, with number and code

    # 2. Acceptance.
    officer = login_as(get_user_model().objects.get(username="cz_jingban"))
    officer.goto("/staff/applications/")
    officer.fill("#q-q", "孙七")
    officer.click("text=查找")
    officer.click(f"text={number}")
    assert "待确认" in officer.locator("#next-step").inner_text()
    assert "身份证明.pdf" in officer.locator("main").inner_text()
    assert act(officer, "确认受理").startswith("已受理申请，收到申请之日为")
    shoot(officer, "case-accepted")

    # 3. A 补正 notice, then the applicant corrects online.
    message = act(officer, "发出补正告知书", {"#id_reason": "请写明决算表的名称和年度"})
    assert re.fullmatch(r"已发出补正告知书，补正期限至\d{4}年\d{1,2}月\d{1,2}日。", message)
    assert "补正告知书" in officer.locator("#documents").inner_text()
    shoot(officer, "case-correction")

    page.goto("/apply/track/")
    page.fill("#t-n", number)
    page.fill("#t-c", code)
    page.click("main button:has-text('查询')")
    assert "请写明决算表的名称和年度" in page.locator("main").inner_text()
    assert code not in page.content()
    shoot(page, "track-correction")
    page.fill("#id_text", "青溪县财政局2025年部门决算公开表（含三公经费表）")
    page.set_input_files("#id_attachments", files=[{"name": "补正说明.pdf", "mimeType": "application/pdf",
                                                    "buffer": PDF}])
    with page.expect_navigation(timeout=NAVIGATION_MS):
        page.click("button:has-text('提交补正')")
    assert "已提交补正，答复期限自今日起重新计算。" in page.locator(".message-success").inner_text()

    # 4. A consultation with its letter; its result.
    officer.reload()
    assert "补正后的内容" in officer.locator("main").inner_text() and "补正说明.pdf" in officer.locator("main").inner_text()
    message = act(officer, "征求意见", {"#id_party": "青溪县审计局"}, select={"#id_kind": "other_agency"})
    assert message.startswith("已发出征求意见函（青溪县审计局）")
    assert "征求意见函" in officer.locator("#documents").inner_text()
    assert act(officer, "登记征求意见结果", {"#id_reason": "同意公开"}).startswith("已登记征求意见结果")

    # 5. An extension with its notice.
    message = act(officer, "延期答复", {"#id_approved_by": "县财政局办公室 吴主任", "#id_reason": "需汇总多个科室材料"})
    assert message.startswith("已延期 20 个工作日，答复期限至")
    assert "延期答复告知书" in officer.locator("#documents").inner_text()

    # 6. A 部分公开 reply, confirmed in its dialog; the redaction of the file disclosed with it (条例第三十七条):
    # the officer uploads it, finds and marks the withheld passage with its reason, checks the preview drawn
    # from the result, releases the 公开件; then the 答复书, which lists what was withheld and why.
    message = act(officer, "答复申请人", {"#id_reason": "决算表随本答复书提供，供应商报价涉及商业秘密"},
                  select={"#id_outcome": "partial"}, confirm=True)
    assert "在法定期限内答复" in message
    case_url = officer.url
    with officer.expect_navigation():
        officer.click("#documents a:has-text('区分处理')")
    officer.fill("#id_title", "2025年部门决算说明")
    officer.set_input_files("#id_file", files=[{"name": "决算说明（含报价）.pdf", "mimeType": "application/pdf",
                                                "buffer": disclosed_pdf()}])
    with officer.expect_navigation():
        officer.click("main button:has-text('上传')")
    assert "已上传“2025年部门决算说明”（2 页）" in officer.locator(".message-success").inner_text()
    officer.fill("#q", WITHHELD)
    with officer.expect_navigation():
        officer.click("main button:has-text('查找')")
    assert f"“{WITHHELD}”共出现 2 处" in officer.locator("main").inner_text()
    officer.select_option("#id_kind", "text")
    officer.select_option("#id_reason", "art15_third_party")
    officer.fill("#id_text", WITHHELD)
    with officer.expect_navigation():
        officer.click("main button:has-text('标记')")
    assert "已标记 1 处" in officer.locator(".message-success").inner_text()
    preview = officer.locator("img[alt='公开件第 1 页']")
    preview.wait_for()
    assert officer.evaluate("img => img.complete && img.naturalWidth > 0", preview.element_handle())
    with officer.expect_navigation(timeout=NAVIGATION_MS):
        officer.click("main button:has-text('生成公开件')")
    released_message = officer.locator(".message-success").inner_text()
    assert "已生成公开件" in released_message and "不含任何不予公开的文字" in released_message
    shoot(officer, "redaction")
    officer.goto(case_url)
    assert act(officer, "出具答复书") == "已出具政府信息公开申请答复书。下一步：归档。"
    documents = officer.locator("#documents").inner_text()
    assert all(kind in documents for kind in ("补正告知书", "征求意见函", "延期答复告知书", "政府信息公开申请答复书"))
    log = officer.locator("#event-log").inner_text()
    for step in ("经办人 赵经办（财政局） 受理申请", "申请人 在线提交补正", "发出征求意见函", "延期答复", "作出答复",
                 "经办人 赵经办（财政局） 上传拟公开材料", "区分处理，生成公开件"):
        assert step in log, step
    assert not re.search(r"\b(accept|consult|extend|reply|pending|partial|redaction_release)\b", log)
    shoot(officer, "case-replied")

    # 7. The applicant downloads the 答复书 and the 公开件 through the tracking session (no code in any URL);
    # the 公开件 holds the disclosed text and none of the withheld.
    page.goto("/apply/track/")
    body = page.locator("main").inner_text()
    assert "在法定期限内答复" in body and "答复期限：" not in body and "暂定" not in body
    link = page.locator("a:has-text('政府信息公开申请答复书')")
    assert code not in (link.get_attribute("href") or "")
    with page.expect_download() as download:
        link.click()
    reply = Path(download.value.path()).read_bytes()
    assert reply[:4] == b"%PDF"
    reply_text = "".join(pdf_text(reply).split())
    assert "第三十七条" in reply_text and "第十五条" in reply_text and WITHHELD not in reply_text
    copy_link = page.locator("a:has-text('公开件')")
    href = copy_link.get_attribute("href") or ""
    assert href.startswith("/apply/released/") and code not in href
    with page.expect_download() as download:
        copy_link.click()
    assert download.value.suggested_filename.startswith(number) and "报价" not in download.value.suggested_filename
    released = Path(download.value.path()).read_bytes()
    text = pdf_text(released)
    assert "2025年部门决算说明" in text and "三公经费" in text
    assert WITHHELD not in "".join(text.split())
    shoot(page, "track-replied")
