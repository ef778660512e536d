"""`manage.py rotate_personal_data`: re-encrypt personal data with the newest FIELD_ENCRYPTION_KEYS
key and recompute the ID-number blind index with the newest BLIND_INDEX_KEYS key.

Rotation (docs/security.md): prepend the new key to the setting (old keys stay, so everything still
reads), run this command, then drop the old key. Tracking-code hashes cannot be recomputed (the
codes are not stored): they keep matching through every key still listed and SECRET_KEY.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.db import transaction

from gongkai.applications.fields import blind_index
from gongkai.applications.models import Application

ENCRYPTED = ("id_number", "phone", "address")


class Command(BaseCommand):
    help = "用最新密钥重新加密个人信息并重算盲索引（密钥轮换）"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--batch", type=int, default=500)

    def handle(self, *args: Any, **opts: Any) -> None:
        batch = max(1, min(10_000, opts["batch"]))
        done = 0
        last = 0
        while True:
            with transaction.atomic():
                # Loading decrypts with whichever listed key fits; saving encrypts with the newest
                # (MissingKeyError stops the run if a row fits none: nothing is overwritten).
                apps = list(Application.objects.filter(pk__gt=last).order_by("pk")
                            .only("pk", "id_number", "phone", "address", "id_hash")[:batch])
                for app in apps:
                    app.id_hash = blind_index(app.id_number)
                    app.save(update_fields=[*ENCRYPTED, "id_hash"])
            if not apps:
                break
            done += len(apps)
            last = apps[-1].pk
        self.stdout.write(f"已轮换 {done} 件申请的个人信息密钥与盲索引。")
