"""Template tags of the site frame: menus, breadcrumbs, people's names with their unit."""

from __future__ import annotations

from typing import Any

from django import template
from django.template.context import Context
from django.template.loader_tags import BLOCK_CONTEXT_KEY
from django.utils.html import strip_tags

from gongkai.portal import navigation

register = template.Library()


def _block_text(context: Context, name: str) -> str:
    """The rendered text of the most-derived `{% block name %}` of the page being rendered."""
    block_context = context.render_context.get(BLOCK_CONTEXT_KEY)
    block = block_context.get_block(name) if block_context is not None else None
    if block is None:
        return ""
    with context.push():
        return " ".join(strip_tags(block.nodelist.render(context)).split())


def _page_title(context: Context, path: str) -> str:
    if navigation.is_staff_path(path):
        return _block_text(context, "page_title")
    title = _block_text(context, "title")
    site = str(context.get("SITE_NAME", ""))
    for suffix in (f" · {site}", f"· {site}", site):
        if site and title.endswith(suffix) and title != suffix:
            return title[: -len(suffix)].strip()
    return title


def _frame_path(context: Context) -> str:
    """The path whose menu and trail the page shows: its own, or for a staff preview of a public page
    (`frame_path` in the context) the public page's."""
    override = context.get("frame_path")
    if override:
        return str(override)
    request = context.get("request")
    return request.path if request is not None else "/"


@register.simple_tag(takes_context=True)
def site_menu(context: Context) -> list[navigation.MenuItem]:
    return navigation.menu(_frame_path(context))


@register.inclusion_tag("portal/_breadcrumbs.html", takes_context=True)
def breadcrumbs(context: Context, *levels: Any, current: str = "") -> dict[str, Any]:
    """`{% breadcrumbs %}`: home › section › this page (its title block); pass `label url` pairs for
    the levels in between, and `current=` to name the page otherwise than its title."""
    path = _frame_path(context)
    pairs = [(str(levels[i]), str(levels[i + 1])) for i in range(0, len(levels) - 1, 2)]
    return {"crumbs": navigation.trail(path, current or _page_title(context, path), pairs)}


@register.filter
def person(user: Any, organisation: Any = None) -> str:
    """A staff member as the public and the reviewer should read them: 李经办（青溪县人民政府办公室）.

    The unit is the user's organisation for `organisation` (or within it), else their first unit.
    """
    if user is None:
        return "—"
    name = (user.get_full_name() or "").strip() or user.get_username()
    unit = _unit(user, organisation)
    return f"{name}（{unit}）" if unit else name


def _unit(user: Any, organisation: Any) -> str:
    from gongkai.core.selectors import user_roles

    orgs = [org for org, _role in user_roles(user)]
    if not orgs:
        return ""
    if organisation is not None:
        # The most specific unit within the item's organisation: an officer of the government's
        # 工作机构 who publishes in the government's name is named with the 工作机构.
        within = [org for org in orgs if org.path.startswith(organisation.path)]
        if within:
            return str(max(within, key=lambda org: len(org.path)).name)
    return str(max(orgs, key=lambda org: len(org.path)).name)


@register.filter
def without_label_suffix(label: Any) -> str:
    """A label without Django's trailing colon: Chinese labels sit above their field."""
    text = str(label)
    return text[:-1] if text.endswith((":", "：")) else text
