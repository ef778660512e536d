from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from gongkai.applications.models import Application, LetterTemplate
from gongkai.core.admin import AuditedAdmin


@admin.register(LetterTemplate)
class LetterTemplateAdmin(AuditedAdmin):
    """Admins replace a letter's DOCX template (docxtpl fields: see letters.context_for); the newest
    active one is used; earlier letters keep the version they were issued with."""

    list_display = ("kind", "version", "is_active", "uploaded_at")


@admin.register(Application)
class ApplicationAdmin(admin.ModelAdmin[Application]):
    """Read-only list (personal data is not shown): requests are handled on the staff pages."""

    list_display = ("number", "organisation", "state", "received_on", "reply_due")
    list_filter = ("state", "channel")
    search_fields = ("number",)
    exclude = ("id_number", "phone", "address", "tracking_hash", "id_hash")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
