"""Staff pages of 主动公开: my items by state, draft/edit with the editor and a preview, the review
chain (the reviewer sees the text and what changed), withdrawal, the art. 26 list. Buttons follow
publishing.permissions, the rule the services enforce."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.utils import timezone

from gongkai.core.decorators import staff_required
from gongkai.core.exceptions import DomainError, NotFoundError
from gongkai.core.models import Organisation, Role
from gongkai.core.selectors import user_roles, visible_orgs
from gongkai.portal.views import document_context
from gongkai.publishing import permissions, richtext, selectors, services
from gongkai.publishing.downloads import attachment_response
from gongkai.publishing.forms import DocumentForm, ReviewForm, ValidityForm, WithdrawForm
from gongkai.publishing.models import Document, DocumentEvent, Status, Validity
from gongkai.publishing.revision_diff import compare_pending
from gongkai.search.analysis import normalise_doc_no

ACTION_VERBS = {"submit": "已提交审核。", "approve": "已审核通过。", "reject": "已退回修改。", "publish": "已发布。",
                "withdraw": "已撤回。", "attachment": "附件已上传。", "validity": "有效性已变更。"}


@staff_required
def index(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status", "")
    if status not in Status.values:
        status = ""
    docs = selectors.staff_documents(request.user, status=status, q=request.GET.get("q", "").strip()[:100])
    page = Paginator(docs, 30).get_page(request.GET.get("page"))
    can_draft = request.user.is_superuser or any(role in permissions.DRAFTERS for _org, role in user_roles(request.user))
    return render(request, "publishing/index.html", {"page": page, "statuses": Status.choices, "status": status,
                                                     "can_draft": can_draft})


def _initial(doc: Document) -> dict[str, Any]:
    return {"title": doc.title, "doc_no": doc.doc_no, "publisher_name": doc.publisher_name,
            "written_on": doc.written_on, "changed_on": doc.changed_on, "topic": doc.topic, "genre": doc.genre,
            "kind": doc.kind, "column": doc.column_id, "interprets": doc.interprets_id,
            "interpretation_form": doc.interpretation_form, "keywords": doc.keywords, "body_html": doc.body_html}


def _note_removed_images(request: HttpRequest, content: dict[str, Any]) -> None:
    removed = services.external_images(str(content.get("body_html") or ""))
    if removed:
        messages.warning(request, f"正文中的 {len(removed)} 张外部图片已移除（政府网站不引用其他网站的图片）："
                                  f"{'、'.join(removed[:5])}。请将图片作为附件上传后再引用。")


def _drafting_orgs(request: HttpRequest) -> Any:
    return visible_orgs(request.user).exclude(kind=Organisation.Kind.OFFICE)


@staff_required
def create(request: HttpRequest) -> HttpResponse:
    orgs = _drafting_orgs(request)
    default_org = next((o.pk for o, r in user_roles(request.user) if r in (Role.OFFICER, Role.PUBLISHER)
                        and o.kind != Organisation.Kind.OFFICE), None) or next(
        (o.parent_id for o, r in user_roles(request.user) if r in (Role.OFFICER, Role.PUBLISHER)), None)
    form = DocumentForm(request.POST or None, organisations=orgs, initial={"organisation": default_org})
    if request.method == "POST" and form.is_valid():
        try:
            doc = services.document_create(actor=request.user, organisation=form.cleaned_data["organisation"],
                                           data=form.content())
            _note_removed_images(request, form.content())
            messages.success(request, f"已保存草稿，索引号 {doc.index_no}。")
            _note_removed_images(request, form.content())
            return redirect("publishing_staff:detail", pk=doc.pk)
        except DomainError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
    return render(request, "publishing/edit.html", {"form": form}, status=400 if request.method == "POST" else 200)


@staff_required
def edit(request: HttpRequest, pk: int) -> HttpResponse:
    doc = selectors.staff_document(request.user, pk)
    permissions.check(request.user, doc, "edit")
    latest = doc.revisions.order_by("-number").first()
    initial = _initial(doc) | (latest.data if latest else {})
    initial["column"] = initial.get("column_id", initial.get("column"))
    initial["interprets"] = initial.get("interprets_id", initial.get("interprets"))
    form = DocumentForm(request.POST or None, initial=initial, editing=True)
    if request.method == "POST" and form.is_valid():
        try:
            services.document_edit(actor=request.user, document=doc, data=form.content(),
                                   change_note=form.cleaned_data["change_note"], major=form.cleaned_data["major"])
            _note_removed_images(request, form.content())
            messages.success(request, "已保存为新版本。")
            _note_removed_images(request, form.content())
            return redirect("publishing_staff:detail", pk=doc.pk)
        except DomainError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
    return render(request, "publishing/edit.html", {"form": form, "doc": doc},
                  status=400 if request.method == "POST" else 200)


def _unsaved(base: Document | None, organisation: Organisation | None, data: dict[str, Any], actor: Any) -> Document:
    """An unsaved Document carrying `data` over `base`, for a preview: the public page's template
    renders it exactly as it will render the published item."""
    doc = Document(organisation=organisation or (base.organisation if base else None))
    if base is not None:
        for name in ("index_no", "published_on", "validity", "validity_changed_on", "superseded_by_id",
                     "drafted_by_id", "reviewed_by_id", "published_by_id", "source_document_id", "source_name"):
            setattr(doc, name, getattr(base, name))
    else:
        doc.drafted_by = actor
    for name in ("title", "doc_no", "publisher_name", "topic", "genre", "kind", "keywords", "interpretation_form",
                 "column_id", "interprets_id", "written_on", "changed_on"):
        if name in data:
            value = data[name]
            if name in ("written_on", "changed_on") and isinstance(value, str):
                value = date.fromisoformat(value) if value else None  # revisions store dates as ISO text
            setattr(doc, name, value)
    doc.body_html = richtext.body_to_html(data.get("body_html", ""))
    doc.body_text = richtext.html_to_text(doc.body_html)
    doc.publisher_name = doc.publisher_name or (doc.organisation.name if doc.organisation else "")
    doc.doc_no_normalised = normalise_doc_no(doc.doc_no) if doc.doc_no else ""
    doc.status = Status.DRAFT
    return doc


@staff_required
def preview(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    """预览: the public page of what is in the form (POST), or of the revision under review (GET)."""
    base = selectors.staff_document(request.user, pk) if pk is not None else None
    if request.method == "POST":
        form = DocumentForm(request.POST, organisations=_drafting_orgs(request) if base is None else None,
                            editing=base is not None)
        if not form.is_valid():
            return render(request, "publishing/edit.html", {"form": form, "doc": base}, status=400)
        organisation = form.cleaned_data.get("organisation")
        doc = _unsaved(base, organisation, form.content(), request.user)
    elif base is not None:
        pending = permissions.pending_revision(base)
        if pending is None:
            raise Http404
        data = dict(pending.data)
        doc = _unsaved(base, None, data, request.user)
    else:
        raise Http404
    return render(request, "portal/document.html", document_context(doc, preview=True))


def _event_rows(doc: Document) -> list[tuple[DocumentEvent, str, str, str]]:
    """Each event with its Chinese verb and its from → to labels (statuses, or 有效性 for validity)."""
    from gongkai.publishing.templatetags.publishing_labels import event_label, state_label

    return [(e, event_label(e.kind), state_label(e.from_status), state_label(e.to_status))
            for e in doc.events.select_related("actor")]


@staff_required
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    doc = selectors.staff_document(request.user, pk)
    allowed = permissions.allowed_actions(request.user, doc)
    reviewing = bool({"approve", "reject"} & allowed)
    return render(request, "publishing/detail.html", {
        "doc": doc, "events": _event_rows(doc), "revisions": doc.revisions.select_related("created_by", "approved_by"),
        "allowed": allowed, "Status": Status, "validities": Validity.choices,
        "comparison": compare_pending(doc) if doc.status in (Status.IN_REVIEW, Status.APPROVED) or reviewing else None,
        "pending_body": _pending_body(doc) if doc.status in (Status.IN_REVIEW, Status.APPROVED) else None,
        "review_form": ReviewForm(prefix="review") if reviewing else None,
        "withdraw_form": WithdrawForm(prefix="withdraw") if "withdraw" in allowed else None,
        "validity_form": ValidityForm(prefix="validity", initial={
            "validity": doc.validity, "on": timezone.localdate(),
            "by": doc.superseded_by.index_no if doc.superseded_by else ""}) if "validity" in allowed else None,
    })


def _pending_body(doc: Document) -> Any:
    pending = permissions.pending_revision(doc)
    if pending is None:
        return None
    from django.utils.safestring import mark_safe

    return mark_safe(pending.data.get("body_html", ""))


@staff_required
def revision(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    doc = selectors.staff_document(request.user, pk)
    rev = doc.revisions.select_related("created_by", "approved_by").filter(number=number).first()
    if rev is None:
        raise Http404
    return render(request, "publishing/revision.html", {"doc": doc, "rev": rev})


@staff_required
def action(request: HttpRequest, pk: int, name: str) -> HttpResponse:
    doc = selectors.staff_document(request.user, pk)
    if request.method != "POST" or name not in ACTION_VERBS:
        raise Http404
    p = request.POST
    try:
        if name == "submit":
            services.document_submit(actor=request.user, document=doc)
        elif name in ("approve", "reject"):
            services.document_review(actor=request.user, document=doc, approve=name == "approve",
                                     secrecy_checked=p.get("review-secrecy_checked") in ("1", "on"),
                                     opinion=p.get("review-opinion", "")[:2000])
        elif name == "publish":
            services.document_publish(actor=request.user, document=doc)
        elif name == "attachment":
            upload = request.FILES.get("file")
            if upload is None or isinstance(upload, list):
                raise DomainError("请选择要上传的附件。")
            if upload.size and upload.size > 50 * 1024 * 1024:
                raise DomainError("附件过大。")
            services.attachment_add(actor=request.user, document=doc, name=upload.name or "", content=upload.read())
        elif name == "withdraw":
            services.document_withdraw(actor=request.user, document=doc, reason=p.get("withdraw-reason", "")[:500])
        elif name == "validity":
            _set_validity(request, doc)
        messages.success(request, ACTION_VERBS[name])
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect("publishing_staff:detail", pk=pk)


@staff_required
def attachment(request: HttpRequest, pk: int, attachment_id: int) -> HttpResponseBase:
    """Staff download any attachment of an item in their scope, whatever its state (the public only
    those of published items: portal.views.attachment)."""
    try:
        item = selectors.staff_attachment(request.user, pk, attachment_id)
    except NotFoundError as exc:
        raise Http404(str(exc)) from exc
    response = attachment_response(item)
    response["Cache-Control"] = "private, no-store"
    return response


def _set_validity(request: HttpRequest, doc: Document) -> None:
    form = ValidityForm(request.POST, prefix="validity")
    if not form.is_valid():
        raise DomainError("；".join(f"{form.fields[f].label}：{' '.join(str(m) for m in e)}" for f, e in form.errors.items()) + "。")
    data = form.cleaned_data
    services.document_set_validity(actor=request.user, document=doc, validity=data["validity"], on=data["on"],
                                   by=selectors.superseding_document(data["by"]), reason=data["reason"])


@staff_required
def late(request: HttpRequest) -> HttpResponse:
    return render(request, "publishing/late.html", {"rows": selectors.late_publications(request.user)})
