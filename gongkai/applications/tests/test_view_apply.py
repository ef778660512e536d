"""The public request form: the attachment is stored with the request (encrypted), validated by content."""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile

from gongkai.applications.models import Application
from gongkai.applications.tests.conftest import PDF

FORM = {"applicant_kind": "natural", "name": "李四", "id_type": "居民身份证", "id_number": "320102198505054321",
        "phone": "13900139000", "email": "ls@example.com", "address": "青溪县文昌路 2 号", "postal_code": "211299",
        "description": "青溪县2026年部门预算", "form_wanted": "electronic", "delivery": "email"}


def test_form_with_attachment_is_stored_and_tracked(cast, client) -> None:
    response = client.post("/apply/", FORM | {"organisation": cast.dept_a.pk,
                                              "attachment": SimpleUploadedFile("身份证.pdf", PDF)})
    assert response.status_code == 302
    app = Application.objects.get()
    assert app.number in client.get("/apply/done/").content.decode()
    stored = app.attachments.get()
    assert stored.name == "身份证.pdf" and stored.size == len(PDF) and stored.source == "intake"


def test_missing_fields_keep_input(cast, client) -> None:
    response = client.post("/apply/", FORM | {"organisation": cast.dept_a.pk, "description": ""})
    assert response.status_code == 400 and "青溪县文昌路 2 号" in response.content.decode()
    assert not Application.objects.exists()


def test_attachment_type_checked_by_content(cast, client) -> None:
    fake = SimpleUploadedFile("scan.pdf", b"MZ\x90\x00 this is an exe", content_type="application/pdf")
    response = client.post("/apply/", FORM | {"organisation": cast.dept_a.pk, "attachment": fake})
    assert response.status_code == 400 and "附件类型不允许" in response.content.decode()
    assert not Application.objects.exists()


def test_the_form_follows_the_one_upload_limit(cast, client, settings) -> None:
    """settings.MAX_ATTACHMENT_BYTES is the one limit: the form states it and refuses a file above it."""
    settings.MAX_ATTACHMENT_BYTES = 3 * 1024 * 1024
    assert "PDF/JPG/PNG/DOCX，3 MB 以内" in client.get("/apply/").content.decode()
    big = SimpleUploadedFile("身份证.pdf", PDF + b"0" * (3 * 1024 * 1024))
    response = client.post("/apply/", FORM | {"organisation": cast.dept_a.pk, "attachment": big})
    assert response.status_code == 400 and "上限 3 MB" in response.content.decode()
    assert not Application.objects.exists()
    settings.MAX_ATTACHMENT_BYTES = 30 * 1024 * 1024  # above the old fixed 10 MB: accepted
    fits = SimpleUploadedFile("身份证.pdf", PDF + b"0" * (11 * 1024 * 1024))
    assert client.post("/apply/", FORM | {"organisation": cast.dept_a.pk, "attachment": fits}).status_code == 302
