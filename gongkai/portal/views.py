"""Public pages. Thin: reads go through gongkai.publishing.selectors (the same the API uses)."""

from __future__ import annotations

import re
from typing import Any

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.safestring import mark_safe

from gongkai.core.exceptions import NotFoundError
from gongkai.core.navigation import column_entries
from gongkai.core.params import ListParams, PageParams, last_page, parse
from gongkai.publishing import selectors
from gongkai.publishing.models import GENRES, TOPICS, Column, Document, Kind
from gongkai.search.analysis import find_doc_nos
from gongkai.search.documents import max_page


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
    col = get_object_or_404(Column, slug=slug)
    params = parse(PageParams, request.GET)
    page = Paginator(selectors.column_documents(col), 20).get_page(params["page"])
    return render(request, "portal/column.html", {"column": col, "page": page, "entries": column_entries(col.slug)})


def policies(request: HttpRequest) -> HttpResponse:
    f = request.GET
    p = parse(ListParams, f)
    docs = selectors.policy_library(topic=p["topic"], publisher=p["publisher"], year=p["year"], genre=p["genre"],
                                    validity=p["validity"])
    page = Paginator(docs, 20).get_page(p["page"])
    return render(request, "portal/policies.html", {
        "page": page, "filters": f, "topics": TOPICS, "genres": GENRES, **selectors.library_facets(),
    })


def _linked_body(doc: Document) -> str:
    """The sanitised body with every 文号 the library holds turned into a link to it."""
    body = doc.body_html
    targets = {c.normalised: c.cited for c in doc.citations.select_related("cited") if c.cited_id}
    if not targets:
        return body

    def link(match: re.Match[str]) -> str:
        text = match.group(0)
        found = find_doc_nos(text)
        cited = targets.get(found[0][1]) if found else None
        if cited is None or not cited.is_public:
            return text
        return f'<a href="{cited.get_absolute_url()}" class="citation">{text}</a>'

    parts = re.split(r"(<[^>]+>)", body)
    return "".join(p if p.startswith("<") else re.sub(r"[^\s<>，。；、《》（(【\[]{1,14}[〔\[［(（【]\s*\d{4}\s*[〕\]］)）】]\s*\d{1,4}\s*号",
                                                      link, p) for p in parts)


def document(request: HttpRequest, index_no: str) -> HttpResponse:
    try:
        doc = selectors.public_document(index_no)
    except NotFoundError as exc:
        raise Http404(str(exc)) from exc
    return render(request, "portal/document.html", {
        "doc": doc,
        "body": mark_safe(_linked_body(doc)),
        "cites": doc.citations.select_related("cited").order_by("normalised"),
        "cited_by": selectors.public_documents().filter(citations__cited=doc).distinct(),
        "interpretations": selectors.public_documents().filter(interprets=doc),
        "reposts": selectors.public_documents().filter(source_document=doc),
        "supersedes": selectors.public_documents().filter(superseded_by=doc),
        "attachments": doc.attachments.all(),
        "print": request.path.endswith("/print/"),
    })


def search(request: HttpRequest) -> HttpResponse:
    f = request.GET
    p = parse(ListParams, f)
    q = p["q"]
    page_no = p["page"] or 1
    sort = "date" if p["sort"] == "date" else "relevance"
    total: int = 0
    rows: list[tuple[Document, Any]] = []
    if q or any(p[k] for k in ("topic", "year", "genre", "validity")):
        def run(page: int) -> tuple[int, list[tuple[Document, Any]]]:
            return selectors.document_search(q, topic=p["topic"], year=p["year"], genre=p["genre"],
                                             validity=p["validity"], sort=sort, page=page, per_page=10)

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
        "genres": GENRES, "years": selectors.library_facets()["years"], "kinds": Kind,
        "too_short": bool(q) and len(q) < 2 and total == 0,
    }
    template = "portal/_search_results.html" if getattr(request, "htmx", False) else "portal/search.html"
    return render(request, template, context)
