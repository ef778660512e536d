from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "gongkai.portal"
    label = "portal"
    verbose_name = "公众门户"

    def ready(self) -> None:
        from gongkai.core.audit_actions import register_actions
        from gongkai.core.audit_display import register_object_link
        from gongkai.core.navigation import register_staff_nav
        from gongkai.portal.actions import Action

        register_actions(Action)
        register_staff_nav("网站设置", "/staff/site/", order=90)
        # The audit log links each object to its staff page (the portal is where the site's pages meet).
        for object_type, url in (("publishing.document", "/staff/publishing/{id}/"),
                                 ("applications.application", "/staff/applications/{id}/"),
                                 ("portal.sitesettings", "/staff/site/")):
            register_object_link(object_type, url)
