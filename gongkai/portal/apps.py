from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "gongkai.portal"
    label = "portal"
    verbose_name = "公众门户"

    def ready(self) -> None:
        from gongkai.core.audit_actions import register_actions
        from gongkai.core.navigation import register_staff_nav
        from gongkai.portal.actions import Action

        register_actions(Action)
        register_staff_nav("网站设置", "/staff/site/", order=90)
