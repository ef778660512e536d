"""Content-Security-Policy on every page, no inline script or style in our pages, assets local,
Swagger UI from our own static files; external images leave document bodies when saved."""

from __future__ import annotations

import lxml.html
import pytest
from django.contrib.messages import get_messages

from gongkai.publishing.models import Document

PAGES = ["/", "/search/?q=政务", "/policies/", "/zhuanlan/", "/qa/", "/apply/", "/apply/track/", "/accounts/login/"]
STAFF_PAGES = ["/staff/", "/staff/organisations/", "/staff/audit/", "/staff/applications/", "/staff/publishing/"]


def _inline_problems(body: str) -> list[str]:
    doc = lxml.html.fromstring(body)
    problems = []
    for script in doc.iter("script"):
        if not script.get("src") and script.get("type") not in ("application/json", "application/ld+json"):
            problems.append("inline <script>")
        elif script.get("src", "").startswith(("http:", "https:", "//")):
            problems.append(f"external script {script.get('src')}")
    problems += ["<style> element" for _ in doc.iter("style")]
    for el in doc.iter():
        if not isinstance(el.tag, str):
            continue
        if el.get("style"):
            problems.append(f"style attribute on <{el.tag}>")
        problems += [f"{name} handler on <{el.tag}>" for name in el.attrib if name.startswith("on")]
        for attr in ("href", "src"):
            if el.get(attr, "").strip().lower().startswith("javascript:"):
                problems.append(f"javascript: URL on <{el.tag}>")
    for link in doc.iter("link"):
        if link.get("href", "").startswith(("http:", "https:", "//")):
            problems.append(f"external stylesheet {link.get('href')}")
    return problems


def test_csp_header_forbids_inline_and_foreign_code(db, client) -> None:
    policy = client.get("/")["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";") if part.strip())
    assert directives["default-src"] == "'self'" and directives["script-src"] == "'self'"
    assert directives["style-src"] == "'self'" and directives["object-src"] == "'none'"
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
    assert directives["frame-ancestors"] == "'none'"


@pytest.mark.parametrize("url", PAGES)
def test_public_pages_have_no_inline_code(url: str, db, client) -> None:
    response = client.get(url)
    assert response.status_code == 200 and "Content-Security-Policy" in response
    assert _inline_problems(response.content.decode()) == []


def test_staff_pages_have_no_inline_code(cast, client) -> None:
    client.force_login(cast.supervisor)
    for url in STAFF_PAGES:
        response = client.get(url)
        assert response.status_code == 200, url
        assert _inline_problems(response.content.decode()) == [], url


def test_error_page_has_no_javascript_link(db, client) -> None:
    body = client.get("/documents/000000000/1999-99999/").content.decode()
    assert _inline_problems(body) == []


def test_swagger_ui_is_served_from_our_static_files(db, client) -> None:
    body = client.get("/api/v1/docs").content.decode()
    doc = lxml.html.fromstring(body)
    sources = [s.get("src") for s in doc.iter("script") if s.get("src")] + [link.get("href") for link in doc.iter("link")]
    assert any("swagger-ui-bundle.js" in s for s in sources)
    assert all(s.startswith("/static/") for s in sources), sources
    assert client.get(next(s for s in sources if s.endswith(".js"))).status_code == 200


def test_external_images_are_removed_on_save_with_a_note(cast, client) -> None:
    from gongkai.publishing.services import external_images, sanitise_html

    body = ('<p>正文<img src="http://tracker.example.com/p.png" alt="像素">'
            '<img src="//cdn.example.com/a.gif"><img src="/media/local.png" alt="本站图片"></p>')
    assert external_images(body) == ["http://tracker.example.com/p.png", "//cdn.example.com/a.gif"]
    cleaned = sanitise_html(body)
    assert "tracker" not in cleaned and "cdn.example" not in cleaned and 'src="/media/local.png"' in cleaned
    assert cleaned.count("<img") == 1
    client.force_login(cast.officer_a)
    response = client.post("/staff/publishing/new/", {
        "organisation": cast.dept_a.pk, "title": "关于图片的通知", "body_html": body, "topic": "综合政务", "genre": "通知",
        "kind": "policy", "written_on": "2026-09-01"})
    assert response.status_code == 302, response.content.decode()[:2000]
    doc = Document.objects.get(title="关于图片的通知")
    assert "tracker.example.com" not in doc.body_html and "/media/local.png" in doc.body_html
    notes = [str(m) for m in get_messages(response.wsgi_request)]
    assert any("2 张外部图片已移除" in n and "tracker.example.com" in n for n in notes)
