from typing import Any

from django.apps import AppConfig
from django.db.models.signals import post_migrate


def _create_cache_table(sender: Any, using: str = "default", **kwargs: Any) -> None:
    """`migrate` also creates the database cache's table (rate limits count there without Redis), so
    every path that builds a database (`make demo`, a deployment, the tests) has it."""
    from django.conf import settings
    from django.core.management import call_command

    if any(c["BACKEND"].endswith("DatabaseCache") for c in settings.CACHES.values()):
        call_command("createcachetable", database=using, verbosity=0)


class CoreConfig(AppConfig):
    name = "gongkai.core"
    label = "core"
    verbose_name = "基础：组织、用户、日历、审计"

    def ready(self) -> None:
        from gongkai.core.actions import Action
        from gongkai.core.audit_actions import register_actions
        from gongkai.core.audit_display import AuditLogAction

        register_actions(Action)
        register_actions(AuditLogAction)
        post_migrate.connect(_create_cache_table, sender=self, dispatch_uid="core-createcachetable")
