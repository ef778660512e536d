"""The staff case page's action forms (one per entry of transitions.ACTIONS) and the applicant's online
补正 form. Each validates its input at the edge (types, bounds, lengths, Chinese messages) and hands the
transition service plain parameters; the rules themselves live in services and rules."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.utils import timezone

from gongkai.applications import rules
from gongkai.applications.models import Letter, Pause, Review
from gongkai.applications.services import MAX_ATTACHMENTS
from gongkai.applications.transitions import ActionSpec
from gongkai.core.models import Organisation

DELIVERY = [("在线下载", "在线下载（申请人查询页面）"), ("电子邮件", "电子邮件"), ("邮寄", "邮寄"), ("当面领取", "当面领取")]
REPLY_OUTCOMES = [(o.code, f"{o.report_row} — {o.label}") for o in rules.OUTCOMES
                  if o.code not in ("other_no_correction", "other_fee_unpaid")]


def _date(label: str) -> forms.DateField:
    # type=date inputs take ISO dates only; the zh-hans input format (2026/11/02) would show an empty field.
    return forms.DateField(label=label, initial=timezone.localdate,
                           widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}),
                           error_messages={"invalid": "日期无效，请使用 YYYY-MM-DD 格式。", "required": "请填写日期。"})


def _text(label: str, *, required: bool = True, max_length: int = 500, rows: int = 0,
          initial: str = "") -> forms.CharField:
    widget = forms.Textarea(attrs={"rows": rows}) if rows else forms.TextInput()
    return forms.CharField(label=label, required=required, max_length=max_length, widget=widget, initial=initial,
                           error_messages={"required": f"请填写{label}。",
                                           "max_length": f"{label}最多 {max_length} 个字。"})


class ActionForm(forms.Form):
    """Base: `params()` is what the transition service receives; terminal actions add the confirmation."""

    def __init__(self, *args: Any, spec: ActionSpec, **kwargs: Any) -> None:
        self.spec = spec
        kwargs.setdefault("label_suffix", "：")
        super().__init__(*args, **kwargs)
        if spec.terminal:
            self.fields["confirm"] = forms.BooleanField(
                label=f"我已核实，确认{spec.label}（办理后不能撤销）", required=True,
                error_messages={"required": f"请勾选确认后再{spec.label}。"})

    def params(self) -> dict[str, Any]:
        return dict(self.cleaned_data)


class AcceptForm(ActionForm):
    date = _date("收到申请之日（双方确认之日，条例第三十一条）")


class CorrectionForm(ActionForm):
    reason = _text("需要补正的事项", rows=3, max_length=1000)
    period = forms.IntegerField(label="补正期限（工作日）", initial=rules.CORRECTION_PERIOD_DEFAULT,
                                min_value=rules.CORRECTION_PERIOD_MIN, max_value=rules.CORRECTION_PERIOD_MAX,
                                error_messages={"min_value": f"补正期限至少 {rules.CORRECTION_PERIOD_MIN} 个工作日。",
                                                "max_value": f"补正期限最多 {rules.CORRECTION_PERIOD_MAX} 个工作日。",
                                                "invalid": "请填写整数。"})
    date = _date("补正告知日期")
    delivery_method = forms.ChoiceField(label="送达方式", choices=DELIVERY)


class CorrectionReceivedForm(ActionForm):
    date = _date("收到补正之日")
    text = _text("补正后的申请内容（纸质补正时录入，选填）", required=False, rows=3, max_length=5000)


class AbandonForm(ActionForm):
    reason = _text("终止办理的理由", rows=3, initial="期限届满，申请人未补正（或未缴费），且未说明正当理由。")


class ConsultForm(ActionForm):
    kind = forms.ChoiceField(label="征求对象", choices=[(Pause.Kind.THIRD_PARTY, "第三方（条例第三十二条）"),
                                                    (Pause.Kind.OTHER_AGENCY, "其他机关（条例第三十四条）")])
    party = _text("被征求意见的第三方或机关", max_length=120)
    reason = _text("征求意见的事项（选填）", required=False, rows=2, max_length=500)
    date = _date("征求意见函送达之日")
    delivery_method = forms.ChoiceField(label="送达方式", choices=DELIVERY[1:])


class ConsultDoneForm(ActionForm):
    date = _date("收到意见之日")
    reason = _text("意见摘要", rows=3, max_length=1000)


class ExtendForm(ActionForm):
    workdays = forms.IntegerField(label="延长工作日（最多 20）", initial=rules.EXTENSION_MAX_WORKDAYS, min_value=1,
                                  max_value=rules.EXTENSION_MAX_WORKDAYS,
                                  error_messages={"max_value": "延长的期限最长不得超过 20 个工作日（条例第三十三条第二款）。",
                                                  "min_value": "延长工作日至少为 1。", "invalid": "请填写整数。"})
    approved_by = _text("同意延期的工作机构负责人", max_length=60)
    reason = _text("延期理由", rows=2, max_length=300)
    delivery_method = forms.ChoiceField(label="告知方式", choices=DELIVERY)


class FeeForm(ActionForm):
    method = forms.ChoiceField(label="计收方式", choices=[("piece", "按件（本月第 N 件申请）"), ("page", "按量（页数）")])
    quantity = forms.IntegerField(label="件数或页数", min_value=1, max_value=100000,
                                  error_messages={"min_value": "件数或页数至少为 1。", "invalid": "请填写整数。"})
    date = _date("申请人收到收费通知之日")
    delivery_method = forms.ChoiceField(label="送达方式", choices=DELIVERY)


class FeePaidForm(ActionForm):
    date = _date("缴费（或减免决定）日期")
    reason = _text("减免理由（减免时填写，记录决定人）", required=False, max_length=200)


class ReplyForm(ActionForm):
    outcome = forms.ChoiceField(label="答复类型（对应年度报告统计口径）", choices=REPLY_OUTCOMES)
    date = _date("答复日期")
    reason = _text("答复说明（获取方式、不予公开的理由等）", required=False, rows=3, max_length=2000)


class LetterForm(ActionForm):
    kind = forms.ChoiceField(label="文书", choices=Letter.Kind.choices, initial=Letter.Kind.REPLY)
    delivery_method = forms.ChoiceField(label="送达方式", choices=DELIVERY)

    def __init__(self, *args: Any, kinds: frozenset[str] = frozenset(), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if kinds:
            self.fields["kind"].choices = [c for c in Letter.Kind.choices if c[0] in kinds]  # type: ignore[attr-defined]


class TransferForm(ActionForm):
    to_org = forms.ModelChoiceField(label="转办至", queryset=Organisation.objects.none(),
                                    error_messages={"invalid_choice": "请选择本系统内的机关。", "required": "请选择转办机关。"})
    reason = _text("转办理由", rows=2, max_length=300)

    def __init__(self, *args: Any, orgs: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if orgs is not None:
            self.fields["to_org"].queryset = orgs  # type: ignore[attr-defined]


class ArchiveForm(ActionForm):
    reason = _text("归档说明", max_length=300, initial="办理完毕，材料齐全，归档。")


class ReviewForm(ActionForm):
    kind = forms.ChoiceField(label="类型", choices=Review.Kind.choices)
    date = _date("提起日期")
    result = forms.ChoiceField(label="结果", choices=Review.Result.choices, initial=Review.Result.PENDING)


FORMS: dict[str, type[ActionForm]] = {
    "accept": AcceptForm, "correction": CorrectionForm, "correction_received": CorrectionReceivedForm,
    "abandon": AbandonForm, "consult": ConsultForm, "consult_done": ConsultDoneForm, "extend": ExtendForm,
    "fee": FeeForm, "fee_paid": FeePaidForm, "reply": ReplyForm, "letter": LetterForm, "transfer": TransferForm,
    "archive": ArchiveForm, "review": ReviewForm,
}


# --- the applicant's online 补正 ------------------------------------------------------------------

class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> Any:
        if isinstance(data, list | tuple):
            return [super(MultipleFileField, self).clean(d, initial) for d in data]
        return [super().clean(data, initial)] if data else []


class CorrectionSubmitForm(forms.Form):
    """条例第三十条: the corrected request, in the applicant's words, with its materials."""

    text = forms.CharField(label="补正后的申请内容", required=False, max_length=5000,
                           widget=forms.Textarea(attrs={"rows": 6}),
                           error_messages={"max_length": "补正内容请控制在 5000 字以内。"})
    attachments = MultipleFileField(label="补正材料", required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "：")
        super().__init__(*args, **kwargs)
        self.fields["attachments"].label = (f"补正材料（选填，最多 {MAX_ATTACHMENTS} 个，PDF/JPG/PNG/DOCX，每个 "
                                            f"{settings.MAX_ATTACHMENT_BYTES // 1024 // 1024} MB 以内）")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        files = data.get("attachments") or []
        if not (data.get("text") or "").strip() and not files:
            raise forms.ValidationError("请填写补正后的申请内容，或上传补正材料（条例第三十条）。")
        if len(files) > MAX_ATTACHMENTS:
            raise forms.ValidationError(f"每次最多上传 {MAX_ATTACHMENTS} 个附件。")
        limit = settings.MAX_ATTACHMENT_BYTES  # the one upload limit; checked before reading a file into memory
        for f in files:
            if f.size > limit:
                raise forms.ValidationError(f"附件“{f.name[:60]}”过大（{f.size / 1024 / 1024:.1f} MB），"
                                            f"上限 {limit // 1024 // 1024} MB。")
        return data

    def uploads(self) -> list[tuple[str, bytes]]:
        return [(f.name, f.read()) for f in self.cleaned_data.get("attachments") or []]
