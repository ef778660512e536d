"""Staff pages of 部分公开 redaction (条例第三十七条), under /staff/applications/<pk>/redact/: upload a file
to be disclosed, find and mark what is withheld with its reason, preview the result page by page (PNG,
drawn from the redacted result only), release the 公开件, download the original (staff, logged)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from gongkai.applications import redaction, selectors
from gongkai.applications.letter_models import Disclosure, RedactionMark, RedactionReason, ReleasedCopy
from gongkai.applications.models import Application
from gongkai.core.decorators import staff_required
from gongkai.core.downloads import content_disposition
from gongkai.core.exceptions import DomainError

PREVIEW_DPI = 60


class UploadForm(forms.Form):
    title = forms.CharField(label="材料名称", max_length=120, required=False,
                            help_text="如：青溪县2025年老旧小区改造项目立项批复")
    file = forms.FileField(label="文件（PDF 或 Word .docx）")


def parse_pages(value: str, limit: int) -> list[int]:
    """"3, 5-7" → [3, 5, 6, 7]; every page within 1..limit, at most 200 pages at once."""
    pages: set[int] = set()
    for part in value.replace("，", ",").replace("—", "-").replace("－", "-").split(","):
        part = part.strip()
        if not part:
            continue
        low, _, high = part.partition("-")
        if not low.strip().isdigit() or (high and not high.strip().isdigit()):
            raise forms.ValidationError("页码应写成“3”或“5-7”，以逗号分隔。")
        start, end = int(low), int(high or low)
        if start > end or start < 1 or end > limit:
            raise forms.ValidationError(f"页码应在 1 至 {limit} 之间。")
        pages.update(range(start, end + 1))
        if len(pages) > 200:
            raise forms.ValidationError("一次最多标记 200 页。")
    if not pages:
        raise forms.ValidationError("请填写页码。")
    return sorted(pages)


class MarkForm(forms.Form):
    kind = forms.ChoiceField(label="方式", choices=RedactionMark.Kind.choices)
    reason = forms.ChoiceField(label="不予公开的理由", choices=RedactionReason.choices)
    text = forms.CharField(label="不予公开的文字", max_length=500, required=False)
    pages = forms.CharField(label="页码", max_length=100, required=False, help_text="如：3 或 5-7")
    x0 = forms.FloatField(label="左", required=False, min_value=0, max_value=20000)
    y0 = forms.FloatField(label="上", required=False, min_value=0, max_value=20000)
    x1 = forms.FloatField(label="右", required=False, min_value=0, max_value=20000)
    y1 = forms.FloatField(label="下", required=False, min_value=0, max_value=20000)
    note = forms.CharField(label="说明（选填）", max_length=200, required=False)

    def __init__(self, *args: Any, page_count: int = 1, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.page_count = max(page_count, 1)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        kind = data.get("kind")
        if kind == RedactionMark.Kind.TEXT and not (data.get("text") or "").strip():
            self.add_error("text", "请填写要遮盖的文字。")
        if kind in (RedactionMark.Kind.PAGE, RedactionMark.Kind.REGION):
            try:
                data["page_list"] = parse_pages(data.get("pages") or "", self.page_count)
            except forms.ValidationError as exc:
                self.add_error("pages", exc)
        if kind == RedactionMark.Kind.REGION and any(data.get(k) is None for k in ("x0", "y0", "x1", "y1")):
            self.add_error("x0", "请填写区域的左、上、右、下坐标（单位 pt，原点在页面左上角）。")
        return data


def _disclosure(request: HttpRequest, pk: int, did: int) -> tuple[Application, Disclosure]:
    app = selectors.staff_application(request.user, pk)
    disclosure = app.disclosures.filter(pk=did).first()
    if disclosure is None:
        raise Http404
    return app, disclosure


@staff_required
def index(request: HttpRequest, pk: int) -> HttpResponse:
    app = selectors.staff_application(request.user, pk)
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        if form.is_valid():
            try:
                disclosure = redaction.disclosure_upload(actor=request.user, application=app,
                                                         file=form.cleaned_data["file"], title=form.cleaned_data["title"])
                if not disclosure.has_text:
                    messages.warning(request, f"已上传“{disclosure.title}”。该 PDF 没有文字层（可能是扫描件）："
                                              f"无法按文字查找，请按页面区域或整页标出不予公开的内容。")
                else:
                    messages.success(request, f"已上传“{disclosure.title}”（{disclosure.pages or '—'} 页），请标出不予公开的内容。")
                return redirect("applications_staff:redaction:mark", pk=app.pk, did=disclosure.pk)
            except DomainError as exc:
                form.add_error("file", exc.message)
        return render(request, "applications/redaction/index.html", _index_context(app, form), status=400)
    return render(request, "applications/redaction/index.html", _index_context(app, form))


def _index_context(app: Application, form: UploadForm) -> dict[str, Any]:
    return {"app": app, "form": form, "disclosures": app.disclosures.filter(withdrawn=False).prefetch_related("released"),
            "released": redaction.current_released(app)}


@staff_required
def mark(request: HttpRequest, pk: int, did: int) -> HttpResponse:
    app, disclosure = _disclosure(request, pk, did)
    form = MarkForm(request.POST or None, page_count=disclosure.pages)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            try:
                created = _add_marks(request, disclosure, data)
                messages.success(request, f"已标记 {created} 处，理由：{RedactionReason(data['reason']).label}。")
                return redirect("applications_staff:redaction:mark", pk=app.pk, did=disclosure.pk)
            except DomainError as exc:
                form.add_error(None, exc.message)
    query = (request.GET.get("q") or "")[:200]
    hits = redaction.search_original(disclosure, query) if query else []
    marks = disclosure.marks.all()
    pages = redaction.preview_pages(disclosure) if any(not m.withdrawn for m in marks) else 0
    return render(request, "applications/redaction/mark.html", {
        "app": app, "disclosure": disclosure, "form": form, "query": query, "hits": hits[:200],
        "hit_count": len(hits), "marks": marks, "preview_pages": range(1, min(pages, 50) + 1),
        "more_pages": max(0, pages - 50), "released": disclosure.released.all(),
    }, status=status)


def _add_marks(request: HttpRequest, disclosure: Disclosure, data: dict[str, Any]) -> int:
    kind = data["kind"]
    if kind == RedactionMark.Kind.TEXT:
        redaction.redaction_mark_add(actor=request.user, disclosure=disclosure, kind=kind, reason=data["reason"],
                                     text=data["text"], note=data.get("note", ""))
        return 1
    rect = [data["x0"], data["y0"], data["x1"], data["y1"]] if kind == RedactionMark.Kind.REGION else None
    for page in data["page_list"]:
        redaction.redaction_mark_add(actor=request.user, disclosure=disclosure, kind=kind, reason=data["reason"],
                                     page=page, rect=rect, note=data.get("note", ""))
    return len(data["page_list"])


@staff_required
@require_POST
def unmark(request: HttpRequest, pk: int, did: int, mid: int) -> HttpResponse:
    app, disclosure = _disclosure(request, pk, did)
    found = disclosure.marks.filter(pk=mid).first()
    if found is None:
        raise Http404
    try:
        redaction.redaction_mark_withdraw(actor=request.user, mark=found, reason=request.POST.get("reason", "")[:200])
        messages.success(request, "已撤回该标记。")
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect("applications_staff:redaction:mark", pk=app.pk, did=disclosure.pk)


@staff_required
def preview(request: HttpRequest, pk: int, did: int, page: int) -> HttpResponse:
    _app, disclosure = _disclosure(request, pk, did)
    png = redaction.pdf_page_png(redaction.preview_pdf(disclosure), page, dpi=PREVIEW_DPI)
    response = HttpResponse(png, content_type="image/png")
    response["Cache-Control"] = "private, no-store"
    return response


@staff_required
@require_POST
def release(request: HttpRequest, pk: int, did: int) -> HttpResponse:
    app, disclosure = _disclosure(request, pk, did)
    try:
        copy = redaction.redaction_release(actor=request.user, disclosure=disclosure)
        messages.success(request, f"已生成公开件 {copy.filename}，经核对其中不含任何不予公开的文字。")
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect("applications_staff:redaction:mark", pk=app.pk, did=disclosure.pk)


def _attachment(content: bytes, filename: str, content_type: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = content_disposition(filename)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


@staff_required
def original(request: HttpRequest, pk: int, did: int) -> HttpResponse:
    """The original, for staff of the handling organisation only (logged)."""
    app, disclosure = _disclosure(request, pk, did)
    data = redaction.original_for_staff(actor=request.user, disclosure=disclosure)
    return _attachment(data, f"{app.number}-原件-{disclosure.pk}.{disclosure.kind}",
                       "application/pdf" if disclosure.kind == Disclosure.Kind.PDF else "application/octet-stream")


@staff_required
def released(request: HttpRequest, pk: int, rid: int) -> HttpResponse:
    app = selectors.staff_application(request.user, pk)
    copy = ReleasedCopy.objects.filter(pk=rid, disclosure__application=app).select_related("disclosure").first()
    if copy is None:
        raise Http404
    return _attachment(*redaction.released_file(copy))
