"""application_consult / consult_done / consult_lapse: a consultation stops the clock (条例第三十三条第三款)
for at most the 15 working days the consulted party has (第三十二条、第三十四条); with no answer it ends by
itself — derived on read at once, recorded by the daily job once."""

from __future__ import annotations

from datetime import date

import pytest

from gongkai.applications import selectors, services
from gongkai.applications.jobs import daily_consultation_lapse
from gongkai.applications.models import Letter, Pause, State
from gongkai.applications.tests.conftest import transition
from gongkai.core.exceptions import DomainError, StateError


@pytest.fixture
def consulting(app, cast):
    # 2026-10-12 (Mon) + 15 working days = 2026-11-02
    transition(cast.officer_a, app, "consult", kind=Pause.Kind.THIRD_PARTY, date=date(2026, 10, 12),
               party="青溪县晨光商贸有限公司")
    return app


def test_consultation_letter_and_due_date(consulting) -> None:
    pause = consulting.pauses.get()
    assert (pause.period_workdays, pause.due) == (15, date(2026, 11, 2))
    assert consulting.state == State.CONSULTING
    letter = consulting.letters.get()
    assert letter.kind == Letter.Kind.CONSULTATION and letter.event.kind == "consult"
    assert consulting.letter_jobs.get().params["party"] == "青溪县晨光商贸有限公司"


def test_answer_resumes_the_clock(consulting, cast, today) -> None:
    today(date(2026, 10, 16))
    transition(cast.officer_a, consulting, "consult_done", date=date(2026, 10, 16), reason="不同意公开经营数据")
    assert consulting.state == State.ACCEPTED and consulting.pauses.get().end_reason == "answered"
    # 10-12..10-16 = 5 working days not counted: 2026-11-03 + 5 working days
    assert consulting.reply_due == date(2026, 11, 10)


def test_without_answer_the_clock_resumes_after_15_working_days_derived_on_read(consulting, today) -> None:
    today(date(2026, 11, 20))
    assert selectors.lapsed_consultation(consulting) is not None
    assert selectors.effective_state(consulting) == State.ACCEPTED
    services.recompute_deadlines(consulting)
    # the pause counts 10-12..11-02 only (15 working days, 10-12 itself a working day in the pause): 16 days
    assert consulting.reply_due == date(2026, 11, 25)
    bench = selectors.workbench(consulting, consulting.officer)
    assert bench.primary is not None and bench.primary.name == "reply"
    assert any("2026年11月2日期满" in n and "第三十二条" in n for n in bench.notices)


def test_the_daily_job_records_the_lapse_once(consulting, today) -> None:
    today(date(2026, 11, 3))
    daily_consultation_lapse.call_local()
    daily_consultation_lapse.call_local()
    consulting.refresh_from_db()
    assert consulting.state == State.ACCEPTED
    event = consulting.events.get(kind="consult_lapsed")
    assert event.actor_role == "系统" and "第三十二条" in event.reason and "2026年11月3日起恢复计时" in event.reason
    pause = consulting.pauses.get()
    assert (pause.end, pause.end_reason) == (date(2026, 11, 2), "lapsed")
    assert consulting.reply_due == date(2026, 11, 25)


def test_not_lapsed_on_the_15th_working_day(consulting, today) -> None:
    today(date(2026, 11, 2))
    assert services.lapse_consultations() == 0
    consulting.refresh_from_db()
    assert consulting.state == State.CONSULTING


def test_an_action_after_the_lapse_sees_it_first(consulting, cast, today) -> None:
    today(date(2026, 11, 20))
    transition(cast.officer_a, consulting, "reply", outcome="withheld_third_party", date=date(2026, 11, 20),
               reason="第三方逾期未提出意见，经审查涉及商业秘密")
    assert consulting.state == State.REPLIED
    assert list(consulting.events.values_list("kind", flat=True))[-2:] == ["consult_lapsed", "reply"]


def test_late_answer_does_not_stretch_the_pause(consulting, cast, today) -> None:
    today(date(2026, 11, 2))  # not yet lapsed for the job: recorded by hand after the 15th working day
    services.application_consult_done(actor=cast.officer_a, application=consulting, end=date(2026, 11, 2),
                                      summary="同意公开")
    assert consulting.reply_due == date(2026, 11, 25)


def test_other_agency_lapse_cites_art_34(app, cast, today) -> None:
    transition(cast.officer_a, app, "consult", kind=Pause.Kind.OTHER_AGENCY, date=date(2026, 10, 12),
               party="青溪县审计局")
    today(date(2026, 11, 3))
    assert services.lapse_consultations() == 1
    assert "第三十四条" in app.events.get(kind="consult_lapsed").reason


def test_bad_consultations_are_refused(app, online, cast) -> None:
    with pytest.raises(DomainError, match="第三方或其他机关"):
        transition(cast.officer_a, app, "consult", kind="friend", date=date(2026, 10, 12), party="x")
    with pytest.raises(DomainError, match="被征求意见"):
        transition(cast.officer_a, app, "consult", date=date(2026, 10, 12), party=" ")
    with pytest.raises(StateError, match="尚未受理"):
        transition(cast.officer_a, online[0], "consult", date=date(2026, 10, 12), party="x")
    assert not app.pauses.exists() and not app.letters.exists()
