from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "gongkai.core"
    label = "core"
    verbose_name = "基础：组织、用户、日历、审计"

    def ready(self) -> None:
        from gongkai.core.audit_actions import register_actions
        from gongkai.core.audit_display import AuditLogAction

        register_actions(AuditLogAction)
