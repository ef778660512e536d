"""The site frame for every template: the government's name for the header, the footer items."""

from __future__ import annotations

from django.http import HttpRequest

from gongkai.portal.selectors import site_frame


def site_frame_context(request: HttpRequest) -> dict[str, object]:
    frame = site_frame()
    return {"SITE": frame, "SITE_NAME": frame.name}
