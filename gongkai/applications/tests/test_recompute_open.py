"""recompute_open: a calendar change recomputes every open request and logs the change on each."""

from __future__ import annotations

from datetime import date

from gongkai.applications.tests.conftest import transition
from gongkai.core.services import calendar_load_year


def test_calendar_change_recomputes_open_requests_only(app, cast) -> None:
    from gongkai.applications import services
    from gongkai.applications.tests.conftest import DATA

    closed, _ = services.application_submit(actor=cast.officer_a, organisation=cast.dept_a, data=DATA,
                                            channel="in_person", submitted_on=date(2026, 9, 30))
    transition(cast.officer_a, closed, "reply", outcome="disclose", date=date(2026, 10, 20))
    before = app.reply_due
    calendar_load_year(actor=cast.admin, year=2026, notice_text="2026-10-01..2026-10-08 国庆节（修订）\n2026-10-10 调休上班",
                       reason="通知修订")
    app.refresh_from_db()
    closed.refresh_from_db()
    assert app.reply_due > before and closed.reply_due == before
    event = app.events.get(kind="calendar_changed")
    assert str(before) in event.reason and str(app.reply_due) in event.reason
    assert not closed.events.filter(kind="calendar_changed").exists()
