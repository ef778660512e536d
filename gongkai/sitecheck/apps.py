from django.apps import AppConfig


class SitecheckConfig(AppConfig):
    name = "gongkai.sitecheck"
    label = "sitecheck"
    verbose_name = "网站检查"

    def ready(self) -> None:
        from gongkai.core.audit_actions import register_actions
        from gongkai.core.dashboard import register_panel
        from gongkai.core.navigation import register_staff_nav
        from gongkai.sitecheck import tasks  # noqa: F401 - registers the periodic probes, checks and reports
        from gongkai.sitecheck.models import Action
        from gongkai.sitecheck.views import dashboard_panel

        register_actions(Action)
        register_staff_nav("网站检查", "/staff/sitecheck/", order=62)
        register_panel(dashboard_panel)
