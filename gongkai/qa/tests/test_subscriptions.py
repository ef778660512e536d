from __future__ import annotations

import pytest
from django.core import mail

from gongkai.core.exceptions import DomainError, NotFoundError
from gongkai.qa.models import Subscription
from gongkai.qa.services import (
    confirm_token,
    subscription_cancel,
    subscription_confirm,
    subscription_create,
    unsubscribe_token,
)


def confirmed(**kwargs: object) -> Subscription:
    """A subscription whose owner followed the confirmation link (double opt-in)."""
    sub = subscription_create(**kwargs)  # type: ignore[arg-type]
    sub = subscription_confirm(token=confirm_token(sub))
    mail.outbox.clear()
    return sub


def test_bad_email_is_refused(db) -> None:
    with pytest.raises(DomainError) as info:
        subscription_create(email="not-an-email", topics=["综合政务"], publishers=[], keywords="")
    assert "格式不正确" in str(info.value) and not Subscription.objects.exists()


def test_matching_publication_mails_subscriber_and_one_click_unsubscribe(db, seeds_dir, client) -> None:
    from django.core.management import call_command

    sub = confirmed(email="firm@example.com", topics=["综合政务"], publishers=[], keywords="政务新媒体")
    other = confirmed(email="farm@example.com", topics=["农业、林业、水利"], publishers=[], keywords="")
    call_command("import_documents", str(seeds_dir), verbosity=0)
    recipients = [m.to[0] for m in mail.outbox]
    assert "firm@example.com" in recipients and other.email not in recipients
    response = client.get(f"/qa/unsubscribe/{unsubscribe_token(sub)}/")
    assert response.status_code == 200
    sub.refresh_from_db()
    assert not sub.is_active
    with pytest.raises(NotFoundError):
        subscription_cancel(token="forged-token")


def test_rss_feed_lists_matching_items_and_refuses_forged_or_cancelled(db, seeds_dir, client) -> None:
    from django.core.management import call_command

    from gongkai.qa.services import feed_token

    sub = confirmed(email="firm@example.com", topics=[], publishers=[], keywords="政务新媒体")
    call_command("import_documents", str(seeds_dir), verbosity=0)
    response = client.get(f"/qa/feed/{feed_token(sub)}/")
    assert response.status_code == 200 and response["Content-Type"].startswith("application/rss+xml")
    body = response.content.decode()
    assert body.count("<item>") >= 1 and "政务公开工作要点" in body
    # The feed token is not an unsubscribe token, and a forged one is a 404, not a 500.
    assert client.get(f"/qa/unsubscribe/{feed_token(sub)}/").status_code == 404
    assert client.get("/qa/feed/forged/").status_code == 404
    subscription_cancel(token=unsubscribe_token(sub))
    assert client.get(f"/qa/feed/{feed_token(sub)}/").status_code == 404


def test_an_import_sends_each_subscriber_one_mail_listing_its_items(db, seeds_dir) -> None:
    from django.core.management import call_command

    from gongkai.publishing.models import Document

    confirmed(email="all@example.com", topics=[], publishers=[], keywords="政务公开")
    call_command("import_documents", str(seeds_dir), verbosity=0)
    to_all = [m for m in mail.outbox if m.to == ["all@example.com"]]
    matching = [d for d in Document.objects.all() if "政务公开" in f"{d.title} {d.keywords} {d.body_text}"]
    assert len(matching) >= 2
    assert len(to_all) == 1
    assert f"{len(matching)} 条新公开文件" in to_all[0].subject
    assert all(doc.get_absolute_url() in to_all[0].body for doc in matching)
