"""Shared tantivy plumbing: one on-disk index per name under `settings.SEARCH_INDEX_DIR`.

Text fields are fed as rjieba words joined by spaces (`analysis.index_strings`); tantivy only splits
them again on the spaces, so the index and the queries hold the same words. Each text field is two
tantivy fields: `name` (default-mode words with positions, for phrases) and `name_terms` (with the
search-mode sub-words, for single words). Queries are built from those words, never by tantivy's
query parser, so user syntax like `"`, `*`, `NEAR`, `OR` cannot break a query. Highlights are
computed on the stored original text (`analysis.highlight`), not from index offsets.
The index is derived data: the database is the truth.
"""

from __future__ import annotations

import logging
import shutil
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import tantivy
from django.conf import settings

from gongkai.search.analysis import expand, index_search_words, index_strings

log = logging.getLogger(__name__)
ANALYZER = "gk_words"
TERMS = "_terms"  # suffix of the search-mode twin of each text field
_lock = threading.Lock()
_indexes: dict[tuple[str, str], tantivy.Index] = {}


def _analyzer() -> Any:
    # The words arrive segmented and space-separated; "simple" splits on every non-alphanumeric
    # character (spaces, punctuation), as `analysis.query_tokens` does for queries. (A regex
    # tokenizer doing the same costs twice the indexing time.)
    return tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.simple()).filter(tantivy.Filter.lowercase()).build()


def add_text_field(builder: tantivy.SchemaBuilder, name: str, *, phrases: bool = True) -> None:
    """A searchable text field: `name_terms` for words (frequencies) and, unless `phrases` is off,
    `name` for phrases (positions). A field searched only for words costs half as much to index."""
    if phrases:
        builder.add_text_field(name, stored=False, tokenizer_name=ANALYZER)
    builder.add_text_field(name + TERMS, stored=False, tokenizer_name=ANALYZER, index_option="freq")


def add_text(doc: tantivy.Document, name: str, text: str, *, phrases: bool = True) -> None:
    if phrases:
        words, search_words = index_strings(text)
        doc.add_text(name, words)
    else:
        search_words = index_search_words(text)
    doc.add_text(name + TERMS, search_words)


def add_stored_field(builder: tantivy.SchemaBuilder, name: str) -> None:
    """Text kept for display only (titles, snippets' source): stored, not indexed (a stored text
    field would also index the whole value as one huge term)."""
    builder.add_bytes_field(name, stored=True, indexed=False)


def add_stored(doc: tantivy.Document, name: str, text: str) -> None:
    doc.add_bytes(name, text.encode("utf-8"))


def stored_text(stored: tantivy.Document, name: str) -> str:
    values = stored[name]
    return bytes(values[0]).decode("utf-8") if values else ""


def index_dir(name: str) -> Path:
    return Path(settings.SEARCH_INDEX_DIR) / name


def open_index(name: str, build_schema: Callable[[], tantivy.Schema]) -> tantivy.Index:
    """The cached Index for `name` in the current SEARCH_INDEX_DIR (created when missing)."""
    path = index_dir(name)
    key = (str(path), name)
    with _lock:
        index = _indexes.get(key)
        if index is not None and path.exists():
            return index
        path.mkdir(parents=True, exist_ok=True)
        schema = build_schema()
        try:
            index = tantivy.Index(schema, path=str(path), reuse=True)
        except ValueError:
            # The schema changed with a new version: the index is derived data, so start afresh
            # (`rebuild_search_index` refills it from the database).
            log.warning("search index %s has an old schema; recreating it", path)
            shutil.rmtree(path)
            path.mkdir(parents=True)
            index = tantivy.Index(schema, path=str(path), reuse=False)
        index.register_tokenizer(ANALYZER, _analyzer())
        _indexes[key] = index
        return index


def forget(name: str) -> None:
    path = index_dir(name)
    with _lock:
        _indexes.pop((str(path), name), None)


_bulk = threading.local()
BIG_HEAP = 400_000_000  # imports and rebuilds: fewer, larger segments to merge later


@contextmanager
def bulk() -> Iterator[None]:
    """Within this block each index keeps one writer, and a write commits without waiting for the
    segment merges it starts: they run on the other core while the caller prepares the next batch.
    On leaving, the merges finish and readers reload. For imports and rebuilds (many writes in a row)."""
    if getattr(_bulk, "writers", None) is not None:
        yield  # already inside one
        return
    _bulk.writers = {}
    try:
        yield
    finally:
        writers, _bulk.writers = _bulk.writers, None
        for index, writer in writers.values():
            writer.wait_merging_threads()
            index.reload()


def _open_writer(index: tantivy.Index, heap: int) -> tantivy.IndexWriter:
    """tantivy allows one writer per index; another process holding the lock (e.g. a second huey
    worker) makes us wait and retry briefly rather than fail the change that triggered indexing."""
    for attempt in range(20):
        try:
            return index.writer(heap_size=heap, num_threads=2)
        except ValueError:
            if attempt == 19:
                raise
            time.sleep(0.25)
    raise AssertionError("unreachable")


def write(index: tantivy.Index, *, delete: Iterable[tuple[str, Any]] = (), add: Iterable[tantivy.Document] = (),
          many: bool = False) -> None:
    """One writer transaction: delete terms, add documents (an iterable: built while tantivy indexes
    the previous ones), commit, reload readers. `many`: a big batch, so a bigger buffer."""
    writers = getattr(_bulk, "writers", None)
    kept = writers is not None
    if writers is not None:
        if id(index) not in writers:
            writers[id(index)] = (index, _open_writer(index, BIG_HEAP))
        writer = writers[id(index)][1]
    else:
        writer = _open_writer(index, BIG_HEAP if many else 100_000_000)
    for field, value in delete:
        writer.delete_documents_by_term(field, value)
    for doc in add:
        writer.add_document(doc)
    writer.commit()
    if not kept:
        writer.wait_merging_threads()
    index.reload()


def clear(index: tantivy.Index) -> None:
    """Delete every document of the index (before a rebuild from the database)."""
    writer = _open_writer(index, 30_000_000)  # the smallest buffer for two threads
    writer.delete_all_documents()
    writer.commit()
    writer.wait_merging_threads()
    index.reload()


def _words_query(schema: tantivy.Schema, field: str, words: list[str], positions: bool) -> tantivy.Query:
    """One word: the search-mode field. Several: a phrase where the field keeps positions, else all of them."""
    if len(words) == 1:
        return tantivy.Query.term_query(schema, field + TERMS, words[0])
    if positions:
        return tantivy.Query.phrase_query(schema, field, list[str | tuple[int, str]](words))
    return all_of(*(tantivy.Query.term_query(schema, field + TERMS, word) for word in words))


def _boosted(query: tantivy.Query, boost: float) -> tuple[tantivy.Occur, tantivy.Query]:
    return tantivy.Occur.Should, tantivy.Query.boost_query(query, boost) if boost != 1 else query


def term_group_query(schema: tantivy.Schema, fields: dict[str, float], term: str,
                     phrase_fields: set[str] | None = None) -> tantivy.Query:
    """A term or any of its synonyms in any of `fields` (boost per field). Multi-token synonyms are
    phrases in `phrase_fields` (default: all fields); fields without positions need all their words."""
    return tantivy.Query.boolean_query([
        _boosted(_words_query(schema, field, tokens, phrase_fields is None or field in phrase_fields), boost)
        for tokens in expand(term) for field, boost in fields.items()])


def phrase_query(schema: tantivy.Schema, fields: dict[str, float], words: list[str]) -> tantivy.Query:
    return tantivy.Query.boolean_query([_boosted(_words_query(schema, field, words, True), boost)
                                        for field, boost in fields.items()])


def all_of(*queries: tantivy.Query) -> tantivy.Query:
    return tantivy.Query.boolean_query([(tantivy.Occur.Must, q) for q in queries])


def any_of(*queries: tantivy.Query) -> tantivy.Query:
    return tantivy.Query.boolean_query([(tantivy.Occur.Should, q) for q in queries])
