from django.contrib import admin

from gongkai.core.admin import AuditedAdmin
from gongkai.qa.models import Concern, KnowledgeEntry, Question, Subscription


@admin.register(KnowledgeEntry)
class KnowledgeEntryAdmin(AuditedAdmin):
    list_display = ("question", "source", "organisation", "valid_until", "is_active")
    list_filter = ("source", "is_active")
    search_fields = ("question", "answer")


@admin.register(Question)
class QuestionAdmin(admin.ModelAdmin[Question]):
    list_display = ("text", "status", "created_at")
    list_filter = ("status",)


admin.site.register(Subscription)
admin.site.register(Concern)
