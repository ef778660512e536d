"""Forms of the foundation, and what every form in the project shares.

Rendering is shared through the templates in templates/django/forms/ (FORM_RENDERER =
TemplatesSetting): labels without colons and with a required mark, an error summary at the top that
links to each field, aligned checkboxes, "请选择" for an empty select. Validator messages are reworded
in locale/zh_Hans. A form groups its fields into fieldsets by naming them in `fieldsets`.
"""

from __future__ import annotations

import re
from typing import Any, ClassVar

from django import forms
from django.forms.boundfield import BoundField

from gongkai.core.models import Organisation


class FieldsetsMixin:
    """`fieldsets = [("申请人信息", ["name", "phone"]), …]`: the form renders one <fieldset> per group;
    fields not named go to a last group, so none is ever lost."""

    fieldsets: ClassVar[list[tuple[str, list[str]]]] = []

    @property
    def fieldset_groups(self) -> list[tuple[str, list[BoundField]]]:
        if not self.fieldsets:
            return []
        form: Any = self
        named = {name for _legend, names in self.fieldsets for name in names}
        groups = [(legend, [form[name] for name in names if name in form.fields and not form[name].is_hidden])
                  for legend, names in self.fieldsets]
        rest = [bf for bf in form.visible_fields() if bf.name not in named]
        if rest:
            groups.append(("其他", rest))
        return [(legend, fields) for legend, fields in groups if fields]


# 联系电话: a mobile number, or a landline with its area code (and extension), as people write them.
_MOBILE = re.compile(r"^1[3-9]\d{9}$", re.ASCII)
_LANDLINE = re.compile(r"^0\d{2,3}-?\d{7,8}(-\d{1,6})?$", re.ASCII)
_SERVICE = re.compile(r"^(400|800)-?\d{3}-?\d{4}$|^12\d{3}$", re.ASCII)


def phone_error(value: str) -> str | None:
    """None for a Chinese mobile (11 digits, 1[3-9]…), a landline with area code (025-57210000,
    extension allowed) or a service number (400/800, 12345); otherwise what to write instead."""
    compact = re.sub(r"[\s()（）]", "", value or "").replace("—", "-").replace("－", "-")
    compact = re.sub(r"^(\+86|0086)-?", "", compact)
    if _MOBILE.match(compact) or _LANDLINE.match(compact) or _SERVICE.match(compact):
        return None
    return "请填写有效的电话号码：手机号 11 位（如 13500135000），固定电话带区号（如 025-57210000）。"


def postal_code_error(value: str) -> str | None:
    """邮政编码: six digits, the first two a postal region (01–86)."""
    code = (value or "").strip()
    if re.fullmatch(r"[0-9]{6}", code) and 1 <= int(code[:2]) <= 86:
        return None
    return "邮政编码为 6 位数字，如 211299。"


class OrganisationForm(FieldsetsMixin, forms.ModelForm[Organisation]):
    """Contact details feed the 政府信息公开指南 (条例第十二条), so they are edited here, audited."""

    website = forms.URLField(label="网站", required=False, assume_scheme="https")
    fieldsets: ClassVar[list[tuple[str, list[str]]]] = [
        ("机构", ["name", "short_name", "kind", "credit_code"]),
        ("联系方式（用于政府信息公开指南）", ["phone", "fax", "email", "address", "postal_code", "office_hours",
                                            "website"]),
    ]

    class Meta:
        model = Organisation
        fields = ["name", "short_name", "kind", "credit_code", "phone", "fax", "email", "address", "postal_code",
                  "office_hours", "website"]
        widgets = {"office_hours": forms.TextInput()}

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        # Uniqueness and the GB 32100 check run in the service, with the same messages for API and page.
        self.fields["credit_code"].validators = []
        self.fields["kind"].choices = [c for c in Organisation.Kind.choices if c[0] != Organisation.Kind.GOVERNMENT]  # type: ignore[attr-defined]

    def validate_unique(self) -> None:
        return None

    def clean_phone(self) -> str:
        value: str = self.cleaned_data.get("phone", "")
        if value and (error := phone_error(value)):
            raise forms.ValidationError(error)
        return value

    def clean_postal_code(self) -> str:
        value: str = self.cleaned_data.get("postal_code", "")
        if value and (error := postal_code_error(value)):
            raise forms.ValidationError(error)
        return value
