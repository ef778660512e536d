"""Reads for 政务新媒体: the public directory, the staff registry within the viewer's scope, the
supervisor's queue of 备案 to decide, open warnings and the dashboard figures."""

from __future__ import annotations

from collections import Counter
from datetime import date, datetime, timedelta
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from gongkai.core.charts import Chart, Series
from gongkai.core.models import Role
from gongkai.core.selectors import first_or_404, has_role, visible_org_ids
from gongkai.newmedia.models import Account, AccountStatus, Filing, Platform, Post, Warning


def public_accounts(*, platform: str = "") -> QuerySet[Account]:
    """The public directory: accounts in operation (开设已备案, not 关停/注销/整合)."""
    accounts = Account.objects.filter(status=AccountStatus.ACTIVE).select_related("organisation")
    if platform in Platform.values:
        accounts = accounts.filter(platform=platform)
    return accounts.order_by("organisation__path", "platform", "name")


def staff_accounts(user: Any, *, status: str = "", platform: str = "", q: str = "") -> QuerySet[Account]:
    accounts = Account.objects.filter(organisation_id__in=visible_org_ids(user)).select_related("organisation")
    if status in AccountStatus.values:
        accounts = accounts.filter(status=status)
    if platform in Platform.values:
        accounts = accounts.filter(platform=platform)
    if q:
        accounts = accounts.filter(Q(name__icontains=q) | Q(account_id__icontains=q) | Q(sponsor__icontains=q))
    return accounts.annotate(open_warnings=Count("warnings", filter=Q(warnings__resolved_on__isnull=True))).order_by(
        "organisation__path", "platform", "name", "pk")


def staff_account(user: Any, pk: int) -> Account:
    return first_or_404(Account.objects.filter(pk=pk, organisation_id__in=visible_org_ids(user))
                        .select_related("organisation", "merged_into"))


def staff_filing(user: Any, pk: int) -> Filing:
    return first_or_404(Filing.objects.filter(pk=pk, account__organisation_id__in=visible_org_ids(user))
                        .select_related("account__organisation"))


def staff_warning(user: Any, pk: int) -> Warning:
    return first_or_404(Warning.objects.filter(pk=pk, account__organisation_id__in=visible_org_ids(user))
                        .select_related("account__organisation"))


def filings_to_decide(user: Any) -> list[Filing]:
    """Pending 备案 the user may approve (主管部门 or 管理员 over the account's unit)."""
    pending = Filing.objects.filter(status=Filing.Status.PENDING,
                                    account__organisation_id__in=visible_org_ids(user)).select_related(
        "account__organisation").order_by("requested_at")
    return [f for f in pending if has_role(user, f.account.organisation, [Role.SUPERVISOR, Role.ADMIN])]


def open_warnings(user: Any, *, kind: str = "", severity: str = "") -> QuerySet[Warning]:
    warnings = Warning.objects.filter(resolved_on__isnull=True,
                                      account__organisation_id__in=visible_org_ids(user)).select_related(
        "account__organisation", "post", "message")
    if kind in Warning.Kind.values:
        warnings = warnings.filter(kind=kind)
    if severity in Warning.Severity.values:
        warnings = warnings.filter(severity=severity)
    return warnings.order_by("-severity", "-detected_on", "account__name")


def duplicate_groups(user: Any) -> list[tuple[str, str, list[Account]]]:
    """(unit, platform label, accounts) where one unit runs several live accounts on one platform."""
    from gongkai.newmedia.rules import duplicate_platforms

    live = list(staff_accounts(user, status=AccountStatus.ACTIVE))
    groups = duplicate_platforms((a.pk, a.organisation_id, a.platform) for a in live)
    by_id = {a.pk: a for a in live}
    return [(by_id[ids[0]].organisation.name, Platform(platform).label, [by_id[i] for i in ids])
            for (_org, platform), ids in groups.items()]


def dashboard(user: Any, today: date | None = None) -> dict[str, Any]:
    """Counts by status and warnings by kind, with weekly posting history for the last 12 weeks."""
    today = today or timezone.localdate()
    accounts = staff_accounts(user)
    by_status = Counter(accounts.values_list("status", flat=True))
    warnings = open_warnings(user)
    by_kind = Counter(warnings.values_list("kind", flat=True))
    serious = warnings.filter(severity=Warning.Severity.SERIOUS).count()
    status_chart = Chart(title="账号状态", chart_id="nm-status", labels=[s.label for s in AccountStatus],
                         series=[Series("账号数", [by_status.get(s.value, 0) for s in AccountStatus])])
    kind_chart = Chart(title="未处理预警（按类别）", chart_id="nm-warnings", labels=[k.label for k in Warning.Kind],
                       series=[Series("预警数", [by_kind.get(k.value, 0) for k in Warning.Kind])])
    start = today - timedelta(days=today.weekday() + 7 * 11)
    weeks = [start + timedelta(days=7 * i) for i in range(12)]
    posted: Counter[int] = Counter()
    since = timezone.make_aware(datetime.combine(start, datetime.min.time()))
    for when in Post.objects.filter(account__in=accounts, published_at__gte=since).values_list("published_at", flat=True):
        day = timezone.localdate(when)
        posted[(day - start).days // 7] += 1
    history = Chart(title="近 12 周发布数量", chart_id="nm-history", kind="line",
                    labels=[f"{w:%m-%d}" for w in weeks], series=[Series("发布条数", [posted.get(i, 0) for i in range(12)])])
    return {"by_status": by_status, "total": sum(by_status.values()), "open_warnings": sum(by_kind.values()),
            "serious": serious, "charts": [status_chart, kind_chart, history]}
