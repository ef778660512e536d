"""`manage.py load_calendar [--year Y ...]`: seed WorkdayCalendar from the chinesecalendar package."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from gongkai.core.exceptions import DomainError
from gongkai.core.services import calendar_load_from_package


class Command(BaseCommand):
    help = "从 chinesecalendar 数据包载入（或更新）工作日历；已存在的日期按数据包更正，并重算未结申请的期限。"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--year", type=int, action="append", help="只载入指定年份，可重复")

    def handle(self, *args: Any, **opts: Any) -> None:
        try:
            changed = calendar_load_from_package(actor=None, years=opts["year"])
        except DomainError as exc:
            raise CommandError(str(exc)) from exc
        total = sum(changed.values())
        self.stdout.write(f"已载入 {len(changed)} 个年度（{min(changed)}–{max(changed)}），变更 {total} 天。")
