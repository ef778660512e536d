"""question_dismiss: an officer sets a question aside (不予答复) with a reason; the role is checked and the
decision is an audit row written in the same transaction as the change (issue 11: a dismissal without an
audit row, and an audit moved outside its transaction, both passed the suite)."""

from __future__ import annotations

from unittest import mock

import pytest

from gongkai.core.exceptions import DomainError, NotFoundError, PermissionDeniedError
from gongkai.core.models import AuditEvent
from gongkai.qa import services
from gongkai.qa.models import Question


@pytest.fixture
def queued(db) -> Question:
    return Question.objects.create(text="青溪县有没有政府开放日活动？", question_key="青溪县有没有政府开放日活动",
                                   status=Question.Status.QUEUED)


def test_dismissal_is_recorded_with_its_reason(cast, queued) -> None:
    services.question_dismiss(actor=cast.officer_a, question=queued, organisation=cast.dept_a, reason="非政策咨询")
    queued.refresh_from_db()
    assert queued.status == Question.Status.DISMISSED
    row = AuditEvent.objects.get(action="qa.dismiss")
    assert (row.actor, row.organisation, row.object_id, row.reason) == (cast.officer_a, cast.dept_a, str(queued.pk),
                                                                        "非政策咨询")


@pytest.mark.parametrize(("who", "error"), [("reviewer_a", PermissionDeniedError), ("publisher_a", PermissionDeniedError),
                                            ("officer_b", NotFoundError), ("nobody", NotFoundError)])
def test_only_an_officer_admin_or_supervisor_of_the_unit_may_dismiss(cast, queued, who, error) -> None:
    with pytest.raises(error):
        services.question_dismiss(actor=getattr(cast, who), question=queued, organisation=cast.dept_a, reason="重复")
    queued.refresh_from_db()
    assert queued.status == Question.Status.QUEUED and not AuditEvent.objects.filter(action="qa.dismiss").exists()


@pytest.mark.parametrize("who", ["admin", "supervisor"])
def test_admin_and_supervisor_above_may_dismiss(cast, queued, who) -> None:
    services.question_dismiss(actor=getattr(cast, who), question=queued, organisation=cast.dept_a, reason="重复提问")
    assert AuditEvent.objects.filter(action="qa.dismiss", actor=getattr(cast, who)).count() == 1


def test_a_reason_is_required(cast, queued) -> None:
    with pytest.raises(DomainError, match="请说明不予答复的理由"):
        services.question_dismiss(actor=cast.officer_a, question=queued, organisation=cast.dept_a, reason="  ")
    queued.refresh_from_db()
    assert queued.status == Question.Status.QUEUED and not AuditEvent.objects.exists()


def test_a_failing_audit_undoes_the_dismissal(cast, queued) -> None:
    """The audit row is written inside the transaction: if it cannot be written, the change is undone."""
    with mock.patch.object(services, "audit", side_effect=RuntimeError("audit store down")), \
            pytest.raises(RuntimeError):
        services.question_dismiss(actor=cast.officer_a, question=queued, organisation=cast.dept_a, reason="重复")
    queued.refresh_from_db()
    assert queued.status == Question.Status.QUEUED


def test_a_failing_change_leaves_no_audit_row(cast, queued) -> None:
    """…and an audit row never outlives a change that failed (audit written before the transaction)."""
    with mock.patch.object(Question, "save", side_effect=RuntimeError("disk full")), pytest.raises(RuntimeError):
        services.question_dismiss(actor=cast.officer_a, question=queued, organisation=cast.dept_a, reason="重复")
    assert not AuditEvent.objects.filter(action="qa.dismiss").exists()
