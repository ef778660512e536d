from django.apps import AppConfig


class CatalogConfig(AppConfig):
    name = "gongkai.catalog"
    label = "catalog"
    verbose_name = "基层政务公开标准目录"

    def ready(self) -> None:
        from gongkai.catalog.models import Action
        from gongkai.core.audit_actions import register_actions
        from gongkai.core.navigation import register_public_link, register_staff_nav

        register_actions(Action)
        register_staff_nav("标准目录", "/staff/catalog/", order=45)
        register_public_link("基层政务公开标准目录", "/catalog/", order=40)
