"""manage.py check_annual_report FILE [--json]: read a published 政府信息公开工作年度报告 (HTML or copied
text) and check its tables. Exit 0 when table 三 was read (whether or not it adds up), 2 when the file
is not such a report."""

from __future__ import annotations

import json
import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from gongkai.reports import checker


class Command(BaseCommand):
    help = "核对已发布的政府信息公开工作年度报告（HTML 或复制的文本）的表格勾稽关系。"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="报告文件：HTML 页面或从网页、PDF 复制的文本")
        parser.add_argument("--json", action="store_true", help="输出 JSON")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            result = checker.check_file(options["file"])
        except checker.NotAReport as exc:
            self.stderr.write(f"不是政府信息公开工作年度报告：{exc}")
            sys.exit(2)
        if options["json"]:
            self.stdout.write(json.dumps(result.as_dict(), ensure_ascii=False, indent=1))
        else:
            self.stdout.write(checker.summary(result))
