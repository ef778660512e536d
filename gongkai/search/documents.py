"""The document index: index, remove, search, suggest. Callers never see tantivy.

Ranking: BM25 over title (×3) and body, 文号 exact match (×20), every query word required (with its
synonyms as alternatives; falls back to any word when nothing has all), phrases in "quotes", and a
weight that ranks valid documents above amended, repealed or withdrawn ones, which stay findable.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

import tantivy

from gongkai.search import engine
from gongkai.search.analysis import highlight, looks_like_doc_no, mark, normalise_doc_no, query_terms, query_tokens

NAME = "documents"
MAX_QUERY_CHARS = 200  # longer input is cut: a 2,000-character paste is not a better query
FIELDS = {"title": 3.0, "body": 1.0, "keywords": 2.0}
SNIPPET_SOURCE_CHARS = 4000
# The deepest result a search may list (offset + page size). tantivy allocates a collector for
# offset + limit hits up front: page=999999999999 once asked it for ~160 TB and aborted the worker.
# Past this window a search still counts its hits but lists none; pages offer at most
# `max_page(per_page)` pages.
MAX_RESULT_WINDOW = 1000
MAX_PER_PAGE = 100


def max_page(per_page: int) -> int:
    """The last page a caller may ask for with this page size."""
    return max(1, MAX_RESULT_WINDOW // max(1, min(MAX_PER_PAGE, per_page)))

WITHDRAWN = "withdrawn"  # the 有效性 indexed for a withdrawn document (publishing.selectors.indexed_document)


@dataclass(frozen=True)
class IndexedDocument:
    pk: int
    index_no: str
    title: str
    doc_no: str
    publisher: str
    org_id: int
    written_on: date | None
    published_on: date | None
    topic: str
    genre: str
    validity: str
    kind: str
    rank_penalty: int
    keywords: str
    body: str
    url: str


@dataclass(frozen=True)
class Hit:
    pk: int
    score: float
    title_html: str
    snippet_html: str


@dataclass
class SearchResults:
    total: int
    hits: list[Hit] = field(default_factory=list)
    terms: list[str] = field(default_factory=list)


def _schema() -> tantivy.Schema:
    b = tantivy.SchemaBuilder()
    b.add_integer_field("pk", stored=True, indexed=True, fast=True)
    for name in FIELDS:
        engine.add_text_field(b, name)
    for name in ("doc_no", "topic", "genre", "validity", "kind", "publisher"):
        b.add_text_field(name, stored=False, tokenizer_name="raw")
    b.add_integer_field("org_id", indexed=True, fast=True)
    b.add_integer_field("year", indexed=True, fast=True)
    b.add_integer_field("published", indexed=True, fast=True)  # date ordinal, for "newest first"
    b.add_float_field("weight", fast=True)
    engine.add_stored_field(b, "title_raw")
    engine.add_stored_field(b, "body_raw")
    return b.build()


def _index() -> tantivy.Index:
    return engine.open_index(NAME, _schema)


def _weight(rank_penalty: int) -> float:
    # tantivy multiplies the score by log2(2 + weight): 6 → ×3 for valid, 2 → ×2, 0 → ×1 for repealed.
    return {0: 6.0, 1: 2.0}.get(rank_penalty, 0.0)


def _document(d: IndexedDocument) -> tantivy.Document:
    doc = tantivy.Document()
    doc.add_integer("pk", d.pk)
    engine.add_text(doc, "title", d.title)
    engine.add_text(doc, "body", d.body)
    engine.add_text(doc, "keywords", d.keywords)
    if d.doc_no:
        doc.add_text("doc_no", normalise_doc_no(d.doc_no))
    for name in ("topic", "genre", "validity", "kind", "publisher"):
        value = getattr(d, name)
        if value:
            doc.add_text(name, value)
    doc.add_integer("org_id", d.org_id)
    when = d.written_on or d.published_on
    doc.add_integer("year", when.year if when else 0)
    doc.add_integer("published", (d.published_on or d.written_on or date(1970, 1, 1)).toordinal())
    doc.add_float("weight", _weight(d.rank_penalty))
    engine.add_stored(doc, "title_raw", d.title)
    # Snippets come from the stored opening of the body; matches further in still rank the document.
    engine.add_stored(doc, "body_raw", d.body[:SNIPPET_SOURCE_CHARS])
    return doc


def index_documents(docs: list[IndexedDocument] | tuple[IndexedDocument, ...]) -> None:
    """Add or replace documents (by pk) in one commit."""
    if not docs:
        return
    engine.write(_index(), delete=[("pk", d.pk) for d in docs], add=(_document(d) for d in docs),
                 many=len(docs) > 1000)


def remove_documents(pks: list[int] | set[int]) -> None:
    if pks:
        engine.write(_index(), delete=[("pk", pk) for pk in pks])


def clear_documents() -> None:
    engine.clear(_index())


def count() -> int:
    index = _index()
    index.reload()
    return int(index.searcher().num_docs)


def indexed_pks() -> set[int]:
    index = _index()
    index.reload()
    searcher = index.searcher()
    if searcher.num_docs == 0:
        return set()
    result = searcher.search(tantivy.Query.all_query(), limit=searcher.num_docs)
    return {searcher.doc(addr)["pk"][0] for _, addr in result.hits}


def _phrases(query: str) -> tuple[list[str], str]:
    """Quoted phrases ("…" or “…”) and the rest of the query."""
    phrases = re.findall(r"[\"“”「」『』]([^\"“”「」『』]+)[\"“”「」『』]", query)
    rest = re.sub(r"[\"“”「」『』][^\"“”「」『』]*[\"“”「」『』]", " ", query)
    return [p.strip() for p in phrases if p.strip()], rest


def _filters(schema: tantivy.Schema, **filters: object) -> list[tantivy.Query]:
    out = []
    for name in ("topic", "genre", "validity", "kind"):
        value = filters.get(name)
        if value:
            out.append(tantivy.Query.term_query(schema, name, str(value)))
    for name in ("org_id", "year"):
        value = filters.get(name)
        if value:
            number = int(str(value))
            # A number tantivy cannot hold (i64) matches no document rather than raising.
            in_range = -(2**63) <= number < 2**63
            out.append(tantivy.Query.term_query(schema, name, number) if in_range else tantivy.Query.empty_query())
    return out


def search(query: str, *, topic: str | None = None, org_id: int | None = None, year: int | None = None,
           genre: str | None = None, validity: str | None = None, kind: str | None = None,
           sort: str = "relevance", page: int = 1, per_page: int = 10, include_withdrawn: bool = True,
           fields: dict[str, float] | None = None) -> SearchResults:
    """Search; never raises on user input (an empty or pure-punctuation query finds nothing).
    Without `include_withdrawn`, documents indexed as withdrawn are left out. `fields` overrides the
    field weights (the relevance benchmark runs the previous ones beside)."""
    fields = fields or FIELDS
    query = (query or "")[:MAX_QUERY_CHARS]
    per_page = max(1, min(MAX_PER_PAGE, int(per_page)))
    page = max(1, min(int(page), max_page(per_page) + 1))  # one past the window: counted, nothing listed
    index = _index()
    schema = index.schema
    phrases, rest = _phrases(query)
    terms = query_terms(rest)
    filters = _filters(schema, topic=topic, org_id=org_id, year=year, genre=genre, validity=validity, kind=kind)
    doc_no = looks_like_doc_no(query)
    phrase_queries = [engine.phrase_query(schema, fields, query_tokens(p)) for p in phrases if query_tokens(p)]
    if not terms and not phrase_queries and not doc_no:
        if not filters:
            return SearchResults(0, [], [])
        text_query = tantivy.Query.all_query()
        strict = text_query
        loose = None
    else:
        groups = [engine.term_group_query(schema, fields, t) for t in terms]
        strict = engine.all_of(*(groups + phrase_queries)) if groups or phrase_queries else tantivy.Query.empty_query()
        loose = engine.all_of(engine.any_of(*groups), *phrase_queries) if len(groups) > 1 else None
        if doc_no:
            exact = tantivy.Query.boost_query(tantivy.Query.term_query(schema, "doc_no", doc_no), 20.0)
            strict = engine.any_of(exact, strict)
            loose = engine.any_of(exact, loose) if loose is not None else None
    all_terms = phrases + terms + ([doc_no, query.strip()] if doc_no else [])
    if not include_withdrawn and validity != WITHDRAWN:
        filters.append(tantivy.Query.boolean_query([
            (tantivy.Occur.Must, tantivy.Query.all_query()),
            (tantivy.Occur.MustNot, tantivy.Query.term_query(schema, "validity", WITHDRAWN))]))
    results = _run(index, strict, filters, sort, page, per_page, all_terms)
    if results.total == 0 and loose is not None:
        results = _run(index, loose, filters, sort, page, per_page, all_terms)
    return results


def _run(index: tantivy.Index, text_query: tantivy.Query, filters: list[tantivy.Query], sort: str, page: int,
         per_page: int, terms: list[str]) -> SearchResults:
    query = engine.all_of(text_query, *filters) if filters else text_query
    searcher = index.searcher()
    offset = (page - 1) * per_page
    if offset + per_page > MAX_RESULT_WINDOW:
        # Beyond the window: the count only (tantivy still needs a limit; one hit is cheap).
        counted = searcher.search(query, limit=1, count=True)
        return SearchResults(total=getattr(counted, "count", None) or 0, hits=[], terms=terms)
    if sort == "date":
        result = searcher.search(query, limit=per_page, offset=offset, count=True, order_by_field="published")
    else:
        result = searcher.search(query, limit=per_page, offset=offset, count=True, weight_by_field="weight")
    hits = []
    for score, address in result.hits:
        stored = searcher.doc(address)
        title = engine.stored_text(stored, "title_raw")
        body = engine.stored_text(stored, "body_raw")
        hits.append(Hit(pk=stored["pk"][0], score=float(score) if sort != "date" else 0.0,
                        title_html=mark(title, terms), snippet_html=highlight(body, terms)))
    return SearchResults(total=getattr(result, "count", None) or 0, hits=hits, terms=terms)


def suggest(prefix: str, limit: int = 8) -> list[str]:
    """Titles' words starting with `prefix` (for the search box), most frequent first."""
    prefix = (prefix or "").strip().lower()[:20]
    if not prefix:
        return []
    searcher = _index().searcher()
    try:
        words = searcher.terms_with_prefix("title", prefix, limit=limit * 4)
    except (ValueError, TypeError, AttributeError):
        return []
    out = []
    for item in words:
        word = item[0] if isinstance(item, tuple) else item
        if isinstance(word, bytes):
            word = word.decode("utf-8", "ignore")
        if word not in out:
            out.append(str(word))
    return out[:limit]
