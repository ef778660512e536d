from django.contrib import admin

from gongkai.ledger.models import ItemLink, Ledger, LedgerTask, PlanItem, ProgressNote, Reminder, TaskEvent, Workplan


@admin.register(Workplan)
class WorkplanAdmin(admin.ModelAdmin):
    list_display = ("title", "doc_no", "year", "level", "parent")
    list_filter = ("year", "level")
    search_fields = ("title", "doc_no")
    readonly_fields = ("content_hash", "parsed", "created_by", "created_at")


@admin.register(PlanItem)
class PlanItemAdmin(admin.ModelAdmin):
    list_display = ("workplan", "path", "title")
    list_filter = ("workplan",)


@admin.register(ItemLink)
class ItemLinkAdmin(admin.ModelAdmin):
    list_display = ("item", "origin", "state", "score")
    list_filter = ("state",)


@admin.register(Ledger)
class LedgerAdmin(admin.ModelAdmin):
    list_display = ("title", "organisation", "year")
    list_filter = ("year",)


@admin.register(LedgerTask)
class LedgerTaskAdmin(admin.ModelAdmin):
    list_display = ("ledger", "number", "path", "lead_unit", "due", "status")
    list_filter = ("status", "ledger")
    search_fields = ("text",)


@admin.register(TaskEvent)
class TaskEventAdmin(admin.ModelAdmin):
    list_display = ("task", "kind", "actor_name", "from_status", "to_status", "created_at")
    list_filter = ("kind",)


@admin.register(ProgressNote)
class ProgressNoteAdmin(admin.ModelAdmin):
    list_display = ("task", "evidence", "created_by", "created_at")
    list_filter = ("evidence",)


@admin.register(Reminder)
class ReminderAdmin(admin.ModelAdmin):
    list_display = ("task", "kind", "due", "created_at")
    list_filter = ("kind",)
