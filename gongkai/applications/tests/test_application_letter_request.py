"""application_letter_request / letter_job_run / application_letter_retry: a letter only where its state
makes sense (transitions.LETTERS_BY_STATE), generated once per job, failures kept for a retry."""

from __future__ import annotations

from datetime import date

import pytest

from gongkai.applications import services
from gongkai.applications.models import Letter, LetterJob, State
from gongkai.applications.tests.conftest import transition
from gongkai.applications.transitions import LETTERS_BY_STATE
from gongkai.core.exceptions import StateError


@pytest.mark.parametrize(("kind", "message"), [
    (Letter.Kind.REPLY, "答复书在作出答复或终止办理后出具（条例第三十六条）"),
    (Letter.Kind.CORRECTION, "仅在补正期间可重新出具（条例第三十条）"),
    (Letter.Kind.EXTENSION, "条例第三十三条第二款"),
    (Letter.Kind.FEE, "109号"),
])
def test_a_letter_in_the_wrong_state_is_refused_naming_the_rule(app, cast, kind, message) -> None:
    with pytest.raises(StateError, match=message):
        services.application_letter_request(actor=cast.officer_a, application=app, kind=kind)
    assert not LetterJob.objects.exists() and not app.letters.exists()


def test_the_reply_letter_through_the_transition_is_refused_while_open(app, cast) -> None:
    with pytest.raises(StateError, match="尚未办结，不能出具答复书"):
        transition(cast.officer_a, app, "letter")


def test_every_state_has_its_row_in_the_letters_table() -> None:
    assert set(LETTERS_BY_STATE) == set(State.values)
    assert LETTERS_BY_STATE[State.ACCEPTED] == frozenset() and LETTERS_BY_STATE[State.ARCHIVED] == frozenset()


def test_reply_letter_is_attached_to_the_reply_event(app, cast) -> None:
    transition(cast.officer_a, app, "reply", outcome="disclose", date=date(2026, 10, 20))
    result = transition(cast.officer_a, app, "letter", delivery_method="电子邮件")
    letter = app.letters.get()
    result.job.refresh_from_db()
    assert result.job.letter == letter and letter.event == app.events.get(kind="reply")
    assert letter.delivery_method == "电子邮件" and letter.pdf.read(4) == b"%PDF"


def test_a_pending_letter_is_not_asked_for_twice(app, cast) -> None:
    transition(cast.officer_a, app, "reply", outcome="disclose", date=date(2026, 10, 20))
    LetterJob.objects.create(application=app, kind=Letter.Kind.REPLY, status=LetterJob.Status.QUEUED)
    with pytest.raises(StateError, match="正在生成，请勿重复提交"):
        transition(cast.officer_a, app, "letter")


def test_a_job_is_run_once(app, cast, monkeypatch) -> None:
    # The 补正 is recorded without running its own job, then one job is run twice.
    monkeypatch.setattr(services, "_start_letter_job", lambda job_id: None)
    transition(cast.officer_a, app, "correction", date=date(2026, 10, 9), reason="请写明年份")
    job = app.letter_jobs.get()
    services.letter_job_run(job.pk)
    services.letter_job_run(job.pk)
    job.refresh_from_db()
    assert job.status == LetterJob.Status.DONE and app.letters.count() == 1


def test_a_failure_is_kept_and_can_be_retried(app, cast, monkeypatch) -> None:
    from gongkai.applications import letters

    real = letters.letter_issue

    def broken(**kwargs):
        raise OSError("字体文件缺失")

    monkeypatch.setattr(letters, "letter_issue", broken)
    transition(cast.officer_a, app, "correction", date=date(2026, 10, 9), reason="请写明年份")
    failed = app.letter_jobs.get()
    assert failed.status == LetterJob.Status.FAILED and "字体文件缺失" in failed.error and not app.letters.exists()
    assert app.state == State.CORRECTION  # the action stands; only its letter is missing
    monkeypatch.setattr(letters, "letter_issue", real)
    retry = services.application_letter_retry(actor=cast.officer_a, application=app, job_id=failed.pk)
    retry.refresh_from_db()
    assert retry.status == LetterJob.Status.DONE and retry.letter.event.kind == "correction_requested"
    with pytest.raises(StateError, match="已重新生成过"):
        services.application_letter_retry(actor=cast.officer_a, application=app, job_id=failed.pk)


def test_stale_jobs_are_swept(app, cast) -> None:
    from datetime import timedelta

    from django.utils import timezone

    from gongkai.applications.jobs import sweep_letter_jobs

    old = timezone.now() - timedelta(hours=1)
    lost = LetterJob.objects.create(application=app, kind=Letter.Kind.REPLY, requested_by=cast.officer_a)
    dead = LetterJob.objects.create(application=app, kind=Letter.Kind.REPLY, status=LetterJob.Status.RUNNING)
    LetterJob.objects.filter(pk__in=[lost.pk, dead.pk]).update(created_at=old)
    app.outcome = "disclose"
    app.save()
    assert sweep_letter_jobs() == (1, 1)
    lost.refresh_from_db()
    dead.refresh_from_db()
    assert lost.status == LetterJob.Status.DONE and dead.status == LetterJob.Status.FAILED and "中断" in dead.error
