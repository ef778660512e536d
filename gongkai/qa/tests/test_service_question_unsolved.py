"""question_unsolved: "没有解决我的问题". A question the knowledge base (or the library) answered joins the
officers' queue, once per asker, with an audit row naming the public asker; a bad question is refused."""

from __future__ import annotations

import pytest

from gongkai.core.exceptions import DomainError
from gongkai.core.models import AuditEvent
from gongkai.qa.models import Question
from gongkai.qa.services import asker_key, knowledge_create, question_unsolved

Q = "青溪县政府开放日在每月哪一天？"


@pytest.fixture
def kb(cast):
    return knowledge_create(actor=cast.officer_a, organisation=cast.dept_a, question=Q, answer="每月第一个星期五。")


def test_an_answered_question_joins_the_queue_audited(kb) -> None:
    asker = asker_key("session", "abc")
    record = question_unsolved(question=Q, asker=asker, contact_email="zs@example.com")
    record.refresh_from_db()
    assert (record.status, record.contact_email, record.asker_key) == (Question.Status.QUEUED, "zs@example.com", asker)
    row = AuditEvent.objects.get(action="qa.unsolved", object_id=str(record.pk))
    assert row.actor is None and row.actor_name == "公众（提问人）"
    assert (row.before, row.after) == ({"status": "kb"}, {"status": "queued"})


def test_the_same_asker_twice_is_one_question_one_audit(kb) -> None:
    asker = asker_key("session", "abc")
    first = question_unsolved(question=Q, asker=asker)
    second = question_unsolved(question=Q, asker=asker, contact_email="zs@example.com")
    assert first.pk == second.pk and Question.objects.count() == 1
    assert AuditEvent.objects.filter(action="qa.unsolved").count() == 1


def test_a_question_already_queued_is_not_audited_again(cast) -> None:
    record = question_unsolved(question="青溪县今年有没有发放养鸽子补贴的安排？", asker=asker_key("session", "x"))
    assert record.status == Question.Status.QUEUED
    assert not AuditEvent.objects.filter(action="qa.unsolved").exists()


@pytest.mark.parametrize(("question", "email", "message"), [
    ("？", "", "问题太短"), ("", "", "请输入您的问题"), (Q, "not-an-email", "电子邮箱“not-an-email”格式不正确")])
def test_bad_input_is_refused(kb, question, email, message) -> None:
    with pytest.raises(DomainError, match=message):
        question_unsolved(question=question, asker=asker_key("session", "abc"), contact_email=email)
    assert not Question.objects.exists() and not AuditEvent.objects.filter(action="qa.unsolved").exists()
