"""application_consult_lapse, called directly (the daily job's unit of work): after 15 working days without an
answer the consultation ends by itself (条例第三十二条), once, with its event and its audit row in the same
transaction. It is a system job: no actor, no role to check; an application not lapsed is left alone."""

from __future__ import annotations

from datetime import date

import pytest

from gongkai.applications import services
from gongkai.applications.models import Pause, State
from gongkai.applications.tests.conftest import transition
from gongkai.core.models import AuditEvent


@pytest.fixture
def consulting(app, cast):
    # 2026-10-12 (Mon) + 15 working days = 2026-11-02
    transition(cast.officer_a, app, "consult", kind=Pause.Kind.THIRD_PARTY, date=date(2026, 10, 12),
               party="青溪县晨光商贸有限公司")
    return app


def _lapse_audits(app) -> int:
    return AuditEvent.objects.filter(action="application.consult_lapsed", object_id=str(app.pk)).count()


def test_lapse_ends_the_consultation_with_event_and_audit(consulting) -> None:
    assert services.application_consult_lapse(application=consulting, today=date(2026, 11, 3)) is True
    consulting.refresh_from_db()
    assert consulting.state == State.ACCEPTED
    pause = consulting.pauses.get()
    assert (pause.end, pause.end_reason, pause.due) == (date(2026, 11, 2), "lapsed", date(2026, 11, 2))
    event = consulting.events.get(kind="consult_lapsed")
    assert "第三十二条" in event.reason and "2026年11月3日起恢复计时" in event.reason
    audit = AuditEvent.objects.get(action="application.consult_lapsed", object_id=str(consulting.pk))
    assert audit.actor is None and audit.actor_name == "系统" and audit.organisation == consulting.organisation
    assert consulting.reply_due == date(2026, 11, 25)


def test_a_second_run_records_nothing(consulting) -> None:
    assert services.application_consult_lapse(application=consulting, today=date(2026, 11, 3)) is True
    assert services.application_consult_lapse(application=consulting, today=date(2026, 11, 4)) is False
    assert consulting.events.filter(kind="consult_lapsed").count() == 1 and _lapse_audits(consulting) == 1


def test_not_lapsed_on_the_15th_working_day(consulting) -> None:
    assert services.application_consult_lapse(application=consulting, today=date(2026, 11, 2)) is False
    consulting.refresh_from_db()
    assert consulting.state == State.CONSULTING and consulting.pauses.get().end is None
    assert _lapse_audits(consulting) == 0


def test_an_application_not_consulting_is_left_alone(app) -> None:
    # No DomainError here: the job walks every open application and must simply skip this one.
    assert services.application_consult_lapse(application=app, today=date(2027, 6, 1)) is False
    app.refresh_from_db()
    assert app.state != State.CONSULTING and not app.events.filter(kind="consult_lapsed").exists()
    assert _lapse_audits(app) == 0
