"""Pages of the 工作台账 (staff only). Thin: services and selectors hold the rules."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from gongkai.core.decorators import staff_required
from gongkai.core.downloads import content_disposition
from gongkai.core.exceptions import DomainError
from gongkai.core.selectors import has_role, visible_orgs
from gongkai.ledger import selectors, services
from gongkai.ledger.forms import (
    AssignForm,
    CreateLedgerForm,
    ImportForm,
    LedgerFilterForm,
    OverviewForm,
    ProgressForm,
    StatusForm,
)
from gongkai.ledger.models import ItemLink, Level, ProgressNote
from gongkai.ledger.rules import STATUS_LABELS


def _manageable_orgs(user: Any) -> Any:
    from gongkai.core.models import Organisation

    orgs = visible_orgs(user).exclude(kind=Organisation.Kind.OFFICE)
    return orgs.filter(pk__in=[o.pk for o in orgs if has_role(user, o, services.MANAGER_ROLES)])


def _workplan_documents() -> list[tuple[str, str]]:
    from gongkai.publishing.selectors import public_documents

    docs = public_documents().filter(title__contains="工作要点").exclude(kind="news").order_by("-written_on")[:100]
    return [(d.index_no, f"{d.title}（{d.doc_no or '无文号'}）") for d in docs]


def _errors(form: Any) -> str:
    return "；".join(str(e) for errors in form.errors.values() for e in errors)


@staff_required
def index(request: HttpRequest) -> HttpResponse:
    form = CreateLedgerForm(orgs=_manageable_orgs(request.user), documents=_workplan_documents())
    return render(request, "ledger/index.html", {
        "ledgers": selectors.ledgers_for(request.user).order_by("-year", "organisation__path", "pk"),
        "form": form, "mine": selectors.my_tasks(request.user)[:20],
        "workplans": selectors.workplans().exclude(level=Level.NATIONAL).filter(parent__isnull=False)})


@staff_required
@require_POST
def create(request: HttpRequest) -> HttpResponse:
    from gongkai.ledger.sources import plan_from_document, plan_from_upload

    form = CreateLedgerForm(request.POST, request.FILES, orgs=_manageable_orgs(request.user),
                            documents=_workplan_documents())
    if not form.is_valid():
        messages.error(request, _errors(form))
        return redirect("ledger_staff:index")
    data = form.cleaned_data
    try:
        document = None
        if data.get("document"):
            plan, document = plan_from_document(data["document"])
        else:
            upload = data["file"]
            plan = plan_from_upload(upload.name or "", upload.read())
        ledger = services.ledger_create_from_plan(actor=request.user, organisation=data["organisation"], plan=plan,
                                                  document=document)
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("ledger_staff:index")
    messages.success(request, f"已建立台账：{ledger.tasks.count()} 项任务。")
    return redirect("ledger_staff:ledger", pk=ledger.pk)


@staff_required
def ledger(request: HttpRequest, pk: int) -> HttpResponse:
    item = selectors.ledger_for(request.user, pk)
    filters = LedgerFilterForm(request.GET)
    status, unit = "", None
    if filters.is_valid():
        status, unit = filters.cleaned_data["status"] or "", filters.cleaned_data["unit"]
    all_rows = selectors.ledger_tasks(item)
    rows = [r for r in all_rows if (not status or r["status"] == status) and (not unit or r["task"].lead_unit_id == unit)]
    counts = selectors.status_counts(all_rows)
    return render(request, "ledger/ledger.html", {
        "ledger": item, "rows": rows, "counts": [(STATUS_LABELS[c], n, c) for c, n in counts.items()],
        "filters": filters, "units": selectors.units_of(item), "can_manage": services.can_manage(request.user, item),
        "previous": selectors.previous_unfinished(item), "import_form": ImportForm(),
        "links": selectors.plan_links(item.workplan) if item.workplan.parent_id else []})


@staff_required
def export(request: HttpRequest, pk: int) -> HttpResponse:
    from gongkai.ledger.spreadsheet import export_xlsx

    item = selectors.ledger_for(request.user, pk)
    content = export_xlsx(item.title, selectors.ledger_tasks(item))
    response = HttpResponse(content, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = content_disposition(f"工作台账-{item.year}-{item.pk}.xlsx")
    return response


@staff_required
@require_POST
def import_sheet(request: HttpRequest, pk: int) -> HttpResponse:
    item = selectors.ledger_for(request.user, pk)
    form = ImportForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _errors(form))
        return redirect("ledger_staff:ledger", pk=pk)
    upload = form.cleaned_data["file"]
    try:
        report = services.ledger_import(actor=request.user, ledger=item, name=upload.name or "", content=upload.read())
    except services.LedgerImportError as exc:
        return render(request, "ledger/import_errors.html", {"ledger": item, "errors": exc.errors}, status=400)
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("ledger_staff:ledger", pk=pk)
    messages.success(request, f"已导入：更新 {report.updated} 项，新增 {report.created} 项，未变 {report.unchanged} 项。")
    return redirect("ledger_staff:ledger", pk=pk)


@staff_required
@require_POST
def carry_over(request: HttpRequest, pk: int) -> HttpResponse:
    item = selectors.ledger_for(request.user, pk)
    wanted = {int(v) for v in request.POST.getlist("task") if v.isdigit() and len(v) < 12}
    tasks = [t for t in selectors.previous_unfinished(item) if t.pk in wanted]
    if not tasks:
        messages.error(request, "请勾选要转入的上年未完成任务。")
        return redirect("ledger_staff:ledger", pk=pk)
    try:
        created = services.ledger_carry_over(actor=request.user, ledger=item, tasks=tasks)
        messages.success(request, f"回头看：已转入 {len(created)} 项上年未完成任务。")
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect("ledger_staff:ledger", pk=pk)


@staff_required
def task(request: HttpRequest, pk: int) -> HttpResponse:
    item = selectors.task_for(request.user, pk)
    units = selectors.units_of(item.ledger)
    assign = AssignForm(units=units, initial={"lead_unit": item.lead_unit, "co_units": list(item.co_units.all()),
                                              "due": item.due})
    today = timezone.localdate()
    return render(request, "ledger/task.html", {
        "task": item, "status": selectors.status_of(item, today), "status_label": STATUS_LABELS[selectors.status_of(item, today)],
        "left": selectors.workdays_left(item, today), "assign": assign, "status_form": StatusForm(initial={"status": item.status}),
        "progress": ProgressForm(), "notes": item.notes.select_related("document", "created_by"),
        "events": item.events.all(), "can_manage": services.can_manage(request.user, item.ledger),
        "can_report": services.can_report(request.user, item)})


@staff_required
@require_POST
def task_action(request: HttpRequest, pk: int, name: str) -> HttpResponse:
    item = selectors.task_for(request.user, pk)
    try:
        if name == "assign":
            form: Any = AssignForm(request.POST, units=selectors.units_of(item.ledger))
            if not form.is_valid():
                raise DomainError(_errors(form))
            d = form.cleaned_data
            services.task_assign(actor=request.user, task=item, lead_unit=d["lead_unit"], co_units=list(d["co_units"]),
                                 due=d["due"], reason=d["reason"])
        elif name == "status":
            form = StatusForm(request.POST)
            if not form.is_valid():
                raise DomainError(_errors(form))
            d = form.cleaned_data
            services.task_set_status(actor=request.user, task=item, status=d["status"], reason=d["reason"],
                                     completed_on=d["completed_on"])
        elif name == "progress":
            form = ProgressForm(request.POST, request.FILES)
            if not form.is_valid():
                raise DomainError(_errors(form))
            d = form.cleaned_data
            upload = None
            if d.get("file") is not None:
                upload = services.Upload(d["file"].name or "", d["file"].read())
            services.task_add_progress(actor=request.user, task=item, text=d["text"],
                                       document_index_no=d["document_index_no"], url=d["url"], upload=upload)
        else:
            raise Http404
        messages.success(request, "已保存。")
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect("ledger_staff:task", pk=pk)


@staff_required
def evidence(request: HttpRequest, pk: int) -> FileResponse:
    note = selectors.note_for(request.user, pk)
    if note.evidence != ProgressNote.Evidence.UPLOAD or not note.file:
        raise Http404
    response = FileResponse(note.file.open("rb"), content_type=note.content_type, as_attachment=True,
                            filename=note.file_name)
    response["X-Content-Type-Options"] = "nosniff"
    return response


@staff_required
def mine(request: HttpRequest) -> HttpResponse:
    rows = selectors.task_rows(selectors.my_tasks(request.user))
    return render(request, "ledger/mine.html", {"rows": rows})


@staff_required
def overview(request: HttpRequest) -> HttpResponse:
    form = OverviewForm(request.GET)
    years = sorted(set(selectors.ledgers_for(request.user).values_list("year", flat=True)), reverse=True)
    year = (form.cleaned_data.get("year") if form.is_valid() else None) or (years[0] if years else timezone.localdate().year)
    summary = selectors.departments_summary(request.user, year)
    return render(request, "ledger/overview.html", {"summary": summary, "chart": selectors.summary_chart(summary),
                                                    "years": years, "year": year})


@staff_required
def links(request: HttpRequest, pk: int) -> HttpResponse:
    workplan = selectors.workplan_for(pk)
    if workplan.parent_id is None:
        raise Http404
    if request.method == "POST":
        link = ItemLink.objects.filter(pk=_int(request.POST.get("link")), item__workplan=workplan).select_related(
            "item__workplan").first()
        if link is None:
            raise Http404
        origin_id = request.POST.get("origin", "")
        origin = None
        if origin_id != "none":
            origin = selectors.parent_items(workplan).filter(pk=_int(origin_id)).first()
            if origin is None:
                messages.error(request, "请选择上级要点中的条目，或选择“无对应条目”。")
                return redirect("ledger_staff:links", pk=pk)
        try:
            services.item_link_decide(actor=request.user, link=link, origin=origin,
                                      reason=request.POST.get("reason", "")[:500])
            messages.success(request, f"{link.item.path} 的对应条目已保存。")
        except DomainError as exc:
            messages.error(request, exc.message)
        return redirect("ledger_staff:links", pk=pk)
    return render(request, "ledger/links.html", {"workplan": workplan, "rows": selectors.plan_links(workplan),
                                                 "parent_items": selectors.parent_items(workplan)})


def _int(value: str | None) -> int:
    return int(value) if value and value.isdigit() and len(value) < 12 else 0

