from django.contrib import admin

from gongkai.core.admin import ReadOnlyAdmin
from gongkai.newmedia.models import Account, Filing, Leader, Message, Post, Warning, WordRule


@admin.register(Account)
class AccountAdmin(ReadOnlyAdmin):
    """Read-only: accounts change through 备案 (staff pages), which the supervising office approves."""

    list_display = ("name", "platform", "organisation", "status", "opened_on")
    list_filter = ("platform", "status")
    search_fields = ("name", "account_id", "sponsor")


@admin.register(Filing)
class FilingAdmin(ReadOnlyAdmin):
    list_display = ("account", "kind", "status", "requested_at", "decided_at")
    list_filter = ("kind", "status")


@admin.register(Post)
class PostAdmin(ReadOnlyAdmin):
    list_display = ("title", "account", "published_at", "drafter", "reviewer", "publisher", "is_repost")
    search_fields = ("title",)


@admin.register(Message)
class MessageAdmin(ReadOnlyAdmin):
    list_display = ("text", "account", "received_at", "answered_at")


@admin.register(Warning)
class WarningAdmin(ReadOnlyAdmin):
    list_display = ("account", "kind", "severity", "detected_on", "resolved_on")
    list_filter = ("kind", "severity")


@admin.register(WordRule)
class WordRuleAdmin(admin.ModelAdmin[WordRule]):
    list_display = ("phrase", "kind", "suggestion", "is_active")
    list_filter = ("kind", "is_active")
    search_fields = ("phrase",)


@admin.register(Leader)
class LeaderAdmin(admin.ModelAdmin[Leader]):
    list_display = ("name", "title", "organisation", "is_active")
    search_fields = ("name", "title")
