"""Body HTML: nh3 allow-list (scripts, styles, iframes, data: URLs stripped), a Word paste keeps its
paragraphs, headings and tables without mso- junk, plain text keeps its paragraphs."""

from __future__ import annotations

import re
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from gongkai.publishing import services
from gongkai.publishing.richtext import (
    ALLOWED_TAGS,
    body_to_html,
    clean_html,
    external_images,
    html_to_text,
    text_to_html,
)

WORD = (Path(__file__).parent / "data" / "word_paste.html").read_text(encoding="utf-8")
HOSTILE = ('<p onclick="steal()">正文</p><script>alert(1)</script><style>body{display:none}</style>'
           '<iframe src="https://evil.example/"></iframe><img src="data:image/png;base64,iVBORw0KGgo=">'
           '<a href="data:text/html;base64,PHNjcmlwdD4=">数据链接</a><a href="javascript:alert(1)">脚本链接</a>'
           '<object data="x.swf"></object><svg><script>alert(2)</script></svg><form action="/x"><input name=a></form>'
           '<p style="background:url(javascript:alert(3))">样式</p><img src="https://www.qingxi.gov.cn/a.png" onerror="x()">')


def test_hostile_body_is_stripped_to_the_allow_list() -> None:
    out = clean_html(HOSTILE)
    for bad in ("<script", "alert", "<style", "display:none", "<iframe", "evil.example", "data:", "javascript:",
                "onclick", "onerror", "<object", "<svg", "<form", "<input", "style="):
        assert bad not in out, bad
    assert "<p>正文</p>" in out and "<p>样式</p>" in out
    assert "数据链接" in out and "脚本链接" in out  # the words stay, the links go
    assert "<img" not in out  # another host's image (and a data: one) is dropped: CSP img-src 'self'
    own = clean_html('<p>图：</p><img src="/media/attachments/2026/01/chart.png" alt="图表">')
    assert own == '<p>图：</p><img src="/media/attachments/2026/01/chart.png" alt="图表">'
    assert external_images(HOSTILE) == ["data:image/png;base64,iVBORw0KGgo=", "https://www.qingxi.gov.cn/a.png"]


def test_word_paste_keeps_structure_and_drops_mso_junk() -> None:
    out = clean_html(WORD)
    for junk in ("mso-", "Mso", "<o:p", "o:p>", "<xml", "WordDocument", "StartFragment", "font-family", "lang=",
                 "class=", "style=", "<span", "&nbsp;</p>"):
        assert junk not in out, junk
    assert "<h2>一、总体要求</h2>" in out  # Word's heading 1 becomes the body's first heading level
    assert "<p>第一段正文，<b>加粗</b>内容。</p>" in out and "<p>第二段正文。</p>" in out
    assert re.search(r"<table><tbody><tr><td><p>项目</p></td><td><p>金额（万元）</p></td></tr>", out)
    assert "<td><p>12.5</p></td>" in out
    assert html_to_text(out).splitlines()[:3] == ["一、总体要求", "第一段正文，加粗内容。", "第二段正文。"]


def test_plain_text_keeps_its_paragraphs() -> None:
    text = "一、主动公开\n本机关主动公开的政府信息……\n\n　　二、依申请公开\n申请人可通过在线申请提出。"
    assert body_to_html(text) == ("<p>一、主动公开</p><p>本机关主动公开的政府信息……</p><p>二、依申请公开</p>"
                                  "<p>申请人可通过在线申请提出。</p>")
    assert body_to_html("收费标准<100元 & 其他\n第二行") == "<p>收费标准&lt;100元 &amp; 其他</p><p>第二行</p>"
    assert text_to_html("<b>不是标记</b>") == "<p>&lt;b&gt;不是标记&lt;/b&gt;</p>"


def test_drafted_plain_text_keeps_paragraphs_on_the_public_page(cast, client) -> None:
    doc = services.document_create(actor=cast.officer_a, organisation=cast.dept_a, data={
        "title": "段落测试", "body_html": "第一段。\r\n第二段。\r\n\r\n第三段。"})
    assert doc.body_html == "<p>第一段。</p><p>第二段。</p><p>第三段。</p>"
    services.document_submit(actor=cast.officer_a, document=doc)
    services.document_review(actor=cast.reviewer_a, document=doc, approve=True, secrecy_checked=True, opinion="同意")
    services.document_publish(actor=cast.publisher_a, document=doc)
    services.document_edit(actor=cast.officer_a, document=doc, data={"body_html": "改后第一段。\n改后第二段。"},
                           change_note="更正")
    assert doc.revisions.order_by("-number").first().data["body_html"] == "<p>改后第一段。</p><p>改后第二段。</p>"
    assert "<p>第一段。</p><p>第二段。</p><p>第三段。</p>" in client.get(doc.get_absolute_url()).content.decode()


PIECES = [*"<>/=\"' abcdefghijklmnopqrstuvwxyz:;&#正文", "<script>", "</script>", "<style>", "<iframe ", " onload=",
          "javascript:", "data:", "<img src=", "<a href=", "<p>", "</p>", "<!--", "-->", "<![if x]>"]


@given(st.lists(st.sampled_from(PIECES), max_size=60).map("".join))
def test_no_input_survives_outside_the_allow_list(value: str) -> None:
    out = body_to_html(value)
    tags = {t.lower() for t in re.findall(r"<\s*/?\s*([a-zA-Z][a-zA-Z0-9:]*)", out)}
    assert tags <= ALLOWED_TAGS
    for tag in re.findall(r"<[^>]+>", out):  # text may say "javascript:"; no tag may carry it
        assert not re.search(r"\son\w+\s*=", tag), tag
        for url in re.findall(r'(?:href|src)="([^"]*)"', tag):
            assert not url.lower().lstrip().startswith(("javascript:", "data:")), tag
        for src in re.findall(r'<img[^>]*\ssrc="([^"]*)"', tag):
            assert not re.match(r"^\s*(//|[a-z][a-z0-9+.-]*:)", src, re.I), tag
