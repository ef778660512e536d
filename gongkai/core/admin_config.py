"""The admin app with our audited site as `admin.site` (a module apart: INSTALLED_APPS loads it before
any model exists, and the site module imports models)."""

from django.contrib.admin.apps import AdminConfig


class AuditedAdminConfig(AdminConfig):
    default_site = "gongkai.core.admin_site.AuditedAdminSite"
