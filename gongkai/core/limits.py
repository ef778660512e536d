"""Rate limits that hold: django-ratelimit counting in the shared cache (Redis or the atomic database
cache), per client IP (`middleware.client_ip`, so a forged X-Forwarded-For does not help) and per
request number. Pages use the `rate_limit` decorator, the API `check()`; both count in the same
buckets (same group, rate and key), so switching between page and API gains nothing.

Only attempts count: opening the tracking form is free, submitting a number and code is not.
Rates are `settings.RATE_LIMITS` ("10/10m": ten per ten-minute window).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django_ratelimit import ALL
from django_ratelimit.core import is_ratelimited
from django_ratelimit.decorators import ratelimit

from gongkai.core.exceptions import DomainError
from gongkai.core.middleware import client_ip

Finder = Callable[[HttpRequest], str]


class RateLimited(DomainError):
    """Too many attempts from one client or on one request number (429)."""

    status = 429

    def __init__(self, message: str = "操作过于频繁，请稍后再试。") -> None:
        super().__init__(message, code="rate_limited")


def _ip_key(group: str, request: HttpRequest) -> str:
    return client_ip(request) or "unknown"


def _rate(name: str, attempt: Callable[[HttpRequest], bool]) -> Callable[[str, HttpRequest], str | None]:
    def rate(group: str, request: HttpRequest) -> str | None:
        return settings.RATE_LIMITS[name] if attempt(request) else None

    return rate


def _normalised(number: str) -> str:
    return "".join(number.split()).upper()[:40]


def rate_limit(name: str, *, attempt: Callable[[HttpRequest], bool], number: Finder | None = None) -> Callable[[Any], Any]:
    """A page decorator: `attempt(request)` says whether this request counts; `number(request)`
    finds the request number it is about (then `RATE_LIMITS[name + "_number"]` applies too).
    Over the limit raises RateLimited, shown as a 429 page with its Chinese message."""

    def decorate(view: Any) -> Any:
        if number is not None:
            finder = number
            view = ratelimit(group=f"gongkai.{name}.number", key=lambda g, r: _normalised(finder(r)),
                             rate=_rate(f"{name}_number", lambda r: bool(_normalised(finder(r))) and attempt(r)),
                             method=ALL)(view)
        return ratelimit(group=f"gongkai.{name}", key=_ip_key, rate=_rate(name, attempt), method=ALL)(view)

    return decorate


def check(request: HttpRequest, name: str, *, number: str = "") -> None:
    """For the API: count one attempt against the same buckets as the page; RateLimited when over."""
    over = is_ratelimited(request, group=f"gongkai.{name}", key=_ip_key, rate=settings.RATE_LIMITS[name],
                          method=ALL, increment=True)
    value = _normalised(number)
    if value:
        over = is_ratelimited(request, group=f"gongkai.{name}.number", key=lambda g, r: value,
                              rate=settings.RATE_LIMITS[f"{name}_number"], method=ALL, increment=True) or over
    if over:
        raise RateLimited()
