"""manage.py annual_report --org CODE --year 2025 [--json]: our own report on a year, generated from the
records (the published figures once published), with its checks."""

from __future__ import annotations

import json
import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from gongkai.core.exceptions import NotFoundError
from gongkai.core.selectors import organisation_by_code
from gongkai.reports import exports, selectors
from gongkai.reports.models import AnnualReport


class Command(BaseCommand):
    help = "输出本机关某年度的政府信息公开工作年度报告数字及核对结果（依系统记录生成；已发布的以发布时的数字为准）。"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--org", required=True, help="机关的统一社会信用代码")
        parser.add_argument("--year", required=True, type=int, help="报告年度，如 2025")
        parser.add_argument("--json", action="store_true", help="输出 JSON")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            org = organisation_by_code(options["org"])
        except NotFoundError as exc:
            self.stderr.write(exc.message)
            sys.exit(2)
        year = options["year"]
        if not 2008 <= year <= 2100:
            self.stderr.write("报告年度应在 2008 年至 2100 年之间。")
            sys.exit(2)
        # Read only: an existing report (its overrides, staff figures, frozen figures) or an unsaved draft.
        report = AnnualReport.objects.filter(organisation=org, year=year).first() or AnnualReport(organisation=org,
                                                                                                 year=year)
        view = selectors.build(report)
        data = exports.as_json(view)
        if options["json"]:
            self.stdout.write(json.dumps(data, ensure_ascii=False, indent=1))
            return
        self.stdout.write(f"{report.title}（{report.get_status_display()}）")
        for check in view.checks:
            self.stdout.write(f"{'✓' if check.ok else '✗'} {check.rule}：{check.detail}")
