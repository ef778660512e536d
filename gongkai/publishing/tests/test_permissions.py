"""One table decides who may do what in which state: the services refuse exactly what the staff page
does not offer (publishing.permissions)."""

from __future__ import annotations

import pytest
from django.db import transaction

from gongkai.core.exceptions import DomainError
from gongkai.publishing import permissions, services
from gongkai.publishing.models import Document, Status


def _doc(cast, status: str) -> Document:
    doc = services.document_create(actor=cast.officer_a, organisation=cast.dept_a, data={
        "title": "权限测试", "body_html": "<p>正文。</p>"})
    steps = {
        Status.IN_REVIEW: ["submit"], Status.APPROVED: ["submit", "approve"],
        Status.PUBLISHED: ["submit", "approve", "publish"], Status.WITHDRAWN: ["submit", "approve", "publish", "withdraw"],
    }.get(status, [])
    for step in steps:
        _run(cast, doc, step, {"submit": cast.officer_a, "approve": cast.reviewer_a, "publish": cast.publisher_a,
                               "withdraw": cast.publisher_a}[step])
    doc.refresh_from_db()
    assert doc.status == status
    return doc


def _run(cast, doc: Document, action: str, actor) -> None:
    if action == "edit":
        services.document_edit(actor=actor, document=doc, data={"title": "权限测试（改）"}, change_note="改")
    elif action == "submit":
        services.document_submit(actor=actor, document=doc)
    elif action in ("approve", "reject"):
        services.document_review(actor=actor, document=doc, approve=action == "approve", secrecy_checked=True,
                                 opinion="意见")
    elif action == "publish":
        services.document_publish(actor=actor, document=doc)
    elif action == "withdraw":
        services.document_withdraw(actor=actor, document=doc, reason="理由")
    elif action == "attachment":
        services.attachment_add(actor=actor, document=doc, name="a.pdf", content=b"%PDF-1.4\n" + b"0" * 64)
    elif action == "validity":
        from django.utils import timezone

        services.document_set_validity(actor=actor, document=doc, validity="expired", on=timezone.localdate())
    else:
        raise AssertionError(f"no call for action {action!r}: add it here")


class _Undo(Exception):
    pass


@pytest.mark.parametrize("status", [Status.DRAFT, Status.IN_REVIEW, Status.APPROVED, Status.PUBLISHED, Status.WITHDRAWN])
def test_services_accept_exactly_the_actions_the_page_offers(cast, status: str) -> None:
    doc = _doc(cast, status)
    for who in ("officer_a", "reviewer_a", "publisher_a", "officer_b", "supervisor", "admin"):
        actor = getattr(cast, who)
        for action in permissions.RULES:
            doc.refresh_from_db()
            offered = action in permissions.allowed_actions(actor, doc)
            accepted = False
            try:
                with transaction.atomic():  # each attempt is undone, so every one starts from `status`
                    _run(cast, doc, action, actor)
                    accepted = True
                    raise _Undo
            except (DomainError, _Undo):
                pass
            assert offered == accepted, (who, status, action)


def test_the_drafter_may_not_approve_their_own_text(cast) -> None:
    cast.officer_a.memberships.create(organisation=cast.dept_a, role="reviewer")
    doc = _doc(cast, Status.IN_REVIEW)
    cast.officer_a._gongkai_memberships = None
    allowed = permissions.allowed_actions(cast.officer_a, doc)
    assert "reject" in allowed and "approve" not in allowed
    with pytest.raises(DomainError, match="拟稿人不能审核"):
        _run(cast, doc, "approve", cast.officer_a)


def test_a_published_item_without_pending_changes_offers_no_submission(cast) -> None:
    doc = _doc(cast, Status.PUBLISHED)
    assert "submit" not in permissions.allowed_actions(cast.publisher_a, doc)
    services.document_edit(actor=cast.officer_a, document=doc, data={"title": "新标题"}, change_note="更正标题")
    assert "submit" in permissions.allowed_actions(cast.publisher_a, doc)


def _buttons(client, doc: Document) -> set[str]:
    body = client.get(f"/staff/publishing/{doc.pk}/").content.decode()
    section = body[body.index('id="wf-h"'):body.index('id="att-h"')]
    labels = {"提交审核", "审核通过", "退回修改", ">发布<", "撤回</button>", ">修改</a>"}
    return {label for label in labels if label in section}


def test_page_shows_only_the_buttons_that_would_work(cast, client) -> None:
    doc = _doc(cast, Status.IN_REVIEW)
    client.force_login(cast.officer_a)
    assert _buttons(client, doc) == set()  # the drafter sees no 审核通过 on an item in review
    client.force_login(cast.reviewer_a)
    assert _buttons(client, doc) == {"审核通过", "退回修改"}
    published = _doc(cast, Status.PUBLISHED)
    client.force_login(cast.publisher_a)
    assert _buttons(client, published) == {"撤回</button>", ">修改</a>"}  # no 提交审核 on a published item
    client.force_login(cast.reviewer_a)
    assert _buttons(client, published) == set()


def test_conditions_refuse_with_their_own_words(cast) -> None:
    """Mutation testing (issue 11): each condition's refusal, word for word, and publishing needs a checked
    revision (条例第十七条) even when the table's role and state allow it."""
    approved = _doc(cast, Status.APPROVED)
    assert permissions.denial(cast.publisher_a, approved, "publish") is None
    approved.revisions.update(secrecy_checked=False)
    error = permissions.denial(cast.publisher_a, approved, "publish")
    assert str(error) == "该版本未经保密审查，不能发布（条例第十七条）。"
    approved.revisions.all().delete()
    assert str(permissions.denial(cast.publisher_a, approved, "publish")) == "没有可发布的版本。"
    published = _doc(cast, Status.PUBLISHED)
    assert str(permissions.denial(cast.publisher_a, published, "submit")) == "该信息没有未发布的修改，无需提交审核。"
    cast.officer_a.memberships.create(organisation=cast.dept_a, role="reviewer")
    in_review = _doc(cast, Status.IN_REVIEW)
    cast.officer_a._gongkai_memberships = None
    assert str(permissions.denial(cast.officer_a, in_review, "approve")) == "拟稿人不能审核自己起草的信息（拟稿、审核、发布分离）。"


def test_table_refusals_word_for_word_and_ownerless_items(cast, django_user_model) -> None:
    draft = _doc(cast, Status.DRAFT)
    assert str(permissions.denial(cast.reviewer_a, draft, "publish")) == "发布需要“发布人、管理员”角色。"
    assert str(permissions.denial(cast.publisher_a, draft, "publish")) == "只有审核通过的信息才能发布；当前状态为“拟稿”。"
    in_review = _doc(cast, Status.IN_REVIEW)
    assert str(permissions.denial(cast.officer_a, in_review, "edit")) == "待审核期间不能修改；请先由审核人退回。"
    assert str(permissions.denial(cast.publisher_a, in_review, "withdraw")) == "只有已发布的信息可以撤回。"
    withdrawn = _doc(cast, Status.WITHDRAWN)
    assert str(permissions.denial(cast.officer_a, withdrawn, "edit")) == "已撤回的信息不能修改。"
    assert str(permissions.denial(cast.officer_a, withdrawn, "submit")) == "当前状态为“已撤回”，不能提交审核。"
    # an ownerless import is the superuser's alone (decision 0151)
    Document.objects.filter(pk=draft.pk).update(organisation=None)
    draft.refresh_from_db()
    from gongkai.core.exceptions import NotFoundError

    assert isinstance(permissions.denial(cast.officer_a, draft, "edit"), NotFoundError)
    root = django_user_model.objects.create_superuser("root", "root@example.org", "pw-for-tests-only")
    assert permissions.denial(root, draft, "edit") is None
