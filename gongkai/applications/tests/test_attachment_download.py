"""attachment_download: the applicant's file, decrypted for the handling office, every download logged."""

from __future__ import annotations

import pytest

from gongkai.applications import services
from gongkai.applications.tests.conftest import DATA, PDF
from gongkai.core.exceptions import DomainError, NotFoundError, PermissionDeniedError
from gongkai.core.models import AuditEvent


@pytest.fixture
def with_file(cast):
    app, _ = services.application_submit(actor=None, organisation=cast.dept_a, data=DATA,
                                         attachments=[("身份证明.pdf", PDF)])
    return app


def test_handler_downloads_the_clear_file_and_it_is_logged(with_file, cast) -> None:
    item = with_file.attachments.get()
    got, content = services.attachment_download(actor=cast.officer_a, application=with_file, attachment_id=item.pk)
    assert content == PDF and got.name == "身份证明.pdf"
    assert AuditEvent.objects.get(action="application.attachment_download").after["attachment"] == item.pk


def test_others_cannot_and_nothing_is_logged(with_file, cast) -> None:
    item = with_file.attachments.get()
    with pytest.raises(PermissionDeniedError):
        services.attachment_download(actor=cast.reviewer_a, application=with_file, attachment_id=item.pk)
    with pytest.raises(NotFoundError):
        services.attachment_download(actor=cast.officer_b, application=with_file, attachment_id=item.pk)
    with pytest.raises(NotFoundError):
        services.attachment_download(actor=cast.officer_a, application=with_file, attachment_id=item.pk + 999)
    assert not AuditEvent.objects.filter(action="application.attachment_download").exists()


def test_a_tampered_file_is_refused(with_file, cast) -> None:
    from django.core.files.base import ContentFile

    from gongkai.applications.fields import fernet

    item = with_file.attachments.get()
    item.blob.save(item.blob.name.rsplit("/", 1)[-1], ContentFile(fernet().encrypt(b"%PDF-1.4 changed")), save=True)
    with pytest.raises(DomainError, match="校验失败"):
        services.attachment_download(actor=cast.officer_a, application=with_file, attachment_id=item.pk)


def test_the_page_names_the_file_safely(cast, client) -> None:
    """An applicant chooses the file name: quotes and line breaks must not reach the header."""
    app, _ = services.application_submit(actor=None, organisation=cast.dept_a, data=DATA,
                                         attachments=[('证明"材料\r\nX-Evil: 1.pdf', PDF)])
    item = app.attachments.get()
    client.force_login(cast.officer_a)
    response = client.post(f"/staff/applications/{app.pk}/attachments/{item.pk}/")
    assert response.status_code == 200 and response.content == PDF
    header = response["Content-Disposition"]
    assert header.startswith("attachment; filename=\"") and header.count('"') == 2
    assert "\r" not in header and "\n" not in header and "X-Evil" not in response.headers
    assert "filename*=UTF-8''" in header
