from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest

from gongkai.core.navigation import public_links, staff_nav


def site(request: HttpRequest) -> dict[str, object]:
    return {"SITE_NAME": "政务公开平台", "SITE_URL": settings.SITE_URL, "STAFF_NAV": staff_nav(),
            "PUBLIC_LINKS": public_links()}
