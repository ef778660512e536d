"""`manage.py deadline --received DATE [--correction-received DATE] [--pause START:END ...] [--extended] --json`

Contract: prints {"received", "correction_notice_due", "reply_due", "extended_reply_due",
"paused_workdays", "provisional", "missing_years"}; bad input exits 2 with one Chinese line on stderr.
"""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import CommandParser

from gongkai.applications.rules import EXTENSION_MAX_WORKDAYS, compute_deadlines
from gongkai.core.management.commands.workdays import ContractCommand, fail, parse_date_arg
from gongkai.core.selectors import get_calendar


class Command(ContractCommand):
    help = "依申请公开答复期限：受理日为第 0 日，20 个工作日；补正重新起算；征求意见、缴费期间不计入；可延长一次。"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--received", required=True, help="收到申请之日（条例第三十一条）")
        parser.add_argument("--correction-received", help="收到补正后申请之日（条例第三十条）")
        parser.add_argument("--pause", action="append", default=[], metavar="START:END",
                            help="不计入期限的期间（征求意见、缴费），可重复")
        parser.add_argument("--extended", action="store_true", help="经批准延长 20 个工作日（条例第三十三条）")
        parser.add_argument("--json", action="store_true")

    def handle(self, *args: Any, **opts: Any) -> None:
        received = parse_date_arg(opts["received"], "收到申请之日")
        correction = parse_date_arg(opts["correction_received"], "补正收到之日") if opts["correction_received"] else None
        pauses = []
        for raw in opts["pause"]:
            if raw.count(":") != 1:
                fail(f"中止期间“{raw}”格式应为 开始日:结束日，例如 2026-10-12:2026-10-20。")
            lo, hi = (parse_date_arg(part, "中止期间") for part in raw.split(":"))
            if hi < lo:
                fail(f"中止期间“{raw}”的结束日早于开始日。")
            pauses.append((lo, hi))
        try:
            result = compute_deadlines(get_calendar(), received=received, correction_received=correction,
                                       pauses=pauses, extension_workdays=EXTENSION_MAX_WORKDAYS if opts["extended"] else 0)
        except ValueError as exc:
            fail(str(exc))
            return
        payload = result.as_dict()
        if opts["json"]:
            self.stdout.write(json.dumps(payload, ensure_ascii=False))
            return
        lines = [f"收到申请：{payload['received']}", f"补正告知期限：{payload['correction_notice_due']}",
                 f"答复期限：{payload['reply_due']}"]
        if payload["extended_reply_due"]:
            lines.append(f"延长后答复期限：{payload['extended_reply_due']}")
        if result.paused_workdays:
            lines.append(f"不计入期限的工作日：{result.paused_workdays} 天")
        if result.provisional:
            lines.append(f"暂定：{'、'.join(map(str, result.missing_years))} 年工作日历未载入，仅按周末推算")
        self.stdout.write("\n".join(lines))
