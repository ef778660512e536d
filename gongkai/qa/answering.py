"""Answer a question: knowledge base first, then passages of the policy library, with citations.

The retriever sits behind a small Protocol so an embedding retriever can be added later without
changing callers; BM25 over rjieba tokens (tantivy) is the default and needs nothing else.
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, Protocol

from django.conf import settings
from django.utils import timezone

from gongkai.publishing.models import Document
from gongkai.qa import rules
from gongkai.qa.indexing import ensure_passages
from gongkai.qa.models import KnowledgeEntry
from gongkai.search import passages as passage_index
from gongkai.search.analysis import highlight, query_terms, synonyms_of


class Retriever(Protocol):
    def retrieve(self, question: str, terms: list[str], limit: int) -> list[rules.Candidate]: ...


class Bm25Retriever:
    def retrieve(self, question: str, terms: list[str], limit: int) -> list[rules.Candidate]:
        ensure_passages()
        return [rules.Candidate(h.pk, h.doc_pk, h.text, h.section, h.score, h.year)
                for h in passage_index.search_passages(question, limit=limit, terms=terms)]


@dataclass
class Answer:
    answered: bool
    answer: str
    citations: list[dict[str, Any]] = field(default_factory=list)
    score: float = 0.0
    source: str = "library"  # library | kb | none
    knowledge_entry: KnowledgeEntry | None = None

    def as_dict(self) -> dict[str, Any]:
        return {"answered": self.answered, "answer": self.answer, "citations": self.citations,
                "score": round(self.score, 4)}


NOT_FOUND = "暂未在政策文件库中找到能够回答该问题的内容。您的问题已转给工作人员，答复后将在此公开。"


def _citation(doc: Document, section: str, quote: str, terms: list[str]) -> dict[str, Any]:
    return {
        "doc_no": doc.doc_no,
        "title": doc.title,
        "index_no": doc.index_no,
        "section": section,
        "quote": quote,
        "quote_html": highlight(quote, terms, max_chars=400),
        "url": settings.SITE_URL + doc.get_absolute_url(),
    }


@lru_cache(maxsize=20_000)
def _question_terms(question: str) -> tuple[str, ...]:
    """A KB question's words, segmented once per process rather than on every ask."""
    return tuple(query_terms(question))


def from_knowledge_base(question: str, terms: list[str]) -> Answer | None:
    """An officer's answer to the same (or nearly the same) question wins over library passages."""
    today = timezone.localdate()
    entries = KnowledgeEntry.objects.filter(is_active=True).exclude(valid_until__lt=today)
    key = rules.question_key(question)
    entry = entries.filter(question_key=key).first()
    if entry is None and terms:
        best, best_cov = None, 0.0
        for candidate in entries.only("pk", "question", "answer")[:2000]:
            cov = rules.coverage(terms, candidate.question)
            back = rules.coverage(list(_question_terms(candidate.question)), question)
            if min(cov, back) > best_cov:
                best, best_cov = candidate, min(cov, back)
        if best is not None and best_cov >= 0.8:
            entry = best
    if entry is None:
        return None
    citations = [_citation(doc, "", entry.answer[:200], terms) for doc in entry.basis.all()[:3]]
    by = entry.answered_by_name or ("12345 热线知识库" if entry.source == KnowledgeEntry.Source.HOTLINE else "")
    text = entry.answer + (f"（答复：{by}）" if by else "")
    return Answer(True, text, citations, 1.0, "kb", entry)


def answer(question: str, *, retriever: Retriever | None = None) -> Answer:
    question = (question or "")[:500]
    terms = query_terms(question)
    kb = from_knowledge_base(question, terms)
    if kb is not None:
        return kb
    if not terms:
        return Answer(False, NOT_FOUND, source="none")
    candidates = (retriever or Bm25Retriever()).retrieve(question, terms, 30)
    if not candidates:
        return Answer(False, NOT_FOUND, source="none")
    alternatives = {t: synonyms_of(t) for t in terms}
    ranked = rules.rerank(question, terms, candidates, alternatives)
    top_score, top_cov, top = ranked[0]
    if not rules.good_enough(top_cov, terms):
        return Answer(False, NOT_FOUND, score=top_cov, source="none")
    docs = Document.objects.in_bulk({c.doc_key for _, _, c in ranked[:5]})
    citations, seen = [], set()
    for score, cov, cand in ranked[:5]:
        doc = docs.get(cand.doc_key)
        if doc is None or cand.doc_key in seen or cov < rules.MIN_COVERAGE or score < top_score * 0.5:
            continue
        seen.add(cand.doc_key)
        citations.append(_citation(doc, cand.section, cand.text, terms))
        if len(citations) == 3:
            break
    if not citations:
        return Answer(False, NOT_FOUND, score=top_cov, source="none")
    return Answer(True, rules.trim(top.text), citations, top_cov, "library")


def answer_html(result: Answer) -> str:
    return html.escape(result.answer)
