"""knowledge_create: an officer, reviewer or admin of the unit adds an answer to the 问答知识库; the entry, its
basis and its audit row are written together, and the next asker of that question gets it."""

from __future__ import annotations

from datetime import date

import pytest

from gongkai.core.exceptions import DomainError, NotFoundError, PermissionDeniedError
from gongkai.core.models import AuditEvent
from gongkai.qa import rules
from gongkai.qa.models import KnowledgeEntry, Question
from gongkai.qa.services import knowledge_create, question_ask

Q = "青溪县政府开放日在每月哪一天？"


def test_an_officer_adds_an_entry_that_answers_the_next_asker(cast) -> None:
    entry = knowledge_create(actor=cast.officer_a, organisation=cast.dept_a, question=f" {Q} ",
                             answer=" 每月第一个星期五。 ", valid_until=date(2027, 12, 31))
    entry.refresh_from_db()
    assert (entry.question, entry.answer, entry.question_key) == (Q, "每月第一个星期五。", rules.question_key(Q))
    assert entry.answered_by == cast.officer_a and entry.answered_by_name == "青溪县财政局 officer_a"
    assert entry.valid_until == date(2027, 12, 31)
    row = AuditEvent.objects.get(action="qa.kb_create", object_id=str(entry.pk))
    assert row.actor == cast.officer_a and row.organisation == cast.dept_a
    record, result = question_ask(question=Q)
    assert record.status == Question.Status.KB and result.answer.startswith("每月第一个星期五。")


def test_the_basis_is_kept(cast) -> None:
    from gongkai.publishing.tests.conftest import published

    doc = published(cast, "青溪县政府开放日活动方案", "青政办〔2026〕3号", date(2026, 3, 2))
    entry = knowledge_create(actor=cast.reviewer_a, organisation=cast.dept_a, question=Q, answer="见方案。",
                             basis=[doc])
    assert list(entry.basis.all()) == [doc]


@pytest.mark.parametrize(("who", "error"), [("publisher_a", PermissionDeniedError), ("nobody", NotFoundError),
                                            ("officer_b", NotFoundError)])
def test_others_may_not_add(cast, who, error) -> None:
    with pytest.raises(error):
        knowledge_create(actor=getattr(cast, who), organisation=cast.dept_a, question=Q, answer="每月第一个星期五。")
    assert not KnowledgeEntry.objects.exists() and not AuditEvent.objects.filter(action="qa.kb_create").exists()


def test_the_role_is_named_in_the_refusal(cast) -> None:
    with pytest.raises(PermissionDeniedError, match="维护问答知识库需要“经办人、审核人、管理员”角色"):
        knowledge_create(actor=cast.publisher_a, organisation=cast.dept_a, question=Q, answer="每月第一个星期五。")


@pytest.mark.parametrize(("question", "answer", "message"), [("？", "有。", "问题太短"), (Q, "  ", "答复不能为空")])
def test_bad_input_is_refused(cast, question, answer, message) -> None:
    with pytest.raises(DomainError, match=message):
        knowledge_create(actor=cast.officer_a, organisation=cast.dept_a, question=question, answer=answer)
    assert not KnowledgeEntry.objects.exists() and not AuditEvent.objects.filter(action="qa.kb_create").exists()
