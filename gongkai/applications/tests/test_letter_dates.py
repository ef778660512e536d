"""The notices are dated on the day of their action (成文日期), not on the day the job queue happens to
generate them: a queue that runs late, or a retry days after a failure, keeps the action's date."""

from __future__ import annotations

import re
from datetime import date

import pytest

from gongkai.applications import letters, rules, services
from gongkai.applications.models import Letter
from gongkai.applications.tests.conftest import transition

CASES = [  # (action, its parameters, the day it is recorded, the action's date, the kind of its notice)
    ("correction", {"date": date(2026, 10, 9), "reason": "请写明项目名称", "period": 15}, date(2026, 10, 9),
     date(2026, 10, 9), Letter.Kind.CORRECTION),
    ("consult", {"date": date(2026, 10, 12), "kind": "third_party", "party": "青溪县某公司"}, date(2026, 10, 14),
     date(2026, 10, 12), Letter.Kind.CONSULTATION),
    ("extend", {"workdays": 20, "approved_by": "周主任", "reason": "材料较多"}, date(2026, 10, 20),
     date(2026, 10, 20), Letter.Kind.EXTENSION),
    ("fee", {"method": "page", "quantity": 120, "date": date(2026, 10, 13)}, date(2026, 10, 14),
     date(2026, 10, 13), Letter.Kind.FEE),
]
LATER = date(2026, 10, 27)  # the day the queue finally runs


@pytest.mark.parametrize(("action", "params", "recorded", "dated", "kind"), CASES, ids=[c[0] for c in CASES])
def test_a_notice_generated_later_carries_the_action_date(app, cast, today, monkeypatch, action, params, recorded,
                                                          dated, kind) -> None:
    monkeypatch.setattr(services, "_start_letter_job", lambda job_id: None)  # the queue is down
    today(recorded)
    transition(cast.officer_a, app, action, **params)
    job = app.letter_jobs.get(kind=kind)
    today(LATER)
    services.letter_job_run(job.pk)
    job.refresh_from_db()
    text = "".join(letters.letter_text_of(job.letter).split())
    dates = re.findall(r"\d{4}年\d{1,2}月\d{1,2}日", text)
    assert rules.cn_date(LATER) not in text
    assert dates[-1] == rules.cn_date(dated), dates  # the signature block's date is the last one


def test_a_notice_issued_again_later_keeps_the_action_date(app, cast, today) -> None:
    """Asked for again while its state lasts (e.g. a lost notice): the same 成文日期, a new number."""
    today(date(2026, 10, 20))
    transition(cast.officer_a, app, "extend", workdays=20, approved_by="周主任", reason="材料较多")
    today(date(2026, 10, 26))
    services.application_letter_request(actor=cast.officer_a, application=app, kind=Letter.Kind.EXTENSION)
    first, again = app.letters.order_by("pk")
    assert letters.default_issue_date(app, Letter.Kind.EXTENSION) == date(2026, 10, 20)
    for letter in (first, again):
        text = "".join(letters.letter_text_of(letter).split())
        assert "2026年10月20日" in text and "2026年10月26日" not in text


def test_the_case_page_lists_the_notice_under_its_printed_date(app, cast, today, monkeypatch, client) -> None:
    """The 文书 list shows the 成文日期 printed on the letter, not the day the job generated the file."""
    monkeypatch.setattr(services, "_start_letter_job", lambda job_id: None)
    today(date(2026, 10, 20))
    transition(cast.officer_a, app, "extend", workdays=20, approved_by="周主任", reason="材料较多")
    job = app.letter_jobs.get(kind=Letter.Kind.EXTENSION)
    today(LATER)
    services.letter_job_run(job.pk)
    letter = app.letters.get(kind=Letter.Kind.EXTENSION)
    assert letter.dated_on == date(2026, 10, 20)
    Letter.objects.filter(pk=letter.pk).update(issued_at="2026-10-27T10:00:00+08:00")  # generated a week later
    client.force_login(cast.officer_a)
    page = client.get(f"/staff/applications/{app.pk}/").content.decode()
    listed = re.search(r"延期答复告知书 · (\d{4}年\d{1,2}月\d{1,2}日)", page)
    assert listed and listed.group(1) == "2026年10月20日"
