from django.apps import AppConfig


class LedgerConfig(AppConfig):
    name = "gongkai.ledger"
    label = "ledger"
    verbose_name = "工作台账"

    def ready(self) -> None:
        from gongkai.core.audit_actions import register_actions
        from gongkai.core.dashboard import register_panel
        from gongkai.core.navigation import register_staff_nav
        from gongkai.ledger import tasks
        from gongkai.ledger.models import Action

        register_actions(Action)
        register_staff_nav("工作台账", "/staff/ledger/", order=40)
        register_panel(tasks.dashboard_panel)
