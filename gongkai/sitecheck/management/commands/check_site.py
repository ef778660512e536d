"""`manage.py check_site URL [--json]`: check one website now (nothing stored).

Contract (issue 17): {"url", "reachable", "status", "elapsed_ms", "ipv6", "https_days_left",
"home_updated_on", "dead_links", "empty_columns", "errors"}, plus details (columns, 专栏, dead-link sources).
"""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from gongkai.sitecheck import checker


class Command(BaseCommand):
    help = "检查一个政府网站：可访问性、首页和栏目更新、空白栏目、不可用链接、IPv6、HTTPS 证书、信息公开专栏。"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("url")
        parser.add_argument("--column", action="append", default=[], metavar="名称=网址[=类型]",
                            help="要检查的栏目（可多次）；类型为 dynamic、notice、interaction 或 other。不给时按首页链接识别。")
        parser.add_argument("--zhuanlan", default="", help="政府信息公开专栏地址（不给时按首页链接识别）")
        parser.add_argument("--max-pages", type=int, default=checker.MAX_PAGES)
        parser.add_argument("--json", action="store_true")

    def handle(self, *args: Any, **opts: Any) -> None:
        columns = []
        for spec in opts["column"]:
            parts = spec.split("=")
            if len(parts) not in (2, 3) or not parts[0] or not parts[1]:
                raise CommandError(f"--column 应写成 名称=网址 或 名称=网址=类型：{spec}")
            kind = parts[2] if len(parts) == 3 else "other"
            columns.append(checker.Column(parts[0], parts[1], kind))
        if not 1 <= opts["max_pages"] <= 500:
            raise CommandError("--max-pages 应在 1–500 之间。")
        target = checker.Target(url=opts["url"], columns=columns, zhuanlan_url=opts["zhuanlan"])
        result = checker.run_sync(checker.check_site(target, today=timezone.localdate(), max_pages=opts["max_pages"]))
        if opts["json"]:
            self.stdout.write(json.dumps(result, ensure_ascii=False, indent=2))
            return
        self.stdout.write(f"{result['url']}：{'可访问' if result['reachable'] else '无法访问'}"
                          f"（HTTP {result['status']}，{result['elapsed_ms']} 毫秒）")
        self.stdout.write(f"首页更新：{result['home_updated_on'] or '未找到日期'}；IPv6：{'支持' if result['ipv6'] else '不支持'}；"
                          f"HTTPS 证书剩余天数：{result['https_days_left'] if result['https_days_left'] is not None else '—'}")
        for name in result["empty_columns"]:
            self.stdout.write(f"空白栏目：{name}")
        for link in result["dead_link_details"]:
            self.stdout.write(f"不可用链接：{link['url']}（{link['error'] or link['status']}，见于 {link['found_on']}）")
        for error in result["errors"]:
            self.stdout.write(f"问题：{error}")
