"""The staff pages of redaction under /staff/applications/<pk>/redact/: upload, find, mark, preview,
release, downloads; outsiders get 404, anonymous visitors the login page."""

from __future__ import annotations

import pytest
from django.test import Client

from gongkai.applications import redaction
from gongkai.applications.models import Disclosure
from gongkai.applications.tests.letters_support import SECRET, make_encrypted_pdf, make_pdf, submitted, upload


@pytest.fixture
def officer(cast) -> Client:
    client = Client()
    client.force_login(cast.officer_a)
    return client


def test_upload_mark_preview_release_and_download(cast, officer) -> None:
    app = submitted(cast)
    base = f"/staff/applications/{app.pk}/redact/"
    assert officer.get(base).status_code == 200
    response = officer.post(base, {"title": "施工合同", "file": upload("合同.pdf", make_pdf([f"正文{SECRET}", "第二页"]))})
    disclosure = Disclosure.objects.get(application=app)
    assert response.status_code == 302 and response["Location"].endswith(f"/redact/{disclosure.pk}/")
    page = officer.get(f"{base}{disclosure.pk}/?q=合同单价")
    assert page.status_code == 200 and "共出现 1 处" in page.content.decode()
    response = officer.post(f"{base}{disclosure.pk}/", {"kind": "text", "reason": "art15_third_party", "text": SECRET})
    assert response.status_code == 302
    response = officer.post(f"{base}{disclosure.pk}/", {"kind": "page", "reason": "art16_process", "pages": "2"})
    assert response.status_code == 302 and disclosure.marks.count() == 2
    html = officer.get(f"{base}{disclosure.pk}/").content.decode()
    assert "公开件第 1 页" in html
    png = officer.get(f"{base}{disclosure.pk}/preview/1.png")
    assert png.status_code == 200 and png["Content-Type"] == "image/png" and png.content.startswith(b"\x89PNG")
    assert officer.post(f"{base}{disclosure.pk}/release/").status_code == 302
    copy = redaction.current_released(app)[0]
    download = officer.get(f"{base}released/{copy.pk}/")
    assert download.status_code == 200 and download["X-Content-Type-Options"] == "nosniff"
    assert SECRET not in redaction.pdf_all_text(download.content)
    original = officer.get(f"{base}{disclosure.pk}/original/")
    assert original.status_code == 200 and SECRET in redaction.pdf_all_text(original.content)


def test_bad_input_on_the_pages_gives_chinese_messages_not_500(cast, officer) -> None:
    app = submitted(cast)
    base = f"/staff/applications/{app.pk}/redact/"
    response = officer.post(base, {"file": upload("x.pdf", make_encrypted_pdf())})
    assert response.status_code == 400 and "已加密" in response.content.decode()
    disclosure = redaction.disclosure_upload(actor=cast.officer_a, application=app,
                                             file=upload("a.pdf", make_pdf([f"正文{SECRET}"])))
    for data, message in (({"kind": "text", "reason": "art15_third_party", "text": "没有的字"}, "没有找到"),
                          ({"kind": "page", "reason": "art15_third_party", "pages": "1-9"}, "页码应在 1 至 1"),
                          ({"kind": "region", "reason": "art15_third_party", "pages": "1", "x0": "1"}, "坐标"),
                          ({"kind": "text", "reason": "x", "text": SECRET}, "请从列表中选择")):
        response = officer.post(f"{base}{disclosure.pk}/", data)
        assert response.status_code == 400 and message in response.content.decode(), message
    assert officer.get(f"{base}{disclosure.pk}/preview/99.png").status_code == 404


def test_outsiders_and_anonymous_never_see_a_disclosure(cast) -> None:
    app = submitted(cast)
    disclosure = redaction.disclosure_upload(actor=cast.officer_a, application=app,
                                             file=upload("a.pdf", make_pdf([f"正文{SECRET}"])))
    base = f"/staff/applications/{app.pk}/redact/"
    other = Client()
    other.force_login(cast.officer_b)
    for url in (base, f"{base}{disclosure.pk}/", f"{base}{disclosure.pk}/original/", f"{base}{disclosure.pk}/preview/1.png"):
        assert other.get(url).status_code == 404
        assert Client().get(url).status_code == 302
