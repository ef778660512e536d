"""RSS per 专栏 column and for the latest items (django.contrib.syndication)."""

from __future__ import annotations

from datetime import datetime, time
from typing import Any

from django.contrib.syndication.views import Feed
from django.db.models import QuerySet
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.html import escape

from gongkai.publishing import selectors
from gongkai.publishing.models import Column, Document


class LatestFeed(Feed):
    title = "最新公开信息"
    link = "/"
    description = "政府信息主动公开：最新发布"

    def items(self) -> QuerySet[Document]:
        return selectors.latest(30)

    # Feed readers treat <title> and <description> as HTML: the text is HTML-escaped here, once, and
    # the XML writer escapes that again for the XML layer. A reader then shows "<script>" as text.
    def item_title(self, item: Document) -> str:
        return escape(item.title)

    def item_description(self, item: Document) -> str:
        return escape(f"{item.publisher_name} {item.doc_no}".strip())

    def item_pubdate(self, item: Document) -> datetime | None:
        if item.published_on is None:
            return None
        return timezone.make_aware(datetime.combine(item.published_on, time(9)))


class ColumnFeed(LatestFeed):
    def get_object(self, request: HttpRequest, *args: Any, **kwargs: Any) -> Column:
        return get_object_or_404(Column, slug=kwargs["slug"])

    def title(self, obj: Column) -> str:  # type: ignore[override]
        return escape(f"{obj.name} · 政府信息公开专栏")

    def link(self, obj: Column) -> str:  # type: ignore[override]
        return obj.get_absolute_url()

    def items(self, obj: Column) -> QuerySet[Document]:  # type: ignore[override]
        return selectors.column_documents(obj)[:30]
