"""`manage.py rebuild_passage_index`: rebuild the Q&A passage index from the public documents in the database."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from gongkai.qa.indexing import rebuild_passages


class Command(BaseCommand):
    help = "从数据库重建政策问答的段落索引（索引目录丢失或损坏时使用）。"

    def handle(self, *args: Any, **opts: Any) -> None:
        self.stdout.write(rebuild_passages())
