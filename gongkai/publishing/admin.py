from django.contrib import admin

from gongkai.core.admin import ReadOnlyAdmin
from gongkai.publishing.models import Column, Document


@admin.register(Column)
class ColumnAdmin(admin.ModelAdmin[Column]):
    list_display = ("name", "slug", "parent", "basis", "order")


@admin.register(Document)
class DocumentAdmin(ReadOnlyAdmin):
    """Read-only: changes go through the staff pages so they are reviewed, evented and audited."""

    list_display = ("title", "index_no", "doc_no", "status", "validity", "published_on")
    list_filter = ("status", "validity", "kind", "topic")
    search_fields = ("title", "doc_no", "index_no")
