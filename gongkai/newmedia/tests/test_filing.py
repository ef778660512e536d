from __future__ import annotations

from datetime import date

import pytest

from gongkai.core.exceptions import DomainError, NotFoundError, PermissionDeniedError, StateError
from gongkai.core.models import AuditEvent
from gongkai.newmedia import services
from gongkai.newmedia.models import Filing, Warning

from .factories import live_account


def test_supervisor_approval_opens_and_records_who(cast):
    account = live_account(cast)
    assert account.status == "active" and account.opened_on == date(2026, 1, 5)
    filing = account.filings.get()
    assert filing.status == Filing.Status.APPROVED and filing.decided_by == cast.supervisor
    assert AuditEvent.objects.filter(action="newmedia.filing_approve", object_id=str(account.pk)).exists()


def test_only_the_supervising_office_decides(cast):
    filing = services.account_register(actor=cast.officer_a, organisation=cast.dept_a, platform="wechat",
                                       name="x", account_id="gh_9", sponsor="s", purpose="p")
    with pytest.raises(PermissionDeniedError):
        services.filing_decide(actor=cast.officer_a, filing=filing, approve=True)
    with pytest.raises(NotFoundError):
        services.filing_decide(actor=cast.officer_b, filing=filing, approve=True)
    filing.refresh_from_db()
    assert filing.status == Filing.Status.PENDING and filing.account.status == "pending"


def test_requester_cannot_approve_own_filing(cast):
    from gongkai.core.models import Membership, Role

    Membership.objects.create(user=cast.officer_a, organisation=cast.gov, role=Role.SUPERVISOR)
    filing = services.account_register(actor=cast.officer_a, organisation=cast.dept_a, platform="wechat",
                                       name="x", account_id="gh_8", sponsor="s", purpose="p")
    with pytest.raises(PermissionDeniedError, match="自己申报"):
        services.filing_decide(actor=cast.officer_a, filing=filing, approve=True)


def test_rejection_needs_a_reason_and_keeps_the_account_pending(cast):
    filing = services.account_register(actor=cast.officer_a, organisation=cast.dept_a, platform="wechat",
                                       name="x", account_id="gh_7", sponsor="s", purpose="p")
    with pytest.raises(DomainError, match="理由"):
        services.filing_decide(actor=cast.supervisor, filing=filing, approve=False)
    services.filing_decide(actor=cast.supervisor, filing=filing, approve=False, note="账号名称不规范")
    filing.account.refresh_from_db()
    assert filing.account.status == "pending"
    with pytest.raises(StateError, match="不能重复审核"):
        services.filing_decide(actor=cast.supervisor, filing=filing, approve=True)


def test_change_then_shut_then_cancel(cast):
    account = live_account(cast)
    change = services.filing_request(actor=cast.officer_a, account=account, kind="change", reason="更名",
                                     effective_on=date(2026, 6, 1), changes={"name": "青溪财政发布"})
    with pytest.raises(StateError, match="尚未审核"):
        services.filing_request(actor=cast.officer_a, account=account, kind="shut", reason="x",
                                effective_on=date(2026, 6, 2))
    services.filing_decide(actor=cast.supervisor, filing=change, approve=True)
    account.refresh_from_db()
    assert account.name == "青溪财政发布" and account.status == "active"
    shut = services.filing_request(actor=cast.officer_a, account=account, kind="shut", reason="长期无力运维",
                                   effective_on=date(2026, 7, 1))
    services.filing_decide(actor=cast.supervisor, filing=shut, approve=True)
    account.refresh_from_db()
    assert account.status == "shut" and account.closed_on == date(2026, 7, 1)
    with pytest.raises(StateError, match="已关停"):
        services.filing_request(actor=cast.officer_a, account=account, kind="change", reason="x",
                                effective_on=date(2026, 7, 2), changes={"name": "y"})
    cancel = services.filing_request(actor=cast.officer_a, account=account, kind="cancel", reason="注销",
                                     effective_on=date(2026, 8, 1))
    services.filing_decide(actor=cast.supervisor, filing=cancel, approve=True)
    account.refresh_from_db()
    assert account.status == "cancelled"


def test_merge_needs_another_live_account_and_closes_warnings(cast):
    a = live_account(cast)
    b = live_account(cast, platform="wechat", account_id="gh_two", name="青溪财政二")
    Warning.objects.create(account=a, kind="stale", severity="warn", detail="x", detected_on=date(2026, 5, 1))
    with pytest.raises(DomainError, match="整合"):
        services.filing_request(actor=cast.officer_a, account=a, kind="merge", reason="合并", effective_on=date(2026, 6, 1))
    merge = services.filing_request(actor=cast.officer_a, account=a, kind="merge", reason="合并",
                                    effective_on=date(2026, 6, 1), merge_into=b)
    services.filing_decide(actor=cast.supervisor, filing=merge, approve=True)
    a.refresh_from_db()
    assert a.status == "merged" and a.merged_into == b
    assert not a.warnings.filter(resolved_on__isnull=True).exists()


def test_change_must_change_something(cast):
    account = live_account(cast)
    with pytest.raises(DomainError, match="至少要改变"):
        services.filing_request(actor=cast.officer_a, account=account, kind="change", reason="x",
                                effective_on=date(2026, 6, 1), changes={"name": account.name})
    assert account.filings.count() == 1
