"""Reads and the access rule every app uses: which organisations a user may see and act for.

Objects outside a user's scope answer 404 (NotFoundError), never 403, so ids cannot be probed
(healthchecks `_get_check_for_user`). Other apps call `visible_org_ids` / `require_role`
instead of reading Membership themselves.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any, TypeVar

from django.db.models import Count, Max, Model, Q, QuerySet

from gongkai.core.exceptions import NotFoundError, PermissionDeniedError
from gongkai.core.models import AuditEvent, Membership, Organisation, Role, WorkdayCalendar
from gongkai.core.workdays import Calendar

M = TypeVar("M", bound=Model)


def _memberships(user: Any) -> list[Membership]:
    if not getattr(user, "is_authenticated", False):
        return []
    cached = getattr(user, "_gongkai_memberships", None)
    if cached is None:
        cached = list(Membership.objects.filter(user=user).select_related("organisation"))
        user._gongkai_memberships = cached
    return cached


def user_roles(user: Any) -> list[tuple[Organisation, str]]:
    return [(m.organisation, m.role) for m in _memberships(user)]


def has_any_membership(user: Any) -> bool:
    return bool(getattr(user, "is_superuser", False)) or bool(_memberships(user))


def visible_orgs(user: Any) -> QuerySet[Organisation]:
    """Organisations whose internal records the user may see.

    A member sees its own organisation; a 主管部门 (supervisor) or 管理员 of a government sees
    its whole subtree (departments and their 工作机构); a superuser sees all.
    """
    if getattr(user, "is_superuser", False):
        return Organisation.objects.all()
    members = _memberships(user)
    if not members:
        return Organisation.objects.none()
    cond = Q(pk__in=[m.organisation_id for m in members])
    for m in members:
        if m.role in (Role.SUPERVISOR, Role.ADMIN):
            cond |= Q(path__startswith=m.organisation.path)
    return Organisation.objects.filter(cond)


def visible_org_ids(user: Any) -> set[int]:
    return set(visible_orgs(user).values_list("pk", flat=True))


def has_role(user: Any, organisation: Organisation, roles: Iterable[str]) -> bool:
    """Whether the user holds one of `roles` for `organisation` (supervisor/admin roles reach down)."""
    if getattr(user, "is_superuser", False):
        return True
    wanted = set(roles)
    for m in _memberships(user):
        if m.role not in wanted:
            continue
        if m.organisation_id == organisation.pk:
            return True
        if m.role in (Role.SUPERVISOR, Role.ADMIN) and organisation.path.startswith(m.organisation.path):
            return True
    return False


def first_or_404(queryset: QuerySet[M]) -> M:
    """The queryset's first row, else NotFoundError: a row outside the user's scope answers 404, the same
    as a missing one."""
    row = queryset.first()
    if row is None:
        raise NotFoundError()
    return row


def require_visible(user: Any, organisation: Organisation) -> None:
    """404 unless the organisation is within the user's scope."""
    if organisation.pk not in visible_org_ids(user):
        raise NotFoundError()


def require_role(user: Any, organisation: Organisation, roles: Iterable[str], *, action: str) -> None:
    """404 outside scope; 403 with a message naming the needed role inside it."""
    require_visible(user, organisation)
    roles = list(roles)
    if not has_role(user, organisation, roles):
        names = "、".join(Role(r).label for r in roles)
        raise PermissionDeniedError(f"{action}需要“{names}”角色。")


def organisation_for(user: Any, pk: int) -> Organisation:
    """An organisation within the user's scope, else 404 (same answer as a missing one)."""
    return first_or_404(visible_orgs(user).filter(pk=pk))


def members_of(organisation: Organisation) -> QuerySet[Membership]:
    return Membership.objects.filter(organisation=organisation).select_related("user").order_by("role")


def organisation_by_code(code: str) -> Organisation:
    org = Organisation.objects.filter(credit_code=code.strip().upper()).first()
    if org is None:
        raise NotFoundError(f"没有统一社会信用代码为 {code} 的机构。")
    return org


def audit_events(user: Any, *, action: str = "", org_id: int | None = None, q: str = "",
                 since: date | None = None, until: date | None = None) -> QuerySet[AuditEvent]:
    events = AuditEvent.objects.select_related("organisation")
    if not getattr(user, "is_superuser", False):
        events = events.filter(Q(organisation_id__in=visible_org_ids(user)) | Q(actor=user))
    if action:
        events = events.filter(action=action)
    if org_id:
        events = events.filter(organisation_id=org_id)
    if q:
        events = events.filter(Q(object_repr__icontains=q) | Q(actor_name__icontains=q) | Q(reason__icontains=q))
    if since:
        events = events.filter(created_at__date__gte=since)
    if until:
        events = events.filter(created_at__date__lte=until)
    return events


# --- Working-day calendar ----------------------------------------------------------------

_calendar_cache: dict[str, Any] = {"version": None, "calendar": None}


def calendar_version() -> tuple[int, str]:
    agg = WorkdayCalendar.objects.aggregate(n=Count("id"), last=Max("updated_at"))
    return int(agg["n"] or 0), str(agg["last"])


def get_calendar() -> Calendar:
    """The calendar as loaded in the database, rebuilt only when a row changed (one cheap query)."""
    version = calendar_version()
    if _calendar_cache["version"] != version:
        rows = WorkdayCalendar.objects.values_list("date", "is_workday", "name")
        days: dict[date, bool] = {}
        names: dict[date, str] = {}
        for day, is_work, name in rows:
            days[day] = is_work
            if name:
                names[day] = name
        _calendar_cache["calendar"] = Calendar(days, names)
        _calendar_cache["version"] = version
    calendar: Calendar = _calendar_cache["calendar"]
    return calendar


def loaded_calendar_years() -> list[int]:
    return sorted(get_calendar().loaded_years)


def calendar_days(year: int) -> QuerySet[WorkdayCalendar]:
    return WorkdayCalendar.objects.filter(date__year=year).order_by("date")
