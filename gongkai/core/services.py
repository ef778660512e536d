"""Writes for the foundation: audit, organisations, memberships, the working-day calendar.

Every function is keyword-only, runs in one transaction and writes its audit event in that
same transaction (zulip `do_set_realm_property`), so a rollback leaves no trace and no change
goes unrecorded (条例第四十五条: 登记、审核、办理、答复、归档 records).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any, ParamSpec

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Model

from gongkai.core.actions import Action
from gongkai.core.audit_actions import is_registered
from gongkai.core.creditcode import credit_code_error
from gongkai.core.exceptions import DomainError
from gongkai.core.middleware import current_ip
from gongkai.core.models import AuditEvent, Membership, Organisation, Role, WorkdayCalendar
from gongkai.core.selectors import has_role
from gongkai.core.signals import calendar_changed

P = ParamSpec("P")


class UnregisteredActionError(ValueError):
    """A programming error: audit() was given an action no app declared."""


def on_commit(callback: Callable[[], Any]) -> None:
    """Run `callback` after the surrounding transaction commits (a rollback tells no one).

    Tests wrap each test in a transaction that never commits; they set
    `settings.RUN_ON_COMMIT_IMMEDIATELY` so side effects (search index, mail) are observable.
    """
    if getattr(settings, "RUN_ON_COMMIT_IMMEDIATELY", False):
        callback()
    else:
        transaction.on_commit(callback, robust=True)


def actor_name(actor: Any, none_label: str = "系统") -> str:
    """How an actor is named in events and letters: full name, else user name; `none_label` for no
    user (the system, or in 依申请公开 the applicant), 公众 for an anonymous visitor."""
    if actor is None or not getattr(actor, "is_authenticated", False):
        return none_label if actor is None else "公众"
    full = actor.get_full_name() if hasattr(actor, "get_full_name") else ""
    return full or actor.get_username()


def audit_row(
    *,
    actor: Any,
    action: str,
    obj: Model | None = None,
    organisation: Organisation | None = None,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    reason: str = "",
    object_type: str = "",
    object_id: str = "",
    object_repr: str = "",
    anonymous_as: str = "",
) -> AuditEvent:
    """One unsaved audit row (for `audit`, or for `audit_many` when a batch writes many at once).

    `action` must be a registered audit action (an app's `Action` TextChoices, see
    core.audit_actions): a free string raises, so the log holds a closed set of verbs.
    `anonymous_as` names a caller who is not logged in (e.g. "申请人（2026-YSQ-000001）"); without
    it, no actor is the system itself ("系统").
    """
    if not is_registered(action):
        raise UnregisteredActionError(f"审计操作 {action!r} 未登记：请在本应用的 Action 中声明并在 ready() 中注册。")
    if obj is not None:
        object_type = object_type or f"{obj._meta.app_label}.{obj._meta.model_name}"
        object_id = object_id or str(obj.pk)
        object_repr = object_repr or str(obj)[:255]
    user = actor if getattr(actor, "is_authenticated", False) else None
    return AuditEvent(
        actor=user,
        actor_name=anonymous_as if anonymous_as and user is None else actor_name(actor),
        organisation=organisation,
        action=str(action),
        object_type=object_type,
        object_id=object_id,
        object_repr=object_repr[:255],
        before=before,
        after=after,
        reason=reason,
        ip=current_ip.get(),
    )


def _saving(make: Callable[P, AuditEvent]) -> Callable[P, AuditEvent]:
    def save(*args: P.args, **kwargs: P.kwargs) -> AuditEvent:
        row = make(*args, **kwargs)
        row.save()
        return row

    return save


# Record one change (the arguments of `audit_row`). Call it inside the transaction that makes the change.
audit = _saving(audit_row)


def audit_many(rows: list[AuditEvent]) -> None:
    """Record a batch's changes in one statement (inside the batch's transaction)."""
    AuditEvent.objects.bulk_create(rows, batch_size=500)


# --- Organisations and memberships --------------------------------------------------------

ORG_FIELDS = ("name", "short_name", "credit_code", "region_code", "phone", "fax", "email", "address",
              "postal_code", "office_hours", "website", "kind", "level")


def _org_snapshot(org: Organisation) -> dict[str, Any]:
    return {f: getattr(org, f) for f in ORG_FIELDS} | {"parent": org.parent_id}


def _require_admin(actor: Any, organisation: Organisation | None) -> None:
    if getattr(actor, "is_superuser", False):
        return
    if organisation is None or not has_role(actor, organisation, [Role.ADMIN]):
        raise DomainError("只有该机构或其上级政府的管理员可以维护机构和角色。", code="forbidden")


def organisation_create(*, actor: Any, parent: Organisation | None = None, **fields: Any) -> Organisation:
    """Create an organisation; the 统一社会信用代码 must pass GB 32100 and be unused."""
    _require_admin(actor, parent)
    code = str(fields.get("credit_code", "")).strip().upper()
    error = credit_code_error(code)
    if error:
        raise DomainError(error, code="credit_code", field="credit_code")
    if Organisation.objects.filter(credit_code=code).exists():
        raise DomainError(f"统一社会信用代码 {code} 已被其他机构使用，同一代码不能登记两次。",
                          code="duplicate_credit_code", field="credit_code")
    if parent is not None and "level" not in fields:
        fields["level"] = parent.level
    org = Organisation(parent=parent, **(fields | {"credit_code": code}))
    try:
        org.full_clean(exclude=["path", "parent"])
    except ValidationError as exc:
        raise DomainError("；".join(m for msgs in exc.message_dict.values() for m in msgs), code="invalid") from exc
    with transaction.atomic():
        org.save()
        audit(actor=actor, action=Action.ORGANISATION_CREATE, obj=org, organisation=org, after=_org_snapshot(org))
    return org


def organisation_update(*, actor: Any, organisation: Organisation, **fields: Any) -> Organisation:
    _require_admin(actor, organisation)
    before = _org_snapshot(organisation)
    if "credit_code" in fields:
        code = str(fields["credit_code"]).strip().upper()
        error = credit_code_error(code)
        if error:
            raise DomainError(error, code="credit_code", field="credit_code")
        if Organisation.objects.filter(credit_code=code).exclude(pk=organisation.pk).exists():
            raise DomainError(f"统一社会信用代码 {code} 已被其他机构使用。", code="duplicate_credit_code")
        fields["credit_code"] = code
    for key, value in fields.items():
        if key not in ORG_FIELDS:
            raise DomainError(f"不能修改字段 {key}。")
        setattr(organisation, key, value)
    with transaction.atomic():
        organisation.save()
        audit(actor=actor, action=Action.ORGANISATION_UPDATE, obj=organisation, organisation=organisation,
              before=before, after=_org_snapshot(organisation))
    return organisation


def organisation_move(*, actor: Any, organisation: Organisation, parent: Organisation | None,
                      reason: str) -> Organisation:
    """Put an organisation (with its whole subtree) under a new parent, e.g. after an institutional
    reform. The actor must administer both the old and the new parent; every path of the subtree
    changes in the same transaction as the audit row."""
    _require_admin(actor, organisation.parent or organisation)
    _require_admin(actor, parent)
    if not reason.strip():
        raise DomainError("调整上级机构必须填写理由（例如机构改革文件文号）。", field="reason")
    if parent is not None and parent.path.startswith(organisation.path):
        raise DomainError("不能把机构移到它自己或它的下级机构之下。", field="parent")
    before = {"parent": organisation.parent_id, "path": organisation.path}
    with transaction.atomic():
        organisation.parent = parent
        organisation.save()
        moved = Organisation.objects.filter(path__startswith=organisation.path).count()
        audit(actor=actor, action=Action.ORGANISATION_MOVE, obj=organisation, organisation=organisation,
              before=before, after={"parent": organisation.parent_id, "path": organisation.path, "subtree": moved},
              reason=reason)
    return organisation


def membership_grant(*, actor: Any, user: Any, organisation: Organisation, role: str) -> Membership:
    _require_admin(actor, organisation)
    if role not in Role.values:
        raise DomainError(f"未知角色：{role}。")
    with transaction.atomic():
        membership, created = Membership.objects.get_or_create(user=user, organisation=organisation, role=role)
        if created:
            audit(actor=actor, action=Action.MEMBERSHIP_GRANT, obj=membership, organisation=organisation,
                  after={"user": user.get_username(), "role": role})
    return membership


def membership_revoke(*, actor: Any, membership: Membership, reason: str) -> None:
    _require_admin(actor, membership.organisation)
    if not reason.strip():
        raise DomainError("撤销角色必须填写理由（例如岗位调整、离职）。", field="reason")
    with transaction.atomic():
        audit(actor=actor, action=Action.MEMBERSHIP_REVOKE, obj=membership, organisation=membership.organisation,
              before={"user": membership.user.get_username(), "role": membership.role}, reason=reason)
        membership.delete()


def user_create(*, actor: Any, username: str, password: str, full_name: str = "", email: str = "") -> Any:
    from django.contrib.auth.password_validation import validate_password

    if not (getattr(actor, "is_superuser", False) or (getattr(actor, "is_authenticated", False)
            and Membership.objects.filter(user=actor, role=Role.ADMIN).exists())):
        raise DomainError("只有管理员可以新建用户。", code="forbidden")
    User = get_user_model()
    if User.objects.filter(username=username).exists():
        raise DomainError(f"用户名 {username} 已存在。", code="duplicate_username")
    user = User(username=username, email=email, first_name=full_name)
    try:
        validate_password(password, user)
    except ValidationError as exc:
        raise DomainError("密码不符合要求：" + "；".join(exc.messages), code="weak_password") from exc
    user.set_password(password)
    with transaction.atomic():
        user.save()
        audit(actor=actor, action=Action.USER_CREATE, obj=user, after={"username": username})
    return user


# --- Working-day calendar -----------------------------------------------------------------

def _require_calendar_admin(actor: Any) -> None:
    # actor None is the system itself (migrations, `load_calendar`), run by an operator.
    if actor is None or getattr(actor, "is_superuser", False):
        return
    if not any(m.role == Role.ADMIN for m in Membership.objects.filter(user=actor)):
        raise DomainError("只有管理员可以修改工作日历。", code="forbidden")


def _announce_calendar_change(*, actor: Any, changed: list[date], reason: str) -> None:
    """Every open deadline depends on the calendar: listeners recompute theirs in this transaction."""
    if changed:
        calendar_changed.send(sender=WorkdayCalendar, actor=actor, dates=changed, reason=reason)


def calendar_set_day(*, actor: Any, day: date, is_workday: bool, name: str = "", reason: str) -> WorkdayCalendar:
    """Correct one day (e.g. a revised 节假日安排 notice). The reason is required and logged."""
    _require_calendar_admin(actor)
    if not reason.strip():
        raise DomainError("修改工作日历必须填写理由（例如所依据的国务院办公厅通知文号）。", field="reason")
    with transaction.atomic():
        row = WorkdayCalendar.objects.filter(date=day).first()
        before = {"is_workday": row.is_workday, "name": row.name} if row else None
        if row is None:
            row = WorkdayCalendar(date=day)
        row.is_workday = is_workday
        row.name = name
        row.source = WorkdayCalendar.Source.ADMIN
        row.updated_by = actor if getattr(actor, "is_authenticated", False) else None
        row.save()
        audit(actor=actor, action=Action.CALENDAR_SET_DAY, obj=row, before=before,
              after={"is_workday": is_workday, "name": name}, reason=reason)
        if before is None or before["is_workday"] != is_workday:
            _announce_calendar_change(actor=actor, changed=[day], reason=reason)
    return row


@dataclass(frozen=True)
class NoticeDay:
    day: date
    is_workday: bool
    name: str


_RANGE = re.compile(
    r"^\s*(\d{4}-\d{1,2}-\d{1,2})\s*(?:(?:\.\.|至|~|－|—|–)\s*(\d{4}-\d{1,2}-\d{1,2}))?\s*(.*)$"
)


def parse_notice_lines(year: int, text: str) -> list[NoticeDay]:
    """Parse the admin's transcription of a 节假日安排 notice.

    One line per holiday or make-up day: `2027-02-06..2027-02-12 春节` (a rest period) or
    `2027-02-14 调休上班` (a working weekend day: a name containing 上班 or 工作日).
    Raises DomainError naming the line for anything else.
    """
    result: list[NoticeDay] = []
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        match = _RANGE.match(line)
        if not match:
            raise DomainError(f"第 {number} 行无法识别：“{line}”。格式：2027-02-06..2027-02-12 春节，或 2027-02-14 调休上班。")
        try:
            first = date.fromisoformat(_pad(match.group(1)))
            last = date.fromisoformat(_pad(match.group(2))) if match.group(2) else first
        except ValueError as exc:
            raise DomainError(f"第 {number} 行的日期不存在：“{line}”。") from exc
        if last < first:
            raise DomainError(f"第 {number} 行的结束日期早于开始日期：“{line}”。")
        if first.year != year or last.year != year:
            raise DomainError(f"第 {number} 行的日期不在 {year} 年：“{line}”。")
        name = match.group(3).strip() or "节假日"
        working = "上班" in name or "工作日" in name
        day = first
        while day <= last:
            result.append(NoticeDay(day, working, name))
            day += timedelta(days=1)
    if not result:
        raise DomainError("没有读到任何日期：请逐行填写放假和调休上班的日期。")
    return result


def _pad(iso: str) -> str:
    y, m, d = iso.split("-")
    return f"{int(y):04d}-{int(m):02d}-{int(d):02d}"


def calendar_load_year(*, actor: Any, year: int, notice_text: str, reason: str,
                       source: str = WorkdayCalendar.Source.NOTICE) -> int:
    """Load (or replace) a whole year from the notice: weekdays work, weekends rest, except the
    listed days. Returns the number of days whose status changed; all open deadlines follow."""
    _require_calendar_admin(actor)
    if not 2000 <= year <= 2100:
        raise DomainError("年份应在 2000–2100 之间。")
    exceptions = {d.day: d for d in parse_notice_lines(year, notice_text)}
    if not reason.strip():
        raise DomainError("载入工作日历必须填写理由（例如：国办发明电〔2026〕X号）。", field="reason")
    return _write_year(actor=actor, year=year, exceptions=exceptions, reason=reason, source=source)


def _write_year(*, actor: Any, year: int, exceptions: dict[date, NoticeDay], reason: str, source: str) -> int:
    existing = {row.date: row for row in WorkdayCalendar.objects.filter(date__year=year)}
    user = actor if getattr(actor, "is_authenticated", False) else None
    changed: list[date] = []
    new_rows: list[WorkdayCalendar] = []
    with transaction.atomic():
        day = date(year, 1, 1)
        while day.year == year:
            special = exceptions.get(day)
            is_work = special.is_workday if special else day.weekday() < 5
            name = special.name if special else ""
            row = existing.get(day)
            if row is None:
                new_rows.append(WorkdayCalendar(date=day, is_workday=is_work, name=name, source=source,
                                                updated_by=user))
                changed.append(day)
            elif row.is_workday != is_work or row.name != name:
                if row.is_workday != is_work:
                    changed.append(day)
                row.is_workday, row.name, row.source, row.updated_by = is_work, name, source, user
                row.save()
            day += timedelta(days=1)
        WorkdayCalendar.objects.bulk_create(new_rows)
        audit(actor=actor, action=Action.CALENDAR_LOAD_YEAR, object_type="core.workdaycalendar", object_id=str(year),
              object_repr=f"{year} 年工作日历", after={"changed_days": len(changed), "special_days": len(exceptions)},
              reason=reason)
        _announce_calendar_change(actor=actor, changed=changed, reason=reason)
    return len(changed)


def calendar_load_from_package(*, actor: Any, years: list[int] | None = None) -> dict[int, int]:
    """Seed years from the `chinesecalendar` package (State Council notices as packaged)."""
    import chinese_calendar

    _require_calendar_admin(actor)

    available = sorted({d.year for d in chinese_calendar.holidays} | {d.year for d in chinese_calendar.workdays})
    todo = years or available
    result: dict[int, int] = {}
    for year in todo:
        if year not in available:
            raise DomainError(f"chinesecalendar 数据包没有 {year} 年的数据（已有 {available[0]}–{available[-1]} 年）。"
                              f"请在“工作日历”页面按国务院办公厅通知录入。")
        exceptions: dict[date, NoticeDay] = {}
        for day, holiday in chinese_calendar.holidays.items():
            if day.year == year:
                exceptions[day] = NoticeDay(day, False, _holiday_name(holiday))
        for day in chinese_calendar.workdays:
            if day.year == year and day.weekday() >= 5:
                exceptions[day] = NoticeDay(day, True, "调休上班")
        result[year] = _write_year(actor=actor, year=year, exceptions=exceptions,
                                   reason="chinesecalendar 数据包", source=WorkdayCalendar.Source.PACKAGE)
    return result


_HOLIDAY_NAMES = {
    "New Year's Day": "元旦", "Spring Festival": "春节", "Tomb-sweeping Day": "清明节",
    "Labour Day": "劳动节", "Dragon Boat Festival": "端午节", "National Day": "国庆节",
    "Mid-autumn Festival": "中秋节", "Anti-Fascist 70th Day": "抗战胜利70周年纪念日",
}


def _holiday_name(holiday: Any) -> str:
    english = getattr(holiday, "value", str(holiday))
    return _HOLIDAY_NAMES.get(english, english)
