"""`manage.py import_documents PATH... [--org CREDIT_CODE] [--json]`

Contract: {"created": N, "updated": N, "unchanged": N, "errors": [{"path", "error"}]} (plus "warnings").
Idempotent: importing the same files again creates nothing.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from gongkai.core.exceptions import NotFoundError
from gongkai.core.models import Organisation
from gongkai.core.selectors import organisation_by_code
from gongkai.publishing.importer import import_paths


class Command(BaseCommand):
    help = "导入已公开的文件（.txt/.html/.docx/.pdf，支持 metadata.csv 元数据），重复导入不会重复创建。"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("paths", nargs="+")
        parser.add_argument("--org", help="公开主体的统一社会信用代码；缺省为第一个人民政府")
        parser.add_argument("--json", action="store_true")

    def handle(self, *args: Any, **opts: Any) -> None:
        if opts["org"]:
            try:
                org: Organisation | None = organisation_by_code(opts["org"])
            except NotFoundError as exc:
                raise CommandError(str(exc)) from exc
        else:
            org = Organisation.objects.filter(kind=Organisation.Kind.GOVERNMENT).order_by("pk").first()
        result = import_paths([Path(p) for p in opts["paths"]], organisation=org)
        if opts["json"]:
            self.stdout.write(json.dumps(result, ensure_ascii=False))
            return
        self.stdout.write(f"新建 {result['created']}，更新 {result['updated']}，未变 {result['unchanged']}，"
                          f"错误 {len(result['errors'])}")
        for error in result["errors"]:
            self.stdout.write(f"  ✗ {error['path']}：{error['error']}")
        for warning in result["warnings"]:
            self.stdout.write(f"  ! {warning}")
