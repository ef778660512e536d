"""Staff pages of 主动公开: the editor served locally, the preview is the public page, the reviewer sees
the text and the differences, staff are named with their unit, events read in Chinese."""

from __future__ import annotations

import re

from gongkai.publishing import services
from gongkai.publishing.models import Document, Status

FORM = {"title": "青溪县财政局关于2026年预算公开的通知", "doc_no": "青财发〔2026〕5号", "topic": "财政、金融、审计",
        "genre": "通知", "kind": "policy", "body_html": "第一段：公开范围。\n第二段：公开时间。"}


def _published(cast) -> Document:
    doc = services.document_create(actor=cast.officer_a, organisation=cast.dept_a, data={
        "title": FORM["title"], "body_html": "<p>第一段：公开范围。</p><p>第二段：公开时间。</p>"})
    services.document_submit(actor=cast.officer_a, document=doc)
    services.document_review(actor=cast.reviewer_a, document=doc, approve=True, secrecy_checked=True, opinion="同意")
    return services.document_publish(actor=cast.publisher_a, document=doc)


def test_editor_assets_are_served_from_this_site_without_inline_script(cast, client) -> None:
    client.force_login(cast.officer_a)
    body = client.get("/staff/publishing/new/").content.decode()
    assert 'data-rich-editor="1"' in body
    assert re.search(r'<script src="/static/js/editor\.js" type="module">', body)
    assert "/static/django_prose_editor/editor.css" in body
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", body) and "cdn" not in body.lower()
    assert client.get("/static/django_prose_editor/editor.js").status_code == 200


def test_draft_from_the_page_keeps_paragraphs(cast, client) -> None:
    client.force_login(cast.officer_a)
    response = client.post("/staff/publishing/new/", FORM | {"organisation": cast.dept_a.pk})
    assert response.status_code == 302
    doc = Document.objects.get(title=FORM["title"])
    assert doc.body_html == "<p>第一段：公开范围。</p><p>第二段：公开时间。</p>"
    assert doc.organisation == cast.dept_a and doc.publisher_name == cast.dept_a.name


def test_preview_renders_the_public_page_from_the_form_without_saving(cast, client) -> None:
    client.force_login(cast.officer_a)
    response = client.post("/staff/publishing/preview/", FORM | {"organisation": cast.dept_a.pk})
    body = response.content.decode()
    assert response.status_code == 200 and not Document.objects.exists()
    assert "portal/document.html" in [t.name for t in response.templates]
    assert "预览" in body and "<p>第一段：公开范围。</p><p>第二段：公开时间。</p>" in body
    assert "青财发〔2026〕5号" in body and "（保存后生成）" in body
    assert 'aria-label="主导航"' in body and ">政府信息公开专栏</a>" in body  # the public menu, not the staff one
    assert "对本信息申请公开" not in body


def test_reviewer_sees_the_text_and_the_differences(cast, client) -> None:
    doc = _published(cast)
    services.document_edit(actor=cast.officer_a, document=doc, data={
        "title": "青溪县财政局关于2026年预算公开的通知（修订）",
        "body_html": "<p>第一段：公开范围和内容。</p><p>第二段：公开时间。</p><p>第三段：监督方式。</p>"},
        change_note="补充公开内容和监督方式", major=True)
    services.document_submit(actor=cast.officer_a, document=doc)
    client.force_login(cast.reviewer_a)
    preview = client.get(f"/staff/publishing/{doc.pk}/preview/").content.decode()  # the pending revision, as public
    assert "<p>第三段：监督方式。</p>" in preview and "（修订）" in preview
    body = client.get(f"/staff/publishing/{doc.pk}/").content.decode()
    assert "待审核的文本" in body and "<p>第三段：监督方式。</p>" in body
    assert "补充公开内容和监督方式（重大修改）" in body
    assert "与当前公开版本（第 1 版）的差异" in body
    assert "<th scope=\"row\">标题</th><td><del>青溪县财政局关于2026年预算公开的通知</del></td>" in body
    assert "第一段：公开范围<ins>和内容</ins>。" in body
    assert '<p class="diff-added"><ins>第三段：监督方式。</ins></p>' in body
    assert '<p class="diff-same">第二段：公开时间。</p>' in body


def test_staff_are_named_with_their_unit_and_events_read_in_chinese(cast, client) -> None:
    cast.officer_a.first_name = "李经办"
    cast.officer_a.save()
    doc = _published(cast)
    client.force_login(cast.publisher_a)
    body = client.get(f"/staff/publishing/{doc.pk}/").content.decode()
    assert "<th scope=\"row\">拟稿人</th><td>李经办（青溪县财政局）</td>" in body
    assert "reviewer_a（青溪县财政局）" in body and "publisher_a（青溪县财政局）" in body
    timeline = body[body.index('id="ev-h"'):body.index('id="rv-h"')]
    for words in ("拟稿", "提交审核", "审核通过", "发布", "（已审核待发布 → 已发布）"):
        assert words in timeline, words
    assert " · publish" not in timeline and "in_review" not in timeline and "approved" not in timeline
    public = client.get(doc.get_absolute_url()).content.decode()
    assert "拟稿：李经办（青溪县财政局）" in public and "发布：publisher_a（青溪县财政局）" in public
    assert doc.status == Status.PUBLISHED


def test_draft_button_only_for_those_who_may_draft(cast, client) -> None:
    client.force_login(cast.reviewer_a)
    assert 'href="/staff/publishing/new/"' not in client.get("/staff/publishing/").content.decode()
    client.force_login(cast.officer_a)
    assert 'href="/staff/publishing/new/"' in client.get("/staff/publishing/").content.decode()


def test_preview_of_the_pending_revision_shows_its_dates(cast, client) -> None:
    from datetime import date

    doc = services.document_create(actor=cast.officer_a, organisation=cast.dept_a, data={
        "title": "日期预览", "body_html": "<p>正文。</p>", "written_on": date(2026, 3, 5)})
    client.force_login(cast.officer_a)
    body = client.get(f"/staff/publishing/{doc.pk}/preview/").content.decode()
    assert "<th scope=\"row\">成文日期</th><td>2026年3月5日</td>" in body
