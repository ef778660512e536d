"""Chinese error pages while DEBUG is on.

Without DEBUG Django already answers with `handler404`/`handler500` (config/urls.py). With DEBUG on —
as in the demo (decision 0007) — it would show its English debug pages instead; this middleware shows
the same Chinese pages unless FRIENDLY_ERROR_PAGES is false. Tracebacks still go to the log, and the
`got_request_exception` signal still fires (so the test client still re-raises).
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable

from django.conf import settings
from django.core import signals
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.urls import Resolver404, get_resolver

logger = logging.getLogger("django.request")


def _active() -> bool:
    return bool(settings.DEBUG and getattr(settings, "FRIENDLY_ERROR_PAGES", True))


class FriendlyErrorPagesMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        if _active():
            # An unknown URL never reaches a view (so process_exception never sees it): resolve first.
            # CommonMiddleware, outside this one, still turns a 404 into the APPEND_SLASH redirect.
            try:
                get_resolver(getattr(request, "urlconf", None)).resolve(request.path_info)
            except Resolver404:
                from gongkai.core.views import page_not_found

                return page_not_found(request)
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not _active():
            return None
        from gongkai.core.views import page_not_found, server_error

        if isinstance(exception, Http404):
            return page_not_found(request, exception)
        from django.core.exceptions import BadRequest, PermissionDenied, SuspiciousOperation

        if isinstance(exception, (PermissionDenied, BadRequest, SuspiciousOperation)):
            return None  # Django's own 403/400 handling (not debug pages) applies
        signals.got_request_exception.send(sender=None, request=request)
        logger.error("Internal Server Error: %s", request.path, exc_info=sys.exc_info(),
                     extra={"status_code": 500, "request": request})
        return server_error(request)
