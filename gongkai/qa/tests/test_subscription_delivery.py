"""政策订阅 mails are claimed per subscription and item (SubscriptionDelivery, unique constraint
uniq_subscription_delivery): a rerun or a second worker at the same moment never mails an item twice."""

from __future__ import annotations

from collections import Counter
from datetime import date

from django.core import mail

from gongkai.core.tests.processes import run_twice_at_once
from gongkai.publishing.models import Document, Status
from gongkai.qa.models import Subscription, SubscriptionDelivery
from gongkai.qa.services import notify_subscribers_batch

TITLES = ["青溪县关于政务新媒体管理的通知", "青溪县2026年政务公开工作要点", "青溪县农村人居环境整治方案",
          "青溪县政务新媒体年度报表"]
JOB = ("from gongkai.publishing.models import Document\nfrom gongkai.qa.services import notify_subscribers_batch\n"
       "notify_subscribers_batch(None, documents=list(Document.objects.filter(status='published').order_by('pk')))")


def _documents() -> list[Document]:
    return [Document.objects.create(index_no=f"11320199TC0000037X/2026-{n:05d}", title=title, body_text=title,
                                    status=Status.PUBLISHED, published_on=date(2026, 11, 2), topic="综合政务")
            for n, title in enumerate(TITLES, start=1)]


def _subscriptions() -> dict[str, Subscription]:
    return {email: Subscription.objects.create(email=email, topics=[], publishers=[], keywords=words, is_active=True)
            for email, words in (("all@example.com", ""), ("media@example.com", "政务新媒体"),
                                 ("none@example.com", "渔业"))}


def test_rerun_mails_only_what_was_not_announced(db) -> None:
    docs = _documents()
    subs = _subscriptions()
    assert notify_subscribers_batch(None, documents=docs[:2]) == 2
    assert {m.to[0] for m in mail.outbox} == {"all@example.com", "media@example.com"}
    assert SubscriptionDelivery.objects.filter(sent_at__isnull=False).count() == 3  # all: 2 items, media: 1
    mail.outbox.clear()
    assert notify_subscribers_batch(None, documents=docs) == 2  # the same two again, plus two new items
    bodies = {m.to[0]: m.body for m in mail.outbox}
    assert TITLES[0] not in bodies["all@example.com"] and TITLES[2] in bodies["all@example.com"]
    assert TITLES[3] in bodies["media@example.com"] and TITLES[0] not in bodies["media@example.com"]
    mail.outbox.clear()
    assert notify_subscribers_batch(None, documents=docs) == 0 and mail.outbox == []
    assert not SubscriptionDelivery.objects.filter(subscription=subs["none@example.com"]).exists()


def test_two_processes_announce_each_item_once(transactional_db, tmp_path) -> None:
    _documents()
    _subscriptions()

    runs = run_twice_at_once(JOB, tmp_path)

    announced = Counter((to, title) for m in runs.mails for to in m["to"] for title in TITLES if title in m["body"])
    expected = {("all@example.com", t) for t in TITLES} | {("media@example.com", TITLES[0]),
                                                            ("media@example.com", TITLES[3])}
    assert set(announced) == expected
    assert all(count == 1 for count in announced.values()), announced
    assert runs.rows("SELECT COUNT(*), COUNT(sent_at) FROM qa_subscriptiondelivery") == [(6, 6)]
