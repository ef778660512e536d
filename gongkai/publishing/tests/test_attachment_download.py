"""Public attachments are served by the app (decision 0559): right type, a Chinese file name (RFC 5987),
nosniff; only those of published items; never a file outside MEDIA_ROOT."""

from __future__ import annotations

from urllib.parse import quote

import pytest
from django.urls import reverse

from gongkai.publishing import services
from gongkai.publishing.models import Attachment

PDF = b"%PDF-1.4\n% gongkai test attachment\n" + bytes(range(256)) * 8 + b"\n%%EOF\n"
NAME = "青溪县2026年部门预算表.pdf"


def _publish(cast, doc):
    services.document_submit(actor=cast.officer_a, document=doc)
    services.document_review(actor=cast.reviewer_a, document=doc, approve=True, secrecy_checked=True, opinion="同意")
    return services.document_publish(actor=cast.publisher_a, document=doc)


@pytest.fixture
def draft(cast):
    return services.document_create(actor=cast.officer_a, organisation=cast.dept_a, data={
        "title": "青溪县财政局关于公开2026年部门预算的通知", "body_text": "现将部门预算公开如下。", "genre": "通知"})


@pytest.fixture
def published(cast, draft):
    item = services.attachment_add(actor=cast.officer_a, document=draft, name=NAME, content=PDF)
    _publish(cast, draft)
    return item


def _body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def test_public_download_headers_and_bytes(client, published) -> None:
    response = client.get(published.get_absolute_url())
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment;")
    assert f"filename*=UTF-8''{quote(NAME)}" in disposition
    assert 'filename="2026.pdf"' in disposition  # the ASCII fallback keeps the extension
    assert response["Content-Length"] == str(len(PDF))
    assert response["ETag"] == f'"{published.sha256}"' and response["Cache-Control"] == "public, no-cache"
    assert _body(response) == PDF


def test_public_page_links_to_the_download_not_media(client, published) -> None:
    page = client.get(published.document.get_absolute_url()).content.decode()
    assert f'href="/attachments/{published.pk}/"' in page
    assert "/media/" not in page


def test_draft_attachment_is_404_for_the_public_but_staff_get_it(client, cast, draft) -> None:
    item = services.attachment_add(actor=cast.officer_a, document=draft, name=NAME, content=PDF)
    assert client.get(item.get_absolute_url()).status_code == 404
    staff_url = reverse("publishing_staff:attachment", args=[draft.pk, item.pk])
    client.force_login(cast.officer_a)
    response = client.get(staff_url)
    assert response.status_code == 200 and _body(response) == PDF
    assert response["X-Content-Type-Options"] == "nosniff" and "no-store" in response["Cache-Control"]
    detail = client.get(reverse("publishing_staff:detail", args=[draft.pk])).content.decode()
    assert f'href="{staff_url}"' in detail
    client.force_login(cast.officer_b)  # another department: outside the scope
    assert client.get(staff_url).status_code == 404


def test_in_review_and_approved_attachments_are_404(client, cast, draft) -> None:
    item = services.attachment_add(actor=cast.officer_a, document=draft, name=NAME, content=PDF)
    services.document_submit(actor=cast.officer_a, document=draft)
    assert client.get(item.get_absolute_url()).status_code == 404
    services.document_review(actor=cast.reviewer_a, document=draft, approve=True, secrecy_checked=True, opinion="同意")
    assert client.get(item.get_absolute_url()).status_code == 404


def test_withdrawn_item_attachment_is_404(client, cast, published) -> None:
    assert client.get(published.get_absolute_url()).status_code == 200
    services.document_withdraw(actor=cast.publisher_a, document=published.document, reason="内容已过时")
    assert client.get(published.get_absolute_url()).status_code == 404


def test_staff_url_checks_the_attachment_belongs_to_the_item(client, cast, draft, published) -> None:
    client.force_login(cast.officer_a)
    other = reverse("publishing_staff:attachment", args=[draft.pk + 1000, published.pk])
    assert client.get(other).status_code == 404


@pytest.mark.parametrize("stored_name", ["../../../../etc/passwd", "/etc/passwd", "attachments/../../secret.txt"])
def test_stored_name_outside_media_root_is_404(client, published, settings, tmp_path, stored_name) -> None:
    (tmp_path / "secret.txt").write_text("secret")
    Attachment.objects.filter(pk=published.pk).update(file=stored_name)
    response = client.get(published.get_absolute_url())
    assert response.status_code == 404
    assert b"root:" not in response.content and b"secret" not in response.content


@pytest.mark.parametrize("path", ["/attachments/../../etc/passwd", "/attachments/%2e%2e%2f%2e%2e%2fetc%2fpasswd/",
                                  "/attachments/1%2f..%2f..%2fsettings.py/", "/attachments/-1/",
                                  "/media/attachments/"])
def test_traversal_urls_are_404(client, published, path) -> None:
    response = client.get(path)
    assert response.status_code == 404
    assert PDF not in response.content


def test_missing_file_is_404(client, published) -> None:
    published.file.storage.delete(published.file.name)
    assert client.get(published.get_absolute_url()).status_code == 404


def test_nginx_mode_hands_over_with_x_accel_redirect(client, published, settings) -> None:
    settings.ATTACHMENT_SENDFILE = "nginx"
    response = client.get(published.get_absolute_url())
    assert response.status_code == 200 and response.content == b""
    assert response["X-Accel-Redirect"] == "/protected-media/" + quote(published.file.name)
    assert response["Content-Type"] == "application/pdf" and response["X-Content-Type-Options"] == "nosniff"
    assert f"filename*=UTF-8''{quote(NAME)}" in response["Content-Disposition"]


def test_apache_mode_hands_over_with_x_sendfile(client, published, settings) -> None:
    settings.ATTACHMENT_SENDFILE = "apache"
    response = client.get(published.get_absolute_url())
    assert response.status_code == 200 and response.content == b""
    assert response["X-Sendfile"] == quote(published.file.path)  # ASCII: mod_xsendfile percent-decodes it
    settings.ATTACHMENT_SENDFILE = ""
    Attachment.objects.filter(pk=published.pk).update(file="../../etc/passwd")
    settings.ATTACHMENT_SENDFILE = "apache"
    assert client.get(published.get_absolute_url()).status_code == 404
