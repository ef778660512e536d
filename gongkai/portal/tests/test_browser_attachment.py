"""A visitor opens a published item in the browser, clicks its attachment and gets the file: the Chinese
name and the bytes as uploaded (issue 11: every /media/ link was dead)."""

from __future__ import annotations

from pathlib import Path

from gongkai.publishing import services

PDF = b"%PDF-1.4\n% gongkai browser download\n" + bytes(range(256)) * 4 + b"\n%%EOF\n"
NAME = "青溪县2026年部门预算公开表.pdf"


def test_visitor_downloads_attachment(cast, page, live_server, tmp_path: Path) -> None:
    doc = services.document_create(actor=cast.officer_a, organisation=cast.dept_a, data={
        "title": "青溪县财政局关于公开2026年部门预算的通知", "body_text": "现将部门预算公开如下。", "genre": "通知"})
    item = services.attachment_add(actor=cast.officer_a, document=doc, name=NAME, content=PDF)
    services.document_submit(actor=cast.officer_a, document=doc)
    services.document_review(actor=cast.reviewer_a, document=doc, approve=True, secrecy_checked=True, opinion="同意")
    services.document_publish(actor=cast.publisher_a, document=doc)

    page.goto(doc.get_absolute_url())
    link = page.get_by_role("link", name=NAME)
    with page.expect_download() as info:
        link.click()
    download = info.value
    # Served by the app (the test server also serves MEDIA_URL, which gunicorn never does).
    assert download.url == live_server.url + item.get_absolute_url()
    headers = page.request.get(download.url).headers
    assert headers["content-type"] == "application/pdf" and headers["x-content-type-options"] == "nosniff"
    assert download.suggested_filename == NAME
    saved = tmp_path / "saved.pdf"
    download.save_as(saved)
    assert saved.read_bytes() == PDF
