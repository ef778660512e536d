"""notify_subscribers: the receiver of `document_published`. Each active subscription whose topics, publishers,
keywords and trade match the new item gets one mail (with its feed and unsubscribe links), and the delivery is
recorded so it is never mailed twice. A system side effect: no actor, no role, no audit row (the
SubscriptionDelivery row is the record)."""

from __future__ import annotations

from datetime import date

from django.core import mail

from gongkai.publishing.models import Document, Status
from gongkai.qa.models import Subscription, SubscriptionDelivery
from gongkai.qa.services import notify_subscribers

TITLE = "青溪县关于餐饮行业燃气安全检查的通知"


def _doc(**extra) -> Document:
    fields = {"index_no": "11320199TC0000037X/2026-00001", "title": TITLE, "body_text": f"{TITLE}。各餐饮单位：……",
              "status": Status.PUBLISHED, "published_on": date(2026, 11, 2), "topic": "安全生产监管",
              "publisher_name": "青溪县市场监督管理局"} | extra
    return Document.objects.create(**fields)


def _sub(email: str, **extra) -> Subscription:
    fields = {"topics": [], "publishers": [], "keywords": "", "trade": "", "is_active": True} | extra
    return Subscription.objects.create(email=email, **fields)


def test_only_matching_active_subscriptions_are_mailed_once(db) -> None:
    doc = _doc()
    match = [_sub("topic@example.com", topics=["安全生产监管"]), _sub("pub@example.com", publishers=["青溪县市场监督管理局"]),
             _sub("word@example.com", keywords="渔业，燃气"), _sub("trade@example.com", trade="餐饮")]
    _sub("other-topic@example.com", topics=["财政、金融、审计"])
    _sub("other-pub@example.com", publishers=["青溪县财政局"])
    _sub("other-word@example.com", keywords="渔业")
    _sub("other-trade@example.com", trade="建筑")
    _sub("gone@example.com", is_active=False)

    assert notify_subscribers(None, document=doc) == 4
    assert sorted(m.to[0] for m in mail.outbox) == sorted(s.email for s in match)
    message = mail.outbox[0]
    assert message.subject == f"【政策推送】{TITLE}"
    assert doc.get_absolute_url() in message.body and "/qa/unsubscribe/" in message.body and "/qa/feed/" in message.body
    deliveries = SubscriptionDelivery.objects.filter(document=doc)
    assert {d.subscription.email for d in deliveries} == {s.email for s in match}
    assert all(d.sent_at is not None for d in deliveries)

    mail.outbox.clear()
    assert notify_subscribers(None, document=doc) == 0 and mail.outbox == []
    assert SubscriptionDelivery.objects.filter(document=doc).count() == 4


def test_publishing_a_document_sends_the_signal_it_listens_to(cast) -> None:
    from gongkai.publishing.tests.conftest import published

    _sub("all@example.com")
    doc = published(cast, "青溪县财政局关于专项资金绩效评价的通知", "青财绩〔2026〕1号", date(2026, 3, 2))
    assert [m.to[0] for m in mail.outbox] == ["all@example.com"]
    assert SubscriptionDelivery.objects.filter(document=doc, sent_at__isnull=False).count() == 1
