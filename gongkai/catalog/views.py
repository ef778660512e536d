"""Pages of the 基层政务公开标准目录: the public catalogue with links to what was published, and the staff
pages (entries by 领域, import/export, completeness per organisation)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from gongkai.catalog import selectors, services
from gongkai.catalog.forms import DomainForm, EntryForm, OrgYearForm, SheetForm
from gongkai.core.decorators import staff_required
from gongkai.core.downloads import content_disposition
from gongkai.core.exceptions import DomainError
from gongkai.core.models import Organisation
from gongkai.core.selectors import has_role, visible_orgs


def _errors(form: Any) -> str:
    return "；".join(str(e) for errors in form.errors.values() for e in errors)


def _org(request: HttpRequest) -> Organisation:
    """The organisation whose catalogue the page shows: ?org=, else the user's first government."""
    orgs = visible_orgs(request.user).exclude(kind=Organisation.Kind.OFFICE).order_by("path")
    form = OrgYearForm(request.GET or request.POST)
    wanted = form.cleaned_data.get("org") if form.is_valid() else None
    org = orgs.filter(pk=wanted).first() if wanted else orgs.first()
    if org is None:
        raise Http404
    return org


def public_index(request: HttpRequest) -> HttpResponse:
    orgs = list(selectors.catalogue_organisations())
    if len(orgs) == 1:
        return redirect("catalog:catalogue", org=orgs[0].pk)
    return render(request, "catalog/public_index.html", {"orgs": orgs})


def public_catalogue(request: HttpRequest, org: int) -> HttpResponse:
    organisation = selectors.catalogue_organisations().filter(pk=org).first()
    if organisation is None:
        raise Http404
    return render(request, "catalog/public_catalogue.html", {"organisation": organisation,
                                                             "groups": selectors.public_catalogue(organisation)})


@staff_required
def index(request: HttpRequest) -> HttpResponse:
    org = _org(request)
    entries = list(selectors.entries_of(org))
    return render(request, "catalog/index.html", {
        "org": org, "orgs": visible_orgs(request.user).exclude(kind=Organisation.Kind.OFFICE).order_by("path"),
        "groups": selectors.by_domain(entries), "count": len(entries), "domains": selectors.domains(),
        "domain_form": DomainForm(), "sheet_form": SheetForm(),
        "can_edit": has_role(request.user, org, services.EDITOR_ROLES)})


@staff_required
def completeness(request: HttpRequest) -> HttpResponse:
    org = _org(request)
    form = OrgYearForm(request.GET)
    year = form.cleaned_data.get("year") if form.is_valid() else None
    return render(request, "catalog/completeness.html", {"report": selectors.completeness(org, year=year), "org": org,
                                                         "year": year})


@staff_required
def export(request: HttpRequest) -> HttpResponse:

    org = _org(request)
    content = services.catalog_export_xlsx(list(selectors.entries_of(org)), f"{org.name}基层政务公开标准目录")
    response = HttpResponse(content, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = content_disposition(f"{org.name}标准目录.xlsx")
    return response


@staff_required
@require_POST
def import_sheet(request: HttpRequest) -> HttpResponse:
    org = _org(request)
    form = SheetForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _errors(form))
        return redirect(f"/staff/catalog/?org={org.pk}")
    upload = form.cleaned_data["file"]
    try:
        report = services.catalog_import(actor=request.user, organisation=org, name=upload.name or "", content=upload.read())
    except services.CatalogImportError as exc:
        return render(request, "catalog/import_errors.html", {"org": org, "errors": exc.errors}, status=400)
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect(f"/staff/catalog/?org={org.pk}")
    messages.success(request, f"已导入：新增 {report.created} 项，更新 {report.updated} 项，未变 {report.unchanged} 项。")
    return redirect(f"/staff/catalog/?org={org.pk}")


@staff_required
@require_POST
def add_domain(request: HttpRequest) -> HttpResponse:
    org = _org(request)
    form = DomainForm(request.POST)
    try:
        if not form.is_valid():
            raise DomainError(_errors(form))
        domain = services.domain_add(actor=request.user, organisation=org, name=form.cleaned_data["name"])
        messages.success(request, f"已新增领域“{domain.name}”。")
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect(f"/staff/catalog/?org={org.pk}")


@staff_required
def entry_detail(request: HttpRequest, pk: int) -> HttpResponse:
    entry = selectors.entry_for(request.user, pk)
    if request.method == "POST":
        from gongkai.publishing.models import Document

        doc_pk = request.POST.get("document", "")
        document = Document.objects.filter(pk=int(doc_pk)).first() if doc_pk.isdigit() and len(doc_pk) < 12 else None
        try:
            if document is None:
                raise DomainError("请选择要关联的公开信息。")
            services.entry_link_document(actor=request.user, entry=entry, document=document)
            messages.success(request, "已关联。")
        except DomainError as exc:
            messages.error(request, exc.message)
        return redirect("catalog_staff:entry", pk=pk)
    report = selectors.completeness(entry.organisation)
    row = next(r for r in report["rows"] if r["entry"].pk == entry.pk)
    return render(request, "catalog/entry.html", {"entry": entry, "row": row, "suggestions": selectors.suggestions(entry),
                                                  "can_edit": has_role(request.user, entry.organisation,
                                                                       services.EDITOR_ROLES)})


@staff_required
def entry_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    entry = selectors.entry_for(request.user, pk) if pk else None
    org = entry.organisation if entry else _org(request)
    initial = {f: getattr(entry, f) for f in EntryForm.base_fields if f != "domain"} | {"domain": entry.domain} if entry else {}
    form = EntryForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            saved = services.entry_save(actor=request.user, organisation=org, domain=data.pop("domain"), data=data,
                                        entry=entry)
            messages.success(request, "已保存。")
            return redirect("catalog_staff:entry", pk=saved.pk)
        except DomainError as exc:
            form.add_error(None, exc.message)
    return render(request, "catalog/entry_edit.html", {"form": form, "entry": entry, "org": org},
                  status=400 if request.method == "POST" else 200)


@staff_required
@require_POST
def auto_link(request: HttpRequest) -> HttpResponse:
    org = _org(request)
    try:
        made = services.catalog_auto_link(actor=request.user, organisation=org)
        messages.success(request, f"按关键词新关联 {made} 条公开信息。")
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect(f"/staff/catalog/completeness/?org={org.pk}")
