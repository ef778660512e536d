"""GET /api/v1/documents/ (search and filters), GET /api/v1/documents/{index_no}, POST (staff draft),
POST /api/v1/documents/{index_no}/validity (staff: 有效性)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Query, Router, Schema
from ninja.responses import Status
from ninja.security import SessionAuth

from gongkai.core.exceptions import DomainError
from gongkai.core.params import MAX_ID, MAX_PAGE, MAX_TEXT, YEAR_MAX, YEAR_MIN, InvalidParameter, last_page
from gongkai.core.selectors import organisation_by_code
from gongkai.publishing import selectors, services
from gongkai.search.documents import max_page

router = Router(tags=["主动公开"])
FIRST_DAY, LAST_DAY = dt.date(YEAR_MIN, 1, 1), dt.date(YEAR_MAX, 12, 31)


class DocumentOut(Schema):
    index_no: str
    title: str
    doc_no: str
    publisher: str
    written_on: dt.date | None
    published_on: dt.date | None
    topic: str
    genre: str
    validity: str
    url: str
    snippet: str | None = None
    score: float | None = None


class Page(Schema):
    count: int
    page: int
    results: list[DocumentOut]


class DraftIn(Schema):
    organisation: str = Field(..., max_length=40)  # 统一社会信用代码
    title: str = Field(..., max_length=300)
    body_html: str = Field("", max_length=2_000_000)
    doc_no: str = Field("", max_length=80)
    topic: str = Field("综合政务", max_length=40)
    genre: str = Field("其他", max_length=20)
    written_on: dt.date | None = Field(None, ge=FIRST_DAY, le=LAST_DAY)
    index_no: str = Field("", max_length=40)


PER_PAGE = 20


def _check_page(page: int, total: int, *, searched: bool) -> None:
    last = last_page(total, PER_PAGE, max_page(PER_PAGE) if searched else None)
    if page > last:
        raise InvalidParameter(f"页码超出范围：共 {last} 页。", field="page")


@router.get("/", response=Page, summary="检索公开信息（q 为空时按发布日期列出）")
def list_documents(
    request: HttpRequest,
    q: str = Query("", description="检索词（超过 200 字的部分不参与检索）"),
    topic: str = Query("", max_length=60),
    org: int | None = Query(None, ge=1, le=MAX_ID, description="机构编号"),
    year: int | None = Query(None, ge=YEAR_MIN, le=YEAR_MAX),
    validity: str = Query("", max_length=20),
    genre: str = Query("", max_length=20),
    page: int = Query(1, ge=1, le=MAX_PAGE, description="页码，不超过结果的最后一页"),
    withdrawn: bool = Query(False, description="含已撤回：默认不列出已撤回的信息"),
) -> dict[str, Any]:
    """`withdrawn=true` (含已撤回) adds withdrawn items, which are left out by default."""
    q = q[:MAX_TEXT]
    if q.strip():
        total, rows = selectors.document_search(q, topic=topic, org_id=org, year=year, validity=validity, genre=genre,
                                                page=page, per_page=PER_PAGE, include_withdrawn=withdrawn)
        _check_page(page, total, searched=True)
        results = [selectors.as_api_dict(d, snippet=h.snippet_html, score=round(h.score, 4)) for d, h in rows]
        return {"count": total, "page": page, "results": results}
    docs = selectors.policy_library(topic=topic, year=year, validity=selectors.VALIDITY_BY_LABEL.get(validity, validity),
                                    genre=genre, org_id=org, include_withdrawn=withdrawn)
    total = docs.count()
    _check_page(page, total, searched=False)
    return {"count": total, "page": page,
            "results": [selectors.as_api_dict(d) for d in docs[(page - 1) * PER_PAGE: page * PER_PAGE]]}


class ValidityIn(Schema):
    validity: str = Field(..., max_length=20, description="有效、已修订、已废止、失效（或 valid、amended、repealed、expired）")
    on: dt.date | None = Field(None, ge=FIRST_DAY, le=LAST_DAY, description="变更日期，默认今天")
    by: str = Field("", max_length=80, description="已修订、已废止时必填：修订或废止它的已发布文件的索引号或文号")
    reason: str = Field("", max_length=300)


# Registered before GET /{index_no}: that path (索引号 contain "/") would otherwise swallow ".../validity".
@router.post("/{path:index_no}/validity", response=DocumentOut, auth=SessionAuth(),
             summary="工作人员：变更有效性（已修订、已废止须关联修订或废止它的文件）")
def set_validity(request: HttpRequest, index_no: str, payload: ValidityIn) -> dict[str, Any]:
    doc = selectors.staff_document_by_index_no(request.user, index_no)
    validity = selectors.VALIDITY_BY_LABEL.get(payload.validity.strip(), payload.validity.strip())
    doc = services.document_set_validity(actor=request.user, document=doc, validity=validity,
                                         on=payload.on or timezone.localdate(),
                                         by=selectors.superseding_document(payload.by), reason=payload.reason)
    return selectors.as_api_dict(doc)


@router.get("/{path:index_no}", response=DocumentOut, summary="按索引号取公开信息")
def get_document(request: HttpRequest, index_no: str) -> dict[str, Any]:
    return selectors.as_api_dict(selectors.public_document(index_no))


@router.post("/", response={201: DocumentOut}, auth=SessionAuth(), summary="工作人员：拟稿")
def create_draft(request: HttpRequest, payload: DraftIn) -> Status[dict[str, Any]]:
    org = organisation_by_code(payload.organisation)
    if payload.index_no and not payload.index_no.startswith(org.credit_code + "/"):
        raise DomainError("索引号应以公开主体的统一社会信用代码开头。")
    doc = services.document_create(actor=request.user, organisation=org, index_no=payload.index_no, data={
        "title": payload.title, "body_html": payload.body_html, "doc_no": payload.doc_no, "topic": payload.topic,
        "genre": payload.genre, "written_on": payload.written_on})
    return Status(201, selectors.as_api_dict(doc))
