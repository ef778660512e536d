"""Staff pages of 主动公开: my items by state, draft/edit, the review chain, withdrawal, art. 26 list."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from gongkai.core.decorators import staff_required
from gongkai.core.exceptions import DomainError
from gongkai.core.models import Organisation, Role
from gongkai.core.selectors import user_roles, visible_orgs
from gongkai.publishing import selectors, services
from gongkai.publishing.forms import DocumentForm
from gongkai.publishing.models import Status, Validity


@staff_required
def index(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status", "")
    docs = selectors.staff_documents(request.user, status=status, q=request.GET.get("q", "").strip()[:100])
    page = Paginator(docs, 30).get_page(request.GET.get("page"))
    return render(request, "publishing/index.html", {"page": page, "statuses": Status.choices, "status": status})


def _initial(doc: Any) -> dict[str, Any]:
    return {"title": doc.title, "doc_no": doc.doc_no, "publisher_name": doc.publisher_name,
            "written_on": doc.written_on, "changed_on": doc.changed_on, "topic": doc.topic, "genre": doc.genre,
            "kind": doc.kind, "column": doc.column_id, "interprets": doc.interprets_id,
            "interpretation_form": doc.interpretation_form, "keywords": doc.keywords, "body_html": doc.body_html}


def _note_removed_images(request: HttpRequest, content: dict[str, Any]) -> None:
    removed = services.external_images(str(content.get("body_html") or ""))
    if removed:
        messages.warning(request, f"正文中的 {len(removed)} 张外部图片已移除（政府网站不引用其他网站的图片）："
                                  f"{'、'.join(removed[:5])}。请将图片作为附件上传后再引用。")


@staff_required
def create(request: HttpRequest) -> HttpResponse:
    orgs = visible_orgs(request.user).exclude(kind=Organisation.Kind.OFFICE)
    form = DocumentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        org = orgs.filter(pk=request.POST.get("organisation") or 0).first()
        try:
            if org is None:
                raise DomainError("请选择公开主体。")
            doc = services.document_create(actor=request.user, organisation=org, data=form.content())
            messages.success(request, f"已保存草稿，索引号 {doc.index_no}。")
            _note_removed_images(request, form.content())
            return redirect("publishing_staff:detail", pk=doc.pk)
        except DomainError as exc:
            form.add_error(None, exc.message)
    default_org = next((o.pk for o, r in user_roles(request.user) if r in (Role.OFFICER, Role.PUBLISHER)), None)
    return render(request, "publishing/edit.html", {"form": form, "orgs": orgs, "default_org": default_org},
                  status=400 if request.method == "POST" else 200)


@staff_required
def edit(request: HttpRequest, pk: int) -> HttpResponse:
    doc = selectors.staff_document(request.user, pk)
    latest = doc.revisions.order_by("-number").first()
    initial = _initial(doc) | (latest.data if latest else {})
    form = DocumentForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.document_edit(actor=request.user, document=doc, data=form.content(),
                                   change_note=form.cleaned_data["change_note"], major=form.cleaned_data["major"])
            messages.success(request, "已保存为新版本。")
            _note_removed_images(request, form.content())
            return redirect("publishing_staff:detail", pk=doc.pk)
        except DomainError as exc:
            form.add_error(None, exc.message)
    return render(request, "publishing/edit.html", {"form": form, "doc": doc},
                  status=400 if request.method == "POST" else 200)


@staff_required
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    doc = selectors.staff_document(request.user, pk)
    return render(request, "publishing/detail.html", {
        "doc": doc, "events": doc.events.all(), "revisions": doc.revisions.all(),
        "validities": Validity.choices, "Status": Status,
    })


@staff_required
def revision(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    doc = selectors.staff_document(request.user, pk)
    rev = doc.revisions.filter(number=number).first()
    if rev is None:
        raise Http404
    return render(request, "publishing/revision.html", {"doc": doc, "rev": rev})


@staff_required
def action(request: HttpRequest, pk: int, name: str) -> HttpResponse:
    doc = selectors.staff_document(request.user, pk)
    if request.method != "POST":
        raise Http404
    p = request.POST
    try:
        if name == "submit":
            services.document_submit(actor=request.user, document=doc)
        elif name == "approve" or name == "reject":
            services.document_review(actor=request.user, document=doc, approve=name == "approve",
                                     secrecy_checked=p.get("secrecy_checked") == "1", opinion=p.get("opinion", ""))
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
            services.document_withdraw(actor=request.user, document=doc, reason=p.get("reason", ""))
        else:
            raise Http404
        messages.success(request, "已完成。")
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect("publishing_staff:detail", pk=pk)


@staff_required
def late(request: HttpRequest) -> HttpResponse:
    return render(request, "publishing/late.html", {"rows": selectors.late_publications(request.user)})
