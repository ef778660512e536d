from __future__ import annotations

from datetime import date

import pytest

from gongkai.core.exceptions import DomainError
from gongkai.core.models import AuditEvent, WorkdayCalendar
from gongkai.core.selectors import get_calendar
from gongkai.core.services import calendar_load_year, calendar_set_day, parse_notice_lines
from gongkai.core.signals import calendar_changed
from gongkai.core.workdays import add_workdays

NOTICE_2027 = """
# 国务院办公厅关于2027年部分节假日安排的通知（演示）
2027-01-01..2027-01-03 元旦
2027-02-06 至 2027-02-12 春节
2027-02-14 调休上班
"""


def test_migration_seeded_years_from_package(db) -> None:
    cal = get_calendar()
    assert {2004, 2026} <= cal.loaded_years and 2027 not in cal.loaded_years
    assert WorkdayCalendar.objects.get(date=date(2026, 10, 1)).name == "国庆节"


def test_load_year_makes_2027_final_and_announces_change(cast) -> None:
    heard: list[list[date]] = []

    def listener(sender, **kwargs) -> None:
        heard.append(kwargs["dates"])

    calendar_changed.connect(listener)
    try:
        provisional = add_workdays(date(2026, 12, 10), 20, get_calendar())
        changed = calendar_load_year(actor=cast.admin, year=2027, notice_text=NOTICE_2027, reason="国办发明电〔2026〕X号")
    finally:
        calendar_changed.disconnect(listener)
    assert changed == 365 and len(heard) == 1
    final = add_workdays(date(2026, 12, 10), 20, get_calendar())
    assert provisional.provisional and not final.provisional
    assert final.result == date(2027, 1, 8)  # 01-01 is now 元旦: one day later than the provisional 01-07
    assert WorkdayCalendar.objects.get(date=date(2027, 2, 14)).is_workday
    assert AuditEvent.objects.get(action="calendar.load_year").reason == "国办发明电〔2026〕X号"


@pytest.mark.parametrize(("text", "needle"), [
    ("2027-02-30 春节", "日期不存在"),
    ("2026-10-01 国庆节", "不在 2027 年"),
    ("明天放假", "无法识别"),
    ("2027-02-12..2027-02-06 春节", "早于开始日期"),
    ("", "没有读到任何日期"),
])
def test_bad_notice_input_changes_nothing(cast, text: str, needle: str) -> None:
    count = WorkdayCalendar.objects.count()
    with pytest.raises(DomainError) as info:
        calendar_load_year(actor=cast.admin, year=2027, notice_text=text, reason="测试")
    assert needle in str(info.value)
    assert WorkdayCalendar.objects.count() == count


def test_parse_notice_marks_makeup_days_as_work() -> None:
    days = {d.day: d for d in parse_notice_lines(2027, NOTICE_2027)}
    assert days[date(2027, 2, 14)].is_workday and not days[date(2027, 2, 8)].is_workday


def test_set_day_requires_reason_and_admin(cast) -> None:
    with pytest.raises(DomainError):
        calendar_set_day(actor=cast.admin, day=date(2026, 10, 9), is_workday=False, reason=" ")
    with pytest.raises(DomainError):
        calendar_set_day(actor=cast.officer_a, day=date(2026, 10, 9), is_workday=False, reason="越权")
    assert WorkdayCalendar.objects.get(date=date(2026, 10, 9)).is_workday


def test_set_day_corrects_and_moves_deadlines(cast) -> None:
    before = add_workdays(date(2026, 9, 30), 20, get_calendar()).result
    calendar_set_day(actor=cast.admin, day=date(2026, 10, 9), is_workday=False, name="更正", reason="通知修订")
    assert add_workdays(date(2026, 9, 30), 20, get_calendar()).result > before
    event = AuditEvent.objects.get(action="calendar.set_day")
    assert event.before == {"is_workday": True, "name": ""} and event.after["is_workday"] is False


def test_calendar_pages(cast, client) -> None:
    client.force_login(cast.admin)
    page = client.get("/staff/calendar/", {"year": 2026, "start": "2026-09-30", "days": 20}).content.decode()
    assert "2026年11月3日" in page and "国庆节" in page
    page = client.get("/staff/calendar/", {"year": 2027}).content.decode()
    assert "2027 年工作日历未载入" in page
    response = client.post("/staff/calendar/load/submit/", {"year": 2027, "notice": "2027-02-30 春节", "reason": "x"})
    assert response.status_code == 400 and "日期不存在" in response.content.decode()
    assert "2027-02-30 春节" in response.content.decode()  # what the admin typed is kept
