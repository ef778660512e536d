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


@register.simple_tag(takes_context=True)
def site_menu(context: Context) -> list[navigation.MenuItem]:
    request = context.get("request")
    return navigation.menu(request.path if request is not None else "/")


@register.inclusion_tag("portal/_breadcrumbs.html", takes_context=True)
def breadcrumbs(context: Context, *levels: Any, current: str = "") -> dict[str, Any]:
    """`{% breadcrumbs %}`: home › section › this page (its title block); pass `label url` pairs for
    the levels in between, and `current=` to name the page otherwise than its title."""
    request = context.get("request")
    path = request.path if request is not None else "/"
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
        for org in orgs:
            if org.pk == organisation.pk:
                return str(org.name)
        below = [org for org in orgs if org.path.startswith(organisation.path)]
        if below:
            return str(below[0].name)
    return str(orgs[0].name)


@register.filter
def without_label_suffix(label: Any) -> str:
    """A label without Django's trailing colon: Chinese labels sit above their field."""
    text = str(label)
    return text[:-1] if text.endswith((":", "：")) else text
