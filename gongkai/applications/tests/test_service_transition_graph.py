"""The state graph (transitions.TRANSITIONS) is enforced by the service that writes every event, not only
by the actions table in front of it: a decided request never reopens. Issue 11: "REPLIED → ACCEPTED allowed"
passed the suite."""

from __future__ import annotations

from datetime import date

import pytest

from gongkai.applications import services, transitions
from gongkai.applications.models import ApplicationEvent, EventKind, State
from gongkai.applications.tests.conftest import transition
from gongkai.core.exceptions import StateError

DECIDED = (State.REPLIED, State.NOT_PROCESSED, State.ABANDONED, State.TRANSFERRED)


@pytest.mark.parametrize("state", DECIDED)
def test_a_decided_request_can_only_be_archived(state) -> None:
    assert transitions.TRANSITIONS[state] == frozenset({State.ARCHIVED})


def test_nothing_leaves_the_archive_and_nothing_returns_to_pending() -> None:
    assert transitions.TRANSITIONS[State.ARCHIVED] == frozenset()
    assert all(State.PENDING not in targets for targets in transitions.TRANSITIONS.values())
    assert transitions.OPEN.isdisjoint(transitions.CLOSED) and set(transitions.TRANSITIONS) == set(State.values)


def test_every_state_reaches_the_archive() -> None:
    reached, frontier = {State.PENDING}, [State.PENDING]
    while frontier:
        for nxt in transitions.TRANSITIONS[frontier.pop()]:
            if nxt not in reached:
                reached.add(nxt)
                frontier.append(nxt)
    assert reached == set(State.values)


@pytest.mark.parametrize("target", [State.ACCEPTED, State.EXTENDED, State.CORRECTION, State.PENDING])
def test_the_event_writer_refuses_to_reopen_a_replied_request(app, cast, target) -> None:
    transition(cast.officer_a, app, "reply", outcome="disclose", date=date(2026, 10, 20))
    assert app.state == State.REPLIED
    events = ApplicationEvent.objects.count()
    with pytest.raises(StateError, match="当前状态“已答复”下不能变为"):
        services._event(app, kind=EventKind.ACCEPT, actor=cast.officer_a, to=target)
    assert app.state == State.REPLIED and ApplicationEvent.objects.count() == events


def test_accepting_again_after_the_reply_is_refused(app, cast) -> None:
    transition(cast.officer_a, app, "reply", outcome="disclose", date=date(2026, 10, 20))
    with pytest.raises(StateError):
        services.application_accept(actor=cast.officer_a, application=app, confirmed_on=date(2026, 10, 21))
    app.refresh_from_db()
    assert app.state == State.REPLIED and app.received_on == date(2026, 9, 30)
