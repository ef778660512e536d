from __future__ import annotations

from django.db import connection

from gongkai.core.dbstats import analyze
from gongkai.core.models import WorkdayCalendar


def test_analyze_records_statistics_on_either_database(db) -> None:
    analyze(WorkdayCalendar)  # seeded by a migration: SQLite skips empty tables
    table = WorkdayCalendar._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT count(*) FROM sqlite_stat1 WHERE tbl = %s", [table])
        else:
            cursor.execute("SELECT count(*) FROM pg_stat_user_tables WHERE relname = %s AND last_analyze IS NOT NULL",
                           [table])
        assert cursor.fetchone()[0] >= 1
