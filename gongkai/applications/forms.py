from __future__ import annotations

from django import forms

from gongkai.applications.models import ApplicantKind, Application, Channel

ALLOWED_ATTACHMENTS = {"application/pdf", "image/jpeg", "image/png",
                       "application/vnd.openxmlformats-officedocument.wordprocessingml.document"}
MAX_ATTACHMENT = 10 * 1024 * 1024


class ApplicationForm(forms.ModelForm[Application]):
    """条例第二十九条: who (name, ID, contact), what (description), how (form and delivery)."""

    id_number = forms.CharField(label="证件号码", required=False, max_length=40)
    phone = forms.CharField(label="联系电话", required=False, max_length=30)
    address = forms.CharField(label="通信地址", required=False, max_length=200)
    attachment = forms.FileField(label="附件（选填：身份证明、委托书等，PDF/JPG/PNG/DOCX，10 MB 以内）", required=False)

    class Meta:
        model = Application
        fields = ["applicant_kind", "name", "contact_person", "id_type", "id_number", "phone", "email", "address",
                  "postal_code", "description", "doc_no_hint", "purpose", "form_wanted", "delivery"]
        widgets = {"description": forms.Textarea(attrs={"rows": 5}),
                   "applicant_kind": forms.Select(choices=ApplicantKind.choices)}

    def clean_attachment(self) -> object:
        upload = self.cleaned_data.get("attachment")
        if not upload:
            return upload
        import filetype

        if upload.size > MAX_ATTACHMENT:
            raise forms.ValidationError(f"附件过大（{upload.size / 1024 / 1024:.1f} MB），上限 10 MB。")
        head = upload.read(4096)
        upload.seek(0)
        kind = filetype.guess(head)
        if kind is None or kind.mime not in ALLOWED_ATTACHMENTS:
            raise forms.ValidationError("附件类型不允许（按文件内容识别，仅限 PDF、JPG、PNG、DOCX）。")
        return upload


class StaffEntryForm(ApplicationForm):
    channel = forms.ChoiceField(label="申请渠道", choices=[c for c in Channel.choices if c[0] != Channel.ONLINE])
    submitted_on = forms.DateField(label="提交/收到日期", widget=forms.DateInput(attrs={"type": "date"}))
    signed_for_on = forms.DateField(label="签收日期（邮寄需签收时）", required=False,
                                    widget=forms.DateInput(attrs={"type": "date"}))
    confirmed_on = forms.DateField(label="双方确认日期（传真、电子邮件、平常信函）", required=False,
                                   widget=forms.DateInput(attrs={"type": "date"}))
