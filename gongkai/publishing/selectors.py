"""Reads and visibility for 主动公开. The public sees published and withdrawn items (withdrawn ones
show their reason); staff see every item of organisations in their scope; outsiders get 404."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.conf import settings
from django.db.models import Case, IntegerField, Q, QuerySet, Value, When

from gongkai.core.exceptions import DomainError, NotFoundError
from gongkai.core.selectors import first_or_404, get_calendar, visible_org_ids
from gongkai.publishing import rules
from gongkai.publishing.models import PUBLIC_STATUSES, Attachment, Column, Document, Kind, Status, Validity
from gongkai.search import documents as search_index
from gongkai.search.analysis import normalise_doc_no

__all__ = ["PUBLIC_STATUSES"]  # re-exported: older callers import it from here


def public_documents(*, include_withdrawn: bool = False) -> QuerySet[Document]:
    """The one definition of a public document, used by every list, feed, sitemap, search result,
    API answer and page: published items; with `include_withdrawn`, withdrawn ones too (their pages
    stay, citations still point to them, and the 含已撤回 filter brings them back)."""
    statuses = PUBLIC_STATUSES if include_withdrawn else (Status.PUBLISHED,)
    return Document.objects.filter(status__in=statuses).select_related("organisation", "column")


def public_document(index_no: str) -> Document:
    """An item's page: withdrawn items too (an old URL shows the withdrawal, never a 404)."""
    doc = public_documents(include_withdrawn=True).filter(index_no=index_no).first()
    if doc is None:
        raise NotFoundError("没有这条公开信息。")
    return doc


def public_attachment(pk: int) -> Attachment:
    """A downloadable attachment: only of a published item. A withdrawn item keeps its page but not its
    text or files (decision 0553); drafts and items awaiting review have no public files at all."""
    item = Attachment.objects.select_related("document").filter(
        pk=pk, document__in=public_documents().values("pk")).first()
    if item is None:
        raise NotFoundError("没有这个附件，或它所属的信息未公开。")
    return item


def staff_attachment(user: Any, document_pk: int, pk: int) -> Attachment:
    """An attachment of an item in the staff member's scope; outside it, 404 as for a missing one."""
    item = Attachment.objects.filter(pk=pk, document_id=document_pk,
                                     document__organisation_id__in=visible_org_ids(user)).first()
    if item is None:
        raise NotFoundError("没有这个附件。")
    return item


def policy_library(*, topic: str = "", publisher: str = "", year: int | None = None, genre: str = "",
                   validity: str = "", org_id: int | None = None, include_withdrawn: bool = False) -> QuerySet[Document]:
    """政策文件库: policies (not reposts) with the filters of the portal; valid ones first."""
    docs = public_documents(include_withdrawn=include_withdrawn).filter(kind__in=[Kind.POLICY, Kind.INTERPRETATION])
    if topic:
        docs = docs.filter(topic=topic)
    if publisher:
        docs = docs.filter(publisher_name=publisher)
    if year:
        docs = docs.filter(Q(written_on__year=year) | Q(written_on__isnull=True, published_on__year=year))
    if genre:
        docs = docs.filter(genre=genre)
    if validity:
        docs = docs.filter(validity=validity)
    if org_id:
        docs = docs.filter(organisation_id=org_id)
    # Repealed and amended items stay listed but below the valid ones; withdrawn ones (when asked) last.
    rank = Case(When(status=Status.WITHDRAWN, then=Value(3)), When(validity=Validity.VALID, then=Value(0)),
                When(validity=Validity.AMENDED, then=Value(1)), default=Value(2), output_field=IntegerField())
    return docs.annotate(rank=rank).order_by("rank", "-published_on", "-pk")


def library_facets() -> dict[str, list[Any]]:
    """Publishers and years for the filters. Cached for a minute: they change only when a new
    publisher or year appears, and computing them scans the library."""
    from django.core.cache import cache

    facets: dict[str, list[Any]] | None = cache.get("publishing:facets")
    if facets is None:
        facets = _library_facets()
        cache.set("publishing:facets", facets, 60)
    return facets


def _library_facets() -> dict[str, list[Any]]:
    docs = public_documents().filter(kind__in=[Kind.POLICY, Kind.INTERPRETATION])
    years = sorted({when.year for pair in docs.values_list("written_on", "published_on")
                    if (when := pair[0] or pair[1]) is not None}, reverse=True)
    return {
        "publishers": sorted(set(docs.exclude(publisher_name="").values_list("publisher_name", flat=True))),
        "years": years,
        "validities": Validity.choices,
    }


def latest(limit: int = 10) -> QuerySet[Document]:
    return public_documents().order_by("-published_on", "-pk")[:limit]


def column_documents(column: Column, *, include_withdrawn: bool = False) -> QuerySet[Document]:
    ids = [column.pk, *column.children.values_list("pk", flat=True)]
    return public_documents(include_withdrawn=include_withdrawn).filter(column_id__in=ids).order_by(
        "-published_on", "-pk")


def by_doc_no(doc_no: str) -> Document | None:
    """The policy with this 文号 (a withdrawn one too: it still has its page)."""
    norm = normalise_doc_no(doc_no)
    return public_documents(include_withdrawn=True).filter(doc_no_normalised=norm, kind=Kind.POLICY).order_by(
        "-published_on").first()


def superseding_document(ref: str) -> Document | None:
    """The published item named as amending or repealing another (有效性), by its 索引号 or its 文号;
    None for an empty reference; a DomainError naming what was typed when no published item matches (the
    request is wrong, not the item being changed: 400, not 404)."""
    ref = ref.strip()
    if not ref:
        return None
    doc = public_documents().filter(index_no=ref).first()
    if doc is None and (norm := normalise_doc_no(ref)):
        doc = public_documents().filter(doc_no_normalised=norm).order_by("-published_on", "-pk").first()
    if doc is None:
        raise DomainError(f"没有找到索引号或文号为“{ref}”的已发布文件，无法关联为修订或废止文件。", field="by")
    return doc


def related_documents(doc: Document) -> dict[str, QuerySet[Document]]:
    """What an item's page lists beside it. Withdrawn items stay in these lists, marked 已撤回: a
    reader of the citing text must learn that what it cites was withdrawn."""
    public = public_documents(include_withdrawn=True)
    return {
        "cited_by": public.filter(citations__cited=doc).distinct(),
        "interpretations": public.filter(interprets=doc),
        "reposts": public.filter(source_document=doc),
        "supersedes": public.filter(superseded_by=doc),
    }


# --- Staff -----------------------------------------------------------------------------------

def staff_documents(user: Any, *, status: str = "", q: str = "") -> QuerySet[Document]:
    docs = Document.objects.filter(organisation_id__in=visible_org_ids(user)).select_related("organisation")
    if status:
        docs = docs.filter(status=status)
    if q:
        docs = docs.filter(Q(title__icontains=q) | Q(doc_no__icontains=q) | Q(index_no__icontains=q))
    return docs.order_by("-updated_at")


def staff_document(user: Any, pk: int) -> Document:
    """A document in the user's scope, else 404 (same as a missing one)."""
    return first_or_404(Document.objects.filter(pk=pk, organisation_id__in=visible_org_ids(user))
                        .select_related("organisation", "drafted_by", "reviewed_by", "published_by"))


def staff_document_by_index_no(user: Any, index_no: str) -> Document:
    """`staff_document` by 索引号 (the API names items as the public does); outside the scope: 404."""
    return first_or_404(Document.objects.filter(index_no=index_no, organisation_id__in=visible_org_ids(user))
                        .select_related("organisation"))


def late_publications(user: Any, today: date | None = None) -> list[tuple[Document, date]]:
    """Items published (or still unpublished) after the 条例第二十六条 deadline, with their due date."""
    today = today or date.today()
    calendar = get_calendar()
    result = []
    docs = Document.objects.filter(organisation_id__in=visible_org_ids(user), changed_on__isnull=False).exclude(
        status=Status.WITHDRAWN)
    for doc in docs:
        assert doc.changed_on is not None
        due = rules.publication_due(doc.changed_on, calendar).result
        if (doc.published_on or today) > due:
            result.append((doc, due))
    return sorted(result, key=lambda pair: pair[1])


# --- Search ----------------------------------------------------------------------------------

def as_api_dict(doc: Document, *, snippet: str | None = None, score: float | None = None) -> dict[str, Any]:
    data: dict[str, Any] = {
        "index_no": doc.index_no,
        "title": doc.title,
        "doc_no": doc.doc_no,
        "publisher": doc.publisher_name,
        "written_on": doc.written_on.isoformat() if doc.written_on else None,
        "published_on": doc.published_on.isoformat() if doc.published_on else None,
        "topic": doc.topic,
        "genre": doc.genre,
        "validity": doc.validity_label,
        "url": settings.SITE_URL + doc.get_absolute_url(),
    }
    if snippet is not None:
        data["snippet"] = snippet
        data["score"] = score
    reposts = getattr(doc, "folded_reposts", None)
    if reposts is not None:
        data["reposts"] = [{"title": r.title, "index_no": r.index_no, "url": settings.SITE_URL + r.get_absolute_url()}
                           for r in reposts]
    return data


VALIDITY_BY_LABEL = {label: value for value, label in Validity.choices}


RESULT_FIELDS = ("index_no", "title", "doc_no", "publisher_name", "written_on", "published_on", "topic", "genre",
                 "validity", "status", "kind")


FOLD_WINDOW = 30  # hits read beyond the page, so a repost's source further down can be lifted above it


def document_search(query: str, *, topic: str = "", org_id: int | None = None, year: int | None = None,
                    genre: str = "", validity: str = "", kind: str = "", sort: str = "relevance", page: int = 1,
                    per_page: int = 10, include_withdrawn: bool = False,
                    ) -> tuple[int, list[tuple[Document, search_index.Hit]]]:
    """The whole search path: index query with filters and synonyms, then rows from the database
    (the truth: a document withdrawn since indexing still shows as withdrawn). Withdrawn items only
    with `include_withdrawn` (the 含已撤回 filter).

    A repost (转载) never ranks above the policy it reposts: it is folded under its source, which
    takes the better of the two places (the source is brought in when only the repost matched).
    Each listed document carries `folded_reposts` (the reposts folded under it) for "另有 1 篇转载"."""
    validity = VALIDITY_BY_LABEL.get(validity, validity)
    page = max(1, int(page))
    per_page = max(1, min(100, int(per_page)))
    wanted = page * per_page
    window = wanted + FOLD_WINDOW
    # The first pages are read from the top (folding sees every hit above the page); deep pages, past
    # the index's 100-hit page, fold within the page alone.
    shallow = window <= 100
    results = search_index.search(query, topic=topic or None, org_id=org_id, year=year, genre=genre or None,
                                  validity=validity or None, kind=kind or None, sort=sort,
                                  page=1 if shallow else page, per_page=window if shallow else per_page,
                                  include_withdrawn=include_withdrawn)
    statuses = PUBLIC_STATUSES if include_withdrawn else (Status.PUBLISHED,)
    # Only the listed rows and the columns a result shows, by primary key alone (a status condition
    # let PostgreSQL pick the status index and filter every published row), no default ordering:
    # this runs on every search.
    fields = (*RESULT_FIELDS, "source_document_id")
    rows = {d.pk: d for d in Document.objects.filter(pk__in=[h.pk for h in results.hits]).only(*fields)
            .order_by() if d.status in statuses}
    listed, folded = _fold_reposts([(rows[h.pk], h) for h in results.hits if h.pk in rows], results.terms, statuses)
    total = max(len(listed), results.total - folded)
    return total, listed[(page - 1) * per_page: wanted] if shallow else listed


def _fold_reposts(pairs: list[tuple[Document, search_index.Hit]], terms: list[str],
                  statuses: tuple[str, ...] = (Status.PUBLISHED,)) -> tuple[list[tuple[Document, search_index.Hit]], int]:
    """Hits with each repost folded under its source (in rank order); the number folded."""
    from gongkai.search.analysis import highlight, mark

    position = {doc.pk: i for i, (doc, _h) in enumerate(pairs)}
    sources_needed = {doc.source_document_id for doc, _h in pairs
                      if doc.kind == Kind.NEWS and doc.source_document_id and doc.source_document_id not in position}
    extra = {d.pk: d for d in Document.objects.filter(pk__in=sources_needed, status__in=statuses)
             .only(*RESULT_FIELDS, "source_document_id", "body_text").order_by()} if sources_needed else {}
    out: list[tuple[Document, search_index.Hit]] = []
    placed: dict[int, Document] = {}
    folded = 0
    for doc, hit in pairs:
        source_id = doc.source_document_id if doc.kind == Kind.NEWS else None
        if source_id and (source_id in position or source_id in extra):
            source = placed.get(source_id)
            if source is None:  # the source ranks lower (or did not match): it takes the repost's place
                if source_id in position:
                    source, source_hit = pairs[position[source_id]]
                else:
                    source = extra[source_id]
                    source_hit = search_index.Hit(pk=source.pk, score=hit.score, title_html=mark(source.title, terms),
                                                  snippet_html=highlight(source.body_text[:4000], terms))
                    folded -= 1  # the source takes the repost's place in the count
                source.folded_reposts = []  # type: ignore[attr-defined]
                placed[source_id] = source
                out.append((source, source_hit))
            source.folded_reposts.append(doc)  # type: ignore[attr-defined]
            folded += 1
            continue
        if doc.pk in placed:
            continue  # a source already lifted above its repost
        doc.folded_reposts = []  # type: ignore[attr-defined]
        placed[doc.pk] = doc
        out.append((doc, hit))
    return out, folded


def indexed_document(doc: Document) -> search_index.IndexedDocument:
    return search_index.IndexedDocument(
        pk=doc.pk, index_no=doc.index_no, title=doc.title, doc_no=doc.doc_no, publisher=doc.publisher_name,
        org_id=doc.organisation_id or 0, written_on=doc.written_on, published_on=doc.published_on, topic=doc.topic,
        # A withdrawn item is indexed as 有效性 "withdrawn", so search leaves it out unless asked.
        genre=doc.genre, validity=search_index.WITHDRAWN if doc.status == Status.WITHDRAWN else doc.validity,
        kind=doc.kind, rank_penalty=doc.rank_penalty, keywords=doc.keywords,
        # The same path as get_absolute_url(), without a URL reverse per document on bulk indexing.
        body=doc.body_text, url=f"/documents/{doc.index_no}/",
    )
