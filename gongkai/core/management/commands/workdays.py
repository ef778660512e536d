"""`manage.py workdays add|between|is 2026-09-30 [N|DATE] [--json]`: the working-day calculator.

Contract (used by other teams' checks): `workdays add 2026-09-30 20 --json` prints
{"start": "2026-09-30", "days": 20, "result": "2026-11-03", "provisional": false, "missing_years": []}.
Bad input exits with code 2 and a one-line Chinese message on stderr.
"""

from __future__ import annotations

import json
import sys
from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from gongkai.core.selectors import get_calendar
from gongkai.core.workdays import add_workdays, workdays_between


def parse_date_arg(value: str, label: str = "日期") -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        fail(f"{label}“{value}”不是有效日期，请使用 YYYY-MM-DD 格式（例如 2026-09-30）。")
    raise AssertionError  # unreachable


def fail(message: str) -> None:
    sys.stderr.write(message.replace("\n", " ") + "\n")
    raise SystemExit(2)


class ContractCommand(BaseCommand):
    """Base of the CLI contracts: usage errors exit 2 with one Chinese line on stderr, like bad input."""

    def create_parser(self, prog_name: str, subcommand: str, **kwargs: Any) -> CommandParser:
        parser = super().create_parser(prog_name, subcommand, **kwargs)
        parser.error = lambda message: fail(f"参数错误：{message}")  # type: ignore[method-assign]
        return parser


class Command(ContractCommand):
    help = "工作日计算：add 起算日 天数 | between 起 止 | is 日期（受理当日为第 0 日）"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("op", choices=["add", "between", "is"])
        parser.add_argument("start")
        parser.add_argument("arg", nargs="?")
        parser.add_argument("--json", action="store_true", help="输出 JSON")

    def handle(self, *args: Any, **opts: Any) -> None:
        calendar = get_calendar()
        start = parse_date_arg(opts["start"], "起算日")
        op = opts["op"]
        if op == "add":
            raw = opts["arg"]
            if raw is None:
                fail("缺少工作日天数，例如：workdays add 2026-09-30 20")
            try:
                days = int(raw)
            except ValueError:
                fail(f"工作日天数“{raw}”不是整数。")
            if days < 0:
                fail(f"工作日天数不能为负数（收到 {days}）。")
            if days > 3660:
                fail(f"工作日天数过大（收到 {days}，最多 3660）。")
            result = add_workdays(start, days, calendar)
            payload: dict[str, Any] = result.as_dict()
            text = f"{start} 起第 {days} 个工作日：{result.result}"
        elif op == "between":
            if opts["arg"] is None:
                fail("缺少截止日期，例如：workdays between 2026-09-30 2026-11-03")
            end = parse_date_arg(opts["arg"], "截止日")
            missing = calendar.missing_years_between(min(start, end).year, max(start, end).year)
            n = workdays_between(start, end, calendar)
            payload = {"start": start.isoformat(), "end": end.isoformat(), "workdays": n,
                       "provisional": bool(missing), "missing_years": missing}
            text = f"{start} 至 {end}：{n} 个工作日"
        else:
            missing = [] if calendar.is_loaded(start.year) else [start.year]
            is_work = calendar.is_workday(start)
            payload = {"date": start.isoformat(), "is_workday": is_work, "provisional": bool(missing),
                       "missing_years": missing}
            text = f"{start}：{'工作日' if is_work else '休息日'}"
        if opts["json"]:
            self.stdout.write(json.dumps(payload, ensure_ascii=False))
            return
        if payload["provisional"]:
            text += f"（暂定：{'、'.join(map(str, payload['missing_years']))} 年工作日历未载入，仅按周末推算）"
        self.stdout.write(text)
