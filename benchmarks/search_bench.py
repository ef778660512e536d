"""Search speed on a synthetic corpus, in one run:
  baseline  a plain `icontains` scan (Django ORM, the same database)
  raw       tantivy alone (term queries built from the same tokens, no snippets, no database)
  service   our whole search path: `document_search` (filters, synonyms, snippets, database rows)
  page      the /search/ page through Django's test client
and import throughput (documents/s including indexing).

Usage: .venv/bin/python -m benchmarks.search_bench --n 100000 [--postgres]
"""

from __future__ import annotations

import argparse
import json
import time
from datetime import date, timedelta

from benchmarks.corpus import generate_corpus, generate_queries, percentile
from benchmarks.setup import django_setup


def timed(fn, queries: list[str], repeat: int = 1) -> list[float]:
    out = []
    for _ in range(repeat):
        for q in queries:
            start = time.perf_counter()
            fn(q)
            out.append((time.perf_counter() - start) * 1000)
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=20000)
    parser.add_argument("--queries", type=int, default=60)
    parser.add_argument("--postgres", action="store_true")
    args = parser.parse_args()
    django_setup("search", postgres=args.postgres)

    import tantivy
    from django.db import connection
    from django.test import Client

    from gongkai.publishing.models import Document, Status
    from gongkai.publishing.selectors import document_search, indexed_document
    from gongkai.search import documents as index
    from gongkai.search import engine
    from gongkai.search.analysis import query_terms

    t0 = time.perf_counter()
    corpus = generate_corpus(args.n)
    gen_s = time.perf_counter() - t0

    # Import: rows in batches, then the index in batches (what import_documents does per batch).
    t0 = time.perf_counter()
    day = date(2019, 1, 1)
    batch: list[Document] = []
    for i, (title, body) in enumerate(corpus):
        batch.append(Document(index_no=f"BENCH/{i:07d}", title=title, body_text=body, body_html="", status=Status.PUBLISHED,
                              publisher_name="青溪县人民政府", topic="综合政务", genre="通知",
                              written_on=day + timedelta(days=i % 2500), published_on=day + timedelta(days=i % 2500)))
        if len(batch) == 2000:
            Document.objects.bulk_create(batch)
            batch = []
    Document.objects.bulk_create(batch)
    rows_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    chunk: list = []
    for doc in Document.objects.all().iterator(chunk_size=2000):
        chunk.append(indexed_document(doc))
        if len(chunk) == 5000:
            index.index_documents(chunk)
            chunk = []
    index.index_documents(chunk)
    index_s = time.perf_counter() - t0

    queries = generate_queries(args.queries)
    searcher_index = index._index()

    def baseline(q: str) -> None:
        words = q.split()
        qs = Document.objects.filter(status=Status.PUBLISHED)
        for w in words:
            qs = qs.filter(body_text__icontains=w)
        list(qs.values_list("pk", flat=True)[:10])

    def raw(q: str) -> None:
        """The same BM25 query over title and body, top 10 with their stored fields: tantivy alone."""
        schema = searcher_index.schema
        terms = query_terms(q)
        query = engine.all_of(*(engine.any_of(tantivy.Query.term_query(schema, "title", t),
                                              tantivy.Query.term_query(schema, "body", t)) for t in terms)) \
            if terms else tantivy.Query.empty_query()
        searcher = searcher_index.searcher()
        for _score, address in searcher.search(query, limit=10).hits:
            searcher.doc(address)

    def service(q: str) -> None:
        document_search(q, per_page=10, year=None)

    client = Client()

    def page(q: str) -> None:
        assert client.get("/search/", {"q": q}).status_code == 200

    for fn in (raw, service, page):
        timed(fn, queries[:10])  # warm caches
    results = {}
    for name, fn, repeat in (("icontains_scan", baseline, 1), ("raw_tantivy", raw, 3), ("service", service, 3),
                             ("page", page, 3)):
        samples = timed(fn, queries, repeat)
        results[name] = {"p50_ms": round(percentile(samples, 50), 2), "p95_ms": round(percentile(samples, 95), 2)}
    report = {
        "database": connection.vendor, "documents": args.n, "queries": len(queries),
        "corpus_generation_s": round(gen_s, 1),
        "import_docs_per_s_including_indexing": round(args.n / (rows_s + index_s)),
        "import_rows_s": round(rows_s, 1), "indexing_s": round(index_s, 1),
        **results,
        "ratio_icontains_p95_over_service_p95": round(results["icontains_scan"]["p95_ms"] / results["service"]["p95_ms"], 1),
        "ratio_service_p95_over_raw_tantivy_p95": round(results["service"]["p95_ms"] / results["raw_tantivy"]["p95_ms"], 2),
    }
    print(json.dumps(report, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
