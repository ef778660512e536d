"""Search speed on a synthetic corpus, in one run:
  baseline  a plain `icontains` scan (Django ORM, the same database)
  raw       tantivy alone (term queries built from the same tokens, no snippets, no database)
  service   our whole search path: `document_search` (filters, synonyms, snippets, database rows)
  page      the /search/ page through Django's test client
and import throughput: the corpus is written out as .txt files and loaded by `import_documents`
(reading, metadata extraction, rows, citations, audit, the search index and the Q&A passage index),
against a named baseline measured in the same run: the same kind of files through the one-by-one
path (`import_published` per file, about ten statements each, as before batching).

Usage: .venv/bin/python -m benchmarks.search_bench --n 100000 [--postgres]
"""

from __future__ import annotations

import argparse
import io
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.corpus import generate_corpus, generate_queries, percentile, write_files
from benchmarks.setup import django_setup


def timed(fn, queries: list[str], repeat: int = 1) -> list[float]:
    out = []
    for _ in range(repeat):
        for q in queries:
            start = time.perf_counter()
            fn(q)
            out.append((time.perf_counter() - start) * 1000)
    return out


def wait_until_searchable(timeout: float = 3600) -> None:
    """With a job consumer: until the queue is empty and the newest document and its passages are found."""
    import tantivy
    from huey.contrib.djhuey import HUEY

    from gongkai.publishing.models import Document
    from gongkai.publishing.selectors import PUBLIC_STATUSES
    from gongkai.search import documents, passages

    public = Document.objects.filter(status__in=PUBLIC_STATUSES)
    expected, last = public.count(), public.exclude(kind="news").order_by("-pk").values_list("pk", flat=True).first()
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if HUEY.pending_count() == 0:
            docs, parts = documents._index(), passages._index()
            docs.reload()
            parts.reload()
            found = parts.searcher().search(tantivy.Query.term_query(parts.schema, "doc_pk", last), 1).count
            if docs.searcher().num_docs >= expected and found:
                return
        time.sleep(0.2)
    raise TimeoutError("the job consumer did not finish")


def import_run(folder: Path, one_by_one: bool = False, consumer: bool = False) -> dict[str, float]:
    """Run `import_documents` on a folder; seconds in all, in the search index and in the passage index
    (inline jobs), or until a separate job consumer has made everything searchable (`consumer`)."""
    from unittest import mock

    from django.core.management import call_command

    from gongkai.publishing import services, signals, tasks

    spent = {"search_index_s": 0.0, "passage_index_s": 0.0}

    def timing(key: str, fn):
        def run(*a, **kw):
            start = time.perf_counter()
            try:
                return fn(*a, **kw)
            finally:
                spent[key] += time.perf_counter() - start
        return run

    patches = [mock.patch.object(tasks, "reindex_documents", timing("search_index_s", tasks.reindex_documents)),
               mock.patch.object(signals.documents_imported, "send",
                                 timing("passage_index_s", signals.documents_imported.send))]
    if one_by_one:  # the batch path refuses, so every file takes the per-file fallback
        patches.append(mock.patch.object(services, "import_published_many", side_effect=RuntimeError("baseline")))
    out = io.StringIO()
    for p in patches:
        p.start()
    start = time.perf_counter()
    try:
        call_command("import_documents", str(folder), "--json", stdout=out)
        if consumer:
            wait_until_searchable()
    finally:
        for p in patches:
            p.stop()
    total = time.perf_counter() - start
    result = json.loads(out.getvalue())
    assert not result["errors"], result["errors"][:3]
    files = result["created"] + result["updated"] + result["unchanged"]
    out_figures = {"files": files, "created": result["created"], "total_s": round(total, 1),
                   "docs_per_s": round(files / total)}
    return out_figures if consumer else out_figures | {k: round(v, 1) for k, v in spent.items()}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=20000)
    parser.add_argument("--queries", type=int, default=60)
    parser.add_argument("--postgres", action="store_true")
    parser.add_argument("--baseline-n", type=int, default=2000, help="files for the one-by-one import baseline")
    parser.add_argument("--consumer", action="store_true",
                        help="jobs run by a separate huey consumer (as deployed), not inline")
    args = parser.parse_args()
    tmp = django_setup("search", postgres=args.postgres, immediate_jobs=not args.consumer)
    consumer = None
    if args.consumer:
        consumer = subprocess.Popen([sys.executable, "manage.py", "run_huey", "--workers", "1", "--no-periodic"],
                                    cwd=Path(__file__).resolve().parents[1], env=dict(os.environ),
                                    stdout=subprocess.DEVNULL, stderr=open(f"{tmp}/consumer.log", "w"))  # noqa: SIM115 - lives as long as the consumer

    import tantivy
    from django.db import connection
    from django.test import Client

    from gongkai.publishing.models import Document, Status
    from gongkai.publishing.selectors import document_search
    from gongkai.search import documents as index
    from gongkai.search import engine
    from gongkai.search.analysis import query_terms

    t0 = time.perf_counter()
    corpus = generate_corpus(args.n)
    folder = Path(tempfile.mkdtemp(prefix="bench-import-"))
    write_files(corpus, folder / "corpus")
    gen_s = time.perf_counter() - t0
    del corpus

    try:
        imported = import_run(folder / "corpus", consumer=args.consumer)
        write_files(generate_corpus(args.baseline_n, seed=99), folder / "baseline", start=args.n)
        one_by_one = import_run(folder / "baseline", one_by_one=True, consumer=args.consumer)
    finally:
        if consumer is not None:
            consumer.terminate()
            consumer.wait(30)
    shutil.rmtree(folder, ignore_errors=True)
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
        query = engine.all_of(*(engine.any_of(tantivy.Query.term_query(schema, "title" + engine.TERMS, t),
                                              tantivy.Query.term_query(schema, "body" + engine.TERMS, t))
                                for t in terms)) \
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
        "database": connection.vendor, "documents": Document.objects.count(), "queries": len(queries),
        "jobs": "separate huey consumer (1 worker)" if args.consumer else "inline (immediate)",
        "corpus_generation_s": round(gen_s, 1),
        "import_docs_per_s_including_indexing": imported["docs_per_s"],
        "import": imported,
        "import_baseline_one_by_one": one_by_one,
        "ratio_import_over_one_by_one": round(imported["docs_per_s"] / one_by_one["docs_per_s"], 1),
        **results,
        "ratio_icontains_p95_over_service_p95": round(results["icontains_scan"]["p95_ms"] / results["service"]["p95_ms"], 1),
        "ratio_service_p95_over_raw_tantivy_p95": round(results["service"]["p95_ms"] / results["raw_tantivy"]["p95_ms"], 2),
    }
    print(json.dumps(report, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
