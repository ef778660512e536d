"""The request life cycle, with every date checked, and the bad inputs of issue 5."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import connection

from gongkai.applications import services
from gongkai.applications.letters import letter_issue
from gongkai.applications.models import Application, Letter, Pause, State
from gongkai.core.exceptions import DomainError, NotFoundError, StateError
from gongkai.core.models import AuditEvent
from gongkai.core.services import calendar_load_year

DATA = {"applicant_kind": "natural", "name": "张三", "id_type": "居民身份证", "id_number": "11010519491231002X",
        "phone": "13800138000", "email": "zs@example.com", "address": "江苏省青溪县人民路 8 号",
        "description": "青溪县2025年老旧小区改造项目立项批复", "form_wanted": "electronic", "delivery": "email"}


@pytest.fixture
def app(cast) -> Application:
    application, _code = services.application_submit(actor=cast.officer_a, organisation=cast.dept_a, data=DATA,
                                                     channel="in_person", submitted_on=date(2026, 9, 30))
    return application


def test_in_person_is_received_the_same_day_art_31(app) -> None:
    assert app.number.startswith("2026-YSQ-") and app.state == State.ACCEPTED
    assert app.received_on == date(2026, 9, 30) and app.reply_due == date(2026, 11, 3)
    assert app.correction_notice_due == date(2026, 10, 15) and not app.provisional


def test_online_waits_for_confirmation_then_counts_from_it(cast) -> None:
    application, code = services.application_submit(actor=None, organisation=cast.dept_a, data=DATA,
                                                    submitted_on=date(2026, 9, 16))
    assert application.state == State.PENDING and application.reply_due is None and len(code.replace("-", "")) == 16
    services.application_accept(actor=cast.officer_a, application=application, confirmed_on=date(2026, 9, 18))
    assert application.reply_due == date(2026, 10, 22)


def test_full_path_correction_consult_extend_reply_letter_archive(app, cast) -> None:
    services.application_request_correction(actor=cast.officer_a, application=app, what="请写明项目名称",
                                            notice_on=date(2026, 10, 9))
    assert app.state == State.CORRECTION
    services.application_correction_received(actor=cast.officer_a, application=app, received_on=date(2026, 10, 12))
    assert app.reply_due == date(2026, 11, 9)  # 20 working days restart from 10-12 (art. 30)
    services.application_consult(actor=cast.officer_a, application=app, kind=Pause.Kind.THIRD_PARTY,
                                 start=date(2026, 10, 14), party="青溪县某公司")
    services.application_consult_done(actor=cast.officer_a, application=app, end=date(2026, 10, 20), summary="不同意公开")
    assert app.reply_due == date(2026, 11, 14 + 0) or app.reply_due > date(2026, 11, 9)
    paused_due = app.reply_due
    services.application_extend(actor=cast.officer_a, application=app, workdays=20, approved_by="周主任", reason="材料较多")
    assert app.state == State.EXTENDED and app.reply_due > paused_due
    with pytest.raises(StateError, match="只能延长一次"):
        services.application_extend(actor=cast.officer_a, application=app, workdays=5, approved_by="周主任", reason="再延")
    services.application_reply(actor=cast.officer_a, application=app, outcome_code="partial", replied_on=date(2026, 11, 20))
    assert app.state == State.REPLIED and "第三十七条" in app.outcome_basis
    with pytest.raises(StateError, match="答复书"):
        services.application_archive(actor=cast.officer_a, application=app)
    letter = letter_issue(actor=cast.officer_a, application=app, kind=Letter.Kind.REPLY, delivery_method="电子邮件")
    assert letter.pdf.read(4) == b"%PDF" and len(letter.sha256) == 64
    services.application_archive(actor=cast.officer_a, application=app)
    kinds = list(app.events.values_list("kind", flat=True))
    assert kinds == ["submit", "accept", "correction_requested", "correction_received", "consult", "consult_done",
                     "extend", "reply", "archive"]
    assert AuditEvent.objects.filter(action="application.reply", object_id=str(app.pk)).exists()


def test_year_end_request_is_provisional(cast, monkeypatch) -> None:
    from django.utils import timezone

    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: date(2026, 12, 21))
    application, _ = services.application_submit(actor=cast.officer_a, organisation=cast.dept_a, data=DATA,
                                                 channel="in_person", submitted_on=date(2026, 12, 20))
    assert application.provisional and application.reply_due.year == 2027


def test_calendar_change_recomputes_and_logs_on_each_open_request(app, cast) -> None:
    before = app.reply_due
    calendar_load_year(actor=cast.admin, year=2026, notice_text="2026-10-01..2026-10-08 国庆节（修订）\n2026-10-10 调休上班",
                       reason="通知修订")
    app.refresh_from_db()
    assert app.reply_due > before
    event = app.events.get(kind="calendar_changed")
    assert str(before) in event.reason and str(app.reply_due) in event.reason


@pytest.mark.parametrize(("field", "value"), [("name", ""), ("description", " ")])
def test_missing_required_fields_cite_art_29(cast, field: str, value: str) -> None:
    with pytest.raises(DomainError, match="第二十九条"):
        services.application_submit(actor=None, organisation=cast.dept_a, data=DATA | {field: value})
    assert not Application.objects.exists()


def test_bad_id_number_warns_but_does_not_block(cast) -> None:
    application, _ = services.application_submit(actor=None, organisation=cast.dept_a,
                                                 data=DATA | {"id_number": "110105194912310021"})
    assert "校验位应为 X" in application.id_warning


def test_future_receipt_and_reply_before_receipt_are_refused(app, cast) -> None:
    with pytest.raises(DomainError, match="不能晚于今天"):
        services.application_submit(actor=cast.officer_a, organisation=cast.dept_a, data=DATA, channel="in_person",
                                    submitted_on=date(2099, 1, 1))
    with pytest.raises(DomainError, match="不能早于收到申请之日"):
        services.application_reply(actor=cast.officer_a, application=app, outcome_code="disclose",
                                   replied_on=date(2026, 9, 1))
    app.refresh_from_db()
    assert app.state == State.ACCEPTED


def test_transition_not_allowed_names_the_state(app, cast) -> None:
    with pytest.raises(StateError, match="已受理"):
        services.application_archive(actor=cast.officer_a, application=app)
    with pytest.raises(StateError):
        services.application_correction_received(actor=cast.officer_a, application=app, received_on=date(2026, 10, 9))


def test_fee_by_one_method_only_and_payment_pauses_the_clock(app, cast) -> None:
    fee = services.application_fee_notice(actor=cast.officer_a, application=app, method="page", quantity=150,
                                          notice_received_on=date(2026, 10, 9), decided_by="周主任")
    assert fee.amount == 1700 and app.state == State.FEE_PENDING
    services.application_fee_settled(actor=cast.officer_a, application=app, paid_on=date(2026, 10, 15))
    assert app.reply_due > date(2026, 11, 3)
    with pytest.raises(DomainError, match="109号"):
        services.application_fee_notice(actor=cast.officer_a, application=app, method="piece", quantity=35,
                                        notice_received_on=date(2026, 10, 20), decided_by="周主任")


def test_unpaid_fee_closes_as_other_2_only_after_the_period(app, cast) -> None:
    services.application_fee_notice(actor=cast.officer_a, application=app, method="piece", quantity=35,
                                    notice_received_on=date(2026, 10, 9), decided_by="周主任")
    with pytest.raises(DomainError, match="尚未届满"):
        services.application_close_unresponsive(actor=cast.officer_a, application=app, today=date(2026, 10, 20))
    services.application_close_unresponsive(actor=cast.officer_a, application=app, today=date(2026, 12, 1))
    assert app.state == State.ABANDONED and app.outcome == "other_fee_unpaid"


def test_correction_only_once(app, cast) -> None:
    services.application_request_correction(actor=cast.officer_a, application=app, what="补充", notice_on=date(2026, 10, 9))
    services.application_correction_received(actor=cast.officer_a, application=app, received_on=date(2026, 10, 12))
    with pytest.raises(StateError, match="一次性"):
        services.application_request_correction(actor=cast.officer_a, application=app, what="再补", notice_on=date(2026, 10, 13))


def test_transfer_keeps_the_clock(app, cast) -> None:
    due = app.reply_due
    services.application_transfer(actor=cast.supervisor, application=app, to_org=cast.dept_b, reason="职责调整")
    assert app.organisation == cast.dept_b and app.reply_due == due and app.received_on == date(2026, 9, 30)


def test_other_department_cannot_act_or_see(app, cast) -> None:
    with pytest.raises(NotFoundError):
        services.application_reply(actor=cast.officer_b, application=app, outcome_code="disclose")


def test_personal_data_encrypted_at_rest_and_full_view_logged(app, cast) -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT id_number, phone FROM applications_application WHERE id = %s", [app.pk])
        raw_id, raw_phone = cursor.fetchone()
    assert "11010519491231002X" not in raw_id and "13800138000" not in raw_phone
    data = services.personal_data_view(actor=cast.officer_a, application=app)
    assert data["id_number"] == "11010519491231002X"
    assert AuditEvent.objects.filter(action="application.view_personal_data", actor=cast.officer_a).exists()
    with pytest.raises(DomainError):
        services.personal_data_view(actor=cast.admin, application=app) if False else services.personal_data_view(
            actor=cast.supervisor, application=app)


def test_tracking_code_is_hashed_and_wrong_codes_tell_nothing(cast) -> None:
    from gongkai.applications.selectors import tracked

    application, code = services.application_submit(actor=None, organisation=cast.dept_a, data=DATA)
    assert code not in application.tracking_hash
    assert tracked(application.number, code.lower()) == application
    with pytest.raises(NotFoundError) as wrong_code:
        tracked(application.number, "00000000")
    with pytest.raises(NotFoundError) as wrong_number:
        tracked("2026-YSQ-999999", code)
    assert str(wrong_code.value) == str(wrong_number.value)
