"""application_submit: the request (条例第二十九条), its receipt date (第三十一条) and its attachments."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import connection

from gongkai.applications import services
from gongkai.applications.models import ApplicantAttachment, Application, State
from gongkai.applications.tests.conftest import DATA, PDF, PNG
from gongkai.core.exceptions import DomainError, NotFoundError


def test_in_person_is_received_the_same_day_art_31(app) -> None:
    assert app.number.startswith("2026-YSQ-") and app.state == State.ACCEPTED
    assert app.received_on == date(2026, 9, 30) and app.reply_due == date(2026, 11, 3)
    assert app.correction_notice_due == date(2026, 10, 15) and not app.provisional
    assert list(app.events.values_list("kind", "actor_role")) == [("submit", "经办人"), ("accept", "经办人")]


def test_online_waits_for_confirmation(online) -> None:
    application, code = online
    assert application.state == State.PENDING and application.reply_due is None and len(code.replace("-", "")) == 16
    assert application.events.get().actor_role == "申请人"


@pytest.mark.parametrize(("field", "value"), [("name", ""), ("description", " ")])
def test_missing_required_fields_cite_art_29(cast, field: str, value: str) -> None:
    with pytest.raises(DomainError, match="第二十九条"):
        services.application_submit(actor=None, organisation=cast.dept_a, data=DATA | {field: value})
    assert not Application.objects.exists()


def test_bad_id_number_warns_but_does_not_block(cast) -> None:
    application, _ = services.application_submit(actor=None, organisation=cast.dept_a,
                                                 data=DATA | {"id_number": "110105194912310021"})
    assert "校验位应为 X" in application.id_warning


def test_future_submission_date_is_refused(cast) -> None:
    with pytest.raises(DomainError, match="不能晚于今天"):
        services.application_submit(actor=cast.officer_a, organisation=cast.dept_a, data=DATA, channel="in_person",
                                    submitted_on=date(2099, 1, 1))
    assert not Application.objects.exists()


def test_attachments_are_stored_encrypted_with_the_request(cast) -> None:
    application, _ = services.application_submit(actor=None, organisation=cast.dept_a, data=DATA,
                                                 attachments=[("身份证.pdf", PDF), ("委托书.png", PNG)])
    stored = list(application.attachments.order_by("pk"))
    assert [(a.name, a.content_type, a.source) for a in stored] == [
        ("身份证.pdf", "application/pdf", "intake"), ("委托书.png", "image/png", "intake")]
    assert stored[0].event == application.events.get(kind="submit")
    raw_file = stored[0].blob.read()
    assert b"%PDF" not in raw_file and "张三".encode() not in raw_file  # Fernet ciphertext at rest
    assert stored[0].blob.name.endswith(".bin") and "身份证" not in stored[0].blob.name
    with connection.cursor() as cursor:
        cursor.execute("SELECT name FROM applications_applicantattachment WHERE id = %s", [stored[0].pk])
        assert "身份证" not in cursor.fetchone()[0]  # the original file name is encrypted too


@pytest.mark.parametrize(("name", "content", "message"), [
    ("scan.pdf", b"MZ\x90\x00 an executable", "类型不允许"),
    ("empty.pdf", b"", "为空"),
])
def test_bad_attachments_are_refused_and_nothing_is_saved(cast, name, content, message) -> None:
    with pytest.raises(DomainError, match=message):
        services.application_submit(actor=None, organisation=cast.dept_a, data=DATA, attachments=[(name, content)])
    assert not Application.objects.exists() and not ApplicantAttachment.objects.exists()


def test_the_one_upload_limit_setting_applies(cast, settings) -> None:
    settings.MAX_ATTACHMENT_BYTES = len(PDF) - 1
    with pytest.raises(DomainError, match="过大"):
        services.application_submit(actor=None, organisation=cast.dept_a, data=DATA, attachments=[("a.pdf", PDF)])
    settings.MAX_ATTACHMENT_BYTES = len(PDF)
    services.application_submit(actor=None, organisation=cast.dept_a, data=DATA, attachments=[("a.pdf", PDF)])
    assert ApplicantAttachment.objects.count() == 1


def test_an_extension_that_lies_is_corrected_from_the_content(cast) -> None:
    application, _ = services.application_submit(actor=None, organisation=cast.dept_a, data=DATA,
                                                 attachments=[("照片.pdf", PNG)])
    assert application.attachments.get().name == "照片.png"


def test_tracking_code_is_hashed_and_wrong_codes_tell_nothing(online) -> None:
    from gongkai.applications.selectors import tracked

    application, code = online
    assert code not in application.tracking_hash
    assert tracked(application.number, code.lower()) == application
    with pytest.raises(NotFoundError) as wrong_code:
        tracked(application.number, "00000000")
    with pytest.raises(NotFoundError) as wrong_number:
        tracked("2026-YSQ-999999", code)
    assert str(wrong_code.value) == str(wrong_number.value)


def test_personal_data_encrypted_at_rest(app) -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT id_number, phone FROM applications_application WHERE id = %s", [app.pk])
        raw_id, raw_phone = cursor.fetchone()
    assert "11010519491231002X" not in raw_id and "13800138000" not in raw_phone
