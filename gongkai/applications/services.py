"""Writes for 依申请公开: intake, the state machine, pauses, extension, fees, replies, letters, archive.

Each use case checks the actor, runs in one transaction, appends an ApplicationEvent (条例第四十五条)
and an audit row, and recomputes the due dates from the events (never edits them by hand).
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import date
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from gongkai.applications import rules
from gongkai.applications.actions import Action
from gongkai.applications.fields import blind_index, blind_index_keys
from gongkai.applications.models import (
    OPEN_STATES,
    ApplicantKind,
    Application,
    ApplicationEvent,
    Channel,
    Counter,
    Fee,
    Letter,
    Pause,
    Review,
    State,
)
from gongkai.core.exceptions import DomainError, StateError
from gongkai.core.models import Organisation, Role
from gongkai.core.selectors import get_calendar, require_role
from gongkai.core.services import actor_name, audit

# The transitions table (django-oscar `pipeline` style): a bad move raises, naming the state.
TRANSITIONS: dict[str, set[str]] = {
    State.PENDING: {State.ACCEPTED, State.TRANSFERRED},
    State.ACCEPTED: {State.CORRECTION, State.CONSULTING, State.EXTENDED, State.FEE_PENDING, State.REPLIED,
                     State.NOT_PROCESSED, State.TRANSFERRED},
    State.CORRECTION: {State.ACCEPTED, State.ABANDONED},
    State.CONSULTING: {State.ACCEPTED, State.EXTENDED},
    State.EXTENDED: {State.CONSULTING, State.FEE_PENDING, State.REPLIED, State.NOT_PROCESSED},
    State.FEE_PENDING: {State.ACCEPTED, State.EXTENDED, State.ABANDONED},
    State.REPLIED: {State.ARCHIVED},
    State.NOT_PROCESSED: {State.ARCHIVED},
    State.ABANDONED: {State.ARCHIVED},
    State.TRANSFERRED: {State.ARCHIVED},
    State.ARCHIVED: set(),
}
HANDLERS = [Role.OFFICER, Role.ADMIN]


# Tracking codes: 16 characters of Crockford's base32 (no I, L, O, U to misread) = 80 bits, shown
# in four groups of four. Earlier codes (8 hex digits, 32 bits) keep working: only hashes are stored.
CODE_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
CODE_LENGTH = 16


def new_tracking_code() -> str:
    raw = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
    return "-".join(raw[i:i + 4] for i in range(0, CODE_LENGTH, 4))


def _code_normalised(code: str) -> str:
    return "".join(ch for ch in code.upper() if ch not in "- \t\r\n")


def tracking_hash(number: str, code: str) -> str:
    """The stored hash of a tracking code: SHA-256 over the request number and the code. No key is
    needed (80 random bits cannot be searched offline), so no key rotation can ever invalidate a
    code the applicant holds; the number makes each hash unique."""
    return hashlib.sha256(f"{number}:{_code_normalised(code)}".encode()).hexdigest()


def _legacy_hashes(code: str) -> list[str]:
    # Codes issued before 80-bit codes (8 hex digits) were an HMAC under SECRET_KEY.
    normalised = _code_normalised(code).encode()
    keys = [settings.SECRET_KEY, *blind_index_keys()]
    return [hmac.new(k.encode(), normalised, hashlib.sha256).hexdigest() for k in dict.fromkeys(keys)]


def tracking_code_matches(number: str, stored_hash: str, code: str) -> bool:
    candidates = [tracking_hash(number, code), *_legacy_hashes(code)]
    return any(hmac.compare_digest(stored_hash, candidate) for candidate in candidates)


def _next_number(year: int) -> str:
    counter, _ = Counter.objects.select_for_update().get_or_create(year=year)
    counter.last += 1
    counter.save(update_fields=["last"])
    return f"{year}-YSQ-{counter.last:06d}"


def _event(app: Application, *, kind: str, actor: Any, to: str | None = None, reason: str = "",
           public_note: str = "", on: date | None = None) -> ApplicationEvent:
    before = app.state
    if to is not None and to != before:
        if to not in TRANSITIONS[before]:
            raise StateError(f"当前状态“{State(before).label}”下不能变为“{State(to).label}”。")
        app.state = to
    user = actor if getattr(actor, "is_authenticated", False) else None
    event = ApplicationEvent.objects.create(application=app, kind=kind, actor=user, actor_name=actor_name(actor, "申请人"),
                                            from_state=before, to_state=app.state, reason=reason,
                                            public_note=public_note, on_date=on)
    audit(actor=actor, action=Action(f"application.{kind}"), obj=app, organisation=app.organisation,
          anonymous_as=f"申请人（{app.number}）",
          before={"state": before}, after={"state": app.state}, reason=reason)
    return event


def recompute_deadlines(app: Application, today: date | None = None, *,
                        explain: bool = False) -> rules.Deadlines | None:
    """Due dates from the receipt date, the correction date, the pauses and the extension; with
    `explain`, `.reply.explained` lists every day counted, skipped or paused."""
    if app.received_on is None:
        app.reply_due = app.correction_notice_due = None
        app.provisional = False
        return None
    today = today or timezone.localdate()
    pauses = [(p.start, p.end or max(today, p.start)) for p in app.pauses.exclude(kind=Pause.Kind.CORRECTION)]
    deadlines = rules.compute_deadlines(
        get_calendar(), received=app.received_on, correction_received=app.correction_received_on, pauses=pauses,
        extension_workdays=app.extension_workdays, explain=explain)
    app.correction_notice_due = deadlines.correction_notice_due
    app.reply_due = deadlines.extended_reply_due or deadlines.reply_due
    app.provisional = deadlines.provisional
    return deadlines


def _save(app: Application) -> None:
    recompute_deadlines(app)
    app.save()


def _require_handler(actor: Any, app: Application, action: str) -> None:
    require_role(actor, app.organisation, HANDLERS, action=action)


def _validate_date(value: date | None, label: str) -> None:
    if value is not None and value > timezone.localdate():
        raise DomainError(f"{label}不能晚于今天（{timezone.localdate():%Y-%m-%d}）。")


# --- intake --------------------------------------------------------------------------------------

REQUIRED = {"name": "申请人姓名或名称", "description": "所需政府信息的描述", "applicant_kind": "申请人类型",
            "form_wanted": "信息提供形式", "delivery": "获取方式"}


def handling_organisation(organisation: Organisation) -> Organisation:
    """Requests to a government or department are handled by its 政府信息公开工作机构 (条例第四条)."""
    office = organisation.children.filter(kind=Organisation.Kind.OFFICE, is_active=True).order_by("pk").first()
    return office or organisation


def application_submit(*, actor: Any, organisation: Organisation, data: dict[str, Any],
                       channel: str = Channel.ONLINE, submitted_on: date | None = None,
                       signed_for_on: date | None = None, confirmed_on: date | None = None) -> tuple[Application, str]:
    """Register a request (条例第二十九条). Online requests wait for confirmation (待确认); staff entry of
    in-person/oral/post requests is received at once per 第三十一条. Returns the request and the
    applicant's tracking code (shown once; only its hash is kept)."""
    missing = [label for key, label in REQUIRED.items() if not str(data.get(key, "")).strip()]
    if not (data.get("phone") or data.get("email") or data.get("address")):
        missing.append("联系方式（电话、电子邮箱或通信地址至少一项）")
    if missing:
        raise DomainError(f"申请缺少必填内容：{'、'.join(missing)}（条例第二十九条）。")
    if data["applicant_kind"] not in ApplicantKind.values:
        raise DomainError("申请人类型无效。")
    if channel not in Channel.values:
        raise DomainError("申请渠道无效。")
    organisation = handling_organisation(organisation)
    if channel != Channel.ONLINE:
        require_role(actor, organisation, HANDLERS, action="登记申请")
    submitted_on = submitted_on or timezone.localdate()
    for value, label in ((submitted_on, "提交日期"), (signed_for_on, "签收日期"), (confirmed_on, "确认日期")):
        _validate_date(value, label)
    id_number = str(data.get("id_number", "")).strip()
    warning = rules.id_number_warning(id_number) if id_number and data.get("id_type", "居民身份证") == "居民身份证" else None
    code = new_tracking_code()
    with transaction.atomic():
        app = Application(organisation=organisation, channel=channel, submitted_on=submitted_on,
                          id_warning=warning or "",
                          id_hash=blind_index(id_number))
        for key in ("applicant_kind", "name", "id_type", "id_number", "phone", "email", "address", "postal_code",
                    "contact_person", "description", "doc_no_hint", "purpose", "form_wanted", "delivery"):
            if key in data:
                setattr(app, key, str(data[key]).strip())
        app.number = _next_number(submitted_on.year)
        app.tracking_hash = tracking_hash(app.number, code)
        app.save()
        _event(app, kind="submit", actor=actor, reason=Channel(channel).label,
               public_note=f"收到您通过{Channel(channel).label}提交的申请")
        if channel != Channel.ONLINE and channel != Channel.POST_ORDINARY and channel not in (Channel.FAX,
                                                                                              Channel.EMAIL):
            received = rules.receipt_date(channel, submitted=submitted_on, signed_for=signed_for_on)
            _accept(app, actor=actor, received_on=received)
        elif confirmed_on is not None:
            _accept(app, actor=actor, received_on=confirmed_on)
        _save(app)
    return app, code


def _accept(app: Application, *, actor: Any, received_on: date) -> None:
    if received_on < app.submitted_on:
        raise DomainError("收到申请之日不能早于提交日期（条例第三十一条）。")
    _validate_date(received_on, "收到申请之日")
    app.received_on = received_on
    app.officer = actor if getattr(actor, "is_authenticated", False) else app.officer
    _event(app, kind="accept", actor=actor, to=State.ACCEPTED, on=received_on,
           reason=f"收到申请之日：{received_on:%Y-%m-%d}（条例第三十一条）",
           public_note="申请已受理，答复期限自收到申请之日起计算")


def application_accept(*, actor: Any, application: Application, confirmed_on: date) -> Application:
    """确认收到 (online, fax, e-mail, ordinary letter): the receipt date is the confirmation date."""
    _require_handler(actor, application, "确认受理")
    if application.state != State.PENDING:
        raise StateError(f"当前状态“{application.get_state_display()}”，不需要确认受理。")
    with transaction.atomic():
        _accept(application, actor=actor, received_on=confirmed_on)
        _save(application)
    return application


def application_request_correction(*, actor: Any, application: Application, what: str, notice_on: date,
                                   deadline_days: int = 15) -> Application:
    """补正 (条例第三十条): one single notice, within 7 working days of receipt, saying what to correct."""
    _require_handler(actor, application, "补正告知")
    if application.pauses.filter(kind=Pause.Kind.CORRECTION).exists():
        raise StateError("补正告知只能一次性发出（条例第三十条：一次性告知）。")
    if not what.strip():
        raise DomainError("请写明需要补正的事项和合理的补正期限（条例第三十条）。")
    _validate_date(notice_on, "补正告知日期")
    if application.correction_notice_due and notice_on > application.correction_notice_due:
        raise DomainError(f"补正应自收到申请之日起 7 个工作日内一次性告知，期限为 "
                          f"{application.correction_notice_due:%Y-%m-%d}（条例第三十条）。")
    with transaction.atomic():
        Pause.objects.create(application=application, kind=Pause.Kind.CORRECTION, start=notice_on,
                             note=f"补正期限 {deadline_days} 日")
        _event(application, kind="correction_requested", actor=actor, to=State.CORRECTION, reason=what,
               on=notice_on, public_note=f"需要您补正申请：{what}")
        _save(application)
    return application


def application_correction_received(*, actor: Any, application: Application, received_on: date) -> Application:
    """The corrected request arrived: the 20 working days restart from this day (条例第三十条)."""
    _require_handler(actor, application, "登记补正")
    _validate_date(received_on, "收到补正之日")
    pause = application.pauses.filter(kind=Pause.Kind.CORRECTION, end__isnull=True).first()
    if application.state != State.CORRECTION or pause is None:
        raise StateError("该申请不在补正中。")
    if received_on < pause.start:
        raise DomainError("收到补正之日不能早于补正告知日期。")
    with transaction.atomic():
        pause.end = received_on
        pause.save()
        application.correction_received_on = received_on
        _event(application, kind="correction_received", actor=actor, to=State.ACCEPTED, on=received_on,
               reason="答复期限自收到补正之日起重新计算（条例第三十条）", public_note="已收到您的补正材料，答复期限重新计算")
        _save(application)
    return application


def application_consult(*, actor: Any, application: Application, kind: str, start: date, party: str) -> Application:
    """征求第三方意见 (第三十二条) or other agencies (第三十四条): the time spent is not counted."""
    _require_handler(actor, application, "征求意见")
    if kind not in (Pause.Kind.THIRD_PARTY, Pause.Kind.OTHER_AGENCY):
        raise DomainError("征求意见的类型应为第三方或其他机关。")
    _validate_date(start, "征求意见日期")
    with transaction.atomic():
        application.paused_from = application.state
        Pause.objects.create(application=application, kind=kind, start=start, note=party)
        _event(application, kind="consult", actor=actor, to=State.CONSULTING, on=start,
               reason=f"{Pause.Kind(kind).label}：{party}", public_note="正在征求相关方意见，所需时间不计入答复期限")
        _save(application)
    return application


def application_consult_done(*, actor: Any, application: Application, end: date, summary: str) -> Application:
    _require_handler(actor, application, "登记征求意见结果")
    pause = application.pauses.filter(kind__in=[Pause.Kind.THIRD_PARTY, Pause.Kind.OTHER_AGENCY],
                                      end__isnull=True).first()
    if application.state != State.CONSULTING or pause is None:
        raise StateError("该申请不在征求意见中。")
    if end < pause.start:
        raise DomainError("意见收到日期不能早于征求意见日期。")
    with transaction.atomic():
        pause.end = end
        pause.save()
        back = application.paused_from or State.ACCEPTED
        _event(application, kind="consult_done", actor=actor, to=back, on=end, reason=summary,
               public_note="征求意见已结束，继续办理")
        _save(application)
    return application


def application_extend(*, actor: Any, application: Application, workdays: int, approved_by: str,
                       reason: str) -> Application:
    """延期 (第三十三条第二款): once, at most 20 working days, approved by the 工作机构负责人, notified."""
    _require_handler(actor, application, "延期答复")
    if application.extension_workdays:
        raise StateError("答复期限只能延长一次（条例第三十三条第二款）。")
    if not 1 <= workdays <= rules.EXTENSION_MAX_WORKDAYS:
        raise DomainError("延长的期限最长不得超过 20 个工作日（条例第三十三条第二款）。")
    if not approved_by.strip() or not reason.strip():
        raise DomainError("延期须经政府信息公开工作机构负责人同意并写明理由（条例第三十三条第二款）。")
    with transaction.atomic():
        application.extension_workdays = workdays
        _event(application, kind="extend", actor=actor, to=State.EXTENDED,
               reason=f"{reason}（经 {approved_by} 同意）", public_note=f"答复期限延长 {workdays} 个工作日")
        _save(application)
    return application


def application_fee_notice(*, actor: Any, application: Application, method: str, quantity: int,
                           notice_received_on: date, decided_by: str) -> Fee:
    """收费通知 (国办函〔2020〕109号): one method per request; the payment period is not counted."""
    _require_handler(actor, application, "收费通知")
    try:
        rules.check_single_fee_method(application.fees.values_list("method", flat=True), method)
    except ValueError as exc:
        raise DomainError(str(exc)) from exc
    if application.fees.filter(method=method, paid_on__isnull=True, waived=False).exists():
        raise StateError("该申请已有待缴的信息处理费通知。")
    if method == "piece":
        fee = rules.fee_by_piece(quantity)
    elif method == "page":
        fee = rules.fee_by_page(quantity)
    else:
        raise DomainError("计收方式应为按件或按量。")
    if fee.amount_yuan == 0:
        raise DomainError("按规定标准计算金额为 0 元，不需发出收费通知（免费范围内）。")
    _validate_date(notice_received_on, "收到收费通知之日")
    due = rules.fee_payment_due(notice_received_on, get_calendar()).result
    with transaction.atomic():
        record = Fee.objects.create(application=application, method=method, quantity=quantity,
                                    amount=fee.amount_yuan, decided_by=decided_by,
                                    notice_received_on=notice_received_on, payment_due=due)
        application.paused_from = application.state
        Pause.objects.create(application=application, kind=Pause.Kind.FEE,
                             start=date.fromordinal(notice_received_on.toordinal() + 1), note=f"{fee.amount_yuan} 元")
        _event(application, kind="fee_notice", actor=actor, to=State.FEE_PENDING, on=notice_received_on,
               reason=f"{'按件' if method == 'piece' else '按量'}计收 {fee.amount_yuan} 元，缴费期限 {due:%Y-%m-%d}",
               public_note=f"需缴纳信息处理费 {fee.amount_yuan} 元，请于 {due:%Y-%m-%d} 前缴纳")
        _save(application)
    return record


def application_fee_settled(*, actor: Any, application: Application, paid_on: date | None = None,
                            waive_reason: str = "") -> Application:
    """Payment recorded, or the fee reduced/waived (who decided and why): the clock resumes."""
    _require_handler(actor, application, "登记缴费")
    fee = application.fees.filter(paid_on__isnull=True, waived=False).first()
    if application.state != State.FEE_PENDING or fee is None:
        raise StateError("该申请没有待缴的信息处理费。")
    end = paid_on or timezone.localdate()
    _validate_date(end, "缴费日期")
    with transaction.atomic():
        if waive_reason:
            fee.waived = True
            fee.waiver_reason = f"{waive_reason}（{actor_name(actor)} 决定）"
        else:
            fee.paid_on = end
        fee.save()
        application.pauses.filter(kind=Pause.Kind.FEE, end__isnull=True).update(end=end)
        _event(application, kind="fee_waived" if waive_reason else "fee_paid", actor=actor,
               to=application.paused_from or State.ACCEPTED, on=end, reason=waive_reason or f"已缴费 {fee.amount} 元",
               public_note="信息处理费已减免" if waive_reason else "已收到您缴纳的信息处理费，继续办理")
        _save(application)
    return application


def application_close_unresponsive(*, actor: Any, application: Application, today: date | None = None) -> Application:
    """视为放弃: no correction in the stated period (第三十条) or no payment in 20 working days (109号)."""
    _require_handler(actor, application, "终止办理")
    today = today or timezone.localdate()
    if application.state == State.CORRECTION:
        code, why = "other_no_correction", "申请人无正当理由逾期不补正（条例第三十条）"
    elif application.state == State.FEE_PENDING:
        fee = application.fees.filter(paid_on__isnull=True, waived=False).first()
        if fee and fee.payment_due and today <= fee.payment_due:
            raise DomainError(f"缴费期限 {fee.payment_due:%Y-%m-%d} 尚未届满，不能按逾期未缴费处理。")
        code, why = "other_fee_unpaid", "申请人逾期未缴纳信息处理费（国办函〔2020〕109号）"
    else:
        raise StateError("只有补正中或待缴费的申请可以按视为放弃处理。")
    with transaction.atomic():
        application.outcome = code
        application.outcome_basis = rules.outcome(code).basis
        application.replied_on = today
        application.pauses.filter(end__isnull=True).update(end=today)
        _event(application, kind="abandoned", actor=actor, to=State.ABANDONED, reason=why, on=today,
               public_note="申请已终止办理：" + why)
        _save(application)
    return application


def application_reply(*, actor: Any, application: Application, outcome_code: str, basis_note: str = "",
                      replied_on: date | None = None) -> Application:
    """答复 with one of the art. 36/37 outcomes (each is one row of the annual report)."""
    _require_handler(actor, application, "答复")
    try:
        chosen = rules.outcome(outcome_code)
    except ValueError as exc:
        raise DomainError(str(exc)) from exc
    if outcome_code in ("other_no_correction", "other_fee_unpaid"):
        raise DomainError("逾期不补正、逾期未缴费请使用“视为放弃”办理。")
    replied_on = replied_on or timezone.localdate()
    _validate_date(replied_on, "答复日期")
    if application.received_on and replied_on < application.received_on:
        raise DomainError("答复日期不能早于收到申请之日。")
    to = State.NOT_PROCESSED if outcome_code in rules.NOT_PROCESSED_OUTCOMES else State.REPLIED
    with transaction.atomic():
        application.outcome = outcome_code
        application.outcome_basis = chosen.basis + (f"\n{basis_note}" if basis_note else "")
        application.replied_on = replied_on
        _event(application, kind="reply", actor=actor, to=to, on=replied_on, reason=chosen.label,
               public_note=f"已答复：{chosen.label}")
        _save(application)
    return application


def application_transfer(*, actor: Any, application: Application, to_org: Organisation, reason: str) -> Application:
    """Send a request filed with the wrong department to the right one in this system. The clock does
    not restart: the receipt date stays (a transfer resetting it is a classic bug)."""
    require_role(actor, application.organisation, [*HANDLERS, Role.SUPERVISOR], action="转办")
    if not application.is_open:
        raise StateError("已办结的申请不能转办。")
    if to_org.pk == application.organisation_id:
        raise DomainError("不能转办给本机关。")
    with transaction.atomic():
        before = application.organisation
        application.organisation = to_org
        application.officer = None
        _event(application, kind="transfer", actor=actor, reason=f"由 {before} 转至 {to_org}：{reason}",
               public_note=f"您的申请已转由 {to_org.name} 办理，期限不变")
        _save(application)
    return application


def application_archive(*, actor: Any, application: Application) -> Application:
    _require_handler(actor, application, "归档")
    if application.state in OPEN_STATES:
        raise StateError(f"当前状态“{application.get_state_display()}”，尚未办结的申请不能归档（条例第四十五条：答复后归档）。")
    if application.state == State.REPLIED and not application.letters.filter(kind=Letter.Kind.REPLY).exists():
        raise StateError("请先出具政府信息公开申请答复书，再归档。")
    with transaction.atomic():
        _event(application, kind="archive", actor=actor, to=State.ARCHIVED, public_note="办理完毕，已归档")
        application.save()
    return application


def application_review_record(*, actor: Any, application: Application, kind: str, filed_on: date,
                              result: str = Review.Result.PENDING, decided_on: date | None = None) -> Review:
    """行政复议 / 行政诉讼 about a reply (annual report table 四)."""
    _require_handler(actor, application, "登记复议诉讼")
    if kind not in Review.Kind.values or result not in Review.Result.values:
        raise DomainError("复议/诉讼类型或结果无效。")
    _validate_date(filed_on, "提起日期")
    with transaction.atomic():
        review = Review.objects.create(application=application, kind=kind, filed_on=filed_on, result=result,
                                       decided_on=decided_on)
        _event(application, kind="review", actor=actor, reason=f"{review.get_kind_display()}：{review.get_result_display()}")
    return review


def personal_data_view(*, actor: Any, application: Application) -> dict[str, str]:
    """The unmasked ID number, phone and address: only for the handling officer, and logged."""
    _require_handler(actor, application, "查看完整个人信息")
    if application.officer_id and application.officer_id != actor.pk and not actor.is_superuser:
        raise DomainError("只有经办人可以查看申请人的完整个人信息。", code="forbidden")
    audit(actor=actor, action=Action.VIEW_PERSONAL_DATA, obj=application,
          organisation=application.organisation, reason="查看完整个人信息")
    return {"id_number": application.id_number, "phone": application.phone, "address": application.address}


def recompute_open(*, actor: Any, reason: str) -> int:
    """The calendar changed: recompute every open request's due dates and log the change on each."""
    changed = 0
    for app in Application.objects.filter(state__in=OPEN_STATES, received_on__isnull=False):
        before = app.reply_due
        recompute_deadlines(app)
        if app.reply_due != before:
            app.save(update_fields=["reply_due", "correction_notice_due", "provisional", "updated_at"])
            ApplicationEvent.objects.create(
                application=app, kind="calendar_changed", actor=actor if getattr(actor, "is_authenticated", False) else None,
                actor_name=actor_name(actor), from_state=app.state, to_state=app.state,
                reason=f"工作日历调整（{reason}）：答复期限由 {before} 改为 {app.reply_due}",
                public_note=f"因法定节假日安排调整，答复期限更新为 {app.reply_due}")
            changed += 1
    return changed


def on_calendar_changed(sender: Any, actor: Any = None, reason: str = "", **kwargs: Any) -> None:
    recompute_open(actor=actor, reason=reason)
