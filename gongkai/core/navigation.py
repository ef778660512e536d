"""Menu entries each app contributes, like the dashboard panels: core never imports the other apps.

Apps call `register_staff_nav` / `register_public_link` in their AppConfig.ready(); the staff menu and
the portal's 专题 links are drawn from these lists, in `order`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class NavEntry:
    label: str
    url: str
    order: int = 50


_staff: list[NavEntry] = []
_public: list[NavEntry] = []


def _add(entries: list[NavEntry], entry: NavEntry) -> None:
    if entry not in entries:
        entries.append(entry)
        entries.sort(key=lambda e: e.order)


def register_staff_nav(label: str, url: str, order: int = 50) -> None:
    _add(_staff, NavEntry(label, url, order))


def register_public_link(label: str, url: str, order: int = 50) -> None:
    _add(_public, NavEntry(label, url, order))


def staff_nav() -> list[NavEntry]:
    return list(_staff)


def public_links() -> list[NavEntry]:
    return list(_public)


# Items an app lists inside a 专栏 column it fills from its own records (e.g. the annual reports in
# "annual-report"): a provider returns (title, url, date text) rows, newest first.
ColumnEntry = tuple[str, str, str]
_column_providers: dict[str, list[Callable[[], list[ColumnEntry]]]] = {}


def register_column_entries(slug: str, provider: Callable[[], list[ColumnEntry]]) -> None:
    providers = _column_providers.setdefault(slug, [])
    if provider not in providers:
        providers.append(provider)


def column_entries(slug: str) -> list[ColumnEntry]:
    return [row for provider in _column_providers.get(slug, []) for row in provider()]
