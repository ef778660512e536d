"""tasks.send_due_alerts: officers hear of requests due within 3 working days, once a day."""

from __future__ import annotations

from datetime import date

from django.core import mail

from gongkai.applications.tasks import send_due_alerts


def test_daily_alerts_mail_once(app, cast) -> None:
    cast.officer_a.email = "officer@example.com"
    cast.officer_a.save()
    assert send_due_alerts(date(2026, 10, 30)) == 1  # 2 working days left (due 2026-11-03)
    assert "剩余 2 个工作日" in mail.outbox[0].body
    assert send_due_alerts(date(2026, 10, 30)) == 0  # not twice the same day
