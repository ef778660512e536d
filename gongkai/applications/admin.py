from typing import Any

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.http import HttpRequest

from gongkai.applications import letters
from gongkai.applications.models import Application, LetterJob, LetterSettings, LetterTemplate
from gongkai.core.admin import ReadOnlyAdmin
from gongkai.core.exceptions import DomainError


class LetterTemplateForm(forms.ModelForm[LetterTemplate]):
    class Meta:
        model = LetterTemplate
        fields = ("kind", "version", "file")
        help_texts = {"file": "docxtpl 模板（.docx）。只能使用规定的变量："
                              + "；".join(f"{k}（{v}）" for k, v in letters.DOCUMENTED_VARIABLES.items())
                              + "。上传时用示例数据试生成，使用其他变量、函数调用或属性访问的模板会被拒绝。"}

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        try:
            letters.validate_template(upload.read(letters.TEMPLATE_MAX_BYTES + 1))
        except DomainError as exc:
            raise ValidationError(exc.message) from exc
        upload.seek(0)
        return upload


@admin.register(LetterTemplate)
class LetterTemplateAdmin(admin.ModelAdmin[LetterTemplate]):
    """Admins replace a letter's DOCX template through `letters.letter_template_upload` (validated by a test
    render in a sandbox, audited); the newest active one is used; issued letters keep their version."""

    form = LetterTemplateForm
    list_display = ("kind", "version", "is_active", "uploaded_at")

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return obj is None and super().has_change_permission(request, obj)  # a new version, never an edit

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def save_model(self, request: HttpRequest, obj: LetterTemplate, form: Any, change: bool) -> None:
        upload = form.cleaned_data["file"]
        upload.seek(0)
        saved = letters.letter_template_upload(actor=request.user, kind=form.cleaned_data["kind"], file=upload,
                                               version=form.cleaned_data["version"])
        obj.pk, obj.file, obj.uploaded_at = saved.pk, saved.file, saved.uploaded_at


class LetterSettingsForm(forms.ModelForm[LetterSettings]):
    class Meta:
        model = LetterSettings
        fields = ("organisation", *letters.SETTINGS_FIELDS)


@admin.register(LetterSettings)
class LetterSettingsAdmin(admin.ModelAdmin[LetterSettings]):
    """文书设置 per organisation, saved through `letters.letter_settings_update` (checked and audited)."""

    form = LetterSettingsForm
    list_display = ("organisation", "reply_prefix", "reconsideration_body", "court", "updated_at")
    search_fields = ("organisation__name",)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def save_model(self, request: HttpRequest, obj: LetterSettings, form: Any, change: bool) -> None:
        values = {k: form.cleaned_data.get(k) or "" for k in letters.SETTINGS_FIELDS}
        saved = letters.letter_settings_update(actor=request.user, organisation=form.cleaned_data["organisation"],
                                               **values)
        obj.pk = saved.pk


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
