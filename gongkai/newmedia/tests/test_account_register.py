from __future__ import annotations

from datetime import date

import pytest

from gongkai.core.exceptions import DomainError, NotFoundError, PermissionDeniedError
from gongkai.core.models import AuditEvent
from gongkai.newmedia import services
from gongkai.newmedia.models import Account, Filing


def test_register_creates_pending_account_with_open_filing(cast):
    filing = services.account_register(actor=cast.officer_a, organisation=cast.dept_a, platform="weibo",
                                       name="青溪财政微博", account_id="6012345678", sponsor="青溪县财政局",
                                       purpose="财政信息发布", opened_on=date(2026, 3, 1))
    assert filing.kind == Filing.Kind.OPEN and filing.status == Filing.Status.PENDING
    assert filing.account.status == "pending"
    assert AuditEvent.objects.filter(action="newmedia.filing_request", object_id=str(filing.account.pk)).exists()


def test_registered_twice_is_refused_and_nothing_added(cast):
    args = {"organisation": cast.dept_a, "platform": "wechat", "name": "青溪财政", "account_id": "gh_1", "sponsor": "财政局",
                "purpose": "发布"}
    services.account_register(actor=cast.officer_a, **args)
    with pytest.raises(DomainError, match="已经登记过"):
        services.account_register(actor=cast.officer_b, **(args | {"organisation": cast.dept_b}))
    assert Account.objects.count() == 1 and Filing.objects.count() == 1


def test_outsider_and_unrolled_users_cannot_register(cast):
    args = {"platform": "wechat", "name": "x", "account_id": "gh_2", "sponsor": "财政局", "purpose": "发布"}
    with pytest.raises(NotFoundError):
        services.account_register(actor=cast.officer_b, organisation=cast.dept_a, **args)
    with pytest.raises(PermissionDeniedError):
        services.account_register(actor=cast.reviewer_a, organisation=cast.dept_a, **args)
    assert not Account.objects.exists()


def test_required_fields_and_urls_are_checked(cast):
    with pytest.raises(DomainError, match="开设用途"):
        services.account_register(actor=cast.officer_a, organisation=cast.dept_a, platform="wechat", name="x",
                                  account_id="gh_3", sponsor="财政局", purpose=" ")
    with pytest.raises(DomainError, match="http"):
        services.account_register(actor=cast.officer_a, organisation=cast.dept_a, platform="wechat", name="x",
                                  account_id="gh_3", sponsor="财政局", purpose="发布", url="javascript:alert(1)")
    assert not Account.objects.exists()
