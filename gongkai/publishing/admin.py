from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from gongkai.publishing.models import Column, Document


@admin.register(Column)
class ColumnAdmin(admin.ModelAdmin[Column]):
    list_display = ("name", "slug", "parent", "basis", "order")


@admin.register(Document)
class DocumentAdmin(admin.ModelAdmin[Document]):
    """Read-only: changes go through the staff pages so they are reviewed, evented and audited."""

    list_display = ("title", "index_no", "doc_no", "status", "validity", "published_on")
    list_filter = ("status", "validity", "kind", "topic")
    search_fields = ("title", "doc_no", "index_no")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
