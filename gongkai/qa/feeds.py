"""RSS per subscription (涉企政策精准推送): the latest public items matching the subscription's filters."""

from __future__ import annotations

from datetime import datetime, time
from typing import Any

from django.contrib.syndication.views import Feed
from django.http import Http404, HttpRequest
from django.utils import timezone
from django.utils.html import escape

from gongkai.core.exceptions import NotFoundError
from gongkai.publishing.models import Document
from gongkai.publishing.selectors import public_documents
from gongkai.qa import services
from gongkai.qa.models import Subscription

# Match in Python over the newest items: subscriptions are few filters and the feed shows only the latest 20.
SCAN = 300


class SubscriptionFeed(Feed):
    title = "政策推送订阅"
    description = "符合您订阅条件的最新政策文件"

    def get_object(self, request: HttpRequest, token: str) -> Subscription:
        try:
            return services.subscription_for_feed(token)
        except NotFoundError as exc:
            raise Http404(exc.message) from exc

    def link(self, obj: Subscription) -> str:
        return "/qa/subscribe/"

    def items(self, obj: Subscription) -> list[Document]:
        recent = public_documents().order_by("-published_on", "-pk")[:SCAN]
        return [d for d in recent if services.matches(obj, d)][:20]

    # Readers treat these as HTML: escape the text once (the XML writer adds the XML layer).
    def item_title(self, item: Document) -> str:
        return escape(f"{item.title}（{item.doc_no}）" if item.doc_no else item.title)

    def item_description(self, item: Document) -> str:
        return escape(item.body_text[:200])

    def item_link(self, item: Document) -> str:
        return item.get_absolute_url()

    def item_pubdate(self, item: Document) -> Any:
        if item.published_on is None:
            return None
        return timezone.make_aware(datetime.combine(item.published_on, time(9)))
