"""document_review: 拟稿、审核、发布 kept apart. A drafter never approves their own item, even holding the
reviewer role (the admin holds both); returning it with reasons is allowed. Issue 11 listed "a drafter
approves their own item" among the mutants the suite missed."""

from __future__ import annotations

import pytest

from gongkai.core.exceptions import DomainError
from gongkai.core.models import AuditEvent
from gongkai.publishing import permissions, services
from gongkai.publishing.models import Document, Status


def _in_review(actor, organisation) -> Document:
    doc = services.document_create(actor=actor, organisation=organisation,
                                   data={"title": "青溪县审核分离测试", "body_html": "<p>正文。</p>"})
    services.document_submit(actor=actor, document=doc)
    doc.refresh_from_db()
    assert doc.status == Status.IN_REVIEW
    return doc


def _approve(actor, doc):
    return services.document_review(actor=actor, document=doc, approve=True, secrecy_checked=True, opinion="同意")


def test_an_admin_who_drafted_may_return_but_not_approve(cast) -> None:
    doc = _in_review(cast.admin, cast.dept_a)
    assert "reject" in permissions.allowed_actions(cast.admin, doc)
    assert "approve" not in permissions.allowed_actions(cast.admin, doc)
    with pytest.raises(DomainError, match="拟稿人不能审核自己起草的信息"):
        _approve(cast.admin, doc)
    doc.refresh_from_db()
    assert doc.status == Status.IN_REVIEW and doc.reviewed_by is None
    assert not doc.revisions.filter(approved_by__isnull=False).exists()
    assert not AuditEvent.objects.filter(action="document.approve").exists()


def test_another_reviewer_approves(cast) -> None:
    doc = _in_review(cast.admin, cast.dept_a)
    assert "approve" in permissions.allowed_actions(cast.reviewer_a, doc)
    _approve(cast.reviewer_a, doc)
    doc.refresh_from_db()
    revision = doc.revisions.get()
    assert doc.status == Status.APPROVED and doc.reviewed_by == cast.reviewer_a
    assert revision.approved_by == cast.reviewer_a and revision.secrecy_checked
    assert AuditEvent.objects.filter(action="document.approve", actor=cast.reviewer_a).count() == 1


def test_the_superuser_is_exempt_decision_0151(cast, django_user_model) -> None:
    root = django_user_model.objects.create_superuser("root", password="Test-password-2026")
    doc = _in_review(root, cast.dept_a)
    assert "approve" in permissions.allowed_actions(root, doc)
    _approve(root, doc)
    doc.refresh_from_db()
    assert doc.status == Status.APPROVED


def test_approval_needs_the_secrecy_check(cast) -> None:
    doc = _in_review(cast.officer_a, cast.dept_a)
    with pytest.raises(DomainError, match="保密审查"):
        services.document_review(actor=cast.reviewer_a, document=doc, approve=True, secrecy_checked=False,
                                 opinion="同意")
    doc.refresh_from_db()
    assert doc.status == Status.IN_REVIEW
