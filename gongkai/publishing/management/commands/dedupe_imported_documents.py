"""`manage.py dedupe_imported_documents`: withdraw doubled imports (keep the earliest) before migration 0006.

See decision 0110 and `services.imported_duplicates_withdraw`.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from gongkai.publishing.services import imported_duplicates_withdraw


class Command(BaseCommand):
    help = "撤回重复导入的文件（同一公开主体内正文或导入键相同者保留最早一份），以便建立导入唯一约束。"

    def handle(self, *args: Any, **opts: Any) -> None:
        done = imported_duplicates_withdraw(actor=None)
        for copy, kept in done:
            self.stdout.write(f"  撤回 {copy.index_no}（与 {kept.index_no} 重复）")
        self.stdout.write(f"已处理重复导入 {len(done)} 份。")
