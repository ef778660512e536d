from django.contrib import admin

from gongkai.applications.models import Application, LetterJob, LetterTemplate
from gongkai.core.admin import AuditedAdmin, ReadOnlyAdmin


@admin.register(LetterTemplate)
class LetterTemplateAdmin(AuditedAdmin):
    """Admins replace a letter's DOCX template (docxtpl fields: see letters.context_for); the newest
    active one is used; earlier letters keep the version they were issued with."""

    list_display = ("kind", "version", "is_active", "uploaded_at")


@admin.register(Application)
class ApplicationAdmin(ReadOnlyAdmin):
    """Read-only list (personal data is not shown): requests are handled on the staff pages."""

    list_display = ("number", "organisation", "state", "received_on", "reply_due")
    list_filter = ("state", "channel")
    search_fields = ("number",)
    exclude = ("id_number", "phone", "address", "tracking_hash", "id_hash")


@admin.register(LetterJob)
class LetterJobAdmin(ReadOnlyAdmin):
    """Letter generation jobs: their status and error (retries are made on the case page)."""

    list_display = ("application", "kind", "status", "created_at", "finished_at", "error")
    list_filter = ("status", "kind")
