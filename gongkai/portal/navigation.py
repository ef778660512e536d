"""The portal's and the staff pages' main menus, and the breadcrumb trail derived from them.

One list per menu: the header draws it, and a page's breadcrumb finds its section in it (the longest
menu address that starts the page's path), so menu and breadcrumbs never disagree. Apps add entries
through gongkai.core.navigation (register_public_link / register_staff_nav).
"""

from __future__ import annotations

from dataclasses import dataclass

from gongkai.core.navigation import public_links, staff_nav

PORTAL_HOME = ("首页", "/")
STAFF_HOME = ("工作台", "/staff/")
PORTAL_MENU = [
    ("政府信息公开专栏", "/zhuanlan/"), ("政策文件库", "/policies/"), ("依申请公开", "/apply/"),
    ("政策问答", "/qa/"), ("搜索", "/search/"),
]
STAFF_MENU_HEAD = [("主动公开", "/staff/publishing/"), ("依申请公开", "/staff/applications/"), ("政策问答", "/staff/qa/")]
STAFF_MENU_TAIL = [("机构", "/staff/organisations/"), ("工作日历", "/staff/calendar/"), ("审计日志", "/staff/audit/")]


@dataclass(frozen=True)
class MenuItem:
    label: str
    url: str
    current: bool = False


@dataclass(frozen=True)
class Crumb:
    label: str
    url: str = ""  # empty for the current page


def is_staff_path(path: str) -> bool:
    return path.startswith("/staff/") or path == "/staff"


def _sections(path: str) -> list[tuple[str, str]]:
    if is_staff_path(path):
        return [*STAFF_MENU_HEAD, *((e.label, e.url) for e in staff_nav()), *STAFF_MENU_TAIL]
    return [*PORTAL_MENU, *((e.label, e.url) for e in public_links())]


def section_for(path: str) -> tuple[str, str] | None:
    """The menu entry a page belongs to: the longest entry address that starts its path."""
    matches = [(label, url) for label, url in _sections(path) if url != "/" and path.startswith(url)]
    return max(matches, key=lambda entry: len(entry[1])) if matches else None


def menu(path: str) -> list[MenuItem]:
    home = STAFF_HOME if is_staff_path(path) else PORTAL_HOME
    section = section_for(path)
    items = [MenuItem(home[0], home[1], current=path == home[1])]
    seen = {home[1]}
    for label, url in _sections(path):
        if url in seen:
            continue
        seen.add(url)
        items.append(MenuItem(label, url, current=section is not None and section[1] == url))
    return items


def trail(path: str, title: str, extra: list[tuple[str, str]] | None = None) -> list[Crumb]:
    """Home › section › (extra levels) › this page; empty on a home page.

    `title` names the current page; `extra` are (label, url) levels between section and page.
    """
    home = STAFF_HOME if is_staff_path(path) else PORTAL_HOME
    if path == home[1]:
        return []
    crumbs = [Crumb(*home)]
    section = section_for(path)
    if section is not None:
        if section[1] == path and not extra:
            return [*crumbs, Crumb(section[0])]
        crumbs.append(Crumb(*section))
    for label, url in extra or []:
        if label and url != path and url not in {c.url for c in crumbs}:
            crumbs.append(Crumb(label, url))
    if title and (section is None or title != section[0] or extra):
        crumbs.append(Crumb(title))
    elif crumbs and crumbs[-1].url:
        last = crumbs.pop()
        crumbs.append(Crumb(last.label))
    return crumbs
