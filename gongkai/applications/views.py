"""Pages of 依申请公开: the public form and tracking, the officer's queue and case page, and the
supervisor's overview. Thin: services and selectors hold the rules."""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.core.cache import cache
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from gongkai.applications import letters, rules, selectors, services
from gongkai.applications.forms import ApplicationForm, StaffEntryForm
from gongkai.applications.models import Letter, Pause, Review, State
from gongkai.core.decorators import staff_required
from gongkai.core.exceptions import DomainError, NotFoundError
from gongkai.core.middleware import client_ip
from gongkai.core.models import Organisation
from gongkai.core.selectors import visible_orgs

TRACK_LIMIT = 10  # attempts per client per 10 minutes: tracking codes cannot be guessed


def _receiving_orgs() -> list[Organisation]:
    return list(Organisation.objects.filter(is_active=True).exclude(kind=Organisation.Kind.OFFICE).order_by("path"))


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
                app, code = services.application_submit(actor=None, organisation=org, data=form.cleaned_data)
                request.session["last_application"] = {"number": app.number, "code": code}
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


def track(request: HttpRequest) -> HttpResponse:
    number = (request.POST.get("number") or request.GET.get("n") or "").strip()
    code = (request.POST.get("code") or request.GET.get("c") or "").strip()
    context: dict[str, object] = {"number": number}
    if number and code:
        key = f"track:{client_ip(request)}"
        attempts = cache.get(key, 0)
        if attempts >= TRACK_LIMIT:
            context["error"] = "查询过于频繁，请 10 分钟后再试。"
            return render(request, "applications/track.html", context, status=429)
        try:
            app = selectors.tracked(number, code)
            context.update(app=app, timeline=selectors.public_timeline(app), next_step=selectors.next_step(app),
                           letters=app.letters.all())
        except NotFoundError as exc:
            cache.set(key, attempts + 1, 600)
            context["error"] = exc.message
            return render(request, "applications/track.html", context, status=404)
    return render(request, "applications/track.html", context)


@staff_required
def queue(request: HttpRequest) -> HttpResponse:
    return render(request, "applications/queue.html", {"rows": selectors.queue(request.user)})


@staff_required
def overview(request: HttpRequest) -> HttpResponse:
    return render(request, "applications/overview.html", {
        "rows": selectors.overview(request.user), "overdue": selectors.overdue(request.user)[:100]})


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
                confirmed_on=data.get("confirmed_on"))
            messages.success(request, f"已登记 {app.number}。申请人查询码：{code}（请告知申请人，系统不再显示）。")
            return redirect("applications_staff:detail", pk=app.pk)
        except (DomainError, ValueError) as exc:
            form.add_error(None, str(exc))
    return render(request, "applications/staff_entry.html", {"form": form, "orgs": orgs},
                  status=400 if request.method == "POST" else 200)


def _date(value: str | None) -> date:
    try:
        return date.fromisoformat(value or "")
    except ValueError as exc:
        raise DomainError("日期无效，请使用 YYYY-MM-DD 格式。") from exc


@staff_required
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    app = selectors.staff_application(request.user, pk)
    deadlines = services.recompute_deadlines(app, explain=True)
    explain = deadlines.reply if deadlines is not None else None
    left, level = selectors.urgency(app)
    return render(request, "applications/detail.html", {
        "app": app, "deadlines": deadlines, "explain": explain, "days_left": left, "level": level,
        "events": app.events.all(), "pauses": app.pauses.all(), "fees": app.fees.all(), "letters": app.letters.all(),
        "reviews": app.reviews.all(), "outcomes": rules.OUTCOMES, "repeats": selectors.possible_repeats(app),
        "month_count": selectors.month_count(app), "masked_id": rules.mask(app.id_number),
        "masked_phone": rules.mask(app.phone, 3, 4), "transitions": services.TRANSITIONS.get(app.state, set()),
        "orgs": visible_orgs(request.user).exclude(kind=Organisation.Kind.OFFICE).exclude(pk=app.organisation_id),
        "review_kinds": Review.Kind.choices, "review_results": Review.Result.choices, "State": State,
        "letter_kinds": Letter.Kind.choices,
    })


ACTIONS = {
    "accept": lambda r, a: services.application_accept(actor=r.user, application=a, confirmed_on=_date(r.POST.get("date"))),
    "correction": lambda r, a: services.application_request_correction(
        actor=r.user, application=a, what=r.POST.get("reason", ""), notice_on=_date(r.POST.get("date"))),
    "correction_received": lambda r, a: services.application_correction_received(
        actor=r.user, application=a, received_on=_date(r.POST.get("date"))),
    "consult": lambda r, a: services.application_consult(
        actor=r.user, application=a, kind=r.POST.get("kind", Pause.Kind.THIRD_PARTY), start=_date(r.POST.get("date")),
        party=r.POST.get("reason", "")),
    "consult_done": lambda r, a: services.application_consult_done(
        actor=r.user, application=a, end=_date(r.POST.get("date")), summary=r.POST.get("reason", "")),
    "extend": lambda r, a: services.application_extend(
        actor=r.user, application=a, workdays=int(r.POST.get("days") or 20), approved_by=r.POST.get("approved_by", ""),
        reason=r.POST.get("reason", "")),
    "fee": lambda r, a: services.application_fee_notice(
        actor=r.user, application=a, method=r.POST.get("method", ""), quantity=int(r.POST.get("quantity") or 0),
        notice_received_on=_date(r.POST.get("date")), decided_by=r.user.get_username()),
    "fee_paid": lambda r, a: services.application_fee_settled(
        actor=r.user, application=a, paid_on=_date(r.POST.get("date")), waive_reason=r.POST.get("reason", "")),
    "abandon": lambda r, a: services.application_close_unresponsive(actor=r.user, application=a),
    "reply": lambda r, a: services.application_reply(
        actor=r.user, application=a, outcome_code=r.POST.get("outcome", ""), basis_note=r.POST.get("reason", ""),
        replied_on=_date(r.POST.get("date"))),
    "transfer": lambda r, a: services.application_transfer(
        actor=r.user, application=a, to_org=visible_orgs(r.user).get(pk=r.POST.get("to_org")),
        reason=r.POST.get("reason", "")),
    "archive": lambda r, a: services.application_archive(actor=r.user, application=a),
    "letter": lambda r, a: letters.letter_issue(
        actor=r.user, application=a, kind=r.POST.get("kind", Letter.Kind.REPLY), what=r.POST.get("reason", ""),
        delivery_method=r.POST.get("delivery", "")),
    "review": lambda r, a: services.application_review_record(
        actor=r.user, application=a, kind=r.POST.get("kind", ""), filed_on=_date(r.POST.get("date")),
        result=r.POST.get("result", Review.Result.PENDING)),
}


@staff_required
def action(request: HttpRequest, pk: int, name: str) -> HttpResponse:
    app = selectors.staff_application(request.user, pk)
    if request.method != "POST" or name not in ACTIONS:
        raise Http404
    try:
        ACTIONS[name](request, app)
        messages.success(request, "已保存。")
    except (DomainError, ValueError, Organisation.DoesNotExist) as exc:
        messages.error(request, exc.message if isinstance(exc, DomainError) else f"输入有误：{exc}")
    return redirect("applications_staff:detail", pk=pk)


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


def applicant_letter(request: HttpRequest, letter_id: int) -> FileResponse:
    """The applicant downloads a letter with their number and code (same check as tracking)."""
    try:
        app = selectors.tracked(request.GET.get("n", ""), request.GET.get("c", ""))
    except NotFoundError as exc:
        raise Http404(str(exc)) from exc
    letter = app.letters.filter(pk=letter_id).first()
    if letter is None:
        raise Http404
    return _letter_file(letter, "pdf")


