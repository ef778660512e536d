"""Feeds escape exactly once: feed readers read <title> and <description> as HTML, so the XML must carry
HTML-escaped text (after XML parsing: "&lt;script&gt;"), which a reader shows as the literal text."""

from __future__ import annotations

import html
from datetime import date

import lxml.html
from defusedxml import ElementTree

from gongkai.publishing import services
from gongkai.publishing.models import Document
from gongkai.qa import services as qa_services

TITLE = "<script>alert(1)</script> 关于A&B的通知"
PUBLISHER = "<img src=x onerror=alert(2)>青溪县财政局"
BODY = "<p>&lt;script&gt;alert(3)&lt;/script&gt; 预算公开 &amp; 解读</p>"


def _published(cast) -> Document:
    doc = services.document_create(actor=cast.officer_a, organisation=cast.dept_a, data={
        "title": TITLE, "body_html": BODY, "topic": "财政、金融、审计", "genre": "通知", "publisher_name": PUBLISHER,
        "written_on": date(2026, 9, 1)})
    services.document_submit(actor=cast.officer_a, document=doc)
    services.document_review(actor=cast.reviewer_a, document=doc, approve=True, secrecy_checked=True,
                             opinion="同意发布")
    return services.document_publish(actor=cast.publisher_a, document=doc)


def _items(xml: bytes) -> list[dict[str, str]]:
    root = ElementTree.fromstring(xml)
    return [{child.tag: child.text or "" for child in item} for item in root.iter("item")]


def _as_reader_sees(text: str) -> tuple[str, list[str]]:
    """What a reader that renders the field as HTML shows, and which elements it would create."""
    fragment = lxml.html.fragment_fromstring(f"<div>{text}</div>")
    return fragment.text_content(), [el.tag for el in fragment.iter() if el is not fragment]


def test_latest_feed_carries_text_escaped_once(cast, client) -> None:
    _published(cast)
    item = next(i for i in _items(client.get("/feed/").content) if "alert(1)" in i["title"])
    assert item["title"] == html.escape(TITLE)  # XML-unescaped once: still HTML-escaped
    assert _as_reader_sees(item["title"]) == (TITLE, [])
    shown, elements = _as_reader_sees(item["description"])
    assert elements == [] and PUBLISHER in shown


def test_subscription_feed_carries_body_text_escaped_once(cast, client) -> None:
    sub = qa_services.subscription_create(email="s@example.com", topics=["财政、金融、审计"], publishers=[], keywords="")
    qa_services.subscription_confirm(token=qa_services.confirm_token(sub))  # double opt-in
    _published(cast)
    xml = client.get(f"/qa/feed/{qa_services.feed_token(sub)}/").content
    item = next(i for i in _items(xml) if "alert(1)" in i["title"])
    shown, elements = _as_reader_sees(item["description"])
    assert elements == [] and "<script>alert(3)</script> 预算公开 & 解读" in shown
    assert _as_reader_sees(item["title"]) == (TITLE, [])
