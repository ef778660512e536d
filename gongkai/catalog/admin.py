from django.contrib import admin

from gongkai.catalog.models import Domain, Entry, EntryDocument


@admin.register(Domain)
class DomainAdmin(admin.ModelAdmin):
    list_display = ("name", "pilot", "order", "added_by")
    list_filter = ("pilot",)


@admin.register(Entry)
class EntryAdmin(admin.ModelAdmin):
    list_display = ("organisation", "domain", "item_l1", "item_l2", "time_limit_workdays", "mode")
    list_filter = ("domain", "mode", "tier")
    search_fields = ("item_l1", "item_l2", "content")


@admin.register(EntryDocument)
class EntryDocumentAdmin(admin.ModelAdmin):
    list_display = ("entry", "document", "automatic", "linked_at")
