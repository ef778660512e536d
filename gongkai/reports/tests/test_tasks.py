"""Deadlines of 条例第四十九条: reminders in January (departments) and March (governments and late
departments), once per organisation and month; the supervisor's panel of who is late."""

from __future__ import annotations

from datetime import date

from django.core import mail

from gongkai.reports import services, tasks
from gongkai.reports.models import Reminder

MANUAL = {"licensing": "1", "penalty": "0", "enforcement": "0", "fees": "0"}


def test_january_reminds_departments_once(cast) -> None:
    cast.officer_a.email = "a@example.com"
    cast.officer_a.save()
    cast.officer_b.email = "b@example.com"
    cast.officer_b.save()
    report = services.report_create(actor=cast.officer_b, organisation=cast.dept_b, year=2025)
    services.report_update(actor=cast.officer_b, report=report, manual=MANUAL)
    services.report_publish(actor=cast.supervisor, report=report)  # dept_b is done
    sent = tasks.send_reminders(today=date(2026, 1, 10))
    assert sent == 1  # dept_a only: the government is not reminded in January
    assert [m.to for m in mail.outbox] == [["a@example.com"]]
    assert "青溪县财政局2025年政府信息公开工作年度报告尚未发布" in mail.outbox[0].body
    assert "截止日期为2026年01月31日" in mail.outbox[0].body
    assert tasks.send_reminders(today=date(2026, 1, 20)) == 0  # once a month
    assert Reminder.objects.count() == 1


def test_march_reminds_governments_and_late_departments(cast) -> None:
    found = {org.name: text for org, text in tasks.due_reminders(today=date(2026, 3, 2))}
    assert set(found) == {"青溪县人民政府", "青溪县财政局", "青溪县市场监督管理局"}
    assert "已逾期 30 天" in found["青溪县财政局"] and "截止日期为2026年03月31日" in found["青溪县人民政府"]
    assert tasks.due_reminders(today=date(2026, 2, 10)) == []  # no reminders outside January and March


def test_supervisor_panel_lists_who_is_late(cast) -> None:
    panel = tasks.dashboard_panel(cast.supervisor)
    assert panel is not None and "逾期未发布年度报告" in panel.alert
    assert any("青溪县财政局" in label for label, _v, _u in panel.items)
    assert tasks.dashboard_panel(cast.officer_a) is None
    assert tasks.dashboard_panel(cast.nobody) is None


def test_column_entries_list_published_reports(cast) -> None:
    assert tasks.column_entries() == []
    report = services.report_create(actor=cast.officer_a, organisation=cast.dept_a, year=2025)
    services.report_update(actor=cast.officer_a, report=report, manual=MANUAL)
    services.report_publish(actor=cast.publisher_a, report=report)
    [(title, url, _when)] = tasks.column_entries()
    assert title == "青溪县财政局2025年政府信息公开工作年度报告" and url == f"/reports/{report.pk}/"
