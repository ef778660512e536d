"""Per-organisation statistics: on time against the stored due date, working days to reply (median,
90th percentile), outcome mix, 复议/诉讼 and their correction rate, zero rows, yearly counts."""

from __future__ import annotations

from datetime import date

from gongkai.applications.models import Application
from gongkai.core.models import Organisation
from gongkai.reports import stats
from gongkai.reports.tests.factories import request, review


def test_unit_statistics(cast) -> None:
    o = cast.officer_a
    a = request(o, cast.dept_a, date(2025, 3, 3), outcome="disclose", replied=date(2025, 3, 6))  # Mon → Thu: 3 days
    request(o, cast.dept_a, date(2025, 3, 3), outcome="partial", replied=date(2025, 3, 17))  # 10 working days
    late = request(o, cast.dept_a, date(2025, 3, 3), outcome="unavailable_not_held", replied=date(2025, 3, 20))
    Application.objects.filter(pk=late.pk).update(reply_due=date(2025, 3, 19))  # replied a day after its due date
    request(o, cast.dept_a, date(2024, 6, 3), outcome="disclose", replied=date(2024, 6, 5))  # another year
    review(o, a, "reconsideration", date(2025, 4, 1), "corrected", date(2025, 5, 1))
    review(o, a, "litigation_direct", date(2025, 4, 2), "upheld", date(2025, 6, 1))
    review(o, a, "litigation_after", date(2025, 4, 3))  # pending: not decided
    rows = stats.unit_statistics([cast.gov, cast.dept_a, cast.dept_b], 2025, today=date(2026, 12, 1))
    gov, fin, market = rows
    assert (fin.received, fin.replied, fin.on_time, fin.late) == (3, 3, 2, 1)
    assert fin.on_time_rate == 66.7
    assert sorted(fin.days) == [3, 10, 13] and fin.median_days == 10.0 and fin.p90_days == 12.4
    assert fin.outcome_cells == [1, 1, 0, 1, 0, 0]
    assert (fin.reviews, fin.decided, fin.corrected, fin.correction_rate) == (3, 2, 1, 50.0)
    assert (market.received, market.on_time_rate, market.median_days) == (0, None, None)
    assert gov.received == 0
    total = stats.total(rows, Organisation(name="合计"))
    assert total.received == 3 and total.median_days == 10.0
    years = stats.yearly([cast.dept_a], [2024, 2025])
    assert years == [(2024, 1, 1, 100.0), (2025, 3, 3, 66.7)]
