"""Reads for 依申请公开: the officer's queue (by working days left), the supervisor's overview,
duplicate (第三十六条第（六）项) and volume (第三十五条) signals, and the applicant's tracking view."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from gongkai.applications import rules, transitions
from gongkai.applications.fields import blind_indexes
from gongkai.applications.models import (
    OPEN_STATES,
    PAUSED_STATES,
    Application,
    ApplicationEvent,
    EventKind,
    Letter,
    LetterJob,
    Pause,
    State,
)
from gongkai.applications.rules import cn_date, mask
from gongkai.core.exceptions import NotFoundError
from gongkai.core.selectors import first_or_404, get_calendar, has_role, visible_org_ids
from gongkai.core.workdays import Calendar, workdays_between

CONSULT_KINDS = (Pause.Kind.THIRD_PARTY, Pause.Kind.OTHER_AGENCY)


# --- the clock, derived on read ----------------------------------------------------------------

def lapsed_consultation(app: Application, today: date | None = None,
                        pauses: Iterable[Pause] | None = None) -> Pause | None:
    """The open consultation whose 15 working days have passed (条例第三十二条、第三十四条), if any: it
    has ended by itself even before the daily job records it."""
    if app.state != State.CONSULTING:
        return None
    today = today or timezone.localdate()
    candidates = pauses if pauses is not None else app.pauses.filter(kind__in=CONSULT_KINDS, end__isnull=True)
    for p in candidates:
        if p.kind in CONSULT_KINDS and p.end is None and p.due is not None and rules.consultation_lapsed(p.due, today):
            return p
    return None


def effective_state(app: Application, today: date | None = None) -> str:
    """The state as the law sees it today: a lapsed consultation is over, the request is back where it was."""
    if lapsed_consultation(app, today) is not None:
        return app.paused_from or State.ACCEPTED
    return app.state


def urgency(app: Application, today: date | None = None, calendar: Calendar | None = None,
            *, clock_running: bool | None = None) -> tuple[int | None, str]:
    """Working days left to the reply due date; "overdue" is derived here, never while paused (unless the
    pause has ended by itself: `clock_running`, e.g. a lapsed consultation)."""
    if app.reply_due is None or app.state not in OPEN_STATES:
        return None, "ok"
    calendar = calendar or get_calendar()
    left = workdays_between(today or timezone.localdate(), app.reply_due, calendar)
    if app.state in PAUSED_STATES and not clock_running:
        return left, "paused"
    if left < 0:
        return left, "overdue"
    if left <= 2:
        return left, "warn2"
    if left <= 5:
        return left, "warn5"
    return left, "ok"


def outcome_text(app: Application, calendar: Calendar | None = None) -> str:
    """After the reply: the reply date and whether it was on time; never a deadline (条例第三十三条)."""
    if app.state == State.TRANSFERRED or (app.state == State.ARCHIVED and not app.replied_on):
        return "已转办或办结，未作答复"
    if app.replied_on is None:
        return ""
    if app.outcome in ("other_no_correction", "other_fee_unpaid"):
        return f"已于{cn_date(app.replied_on)}终止办理（{rules.outcome(app.outcome).label}）"
    text = f"已于{cn_date(app.replied_on)}答复"
    if app.reply_due is not None:
        text += "，" + rules.reply_timeliness(app.replied_on, app.reply_due, calendar or get_calendar()).describe()
    return text


@dataclass
class QueueRow:
    app: Application
    days_left: int | None
    level: str  # ok | warn5 | warn2 | overdue | paused | closed
    status: str  # the clock or the result, in words

    @property
    def masked_phone(self) -> str:
        return mask(self.app.phone, 3, 4)

    @property
    def excerpt(self) -> str:
        text = " ".join(self.app.description.split())
        return text if len(text) <= 40 else text[:39] + "…"


def staff_applications(user: Any, *, state: str = "", q: str = "") -> QuerySet[Application]:
    apps = Application.objects.filter(organisation_id__in=visible_org_ids(user)).select_related("organisation")
    if state == "open":
        apps = apps.filter(state__in=OPEN_STATES)
    elif state:
        apps = apps.filter(state=state)
    q = q.strip()[:100]
    if q:
        apps = apps.filter(Q(number__icontains=q) | Q(name__icontains=q) | Q(description__icontains=q)
                           | Q(correction_text__icontains=q))
    return apps


def staff_application(user: Any, pk: int) -> Application:
    return first_or_404(staff_applications(user).filter(pk=pk))


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




def queue(user: Any, limit: int = 200, today: date | None = None, *, q: str = "", state: str = "open") -> list[QueueRow]:
    """The officer's requests, most urgent first (index on state, reply_due); searchable by number, name
    or text. Paused requests say so instead of a date; decided ones show their reply date and timeliness."""
    from gongkai.applications.services import recompute_deadlines

    today = today or timezone.localdate()
    # The queue shows no personal data: leave the encrypted columns undecrypted (Fernet per field per row).
    apps = list(staff_applications(user, state=state, q=q).defer("id_number", "phone", "address")
                .order_by("reply_due", "pk")[:limit])
    consulting = [a.pk for a in apps if a.state == State.CONSULTING]
    open_consults: dict[int, list[Pause]] = {}
    for p in Pause.objects.filter(application_id__in=consulting, kind__in=CONSULT_KINDS, end__isnull=True):
        open_consults.setdefault(p.application_id, []).append(p)
    calendar = get_calendar()  # one calendar for the whole page, not one look-up per row
    rows = []
    for app in apps:
        lapsed = lapsed_consultation(app, today, open_consults.get(app.pk, []))
        if lapsed is not None:
            recompute_deadlines(app, today)  # the stored date still counts the lapsed days as paused
        left, level = urgency(app, today, calendar, clock_running=lapsed is not None)
        rows.append(QueueRow(app, left, level if app.is_open else "closed", _clock_words(app, left, level, lapsed,
                                                                                         calendar)))
    return rows


def _clock_words(app: Application, left: int | None, level: str, lapsed: Pause | None, calendar: Calendar) -> str:
    if not app.is_open:
        return outcome_text(app, calendar)
    if app.state == State.PENDING:
        return "待确认收到，尚未起算"
    if level == "paused":
        return f"计时中止（{app.get_state_display()}）"
    if left is None or app.reply_due is None:
        return ""
    due = cn_date(app.reply_due) + ("（暂定）" if app.provisional else "")
    prefix = "征求意见期满，已恢复计时；" if lapsed is not None else ""
    if left < 0:
        return f"{prefix}已逾期 {-left} 个工作日（答复期限{due}）"
    return f"{prefix}剩余 {left} 个工作日（答复期限{due}）"


# --- the officer's workbench ------------------------------------------------------------------

@dataclass
class Workbench:
    state: str  # the state as shown (a lapsed consultation shows the state it returned to)
    summary: str  # the state, the days left and the next step, in one sentence
    level: str
    days_left: int | None
    primary: transitions.ActionSpec | None
    others: list[transitions.ActionSpec]
    notices: list[str] = field(default_factory=list)
    letters_pending: bool = False
    role_note: str = ""


def _may(user: Any, app: Application) -> Any:
    return lambda roles: has_role(user, app.organisation, roles)


def allowed_actions(app: Application, user: Any, today: date | None = None) -> list[str]:
    """The action names the transitions table allows this user now (the API lists them with each request)."""
    return [a.name for a in transitions.allowed(effective_state(app, today), _may(user, app))]


def correction_facts(app: Application) -> tuple[Pause | None, date | None, ApplicationEvent | None]:
    """The open 补正 pause, its due date, and the applicant's online correction waiting for a decision."""
    from gongkai.applications.services import correction_due_of

    pause = app.pauses.filter(kind=Pause.Kind.CORRECTION, end__isnull=True).first()
    if pause is None:
        return None, None, None
    submitted = app.events.filter(kind=EventKind.CORRECTION_SUBMITTED, on_date__gte=pause.start).order_by("-pk").first()
    return pause, correction_due_of(pause), submitted


def workbench(app: Application, user: Any, today: date | None = None) -> Workbench:
    """What the officer needs at the top of the case page: one sentence and the actions they may take."""
    today = today or timezone.localdate()
    calendar = get_calendar()
    lapsed = lapsed_consultation(app, today)
    state = effective_state(app, today)
    left, level = urgency(app, today, calendar, clock_running=lapsed is not None)
    allowed = transitions.allowed(state, _may(user, app))
    names = {a.name for a in allowed}
    pending_jobs = app.letter_jobs.filter(status__in=[LetterJob.Status.QUEUED, LetterJob.Status.RUNNING]).exists()
    has_reply_letter = app.letters.filter(kind=Letter.Kind.REPLY).exists()
    primary_name = transitions.PRIMARY.get(state, "")
    notices: list[str] = []
    label = State(state).label
    due = cn_date(app.reply_due) if app.reply_due else ""
    clock = ""
    if app.reply_due and state in (State.ACCEPTED, State.EXTENDED):
        flag = "（暂定：工作日历未载入）" if app.provisional else ""
        clock = (f"已逾期 {-left} 个工作日（答复期限{due}{flag}）" if left is not None and left < 0
                 else f"剩余 {left} 个工作日（答复期限{due}{flag}）")
    if state == State.PENDING:
        summary = f"待确认：申请人于{cn_date(app.submitted_on)}提交，尚未确认收到；下一步：确认收到申请之日并受理（条例第三十一条）。"
    elif state in (State.ACCEPTED, State.EXTENDED):
        step = "答复申请人"
        if (state == State.ACCEPTED and app.correction_notice_due and today <= app.correction_notice_due
                and not app.pauses.filter(kind=Pause.Kind.CORRECTION).exists()):
            step += f"；如申请内容不明确，须在{cn_date(app.correction_notice_due)}前一次性告知补正（条例第三十条）"
        summary = f"{label}，{clock}；下一步：{step}。"
        if lapsed is not None and lapsed.due:
            notices.append(f"征求意见已于{cn_date(lapsed.due)}期满（15 个工作日），{lapsed.note or '对方'}未提出意见，"
                           f"自{cn_date(rules.period_over_from(lapsed.due))}起恢复计时"
                           f"（条例{'第三十二条：由本机关决定是否公开' if lapsed.kind == Pause.Kind.THIRD_PARTY else '第三十四条：视为同意公开'}）。")
    elif state == State.CORRECTION:
        pause, cdue, submitted = correction_facts(app)
        if submitted is not None:
            sent = submitted.on_date or timezone.localtime(submitted.created_at).date()
            summary = (f"补正中：申请人于{cn_date(sent)}在线提交补正，"
                       f"已超过补正期限（{cn_date(cdue) if cdue else ''}）；下一步：决定是否受理补正（登记收到补正），"
                       "或按视为放弃终止办理。")
        elif cdue and today > cdue:
            summary = (f"补正中：补正期限已于{cn_date(cdue)}届满，申请人未补正；下一步：按视为放弃终止办理，"
                       "或登记收到的补正（条例第三十条）。")
            primary_name = "abandon"
        else:
            rest = f"，还有 {workdays_between(today, cdue, calendar)} 个工作日" if cdue else ""
            summary = (f"补正中，计时中止，补正期限至{cn_date(cdue) if cdue else '（未记录）'}{rest}；"
                       "下一步：等待申请人补正，收到后登记，答复期限重新计算。")
    elif state == State.CONSULTING:
        consult = app.pauses.filter(kind__in=CONSULT_KINDS, end__isnull=True).first()
        answer_by = cn_date(consult.due) if consult and consult.due else ""
        summary = (f"征求意见中，计时中止，{consult.note if consult else '对方'}应于{answer_by}前提出意见，期满未答复自动恢复计时；"
                   "下一步：收到意见后登记结果（条例第三十二条）。")
    elif state == State.FEE_PENDING:
        fee = app.fees.filter(paid_on__isnull=True, waived=False).first()
        fdue = fee.payment_due if fee else None
        if fdue and today > fdue:
            summary = f"待缴费：缴费期限已于{cn_date(fdue)}届满；下一步：按视为放弃终止办理，或登记缴费、减免。"
            primary_name = "abandon"
        else:
            summary = (f"待缴费，计时中止，缴费期限至{cn_date(fdue) if fdue else ''}；"
                       "下一步：登记缴费或减免（国办函〔2020〕109号）。")
    elif state in (State.REPLIED, State.NOT_PROCESSED, State.ABANDONED):
        result = outcome_text(app, calendar)
        if pending_jobs:
            summary = f"{label}：{result}；答复书生成中，完成后可归档。"
            primary_name = ""
        elif has_reply_letter:
            summary = f"{label}：{result}；下一步：归档。"
            primary_name = "archive"
        else:
            summary = f"{label}：{result}；下一步：出具答复书。"
    elif state == State.TRANSFERRED:
        summary = "已转办；下一步：归档。"
    else:
        summary = f"{label}：{outcome_text(app, calendar) or '办理已结束'}。"
    primary = transitions.ACTIONS.get(primary_name) if primary_name in names else None
    others = [a for a in allowed if primary is None or a.name != primary.name]
    role_note = "" if allowed or state == State.ARCHIVED else "您在本机关没有办理申请的角色，只能查看。"
    return Workbench(state=label, summary=summary, level=level if app.is_open else "closed", days_left=left,
                     primary=primary, others=others, notices=notices, letters_pending=pending_jobs,
                     role_note=role_note)


def pause_lines(app: Application, today: date | None = None) -> list[str]:
    """Each period not counted, in words; a consultation past its 15 working days reads as ended (derived on
    read, 条例第三十二条), even before the daily job records it."""
    today = today or timezone.localdate()
    lines = []
    for p in app.pauses.all():
        text = f"{p.get_kind_display()}：{cn_date(p.start)}至"
        if p.end is not None:
            text += f"{cn_date(p.end)}（{p.get_end_reason_display() or '已结束'}）"
        elif p.kind in CONSULT_KINDS and p.due is not None and rules.consultation_lapsed(p.due, today):
            text += f"{cn_date(p.due)}（15 个工作日期满未答复，已恢复计时）"
        else:
            text += "今（进行中" + (f"，期限至{cn_date(p.due)}" if p.due else "") + "）"
        lines.append(text + (f" · {p.note}" if p.note else ""))
    return lines


# --- the event log in words ---------------------------------------------------------------------

@dataclass(frozen=True)
class EventLine:
    when: date
    when_text: str  # 12月1日 (with the year when not this year)
    who: str  # 经办人 张三
    what: str  # 受理申请
    reason: str
    change: str  # 已受理 → 补正中, or ""


def _state_label(value: str) -> str:
    return str(State(value).label) if value in State.values else "未知状态"  # never a code


def event_lines(app: Application) -> list[EventLine]:
    """The event log as an officer reads it: "12月1日 经办人 张三 受理申请", never codes."""
    this_year = timezone.localdate().year
    lines = []
    for e in app.events.all():
        day = timezone.localtime(e.created_at).date()
        when = f"{day.month}月{day.day}日" if day.year == this_year else cn_date(day)
        who = e.actor_name if not e.actor_role or e.actor_role == e.actor_name else f"{e.actor_role} {e.actor_name}"
        what = str(EventKind(e.kind).label) if e.kind in EventKind.values else "办理记录"
        change = f"{_state_label(e.from_state)} → {_state_label(e.to_state)}" if e.from_state != e.to_state else ""
        lines.append(EventLine(day, when, who, what, e.reason, change))
    return lines


# --- the applicant's view ------------------------------------------------------------------------

def next_step(app: Application, today: date | None = None) -> str:
    """What happens next, for the applicant (plain language; dates, never codes)."""
    today = today or timezone.localdate()
    state = effective_state(app, today)
    due = cn_date(app.reply_due) if app.reply_due else ""
    provisional = "（暂定：下一年度节假日安排尚未公布，日期可能调整）" if app.provisional else ""
    if state == State.PENDING:
        return "等待工作人员确认收到申请；确认后开始计算答复期限。"
    if state in (State.ACCEPTED, State.EXTENDED):
        return f"正在办理，将于{due}前答复{provisional}。"
    if state == State.CORRECTION:
        _pause, cdue, submitted = correction_facts(app)
        if submitted is not None:
            return "您的补正已收到；因已超过补正期限，工作人员将决定是否受理。"
        if cdue and today > cdue:
            return f"补正期限已于{cn_date(cdue)}届满；如有正当理由，请尽快在本页提交补正并说明。"
        return (f"请于{cn_date(cdue) if cdue else ''}前按补正告知书补正申请（可在本页在线提交）；"
                "收到补正后答复期限重新计算。")
    if state == State.CONSULTING:
        return "正在征求相关方意见，该期间（最长 15 个工作日）不计入答复期限。"
    if state == State.FEE_PENDING:
        fee = app.fees.filter(paid_on__isnull=True, waived=False).first()
        when = cn_date(fee.payment_due) if fee and fee.payment_due else ""
        return f"请于{when}前按收费通知缴纳信息处理费，缴费期间不计入答复期限。"
    if state in (State.REPLIED, State.NOT_PROCESSED):
        return "办理已结束，请查看答复书（见“文书”）。"
    if state == State.ABANDONED:
        return "申请已终止办理，请查看告知的理由（见办理记录和“文书”）。"
    if state == State.TRANSFERRED:
        return "您的申请已转由其他机关办理。"
    return f"办理已结束：{outcome_text(app) or '已归档'}。"


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
    for column, k in (("received_on", 0), ("replied_on", 1)):
        for day, n in (base.filter(**{f"{column}__range": (start, end)}).values_list(column)
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
