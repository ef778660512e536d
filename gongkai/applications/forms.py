from __future__ import annotations

import re
from typing import Any, ClassVar

from django import forms
from django.conf import settings

from gongkai.applications.models import ApplicantKind, Application, Channel, LetterSettings
from gongkai.applications.rules import id_number_warning
from gongkai.core.forms import FieldsetsMixin, phone_error, postal_code_error

ALLOWED_ATTACHMENTS = {"application/pdf", "image/jpeg", "image/png",
                       "application/vnd.openxmlformats-officedocument.wordprocessingml.document"}


def attachment_limit_mb() -> int:
    """settings.MAX_ATTACHMENT_BYTES (the one upload limit, also checked by services.attachments_check) in MB."""
    return int(settings.MAX_ATTACHMENT_BYTES // 1024 // 1024)


# 证件类型: the documents people identify themselves with (条例第二十九条 asks for 身份证明).
ID_TYPES = ["居民身份证", "护照", "港澳居民来往内地通行证", "台湾居民来往大陆通行证", "外国人永久居留身份证", "其他"]
RESIDENT_ID = "居民身份证"
# A 索引号 as publishing writes it: the organ's code, "/", year and serial (publishing.rules.format_index_no).
_INDEX_NO = re.compile(r"^[0-9A-Z]{9,18}/\d{4}-\d{1,6}$")


class ApplicationForm(FieldsetsMixin, forms.ModelForm[Application]):
    """条例第二十九条: who (name, ID, contact), what (description), how (form and delivery)."""

    id_type = forms.ChoiceField(label="证件类型", choices=[(t, t) for t in ID_TYPES], initial=RESIDENT_ID)
    id_number = forms.CharField(label="证件号码", required=False, max_length=40,
                                widget=forms.TextInput(attrs={"autocomplete": "off", "data-id-check": "id_id_type"}),
                                help_text="居民身份证为 18 位；校验位不符时会提示您核对，但不影响提交。")
    phone = forms.CharField(label="联系电话", required=False, max_length=30,
                            widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
                            help_text="手机号 11 位，或带区号的固定电话，如 025-57210000")
    address = forms.CharField(label="通信地址", required=False, max_length=200)
    attachment = forms.FileField(label="附件", required=False)

    fieldsets: ClassVar[list[tuple[str, list[str]]]] = [
        ("申请人信息", ["applicant_kind", "name", "contact_person", "id_type", "id_number"]),
        ("联系方式（至少填写一项）", ["phone", "email", "address", "postal_code"]),
        ("所需政府信息", ["description", "doc_no_hint", "purpose"]),
        ("获取信息的方式", ["form_wanted", "delivery"]),
        ("附件", ["attachment"]),
    ]

    class Meta:
        model = Application
        fields = ["applicant_kind", "name", "contact_person", "id_type", "id_number", "phone", "email", "address",
                  "postal_code", "description", "doc_no_hint", "purpose", "form_wanted", "delivery"]
        widgets = {"description": forms.Textarea(attrs={"rows": 5}),
                   "applicant_kind": forms.Select(choices=ApplicantKind.choices),
                   "email": forms.EmailInput(attrs={"autocomplete": "email"}),
                   "postal_code": forms.TextInput(attrs={"inputmode": "numeric", "maxlength": 6})}
        help_texts = {"contact_person": "法人或其他组织申请时填写",
                      "description": "请写明所需信息的名称、文号或者便于查询的其他特征（条例第二十九条）"}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["attachment"].help_text = f"选填：身份证明、委托书等，PDF/JPG/PNG/DOCX，{attachment_limit_mb()} MB 以内"
        # Warnings never block a request (foreign documents, old numbers exist); the officer checks.
        self.warnings: dict[str, str] = {}

    @classmethod
    def initial_from_query(cls, query: Any) -> dict[str, str]:
        """“对本信息申请公开”: `?doc=<索引号>` pre-fills the request with that public item's title, 索引号
        and 文号, read from the library (nothing else in the address is taken as text)."""
        index_no = str(query.get("doc", "")).strip().upper()[:40]
        if not _INDEX_NO.match(index_no):
            return {}
        from gongkai.core.exceptions import NotFoundError
        from gongkai.publishing.selectors import public_document

        try:
            doc = public_document(index_no)
        except NotFoundError:
            return {}
        details = f"索引号：{doc.index_no}" + (f"；文号：{doc.doc_no}" if doc.doc_no else "")
        return {"description": f"《{doc.title}》（{details}）", "doc_no_hint": doc.doc_no}

    def clean_id_number(self) -> str:
        value: str = re.sub(r"\s+", "", self.cleaned_data.get("id_number", "")).upper()
        return value

    def clean_phone(self) -> str:
        value: str = self.cleaned_data.get("phone", "").strip()
        if value and (error := phone_error(value)):
            raise forms.ValidationError(error)
        return value

    def clean_postal_code(self) -> str:
        value: str = self.cleaned_data.get("postal_code", "").strip()
        if value and (error := postal_code_error(value)):
            raise forms.ValidationError(error)
        return value

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not self.errors and not any(data.get(name) for name in ("phone", "email", "address")):
            raise forms.ValidationError("请至少填写一种联系方式：电话、电子邮箱或通信地址（条例第二十九条）。")
        if data.get("id_type") == RESIDENT_ID and data.get("id_number"):
            warning = id_number_warning(data["id_number"])
            if warning:
                self.warnings["id_number"] = warning
                # Shown under the field if the form comes back for another reason (the bound field
                # keeps the help text it was created with, so both are set).
                note = f"提示：{warning}仍可提交，工作人员会与您核实。"
                self.fields["id_number"].help_text = note
                self["id_number"].help_text = note
        if data.get("applicant_kind") not in (None, "", ApplicantKind.NATURAL) and not data.get("contact_person"):
            self.add_error("contact_person", "法人或其他组织申请时，请填写联系人。")
        return data

    def clean_attachment(self) -> object:
        upload = self.cleaned_data.get("attachment")
        if not upload:
            return upload
        import filetype

        if upload.size > settings.MAX_ATTACHMENT_BYTES:
            raise forms.ValidationError(f"附件过大（{upload.size / 1024 / 1024:.1f} MB），上限 {attachment_limit_mb()} MB。")
        head = upload.read(4096)
        upload.seek(0)
        kind = filetype.guess(head)
        if kind is None or kind.mime not in ALLOWED_ATTACHMENTS:
            raise forms.ValidationError("附件类型不允许（按文件内容识别，仅限 PDF、JPG、PNG、DOCX）。")
        return upload


class StaffEntryForm(ApplicationForm):
    fieldsets: ClassVar[list[tuple[str, list[str]]]] = [
        ("收到申请（条例第三十一条）", ["channel", "submitted_on", "signed_for_on", "confirmed_on"]),
        *ApplicationForm.fieldsets,
    ]
    channel = forms.ChoiceField(label="申请渠道", choices=[c for c in Channel.choices if c[0] != Channel.ONLINE])
    submitted_on = forms.DateField(label="提交/收到日期", widget=forms.DateInput(attrs={"type": "date"}))
    signed_for_on = forms.DateField(label="签收日期（邮寄需签收时）", required=False,
                                    widget=forms.DateInput(attrs={"type": "date"}))
    confirmed_on = forms.DateField(label="双方确认日期（传真、电子邮件、平常信函）", required=False,
                                   widget=forms.DateInput(attrs={"type": "date"}))


class LetterSettingsForm(FieldsetsMixin, forms.ModelForm[LetterSettings]):
    """文书设置 of one organisation (saved through letters.letter_settings_update: checked and audited)."""

    fieldsets: ClassVar[list[tuple[str, list[str]]]] = [
        ("文号（GB/T 9704-2012：机关代字〔年份〕序号号）", ["reply_prefix", "notice_prefix", "consultation_prefix"]),
        ("救济途径（答复书告知）", ["reconsideration_body", "court"]),
        ("落款与联系", ["signing_name", "contact_person", "contact_phone"]),
        ("收费通知", ["payment_instructions"]),
    ]

    class Meta:
        model = LetterSettings
        fields = ["reply_prefix", "notice_prefix", "consultation_prefix", "reconsideration_body", "court",
                  "signing_name", "contact_person", "contact_phone", "payment_instructions"]
        widgets = {"payment_instructions": forms.Textarea(attrs={"rows": 3})}
