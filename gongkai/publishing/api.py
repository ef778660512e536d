"""GET /api/v1/documents/ (search and filters), GET /api/v1/documents/{index_no}, POST (staff draft)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema
from ninja.responses import Status
from ninja.security import SessionAuth

from gongkai.core.exceptions import DomainError
from gongkai.core.selectors import organisation_by_code
from gongkai.publishing import selectors, services

router = Router(tags=["主动公开"])


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
    organisation: str  # 统一社会信用代码
    title: str
    body_html: str = ""
    doc_no: str = ""
    topic: str = "综合政务"
    genre: str = "其他"
    written_on: dt.date | None = None
    index_no: str = ""


@router.get("/", response=Page, summary="检索公开信息（q 为空时按发布日期列出）")
def list_documents(request: HttpRequest, q: str = "", topic: str = "", org: int | None = None,
                   year: int | None = None, validity: str = "", genre: str = "", page: int = 1,
                   withdrawn: bool = False) -> dict[str, Any]:
    """`withdrawn=true` (含已撤回) adds withdrawn items, which are left out by default."""
    page = max(1, page)
    if q.strip():
        total, rows = selectors.document_search(q, topic=topic, org_id=org, year=year, validity=validity, genre=genre,
                                                page=page, per_page=20, include_withdrawn=withdrawn)
        results = [selectors.as_api_dict(d, snippet=h.snippet_html, score=round(h.score, 4)) for d, h in rows]
        return {"count": total, "page": page, "results": results}
    docs = selectors.policy_library(topic=topic, year=year, validity=selectors.VALIDITY_BY_LABEL.get(validity, validity),
                                    genre=genre, org_id=org, include_withdrawn=withdrawn)
    total = docs.count()
    return {"count": total, "page": page,
            "results": [selectors.as_api_dict(d) for d in docs[(page - 1) * 20: page * 20]]}


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
