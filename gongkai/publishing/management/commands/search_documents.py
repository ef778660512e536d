"""`manage.py search_documents "查询" [--limit N] [--json]`: the search service from the shell.

Contract: a JSON list of {index_no, title, doc_no, publisher, written_on, published_on, topic, genre,
validity, url, snippet, score}.
"""

from __future__ import annotations

import json
import re
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from gongkai.publishing.selectors import as_api_dict, document_search


class Command(BaseCommand):
    help = "全文检索公开信息"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("query")
        parser.add_argument("--limit", type=int, default=10)
        parser.add_argument("--json", action="store_true")

    def handle(self, *args: Any, **opts: Any) -> None:
        limit = max(1, min(100, opts["limit"]))
        _total, rows = document_search(opts["query"], per_page=limit)
        items = [as_api_dict(doc, snippet=hit.snippet_html, score=round(hit.score, 4)) for doc, hit in rows]
        if opts["json"]:
            self.stdout.write(json.dumps(items, ensure_ascii=False))
            return
        for item in items:
            snippet = re.sub(r"</?mark>", "", item["snippet"])
            self.stdout.write(f"{item['title']}（{item['doc_no'] or '无文号'}）\n  {item['url']}\n  {snippet}")
