"""user_create: an administrator creates an account; the password must pass Django's validators, the user
name must be free, and the audit row is written with the user in one transaction."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model

from gongkai.core.exceptions import DomainError
from gongkai.core.models import AuditEvent
from gongkai.core.services import user_create

User = get_user_model()


def test_an_admin_creates_a_user_and_it_is_audited(cast) -> None:
    user = user_create(actor=cast.admin, username="clerk_c", password="Qingxi-2026-strong", full_name="王五",
                       email="ww@example.com")
    user.refresh_from_db()
    assert (user.username, user.first_name, user.email) == ("clerk_c", "王五", "ww@example.com")
    assert user.check_password("Qingxi-2026-strong")
    row = AuditEvent.objects.get(action="user.create", object_id=str(user.pk))
    assert row.actor == cast.admin and row.after == {"username": "clerk_c"}


@pytest.mark.parametrize("who", ["officer_a", "supervisor", "nobody"])
def test_only_an_admin_creates_users(cast, who) -> None:
    with pytest.raises(DomainError, match="只有管理员可以新建用户"):
        user_create(actor=getattr(cast, who), username="clerk_c", password="Qingxi-2026-strong")
    assert not User.objects.filter(username="clerk_c").exists()
    assert not AuditEvent.objects.filter(action="user.create").exists()


def test_a_taken_name_and_a_weak_password_are_refused(cast) -> None:
    with pytest.raises(DomainError, match="用户名 officer_a 已存在"):
        user_create(actor=cast.admin, username="officer_a", password="Qingxi-2026-strong")
    with pytest.raises(DomainError, match="密码不符合要求"):
        user_create(actor=cast.admin, username="clerk_c", password="123")
    assert not User.objects.filter(username="clerk_c").exists()
    assert not AuditEvent.objects.filter(action="user.create").exists()
