"""membership_revoke: an administrator of the organisation (or of its government) takes a role away, with a
reason; the audit row, written in the same transaction, keeps who had which role."""

from __future__ import annotations

import pytest

from gongkai.core.exceptions import DomainError
from gongkai.core.models import AuditEvent, Membership, Role
from gongkai.core.services import membership_revoke


def _officer_a_membership(cast) -> Membership:
    return Membership.objects.get(user=cast.officer_a, organisation=cast.dept_a, role=Role.OFFICER)


def test_the_government_admin_revokes_and_the_row_is_audited(cast) -> None:
    membership = _officer_a_membership(cast)
    pk = membership.pk
    membership_revoke(actor=cast.admin, membership=membership, reason="岗位调整")
    assert not Membership.objects.filter(pk=pk).exists()
    assert Membership.objects.filter(user=cast.reviewer_a).exists()  # only that one role
    row = AuditEvent.objects.get(action="membership.revoke", object_id=str(pk))
    assert row.actor == cast.admin and row.organisation == cast.dept_a and row.reason == "岗位调整"
    assert row.before == {"user": "officer_a", "role": Role.OFFICER}


@pytest.mark.parametrize("who", ["officer_b", "reviewer_a", "supervisor", "nobody"])
def test_others_may_not_revoke(cast, who) -> None:
    membership = _officer_a_membership(cast)
    with pytest.raises(DomainError, match="只有该机构或其上级政府的管理员可以维护机构和角色"):
        membership_revoke(actor=getattr(cast, who), membership=membership, reason="越权")
    assert Membership.objects.filter(pk=membership.pk).exists()
    assert not AuditEvent.objects.filter(action="membership.revoke").exists()


def test_a_reason_is_required(cast) -> None:
    membership = _officer_a_membership(cast)
    with pytest.raises(DomainError, match="撤销角色必须填写理由"):
        membership_revoke(actor=cast.admin, membership=membership, reason="  ")
    assert Membership.objects.filter(pk=membership.pk).exists()
    assert not AuditEvent.objects.filter(action="membership.revoke").exists()
