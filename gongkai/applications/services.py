"""Writes for 依申请公开: intake, the state machine, pauses, extension, fees, replies, letters, archive.

Each use case checks the actor, checks the action against the one transitions table (transitions.py), runs
in one transaction, appends an ApplicationEvent (条例第四十五条) and an audit row, and recomputes the due
dates from the events (never edits them by hand). The notices an action requires (补正告知书, 延期答复告知书,
征求意见函, 收费通知) are queued as letter jobs in the same transaction and generated after it commits.

`application_transition` is the one entry point the staff page and the API share.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import re
import secrets
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from gongkai.applications import rules, transitions
from gongkai.applications.actions import AuditAction
from gongkai.applications.fields import blind_index, blind_index_keys, fernet
from gongkai.applications.models import (
    OPEN_STATES,
    ApplicantAttachment,
    ApplicantKind,
    Application,
    ApplicationEvent,
    Channel,
    Counter,
    EventKind,
    Fee,
    Letter,
    LetterJob,
    Pause,
    Review,
    State,
)
from gongkai.applications.transitions import HANDLERS, TRANSITIONS
from gongkai.core.exceptions import DomainError, NotFoundError, StateError
from gongkai.core.models import Membership, Organisation, Role
from gongkai.core.selectors import get_calendar, has_role, require_role
from gongkai.core.services import actor_name, audit, on_commit

logger = logging.getLogger(__name__)

CONSULT_KINDS = (Pause.Kind.THIRD_PARTY, Pause.Kind.OTHER_AGENCY)


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


def role_label(actor: Any, organisation: Organisation) -> str:
    """The actor's role as the event log names it ("经办人 张三"), as it was when the event happened."""
    if actor is None:
        return "申请人"
    if not getattr(actor, "is_authenticated", False):
        return "公众"
    if getattr(actor, "is_superuser", False):
        return "系统管理员"
    for role in (Role.OFFICER, Role.ADMIN, Role.SUPERVISOR):
        if has_role(actor, organisation, [role]):
            return str(Role(role).label)
    return ""


def _event(app: Application, *, kind: str, actor: Any, to: str | None = None, reason: str = "",
           public_note: str = "", on: date | None = None, system: bool = False) -> ApplicationEvent:
    """Append one event (and its audit row) and move the state along the state graph."""
    before = app.state
    if to is not None and to != before:
        if to not in TRANSITIONS[before]:
            raise StateError(f"当前状态“{State(before).label}”下不能变为“{State(to).label}”。")
        app.state = to
    user = actor if getattr(actor, "is_authenticated", False) else None
    name = "系统" if system else actor_name(actor, "申请人")
    role = "系统" if system else role_label(actor, app.organisation)
    event = ApplicationEvent.objects.create(application=app, kind=kind, actor=user, actor_name=name, actor_role=role,
                                            from_state=before, to_state=app.state, reason=reason,
                                            public_note=public_note, on_date=on)
    audit(actor=actor, action=AuditAction(f"application.{kind}"), obj=app, organisation=app.organisation,
          anonymous_as="" if system else f"申请人（{app.number}）",  # the daily job is 系统, not the applicant
          before={"state": before}, after={"state": app.state}, reason=reason)
    return event


def recompute_deadlines(app: Application, today: date | None = None, *,
                        explain: bool = False) -> rules.Deadlines | None:
    """Due dates from the receipt date, the correction date, the pauses and the extension; with
    `explain`, `.reply.explained` lists every day counted, skipped or paused.

    A consultation stops the clock only up to its 15th working day (arts 32, 34): derived here on every
    read, so the dates are right even before the daily job closes a lapsed consultation."""
    if app.received_on is None:
        app.reply_due = app.correction_notice_due = None
        app.provisional = False
        return None
    today = today or timezone.localdate()
    pauses = []
    for p in app.pauses.exclude(kind=Pause.Kind.CORRECTION):
        if p.kind in CONSULT_KINDS:
            pauses.append(rules.counted_pause(p.start, p.end, p.due, today))
        else:
            pauses.append((p.start, p.end or max(today, p.start)))
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


def _today() -> date:
    return timezone.localdate()


def _validate_date(value: date | None, label: str) -> None:
    if value is not None and value > _today():
        raise DomainError(f"{label}不能晚于今天（{rules.cn_date(_today())}）。")


def action_refusal(app: Application, spec: transitions.ActionSpec) -> StateError:
    """Why an action is not possible in the request's state, naming the rule."""
    state = State(app.state).label
    if spec.name == "extend" and app.extension_workdays:
        return StateError("答复期限只能延长一次（条例第三十三条第二款）。")
    if app.state == State.ARCHIVED:
        return StateError(f"该申请已归档，不能再{spec.label}（条例第四十五条：归档后不再办理）。")
    if spec.name == "abandon" and app.state == State.ABANDONED:
        return StateError("该申请已按视为放弃终止办理，不能重复办理。")
    if app.state == State.PENDING:
        return StateError(f"申请尚未受理，不能{spec.label}：请先确认收到申请之日（条例第三十一条）。")
    if spec.name == "extend" and app.state in (State.CORRECTION, State.CONSULTING, State.FEE_PENDING):
        return StateError(f"申请当前为“{state}”，答复期限暂停计算，此时不能延期（条例第三十三条第二款）。")
    if spec.name in ("archive", "letter") and app.is_open:
        return StateError(f"申请当前为“{state}”，尚未办结，不能{spec.label}（条例第四十五条：答复后归档）。")
    return StateError(f"申请当前为“{state}”，不能{spec.label}（{spec.article or '办理流程'}）。")


def _require_action(app: Application, name: str) -> transitions.ActionSpec:
    spec = transitions.ACTIONS[name]
    if not spec.allows(app.state):
        raise action_refusal(app, spec)
    return spec


# --- letters generated by actions --------------------------------------------------------------

DATE_PARAMS = ("due", "notice_on", "start", "notice_received_on")


def _queue_letter(app: Application, *, actor: Any, kind: str, event: ApplicationEvent | None,
                  params: dict[str, Any], delivery_method: str = "") -> LetterJob:
    """A letter job for the job queue, created in the action's transaction and started after it commits
    (a rolled-back action queues nothing)."""
    stored = {k: (v.isoformat() if isinstance(v, date) else v) for k, v in params.items()}
    job = LetterJob.objects.create(application=app, event=event, kind=kind, params=stored,
                                   requested_by=actor if getattr(actor, "is_authenticated", False) else None,
                                   delivery_method=delivery_method[:40])
    on_commit(lambda: _start_letter_job(job.pk))
    return job


def _start_letter_job(job_id: int) -> None:
    from gongkai.applications.jobs import generate_letter

    generate_letter(job_id)


def letter_params(job: LetterJob) -> dict[str, Any]:
    """The job's parameters as `letters.letter_issue` takes them (dates as dates)."""
    out = dict(job.params)
    for key in DATE_PARAMS:
        if isinstance(out.get(key), str):
            out[key] = date.fromisoformat(out[key])
    # The action's own figures win over what the letter would work out again from the records.
    renames: dict[str, dict[str, str]] = {
        Letter.Kind.CORRECTION: {"period_workdays": "correction_days", "due": "correction_due"},
        Letter.Kind.CONSULTATION: {"due": "consultation_due"},
        Letter.Kind.EXTENSION: {"what": "extension_reason"}}
    for ours, theirs in renames.get(job.kind, {}).items():
        if out.get(ours) not in (None, ""):
            out[theirs] = out[ours]
    return out


def letter_job_run(job_id: int) -> LetterJob:
    """Generate the letter of one job. Claimed by a conditional update, so two workers (or a retry of the
    task) never issue it twice; a failure is kept on the job for the officer to see and retry."""
    from gongkai.applications import letters

    claimed = LetterJob.objects.filter(pk=job_id, status=LetterJob.Status.QUEUED).update(
        status=LetterJob.Status.RUNNING)
    job = LetterJob.objects.select_related("application", "requested_by", "event").get(pk=job_id)
    if not claimed:
        return job
    try:
        # Dated on the action's day (its event), not on the day the job happens to run.
        letter = letters.letter_issue(actor=job.requested_by, application=job.application, kind=job.kind,
                                      delivery_method=job.delivery_method, event=job.event, **letter_params(job))
    except Exception as exc:  # any rendering failure must reach the officer, not vanish in the queue
        logger.exception("letter job %s failed", job_id)
        job.status = LetterJob.Status.FAILED
        job.error = (exc.message if isinstance(exc, DomainError) else f"{type(exc).__name__}: {exc}")[:300]
        job.finished_at = timezone.now()
        job.save(update_fields=["status", "error", "finished_at"])
        return job
    with transaction.atomic():
        if job.event_id:
            Letter.objects.filter(pk=letter.pk).update(event_id=job.event_id)
        job.letter = letter
        job.status = LetterJob.Status.DONE
        job.finished_at = timezone.now()
        job.save(update_fields=["letter", "status", "finished_at"])
    return job


LETTER_RULES = {
    Letter.Kind.CORRECTION: "补正告知书随“发出补正告知书”一并出具，仅在补正期间可重新出具（条例第三十条）",
    Letter.Kind.EXTENSION: "延期答复告知书随延期决定出具，仅在延期期间可重新出具（条例第三十三条第二款）",
    Letter.Kind.CONSULTATION: "征求意见函随征求意见出具，仅在征求意见期间可重新出具（条例第三十二条）",
    Letter.Kind.FEE: "收费通知随收费决定出具，仅在待缴费期间可重新出具（国办函〔2020〕109号）",
    Letter.Kind.REPLY: "答复书在作出答复或终止办理后出具（条例第三十六条）",
}
LETTER_EVENTS = {
    Letter.Kind.CORRECTION: [EventKind.CORRECTION_REQUESTED],
    Letter.Kind.EXTENSION: [EventKind.EXTEND],
    Letter.Kind.CONSULTATION: [EventKind.CONSULT],
    Letter.Kind.FEE: [EventKind.FEE_NOTICE],
    Letter.Kind.REPLY: [EventKind.REPLY, EventKind.ABANDONED],
}


def application_letter_request(*, actor: Any, application: Application, kind: str = Letter.Kind.REPLY,
                               delivery_method: str = "") -> LetterJob:
    """Ask for a letter outside its action (the 答复书, or a notice again): only where the state allows
    that kind (transitions.LETTERS_BY_STATE), and never while the same letter is being generated."""
    _require_handler(actor, application, "出具文书")
    if kind not in Letter.Kind.values:
        raise DomainError("文书类型无效。")
    label = Letter.Kind(kind).label
    if not transitions.letter_allowed(application.state, kind):
        raise StateError(f"申请当前为“{application.get_state_display()}”，不能出具{label}：{LETTER_RULES[Letter.Kind(kind)]}。")
    if application.letter_jobs.filter(kind=kind, status__in=[LetterJob.Status.QUEUED, LetterJob.Status.RUNNING]).exists():
        raise StateError(f"{label}正在生成，请勿重复提交。")
    event = application.events.filter(kind__in=LETTER_EVENTS[Letter.Kind(kind)]).order_by("-pk").first()
    previous = application.letter_jobs.filter(kind=kind).order_by("-pk").first()
    params = dict(previous.params) if previous else {}
    if kind == Letter.Kind.REPLY:
        params = {"outcome": application.outcome}
    with transaction.atomic():
        job = _queue_letter(application, actor=actor, kind=kind, event=event, params=params,
                            delivery_method=delivery_method)
        audit(actor=actor, action=AuditAction.LETTER_REQUEST, obj=application, organisation=application.organisation,
              after={"kind": kind})
    return job


def application_letter_retry(*, actor: Any, application: Application, job_id: int) -> LetterJob:
    """Generate again a letter whose job failed (the action it belongs to has happened; its state may
    since have moved on)."""
    _require_handler(actor, application, "重新生成文书")
    failed = application.letter_jobs.filter(pk=job_id).first()
    if failed is None:
        raise NotFoundError()
    if failed.status != LetterJob.Status.FAILED:
        raise StateError("只有生成失败的文书可以重新生成。")
    if application.letter_jobs.filter(kind=failed.kind, pk__gt=failed.pk).exists():
        raise StateError("该文书已重新生成过，请查看最新一次的结果。")
    with transaction.atomic():
        job = _queue_letter(application, actor=actor, kind=failed.kind, event=failed.event, params=failed.params,
                            delivery_method=failed.delivery_method)
        audit(actor=actor, action=AuditAction.LETTER_REQUEST, obj=application, organisation=application.organisation,
              after={"kind": failed.kind, "retry_of": failed.pk})
    return job


# --- applicant attachments ---------------------------------------------------------------------

ATTACHMENT_TYPES = {
    "application/pdf": "pdf", "image/jpeg": "jpg", "image/png": "png",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "docx",
}
MAX_ATTACHMENTS = 5  # per submission (the request, or one 补正)


@dataclass(frozen=True)
class CheckedFile:
    name: str
    content: bytes
    content_type: str


def attachments_check(files: Sequence[tuple[str, bytes]]) -> list[CheckedFile]:
    """Size (settings.MAX_ATTACHMENT_BYTES, the one upload limit) and type by content, not by name."""
    import filetype

    if len(files) > MAX_ATTACHMENTS:
        raise DomainError(f"每次最多上传 {MAX_ATTACHMENTS} 个附件。")
    limit = settings.MAX_ATTACHMENT_BYTES
    checked = []
    for raw_name, content in files:
        shown = raw_name[:60]
        if not content:
            raise DomainError(f"附件“{shown}”为空。")
        if len(content) > limit:
            raise DomainError(f"附件“{shown}”过大（{len(content) / 1024 / 1024:.1f} MB），上限 {limit // 1024 // 1024} MB。")
        kind = filetype.guess(content[:8192])
        if kind is None or kind.mime not in ATTACHMENT_TYPES:
            raise DomainError(f"附件“{shown}”类型不允许：按文件内容识别，只接受 PDF、JPG、PNG、DOCX（扩展名不作数）。")
        ext = ATTACHMENT_TYPES[kind.mime]
        name = re.sub(r"[\\/:*?\"<>|\x00-\x1f]", "_", raw_name).strip()[:120] or f"附件.{ext}"
        if not name.lower().endswith((f".{ext}", ".jpeg" if ext == "jpg" else f".{ext}")):
            name = f"{name.rsplit('.', 1)[0]}.{ext}"
        checked.append(CheckedFile(name, content, kind.mime))
    return checked


def _store_attachments(app: Application, files: Sequence[CheckedFile], *, source: str,
                       event: ApplicationEvent | None) -> list[ApplicantAttachment]:
    """Encrypted at rest with the personal-data keys; the stored file name says nothing."""
    stored = []
    for f in files:
        item = ApplicantAttachment(application=app, event=event, source=source, name=f.name,
                                   content_type=f.content_type, size=len(f.content),
                                   sha256=hashlib.sha256(f.content).hexdigest())
        item.blob.save(f"{uuid.uuid4().hex}.bin", ContentFile(fernet().encrypt(f.content)), save=False)
        item.save()
        stored.append(item)
    return stored


def attachment_download(*, actor: Any, application: Application, attachment_id: int) -> tuple[ApplicantAttachment, bytes]:
    """The applicant's file, decrypted, for the handling office only; every download is logged."""
    _require_handler(actor, application, "下载申请人附件")
    item = application.attachments.filter(pk=attachment_id).first()
    if item is None:
        raise NotFoundError()
    from cryptography.fernet import InvalidToken

    with item.blob.open("rb") as fh:
        token = fh.read()
    try:
        content = fernet().decrypt(token)
    except InvalidToken as exc:
        raise DomainError("附件无法解密：加密密钥已更换，请联系管理员。") from exc
    if hashlib.sha256(content).hexdigest() != item.sha256:
        raise DomainError("附件校验失败：文件已被改动。")
    audit(actor=actor, action=AuditAction.ATTACHMENT_DOWNLOAD, obj=application, organisation=application.organisation,
          after={"attachment": item.pk, "size": item.size}, reason="下载申请人附件")
    return item, content


# --- intake --------------------------------------------------------------------------------------

REQUIRED = {"name": "申请人姓名或名称", "description": "所需政府信息的描述", "applicant_kind": "申请人类型",
            "form_wanted": "信息提供形式", "delivery": "获取方式"}


def handling_organisation(organisation: Organisation) -> Organisation:
    """Requests to a government or department are handled by its 政府信息公开工作机构 (条例第四条)."""
    office = organisation.children.filter(kind=Organisation.Kind.OFFICE, is_active=True).order_by("pk").first()
    return office or organisation


def application_submit(*, actor: Any, organisation: Organisation, data: dict[str, Any],
                       channel: str = Channel.ONLINE, submitted_on: date | None = None,
                       signed_for_on: date | None = None, confirmed_on: date | None = None,
                       attachments: Sequence[tuple[str, bytes]] = ()) -> tuple[Application, str]:
    """Register a request (条例第二十九条). Online requests wait for confirmation (待确认); staff entry of
    in-person/oral/post requests is received at once per 第三十一条. Attachments (ID proof, a power of
    attorney …) are stored with it, encrypted. Returns the request and the applicant's tracking code
    (shown once; only its hash is kept)."""
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
    submitted_on = submitted_on or _today()
    for value, label in ((submitted_on, "提交日期"), (signed_for_on, "签收日期"), (confirmed_on, "确认日期")):
        _validate_date(value, label)
    files = attachments_check(attachments)
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
        event = _event(app, kind=EventKind.SUBMIT, actor=actor, reason=Channel(channel).label,
                       public_note=f"收到您通过{Channel(channel).label}提交的申请"
                                   + (f"（附件 {len(files)} 个）" if files else ""))
        _store_attachments(app, files, source=ApplicantAttachment.Source.INTAKE, event=event)
        if channel in (Channel.IN_PERSON, Channel.ORAL, Channel.POST_SIGNED):
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
    _event(app, kind=EventKind.ACCEPT, actor=actor, to=State.ACCEPTED, on=received_on,
           reason=f"收到申请之日：{rules.cn_date(received_on)}（条例第三十一条）",
           public_note="申请已受理，答复期限自收到申请之日起计算")


def application_accept(*, actor: Any, application: Application, confirmed_on: date) -> Application:
    """确认收到 (online, fax, e-mail, ordinary letter): the receipt date is the confirmation date."""
    _require_handler(actor, application, "确认受理")
    _require_action(application, "accept")
    with transaction.atomic():
        _accept(application, actor=actor, received_on=confirmed_on)
        _save(application)
    return application


# --- 补正 (条例第三十条) ----------------------------------------------------------------------------

def open_correction(application: Application) -> Pause | None:
    return application.pauses.filter(kind=Pause.Kind.CORRECTION, end__isnull=True).first()


def correction_due_of(pause: Pause) -> date:
    """The stated 补正 due date; for a pause recorded before periods were stored, the default period."""
    if pause.due is not None:
        return pause.due
    return rules.correction_due(pause.start, rules.CORRECTION_PERIOD_DEFAULT, get_calendar()).result


def application_request_correction(*, actor: Any, application: Application, what: str, notice_on: date,
                                   period_workdays: int = rules.CORRECTION_PERIOD_DEFAULT,
                                   delivery_method: str = "") -> Application:
    """补正 (条例第三十条): one single notice, within 7 working days of receipt, saying what to correct and
    by when (a reasonable period, stated in working days and as a date); the 补正告知书 is generated."""
    _require_handler(actor, application, "补正告知")
    if application.pauses.filter(kind=Pause.Kind.CORRECTION).exists():
        raise StateError("补正告知只能一次性发出（条例第三十条：一次性告知）。")
    _require_action(application, "correction")
    if not what.strip():
        raise DomainError("请写明需要补正的事项（条例第三十条：一次性告知需要补正的事项）。")
    _validate_date(notice_on, "补正告知日期")
    if application.received_on and notice_on < application.received_on:
        raise DomainError("补正告知日期不能早于收到申请之日。")
    if application.correction_notice_due and notice_on > application.correction_notice_due:
        raise DomainError(f"补正应自收到申请之日起 7 个工作日内一次性告知，期限为 "
                          f"{rules.cn_date(application.correction_notice_due)}（条例第三十条）。")
    try:
        due = rules.correction_due(notice_on, period_workdays, get_calendar()).result
    except ValueError as exc:
        raise DomainError(str(exc)) from exc
    period = f"补正期限 {period_workdays} 个工作日，至{rules.cn_date(due)}"
    with transaction.atomic():
        Pause.objects.create(application=application, kind=Pause.Kind.CORRECTION, start=notice_on,
                             period_workdays=period_workdays, due=due, note=period)
        event = _event(application, kind=EventKind.CORRECTION_REQUESTED, actor=actor, to=State.CORRECTION,
                       reason=f"{what.strip()}（{period}）", on=notice_on,
                       public_note=f"需要您补正申请：{what.strip()}。{period}；可在本页面在线提交补正")
        _save(application)
        _queue_letter(application, actor=actor, kind=Letter.Kind.CORRECTION, event=event, delivery_method=delivery_method,
                      params={"what": what.strip(), "period_workdays": period_workdays, "due": due,
                              "notice_on": notice_on})
    return application


def _register_correction(application: Application, pause: Pause, *, actor: Any, received_on: date,
                         reason: str, system: bool = False) -> None:
    pause.end = received_on
    pause.end_reason = "corrected"
    pause.save(update_fields=["end", "end_reason"])
    application.correction_received_on = received_on
    _event(application, kind=EventKind.CORRECTION_RECEIVED, actor=actor, to=State.ACCEPTED, on=received_on,
           reason=reason, system=system,
           public_note=f"已收到您的补正，答复期限自{rules.cn_date(received_on)}起重新计算")
    _save(application)


def application_correction_received(*, actor: Any, application: Application, received_on: date,
                                    text: str = "") -> Application:
    """The corrected request arrived (on paper, or online after the period): the 20 working days restart
    from this day (条例第三十条). A late correction is accepted when the officer registers it."""
    _require_handler(actor, application, "登记补正")
    _validate_date(received_on, "收到补正之日")
    pause = open_correction(application)
    _require_action(application, "correction_received")
    if pause is None:
        raise StateError("该申请不在补正中。")
    if received_on < pause.start:
        raise DomainError("收到补正之日不能早于补正告知日期。")
    due = correction_due_of(pause)
    late = f"；补正期限至{rules.cn_date(due)}，逾期提交，经办人决定受理" if received_on > due else ""
    with transaction.atomic():
        if text.strip():
            application.correction_text = text.strip()
        _register_correction(application, pause, actor=actor, received_on=received_on,
                             reason=f"答复期限自收到补正之日起重新计算（条例第三十条）{late}")
    return application


def application_correction_submit(*, application: Application, text: str,
                                  attachments: Sequence[tuple[str, bytes]] = (),
                                  today: date | None = None) -> bool:
    """The applicant corrects the request online from the tracking page. Within the stated period the
    reply clock restarts that day (条例第三十条); after it, the correction is kept and the officer decides
    (accept it, or 视为放弃 if there is no good reason). The officer is notified either way.
    Returns whether it came in time."""
    today = today or _today()
    pause = open_correction(application)
    if application.state != State.CORRECTION or pause is None:
        raise StateError("该申请当前不需要补正。")
    text = text.strip()
    if not text and not attachments:
        raise DomainError("请填写补正后的申请内容，或上传补正材料（条例第三十条）。")
    if len(text) > 5000:
        raise DomainError("补正内容请控制在 5000 字以内。")
    files = attachments_check(attachments)
    due = correction_due_of(pause)
    in_time = today <= due
    note = "已收到您在线提交的补正" if in_time else \
        f"已收到您在线提交的补正；补正期限已于{rules.cn_date(due)}届满，是否受理由工作人员决定"
    with transaction.atomic():
        if text:
            application.correction_text = text
        event = _event(application, kind=EventKind.CORRECTION_SUBMITTED, actor=None, on=today,
                       reason=(text or "（仅上传材料）") + (f"（附件 {len(files)} 个）" if files else "")
                       + ("" if in_time else f"（补正期限{rules.cn_date(due)}已过，待经办人决定）"),
                       public_note=note)
        _store_attachments(application, files, source=ApplicantAttachment.Source.CORRECTION, event=event)
        if in_time:
            _register_correction(application, pause, actor=None, received_on=today, system=True,
                                 reason="申请人在补正期限内在线提交补正，答复期限自当日起重新计算（条例第三十条）")
        else:
            application.save()
        on_commit(lambda: _notify_correction(application.pk, in_time))
    return in_time


def _handlers_to_notify(application: Application) -> list[str]:
    if application.officer_id and application.officer and application.officer.email:
        return [application.officer.email]
    members = Membership.objects.filter(organisation=application.organisation, role=Role.OFFICER).select_related("user")
    return sorted({m.user.email for m in members if m.user.email})


def _notify_correction(application_id: int, in_time: bool) -> None:
    from django.core.mail import send_mail

    app = Application.objects.select_related("officer").get(pk=application_id)
    recipients = _handlers_to_notify(app)
    if not recipients:
        return
    what = "答复期限已自今日起重新计算。" if in_time else "已超过补正期限，请决定是否受理（登记收到补正）或按视为放弃办理。"
    send_mail(f"【依申请公开】{app.number} 申请人已在线提交补正",
              f"{app.number}（{app.name}）的申请人已在线提交补正。{what}\n"
              f"{settings.SITE_URL}/staff/applications/{app.pk}/", None, recipients)


# --- consultation (条例第三十二条、第三十四条) ---------------------------------------------------

def open_consultation(application: Application) -> Pause | None:
    return application.pauses.filter(kind__in=CONSULT_KINDS, end__isnull=True).first()


def application_consult(*, actor: Any, application: Application, kind: str, start: date, party: str,
                        what: str = "", delivery_method: str = "") -> Application:
    """征求第三方意见 (第三十二条) or other agencies (第三十四条): the time spent is not counted, up to the
    15 working days the consulted party has; the 征求意见函 is generated."""
    _require_handler(actor, application, "征求意见")
    _require_action(application, "consult")
    if kind not in CONSULT_KINDS:
        raise DomainError("征求意见的类型应为第三方或其他机关。")
    if not party.strip():
        raise DomainError("请写明被征求意见的第三方或机关（条例第三十二条）。")
    _validate_date(start, "征求意见日期")
    if application.received_on and start < application.received_on:
        raise DomainError("征求意见日期不能早于收到申请之日。")
    due = rules.consultation_due(start, get_calendar()).result
    with transaction.atomic():
        application.paused_from = application.state
        Pause.objects.create(application=application, kind=kind, start=start, note=party.strip()[:200],
                             period_workdays=rules.THIRD_PARTY_WORKDAYS, due=due)
        event = _event(application, kind=EventKind.CONSULT, actor=actor, to=State.CONSULTING, on=start,
                       reason=f"{Pause.Kind(kind).label}：{party.strip()}，应于{rules.cn_date(due)}前提出意见"
                              + (f"；{what.strip()}" if what.strip() else ""),
                       public_note="正在征求相关方意见，所需时间不计入答复期限")
        _save(application)
        _queue_letter(application, actor=actor, kind=Letter.Kind.CONSULTATION, event=event,
                      delivery_method=delivery_method,
                      params={"party": party.strip(), "consult_kind": str(Pause.Kind(kind).label), "due": due,
                              "start": start, "what": what.strip()})
    return application


def application_consult_done(*, actor: Any, application: Application, end: date, summary: str) -> Application:
    """The consulted party answered: the clock runs again from the next day (never later than the 15th
    working day: rules.counted_pause)."""
    _require_handler(actor, application, "登记征求意见结果")
    _require_action(application, "consult_done")
    pause = open_consultation(application)
    if pause is None:
        raise StateError("该申请不在征求意见中。")
    if end < pause.start:
        raise DomainError("意见收到日期不能早于征求意见日期。")
    _validate_date(end, "收到意见之日")
    if not summary.strip():
        raise DomainError("请摘要记录对方意见（条例第三十二条：书面征求意见）。")
    late = pause.due is not None and end > pause.due
    with transaction.atomic():
        pause.end = end
        pause.end_reason = "answered"
        pause.save(update_fields=["end", "end_reason"])
        back = application.paused_from or State.ACCEPTED
        reason = summary.strip()
        if late and pause.due:
            reason += f"（意见在 15 个工作日期满后收到，计时已自{rules.cn_date(rules.period_over_from(pause.due))}起恢复）"
        _event(application, kind=EventKind.CONSULT_DONE, actor=actor, to=back, on=end, reason=reason,
               public_note="征求意见已结束，继续办理")
        _save(application)
    return application


def application_consult_lapse(*, application: Application, today: date | None = None) -> bool:
    """第三十二条: no answer within 15 working days ends the consultation by itself (the office decides;
    第三十四条: the agency is deemed to agree); the clock resumes the day after the 15th working day.
    Run by the daily job; claimed by a conditional update, so two runs close it once."""
    today = today or _today()
    pause = open_consultation(application)
    if application.state != State.CONSULTING or pause is None:
        return False
    due = pause.due or rules.consultation_due(pause.start, get_calendar()).result
    if not rules.consultation_lapsed(due, today):
        return False
    with transaction.atomic():
        if not Pause.objects.filter(pk=pause.pk, end__isnull=True).update(end=due, end_reason="lapsed", due=due):
            return False
        application.refresh_from_db()
        article = "第三十二条：由本机关依照条例规定决定是否公开" if pause.kind == Pause.Kind.THIRD_PARTY else \
            "第三十四条：逾期未提出意见的视为同意公开"
        _event(application, kind=EventKind.CONSULT_LAPSED, actor=None, system=True,
               to=application.paused_from or State.ACCEPTED, on=rules.period_over_from(due),
               reason=f"{pause.note or Pause.Kind(pause.kind).label}自{rules.cn_date(pause.start)}起 15 个工作日内"
                      f"（至{rules.cn_date(due)}）未提出意见，征求意见结束，自{rules.cn_date(rules.period_over_from(due))}"
                      f"起恢复计时（条例{article}）",
               public_note="征求意见期满，继续办理")
        _save(application)
    return True


def lapse_consultations(today: date | None = None) -> int:
    """The daily job: close every consultation whose 15 working days have passed."""
    today = today or _today()
    ids = (Pause.objects.filter(kind__in=CONSULT_KINDS, end__isnull=True, application__state=State.CONSULTING)
           .values_list("application_id", flat=True).distinct())
    closed = 0
    for app in Application.objects.filter(pk__in=list(ids)).select_related("organisation"):
        if application_consult_lapse(application=app, today=today):
            closed += 1
    return closed


# --- extension, fees ----------------------------------------------------------------------------

def application_extend(*, actor: Any, application: Application, workdays: int, approved_by: str,
                       reason: str, today: date | None = None, delivery_method: str = "") -> Application:
    """延期 (第三十三条第二款): once, at most 20 working days, approved by the 工作机构负责人, decided within
    the reply period, and notified (the 延期答复告知书 is generated)."""
    _require_handler(actor, application, "延期答复")
    if application.extension_workdays:
        raise StateError("答复期限只能延长一次（条例第三十三条第二款）。")
    _require_action(application, "extend")
    if not 1 <= workdays <= rules.EXTENSION_MAX_WORKDAYS:
        raise DomainError("延长的期限最长不得超过 20 个工作日（条例第三十三条第二款）。")
    if not approved_by.strip() or not reason.strip():
        raise DomainError("延期须经政府信息公开工作机构负责人同意并写明理由（条例第三十三条第二款）。")
    today = today or _today()
    recompute_deadlines(application, today)
    if application.reply_due is not None:
        try:
            rules.check_extension_in_time(today, application.reply_due)
        except ValueError as exc:
            raise DomainError(str(exc)) from exc
    with transaction.atomic():
        application.extension_workdays = workdays
        event = _event(application, kind=EventKind.EXTEND, actor=actor, to=State.EXTENDED, on=today,
                       reason=f"{reason.strip()}（经 {approved_by.strip()} 同意）",
                       public_note=f"答复期限延长 {workdays} 个工作日")
        _save(application)
        _queue_letter(application, actor=actor, kind=Letter.Kind.EXTENSION, event=event, delivery_method=delivery_method,
                      params={"what": reason.strip(), "days": workdays, "due": application.reply_due,
                              "approved_by": approved_by.strip()})
    return application


def application_fee_notice(*, actor: Any, application: Application, method: str, quantity: int,
                           notice_received_on: date, decided_by: str, delivery_method: str = "") -> Fee:
    """收费通知 (国办函〔2020〕109号): one method per request; the payment period is not counted; the
    收费通知 states the amount, the method, the bands and the payment deadline from the fee record."""
    _require_handler(actor, application, "收费通知")
    _require_action(application, "fee")
    try:
        rules.check_single_fee_method(application.fees.values_list("method", flat=True), method)
    except ValueError as exc:
        raise DomainError(str(exc)) from exc
    if application.fees.filter(method=method, paid_on__isnull=True, waived=False).exists():
        raise StateError("该申请已有待缴的信息处理费通知。")
    if not 1 <= quantity <= 1_000_000:
        raise DomainError("件数或页数应为正整数（按件：本月第几件申请；按量：页数）。")
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
    method_label = "按件" if method == "piece" else "按量"
    with transaction.atomic():
        record = Fee.objects.create(application=application, method=method, quantity=quantity,
                                    amount=fee.amount_yuan, decided_by=decided_by,
                                    notice_received_on=notice_received_on, payment_due=due)
        application.paused_from = application.state
        Pause.objects.create(application=application, kind=Pause.Kind.FEE, due=due,
                             period_workdays=rules.FEE_PAYMENT_WORKDAYS,
                             start=notice_received_on + timedelta(days=1), note=f"{fee.amount_yuan} 元")
        event = _event(application, kind=EventKind.FEE_NOTICE, actor=actor, to=State.FEE_PENDING, on=notice_received_on,
                       reason=f"{method_label}计收 {fee.amount_yuan} 元，缴费期限至{rules.cn_date(due)}",
                       public_note=f"需缴纳信息处理费 {fee.amount_yuan} 元，请于{rules.cn_date(due)}前缴纳")
        _save(application)
        _queue_letter(application, actor=actor, kind=Letter.Kind.FEE, event=event, delivery_method=delivery_method,
                      params={"amount": fee.amount_yuan, "method": method_label, "quantity": quantity,
                              "bands": fee.bands, "due": due, "notice_received_on": notice_received_on,
                              "fee_id": record.pk})
    return record


def application_fee_settled(*, actor: Any, application: Application, paid_on: date | None = None,
                            waive_reason: str = "") -> Application:
    """Payment recorded, or the fee reduced/waived (who decided and why): the clock resumes."""
    _require_handler(actor, application, "登记缴费")
    _require_action(application, "fee_paid")
    fee = application.fees.filter(paid_on__isnull=True, waived=False).first()
    if fee is None:
        raise StateError("该申请没有待缴的信息处理费。")
    end = paid_on or _today()
    _validate_date(end, "缴费日期")
    with transaction.atomic():
        if waive_reason:
            fee.waived = True
            fee.waiver_reason = f"{waive_reason}（{actor_name(actor)} 决定）"
        else:
            fee.paid_on = end
        fee.save()
        application.pauses.filter(kind=Pause.Kind.FEE, end__isnull=True).update(
            end=end, end_reason="waived" if waive_reason else "paid")
        _event(application, kind=EventKind.FEE_WAIVED if waive_reason else EventKind.FEE_PAID, actor=actor,
               to=application.paused_from or State.ACCEPTED, on=end, reason=waive_reason or f"已缴费 {fee.amount} 元",
               public_note="信息处理费已减免" if waive_reason else "已收到您缴纳的信息处理费，继续办理")
        _save(application)
    return application


# --- decisions ----------------------------------------------------------------------------------

def application_close_unresponsive(*, actor: Any, application: Application, reason: str,
                                   today: date | None = None) -> Application:
    """视为放弃: no correction within the period stated in the notice (第三十条; 其他处理-1), or no payment
    within 20 working days (109号; 其他处理-2). Refused before the period has passed, naming the first day
    on which it becomes possible."""
    _require_handler(actor, application, "终止办理")
    _require_action(application, "abandon")
    today = today or _today()
    if not reason.strip():
        raise DomainError("请写明终止办理的理由（如：补正期限届满，申请人未补正且未说明正当理由）。")
    try:
        if application.state == State.CORRECTION:
            pause = open_correction(application)
            if pause is None:
                raise StateError("该申请没有进行中的补正。")
            rules.check_correction_period_over(today, correction_due_of(pause))
            code, why = "other_no_correction", "申请人无正当理由逾期不补正（条例第三十条）"
        else:
            fee = application.fees.filter(paid_on__isnull=True, waived=False).first()
            if fee is None or fee.payment_due is None:
                raise StateError("该申请没有待缴的信息处理费。")
            rules.check_fee_period_over(today, fee.payment_due)
            code, why = "other_fee_unpaid", "申请人逾期未缴纳信息处理费（国办函〔2020〕109号）"
    except ValueError as exc:
        raise DomainError(str(exc)) from exc
    with transaction.atomic():
        application.outcome = code
        application.outcome_basis = rules.outcome(code).basis
        application.replied_on = today
        application.pauses.filter(end__isnull=True).update(end=today, end_reason="abandoned")
        _event(application, kind=EventKind.ABANDONED, actor=actor, to=State.ABANDONED, reason=f"{why}：{reason.strip()}",
               on=today, public_note="申请已终止办理：" + why)
        _save(application)
    return application


def application_reply(*, actor: Any, application: Application, outcome_code: str, basis_note: str = "",
                      replied_on: date | None = None) -> Application:
    """答复 with one of the art. 36/37 outcomes (each is one row of the annual report)."""
    _require_handler(actor, application, "答复")
    _require_action(application, "reply")
    try:
        chosen = rules.outcome(outcome_code)
    except ValueError as exc:
        raise DomainError(str(exc)) from exc
    if outcome_code in ("other_no_correction", "other_fee_unpaid"):
        raise DomainError("逾期不补正、逾期未缴费请使用“视为放弃”办理。")
    replied_on = replied_on or _today()
    _validate_date(replied_on, "答复日期")
    if application.received_on and replied_on < application.received_on:
        raise DomainError("答复日期不能早于收到申请之日。")
    to = State.NOT_PROCESSED if outcome_code in rules.NOT_PROCESSED_OUTCOMES else State.REPLIED
    with transaction.atomic():
        application.outcome = outcome_code
        application.outcome_basis = chosen.basis + (f"\n{basis_note.strip()}" if basis_note.strip() else "")
        application.replied_on = replied_on
        _event(application, kind=EventKind.REPLY, actor=actor, to=to, on=replied_on,
               reason=chosen.label + (f"：{basis_note.strip()}" if basis_note.strip() else ""),
               public_note=f"已答复：{chosen.label}")
        _save(application)
    return application


def application_transfer(*, actor: Any, application: Application, to_org: Organisation, reason: str) -> Application:
    """Send a request filed with the wrong department to the right one in this system. The clock does
    not restart: the receipt date stays (a transfer resetting it is a classic bug)."""
    require_role(actor, application.organisation, [*HANDLERS, Role.SUPERVISOR], action="转办")
    _require_action(application, "transfer")
    if to_org.pk == application.organisation_id:
        raise DomainError("不能转办给本机关。")
    if not reason.strip():
        raise DomainError("请写明转办理由。")
    with transaction.atomic():
        before = application.organisation
        application.organisation = to_org
        application.officer = None
        _event(application, kind=EventKind.TRANSFER, actor=actor, reason=f"由 {before} 转至 {to_org}：{reason.strip()}",
               public_note=f"您的申请已转由 {to_org.name} 办理，期限不变")
        _save(application)
    return application


def application_archive(*, actor: Any, application: Application, reason: str = "办理完毕，归档") -> Application:
    """归档 (条例第四十五条) once the request is decided and its 答复书 issued; once only."""
    _require_handler(actor, application, "归档")
    _require_action(application, "archive")
    if application.state in (State.REPLIED, State.NOT_PROCESSED):
        if application.letter_jobs.filter(kind=Letter.Kind.REPLY,
                                          status__in=[LetterJob.Status.QUEUED, LetterJob.Status.RUNNING]).exists():
            raise StateError("答复书正在生成，请待生成完成后再归档。")
        if not application.letters.filter(kind=Letter.Kind.REPLY).exists():
            raise StateError("请先出具政府信息公开申请答复书，再归档（条例第四十五条：答复后归档）。")
    if not reason.strip():
        raise DomainError("请写明归档说明。")
    with transaction.atomic():
        _event(application, kind=EventKind.ARCHIVE, actor=actor, to=State.ARCHIVED, reason=reason.strip(),
               public_note="办理完毕，已归档")
        application.save()
    return application


def application_review_record(*, actor: Any, application: Application, kind: str, filed_on: date,
                              result: str = Review.Result.PENDING, decided_on: date | None = None) -> Review:
    """行政复议 / 行政诉讼 about a reply (annual report table 四)."""
    _require_handler(actor, application, "登记复议诉讼")
    _require_action(application, "review")
    if kind not in Review.Kind.values or result not in Review.Result.values:
        raise DomainError("复议/诉讼类型或结果无效。")
    _validate_date(filed_on, "提起日期")
    with transaction.atomic():
        review = Review.objects.create(application=application, kind=kind, filed_on=filed_on, result=result,
                                       decided_on=decided_on)
        _event(application, kind=EventKind.REVIEW, actor=actor,
               reason=f"{review.get_kind_display()}：{review.get_result_display()}")
    return review


def personal_data_view(*, actor: Any, application: Application) -> dict[str, str]:
    """The unmasked ID number, phone and address: only for the handling officer, and logged."""
    _require_handler(actor, application, "查看完整个人信息")
    if application.officer_id and application.officer_id != actor.pk and not actor.is_superuser:
        raise DomainError("只有经办人可以查看申请人的完整个人信息。", code="forbidden")
    audit(actor=actor, action=AuditAction.VIEW_PERSONAL_DATA, obj=application,
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
                application=app, kind=EventKind.CALENDAR_CHANGED,
                actor=actor if getattr(actor, "is_authenticated", False) else None,
                actor_name=actor_name(actor), actor_role=role_label(actor, app.organisation) if actor else "系统",
                from_state=app.state, to_state=app.state,
                reason=f"工作日历调整（{reason}）：答复期限由 {before} 改为 {app.reply_due}",
                public_note=f"因法定节假日安排调整，答复期限更新为{rules.cn_date(app.reply_due) if app.reply_due else ''}")
            changed += 1
    return changed


def on_calendar_changed(sender: Any, actor: Any = None, reason: str = "", **kwargs: Any) -> None:
    recompute_open(actor=actor, reason=reason)


# --- the one transition entry point (staff page and API) ------------------------------------------

@dataclass(frozen=True)
class TransitionResult:
    application: Application
    message: str  # what happened, in one Chinese sentence ("已发出补正告知书，补正期限至2026年12月15日")
    job: LetterJob | None = None


def _param(params: dict[str, Any], key: str, label: str) -> Any:
    value = params.get(key)
    if value is None or (isinstance(value, str) and not value.strip()):
        raise DomainError(f"缺少{label}。")
    return value


def _date_param(params: dict[str, Any], key: str = "date") -> date:
    value = params.get(key)
    if value is None:
        return _today()
    if not isinstance(value, date):
        raise DomainError("日期无效，请使用 YYYY-MM-DD 格式。")
    return value


def _int_param(params: dict[str, Any], key: str, label: str, default: int | None = None) -> int:
    value = params.get(key, default)
    if value is None:
        raise DomainError(f"缺少{label}。")
    try:
        return int(value)
    except (TypeError, ValueError) as exc:
        raise DomainError(f"{label}应为整数。") from exc


def _latest_job(app: Application, kind: str) -> LetterJob | None:
    return app.letter_jobs.filter(kind=kind).order_by("-pk").first()


def _do_accept(actor: Any, app: Application, p: dict[str, Any]) -> TransitionResult:
    application_accept(actor=actor, application=app, confirmed_on=_date_param(p))
    due = f"，答复期限至{rules.cn_date(app.reply_due)}" if app.reply_due else ""
    return TransitionResult(app, f"已受理申请，收到申请之日为{rules.cn_date(app.received_on or _today())}{due}。")


def _do_correction(actor: Any, app: Application, p: dict[str, Any]) -> TransitionResult:
    application_request_correction(actor=actor, application=app, what=str(p.get("reason", "")),
                                   notice_on=_date_param(p), delivery_method=str(p.get("delivery_method", "")),
                                   period_workdays=_int_param(p, "period", "补正期限",
                                                              rules.CORRECTION_PERIOD_DEFAULT))
    pause = app.pauses.filter(kind=Pause.Kind.CORRECTION).order_by("-pk").first()
    due = rules.cn_date(pause.due) if pause and pause.due else ""
    return TransitionResult(app, f"已发出补正告知书，补正期限至{due}。", _latest_job(app, Letter.Kind.CORRECTION))


def _do_correction_received(actor: Any, app: Application, p: dict[str, Any]) -> TransitionResult:
    application_correction_received(actor=actor, application=app, received_on=_date_param(p),
                                    text=str(p.get("text", "")))
    return TransitionResult(app, f"已登记收到补正，答复期限重新计算，至{rules.cn_date(app.reply_due)}。"
                            if app.reply_due else "已登记收到补正。")


def _do_abandon(actor: Any, app: Application, p: dict[str, Any]) -> TransitionResult:
    # No date from the caller: whether the period has passed is judged on today's date only.
    application_close_unresponsive(actor=actor, application=app, reason=str(p.get("reason", "")))
    return TransitionResult(app, f"已按视为放弃终止办理（{rules.outcome(app.outcome).label}），"
                                 "下一步：出具答复书告知申请人。")


def _do_consult(actor: Any, app: Application, p: dict[str, Any]) -> TransitionResult:
    party = str(_param(p, "party", "被征求意见的第三方或机关"))
    application_consult(actor=actor, application=app, kind=str(p.get("kind") or Pause.Kind.THIRD_PARTY),
                        start=_date_param(p), party=party, what=str(p.get("reason", "")),
                        delivery_method=str(p.get("delivery_method", "")))
    pause = open_consultation(app)
    due = rules.cn_date(pause.due) if pause and pause.due else ""
    return TransitionResult(app, f"已发出征求意见函（{party}），对方应于{due}前提出意见；期满未答复将自动恢复计时。",
                            _latest_job(app, Letter.Kind.CONSULTATION))


def _do_consult_done(actor: Any, app: Application, p: dict[str, Any]) -> TransitionResult:
    application_consult_done(actor=actor, application=app, end=_date_param(p), summary=str(p.get("reason", "")))
    return TransitionResult(app, f"已登记征求意见结果，恢复计时，答复期限至{rules.cn_date(app.reply_due)}。"
                            if app.reply_due else "已登记征求意见结果。")


def _do_extend(actor: Any, app: Application, p: dict[str, Any]) -> TransitionResult:
    days = _int_param(p, "workdays", "延长工作日", rules.EXTENSION_MAX_WORKDAYS)
    application_extend(actor=actor, application=app, workdays=days, approved_by=str(p.get("approved_by", "")),
                       reason=str(p.get("reason", "")), delivery_method=str(p.get("delivery_method", "")))
    return TransitionResult(app, f"已延期 {days} 个工作日，答复期限至{rules.cn_date(app.reply_due)}，"
                                 "延期答复告知书已生成。" if app.reply_due else "已延期。",
                            _latest_job(app, Letter.Kind.EXTENSION))


def _do_fee(actor: Any, app: Application, p: dict[str, Any]) -> TransitionResult:
    fee = application_fee_notice(actor=actor, application=app, method=str(p.get("method", "")),
                                 quantity=_int_param(p, "quantity", "件数或页数"), notice_received_on=_date_param(p),
                                 decided_by=actor_name(actor), delivery_method=str(p.get("delivery_method", "")))
    due = rules.cn_date(fee.payment_due) if fee.payment_due else ""
    return TransitionResult(app, f"已发出收费通知：{fee.amount} 元（{fee.get_method_display()}），缴费期限至{due}。",
                            _latest_job(app, Letter.Kind.FEE))


def _do_fee_paid(actor: Any, app: Application, p: dict[str, Any]) -> TransitionResult:
    waive = str(p.get("reason", "")).strip()
    on = _date_param(p)
    application_fee_settled(actor=actor, application=app, paid_on=on, waive_reason=waive)
    done = "已减免信息处理费" if waive else f"已登记于{rules.cn_date(on)}缴纳信息处理费"
    due = f"，答复期限至{rules.cn_date(app.reply_due)}" if app.reply_due else ""
    return TransitionResult(app, f"{done}，恢复计时{due}。")


def _do_reply(actor: Any, app: Application, p: dict[str, Any]) -> TransitionResult:
    application_reply(actor=actor, application=app, outcome_code=str(_param(p, "outcome", "答复类型")),
                      basis_note=str(p.get("reason", "")), replied_on=_date_param(p))
    label = rules.outcome(app.outcome).label
    timely = ""
    if app.replied_on and app.reply_due:
        timely = "，" + rules.reply_timeliness(app.replied_on, app.reply_due, get_calendar()).describe()
    return TransitionResult(app, f"已答复（{label}），答复日期{rules.cn_date(app.replied_on or _today())}{timely}。"
                                 "下一步：出具答复书。")


def _do_letter(actor: Any, app: Application, p: dict[str, Any]) -> TransitionResult:
    kind = str(p.get("kind") or Letter.Kind.REPLY)
    job = application_letter_request(actor=actor, application=app, kind=kind,
                                     delivery_method=str(p.get("delivery_method", "")))
    job.refresh_from_db()  # with an inline job queue it has already run
    label = Letter.Kind(kind).label
    if job.status == LetterJob.Status.DONE:
        return TransitionResult(app, f"已出具{label}。" + ("下一步：归档。" if kind == Letter.Kind.REPLY else ""), job)
    return TransitionResult(app, f"{label}已开始生成，完成后可在“文书”中下载。", job)


def _do_transfer(actor: Any, app: Application, p: dict[str, Any]) -> TransitionResult:
    to_org = _param(p, "to_org", "转办机关")
    if not isinstance(to_org, Organisation):
        raise DomainError("转办机关无效。")
    application_transfer(actor=actor, application=app, to_org=to_org, reason=str(p.get("reason", "")))
    return TransitionResult(app, f"已转由{to_org.name}办理，收到申请之日和答复期限不变。")


def _do_archive(actor: Any, app: Application, p: dict[str, Any]) -> TransitionResult:
    application_archive(actor=actor, application=app, reason=str(p.get("reason", "")))
    return TransitionResult(app, f"已将{app.number}归档（{str(p.get('reason', '')).strip()}），不再办理（条例第四十五条）。")


def _do_review(actor: Any, app: Application, p: dict[str, Any]) -> TransitionResult:
    review = application_review_record(actor=actor, application=app, kind=str(p.get("kind", "")),
                                       filed_on=_date_param(p), result=str(p.get("result") or Review.Result.PENDING))
    return TransitionResult(app, f"已登记{review.get_kind_display()}（{review.get_result_display()}）。")


_DISPATCH: dict[str, Callable[[Any, Application, dict[str, Any]], TransitionResult]] = {
    "accept": _do_accept, "correction": _do_correction, "correction_received": _do_correction_received,
    "abandon": _do_abandon, "consult": _do_consult, "consult_done": _do_consult_done, "extend": _do_extend,
    "fee": _do_fee, "fee_paid": _do_fee_paid, "reply": _do_reply, "letter": _do_letter,
    "transfer": _do_transfer, "archive": _do_archive, "review": _do_review,
}


def application_transition(*, actor: Any, application: Application, action: str, **params: Any) -> TransitionResult:
    """The one way the staff page and the API act on a request: the transitions table decides whether the
    action exists, whether the actor's role may take it and whether the state allows it; a terminal action
    (it decides or hands over the request) must come confirmed (`confirm=True`, the page's dialog)."""
    spec = transitions.action(action)
    if spec is None:
        raise DomainError(f"未知操作：{action}。可用：{'、'.join(transitions.ACTIONS)}。")
    require_role(actor, application.organisation, spec.roles, action=spec.label)
    if application.state == State.CONSULTING:
        # A consultation past its 15 working days has ended (条例第三十二条) even if the daily job has not run.
        application_consult_lapse(application=application)
    if not spec.allows(application.state):
        raise action_refusal(application, spec)
    if spec.terminal and not params.pop("confirm", False):
        raise DomainError(f"“{spec.label}”将办结或移交该申请，须确认后办理（confirm）。")
    params.pop("confirm", None)
    result = _DISPATCH[action](actor, application, params)
    if result.job is not None:
        result.job.refresh_from_db()
        if result.job.status == LetterJob.Status.FAILED:
            return TransitionResult(result.application, f"{result.message}但{result.job.get_kind_display()}生成失败"
                                    f"（{result.job.error}），请在“文书”中重新生成。", result.job)
    return result
