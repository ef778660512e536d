"""The one client-IP function, and the middleware that keeps it where core.services.audit finds it.

`X-Forwarded-For` is trusted only when the connection comes from a proxy listed in
`settings.TRUSTED_PROXIES` (none by default): anyone can send the header, so believing it from
anywhere else lets a client choose its own IP, escape every per-IP limit and forge the audit log.
"""

from __future__ import annotations

import contextvars
import ipaddress
from collections.abc import Callable
from functools import cache

from django.conf import settings
from django.db import DataError
from django.http import HttpRequest, HttpResponse

current_ip: contextvars.ContextVar[str | None] = contextvars.ContextVar("current_ip", default=None)

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


@cache
def _networks(raw: tuple[str, ...]) -> tuple[Network, ...]:
    return tuple(ipaddress.ip_network(item, strict=False) for item in raw)


def trusted_networks() -> tuple[Network, ...]:
    return _networks(tuple(getattr(settings, "TRUSTED_PROXIES", ()) or ()))


def _parse(value: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        return ipaddress.ip_address(value.strip())
    except ValueError:
        return None


def _is_trusted(address: ipaddress.IPv4Address | ipaddress.IPv6Address, networks: tuple[Network, ...]) -> bool:
    return any(address in net for net in networks)


def client_ip(request: HttpRequest) -> str | None:
    """The client's address: REMOTE_ADDR, unless that is a trusted proxy; then walk X-Forwarded-For
    from the right (the hops our proxies appended) and take the first address that is not a trusted
    proxy. A value that is not an IP address ends the walk at the last trusted hop."""
    remote = _parse(request.META.get("REMOTE_ADDR", "") or "")
    if remote is None:
        return None
    networks = trusted_networks()
    if not networks or not _is_trusted(remote, networks):
        return str(remote)
    client = remote
    for hop in reversed(request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")):
        address = _parse(hop)
        if address is None:
            break
        client = address
        if not _is_trusted(address, networks):
            break
    return str(client)


class RequestContextMiddleware:
    """Sets `current_ip` for the audit log, and shows a DomainError that escaped a page view (a bad
    query parameter, a rule refused) as a page with its Chinese message and status instead of a 500."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        token = current_ip.set(client_ip(request))
        try:
            return self.get_response(request)
        finally:
            current_ip.reset(token)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        from django.shortcuts import render

        from gongkai.core.exceptions import DomainError

        if isinstance(exception, DomainError):
            return render(request, "core/error.html", {"message": exception.message, "status": exception.status},
                          status=exception.status)
        if isinstance(exception, OverflowError | DataError):
            # The last guard: a number from the URL (an `<int:pk>` of 30 digits) that the database
            # cannot hold is the client's error, not the server's.
            return render(request, "core/error.html", {"message": "请求中的数值超出范围。", "status": 400}, status=400)
        return None
