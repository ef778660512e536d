"""The passage index for 政策问答: sentence passages that carry their context.

A passage is one sentence, indexed with its context as separate weighted fields: the sentence
(`text`), its neighbours in the same item (`context`), the section heading titles (`heading`) and the
document title (`title`). Same analyzer and engine as documents (BM25 in tantivy); a fast-field weight
ranks valid documents' passages above repealed ones. A query is a list of concepts, each a list of
alternative words (the question's word, its synonyms, the documents' terms for an everyday word) with
a weight; the clauses form one flat union so that tantivy can prune.
Re-ranking and the decision to answer are the Q&A app's business.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple

import tantivy

from gongkai.search import engine
from gongkai.search.analysis import expand, query_terms, query_tokens

NAME = "passages"
FIELDS = {"text": 1.0, "context": 0.35, "heading": 0.5, "title": 0.25}
MAX_LIMIT = 300


class IndexedPassage(NamedTuple):
    # A NamedTuple: a document makes dozens, and a frozen dataclass costs several times more to build.
    pk: str
    doc_pk: int
    section: str
    text: str
    year: int | None
    rank_penalty: int
    title: str = ""
    heading: str = ""
    before: str = ""
    after: str = ""
    region: str = ""


@dataclass(frozen=True)
class PassageHit:
    pk: str
    doc_pk: int
    score: float
    section: str
    text: str
    year: int | None
    heading: str = ""
    title: str = ""
    before: str = ""
    after: str = ""
    region: str = ""


def _schema() -> tantivy.Schema:
    b = tantivy.SchemaBuilder()
    engine.add_stored_field(b, "pk")  # "doc:ordinal", for display; deletions go by doc_pk
    b.add_integer_field("doc_pk", stored=True, indexed=True, fast=True)
    for name in FIELDS:
        # A passage is one sentence: a multi-word alternative needs all its words in the field
        # rather than in a row, so no field needs positions (a third less to index).
        engine.add_text_field(b, name, phrases=False)
    for name in ("section_raw", "text_raw", "heading_raw", "title_raw", "before_raw", "after_raw", "region"):
        engine.add_stored_field(b, name)
    b.add_text_field("region_key", stored=False, tokenizer_name="raw")
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
    # The neighbours one by one: each is a sentence whose words are already segmented (and cached) as
    # another passage's text, so the context field costs little to index.
    for neighbour in (p.before, p.after):
        if neighbour:
            engine.add_text(doc, "context", neighbour, phrases=False)
    engine.add_text(doc, "heading", p.heading, phrases=False)
    engine.add_text(doc, "title", p.title, phrases=False)
    for name, value in (("section_raw", p.section), ("text_raw", p.text), ("heading_raw", p.heading),
                        ("title_raw", p.title), ("before_raw", p.before), ("after_raw", p.after),
                        ("region", p.region)):
        if value:
            engine.add_stored(doc, name, value)
    if p.region:
        doc.add_text("region_key", p.region)
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


@lru_cache(maxsize=4096)
def _tokens(word: str) -> tuple[str, ...]:
    return tuple(query_tokens(word)) or (word.lower(),)


def document_frequency(word: str) -> int:
    """In how many passages the word (every one of its tokens) occurs in the sentence field; 0 if nowhere."""
    searcher = _index().searcher()
    tokens = _tokens(word)
    try:
        return min(int(searcher.doc_freq("text" + engine.TERMS, t)) for t in tokens)
    except (ValueError, TypeError):
        return 0


def holds(*, year: int | None = None, region: str | None = None) -> bool:
    """Whether any passage is of `year` and/or `region` (the library holds such a document)."""
    index = _index()
    schema = index.schema
    clauses = []
    if year is not None:
        clauses.append(tantivy.Query.term_query(schema, "year", year))
    if region is not None:
        clauses.append(tantivy.Query.term_query(schema, "region_key", region))
    if not clauses:
        return index.searcher().num_docs > 0
    result = index.searcher().search(engine.all_of(*clauses), limit=1)
    return bool(result.hits)


def _hit(searcher: tantivy.Searcher, score: float, address: tantivy.DocAddress) -> PassageHit:
    stored = searcher.doc(address)
    text = engine.stored_text
    return PassageHit(pk=text(stored, "pk"), doc_pk=stored["doc_pk"][0], score=float(score),
                      section=text(stored, "section_raw"), text=text(stored, "text_raw"),
                      year=stored["year"][0] or None, heading=text(stored, "heading_raw"),
                      title=text(stored, "title_raw"), before=text(stored, "before_raw"),
                      after=text(stored, "after_raw"), region=text(stored, "region"))


def _clause(schema: tantivy.Schema, field: str, tokens: tuple[str, ...], boost: float) -> tantivy.Query:
    name = field + engine.TERMS
    if len(tokens) == 1:
        q = tantivy.Query.term_query(schema, name, tokens[0])
    else:  # a multi-word alternative needs all its words in the field
        q = engine.all_of(*(tantivy.Query.term_query(schema, name, t) for t in tokens))
    return tantivy.Query.boost_query(q, boost) if boost != 1 else q


def search_concepts(concepts: Sequence[tuple[Sequence[str], float]], limit: int = 100,
                    fields: dict[str, float] | None = None,
                    sentence_only: Sequence[bool] | None = None) -> list[PassageHit]:
    """Passages matching any concept ((alternatives, weight) pairs), BM25 × validity weight, best first.

    One flat list of SHOULD clauses (alternative × field, boosted by field and concept weight): a flat
    union lets tantivy skip blocks that cannot reach the top (five times faster than one nested clause
    per concept at 270,000 passages). `fields` (default `FIELDS`) limits the search, e.g. to the
    sentence alone for a baseline; `sentence_only[i]` searches concept i in the sentence field alone
    (a common word: its posting lists in the title and heading fields, which repeat on every passage
    of a document, cost the most and say the least)."""
    base = fields or FIELDS
    clauses: list[tuple[tantivy.Occur, tantivy.Query]] = []
    index = _index()
    schema = index.schema
    for i, (alternatives, weight) in enumerate(concepts):
        searched = {"text": base["text"]} if sentence_only and sentence_only[i] and "text" in base else base
        for tokens in dict.fromkeys(_tokens(a) for a in alternatives):
            for field, boost in searched.items():
                clauses.append((tantivy.Occur.Should, _clause(schema, field, tokens, boost * weight)))
    if not clauses:
        return []
    searcher = index.searcher()
    result = searcher.search(tantivy.Query.boolean_query(clauses), limit=max(1, min(limit, MAX_LIMIT)),
                             weight_by_field="weight")
    return [_hit(searcher, score, address) for score, address in result.hits]


def search_passages(query: str, limit: int = 10, *, terms: list[str] | None = None) -> list[PassageHit]:
    """Plain BM25 over passages: each query word (with its synonyms) a concept; never raises on input."""
    terms = terms if terms is not None else query_terms((query or "")[:300])
    return search_concepts([([w for tokens in expand(t) for w in [" ".join(tokens)]], 1.0) for t in terms],
                           limit=limit)
