"""Search-index upkeep, run by the one huey consumer (inline when huey is immediate)."""

from __future__ import annotations

from huey.contrib.djhuey import db_task

from gongkai.publishing import signals
from gongkai.publishing.models import Document
from gongkai.publishing.selectors import PUBLIC_STATUSES, indexed_document
from gongkai.search import documents as search_index
from gongkai.search import engine


def reindex_documents(pks: list[int], docs: list[Document] | None = None) -> None:
    """Index public documents among `pks`, remove the others (e.g. a draft). `docs`: those rows,
    when the caller has just read them."""
    if docs is None:
        docs = list(Document.objects.filter(pk__in=pks, status__in=PUBLIC_STATUSES))
    else:
        docs = [d for d in docs if d.status in PUBLIC_STATUSES]
    search_index.index_documents([indexed_document(d) for d in docs])
    gone = set(pks) - {d.pk for d in docs}
    search_index.remove_documents(gone)


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
    batch: list[search_index.IndexedDocument] = []
    total = 0
    with engine.bulk():
        for doc in Document.objects.filter(status__in=PUBLIC_STATUSES).iterator(chunk_size=1000):
            batch.append(indexed_document(doc))
            if len(batch) >= INDEX_SLICE:
                search_index.index_documents(batch)
                total += len(batch)
                batch = []
        search_index.index_documents(batch)
    return total + len(batch)
