from __future__ import annotations

from datetime import date

from django.contrib.sitemaps import Sitemap
from django.db.models import QuerySet

from gongkai.publishing import selectors
from gongkai.publishing.models import Document


class DocumentSitemap(Sitemap):
    changefreq = "monthly"
    limit = 5000

    def items(self) -> QuerySet[Document]:
        return selectors.public_documents().order_by("pk")

    def lastmod(self, item: Document) -> date | None:
        return item.updated_at.date()
