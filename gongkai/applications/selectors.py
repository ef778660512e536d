"""Reads for 依申请公开: the officer's queue (by working days left), the supervisor's overview,
duplicate (第三十六条第（六）项) and volume (第三十五条) signals, and the applicant's tracking view."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from gongkai.applications.fields import blind_indexes
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
    """Per organisation: open, overdue (not paused), replied this year — for the 主管部门.

    Two grouped queries that each use an index (open requests by state; this year's replies by
    date) instead of one pass over every request ever filed.
    """
    from gongkai.core.models import Organisation

    today = today or timezone.localdate()
    orgs = visible_org_ids(user)
    base = Application.objects.filter(organisation_id__in=orgs)
    active = [s for s in OPEN_STATES if s not in PAUSED_STATES]
    rows: dict[int, dict[str, Any]] = {}
    for r in base.filter(state__in=OPEN_STATES).values("organisation_id").annotate(
            open=Count("id"), overdue=Count("id", filter=Q(state__in=active, reply_due__lt=today))).order_by():
        rows[r["organisation_id"]] = {"open": r["open"], "overdue": r["overdue"], "replied": 0}
    year = date(today.year, 1, 1)
    for r in base.filter(replied_on__gte=year, replied_on__lte=today).values("organisation_id").annotate(
            replied=Count("id")).order_by():
        rows.setdefault(r["organisation_id"], {"open": 0, "overdue": 0})["replied"] = r["replied"]
    names = dict(Organisation.objects.filter(pk__in=rows).values_list("pk", "name"))
    return sorted(({"organisation_id": pk, "organisation__name": names.get(pk, ""), **v} for pk, v in rows.items()),
                  key=lambda r: r["organisation__name"])


def overdue(user: Any, today: date | None = None) -> QuerySet[Application]:
    today = today or timezone.localdate()
    active = [s for s in OPEN_STATES if s not in PAUSED_STATES]
    return staff_applications(user).filter(state__in=active, reply_due__lt=today).order_by("reply_due")


def earlier_requests(viewer: Any, app: Application) -> QuerySet[Application]:
    """The same applicant's other requests that the viewer may see (by a keyed hash of the ID number
    under any blind-index key, or the exact name + contact). Another department's requests stay
    hidden, as everywhere else (404 outside scope)."""
    others = staff_applications(viewer).exclude(pk=app.pk)
    if app.id_hash:
        hashes = {app.id_hash, *blind_indexes(app.id_number)} if app.id_number else {app.id_hash}
        return others.filter(id_hash__in=hashes).order_by("-submitted_on")
    return others.filter(name=app.name, email=app.email).exclude(email="").order_by("-submitted_on")


def possible_repeats(viewer: Any, app: Application) -> list[Application]:
    """Earlier requests by the same applicant describing much the same information (第三十六条第（六）项)."""
    from gongkai.search.analysis import query_terms

    mine = set(query_terms(app.description))
    result = []
    for other in earlier_requests(viewer, app)[:50]:
        theirs = set(query_terms(other.description))
        if mine and theirs and len(mine & theirs) / len(mine | theirs) >= 0.6:
            result.append(other)
    return result


def month_count(viewer: Any, app: Application) -> int:
    """This applicant's requests in the calendar month of this one, within the viewer's scope
    (第三十五条; 按件 fee band)."""
    return earlier_requests(viewer, app).filter(submitted_on__year=app.submitted_on.year,
                                                submitted_on__month=app.submitted_on.month).count() + 1


def tracked(number: str, code: str) -> Application:
    """The applicant's own request; a wrong number and a wrong code give the same answer."""
    from gongkai.applications.services import tracking_code_matches

    app = Application.objects.filter(number=number.strip().upper()[:40]).first()
    if app is None or not tracking_code_matches(app.number, app.tracking_hash, code[:40]):
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
