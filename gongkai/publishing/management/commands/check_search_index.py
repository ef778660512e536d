"""`manage.py check_search_index [--heal]`: report drift between the database and the search index (exit 1).

The index jobs record what they indexed (SearchIndexEntry); this compares those records with the
database, and the records' number with the index's. `--heal` indexes what is missing and removes what
is extra, as the worker does at start and hourly (publishing.tasks.heal_search_index).
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from gongkai.publishing.tasks import heal_search_index, search_index_drift


class Command(BaseCommand):
    help = "核对数据库与检索索引是否一致；不一致时退出码为 1。加 --heal 补建缺少的、删除多出的索引条目。"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--heal", action="store_true", help="补建缺少的索引、删除多出的索引")

    def handle(self, *args: Any, **opts: Any) -> None:
        if opts["heal"]:
            done = heal_search_index()
            self.stdout.write(f"已补建 {done['indexed']} 条，已删除 {done['removed']} 条。")
        drift = search_index_drift(fresh=True)
        if not drift["missing"] and not drift["extra"]:
            self.stdout.write(f"一致：{drift['documents']} 条公开信息均已索引。")
            return
        self.stdout.write(f"不一致：索引缺少 {drift['missing']} 条，多出 {drift['extra']} 条。"
                          "请运行 check_search_index --heal（或 rebuild_search_index）。")
        raise SystemExit(1)
