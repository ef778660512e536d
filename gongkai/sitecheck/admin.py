from django.contrib import admin

from gongkai.core.admin import ReadOnlyAdmin
from gongkai.sitecheck.models import CheckRun, Probe, Site, SiteColumn, WeeklyReport


@admin.register(Site)
class SiteAdmin(ReadOnlyAdmin):
    """Read-only: sites are registered on the staff page (validated 网站标识码, one per unit)."""

    list_display = ("name", "organisation", "url", "site_code", "is_active")


@admin.register(SiteColumn)
class SiteColumnAdmin(ReadOnlyAdmin):
    list_display = ("name", "site", "kind", "is_active")


@admin.register(Probe)
class ProbeAdmin(ReadOnlyAdmin):
    list_display = ("site", "at", "ok", "status", "elapsed_ms")
    list_filter = ("ok",)


@admin.register(CheckRun)
class CheckRunAdmin(ReadOnlyAdmin):
    list_display = ("site", "checked_at", "reachable")


@admin.register(WeeklyReport)
class WeeklyReportAdmin(ReadOnlyAdmin):
    list_display = ("site", "week_start", "result", "score")
