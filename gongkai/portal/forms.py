from __future__ import annotations

from typing import ClassVar

from django import forms

from gongkai.core.forms import FieldsetsMixin, phone_error
from gongkai.portal import rules
from gongkai.portal.models import SiteSettings


class SiteSettingsForm(FieldsetsMixin, forms.ModelForm[SiteSettings]):
    """The site frame; the same checks run again in `portal.services.site_settings_update`."""

    conac_url = forms.URLField(label="党政机关网站标识链接", required=False, assume_scheme="https",
                               help_text="党政机关网站标识的验证地址（由机构编制部门核发）")
    error_report_url = forms.URLField(label="政府网站找错地址", required=False, assume_scheme="https",
                                      help_text="国务院办公厅政府网站找错平台地址，一般无需修改")

    fieldsets: ClassVar[list[tuple[str, list[str]]]] = [
        ("页眉", ["site_name"]),
        ("主办与联系方式", ["sponsor", "organiser", "contact_phone", "contact_email", "contact_address"]),
        ("标识与备案（国办发〔2017〕47号）", ["site_id_code", "icp_number", "police_number", "conac_url",
                                          "error_report_url"]),
    ]

    class Meta:
        model = SiteSettings
        fields = ["site_name", "sponsor", "organiser", "contact_phone", "contact_email", "contact_address",
                  "site_id_code", "icp_number", "police_number", "conac_url", "error_report_url"]
        help_texts = {
            "site_id_code": "10 位：6 位行政区划码 + 4 位顺序号，或中央部门“bm”+ 8 位数字。",
            "icp_number": "如：苏ICP备12345678号-1",
            "police_number": "如：苏公网安备 32019902000123号",
        }

    def clean_site_id_code(self) -> str:
        value = rules.normalise_site_id_code(self.cleaned_data.get("site_id_code", ""))
        if value and (error := rules.site_id_code_error(value)):
            raise forms.ValidationError(error)
        return value

    def clean_icp_number(self) -> str:
        value: str = self.cleaned_data.get("icp_number", "").strip()
        if value and (error := rules.icp_number_error(value)):
            raise forms.ValidationError(error)
        return value

    def clean_police_number(self) -> str:
        value: str = self.cleaned_data.get("police_number", "").strip()
        if value and (error := rules.police_number_error(value)):
            raise forms.ValidationError(error)
        return value

    def clean_contact_phone(self) -> str:
        value: str = self.cleaned_data.get("contact_phone", "").strip()
        if value and (error := phone_error(value)):
            raise forms.ValidationError(error)
        return value
