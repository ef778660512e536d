"""Periodic jobs of the foundation (huey; run by `manage.py run_huey`)."""

from __future__ import annotations

import logging
from datetime import date

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.utils import timezone
from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from gongkai.core.claims import claim_one
from gongkai.core.models import JobClaim, Membership, Role
from gongkai.core.selectors import get_calendar

log = logging.getLogger(__name__)


def next_year_calendar_reminder(today: date) -> list[str]:
    """From 1 December, remind admins every day until next year's calendar is loaded.

    The State Council publishes the holiday notice in November/December; until it is loaded every
    deadline reaching into January is only provisional (weekends alone). Returns the recipients.
    """
    next_year = today.year + 1
    if today.month != 12 or get_calendar().is_loaded(next_year):
        return []
    User = get_user_model()
    admin_ids = Membership.objects.filter(role=Role.ADMIN).values_list("user_id", flat=True)
    recipients = sorted({
        u.email for u in User.objects.filter(is_active=True).filter(pk__in=admin_ids) if u.email
    } | {u.email for u in User.objects.filter(is_superuser=True, is_active=True) if u.email})
    # Once a day, even with two workers at once: the day is claimed by an insert only one run gets.
    claimed = bool(recipients) and claim_one(JobClaim(job="calendar_reminder", key=today.isoformat()))
    if claimed:
        send_mail(
            subject=f"【提醒】{next_year} 年工作日历尚未载入",
            message=(f"{next_year} 年工作日历尚未载入，跨入 {next_year} 年的期限目前只按周末推算（暂定）。\n"
                     f"国务院办公厅发布节假日安排通知后，请在 {settings.SITE_URL}/staff/calendar/load/ 录入。"),
            from_email=None, recipient_list=recipients,
        )
    log.warning("calendar for %s not loaded", next_year, extra={"recipients": len(recipients)})
    return recipients if claimed else []


@db_periodic_task(crontab(hour="8", minute="0"))
def remind_next_year_calendar() -> None:
    next_year_calendar_reminder(timezone.localdate())
