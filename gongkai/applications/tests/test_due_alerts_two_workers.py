"""Two workers run the daily alert job at the same moment: each request's alert reaches each person once
(issue 11 item 6). The claim is an insert that the unique constraint uniq_application_alert_per_day admits
once; without it both processes mail everything."""

from __future__ import annotations

from collections import Counter
from datetime import date

from gongkai.applications import services
from gongkai.applications.tests.conftest import DATA
from gongkai.core.tests.processes import run_twice_at_once

JOB = "from datetime import date\nfrom gongkai.applications.tasks import send_due_alerts\nsend_due_alerts(date(2026, 10, 30))"


def test_two_processes_send_each_alert_once(transactional_db, cast, tmp_path) -> None:
    cast.officer_a.email = "officer@example.com"
    cast.officer_a.save()
    cast.supervisor.email = "supervisor@example.com"
    cast.supervisor.save()
    numbers = []
    for n in range(6):
        app, _code = services.application_submit(actor=cast.officer_a, organisation=cast.dept_a,
                                                 data=DATA | {"description": f"青溪县2025年第{n + 1}批项目批复"},
                                                 channel="in_person", submitted_on=date(2026, 9, 30))
        numbers.append(app.number)

    runs = run_twice_at_once(JOB, tmp_path)

    received = Counter((to, number) for mail in runs.mails for to in mail["to"] for number in numbers
                       if number in mail["body"])
    expected = {(to, number) for to in ("officer@example.com", "supervisor@example.com") for number in numbers}
    assert set(received) == expected  # everyone heard of every request…
    assert all(count == 1 for count in received.values()), received  # …once
    assert all("剩余 2 个工作日" in mail["body"] for mail in runs.mails)  # due 2026-11-03
    claims = runs.rows("SELECT application_id, COUNT(*) FROM applications_applicationevent "
                       "WHERE kind = 'alert_due_soon' GROUP BY application_id")
    assert len(claims) == len(numbers) and all(count == 1 for _app, count in claims)
