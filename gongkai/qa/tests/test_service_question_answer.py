"""question_answer: an officer answers a queued question; the answer becomes a knowledge-base entry, the
question records who answered, an audit row is written, and an asker who left an e-mail is told."""

from __future__ import annotations

import pytest
from django.core import mail

from gongkai.core.exceptions import DomainError, PermissionDeniedError
from gongkai.core.models import AuditEvent
from gongkai.qa import services
from gongkai.qa.models import KnowledgeEntry, Question


@pytest.fixture
def queued(db) -> Question:
    return Question.objects.create(text="青溪县有没有政府开放日活动？", question_key="青溪县有没有政府开放日活动",
                                   status=Question.Status.QUEUED, contact_email="asker@example.org")


def test_the_answer_is_recorded_everywhere(cast, queued, django_capture_on_commit_callbacks) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        entry = services.question_answer(actor=cast.officer_a, question=queued, answer="  每年五月举办政府开放日。 ",
                                         organisation=cast.dept_a)
    entry.refresh_from_db()
    queued.refresh_from_db()
    assert (entry.question, entry.question_key, entry.answer, entry.organisation, entry.answered_by, entry.source) == (
        queued.text, queued.question_key, "每年五月举办政府开放日。", cast.dept_a, cast.officer_a,
        KnowledgeEntry.Source.OFFICER)
    assert entry.answered_by_name.startswith(f"{cast.dept_a.name} ") and len(entry.answered_by_name) > len(
        cast.dept_a.name) + 1
    assert list(entry.basis.all()) == []
    assert (queued.status, queued.answer, queued.answered_by, queued.knowledge_entry) == (
        Question.Status.ANSWERED, "每年五月举办政府开放日。", cast.officer_a, entry)
    assert queued.answered_at is not None
    row = AuditEvent.objects.get(action="qa.answer")
    assert (row.actor, row.organisation, row.object_id) == (cast.officer_a, cast.dept_a, str(queued.pk))
    assert len(mail.outbox) == 1
    sent = mail.outbox[0]
    assert (sent.subject, sent.to) == ("您的政策咨询已答复", ["asker@example.org"])
    assert sent.body.startswith(f"问题：{queued.text}\n\n答复：  每年五月举办政府开放日。 \n\n查看：")
    assert "/qa/follow/" in sent.body


def test_no_mail_without_an_address(cast, queued, django_capture_on_commit_callbacks) -> None:
    queued.contact_email = ""
    queued.save()
    with django_capture_on_commit_callbacks(execute=True):
        services.question_answer(actor=cast.officer_a, question=queued, answer="每年五月举办。", organisation=cast.dept_a)
    assert mail.outbox == []


def test_refusals(cast, queued) -> None:
    with pytest.raises(DomainError) as caught:
        services.question_answer(actor=cast.officer_a, question=queued, answer=" 四个字了 ", organisation=cast.dept_a)
    assert str(caught.value) == "答复内容过短，请给出明确答复及依据。"
    services.question_answer(actor=cast.officer_a, question=queued, answer="五个字以上", organisation=cast.dept_a)
    with pytest.raises(DomainError) as caught:
        services.question_answer(actor=cast.officer_a, question=queued, answer="再答一次可以吗", organisation=cast.dept_a)
    assert str(caught.value) == "该问题已处理，不在待答复队列中。"
    with pytest.raises(PermissionDeniedError):
        services.question_answer(actor=cast.publisher_a, question=Question.objects.create(
            text="另一个问题", question_key="另一个问题", status=Question.Status.QUEUED), answer="五个字以上",
            organisation=cast.dept_a)
    assert KnowledgeEntry.objects.count() == 1


def test_refusals_carry_their_code_field_and_action(cast, queued) -> None:
    """The API maps `code` and `field` onto its error body and the form onto the field; the role refusal
    names the action."""
    with pytest.raises(DomainError) as caught:
        services.question_answer(actor=cast.officer_a, question=queued, answer="短", organisation=cast.dept_a)
    assert (caught.value.code, caught.value.field) == ("invalid", "answer")
    with pytest.raises(PermissionDeniedError) as denied:
        services.question_answer(actor=cast.publisher_a, question=queued, answer="五个字以上", organisation=cast.dept_a)
    assert str(denied.value).startswith("答复提问需要“")
    with pytest.raises(PermissionDeniedError) as denied:
        services.question_dismiss(actor=cast.publisher_a, question=queued, organisation=cast.dept_a, reason="重复")
    assert str(denied.value).startswith("处理提问需要“")
    with pytest.raises(DomainError) as caught:
        services.question_dismiss(actor=cast.officer_a, question=queued, organisation=cast.dept_a, reason=" ")
    assert str(caught.value) == "请说明不予答复的理由（如：非政策咨询、重复提问）。"
    services.question_answer(actor=cast.officer_a, question=queued, answer="五个字以上", organisation=cast.dept_a)
    with pytest.raises(DomainError) as caught:
        services.question_answer(actor=cast.officer_a, question=queued, answer="五个字以上", organisation=cast.dept_a)
    assert (caught.value.code, caught.value.field) == ("wrong_state", None)


def test_a_dismissal_saves_only_the_status(cast, queued) -> None:
    queued.text = "改过的问题文本（未保存）"
    services.question_dismiss(actor=cast.officer_a, question=queued, organisation=cast.dept_a, reason="重复提问")
    queued.refresh_from_db()
    assert (queued.status, queued.text) == (Question.Status.DISMISSED, "青溪县有没有政府开放日活动？")


def test_the_basis_is_kept_and_the_audit_row_names_the_entry(cast, queued) -> None:
    from gongkai.publishing.models import Document

    doc = Document.objects.create(organisation=cast.dept_a, index_no=f"{cast.dept_a.credit_code}/2025-00001",
                                  title="关于开展政府开放日活动的通知")
    entry = services.question_answer(actor=cast.officer_a, question=queued, answer="每年五月举办政府开放日。",
                                     organisation=cast.dept_a, basis=[doc])
    assert list(entry.basis.all()) == [doc]
    assert AuditEvent.objects.get(action="qa.answer").after == {"knowledge_entry": entry.pk}
