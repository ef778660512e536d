"""View guards shared by every app's staff pages."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest
from django.http.response import HttpResponseBase
from django.shortcuts import render

from gongkai.core.exceptions import DomainError
from gongkai.core.selectors import has_any_membership

View = Callable[..., HttpResponseBase]


def staff_required(view: View) -> View:
    """Logged in and holding at least one role; otherwise a clear page, never a 500.

    DomainErrors raised by services surface as their own status with the Chinese message, so
    a 404 for an object outside the user's scope looks the same as a missing one.
    """

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not has_any_membership(request.user):
            return render(request, "core/no_membership.html", status=403)
        try:
            return view(request, *args, **kwargs)
        except DomainError as exc:
            return render(request, "core/error.html", {"message": exc.message, "status": exc.status},
                          status=exc.status)

    return wrapper
