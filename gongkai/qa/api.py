"""POST /api/v1/qa/ask — the same answer as `manage.py ask`."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema

from gongkai.core import limits
from gongkai.qa.services import question_ask

router = Router(tags=["政策问答"])


class AskIn(Schema):
    question: str


class CitationOut(Schema):
    doc_no: str
    title: str
    index_no: str
    section: str
    quote: str
    url: str


class AskOut(Schema):
    answered: bool
    answer: str
    citations: list[CitationOut]
    score: float


@router.post("/ask", response=AskOut, summary="政策问答（带出处）")
def ask(request: HttpRequest, payload: AskIn) -> dict[str, Any]:
    limits.check(request, "ask")
    _record, result = question_ask(question=payload.question)
    return result.as_dict()
