from __future__ import annotations

from typing import cast

from django import forms

from gongkai.newmedia.models import Filing, Platform, WordRule


class AccountForm(forms.Form):
    organisation = forms.ChoiceField(label="运营单位")
    platform = forms.ChoiceField(label="平台", choices=[("", "请选择"), *Platform.choices])
    name = forms.CharField(label="账号名称", max_length=100)
    account_id = forms.CharField(label="账号 ID", max_length=100, help_text="平台上的唯一标识，如微信原始 ID、微博 UID。")
    sponsor = forms.CharField(label="主办单位", max_length=100)
    url = forms.URLField(label="主页地址", required=False, assume_scheme="https")
    feed_url = forms.URLField(label="RSS/Atom 订阅地址", required=False, assume_scheme="https")
    purpose = forms.CharField(label="开设用途", max_length=300, widget=forms.Textarea(attrs={"rows": 3}))
    opened_on = forms.DateField(label="开设日期", widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args: object, organisations: list[tuple[str, str]], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        cast(forms.ChoiceField, self.fields["organisation"]).choices = [("", "请选择"), *organisations]


class FilingForm(forms.Form):
    kind = forms.ChoiceField(label="备案事项", choices=[(k.value, k.label) for k in Filing.Kind if k != Filing.Kind.OPEN])
    effective_on = forms.DateField(label="生效日期", widget=forms.DateInput(attrs={"type": "date"}))
    reason = forms.CharField(label="理由", max_length=1000, widget=forms.Textarea(attrs={"rows": 3}))
    name = forms.CharField(label="新的账号名称（变更时填写）", max_length=100, required=False)
    sponsor = forms.CharField(label="新的主办单位（变更时填写）", max_length=100, required=False)
    url = forms.URLField(label="新的主页地址（变更时填写）", required=False, assume_scheme="https")
    purpose = forms.CharField(label="新的开设用途（变更时填写）", max_length=300, required=False)
    merge_into = forms.ChoiceField(label="整合至（整合时选择）", required=False)

    def __init__(self, *args: object, targets: list[tuple[str, str]], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        cast(forms.ChoiceField, self.fields["merge_into"]).choices = [("", "请选择"), *targets]


class ImportForm(forms.Form):
    kind = forms.ChoiceField(label="内容类型", choices=[("posts", "发布内容"), ("messages", "公众留言")])
    file = forms.FileField(label="平台导出文件（CSV 或 JSON，不超过 5 MB）")


class WordRuleForm(forms.Form):
    kind = forms.ChoiceField(label="类别", choices=WordRule.Kind.choices)
    phrase = forms.CharField(label="词语", max_length=60)
    suggestion = forms.CharField(label="规范表述", max_length=100, required=False)
    note = forms.CharField(label="说明", max_length=200, required=False)


class LeaderForm(forms.Form):
    name = forms.CharField(label="姓名", max_length=20)
    title = forms.CharField(label="职务", max_length=60)
