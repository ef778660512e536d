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


def test_the_reminder_is_mailed_once_a_day(cast) -> None:
    cast.admin.email = "admin@qingxi.gov.cn"
    cast.admin.save()
    assert next_year_calendar_reminder(date(2026, 12, 1)) == ["admin@qingxi.gov.cn"]
    assert next_year_calendar_reminder(date(2026, 12, 1)) == []  # a second run the same day
    assert len(mail.outbox) == 1
    assert next_year_calendar_reminder(date(2026, 12, 2)) == ["admin@qingxi.gov.cn"]  # and again the next day


def test_two_workers_at_once_mail_the_reminder_once(transactional_db, cast, tmp_path) -> None:
    from gongkai.core.tests.processes import run_twice_at_once

    cast.admin.email = "admin@qingxi.gov.cn"
    cast.admin.save()
    runs = run_twice_at_once("from datetime import date\nfrom gongkai.core.tasks import next_year_calendar_reminder\n"
                             "next_year_calendar_reminder(date(2026, 12, 1))", tmp_path)
    assert [m["to"] for m in runs.mails] == [["admin@qingxi.gov.cn"]]
    assert runs.rows("SELECT job, key FROM core_jobclaim") == [("calendar_reminder", "2026-12-01")]
