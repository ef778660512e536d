"""`manage.py ask "问题" [--json]`: the policy Q&A from the shell.

Contract: {"answered": bool, "answer": "...", "citations": [{"doc_no", "title", "index_no", "section",
"quote", "url"}], "score": float, "outcome": "answered" | "related" | "not_found", "related": [citation…]}
(`answered` is true only for the outcome "answered").
"""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from gongkai.core.exceptions import DomainError
from gongkai.qa.services import question_ask


class Command(BaseCommand):
    help = "政策问答：从政策文件库中找出答案并给出出处；答不了的问题进入人工答复队列。"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("question")
        parser.add_argument("--json", action="store_true")

    def handle(self, *args: Any, **opts: Any) -> None:
        try:
            _record, result = question_ask(question=opts["question"])
            payload = result.as_dict()
        except DomainError as exc:
            payload = {"answered": False, "answer": exc.message, "citations": [], "score": 0.0,
                       "outcome": "not_found", "related": []}
        for c in payload["citations"] + payload["related"]:
            c.pop("quote_html", None)
        if opts["json"]:
            self.stdout.write(json.dumps(payload, ensure_ascii=False))
            return
        self.stdout.write(payload["answer"])
        for c in payload["citations"] + payload["related"]:
            self.stdout.write(f"  出处：《{c['title']}》{c['doc_no']} {c['section']} {c['url']}")
