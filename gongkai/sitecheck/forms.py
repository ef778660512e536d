from __future__ import annotations

from typing import cast

from django import forms

from gongkai.sitecheck.rules import COLUMN_KINDS


class SiteForm(forms.Form):
    organisation = forms.ChoiceField(label="主办单位")
    name = forms.CharField(label="网站名称", max_length=100)
    url = forms.URLField(label="首页地址", assume_scheme="https")
    site_code = forms.CharField(label="网站标识码", max_length=10, min_length=10,
                                help_text="10 位：6 位行政区划码加 4 位顺序号；国务院部门为 bm 加 8 位数字。")
    zhuanlan_url = forms.URLField(label="政府信息公开专栏地址", required=False, assume_scheme="https")

    def __init__(self, *args: object, organisations: list[tuple[str, str]], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        cast(forms.ChoiceField, self.fields["organisation"]).choices = [("", "请选择"), *organisations]


class ColumnForm(forms.Form):
    name = forms.CharField(label="栏目名称", max_length=60)
    url = forms.URLField(label="栏目地址", assume_scheme="https")
    kind = forms.ChoiceField(label="栏目类型", choices=list(COLUMN_KINDS.items()))
