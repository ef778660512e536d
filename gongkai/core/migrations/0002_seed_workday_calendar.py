"""Seed WorkdayCalendar from the chinesecalendar package so every database starts with the
State Council's holiday notices (2004 to the package's last year). Later corrections go
through services.calendar_* and are audited; this runs once."""

from datetime import date, timedelta

from django.db import migrations


def seed(apps, schema_editor):
    import chinese_calendar

    from gongkai.core.services import _holiday_name

    WorkdayCalendar = apps.get_model("core", "WorkdayCalendar")
    years = sorted({d.year for d in chinese_calendar.holidays} | {d.year for d in chinese_calendar.workdays})
    existing = set(WorkdayCalendar.objects.values_list("date", flat=True))
    rows = []
    day, last = date(years[0], 1, 1), date(years[-1], 12, 31)
    while day <= last:
        if day not in existing:
            if day in chinese_calendar.holidays:
                is_work, name = False, _holiday_name(chinese_calendar.holidays[day])
            elif day in chinese_calendar.workdays and day.weekday() >= 5:
                is_work, name = True, "调休上班"
            else:
                is_work, name = day.weekday() < 5, ""
            rows.append(WorkdayCalendar(date=day, is_workday=is_work, name=name, source="chinesecalendar"))
        day += timedelta(days=1)
    WorkdayCalendar.objects.bulk_create(rows, batch_size=2000)


class Migration(migrations.Migration):
    dependencies = [("core", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
