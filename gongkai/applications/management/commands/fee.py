"""`manage.py fee --method piece --month-count N | --method page --pages N [--json]`: 信息处理费
(国办函〔2020〕109号, 超额累进). Contract: {"method", "amount_yuan", "bands": [...]}."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import CommandParser

from gongkai.applications.rules import fee_by_page, fee_by_piece
from gongkai.core.management.commands.workdays import ContractCommand, fail


class Command(ContractCommand):
    help = "信息处理费计算：按件（本月第 N 件申请）或按量（页数），超额累进。"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--method", required=True, choices=["piece", "page"], help="piece 按件 / page 按量")
        parser.add_argument("--month-count", type=int, help="按件：该申请人本自然月第几件申请")
        parser.add_argument("--pages", type=int, help="按量：页数")
        parser.add_argument("--json", action="store_true")

    def handle(self, *args: Any, **opts: Any) -> None:
        if opts["method"] == "piece":
            if opts["month_count"] is None or opts["month_count"] < 1:
                fail("按件计收需提供 --month-count（正整数：本月第几件申请）。")
            fee = fee_by_piece(opts["month_count"])
        else:
            if opts["pages"] is None or opts["pages"] < 0:
                fail("按量计收需提供 --pages（非负整数）。")
            fee = fee_by_page(opts["pages"])
        if opts["json"]:
            self.stdout.write(json.dumps(fee.as_dict(), ensure_ascii=False))
        else:
            self.stdout.write(f"信息处理费：{fee.amount_yuan} 元（{'按件' if fee.method == 'piece' else '按量'}）")
