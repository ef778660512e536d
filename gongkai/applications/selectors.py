"""Reads for 依申请公开: the officer's queue (by working days left), the supervisor's overview,
duplicate (第三十六条第（六）项) and volume (第三十五条) signals, and the applicant's tracking view."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from gongkai.applications.models import OPEN_STATES, PAUSED_STATES, Application, ApplicationEvent, State
from gongkai.applications.rules import mask
from gongkai.core.exceptions import NotFoundError
from gongkai.core.selectors import get_calendar, visible_org_ids
from gongkai.core.workdays import Calendar, workdays_between


@dataclass
class QueueRow:
    app: Application
    days_left: int | None
    level: str  # ok | warn5 | warn2 | overdue | paused

    @property
    def masked_phone(self) -> str:
        return mask(self.app.phone, 3, 4)


def urgency(app: Application, today: date | None = None, calendar: Calendar | None = None) -> tuple[int | None, str]:
    """Working days left to the reply due date; "overdue" is derived here, never while paused."""
    if app.reply_due is None or app.state not in OPEN_STATES:
        return None, "ok"
    calendar = calendar or get_calendar()
    left = workdays_between(today or timezone.localdate(), app.reply_due, calendar)
    if app.state in PAUSED_STATES:
        return left, "paused"
    if left < 0:
        return left, "overdue"
    if left <= 2:
        return left, "warn2"
    if left <= 5:
        return left, "warn5"
    return left, "ok"


def staff_applications(user: Any, *, state: str = "", q: str = "") -> QuerySet[Application]:
    apps = Application.objects.filter(organisation_id__in=visible_org_ids(user)).select_related("organisation")
    if state == "open":
        apps = apps.filter(state__in=OPEN_STATES)
    elif state:
        apps = apps.filter(state=state)
    if q:
        apps = apps.filter(Q(number__icontains=q) | Q(name__icontains=q) | Q(description__icontains=q))
    return apps


def queue(user: Any, limit: int = 200, today: date | None = None) -> list[QueueRow]:
    """Open requests of the user's organisations, most urgent first (index on state, reply_due)."""
    # The queue shows no personal data: leave the encrypted columns undecrypted (Fernet per field per row).
    apps = staff_applications(user).filter(state__in=OPEN_STATES).defer(
        "id_number", "phone", "address", "description").order_by("reply_due", "pk")[:limit]
    rows = []
    calendar = get_calendar()  # one calendar for the whole page, not one look-up per row
    for app in apps:
        left, level = urgency(app, today, calendar)
        rows.append(QueueRow(app, left, level))
    return rows


def staff_application(user: Any, pk: int) -> Application:
    app = staff_applications(user).filter(pk=pk).first()
    if app is None:
        raise NotFoundError()
    return app


def overview(user: Any, today: date | None = None) -> list[dict[str, Any]]:
    """Per government or department in the supervisor's scope, zeros included: requests by state, open,
    overdue (active, past the due date, not paused) and replied this year. A 工作机构's requests count for
    the organisation it serves (条例第四条). Two grouped queries."""
    from gongkai.core.models import Organisation

    today = today or timezone.localdate()
    orgs = list(Organisation.objects.filter(pk__in=visible_org_ids(user), is_active=True).order_by("path"))
    units = {o.pk: o for o in orgs if o.kind != Organisation.Kind.OFFICE}
    unit_of = {o.pk: (o.parent_id if o.kind == Organisation.Kind.OFFICE and o.parent_id in units else o.pk)
               for o in orgs}
    for o in orgs:
        units.setdefault(unit_of[o.pk], o)
    rows: dict[int, dict[str, Any]] = {pk: {"organisation_id": pk, "organisation__name": o.name, "organisation": o, "states": dict.fromkeys(State.values, 0),
                 "open": 0, "overdue": 0, "replied": 0} for pk, o in units.items()}
    for r in state_counts(list(unit_of), today):
        row = rows[unit_of[r["organisation_id"]]]
        row["states"][r["state"]] += r["n"]
        row["overdue"] += r["overdue"]
        if r["state"] in OPEN_STATES:
            row["open"] += r["n"]
    base = Application.objects.filter(organisation_id__in=list(unit_of))
    for r in base.filter(replied_on__gte=date(today.year, 1, 1), replied_on__lte=today).values(
            "organisation_id").annotate(n=Count("id")).order_by():
        rows[unit_of[r["organisation_id"]]]["replied"] += r["n"]
    for row in rows.values():
        row["state_cells"] = [(State(v).label, row["states"][v]) for v in State.values]
    return [rows[pk] for pk in units if pk in rows]


def overdue(user: Any, today: date | None = None) -> QuerySet[Application]:
    today = today or timezone.localdate()
    active = [s for s in OPEN_STATES if s not in PAUSED_STATES]
    return staff_applications(user).filter(state__in=active, reply_due__lt=today).order_by("reply_due")


def earlier_requests(app: Application) -> QuerySet[Application]:
    """The same applicant's other requests (by a keyed hash of the ID number, or the exact name + contact)."""
    others = Application.objects.exclude(pk=app.pk)
    if app.id_hash:
        return others.filter(id_hash=app.id_hash).order_by("-submitted_on")
    return others.filter(name=app.name, email=app.email).exclude(email="").order_by("-submitted_on")


def possible_repeats(app: Application) -> list[Application]:
    """Earlier requests by the same applicant describing much the same information (第三十六条第（六）项)."""
    from gongkai.search.analysis import query_terms

    mine = set(query_terms(app.description))
    result = []
    for other in earlier_requests(app)[:50]:
        theirs = set(query_terms(other.description))
        if mine and theirs and len(mine & theirs) / len(mine | theirs) >= 0.6:
            result.append(other)
    return result


def month_count(app: Application) -> int:
    """This applicant's requests in the calendar month of this one (第三十五条; 按件 fee band)."""
    return earlier_requests(app).filter(submitted_on__year=app.submitted_on.year,
                                        submitted_on__month=app.submitted_on.month).count() + 1


def tracked(number: str, code: str) -> Application:
    """The applicant's own request; a wrong number and a wrong code give the same answer."""
    from gongkai.applications.services import tracking_hash

    app = Application.objects.filter(number=number.strip().upper()).first()
    if app is None or app.tracking_hash != tracking_hash(code):
        raise NotFoundError("申请编号或查询码不正确。")
    return app


def public_timeline(app: Application) -> list[ApplicationEvent]:
    return [e for e in app.events.all() if e.public_note]


def next_step(app: Application) -> str:
    s = State(app.state)
    due = f"{app.reply_due:%Y年%m月%d日}" if app.reply_due else ""
    return {
        State.PENDING: "等待工作人员确认收到申请。",
        State.ACCEPTED: f"正在办理，将于 {due} 前答复。",
        State.EXTENDED: f"已延期，将于 {due} 前答复。",
        State.CORRECTION: "请按补正告知书补正申请；收到补正后答复期限重新计算。",
        State.CONSULTING: "正在征求相关方意见，该期间不计入答复期限。",
        State.FEE_PENDING: "请按收费通知缴纳信息处理费，缴费期间不计入答复期限。",
    }.get(s, "办理已结束。")


# --- For the annual report and the statistics (gongkai.reports) ---------------------------------
# Counting follows 国办公开办函〔2021〕30号: 本年新收 by the receipt date (条例第三十一条), results by the
# reply date, 上年结转 / 结转下年度 = received and not yet replied at the start / end of the year.

def report_request_counts(org_ids: list[int], year: int) -> list[dict[str, Any]]:
    """One grouped pass over the requests that matter for `year` (received by its end and not replied
    before its start): per (applicant kind, outcome), how many were new, carried over, replied in the
    year and still open at its end."""
    start, end = date(year, 1, 1), date(year, 12, 31)
    open_at_end = Q(replied_on__isnull=True) | Q(replied_on__gt=end)
    rows = (Application.objects.filter(organisation_id__in=org_ids, received_on__isnull=False, received_on__lte=end)
            .filter(Q(replied_on__isnull=True) | Q(replied_on__gte=start))
            .values("applicant_kind", "outcome")
            .annotate(new=Count("id", filter=Q(received_on__gte=start)),
                      carried=Count("id", filter=Q(received_on__lt=start)),
                      replied=Count("id", filter=Q(replied_on__gte=start, replied_on__lte=end)),
                      forward=Count("id", filter=open_at_end),
                      closed_unreplied=Count("id", filter=Q(replied_on__isnull=True) & ~Q(state__in=OPEN_STATES)))
            .order_by())
    return list(rows)


def report_request_problems(org_ids: list[int], year: int, known_outcomes: set[str], limit: int = 50) -> list[tuple[str, str]]:
    """Requests the report cannot place: replied in the year without a known outcome, or closed
    without a reply date (they would stay "carried forward" for ever)."""
    start, end = date(year, 1, 1), date(year, 12, 31)
    base = Application.objects.filter(organisation_id__in=org_ids, received_on__isnull=False, received_on__lte=end)
    found: list[tuple[str, str]] = []
    for number in (base.filter(replied_on__gte=start, replied_on__lte=end).exclude(outcome__in=known_outcomes)
                   .values_list("number", flat=True)[:limit]):
        found.append((number, "已答复但未选择办理结果"))
    for number in (base.filter(replied_on__isnull=True).exclude(state__in=OPEN_STATES)
                   .values_list("number", flat=True)[:limit]):
        found.append((number, "已办结但没有答复日期"))
    return found


def report_reviews(org_ids: list[int], year: int) -> list[tuple[str, str, date | None]]:
    """(kind, result, decided_on) of the 行政复议/行政诉讼 filed in `year` about these organisations' requests."""
    from gongkai.applications.models import Review

    return list(Review.objects.filter(application__organisation_id__in=org_ids, filed_on__year=year)
                .values_list("kind", "result", "decided_on"))


def statistics_counts(org_ids: list[int], start: date, end: date, today: date | None = None) -> list[dict[str, Any]]:
    """Per (organisation, outcome): received and replied within [start, end], replied on time / late
    (against the stored due date, which counts pauses and an approved extension), open and overdue today.
    One grouped query; no personal data."""
    from django.db.models import F

    today = today or timezone.localdate()
    active = [s for s in OPEN_STATES if s not in PAUSED_STATES]
    in_range = Q(replied_on__range=(start, end))
    window = Q(received_on__range=(start, end)) | in_range | (Q(state__in=OPEN_STATES) & Q(replied_on__isnull=True))
    return list(Application.objects.filter(organisation_id__in=org_ids, received_on__isnull=False).filter(window)
                .values("organisation_id", "outcome")
                .annotate(received=Count("id", filter=Q(received_on__range=(start, end))),
                          replied=Count("id", filter=in_range),
                          on_time=Count("id", filter=in_range & Q(replied_on__lte=F("reply_due"))),
                          late=Count("id", filter=in_range & Q(replied_on__gt=F("reply_due"))),
                          open=Count("id", filter=Q(state__in=OPEN_STATES, replied_on__isnull=True)),
                          overdue=Count("id", filter=Q(state__in=active, replied_on__isnull=True, reply_due__lt=today)))
                .order_by())


def reply_spans(org_ids: list[int], start: date, end: date) -> list[tuple[int, date, date, int]]:
    """(organisation_id, clock start, reply date, how many) for replies within [start, end]: the clock starts
    at receipt, or at the corrected request (条例第三十条). Grouped, so equal spans come back once."""
    from django.db.models.functions import Coalesce

    return list(Application.objects.filter(organisation_id__in=org_ids, received_on__isnull=False,
                                           replied_on__range=(start, end))
                .annotate(clock=Coalesce("correction_received_on", "received_on"))
                .values_list("organisation_id", "clock", "replied_on").annotate(n=Count("id")).order_by())


def yearly_counts(org_ids: list[int], first: int, last: int) -> dict[int, tuple[int, int, int, int]]:
    """{year: (received, replied, replied on time, replied late)} for the years first…last (grouped by day,
    folded into years here, as in monthly_counts)."""
    from django.db.models import F

    out = {y: [0, 0, 0, 0] for y in range(first, last + 1)}
    base = Application.objects.filter(organisation_id__in=org_ids)
    start, end = date(first, 1, 1), date(last, 12, 31)
    for day, n in base.filter(received_on__range=(start, end)).values_list("received_on").annotate(n=Count("id")).order_by():
        out[day.year][0] += n
    for day, n, on, late in (base.filter(replied_on__range=(start, end)).values_list("replied_on")
                             .annotate(n=Count("id"), on=Count("id", filter=Q(replied_on__lte=F("reply_due"))),
                                       late=Count("id", filter=Q(replied_on__gt=F("reply_due")))).order_by()):
        out[day.year][1] += n
        out[day.year][2] += on
        out[day.year][3] += late
    return {y: (v[0], v[1], v[2], v[3]) for y, v in out.items()}


def review_rows(org_ids: list[int], start: date, end: date) -> list[tuple[int, str, str]]:
    """(organisation_id, kind, result) of the reviews filed within [start, end]."""
    from gongkai.applications.models import Review

    return list(Review.objects.filter(application__organisation_id__in=org_ids, filed_on__range=(start, end))
                .values_list("application__organisation_id", "kind", "result"))


def state_counts(org_ids: list[int], today: date | None = None) -> list[dict[str, Any]]:
    """Per organisation and state, how many requests; `overdue` counts the active (not paused) ones
    past their reply date (第三十三条)."""
    today = today or timezone.localdate()
    active = [s for s in OPEN_STATES if s not in PAUSED_STATES]
    return list(Application.objects.filter(organisation_id__in=org_ids).values("organisation_id", "state")
                .annotate(n=Count("id"), overdue=Count("id", filter=Q(state__in=active, reply_due__lt=today)))
                .order_by())


def monthly_counts(org_ids: list[int], start: date, end: date) -> dict[tuple[int, int], tuple[int, int]]:
    """{(year, month): (received, replied)} within [start, end]. Grouped by day (at most a few hundred
    rows, read from the report index) and folded into months here: SQLite would otherwise call a Python
    date function on every request."""
    out: dict[tuple[int, int], list[int]] = {}
    base = Application.objects.filter(organisation_id__in=org_ids)
    for field, k in (("received_on", 0), ("replied_on", 1)):
        for day, n in (base.filter(**{f"{field}__range": (start, end)}).values_list(field)
                       .annotate(n=Count("id")).order_by()):
            out.setdefault((day.year, day.month), [0, 0])[k] += n
    return {key: (v[0], v[1]) for key, v in out.items()}


def on_time_counts(org_ids: list[int], start: date, end: date) -> dict[int, tuple[int, int]]:
    """{organisation_id: (replied on time, replied late)} for replies within [start, end] (the stored due
    date already counts pauses and an approved extension, 条例第三十三条)."""
    from django.db.models import F

    rows = (Application.objects.filter(organisation_id__in=org_ids, replied_on__range=(start, end),
                                       reply_due__isnull=False)
            .values("organisation_id")
            .annotate(on=Count("id", filter=Q(replied_on__lte=F("reply_due"))),
                      late=Count("id", filter=Q(replied_on__gt=F("reply_due")))).order_by())
    return {r["organisation_id"]: (r["on"], r["late"]) for r in rows}
