"""Fixtures for the 依申请公开 tests: a request received in person on 2026-09-30 (reply due 2026-11-03),
an online one waiting for confirmation, a frozen "today", and small files of each allowed kind."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest

from gongkai.applications import services
from gongkai.applications.models import Application

DATA = {"applicant_kind": "natural", "name": "张三", "id_type": "居民身份证", "id_number": "11010519491231002X",
        "phone": "13800138000", "email": "zs@example.com", "address": "江苏省青溪县人民路 8 号",
        "description": "青溪县2025年老旧小区改造项目立项批复", "form_wanted": "electronic", "delivery": "email"}
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n" + "身份证明 张三".encode()
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


@pytest.fixture
def today(monkeypatch) -> Callable[[date], None]:
    """`today(date(...))` freezes timezone.localdate() for services, selectors and rules callers."""
    from django.utils import timezone

    def freeze(day: date) -> None:
        monkeypatch.setattr(timezone, "localdate", lambda *a, **k: day)

    return freeze


@pytest.fixture
def app(cast) -> Application:
    application, _code = services.application_submit(actor=cast.officer_a, organisation=cast.dept_a, data=DATA,
                                                     channel="in_person", submitted_on=date(2026, 9, 30))
    return application


@pytest.fixture
def online(cast) -> tuple[Application, str]:
    return services.application_submit(actor=None, organisation=cast.dept_a, data=DATA,
                                       submitted_on=date(2026, 9, 16))


def transition(actor, application, action, **params):
    """The one entry point, as the page and the API call it (terminal actions confirmed)."""
    from gongkai.applications.transitions import ACTIONS

    if action in ACTIONS and ACTIONS[action].terminal:
        params.setdefault("confirm", True)
    return services.application_transition(actor=actor, application=application, action=action, **params)


def in_correction(app, officer, *, notice_on=date(2026, 10, 9), period=15):
    services.application_request_correction(actor=officer, application=app, what="请写明项目名称和年份",
                                            notice_on=notice_on, period_workdays=period)
    return app
