"""Forms of the 工作台账 pages: every input bounded and validated here, before a service sees it."""

from __future__ import annotations

from typing import Any

from django import forms

from gongkai.ledger.models import Status
from gongkai.ledger.services import MAX_NOTE_CHARS, MAX_URL_CHARS

MAX_UPLOAD_BYTES = 20 * 1024 * 1024  # the service applies settings.MAX_ATTACHMENT_BYTES; this stops huge posts early


def _bounded_file(f: Any, label: str) -> Any:
    if f is not None and f.size > MAX_UPLOAD_BYTES:
        raise forms.ValidationError(f"{label}过大（上限 {MAX_UPLOAD_BYTES // 1024 // 1024} MB）。")
    return f


class CreateLedgerForm(forms.Form):
    organisation: forms.ModelChoiceField[Any] = forms.ModelChoiceField(queryset=None, label="建立台账的机构", empty_label=None)
    document = forms.ChoiceField(label="文件库中的工作要点", required=False)
    file = forms.FileField(label="或上传工作要点（TXT、HTML、DOCX、PDF）", required=False)

    def __init__(self, *args: Any, orgs: Any, documents: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = orgs  # type: ignore[attr-defined]
        self.fields["document"].choices = [("", "（不选，改为上传）"), *documents]  # type: ignore[attr-defined]

    def clean_file(self) -> Any:
        return _bounded_file(self.cleaned_data.get("file"), "上传的文件")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if bool(data.get("document")) == bool(data.get("file")):
            raise forms.ValidationError("请在文件库中选择一份工作要点，或上传一份（二选一）。")
        return data


class AssignForm(forms.Form):
    lead_unit: forms.ModelChoiceField[Any] = forms.ModelChoiceField(queryset=None, label="牵头单位", required=False, empty_label="（未指定）")
    co_units: forms.ModelMultipleChoiceField[Any] = forms.ModelMultipleChoiceField(queryset=None, label="配合单位", required=False)
    due = forms.DateField(label="完成时限", required=False, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    reason = forms.CharField(label="说明", required=False, max_length=500)

    def __init__(self, *args: Any, units: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["lead_unit"].queryset = units  # type: ignore[attr-defined]
        self.fields["co_units"].queryset = units  # type: ignore[attr-defined]


class StatusForm(forms.Form):
    status = forms.ChoiceField(label="完成状态", choices=Status.choices)
    completed_on = forms.DateField(label="完成日期（已完成时填写，默认今天）", required=False,
                                   widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    reason = forms.CharField(label="说明（重新打开已完成任务时必填）", required=False, max_length=500)


class ProgressForm(forms.Form):
    text = forms.CharField(label="进展情况", max_length=MAX_NOTE_CHARS, widget=forms.Textarea(attrs={"rows": 3}))
    document_index_no = forms.CharField(label="佐证：已公开信息的索引号", required=False, max_length=40)
    url = forms.CharField(label="佐证：网址", required=False, max_length=MAX_URL_CHARS)
    file = forms.FileField(label="佐证：上传文件（PDF、DOCX、XLSX、JPG、PNG）", required=False)

    def clean_file(self) -> Any:
        return _bounded_file(self.cleaned_data.get("file"), "佐证文件")


class ImportForm(forms.Form):
    file = forms.FileField(label="台账表格（XLSX 或 CSV）")

    def clean_file(self) -> Any:
        return _bounded_file(self.cleaned_data.get("file"), "表格")


class OverviewForm(forms.Form):
    year = forms.IntegerField(min_value=2000, max_value=2100, required=False)


class LedgerFilterForm(forms.Form):
    status = forms.ChoiceField(required=False, choices=[("", "全部"), ("not_started", "未开始"), ("in_progress", "推进中"),
                                                        ("done", "已完成"), ("ongoing", "长期坚持"),
                                                        ("overdue", "未按期完成")])
    unit = forms.IntegerField(required=False, min_value=1, max_value=2**31 - 1)
