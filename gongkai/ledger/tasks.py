"""The daily reminder job and the dashboard panel.

Each reminder is claimed by inserting a Reminder row under a unique constraint (task, kind, due): a
second run the same day, a retried job or two workers at once cannot send it twice, and a changed due
date earns a new reminder. "未按期完成" itself is never stored: the job only reads it.
"""

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
from gongkai.core.selectors import get_calendar, has_any_membership
from gongkai.core.workdays import workdays_between
from gongkai.ledger.models import LedgerTask, Reminder, Status

REMIND_BEFORE_WORKDAYS = 5  # a week of working days before the 完成时限


def _emails(orgs: list[Organisation], roles: list[str]) -> list[str]:
    ids = [o.pk for o in orgs]
    # A department's 工作机构 staff report for it too.
    ids += list(Organisation.objects.filter(parent_id__in=ids, kind=Organisation.Kind.OFFICE).values_list("pk", flat=True))
    members = Membership.objects.filter(organisation_id__in=ids, role__in=roles, user__is_active=True).select_related("user")
    return sorted({m.user.email for m in members if m.user.email})


def due_reminders(today: date | None = None) -> dict[str, list[str]]:
    """{email: [lines]} for tasks due within REMIND_BEFORE_WORKDAYS working days and tasks just overdue,
    each claimed once per (task, kind, due)."""
    today = today or timezone.localdate()
    calendar = get_calendar()
    mails: dict[str, list[str]] = {}
    open_tasks = (LedgerTask.objects.filter(due__isnull=False)
                  .exclude(status__in=[Status.DONE, Status.ONGOING])
                  .select_related("ledger__organisation", "lead_unit"))
    for task in open_tasks:
        assert task.due is not None
        if today > task.due:
            kind = Reminder.Kind.OVERDUE
            line = f"【未按期完成】{task.ledger.title} 第 {task.number} 项，完成时限 {task.due:%Y-%m-%d}：{task.text[:60]}"
        else:
            left = workdays_between(today, task.due, calendar)
            if left > REMIND_BEFORE_WORKDAYS:
                continue
            kind = Reminder.Kind.DUE_SOON
            line = f"【剩余 {left} 个工作日】{task.ledger.title} 第 {task.number} 项，完成时限 {task.due:%Y-%m-%d}：{task.text[:60]}"
        units = [task.lead_unit] if task.lead_unit else [task.ledger.organisation]
        recipients = _emails(units, [Role.OFFICER, Role.SUPERVISOR])
        if kind == Reminder.Kind.OVERDUE:
            recipients = sorted(set(recipients) | set(_emails([task.ledger.organisation], [Role.SUPERVISOR])))
        try:
            with transaction.atomic():
                Reminder.objects.create(task=task, kind=kind, due=task.due, recipients=recipients)
        except IntegrityError:
            continue  # already claimed by an earlier run
        for email in recipients:
            mails.setdefault(email, []).append(line)
    return mails


def send_due_reminders(today: date | None = None) -> int:
    mails = due_reminders(today)
    for email, lines in mails.items():
        send_mail("【工作台账】即将到期和未按期完成的任务", "\n".join(lines), None, [email])
    return len(mails)


@db_periodic_task(crontab(hour="8", minute="40"))
def daily_ledger_reminders() -> None:
    send_due_reminders()


def dashboard_panel(user: Any) -> Panel | None:
    if not has_any_membership(user):
        return None
    from gongkai.ledger.selectors import my_tasks, status_of

    today = timezone.localdate()
    tasks = list(my_tasks(user)[:500])
    overdue = sum(1 for t in tasks if status_of(t, today) == "overdue")
    open_count = sum(1 for t in tasks if t.status not in (Status.DONE,))
    return Panel(title="工作台账", order=40,
                 items=[("本单位承担的任务", str(open_count), "/staff/ledger/mine/"),
                        ("未按期完成", str(overdue), "/staff/ledger/overview/")],
                 alert=f"本单位有 {overdue} 项台账任务已过完成时限。" if overdue else "")
