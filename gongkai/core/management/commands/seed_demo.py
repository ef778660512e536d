"""`manage.py seed_demo [--content]`: the demo county and its users; with --content, each app's
demo records (gongkai/<app>/demo.py: seed_content()), run after the seed documents are imported."""

from __future__ import annotations

import importlib
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from gongkai.core.demo import logins_table, seed_organisations_and_users

CONTENT_APPS = ["portal", "publishing", "applications", "qa", "ledger", "catalog", "newmedia", "sitecheck", "reports"]


class Command(BaseCommand):
    help = "创建演示用的县政府、部门和各角色账号；--content 再创建各模块的演示数据。"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--content", action="store_true")

    def handle(self, *args: Any, **opts: Any) -> None:
        orgs = seed_organisations_and_users()
        if not opts["content"]:
            self.stdout.write(f"演示机构：{orgs['gov'].name}（{orgs['gov'].credit_code}）及 {len(orgs) - 2} 个部门。")
            return
        for app in CONTENT_APPS:
            try:
                module = importlib.import_module(f"gongkai.{app}.demo")
            except ModuleNotFoundError:
                continue
            summary = module.seed_content(orgs)
            if summary:
                self.stdout.write(f"{app}: {summary}")
        self.stdout.write(logins_table())
