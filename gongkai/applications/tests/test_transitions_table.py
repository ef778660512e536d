"""applications.transitions as a table (no DB): which letters and actions each state allows."""

from __future__ import annotations

from gongkai.applications import transitions
from gongkai.applications.models import Letter, State


def test_letters_by_state() -> None:
    assert transitions.letter_allowed(State.CORRECTION, Letter.Kind.CORRECTION)
    assert not transitions.letter_allowed(State.PENDING, Letter.Kind.CORRECTION)
    # a state the table does not list (an unknown or future state) allows no letter, and does not fail
    assert not transitions.letter_allowed("no_such_state", Letter.Kind.CORRECTION)
    assert set(transitions.LETTERS_BY_STATE) <= set(State.values)


def test_unknown_action_is_none_and_allowed_asks_for_the_roles() -> None:
    assert transitions.action("no_such_action") is None
    assert transitions.action("accept") is transitions.ACTIONS["accept"]
    asked: list[tuple[str, ...]] = []
    names = [a.name for a in transitions.allowed(State.PENDING, lambda roles: asked.append(tuple(roles)) or True)]
    assert "accept" in names and "archive" not in names
    assert asked and all(asked)
    assert transitions.allowed(State.PENDING, lambda roles: False) == []
