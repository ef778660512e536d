"""The last guard: a DomainError or an out-of-range number escaping a page view is a 4xx page."""

from __future__ import annotations

import pytest
from django.db import DataError
from django.http import HttpResponse
from django.test import RequestFactory

from gongkai.core.exceptions import NotFoundError
from gongkai.core.middleware import RequestContextMiddleware
from gongkai.core.params import InvalidParameter


@pytest.mark.parametrize(("exc", "status", "text"), [
    (InvalidParameter("年份应在 1949–2100 之间。"), 400, "年份应在"),
    (NotFoundError(), 404, "未找到"),
    (OverflowError("Python int too large to convert to SQLite INTEGER"), 400, "数值超出范围"),
    (DataError("value out of range for type bigint"), 400, "数值超出范围"),
])
def test_escaping_errors_become_pages(exc: Exception, status: int, text: str, db) -> None:
    middleware = RequestContextMiddleware(lambda request: HttpResponse())
    response = middleware.process_exception(RequestFactory().get("/"), exc)
    assert response is not None and response.status_code == status and text in response.content.decode()


def test_other_errors_stay_server_errors(db) -> None:
    middleware = RequestContextMiddleware(lambda request: HttpResponse())
    assert middleware.process_exception(RequestFactory().get("/"), KeyError("bug")) is None
