"""The closed list of audit actions (Zulip's AuditLogEventType): each app declares its own
`models.TextChoices` (value "app.verb", label the Chinese verb shown to people) and registers it in
AppConfig.ready() with `register_actions`. `audit()` is to accept registered actions only, and the
audit log shows `action_label()`.
"""

from __future__ import annotations

from django.db import models

_labels: dict[str, str] = {}


def register_actions(choices: type[models.TextChoices]) -> None:
    for value, label in choices.choices:
        existing = _labels.get(value)
        if existing is not None and existing != label:
            raise ValueError(f"audit action {value!r} registered twice with different labels")
        _labels[value] = str(label)


def is_registered(action: str) -> bool:
    return action in _labels


def action_label(action: str) -> str:
    """The Chinese label of an action; the raw value only for rows written before registration."""
    return _labels.get(action, action)


def registered_actions() -> dict[str, str]:
    return dict(_labels)
