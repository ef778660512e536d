"""`manage.py rebuild_search_index`: drop and refill the search indexes from the database."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from gongkai.publishing.tasks import rebuild_index


class Command(BaseCommand):
    help = "从数据库重建全文检索索引（索引是派生数据，数据库为准）。"

    def handle(self, *args: Any, **opts: Any) -> None:
        total = rebuild_index()
        self.stdout.write(f"已重建文件索引：{total} 条。")
        from gongkai.search.rebuild import run_rebuild_hooks

        for line in run_rebuild_hooks():
            self.stdout.write(line)

