"""POST /api/v1/qa/ask — the same answer as `manage.py ask`."""

from __future__ import annotations

from typing import Any, Literal

from django.http import HttpRequest
from ninja import Router, Schema

from gongkai.core import limits
from gongkai.core.middleware import client_ip
from gongkai.qa.services import asker_key, question_ask

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
    outcome: Literal["answered", "related", "not_found"]
    related: list[CitationOut]


@router.post("/ask", response=AskOut, summary="政策问答（带出处）")
def ask(request: HttpRequest, payload: AskIn) -> dict[str, Any]:
    """answered: a cited passage; related: up to 3 passages that may help (queued for an officer);
    not_found: queued. A question is recorded once per client and normalised text."""
    limits.check(request, "ask")
    _record, result = question_ask(question=payload.question, asker=asker_key("api", client_ip(request) or ""))
    return result.as_dict()
