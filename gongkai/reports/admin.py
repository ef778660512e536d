"""Reports are read in the admin; they change only through the services (checks, frozen figures, events)."""

from django.contrib import admin

from gongkai.core.admin import ReadOnlyAdmin
from gongkai.reports.models import AnnualReport, Reminder, ReportEvent


@admin.register(AnnualReport)
class AnnualReportAdmin(ReadOnlyAdmin):
    list_display = ("organisation", "year", "status", "version", "published_at")
    list_filter = ("status", "year")
    search_fields = ("organisation__name",)


@admin.register(ReportEvent)
class ReportEventAdmin(ReadOnlyAdmin):
    list_display = ("report", "kind", "actor_name", "from_status", "to_status", "created_at")
    list_filter = ("kind",)


@admin.register(Reminder)
class ReminderAdmin(ReadOnlyAdmin):
    list_display = ("organisation", "year", "month", "sent_on", "recipients")
