"""Requests, reviews and policies made through the other apps' services, with chosen dates."""

from __future__ import annotations

from datetime import date
from typing import Any

from gongkai.applications import services as app_services
from gongkai.applications.models import Application

DATA = {"applicant_kind": "natural", "name": "张三", "id_type": "居民身份证", "phone": "13800138000",
        "email": "zs@example.com", "address": "江苏省青溪县人民路 8 号", "description": "青溪县2025年老旧小区改造项目立项批复",
        "form_wanted": "electronic", "delivery": "email"}


def request(actor: Any, org: Any, received: date, *, kind: str = "natural", outcome: str | None = None,
            replied: date | None = None) -> Application:
    app, _code = app_services.application_submit(actor=actor, organisation=org, data=DATA | {"applicant_kind": kind},
                                                 channel="in_person", submitted_on=received)
    if outcome is not None:
        app_services.application_reply(actor=actor, application=app, outcome_code=outcome, replied_on=replied or received)
    return app


def review(actor: Any, app: Application, kind: str, filed: date, result: str = "pending",
           decided: date | None = None) -> None:
    app_services.application_review_record(actor=actor, application=app, kind=kind, filed_on=filed, result=result,
                                           decided_on=decided)
