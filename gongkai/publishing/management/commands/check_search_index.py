"""`manage.py check_search_index`: report drift between the database and the search index (exit 1)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from gongkai.publishing.selectors import public_documents
from gongkai.search import documents as search_index


class Command(BaseCommand):
    help = "核对数据库与检索索引是否一致；不一致时退出码为 1，可用 rebuild_search_index 修复。"

    def handle(self, *args: Any, **opts: Any) -> None:
        in_db = set(public_documents(include_withdrawn=True).values_list("pk", flat=True))
        in_index = search_index.indexed_pks()
        missing, extra = in_db - in_index, in_index - in_db
        if not missing and not extra:
            self.stdout.write(f"一致：{len(in_db)} 条公开信息均已索引。")
            return
        self.stdout.write(f"不一致：索引缺少 {len(missing)} 条，多出 {len(extra)} 条。"
                          f"缺少：{sorted(missing)[:20]}；多出：{sorted(extra)[:20]}。请运行 rebuild_search_index。")
        raise SystemExit(1)
