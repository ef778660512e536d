"""Public pages. Thin: reads go through gongkai.publishing.selectors (the same the API uses)."""

from __future__ import annotations

import re
from typing import Any

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase, HttpResponsePermanentRedirect, QueryDict
from django.shortcuts import get_object_or_404, render
from django.templatetags.static import static
from django.utils.safestring import SafeString, mark_safe

from gongkai.core.exceptions import NotFoundError
from gongkai.core.navigation import column_entries
from gongkai.core.params import ListParams, PageParams, last_page, parse
from gongkai.publishing import selectors
from gongkai.publishing.downloads import attachment_response
from gongkai.publishing.models import GENRES, TOPICS, Column, Document, Kind, Status, Validity
from gongkai.search.analysis import find_doc_nos
from gongkai.search.documents import max_page

# A 文号 as written in running text (any bracket style), for linking citations inside a body.
_DOC_NO_IN_TEXT = re.compile(r"[^\s<>，。；、《》（(【\[]{1,14}[〔\[［(（【]\s*\d{4}\s*[〕\]］)）】]\s*\d{1,4}\s*号")


def _int(value: str | None) -> int | None:
    try:
        return int(value) if value else None
    except ValueError:
        return None


def _with_withdrawn(query: QueryDict) -> bool:
    """The 含已撤回 filter: withdrawn items only when the reader asks for them."""
    return query.get("withdrawn") == "1"


def favicon(request: HttpRequest) -> HttpResponse:
    """Browsers ask for /favicon.ico whatever the page says; answer with the static icon."""
    return HttpResponsePermanentRedirect(static("img/favicon.ico"))


def home(request: HttpRequest) -> HttpResponse:
    columns = Column.objects.filter(parent__isnull=True).prefetch_related("children")
    return render(request, "portal/home.html", {
        "latest": selectors.latest(10),
        "policies": selectors.policy_library()[:8],
        "columns": columns,
    })


def zhuanlan(request: HttpRequest) -> HttpResponse:
    columns = Column.objects.filter(parent__isnull=True).prefetch_related("children")
    return render(request, "portal/zhuanlan.html", {"columns": columns})


def column(request: HttpRequest, slug: str) -> HttpResponse:
    col = get_object_or_404(Column.objects.select_related("parent"), slug=slug)
    params = parse(PageParams, request.GET)
    withdrawn = _with_withdrawn(request.GET)
    page = Paginator(selectors.column_documents(col, include_withdrawn=withdrawn), 20).get_page(params["page"])
    return render(request, "portal/column.html", {"column": col, "page": page, "withdrawn": withdrawn,
                                                  "entries": column_entries(col.slug)})


def policies(request: HttpRequest) -> HttpResponse:
    f = request.GET
    p = parse(ListParams, f)
    withdrawn = _with_withdrawn(f)
    docs = selectors.policy_library(topic=p["topic"], publisher=p["publisher"], year=p["year"], genre=p["genre"],
                                    validity=p["validity"], include_withdrawn=withdrawn)
    page = Paginator(docs, 20).get_page(p["page"])
    return render(request, "portal/policies.html", {
        "page": page, "filters": f, "topics": TOPICS, "genres": GENRES, "withdrawn": withdrawn,
        **selectors.library_facets(),
    })


def _citation_targets(doc: Document, *, live: bool) -> dict[str, Document]:
    """Normalised 文号 → the public document it cites. Stored citations for a saved item; for a
    preview, worked out from the text as publishing would."""
    if live and doc.pk:
        return {c.normalised: c.cited for c in doc.citations.select_related("cited") if c.cited is not None}
    norms = {norm for _raw, norm, _s, _e in find_doc_nos(doc.body_text) if norm != doc.doc_no_normalised}
    if not norms:
        return {}
    found = selectors.public_documents(include_withdrawn=True).filter(doc_no_normalised__in=norms, kind=Kind.POLICY)
    return {d.doc_no_normalised: d for d in found.order_by("pk")}


def linked_body(doc: Document, *, live: bool = True) -> SafeString:
    """The sanitised body with every 文号 the library holds turned into a link to it; a link to a
    withdrawn item says so (已撤回) right there in the text."""
    body = doc.body_html
    targets = _citation_targets(doc, live=live)
    if not targets:
        return mark_safe(body)

    def link(match: re.Match[str]) -> str:
        text = match.group(0)
        found = find_doc_nos(text)
        cited = targets.get(found[0][1]) if found else None
        if cited is None or not cited.is_public:
            return text
        if cited.status == Status.WITHDRAWN:
            return (f'<a href="{cited.get_absolute_url()}" class="citation citation-withdrawn">{text}</a>'
                    '<span class="badge badge-danger">已撤回</span>')
        return f'<a href="{cited.get_absolute_url()}" class="citation">{text}</a>'

    parts = re.split(r"(<[^>]+>)", body)
    return mark_safe("".join(p if p.startswith("<") else _DOC_NO_IN_TEXT.sub(link, p) for p in parts))


def document_context(doc: Document, *, preview: bool = False) -> dict[str, Any]:
    """Everything the item page shows; the staff preview renders the same page from the same context."""
    withdrawn = doc.status == Status.WITHDRAWN
    context: dict[str, Any] = {
        "doc": doc,
        "preview": preview,
        "withdrawn": withdrawn,
        # Decision 0553: a withdrawn item keeps its banner, reason and metadata; its text is no longer shown.
        "body": None if withdrawn else linked_body(doc, live=not preview),
        "attachments": [] if withdrawn or not doc.pk else list(doc.attachments.all()),
        "cites": [] if not doc.pk or preview else list(doc.citations.select_related("cited").order_by("normalised")),
        "can_apply": not withdrawn and not preview,
    }
    if doc.pk and not preview:
        context.update(selectors.related_documents(doc))
    if preview:
        # Staff see the public page's own menu and trail, as the public will.
        context["frame_path"] = doc.get_absolute_url() if doc.index_no else "/documents/"
    return context


def document(request: HttpRequest, index_no: str) -> HttpResponse:
    try:
        doc = selectors.public_document(index_no)
    except NotFoundError as exc:
        raise Http404(str(exc)) from exc
    template = "portal/document_print.html" if request.path.endswith("/print/") else "portal/document.html"
    return render(request, template, document_context(doc))


def attachment(request: HttpRequest, pk: int) -> HttpResponseBase:
    """An attachment of a published item, as a download (decision 0559); anything else is a 404."""
    try:
        item = selectors.public_attachment(pk)
    except NotFoundError as exc:
        raise Http404(str(exc)) from exc
    response = attachment_response(item)
    # Caches must ask again each time (the ETag makes that cheap): a withdrawal takes the file away at once.
    response["Cache-Control"] = "public, no-cache"
    return response


def search(request: HttpRequest) -> HttpResponse:
    f = request.GET
    p = parse(ListParams, f)
    q = p["q"]
    page_no = p["page"] or 1
    sort = "date" if p["sort"] == "date" else "relevance"
    withdrawn = _with_withdrawn(f)
    total: int = 0
    rows: list[tuple[Document, Any]] = []
    if q or any(p[k] for k in ("topic", "year", "genre", "validity")):
        def run(page: int) -> tuple[int, list[tuple[Document, Any]]]:
            return selectors.document_search(q, topic=p["topic"], year=p["year"], genre=p["genre"],
                                             validity=p["validity"], sort=sort, page=page, per_page=10,
                                             include_withdrawn=withdrawn)

        total, rows = run(page_no)
        # A page past the results (or past the search window) shows the last page instead.
        last = last_page(total, 10, max_page(10))
        if page_no > last:
            page_no = last
            total, rows = run(page_no)
    pages = last_page(total, 10, max_page(10))
    context = {
        "q": q, "rows": [(d, mark_safe(h.title_html), mark_safe(h.snippet_html)) for d, h in rows],
        "total": total, "page_no": page_no, "pages": pages, "sort": sort, "filters": f, "topics": TOPICS,
        "genres": GENRES, "years": selectors.library_facets()["years"], "kinds": Kind, "validities": Validity.choices,
        "withdrawn": withdrawn, "too_short": bool(q) and len(q) < 2 and total == 0,
    }
    template = "portal/_search_results.html" if getattr(request, "htmx", False) else "portal/search.html"
    return render(request, template, context)
