"""The audit row is written in the same transaction as the change it records (STYLE: services): when the
audit cannot be written the change is undone, and a change that fails leaves no audit row. Issue 11:
"audit() moved outside its transaction" passed the suite."""

from __future__ import annotations

from datetime import date
from unittest import mock

import pytest

from gongkai.applications import services
from gongkai.applications.models import Application, ApplicationEvent, LetterJob, State
from gongkai.core.models import AuditEvent


@pytest.fixture
def replied(app, cast):
    services.application_reply(actor=cast.officer_a, application=app, outcome_code="disclose",
                               replied_on=date(2026, 10, 20))
    return app


@pytest.fixture
def no_letter_jobs_run(monkeypatch):
    monkeypatch.setattr(services, "_start_letter_job", lambda job_id: None)


def test_letter_request_without_its_audit_row_queues_nothing(replied, cast, no_letter_jobs_run) -> None:
    with mock.patch.object(services, "audit", side_effect=RuntimeError("audit store down")), \
            pytest.raises(RuntimeError):
        services.application_letter_request(actor=cast.officer_a, application=replied)
    assert not LetterJob.objects.exists()


def test_letter_request_that_fails_leaves_no_audit_row(replied, cast, no_letter_jobs_run) -> None:
    with mock.patch.object(services, "_queue_letter", side_effect=RuntimeError("queue down")), \
            pytest.raises(RuntimeError):
        services.application_letter_request(actor=cast.officer_a, application=replied)
    assert not AuditEvent.objects.filter(action="application.letter_request").exists()
    services.application_letter_request(actor=cast.officer_a, application=replied)
    assert LetterJob.objects.count() == 1
    assert AuditEvent.objects.filter(action="application.letter_request", actor=cast.officer_a).count() == 1


def test_an_action_whose_audit_fails_is_undone(app, cast, no_letter_jobs_run) -> None:
    events = ApplicationEvent.objects.count()
    with mock.patch.object(services, "audit", side_effect=RuntimeError("audit store down")), \
            pytest.raises(RuntimeError):
        services.application_extend(actor=cast.officer_a, application=app, workdays=10, approved_by="周主任",
                                    reason="材料较多", today=date(2026, 10, 20))
    stored = Application.objects.get(pk=app.pk)
    assert stored.state == State.ACCEPTED and stored.extension_workdays == 0
    assert ApplicationEvent.objects.count() == events and not LetterJob.objects.exists()
