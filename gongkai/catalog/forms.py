"""Forms of the 标准目录 pages (bounded inputs)."""

from __future__ import annotations

from typing import Any

from django import forms

from gongkai.catalog.models import Audience, Domain, Mode, Tier


class EntryForm(forms.Form):
    domain = forms.ModelChoiceField(queryset=Domain.objects.all(), label="领域", empty_label=None)
    item_l1 = forms.CharField(label="公开事项（一级）", max_length=100)
    item_l2 = forms.CharField(label="公开事项（二级）", max_length=100)
    content = forms.CharField(label="公开内容（要素）", max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))
    basis = forms.CharField(label="公开依据", max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 2}))
    time_limit = forms.CharField(label="公开时限", max_length=120, initial="信息形成或者变更之日起20个工作日内")
    subject = forms.CharField(label="公开主体", max_length=120)
    channels = forms.CharField(label="公开渠道和载体", max_length=300, required=False)
    audience = forms.ChoiceField(label="公开对象", choices=Audience.choices)
    mode = forms.ChoiceField(label="公开方式", choices=Mode.choices)
    tier = forms.ChoiceField(label="公开层级", choices=Tier.choices)
    keywords = forms.CharField(label="匹配关键词（用“、”分隔）", max_length=200, required=False)


class DomainForm(forms.Form):
    name = forms.CharField(label="新增领域", max_length=40, min_length=2)


class SheetForm(forms.Form):
    file = forms.FileField(label="标准目录表格（XLSX 或 CSV）")

    def clean_file(self) -> Any:
        f = self.cleaned_data.get("file")
        if f is not None and f.size > 5 * 1024 * 1024:
            raise forms.ValidationError("表格过大（上限 5 MB）。")
        return f


class OrgYearForm(forms.Form):
    org = forms.IntegerField(required=False, min_value=1, max_value=2**31 - 1)
    year = forms.IntegerField(required=False, min_value=2000, max_value=2100)
