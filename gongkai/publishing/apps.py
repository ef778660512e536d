from django.apps import AppConfig


class PublishingConfig(AppConfig):
    name = "gongkai.publishing"
    label = "publishing"
    verbose_name = "主动公开"

    def ready(self) -> None:
        from gongkai.core.audit_actions import register_actions
        from gongkai.publishing.actions import Action

        register_actions(Action)
        from gongkai.core.dashboard import register_panel
        from gongkai.publishing import tasks  # noqa: F401 - registers the huey task
        from gongkai.publishing.dashboard import panel

        register_panel(panel)
