"""Deadlines of 条例第四十九条 at work: a periodic reminder in January and March to every office whose
report on the previous year is not yet published, the supervisor's dashboard panel listing who is
late, and the 专栏 年报 column's entries."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.utils import timezone
from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from gongkai.core.dashboard import Panel
from gongkai.core.models import Membership, Organisation, Role
from gongkai.core.selectors import has_any_membership, user_roles
from gongkai.core.services import audit
from gongkai.reports import rules, selectors
from gongkai.reports.models import Action, Reminder

RECIPIENT_ROLES = [Role.OFFICER, Role.PUBLISHER, Role.ADMIN]


def due_reminders(today: date | None = None) -> list[tuple[Organisation, str]]:
    """(organisation, message) for every active government or department whose report on last year is
    unpublished, in a month when its kind is reminded (January and March)."""
    today = today or timezone.localdate()
    year = today.year - 1
    orgs = Organisation.objects.filter(is_active=True).exclude(kind=Organisation.Kind.OFFICE).order_by("path")
    found = []
    for row in selectors.deadline_rows(orgs, year, today):
        if row.report is not None and row.report.is_published:
            continue
        if today.month not in rules.reminder_months(row.organisation.kind):
            continue
        when = f"{row.due:%Y年%m月%d日}"
        state = f"已逾期 {row.late_days} 天" if row.late_days else f"截止日期为{when}"
        found.append((row.organisation, f"{row.organisation.name}{year}年政府信息公开工作年度报告尚未发布，{state}"
                                        f"（条例第四十九条：部门于1月31日前、人民政府于3月31日前发布）。"))
    return found


def send_reminders(today: date | None = None) -> int:
    """Send each due reminder once per organisation, year and month (claimed by a unique row)."""
    today = today or timezone.localdate()
    sent = 0
    for org, message in due_reminders(today):
        offices = list(Organisation.objects.filter(parent=org, kind=Organisation.Kind.OFFICE).values_list("pk", flat=True))
        emails = sorted({m.user.email for m in Membership.objects.filter(
            organisation_id__in=[org.pk, *offices], role__in=RECIPIENT_ROLES).select_related("user") if m.user.email})
        try:
            with transaction.atomic():
                Reminder.objects.create(organisation=org, year=today.year - 1, month=today.month, sent_on=today,
                                        recipients=len(emails))
                audit(actor=None, action=Action.REMIND, organisation=org, object_type="reports.reminder",
                      object_repr=f"{org.name}{today.year - 1}年度报告", reason=message)
        except IntegrityError:
            continue  # already reminded this month
        if emails:
            send_mail("【年度报告】请按期发布政府信息公开工作年度报告", message, None, emails)
        sent += 1
    return sent


@db_periodic_task(crontab(month="1,3", hour="9", minute="0"))
def periodic_report_reminders() -> None:
    send_reminders()


def dashboard_panel(user: Any) -> Panel | None:
    """For supervisors and admins: whose report on last year is late."""
    if not has_any_membership(user):
        return None
    if not getattr(user, "is_superuser", False) and not any(
            role in (Role.SUPERVISOR, Role.ADMIN) for _org, role in user_roles(user)):
        return None
    today = timezone.localdate()
    late = selectors.late_rows(user, today)
    items = [(f"{r.organisation.name}（{r.due:%m月%d日}截止）", f"逾期 {r.late_days} 天", "/staff/reports/deadlines/")
             for r in late[:8]]
    items.append(("年度报告与截止日期", "查看", "/staff/reports/deadlines/"))
    return Panel(title=f"{today.year - 1}年度政府信息公开工作年度报告", items=items, order=30,
                 alert=f"{len(late)} 个单位逾期未发布年度报告（条例第四十九条）。" if late else "")


def column_entries() -> list[tuple[str, str, str]]:
    """Published reports in the 专栏's 政府信息公开工作年度报告 column, newest first."""
    return [(r.title, f"/reports/{r.pk}/", f"{timezone.localtime(r.published_at):%Y-%m-%d}" if r.published_at else "")
            for r in selectors.published_reports()[:50]]
