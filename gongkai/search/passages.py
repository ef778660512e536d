"""The passage index for 政策问答: paragraph/sentence passages with their section path (二、（三）).

Same analyzer and query building as documents; a weight ranks valid documents' passages above
repealed ones. Re-ranking (year in the question, coverage) is the Q&A app's business.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

import tantivy

from gongkai.search import engine
from gongkai.search.analysis import query_terms

NAME = "passages"
FIELDS = {"text": 1.0, "section": 0.5, "title": 0.3}
# A passage is one sentence: a multi-word synonym needs all its words in it rather than in a row,
# so no field needs positions (a passage costs about a third less to index).
PHRASE_FIELDS: set[str] = set()


class IndexedPassage(NamedTuple):
    # A NamedTuple: a document makes dozens, and a frozen dataclass costs several times more to build.
    pk: str
    doc_pk: int
    section: str
    text: str
    year: int | None
    rank_penalty: int
    title: str = ""


@dataclass(frozen=True)
class PassageHit:
    pk: str
    doc_pk: int
    score: float
    section: str
    text: str
    year: int | None


def _schema() -> tantivy.Schema:
    b = tantivy.SchemaBuilder()
    engine.add_stored_field(b, "pk")  # "doc:ordinal", for display; deletions go by doc_pk
    b.add_integer_field("doc_pk", stored=True, indexed=True, fast=True)
    for name in FIELDS:
        engine.add_text_field(b, name, phrases=name in PHRASE_FIELDS)
    engine.add_stored_field(b, "section_raw")
    engine.add_stored_field(b, "text_raw")
    b.add_integer_field("year", stored=True, indexed=True, fast=True)
    b.add_float_field("weight", fast=True)
    return b.build()


def _index() -> tantivy.Index:
    return engine.open_index(NAME, _schema)


def _document(p: IndexedPassage) -> tantivy.Document:
    doc = tantivy.Document()
    engine.add_stored(doc, "pk", p.pk)
    doc.add_integer("doc_pk", p.doc_pk)
    engine.add_text(doc, "text", p.text, phrases=False)
    engine.add_text(doc, "section", p.section, phrases=False)
    engine.add_text(doc, "title", p.title, phrases=False)
    engine.add_stored(doc, "section_raw", p.section)
    engine.add_stored(doc, "text_raw", p.text)
    doc.add_integer("year", p.year or 0)
    doc.add_float("weight", {0: 6.0, 1: 2.0}.get(p.rank_penalty, 0.0))
    return doc


def index_passages(passages: list[IndexedPassage], *, replace_docs: set[int] | None = None) -> None:
    """Add passages; the documents in `replace_docs` (default: those of the passages) lose their old ones."""
    docs = replace_docs if replace_docs is not None else {p.doc_pk for p in passages}
    if not passages and not docs:
        return
    engine.write(_index(), delete=[("doc_pk", pk) for pk in docs], add=(_document(p) for p in passages),
                 many=len(passages) > 1000)


def remove_passages_of(doc_pks: set[int] | list[int]) -> None:
    if doc_pks:
        engine.write(_index(), delete=[("doc_pk", pk) for pk in doc_pks])


def clear_passages() -> None:
    engine.clear(_index())


def count() -> int:
    index = _index()
    return int(index.searcher().num_docs)


def search_passages(query: str, limit: int = 10, *, terms: list[str] | None = None) -> list[PassageHit]:
    """Passages matching any query word (with synonyms), BM25 × validity weight; never raises on input."""
    terms = terms if terms is not None else query_terms((query or "")[:300])
    if not terms:
        return []
    index = _index()
    schema = index.schema
    q = engine.any_of(*(engine.term_group_query(schema, FIELDS, t, PHRASE_FIELDS) for t in terms))
    searcher = index.searcher()
    result = searcher.search(q, limit=max(1, min(limit, 200)), weight_by_field="weight")
    hits = []
    for score, address in result.hits:
        stored = searcher.doc(address)
        hits.append(PassageHit(pk=engine.stored_text(stored, "pk"), doc_pk=stored["doc_pk"][0], score=float(score),
                               section=engine.stored_text(stored, "section_raw"), text=engine.stored_text(stored, "text_raw"),
                               year=stored["year"][0] or None))
    return hits
