"""Keeps the passage index in step with the policy library (listens to publishing signals)."""

from __future__ import annotations

from typing import Any

from gongkai.publishing.models import Document, Kind
from gongkai.publishing.selectors import public_documents
from gongkai.qa.passages import split_passages
from gongkai.qa.understanding import NATIONAL, PROVINCES
from gongkai.search import engine
from gongkai.search import passages as passage_index

_CENTRAL = ("国务院", "中共中央", "全国人民代表大会", "全国人大", "国家")


def region_of(publisher: str, home: str | None = None) -> str:
    """The place a document speaks for: the province its 发文机关 names, 全国 for central organs, else
    the site's own province (a county's documents), or "" when that is unknown."""
    for province in PROVINCES:
        if province in publisher:
            return province
    if publisher.startswith(_CENTRAL) or "国务院" in publisher:
        return NATIONAL
    return home or ""


def document_passages(doc: Document) -> list[passage_index.IndexedPassage]:
    if doc.kind == Kind.NEWS or not doc.is_listed:
        # Reposts repeat their source (answers cite the source itself); a withdrawn item is no answer.
        return []
    from gongkai.qa.answering import home_province

    when = doc.written_on or doc.published_on
    year = when.year if when else None
    penalty = doc.rank_penalty  # once per document, not per passage (it parses the validity)
    region = region_of(doc.publisher_name or "", home_province())
    return [
        passage_index.IndexedPassage(pk=f"{doc.pk}:{p.ordinal}", doc_pk=doc.pk, section=p.section,
                                     text=p.text, year=year, rank_penalty=penalty, title=doc.title,
                                     heading=p.heading, before=p.before, after=p.after, region=region)
        for p in split_passages(doc.body_text)
    ]


def reindex_document(doc: Document) -> None:
    passage_index.index_passages(document_passages(doc), replace_docs={doc.pk})


def on_document_signal(sender: Any, document: Document, **kwargs: Any) -> None:
    reindex_document(Document.objects.get(pk=document.pk))


def on_documents_imported(sender: Any, documents: list[Document], **kwargs: Any) -> None:
    """One index write for a whole import batch."""
    items = [p for doc in documents for p in document_passages(doc)]
    passage_index.index_passages(items, replace_docs={d.pk for d in documents})


def rebuild_passages() -> str:
    passage_index.clear_passages()
    total = 0
    items: list[passage_index.IndexedPassage] = []
    with engine.bulk():  # one writer, one commit per ~1,000 documents (not one per document)
        for doc in public_documents().exclude(kind=Kind.NEWS).order_by("pk").iterator(chunk_size=500):
            items.extend(document_passages(doc))
            if len(items) >= 50_000:
                passage_index.index_passages(items)
                total += len(items)
                items = []
        passage_index.index_passages(items)
    return f"已重建问答段落索引：{total + len(items)} 段。"


def ensure_passages() -> None:
    """Lazily fill an empty passage index (e.g. a fresh SEARCH_INDEX_DIR) from the database."""
    if passage_index.count() == 0 and public_documents().exclude(kind=Kind.NEWS).exists():
        rebuild_passages()
