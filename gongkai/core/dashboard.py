"""The staff dashboard gathers one panel from each app that registers a provider.

Apps register in their AppConfig.ready(): `register_panel(callable(user) -> Panel | None)`.
Core never imports the other apps; they come to it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any


@dataclass
class Panel:
    title: str
    items: list[tuple[str, str, str]] = field(default_factory=list)  # (label, value, url)
    alert: str = ""
    order: int = 50


_providers: list[Callable[[Any], Panel | None]] = []


def register_panel(provider: Callable[[Any], Panel | None]) -> None:
    if provider not in _providers:
        _providers.append(provider)


def dashboard_panels(user: Any) -> list[Panel]:
    panels = [p for p in (provider(user) for provider in _providers) if p is not None]
    return sorted(panels, key=lambda p: p.order)
