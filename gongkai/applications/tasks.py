"""Daily alerts: officers and their supervisors hear of requests due within 3 working days and of
overdue ones. A request is announced once per day and level, claimed by an insert that a unique
constraint admits once (core.claims), so two runs at once never both mail."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.mail import send_mail
from django.utils import timezone
from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from gongkai.applications.models import OPEN_STATES, PAUSED_STATES, Application
from gongkai.core.claims import claim_one
from gongkai.core.dashboard import Panel
from gongkai.core.models import Membership, Role
from gongkai.core.selectors import get_calendar, has_any_membership
from gongkai.core.workdays import workdays_between


def due_alerts(today: date | None = None) -> dict[str, list[str]]:
    """{email: [lines]} for every officer/supervisor with requests due within 3 working days or overdue."""
    from gongkai.applications.models import ApplicationEvent

    today = today or timezone.localdate()
    calendar = get_calendar()
    active = [s for s in OPEN_STATES if s not in PAUSED_STATES]
    mails: dict[str, list[str]] = {}
    for app in Application.objects.filter(state__in=active, reply_due__isnull=False).select_related("organisation"):
        assert app.reply_due is not None
        left = workdays_between(today, app.reply_due, calendar)
        if left > 3:
            continue
        level = "overdue" if left < 0 else "due_soon"
        # One alert per request, day and level, claimed by an insert that the unique constraint
        # uniq_application_alert_per_day lets through once: a second run, at once or later the same
        # day, skips. The claim commits before the mail: a crash in between loses that day's alert,
        # never doubles it (the next day alerts again).
        claim = ApplicationEvent(application=app, kind=f"alert_{level}", on_date=today, actor_name="系统", actor_role="系统",
                                 from_state=app.state, to_state=app.state, reason=f"剩余 {left} 个工作日")
        if not claim_one(claim):
            continue
        line = (f"{app.number} {app.name}：{'已逾期' if left < 0 else f'剩余 {left} 个工作日'}，"
                f"答复期限 {app.reply_due:%Y-%m-%d}（{app.organisation.name}）")
        orgs = [app.organisation_id]
        org = app.organisation
        while org.parent_id:
            org = org.parent  # type: ignore[assignment]
            orgs.append(org.pk)
        members = Membership.objects.filter(
            organisation_id__in=orgs, role__in=[Role.OFFICER, Role.SUPERVISOR]).select_related("user")
        for m in members:
            if m.role == Role.OFFICER and m.organisation_id != app.organisation_id:
                continue
            if m.user.email:
                mails.setdefault(m.user.email, []).append(line)
    return mails


def send_due_alerts(today: date | None = None) -> int:
    mails = due_alerts(today)
    for email, lines in mails.items():
        send_mail("【依申请公开】即将到期和已逾期的申请", "\n".join(lines), None, [email])
    return len(mails)


@db_periodic_task(crontab(hour="8", minute="30"))
def daily_due_alerts() -> None:
    send_due_alerts()


def dashboard_panel(user: Any) -> Panel | None:
    if not has_any_membership(user):
        return None
    from gongkai.applications.selectors import overdue, staff_applications

    open_count = staff_applications(user, state="open").count()
    late = overdue(user).count()
    return Panel(title="依申请公开", order=20,
                 items=[("在办申请", str(open_count), "/staff/applications/"),
                        ("逾期未答复", str(late), "/staff/applications/overview/")],
                 alert=f"有 {late} 件申请已超过法定答复期限（条例第三十三条）。" if late else "")
