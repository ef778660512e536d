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
from gongkai.core.selectors import visible_orgs

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
    replied_on: dt.date | None = None
    result: str = ""  # after the reply: its date and whether it was on time


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
    replied_on: dt.date | None = None
    result: str = ""
    actions: list[str] = []  # what this user may do now (transitions.ACTIONS names)
    message: str = ""


class TransitionIn(Schema):
    """The same parameters as the case page's action forms. Bounds here stop hostile values; the legal
    limits (20 working days, 5–30 working days for 补正 …) are the service's, with Chinese messages."""

    action: str = Field(max_length=30)
    date: dt.date | None = Field(None, ge=dt.date(YEAR_MIN, 1, 1), le=dt.date(YEAR_MAX, 12, 31))
    reason: str = Field("", max_length=2000)
    outcome: str = Field("", max_length=40)
    approved_by: str = Field("", max_length=60)
    workdays: int = Field(20, ge=0, le=366)
    period: int = Field(15, ge=0, le=366)
    kind: str = Field("", max_length=30)
    party: str = Field("", max_length=120)
    method: str = Field("", max_length=10)
    quantity: int = Field(0, ge=0, le=1_000_000)
    to_org: str = Field("", max_length=18, description="转办机关的统一社会信用代码")
    result: str = Field("", max_length=20)
    delivery_method: str = Field("", max_length=40)
    text: str = Field("", max_length=5000)
    confirm: bool = Field(False, description="办结或移交类操作（答复、视为放弃、转办、归档）须为 true")


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
            "replied_on": app.replied_on, "result": selectors.outcome_text(app),
            "timeline": [{"date": e.created_at.date(), "note": e.public_note} for e in selectors.public_timeline(app)]}


def _row(app: Any, user: Any) -> dict[str, Any]:
    left, level = selectors.urgency(app)
    return {"id": app.pk, "number": app.number, "organisation": app.organisation.name, "applicant": app.name,
            "phone": rules.mask(app.phone, 3, 4), "state": app.get_state_display(), "received_on": app.received_on,
            "reply_due": app.reply_due, "provisional": app.provisional, "days_left": left, "level": level,
            "replied_on": app.replied_on, "result": selectors.outcome_text(app),
            "actions": selectors.allowed_actions(app, user)}


@router.get("/", response=list[StaffAppOut], auth=SessionAuth(), summary="工作人员：申请列表（个人信息已脱敏）")
def staff_list(request: HttpRequest, state: str = Query("", max_length=20), q: str = Query("", max_length=200),
               limit: int = Query(100, ge=1, le=500)) -> list[dict[str, Any]]:
    apps = selectors.staff_applications(request.user, state=state, q=q).order_by("reply_due", "pk")[:limit]
    return [_row(a, request.user) for a in apps]


@router.post("/{int:pk}/transition", response=StaffAppOut, auth=SessionAuth(), summary="工作人员：办理操作")
def transition(request: HttpRequest, payload: TransitionIn, pk: int = Path(..., ge=1, le=MAX_ID)) -> dict[str, Any]:
    """The same `application_transition` service the case page calls (actions: see transitions.ACTIONS)."""
    app = selectors.staff_application(request.user, pk)
    params = payload.dict(exclude={"action"})
    if params.pop("to_org"):
        org = visible_orgs(request.user).filter(credit_code=payload.to_org.strip().upper()).first()
        if org is None:
            raise DomainError("转办机关的统一社会信用代码不存在或不在您的范围内。", field="to_org")
        params["to_org"] = org
    if payload.action == "consult":
        params["kind"] = payload.kind or "third_party"
    result = services.application_transition(actor=request.user, application=app, action=payload.action, **params)
    app.refresh_from_db()
    return _row(app, request.user) | {"message": result.message}
