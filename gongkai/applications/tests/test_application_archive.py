"""application_archive (条例第四十五条): once, after the decision and its 答复书, with a reason."""

from __future__ import annotations

from datetime import date

import pytest

from gongkai.applications.models import LetterJob, State
from gongkai.applications.tests.conftest import transition
from gongkai.core.exceptions import DomainError, StateError


@pytest.fixture
def replied(app, cast):
    transition(cast.officer_a, app, "reply", outcome="disclose", date=date(2026, 10, 20))
    return app


def test_too_early_while_open(app, cast) -> None:
    with pytest.raises(StateError, match="尚未办结，不能归档"):
        transition(cast.officer_a, app, "archive", reason="x")
    assert app.state == State.ACCEPTED


def test_needs_the_reply_letter_then_archives_once(replied, cast) -> None:
    with pytest.raises(StateError, match="请先出具政府信息公开申请答复书"):
        transition(cast.officer_a, replied, "archive", reason="办理完毕")
    transition(cast.officer_a, replied, "letter")
    assert replied.letters.get().event.kind == "reply"
    transition(cast.officer_a, replied, "archive", reason="办理完毕，材料齐全")
    assert replied.state == State.ARCHIVED and replied.events.get(kind="archive").reason == "办理完毕，材料齐全"
    with pytest.raises(StateError, match="已归档"):
        transition(cast.officer_a, replied, "archive", reason="再归档")
    assert replied.events.filter(kind="archive").count() == 1


def test_not_while_the_reply_letter_is_being_generated(replied, cast) -> None:
    LetterJob.objects.create(application=replied, kind="reply", status=LetterJob.Status.RUNNING)
    with pytest.raises(StateError, match="正在生成"):
        transition(cast.officer_a, replied, "archive", reason="办理完毕")


def test_needs_a_reason(replied, cast) -> None:
    transition(cast.officer_a, replied, "letter")
    with pytest.raises(DomainError, match="归档说明"):
        transition(cast.officer_a, replied, "archive", reason="")
    assert replied.state == State.REPLIED
