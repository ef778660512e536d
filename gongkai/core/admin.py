from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from gongkai.core.admin_site import AuditedAdmin
from gongkai.core.models import AuditEvent, Membership, Organisation, WorkdayCalendar


class ReadOnlyAdmin(admin.ModelAdmin[Any]):
    """Listed and viewed only: the records change through services that audit them (or never)."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Organisation)
class OrganisationAdmin(AuditedAdmin):
    list_display = ("name", "kind", "level", "credit_code", "parent", "is_active")
    list_filter = ("kind", "level", "is_active")
    search_fields = ("name", "short_name", "credit_code")

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # nothing is deleted: mark it not in use (is_active) instead


@admin.register(Membership)
class MembershipAdmin(AuditedAdmin):
    list_display = ("user", "organisation", "role", "created_at")
    list_filter = ("role",)
    search_fields = ("user__username", "organisation__name")


@admin.register(WorkdayCalendar)
class WorkdayCalendarAdmin(ReadOnlyAdmin):
    """Read-only here: corrections go through the 工作日历 page so they are audited and deadlines recomputed."""

    list_display = ("date", "is_workday", "name", "source", "updated_at")
    list_filter = ("is_workday", "source")
    date_hierarchy = "date"


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdmin):
    """Append-only (条例第四十五条): no add, change or delete path."""

    list_display = ("created_at", "actor_name", "organisation", "action_label", "object_repr", "ip")
    list_filter = ("action",)
    search_fields = ("object_repr", "actor_name", "reason")
