from django.apps import AppConfig


class NewmediaConfig(AppConfig):
    name = "gongkai.newmedia"
    label = "newmedia"
    verbose_name = "政务新媒体"

    def ready(self) -> None:
        from gongkai.core.audit_actions import register_actions
        from gongkai.core.dashboard import register_panel
        from gongkai.core.navigation import register_public_link, register_staff_nav
        from gongkai.newmedia import tasks  # noqa: F401 - registers the daily check
        from gongkai.newmedia.models import Action
        from gongkai.newmedia.views import dashboard_panel

        register_actions(Action)
        register_staff_nav("政务新媒体", "/staff/newmedia/", order=60)
        register_public_link("政务新媒体矩阵", "/newmedia/", order=60)
        register_panel(dashboard_panel)
