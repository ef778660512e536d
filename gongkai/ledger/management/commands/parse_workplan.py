"""`manage.py parse_workplan FILE_OR_INDEX_NO [--json]`: a 工作要点 as its task tree.

Contract: `--json` prints {"title", "doc_no", "year", "sections": [{"path": "一", "title", "items":
[{"path": "一.（一）", "title", "tasks": [{"path", "text", "deadline": "YYYY-MM-DD" | null,
"deadline_text" | null, "continuous", "owners", "needs_review"}]}]}], "warnings": [...]}.
A file that is not a 工作要点, or one that cannot be read, exits 2 with a Chinese message on stderr;
nothing is written anywhere.
"""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import CommandParser

from gongkai.core.exceptions import DomainError
from gongkai.core.management.commands.workdays import ContractCommand, fail
from gongkai.ledger.sources import load_plan


class Command(ContractCommand):
    help = "解析工作要点：文件路径或已入库文件的索引号 → 部分、条目、任务（时限、责任主体）"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("source", help="工作要点文件（txt/html/docx/pdf）或索引号")
        parser.add_argument("--json", action="store_true", help="输出 JSON")

    def handle(self, *args: Any, **opts: Any) -> None:
        try:
            plan = load_plan(opts["source"])
        except DomainError as exc:
            fail(exc.message)
            return
        if opts["json"]:
            self.stdout.write(json.dumps(plan.as_dict(), ensure_ascii=False, indent=1))
            return
        self.stdout.write(f"{plan.title}（{plan.doc_no or '无文号'}），{plan.year} 年")
        for section in plan.sections:
            self.stdout.write(f"{section.path}、{section.title}")
            for item in section.items:
                self.stdout.write(f"  {item.path} {item.title}")
                for task in item.tasks:
                    due = task.deadline.due.isoformat() if task.deadline.due else ("长期" if task.deadline.continuous else "")
                    flag = " ⚠需人工确认时限" if task.deadline.needs_review else ""
                    owners = "、".join(task.owners)
                    self.stdout.write(f"    {task.path} [{due}{flag}] {owners}：{task.text[:60]}")
        for warning in plan.warnings:
            self.stderr.write(warning)
