"""Search-index upkeep, run by the one huey consumer (inline when huey is immediate)."""

from __future__ import annotations

import logging
from typing import Any

from django.core.cache import cache
from django.db.models import Exists, OuterRef
from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task, on_startup

from gongkai.publishing import signals
from gongkai.publishing.models import Document, SearchIndexEntry
from gongkai.publishing.selectors import PUBLIC_STATUSES, indexed_document
from gongkai.search import documents as search_index
from gongkai.search import engine

log = logging.getLogger(__name__)


def reindex_documents(pks: list[int], docs: list[Document] | None = None) -> None:
    """Index public documents among `pks`, remove the others (e.g. a draft). `docs`: those rows,
    when the caller has just read them."""
    if docs is None:
        docs = list(Document.objects.filter(pk__in=pks, status__in=PUBLIC_STATUSES))
    else:
        docs = [d for d in docs if d.status in PUBLIC_STATUSES]
    search_index.index_documents([indexed_document(d) for d in docs])
    _record_indexed(docs)  # after the index commit: a record never claims more than the index holds
    gone = set(pks) - {d.pk for d in docs}
    search_index.remove_documents(gone)
    SearchIndexEntry.objects.filter(document_id__in=gone).delete()


def _record_indexed(docs: list[Document]) -> None:
    SearchIndexEntry.objects.bulk_create(
        [SearchIndexEntry(document_id=d.pk, version=d.updated_at) for d in docs], batch_size=1000,
        update_conflicts=True, unique_fields=["document_id"], update_fields=["version"])


@db_task(retries=3, retry_delay=10)
def reindex_documents_task(pks: list[int]) -> None:
    reindex_documents(pks)


INDEX_SLICE = 5000  # documents per index commit (memory stays bounded on a 100,000-file import)


def documents_imported(pks: list[int]) -> None:
    """After an import, per slice: the search index, then the listeners (Q&A passages, one digest
    mail per subscriber). One writer per index for the whole run; merges overlap the next slice."""
    with engine.bulk():
        for start in range(0, len(pks), INDEX_SLICE):
            part = pks[start:start + INDEX_SLICE]
            docs = list(Document.objects.filter(pk__in=part).defer("body_html"))  # read once for both
            reindex_documents(part, docs)
            signals.documents_imported.send(sender=Document, documents=docs)


@db_task(retries=3, retry_delay=10)
def documents_imported_task(pks: list[int]) -> None:
    # Run by the job queue, so a large import's indexing never runs in a web request.
    documents_imported(pks)


def rebuild_index() -> int:
    """Drop and refill the index from the database (the truth)."""
    search_index.clear_documents()
    SearchIndexEntry.objects.all().delete()
    batch: list[search_index.IndexedDocument] = []
    total = 0
    with engine.bulk():
        docs: list[Document] = []
        for doc in Document.objects.filter(status__in=PUBLIC_STATUSES).iterator(chunk_size=1000):
            batch.append(indexed_document(doc))
            docs.append(doc)
            if len(batch) >= INDEX_SLICE:
                search_index.index_documents(batch)
                _record_indexed(docs)
                total += len(batch)
                batch, docs = [], []
        search_index.index_documents(batch)
        _record_indexed(docs)
    _forget_drift()
    return total + len(batch)


# --- self-healing (issue 11) -----------------------------------------------------------------------
# The index is derived data and a crash can leave it behind the database: an import killed after its
# transactions committed but before its indexing job ran, a lost job, a wiped index directory. The
# SearchIndexEntry rows say what the index jobs did; comparing them with the database is two indexed
# anti-joins, cheap enough for the worker's start, an hourly job and the end of every import.

DRIFT_CACHE_KEY = "search-index-drift"
DRIFT_CACHE_SECONDS = 60


def _missing() -> Any:
    """Public documents the index lacks, or holds in an older version than the database's."""
    recorded = SearchIndexEntry.objects.filter(document_id=OuterRef("pk"), version=OuterRef("updated_at"))
    return Document.objects.filter(status__in=PUBLIC_STATUSES).exclude(Exists(recorded))


def _extra() -> Any:
    """Index records of documents that are gone from the database or no longer public."""
    public = Document.objects.filter(pk=OuterRef("document_id"), status__in=PUBLIC_STATUSES)
    return SearchIndexEntry.objects.exclude(Exists(public))


def unindexed(pks: list[int]) -> list[int]:
    """Among `pks`, the public documents the index lacks (an import's "unchanged" files, say)."""
    found: list[int] = []
    for start in range(0, len(pks), 10_000):
        found += _missing().filter(pk__in=pks[start:start + 10_000]).values_list("pk", flat=True)
    return found


def search_index_drift(*, fresh: bool = False) -> dict[str, int]:
    """{"missing", "extra", "documents", "indexed"} for /healthz and check_search_index. Cached for a
    minute: a load balancer polling every second costs one comparison a minute."""
    if not fresh:
        cached = cache.get(DRIFT_CACHE_KEY)
        if cached is not None:
            return dict(cached)
    drift = {"missing": _missing().count(), "extra": _extra().count(),
             "documents": Document.objects.filter(status__in=PUBLIC_STATUSES).count(),
             "indexed": search_index.count()}
    # Records and index disagree (the directory was wiped or restored): the records cannot be trusted.
    records = SearchIndexEntry.objects.count()
    if records != drift["indexed"]:
        drift["missing"] = max(drift["missing"], drift["documents"] - drift["indexed"])
        drift["extra"] = max(drift["extra"], drift["indexed"] - drift["documents"])
    cache.set(DRIFT_CACHE_KEY, drift, DRIFT_CACHE_SECONDS)
    return drift


def _forget_drift() -> None:
    cache.delete(DRIFT_CACHE_KEY)


def heal_search_index() -> dict[str, int]:
    """Index what the database holds and the index lacks; remove what it holds and the database does
    not. Returns {"indexed": n, "removed": m}. When the records and the index disagree in number,
    the index itself is read (every stored pk) and the records are corrected first."""
    records = SearchIndexEntry.objects.count()
    if records != search_index.count():
        in_index = search_index.indexed_pks()
        recorded = set(SearchIndexEntry.objects.values_list("document_id", flat=True))
        stale = list(recorded - in_index)
        for start in range(0, len(stale), 10_000):
            SearchIndexEntry.objects.filter(document_id__in=stale[start:start + 10_000]).delete()
        public = set(Document.objects.filter(status__in=PUBLIC_STATUSES).values_list("pk", flat=True))
        orphans = in_index - public
        search_index.remove_documents(orphans)
        SearchIndexEntry.objects.filter(document_id__in=list(orphans)).delete()
    missing = list(_missing().order_by("pk").values_list("pk", flat=True))
    extra = list(_extra().values_list("document_id", flat=True))
    with engine.bulk():
        for start in range(0, len(missing), INDEX_SLICE):
            part = missing[start:start + INDEX_SLICE]
            docs = list(Document.objects.filter(pk__in=part).defer("body_html"))
            reindex_documents(part, docs)
            signals.documents_healed.send(sender=Document, documents=docs)
        if extra:
            reindex_documents(extra)  # none of them is public: each is removed with its record
    _forget_drift()
    if missing or extra:
        log.warning("search index healed", extra={"indexed": len(missing), "removed": len(extra)})
    return {"indexed": len(missing), "removed": len(extra)}


@db_task(retries=2, retry_delay=30)
def heal_search_index_task() -> None:
    heal_search_index()


@db_periodic_task(crontab(minute="17"))
def heal_search_index_hourly() -> None:
    heal_search_index()


@on_startup()
def heal_search_index_on_start() -> None:
    # Each worker of the consumer runs its start hooks: they only enqueue, so the heal itself runs
    # once per worker as an ordinary job (and finds nothing to do after the first).
    heal_search_index_task()
