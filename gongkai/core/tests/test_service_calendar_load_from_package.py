"""calendar_load_from_package: an administrator (or the system, actor None: `load_calendar`) loads years from
the chinesecalendar package; wrong days are corrected, the year's audit row is written, deadlines follow."""

from __future__ import annotations

from datetime import date

import pytest

from gongkai.core.exceptions import DomainError
from gongkai.core.models import AuditEvent, WorkdayCalendar
from gongkai.core.services import calendar_load_from_package


def test_the_package_corrects_a_wrong_day_and_audits_the_year(cast) -> None:
    # 2026-10-01 (国庆节) wrongly marked as a working day: the package puts it back.
    WorkdayCalendar.objects.update_or_create(date=date(2026, 10, 1), defaults={"is_workday": True, "name": ""})
    result = calendar_load_from_package(actor=cast.admin, years=[2026])
    assert result == {2026: 1}
    day = WorkdayCalendar.objects.get(date=date(2026, 10, 1))
    assert (day.is_workday, day.name, day.source) == (False, "国庆节", WorkdayCalendar.Source.PACKAGE)
    assert day.updated_by == cast.admin
    assert WorkdayCalendar.objects.filter(date__year=2026).count() == 365
    row = AuditEvent.objects.get(action="calendar.load_year", object_id="2026")
    assert row.actor == cast.admin and row.reason == "chinesecalendar 数据包" and row.after["changed_days"] == 1


def test_the_system_may_load(cast) -> None:
    assert calendar_load_from_package(actor=None, years=[2026]) == {2026: 0}
    assert AuditEvent.objects.get(action="calendar.load_year").actor_name == "系统"


@pytest.mark.parametrize("who", ["officer_a", "supervisor", "nobody"])
def test_only_an_admin_loads_the_calendar(cast, who) -> None:
    WorkdayCalendar.objects.update_or_create(date=date(2026, 10, 1), defaults={"is_workday": True, "name": ""})
    with pytest.raises(DomainError, match="只有管理员可以修改工作日历"):
        calendar_load_from_package(actor=getattr(cast, who), years=[2026])
    assert WorkdayCalendar.objects.get(date=date(2026, 10, 1)).is_workday is True
    assert not AuditEvent.objects.filter(action="calendar.load_year").exists()


def test_a_year_the_package_lacks_is_refused(cast) -> None:
    with pytest.raises(DomainError, match="chinesecalendar 数据包没有 2099 年的数据"):
        calendar_load_from_package(actor=cast.admin, years=[2099])
    assert not AuditEvent.objects.filter(action="calendar.load_year").exists()
