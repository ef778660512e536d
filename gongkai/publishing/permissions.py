"""Who may do what to a 公开信息, in which state: one table read by the services (which refuse) and by
the staff pages (which show only the buttons that would work).

The chain is 拟稿 → 提交审核 → 审核（含保密审查，条例第十四条至第十六条） → 发布 → 撤回, with 拟稿、审核、发布
kept apart (a drafter does not approve their own text). Outside the viewer's scope every action
answers 404, as every read does.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from gongkai.core.exceptions import DomainError, NotFoundError, StateError
from gongkai.core.models import Role
from gongkai.core.selectors import has_role, visible_org_ids
from gongkai.publishing.models import Document, Revision, Status

DRAFTERS = (Role.OFFICER, Role.PUBLISHER, Role.ADMIN)
REVIEWERS = (Role.REVIEWER, Role.ADMIN)
PUBLISHERS = (Role.PUBLISHER, Role.ADMIN)


@dataclass(frozen=True)
class Rule:
    label: str  # the verb, as in "提交审核需要…角色"
    roles: tuple[str, ...]
    states: tuple[str, ...]
    wrong_state: str  # why the action is refused in any other state


RULES: dict[str, Rule] = {
    "edit": Rule("修改", DRAFTERS, (Status.DRAFT, Status.APPROVED, Status.PUBLISHED), "当前状态下不能修改。"),
    "submit": Rule("提交审核", DRAFTERS, (Status.DRAFT, Status.PUBLISHED), "当前状态为“{status}”，不能提交审核。"),
    "approve": Rule("审核", REVIEWERS, (Status.IN_REVIEW,), "当前状态为“{status}”，不在待审核状态。"),
    "reject": Rule("审核", REVIEWERS, (Status.IN_REVIEW,), "当前状态为“{status}”，不在待审核状态。"),
    "publish": Rule("发布", PUBLISHERS, (Status.APPROVED,), "只有审核通过的信息才能发布；当前状态为“{status}”。"),
    "withdraw": Rule("撤回", PUBLISHERS, (Status.PUBLISHED,), "只有已发布的信息可以撤回。"),
    "validity": Rule("变更有效性", PUBLISHERS, (Status.PUBLISHED,), "只有已发布的文件可以变更有效性；当前状态为“{status}”。"),
    "attachment": Rule("上传附件", DRAFTERS, (Status.DRAFT, Status.IN_REVIEW, Status.APPROVED, Status.PUBLISHED),
                       "已撤回的信息不能再上传附件。"),
}
# Messages that say more than the generic one for a state.
_EDIT_STATE_MESSAGES = {Status.IN_REVIEW: "待审核期间不能修改；请先由审核人退回。",
                        Status.WITHDRAWN: "已撤回的信息不能修改。"}


def pending_revision(document: Document) -> Revision | None:
    """The newest revision: the one a submission, a review and a publication are about."""
    return document.revisions.order_by("-number").first()


def denial(actor: Any, document: Document, action: str) -> DomainError | None:
    """Why `actor` may not do `action` to `document` now, or None when they may."""
    rule = RULES[action]
    superuser = bool(getattr(actor, "is_superuser", False))
    if document.organisation is None:
        # An ownerless import is the superuser's alone (decision 0151).
        if not superuser:
            return NotFoundError()
    elif not superuser:
        if document.organisation_id not in visible_org_ids(actor):
            return NotFoundError()
        if not has_role(actor, document.organisation, rule.roles):
            from gongkai.core.exceptions import PermissionDeniedError

            names = "、".join(Role(r).label for r in rule.roles)
            return PermissionDeniedError(f"{rule.label}需要“{names}”角色。")
    if document.status not in rule.states:
        if action == "edit" and document.status in _EDIT_STATE_MESSAGES:
            return StateError(_EDIT_STATE_MESSAGES[Status(document.status)])
        return StateError(rule.wrong_state.format(status=document.get_status_display()))
    return _condition(actor, document, action, superuser)


def _condition(actor: Any, document: Document, action: str, superuser: bool) -> DomainError | None:
    if action == "submit" and document.status == Status.PUBLISHED:
        pending = pending_revision(document)
        if pending is None or pending.is_live:
            return StateError("该信息没有未发布的修改，无需提交审核。")
    if action == "approve" and not superuser and document.drafted_by_id == getattr(actor, "pk", None):
        return DomainError("拟稿人不能审核自己起草的信息（拟稿、审核、发布分离）。")
    if action == "publish":
        pending = pending_revision(document)
        if pending is None:
            return StateError("没有可发布的版本。")
        if not pending.secrecy_checked:
            return StateError("该版本未经保密审查，不能发布（条例第十七条）。")
    return None


def check(actor: Any, document: Document, action: str) -> None:
    """Raise the reason `actor` may not do `action` now (services call this before anything else)."""
    error = denial(actor, document, action)
    if error is not None:
        raise error


def allowed_actions(actor: Any, document: Document) -> set[str]:
    """The actions whose buttons the staff page shows for this user and state."""
    return {name for name in RULES if denial(actor, document, name) is None}
