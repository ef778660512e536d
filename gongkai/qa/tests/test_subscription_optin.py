"""Double opt-in: nothing but the confirmation mail reaches an address before its owner confirms."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.core.management import call_command

from gongkai.core.exceptions import DomainError, NotFoundError
from gongkai.qa.models import Subscription
from gongkai.qa.services import subscription_confirm, subscription_create


def test_unconfirmed_subscription_gets_only_the_confirmation_mail(db, seeds_dir) -> None:
    sub = subscription_create(email="new@example.com", topics=[], publishers=[], keywords="政务公开")
    assert not sub.is_active and sub.confirmed_at is None
    assert [m.subject for m in mail.outbox] == ["请确认您的政策订阅"]
    call_command("import_documents", str(seeds_dir), verbosity=0)
    assert [m.subject for m in mail.outbox] == ["请确认您的政策订阅"]  # no 政策推送 before confirmation


def test_the_signed_link_in_the_mail_confirms_and_then_mails_arrive(db, seeds_dir, client) -> None:
    client.post("/qa/subscribe/", {"email": "citizen@example.com", "keywords": "政务新媒体"})
    link = re.search(r"/qa/subscribe/confirm/[^/\s]+/", mail.outbox[0].body)
    assert link is not None
    page = client.get(link.group(0))
    assert page.status_code == 200 and "订阅已确认" in page.content.decode()
    sub = Subscription.objects.get(email="citizen@example.com")
    assert sub.is_active and sub.confirmed_at is not None
    mail.outbox.clear()
    call_command("import_documents", str(seeds_dir), verbosity=0)
    assert [m.to for m in mail.outbox] == [["citizen@example.com"]]


def test_forged_or_expired_confirmation_is_a_404(db, settings, client) -> None:
    from django.core import signing

    assert client.get("/qa/subscribe/confirm/forged/").status_code == 404
    from unittest import mock

    sub = subscription_create(email="late@example.com", topics=[], publishers=[], keywords="养老")
    token = signing.dumps(sub.pk, salt="gongkai.qa.subscribe-confirm")
    with mock.patch("gongkai.qa.services.CONFIRM_MAX_AGE", -1), pytest.raises(NotFoundError):
        subscription_confirm(token=token)
    sub.refresh_from_db()
    assert not sub.is_active


def test_publisher_is_a_choice_from_the_library(db, seeds_dir, client) -> None:
    from django.core.cache import cache

    call_command("import_documents", str(seeds_dir), verbosity=0)
    cache.clear()  # the library's facets are cached for a minute
    page = client.get("/qa/subscribe/").content.decode()
    assert 'name="publishers" value="国务院办公厅"' in page and "涉企" not in page
    response = client.post("/qa/subscribe/", {"email": "a@example.com", "publishers": ["不存在的局"]})
    assert response.status_code == 400 and "未知的发文机关" in response.content.decode()
    with pytest.raises(DomainError):
        subscription_create(email="a@example.com", topics=[], publishers=["不存在的局"], keywords="",
                            known_publishers=["国务院办公厅"])
    assert not Subscription.objects.exists()
