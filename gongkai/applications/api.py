"""依申请公开 API: applicant create + track (public), staff list/filter/transition (session login)."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from django.http import HttpRequest
from ninja import Field, Path, Query, Router, Schema
from ninja.responses import Status
from ninja.security import SessionAuth

from gongkai.applications import rules, selectors, services
from gongkai.applications.models import ApplicantKind
from gongkai.core import limits
from gongkai.core.exceptions import DomainError
from gongkai.core.models import Organisation
from gongkai.core.params import MAX_ID, YEAR_MAX, YEAR_MIN

router = Router(tags=["依申请公开"])


class ApplyIn(Schema):
    # Bounds of the columns they are stored in: PostgreSQL refuses a longer value with a 500.
    organisation: str = Field(..., max_length=40)  # 统一社会信用代码 of the receiving organ
    applicant_kind: str = Field(ApplicantKind.NATURAL, max_length=20)
    name: str = Field(..., max_length=120)
    id_type: str = Field("居民身份证", max_length=30)
    id_number: str = Field("", max_length=40)
    phone: str = Field("", max_length=40)
    email: str = Field("", max_length=254)
    address: str = Field("", max_length=300)
    description: str = Field(..., max_length=5000)
    doc_no_hint: str = Field("", max_length=80)
    purpose: str = Field("", max_length=200)
    form_wanted: Literal["paper", "electronic", "disc", "inspect"] = "electronic"
    delivery: Literal["post", "email", "pickup", "online"] = "email"


class ApplyOut(Schema):
    number: str
    tracking_code: str
    state: str
    id_warning: str


class TrackIn(Schema):
    number: str = Field(..., max_length=40)
    code: str = Field(..., max_length=40)


class EventOut(Schema):
    date: dt.date
    note: str


class TrackOut(Schema):
    number: str
    state: str
    reply_due: dt.date | None
    provisional: bool
    next_step: str
    timeline: list[EventOut]


class StaffAppOut(Schema):
    id: int
    number: str
    organisation: str
    applicant: str
    phone: str
    state: str
    received_on: dt.date | None
    reply_due: dt.date | None
    provisional: bool
    days_left: int | None
    level: str


class TransitionIn(Schema):
    action: str
    date: dt.date | None = Field(None, ge=dt.date(YEAR_MIN, 1, 1), le=dt.date(YEAR_MAX, 12, 31))
    reason: str = ""
    outcome: str = Field("", max_length=40)
    approved_by: str = Field("", max_length=100)
    workdays: int = Field(20, ge=1, le=20)  # 条例第三十三条: at most 20 working days


@router.post("/", response={201: ApplyOut}, summary="提交政府信息公开申请（条例第二十九条）")
def create(request: HttpRequest, payload: ApplyIn) -> Status[dict[str, Any]]:
    limits.check(request, "submit")
    org = Organisation.objects.filter(credit_code=payload.organisation.strip().upper()).first()
    if org is None:
        raise DomainError("受理机关的统一社会信用代码不存在。", field="organisation")
    app, code = services.application_submit(actor=None, organisation=org, data=payload.dict())
    return Status(201, {"number": app.number, "tracking_code": code, "state": app.get_state_display(),
                 "id_warning": app.id_warning})


@router.post("/track", response=TrackOut, summary="申请人查询办理进度")
def track(request: HttpRequest, payload: TrackIn) -> dict[str, Any]:
    limits.check(request, "track", number=payload.number)
    app = selectors.tracked(payload.number, payload.code)
    return {"number": app.number, "state": app.get_state_display(), "reply_due": app.reply_due,
            "provisional": app.provisional, "next_step": selectors.next_step(app),
            "timeline": [{"date": e.created_at.date(), "note": e.public_note} for e in selectors.public_timeline(app)]}


def _row(app: Any) -> dict[str, Any]:
    left, level = selectors.urgency(app)
    return {"id": app.pk, "number": app.number, "organisation": app.organisation.name, "applicant": app.name,
            "phone": rules.mask(app.phone, 3, 4), "state": app.get_state_display(), "received_on": app.received_on,
            "reply_due": app.reply_due, "provisional": app.provisional, "days_left": left, "level": level}


@router.get("/", response=list[StaffAppOut], auth=SessionAuth(), summary="工作人员：申请列表（个人信息已脱敏）")
def staff_list(request: HttpRequest, state: str = Query("", max_length=20), q: str = Query("", max_length=200),
               limit: int = Query(100, ge=1, le=500)) -> list[dict[str, Any]]:
    apps = selectors.staff_applications(request.user, state=state, q=q).order_by("reply_due", "pk")[:limit]
    return [_row(a) for a in apps]


@router.post("/{int:pk}/transition", response=StaffAppOut, auth=SessionAuth(), summary="工作人员：办理操作")
def transition(request: HttpRequest, payload: TransitionIn, pk: int = Path(..., ge=1, le=MAX_ID)) -> dict[str, Any]:
    app = selectors.staff_application(request.user, pk)
    when = payload.date or dt.date.today()
    actions = {
        "accept": lambda: services.application_accept(actor=request.user, application=app, confirmed_on=when),
        "correction": lambda: services.application_request_correction(actor=request.user, application=app,
                                                                      what=payload.reason, notice_on=when),
        "correction_received": lambda: services.application_correction_received(actor=request.user, application=app,
                                                                                received_on=when),
        "extend": lambda: services.application_extend(actor=request.user, application=app, workdays=payload.workdays,
                                                      approved_by=payload.approved_by, reason=payload.reason),
        "reply": lambda: services.application_reply(actor=request.user, application=app, outcome_code=payload.outcome,
                                                    replied_on=when, basis_note=payload.reason),
        "archive": lambda: services.application_archive(actor=request.user, application=app),
    }
    if payload.action not in actions:
        raise DomainError(f"未知操作：{payload.action}。可用：{'、'.join(actions)}。")
    actions[payload.action]()
    app.refresh_from_db()
    return _row(app)
