from django.apps import AppConfig


class ApplicationsConfig(AppConfig):
    name = "gongkai.applications"
    label = "applications"
    verbose_name = "依申请公开"

    def ready(self) -> None:
        from gongkai.applications import jobs, panels, selectors, services, tasks  # noqa: F401 - registers periodic tasks
        from gongkai.applications.actions import Action
        from gongkai.applications.letters import LetterAction
        from gongkai.applications.redaction import RedactionAction
        from gongkai.core.audit_actions import register_actions
        from gongkai.core.dashboard import register_panel
        from gongkai.core.signals import calendar_changed

        for actions in (Action, LetterAction, RedactionAction):
            register_actions(actions)
        calendar_changed.connect(services.on_calendar_changed, dispatch_uid="applications-recompute")
        register_panel(tasks.dashboard_panel)
        register_panel(panels.workbench_panel)
