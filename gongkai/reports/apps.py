from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "gongkai.reports"
    label = "reports"
    verbose_name = "年度报告"

    def ready(self) -> None:
        from gongkai.core.audit_actions import register_actions
        from gongkai.core.dashboard import register_panel
        from gongkai.core.navigation import register_column_entries, register_public_link, register_staff_nav
        from gongkai.reports import tasks  # registers the periodic reminder
        from gongkai.reports.models import Action

        register_actions(Action)
        register_staff_nav("年度报告", "/staff/reports/", 60)
        register_staff_nav("办理统计", "/staff/reports/statistics/", 61)
        register_public_link("政府信息公开工作年度报告", "/reports/", 40)
        register_public_link("依申请公开办理统计", "/reports/statistics/", 41)
        register_column_entries("annual-report", tasks.column_entries)
        register_panel(tasks.dashboard_panel)
