from __future__ import annotations

from datetime import date

from django.core import mail

from gongkai.core.tasks import next_year_calendar_reminder


def test_december_reminder_mails_admins_until_next_year_is_loaded(cast) -> None:
    cast.admin.email = "admin@qingxi.gov.cn"
    cast.admin.save()
    assert next_year_calendar_reminder(date(2026, 11, 30)) == []
    assert next_year_calendar_reminder(date(2026, 12, 1)) == ["admin@qingxi.gov.cn"]
    assert "2027 年工作日历尚未载入" in mail.outbox[0].subject
    assert next_year_calendar_reminder(date(2025, 12, 1)) == []  # 2026 is loaded
