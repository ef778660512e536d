"""Each role's path through the site in Debian's chromium, at 1280 and 390 px: the citizen, the applicant,
the drafter, the reviewer, the publisher and the supervisor. Every page visited is photographed at both
widths into test-artifacts/journeys/ (gitignored) and must not scroll sideways on a phone."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.contrib.auth import get_user_model

OUT = Path(__file__).resolve().parents[2] / "test-artifacts" / "journeys"
WORD = (Path(__file__).resolve().parents[2] / "gongkai" / "publishing" / "tests" / "data" / "word_paste.html"
        ).read_text(encoding="utf-8")


def shoot(tab, name: str) -> None:
    """Screenshots at 1280 and 390 px; no sideways scroll of the page itself at either width."""
    OUT.mkdir(parents=True, exist_ok=True)
    for width, height in ((1280, 900), (390, 844)):
        tab.set_viewport_size({"width": width, "height": height})
        overflow = tab.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 1, f"{name}: {overflow}px sideways scroll at {width}px"
        tab.screenshot(path=str(OUT / f"{name}-{width}.png"), full_page=True)
    tab.set_viewport_size({"width": 1280, "height": 900})


def serious(tab) -> list[str]:
    return [f"{v['id']}: {[n['target'] for n in v['nodes'][:3]]}" for v in Axe().run(tab).response["violations"]
            if v["impact"] in ("serious", "critical")]


def footer_ok(tab) -> None:
    footer = tab.locator("footer.site-footer").inner_text()
    for item in ("主办单位", "联系电话", "网站标识码：3201990001", "苏ICP备", "苏公网安备"):
        assert item in footer, item
    assert tab.locator("footer img[alt='党政机关网站标识']").count() == 1
    assert tab.locator("footer img[alt='政府网站找错']").count() == 1
    assert tab.locator("meta[name=SiteIDCode]").get_attribute("content") == "3201990001"


@pytest.mark.browser
def test_citizen_and_applicant(demo_data, page) -> None:
    from gongkai.publishing.models import Document

    page.goto("/")
    assert page.locator(".brand-name").inner_text() == "青溪县人民政府"
    footer_ok(page)
    shoot(page, "citizen-01-home")
    page.fill("#home-q", "政务公开工作要点")
    page.click(".hero button[type=submit]")
    page.wait_for_url("**/search/**")
    assert page.locator(".breadcrumb").inner_text().replace("\n", "").startswith("当前位置：首页")
    shoot(page, "citizen-02-search")
    jiangsu = Document.objects.get(doc_no_normalised="苏政办发〔2021〕29号")
    page.goto(jiangsu.get_absolute_url())
    assert "苏政办发〔2021〕29号" in page.locator(".meta-table").inner_text()
    shoot(page, "citizen-03-document")
    page.click("text=打印本页")
    assert page.locator("nav[aria-label='主导航']").count() == 0 and page.locator("[data-print]").is_visible()
    shoot(page, "citizen-04-print")

    withdrawn = Document.objects.get(status="withdrawn")
    response = page.goto(withdrawn.get_absolute_url())  # an old address of a withdrawn item
    assert response is not None and response.status == 200
    assert "撤回理由" in page.locator(".withdrawn-banner").inner_text()
    assert page.locator("text=对本信息申请公开").count() == 0
    assert serious(page) == []
    shoot(page, "citizen-05-withdrawn")
    response = page.goto("/no/such/page/")
    assert response is not None and response.status == 404 and page.locator("h1").inner_text() == "页面不存在"
    shoot(page, "citizen-06-not-found")

    # The applicant starts from a document: the request arrives pre-filled.
    page.goto(jiangsu.get_absolute_url())
    page.click("text=对本信息申请公开")
    page.wait_for_url("**/apply/?doc=**")
    assert jiangsu.title in page.locator("#id_description").input_value()
    assert page.locator("#id_doc_no_hint").input_value() == "苏政办发〔2021〕29号"
    page.select_option("#id_organisation", label="青溪县人民政府")
    page.select_option("#id_applicant_kind", "natural")
    page.fill("#id_name", "孙七")
    page.fill("#id_id_number", "110105194912310021")  # wrong check digit: a warning, not a refusal
    page.locator("#id_id_number").blur()
    assert "校验位应为 X" in page.locator("#id_id_number_warning").inner_text()
    page.fill("#id_phone", "abc")
    page.select_option("#id_form_wanted", "electronic")
    page.select_option("#id_delivery", "email")
    page.click("text=提交申请")
    summary = page.locator(".error-summary")
    assert summary.is_visible() and "联系电话" in summary.inner_text()
    assert serious(page) == []
    shoot(page, "applicant-01-errors")
    summary.locator("a[href='#id_phone']").click()
    assert page.evaluate("document.activeElement.id") == "id_phone"
    page.fill("#id_phone", "13500135000")
    page.click("text=提交申请")
    page.wait_for_url("**/apply/done/")
    assert re.search(r"\d{4}-YSQ-\d{6}", page.locator("main").inner_text())
    shoot(page, "applicant-02-done")


@pytest.mark.browser
def test_drafter_reviewer_publisher(demo_data, login_as, browser_context) -> None:
    from gongkai.publishing.models import Document

    users = get_user_model().objects
    drafter = login_as(users.get(username="jingban"))
    drafter.goto("/staff/publishing/new/")
    drafter.fill("#id_title", "青溪县关于公开2026年民生实事项目的通知")
    drafter.select_option("#id_genre", "通知")
    editor = drafter.locator(".ProseMirror[contenteditable]")
    editor.click()
    drafter.keyboard.type("各乡镇人民政府，县各有关部门：")
    drafter.keyboard.press("Enter")
    drafter.evaluate("""(html) => { const dt = new DataTransfer(); dt.setData('text/html', html);
        dt.setData('text/plain', '');
        document.querySelector('.ProseMirror[contenteditable]').dispatchEvent(
            new ClipboardEvent('paste', {clipboardData: dt, bubbles: true, cancelable: true})); }""", WORD)
    assert drafter.locator(".prose-menubar button[aria-label='加粗']").count() == 1  # menu named in Chinese
    shoot(drafter, "drafter-01-editor")
    with browser_context.expect_page() as preview_info:
        drafter.click("text=预览公开页面")
    preview = preview_info.value
    preview.wait_for_load_state()
    assert "预览" in preview.locator(".preview-banner").inner_text()
    assert preview.locator(".doc-body h2").inner_text() == "一、总体要求"
    assert preview.locator(".doc-body table td").count() == 4
    shoot(preview, "drafter-02-preview")
    preview.close()
    drafter.click("button:has-text('保存')")
    drafter.wait_for_url(re.compile(r".*/staff/publishing/\d+/$"))
    doc = Document.objects.get(title="青溪县关于公开2026年民生实事项目的通知")
    assert "mso" not in doc.body_html and "<h2>一、总体要求</h2>" in doc.body_html
    assert doc.body_html.startswith("<p>各乡镇人民政府，县各有关部门：</p>")
    assert drafter.locator("button:has-text('审核通过')").count() == 0
    drafter.click("button:has-text('提交审核')")
    assert "待审核" in drafter.locator("h1").inner_text()
    assert drafter.locator("button:has-text('审核通过')").count() == 0  # the drafter never sees it
    shoot(drafter, "drafter-03-submitted")

    reviewer = login_as(users.get(username="shenhe"))
    reviewer.goto(f"/staff/publishing/{doc.pk}/")
    assert "第一段正文" in reviewer.locator(".review-text").inner_text()
    assert serious(reviewer) == []
    shoot(reviewer, "reviewer-01-review")
    reviewer.check("#id_review-secrecy_checked")
    reviewer.fill("#id_review-opinion", "经保密审查，同意公开。")
    reviewer.click("button:has-text('审核通过')")
    assert "已审核待发布" in reviewer.locator("h1").inner_text()
    assert reviewer.locator("button:has-text('发布')").count() == 0

    publisher = login_as(users.get(username="fabu"))
    publisher.goto(f"/staff/publishing/{doc.pk}/")
    assert publisher.locator("button:has-text('提交审核')").count() == 0
    publisher.click("main button:text-is('发布')")
    assert "已发布" in publisher.locator("h1").inner_text()
    assert publisher.locator("button:has-text('提交审核')").count() == 0
    shoot(publisher, "publisher-01-published")
    doc.refresh_from_db()
    publisher.goto(doc.get_absolute_url())
    body = publisher.locator(".doc-body")
    assert body.locator("p").count() >= 3 and body.locator("table").count() == 1  # paragraphs kept end to end
    people = publisher.locator(".doc-people").inner_text()
    assert "拟稿：李经办（青溪县人民政府办公室）" in people and "审核：张审核" in people and "发布：陈发布" in people
    footer_ok(publisher)
    shoot(publisher, "publisher-02-public-page")
    publisher.goto(f"/staff/publishing/{doc.pk}/")
    publisher.fill("#id_withdraw-reason", "数据有误，更正后重新发布。")
    publisher.once("dialog", lambda dialog: dialog.accept())
    publisher.click("button:has-text('撤回')")
    assert "已撤回" in publisher.locator("h1").inner_text()
    publisher.goto(doc.get_absolute_url())
    assert publisher.locator(".doc-body").count() == 0
    assert "已撤回" in publisher.locator(".meta-table").inner_text()


@pytest.mark.browser
def test_supervisor(demo_data, login_as) -> None:
    supervisor = login_as(get_user_model().objects.get(username="zhuguan"))
    supervisor.goto("/staff/")
    shoot(supervisor, "supervisor-01-dashboard")
    supervisor.goto("/staff/audit/")
    table = supervisor.locator(".audit-table")
    assert "{'" not in table.inner_text()
    # No column so narrow that Chinese wraps one character per line at 1280 px.
    narrow = supervisor.evaluate("""() => [...document.querySelectorAll('.audit-table tbody td')]
        .filter(td => td.textContent.trim().length > 3 && td.getBoundingClientRect().width < 60).length""")
    assert narrow == 0
    shoot(supervisor, "supervisor-02-audit-log")
    supervisor.select_option("#id_org", label="青溪县人民政府")
    supervisor.click("button:has-text('筛选')")
    assert "org=" in supervisor.url
    with supervisor.expect_download() as download:
        supervisor.click("text=导出 Excel")
    assert download.value.suggested_filename.endswith(".xlsx")
    supervisor.goto("/staff/organisations/")
    shoot(supervisor, "supervisor-03-organisations")
    supervisor.goto("/staff/site/")
    assert "只有本级人民政府的管理员可以修改" in supervisor.locator("main").inner_text()
    shoot(supervisor, "supervisor-04-site-settings")
