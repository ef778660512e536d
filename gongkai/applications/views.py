"""Pages of 依申请公开: the public form and tracking (with online 补正 and letter downloads through the
tracking session), the officer's queue and case page (the workbench), and the supervisor's overview.
Thin: services and selectors hold the rules; every action goes through `services.application_transition`."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from gongkai.applications import action_forms, redaction, selectors, services, transitions
from gongkai.applications.forms import ApplicationForm, LetterSettingsForm, StaffEntryForm
from gongkai.applications.models import Application, Letter, LetterJob, State
from gongkai.core.decorators import staff_required
from gongkai.core.downloads import content_disposition
from gongkai.core.exceptions import DomainError, NotFoundError, PermissionDeniedError
from gongkai.core.limits import rate_limit
from gongkai.core.models import Organisation, Role
from gongkai.core.selectors import has_role, visible_orgs


def _track_number(request: HttpRequest) -> str:
    return str(request.POST.get("number") or request.GET.get("n") or "")


def _track_attempt(request: HttpRequest) -> bool:
    """A look-up with a number and a code (opening the empty form does not count)."""
    return bool(_track_number(request).strip() and (request.POST.get("code") or request.GET.get("c") or "").strip())


TRACK_SESSION = "tracked_application"  # the application id, set after a successful number + code check


def _receiving_orgs() -> list[Organisation]:
    return list(Organisation.objects.filter(is_active=True).exclude(kind=Organisation.Kind.OFFICE).order_by("path"))


def _upload(form: Any) -> list[tuple[str, bytes]]:
    upload = form.cleaned_data.get("attachment")
    return [(upload.name, upload.read())] if upload else []


@rate_limit("submit", attempt=lambda r: r.method == "POST")
def apply(request: HttpRequest) -> HttpResponse:
    orgs = _receiving_orgs()
    form = ApplicationForm(request.POST or None, request.FILES or None,
                           initial=ApplicationForm.initial_from_query(request.GET))
    if request.method == "POST" and form.is_valid():
        org = next((o for o in orgs if str(o.pk) == request.POST.get("organisation")), None)
        if org is None:
            form.add_error(None, "请选择受理机关。")
        else:
            try:
                app, code = services.application_submit(actor=None, organisation=org, data=form.cleaned_data,
                                                        attachments=_upload(form))
                request.session.cycle_key()  # a session planted before filing must not see the request
                request.session["last_application"] = {"number": app.number, "code": code}
                request.session[TRACK_SESSION] = app.pk  # the filer follows it without typing the code again
                return redirect("applications:done")
            except DomainError as exc:
                form.add_error(None, exc.message)
    suggestions = []
    description = request.POST.get("description") or request.GET.get("q", "")
    if description:
        from gongkai.publishing.selectors import document_search

        _total, rows = document_search(description[:100], per_page=5)
        suggestions = [doc for doc, _hit in rows]
    return render(request, "applications/apply.html", {"form": form, "orgs": orgs, "suggestions": suggestions},
                  status=400 if request.method == "POST" else 200)


def done(request: HttpRequest) -> HttpResponse:
    last = request.session.get("last_application")
    if not last:
        return redirect("applications:apply")
    return render(request, "applications/done.html", last)


def _held_number(request: HttpRequest) -> str:
    app = _session_application(request)
    return app.number if app is not None else ""


def _session_application(request: HttpRequest) -> Application | None:
    pk = request.session.get(TRACK_SESSION)
    if not isinstance(pk, int):
        return None
    return Application.objects.filter(pk=pk).select_related("organisation").first()


def _track_context(app: Application, form: Any = None) -> dict[str, Any]:
    facts = selectors.correction_facts(app) if app.state == State.CORRECTION else (None, None, None)
    return {"app": app, "timeline": selectors.public_timeline(app), "next_step": selectors.next_step(app),
            "letters": app.letters.all(), "released": redaction.applicant_copies(app), "outcome_text": selectors.outcome_text(app),
            "correction_due": facts[1], "correction_form": form or action_forms.CorrectionSubmitForm(),
            "correction_what": _correction_what(app)}


def _correction_what(app: Application) -> str:
    job = app.letter_jobs.filter(kind=Letter.Kind.CORRECTION).order_by("-pk").first()
    return str(job.params.get("what", "")) if job else ""


@rate_limit("track", attempt=_track_attempt, number=_track_number)
def track(request: HttpRequest) -> HttpResponse:
    """Number + code (POSTed, never in a URL) open the tracking session; the page then shows that request,
    its letters and, while 补正 is due, the online 补正 form."""
    number = (request.POST.get("number") or request.GET.get("n") or "").strip()
    code = (request.POST.get("code") or "").strip()
    context: dict[str, object] = {"number": number}
    if request.method == "POST" and number and code:
        try:
            app = selectors.tracked(number, code)
        except NotFoundError as exc:
            context["error"] = exc.message
            return render(request, "applications/track.html", context, status=404)
        request.session.cycle_key()
        request.session[TRACK_SESSION] = app.pk
        context.update(_track_context(app))
        return render(request, "applications/track.html", context)
    held = _session_application(request)
    if held is not None and (not number or number.upper() == held.number):
        context.update(_track_context(held))
    return render(request, "applications/track.html", context)


@require_POST
def track_exit(request: HttpRequest) -> HttpResponse:
    request.session.pop(TRACK_SESSION, None)
    return redirect("applications:track")


@require_POST
def track_correction(request: HttpRequest) -> HttpResponse:
    """The applicant's online 补正 (条例第三十条), through the tracking session."""
    app = _session_application(request)
    if app is None:
        messages.error(request, "请先输入申请编号和查询码查询申请，再提交补正。")
        return redirect("applications:track")
    form = action_forms.CorrectionSubmitForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            in_time = services.application_correction_submit(application=app, text=form.cleaned_data["text"],
                                                             attachments=form.uploads())
            app.refresh_from_db()
            messages.success(request, "已提交补正，答复期限自今日起重新计算。" if in_time else
                             "已提交补正。补正期限已过，工作人员将决定是否受理，并与您联系。")
            return redirect("applications:track")
        except DomainError as exc:
            form.add_error(None, exc.message)
    context: dict[str, Any] = {"number": app.number, **_track_context(app, form)}
    return render(request, "applications/track.html", context, status=400)


@rate_limit("letter", attempt=lambda r: True, number=lambda r: _held_number(r))
def applicant_letter(request: HttpRequest, letter_id: int) -> FileResponse:
    """The applicant downloads a letter of the request held by their tracking session (no code in URLs)."""
    app = _session_application(request)
    if app is None:
        raise Http404("请先查询申请。")
    letter = app.letters.filter(pk=letter_id).first()
    if letter is None:
        raise Http404
    return _letter_file(letter, "pdf")


@rate_limit("letter", attempt=lambda r: True, number=lambda r: _held_number(r))
def applicant_released(request: HttpRequest, copy_id: int) -> HttpResponse:
    """The applicant downloads a 公开件 (the redacted copy, 条例第三十七条) of the request held by their
    tracking session; the original is never reachable from here."""
    app = _session_application(request)
    if app is None:
        raise Http404("请先查询申请。")
    copy = next((c for c in redaction.applicant_copies(app) if c.pk == copy_id), None)
    if copy is None:
        raise Http404
    content, filename, content_type = redaction.released_file(copy)
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = content_disposition(filename)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


# --- staff -------------------------------------------------------------------------------------

@staff_required
def queue(request: HttpRequest) -> HttpResponse:
    q = request.GET.get("q", "")[:100]
    state = request.GET.get("state", "open")
    if state not in ("open", "all", *State.values):
        state = "open"
    rows = selectors.queue(request.user, q=q, state="" if state == "all" else state)
    return render(request, "applications/queue.html", {
        "rows": rows, "q": q, "state": state, "states": State.choices})


@staff_required
def overview(request: HttpRequest) -> HttpResponse:
    from gongkai.reports import stats  # per-organisation statistics and their charts

    rows = selectors.overview(request.user)
    units = [r["organisation"] for r in rows]
    return render(request, "applications/overview.html", {
        "rows": rows, "states": State.choices, "overdue": selectors.overdue(request.user)[:100],
        "charts": stats.overview_charts(units), "link_statistics": "/staff/reports/statistics/"})


@staff_required
def staff_entry(request: HttpRequest) -> HttpResponse:
    orgs = visible_orgs(request.user).exclude(kind=Organisation.Kind.OFFICE)
    form = StaffEntryForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        org = orgs.filter(pk=request.POST.get("organisation") or 0).first()
        try:
            if org is None:
                raise DomainError("请选择受理机关。")
            data = form.cleaned_data
            app, code = services.application_submit(
                actor=request.user, organisation=org, data=data, channel=data["channel"],
                submitted_on=data["submitted_on"], signed_for_on=data.get("signed_for_on"),
                confirmed_on=data.get("confirmed_on"), attachments=_upload(form))
            messages.success(request, f"已登记 {app.number}。申请人查询码：{code}（请告知申请人，系统不再显示）。")
            return redirect("applications_staff:detail", pk=app.pk)
        except (DomainError, ValueError) as exc:
            form.add_error(None, str(exc))
    return render(request, "applications/staff_entry.html", {"form": form, "orgs": orgs},
                  status=400 if request.method == "POST" else 200)


def _documents_context(app: Application) -> dict[str, Any]:
    jobs = list(app.letter_jobs.select_related("letter", "event").order_by("pk"))
    latest: dict[str, LetterJob] = {}
    for job in jobs:
        latest[job.kind] = job
    return {"app": app, "letters": app.letters.select_related("event").order_by("pk"),
            "jobs_shown": [j for j in jobs if j.pending or (j.status == LetterJob.Status.FAILED and latest[j.kind] == j)],
            "letters_pending": any(j.pending for j in jobs)}


@staff_required
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    app = selectors.staff_application(request.user, pk)
    deadlines = services.recompute_deadlines(app, explain=True)
    explain = deadlines.reply if deadlines is not None else None
    bench = selectors.workbench(app, request.user)
    pause, correction_due, late_submission = selectors.correction_facts(app)
    from gongkai.applications import rules

    return render(request, "applications/detail.html", {
        "app": app, "bench": bench, "deadlines": deadlines, "explain": explain,
        "events": selectors.event_lines(app), "pauses": app.pauses.all(),
        "pause_lines": selectors.pause_lines(app), "fees": app.fees.all(),
        "reviews": app.reviews.all(), "attachments": app.attachments.select_related("event"),
        "repeats": selectors.possible_repeats(request.user, app), "month_count": selectors.month_count(request.user, app),
        "masked_id": rules.mask(app.id_number), "masked_phone": rules.mask(app.phone, 3, 4),
        "correction_due": correction_due, "late_submission": late_submission,
        "outcome_text": selectors.outcome_text(app),
        "blocked_while_pending": {"letter", "archive"},
        **_documents_context(app),
    })


@staff_required
def documents(request: HttpRequest, pk: int) -> HttpResponse:
    """The 文书 section alone, polled by htmx while a letter is being generated; when the last one finishes
    the whole page reloads, so buttons held back while it ran come back."""
    app = selectors.staff_application(request.user, pk)
    context = _documents_context(app)
    response = render(request, "applications/_documents.html", context)
    if request.GET.get("poll") and not context["letters_pending"]:
        response["HX-Refresh"] = "true"
    return response


def _action_form(request: HttpRequest, app: Application, spec: transitions.ActionSpec,
                 data: Any = None) -> action_forms.ActionForm:
    cls = action_forms.FORMS[spec.name]
    kwargs: dict[str, Any] = {}
    if spec.name == "letter":
        kwargs["kinds"] = transitions.LETTERS_BY_STATE.get(app.state, frozenset())
    if spec.name == "transfer":
        kwargs["orgs"] = visible_orgs(request.user).exclude(kind=Organisation.Kind.OFFICE).exclude(
            pk=app.organisation_id)
    initial: dict[str, Any] = {}
    if spec.name == "correction_received":
        _pause, _due, late = selectors.correction_facts(app)
        if late is not None:
            initial["date"] = late.on_date or timezone.localtime(late.created_at).date()
            initial["text"] = app.correction_text
    if spec.name == "fee":
        initial["quantity"] = selectors.month_count(request.user, app)
    return cls(data, spec=spec, initial=initial, **kwargs)


def _render_action(request: HttpRequest, app: Application, spec: transitions.ActionSpec,
                   form: action_forms.ActionForm, status: int = 200) -> HttpResponse:
    context = {"app": app, "spec": spec, "form": form, "bench": selectors.workbench(app, request.user)}
    if request.htmx:  # type: ignore[attr-defined]
        # htmx does not swap error statuses: a refused form comes back as 200 into the dialog slot.
        return render(request, "applications/_action_dialog.html", context)
    return render(request, "applications/action.html", context, status=status)


@staff_required
def action(request: HttpRequest, pk: int, name: str) -> HttpResponse:
    """GET: the action's form (a dialog fragment for htmx, a page without JS). POST: the transition."""
    app = selectors.staff_application(request.user, pk)
    spec = transitions.action(name)
    if spec is None:
        raise Http404
    if request.method == "GET":
        bench = selectors.workbench(app, request.user)
        if spec not in ([bench.primary] if bench.primary else []) + bench.others:
            messages.error(request, str(services.action_refusal(app, spec).message) if not spec.allows(app.state)
                           else f"您不能办理“{spec.label}”。")
            return redirect("applications_staff:detail", pk=pk)
        return _render_action(request, app, spec, _action_form(request, app, spec))
    if request.method != "POST":
        raise Http404
    form = _action_form(request, app, spec, request.POST)
    if not form.is_valid():
        return _render_action(request, app, spec, form, status=400)
    try:
        result = services.application_transition(actor=request.user, application=app, action=name, **form.params())
    except DomainError as exc:
        form.add_error(None, exc.message)
        return _render_action(request, app, spec, form, status=exc.status)
    messages.success(request, result.message)
    target = f"/staff/applications/{pk}/"
    if request.htmx:  # type: ignore[attr-defined]
        response = HttpResponse(status=204)
        response["HX-Redirect"] = target
        return response
    return redirect(target)


@staff_required
@require_POST
def letter_retry(request: HttpRequest, pk: int, job_id: int) -> HttpResponse:
    app = selectors.staff_application(request.user, pk)
    try:
        job = services.application_letter_retry(actor=request.user, application=app, job_id=job_id)
        messages.success(request, f"{job.get_kind_display()}已重新开始生成。")
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect("applications_staff:detail", pk=pk)


@staff_required
@require_POST
def attachment(request: HttpRequest, pk: int, attachment_id: int) -> HttpResponse:
    """The applicant's file for the handling office (POST: each download writes an audit row)."""
    app = selectors.staff_application(request.user, pk)
    item, content = services.attachment_download(actor=request.user, application=app, attachment_id=attachment_id)
    response = HttpResponse(content, content_type=item.content_type)
    response["Content-Disposition"] = content_disposition(f"{app.number}-{item.name}")
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "no-store"
    return response


@staff_required
def personal_data(request: HttpRequest, pk: int) -> HttpResponse:
    app = selectors.staff_application(request.user, pk)
    data = services.personal_data_view(actor=request.user, application=app)
    return render(request, "applications/personal_data.html", {"app": app, "data": data})


def _letter_file(letter: Letter, fmt: str) -> FileResponse:
    field = letter.pdf if fmt == "pdf" else letter.docx
    return FileResponse(field.open("rb"), as_attachment=True,
                        filename=f"{letter.application.number}-{letter.get_kind_display()}.{fmt}")


@staff_required
def letter_download(request: HttpRequest, pk: int, letter_id: int, fmt: str) -> FileResponse:
    app = selectors.staff_application(request.user, pk)
    letter = app.letters.filter(pk=letter_id).first()
    if letter is None or fmt not in ("pdf", "docx"):
        raise Http404
    return _letter_file(letter, fmt)


@staff_required
def letter_settings(request: HttpRequest) -> HttpResponse:
    """文书设置 per organisation (文号前缀, 复议机关, 法院, 收费缴纳方式…): the organisation's 管理员 edits them
    here; officers see them. Saved through letters.letter_settings_update (checked, audited)."""
    from gongkai.applications import letters
    from gongkai.applications.models import LetterSettings

    orgs = list(visible_orgs(request.user).exclude(kind=Organisation.Kind.OFFICE).order_by("path"))
    if not orgs:
        raise Http404
    wanted = request.POST.get("org") or request.GET.get("org")
    org = next((o for o in orgs if str(o.pk) == wanted), None) if wanted else orgs[0]
    if org is None:
        raise Http404
    can_edit = has_role(request.user, org, [Role.ADMIN])
    saved = LetterSettings.objects.filter(organisation=org).first()
    form = LetterSettingsForm(request.POST if request.method == "POST" else None,
                              instance=saved or LetterSettings(organisation=org))
    status = 200
    if request.method == "POST":
        if not can_edit:
            raise PermissionDeniedError(f"只有{org.name}或上级人民政府的管理员可以修改文书设置。")
        status = 400
        if form.is_valid():
            try:
                values = {k: form.cleaned_data.get(k) or "" for k in letters.SETTINGS_FIELDS}
                letters.letter_settings_update(actor=request.user, organisation=org, **values)
                resolved = letters.resolved_settings(org)
                year = timezone.localdate().year
                messages.success(request, f"已保存{org.name}的文书设置：答复书文号如“{resolved.prefixes['reply']}〔{year}〕1号”，"
                                          f"行政复议机关为{resolved.reconsideration_body or '（未填写）'}，"
                                          f"行政诉讼法院为{resolved.court or '（未填写）'}。")
                return redirect(f"/staff/applications/letter-settings/?org={org.pk}")
            except DomainError as exc:
                form.add_error(exc.field if exc.field in form.fields else None, exc.message)
    return render(request, "applications/letter_settings.html", {
        "orgs": orgs, "org": org, "form": form, "can_edit": can_edit, "resolved": letters.resolved_settings(org),
        "year": timezone.localdate().year}, status=status)
