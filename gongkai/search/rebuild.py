"""Other indexes (e.g. the Q&A passages) register a rebuild step run by `rebuild_search_index`."""

from __future__ import annotations

from collections.abc import Callable

_hooks: list[Callable[[], str]] = []


def register_rebuild(hook: Callable[[], str]) -> None:
    if hook not in _hooks:
        _hooks.append(hook)


def run_rebuild_hooks() -> list[str]:
    return [hook() for hook in _hooks]
