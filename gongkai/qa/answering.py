"""Answer a question: knowledge base first, then passages of the policy library, with citations.

understand (`understanding.py`) → retrieve passages with their context (`search.passages`, BM25) →
re-rank and decide (`rules.py`, thresholds fitted on the tuning split) → answered / related /
not_found. The retriever sits behind a small Protocol so another retriever (e.g. embeddings) could be
added without changing callers; see docs/decisions/0501 for why none is.
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from typing import Any, Protocol

from django.conf import settings
from django.utils import timezone

from gongkai.publishing.models import Document
from gongkai.qa import rules
from gongkai.qa.indexing import ensure_passages
from gongkai.qa.models import KnowledgeEntry
from gongkai.qa.understanding import Understanding, fold, understand
from gongkai.search import passages as passage_index
from gongkai.search.analysis import highlight, query_terms

CANDIDATES = 60


class Retriever(Protocol):
    def retrieve(self, u: Understanding, limit: int) -> list[rules.Candidate]: ...


COMMON_SHARE = 0.02  # a word in more than 2 % of passages is common: searched in the sentence field only
VERY_COMMON_SHARE = 0.10  # in more than 10 %: not searched at all (it cannot tell passages apart), only counted


class Bm25Retriever:
    """BM25 over sentence + neighbours + heading + title (separate weighted fields), each concept weighted
    by its part of speech. Common concepts are searched in the sentence alone, very common ones (政府,
    公开 in a library of 政务公开 texts) not at all: they rank little and cost the most. Re-ranking still
    counts every concept wherever it is found."""

    def retrieve(self, u: Understanding, limit: int) -> list[rules.Candidate]:
        ensure_passages()
        n = max(1, passage_index.count())
        shares = [max((_df(a) for a in c.alternatives), default=0) / n for c in u.concepts]
        searched = [i for i, share in enumerate(shares) if share <= VERY_COMMON_SHARE]
        if not searched and shares:  # only common words: search the rarest of them
            searched = [min(range(len(shares)), key=shares.__getitem__)]
        hits = passage_index.search_concepts([(u.concepts[i].alternatives, u.concepts[i].weight) for i in searched],
                                             limit=limit, sentence_only=[shares[i] > COMMON_SHARE for i in searched])
        return [rules.Candidate(h.pk, h.doc_pk, h.text, h.section, h.score, h.year, h.heading, h.title,
                                h.before, h.after, h.region) for h in hits]


@dataclass
class Answer:
    answered: bool
    answer: str
    citations: list[dict[str, Any]] = field(default_factory=list)
    score: float = 0.0
    source: str = "library"  # library | kb | none
    knowledge_entry: KnowledgeEntry | None = None
    outcome: str = "not_found"  # answered | related | not_found
    related: list[dict[str, Any]] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {"answered": self.answered, "answer": self.answer, "citations": self.citations,
                "score": round(self.score, 4), "outcome": self.outcome, "related": self.related}


NOT_FOUND = "暂未在政策文件库中找到能够回答该问题的内容。您的问题已转给工作人员，答复后将在此公开。"
RELATED = "暂未找到确切答案。以下条款可能与您的问题有关；您的问题已转给工作人员，答复后将在此公开。"


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
    return tuple(query_terms(fold(question)))


def from_knowledge_base(question: str, u: Understanding) -> Answer | None:
    """An officer's answer to the same (or nearly the same) question wins over library passages."""
    today = timezone.localdate()
    entries = KnowledgeEntry.objects.filter(is_active=True).exclude(valid_until__lt=today)
    entry = entries.filter(question_key=rules.question_key(question)).first()
    words = query_terms(u.folded)
    if entry is None and words:
        asked = u.folded.lower() + " " + " ".join(a for c in u.concepts for a in c.alternatives)
        best, best_cov = None, 0.0
        for candidate in entries.only("pk", "question", "answer")[:2000]:
            cov = rules.term_coverage(words, fold(candidate.question))
            back = rules.term_coverage(list(_question_terms(candidate.question)), asked)
            if min(cov, back) > best_cov:
                best, best_cov = candidate, min(cov, back)
        if best is not None and best_cov >= 0.8:
            entry = best
    if entry is None:
        return None
    terms = highlight_terms(u)
    citations = [_citation(doc, "", entry.answer[:200], terms) for doc in entry.basis.all()[:3]]
    by = entry.answered_by_name or ("12345 热线知识库" if entry.source == KnowledgeEntry.Source.HOTLINE else "")
    text = entry.answer + (f"（答复：{by}）" if by else "")
    return Answer(True, text, citations, 1.0, "kb", entry, outcome="answered")


def highlight_terms(u: Understanding) -> list[str]:
    return [a for c in u.concepts for a in c.alternatives if len(a) > 1 or c.weight >= 1]


def scope_of(u: Understanding) -> rules.Scope:
    """The question's years and place, as far as the library holds them."""
    years = tuple(y for y in u.years if passage_index.holds(year=y))
    place_held = False
    if u.place is not None:
        if years:
            place_held = any(passage_index.holds(year=y, region=u.place) for y in years)
        else:
            place_held = passage_index.holds(region=u.place)
    unknown = next((p for p in u.places_named if _df(p) == 0), "")
    return rules.Scope(years=years, years_asked=u.years, place=u.place, place_held=place_held, unknown_place=unknown)


def home_province() -> str | None:
    """The province the site's governments are in (for 省里/我省): settings.QA_HOME_PROVINCE, else the
    first province named in the top organisation's name or address."""
    configured = getattr(settings, "QA_HOME_PROVINCE", None)
    if configured:
        return str(configured)
    return _home_province_from_organisations()


@lru_cache(maxsize=1)
def _home_province_from_organisations() -> str | None:
    from gongkai.core.models import Organisation
    from gongkai.qa.understanding import PROVINCES

    for org in Organisation.objects.order_by("path").only("name", "address")[:20]:
        text = f"{org.name} {getattr(org, 'address', '')}"
        for province in PROVINCES:
            if province in text:
                return province
    return None


def understand_question(question: str, today: date | None = None) -> Understanding:
    return understand((question or "")[:500], today=today or timezone.localdate(), home_province=home_province())


def rank_passages(u: Understanding, *, retriever: Retriever | None = None,
                  limit: int = CANDIDATES) -> tuple[list[rules.Scored], rules.Scope]:
    """Retrieve and re-rank (no decision): for the page, the evaluation and the threshold fit."""
    if u.frame_only:
        return [], rules.Scope()
    candidates = (retriever or Bm25Retriever()).retrieve(u, limit)
    n = passage_index.count()
    weights = rules.concept_weights(u.concepts, _df, n)
    scope = scope_of(u)
    return rules.rank(u, candidates, weights, scope), scope


@lru_cache(maxsize=50_000)
def _df_cached(word: str, generation: int) -> int:
    return passage_index.document_frequency(word)


def _df(word: str) -> int:
    return _df_cached(word, passage_index.count())  # the count changes when the index does


def answer(question: str, *, retriever: Retriever | None = None, today: date | None = None,
           thresholds: rules.Thresholds | None = None) -> Answer:
    question = (question or "")[:500]
    u = understand_question(question, today)
    kb = from_knowledge_base(question, u)
    if kb is not None:
        return kb
    ranked, scope = rank_passages(u, retriever=retriever)
    decision = rules.decide(u, ranked, scope, thresholds or rules.thresholds())
    if decision.outcome == "not_found":
        return Answer(False, NOT_FOUND, score=decision.confidence, source="none", outcome="not_found")
    chosen = rules.citations_from(ranked)
    # The citation needs four columns; a whole Document row (its body) costs more than the search.
    docs = Document.objects.only("pk", "doc_no", "title", "index_no").in_bulk({s.candidate.doc_key for s in chosen})
    terms = highlight_terms(u)
    citations = [_citation(docs[s.candidate.doc_key], s.candidate.section, s.quote, terms)
                 for s in chosen if s.candidate.doc_key in docs]
    if not citations:
        return Answer(False, NOT_FOUND, score=decision.confidence, source="none", outcome="not_found")
    if decision.outcome == "related":
        return Answer(False, RELATED, score=decision.confidence, source="none", outcome="related", related=citations)
    return Answer(True, rules.trim(chosen[0].quote), citations, decision.confidence, "library", outcome="answered")


def answer_html(result: Answer) -> str:
    return html.escape(result.answer)
