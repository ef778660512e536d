"""Ask latency over a synthetic library (the 5 seeds plus N generated documents), against a named
baseline in the same run: the raw passage search alone (`search_passages`, top 50, no re-ranking,
no answer building, no database).

Usage: .venv/bin/python -m benchmarks.qa_latency --n 100000 [--postgres] [--index-from DIR]

--index-from reuses the search-index directory a previous run with the same --n built (printed as
"index_dir"): the passage index does not depend on the database, and the documents get the same primary
keys in a fresh database of either kind (checked: "index_matches_database"). It saves the hour that indexing
5 million passages takes on a busy two-core machine.
"""

from __future__ import annotations

import argparse
import io
import json
import time
from contextlib import nullcontext
from datetime import date, timedelta

from benchmarks.corpus import generate_corpus, percentile
from benchmarks.setup import django_setup

QUESTIONS = ["县级以上政府网站什么时候要支持IPv6？", "政务新媒体发布信息要标注哪些人？", "信息处理费怎么收？",
             "地方政府债务信息要公开哪些内容？", "住房公积金怎么提取？", "基层政务公开标准指引什么时候编制完成？",
             # as people type them (frame, everyday words, a year, a place, traditional characters)
             "市场监管局检查企业依据的那些规矩和标准，会不会全部公开？", "申请公开信息要交钱吗？",
             "2020年国家要求怎么防止政府的网站、公众号被黑客攻击？", "江苏的乡镇要不要把城乡规划都放到网上？",
             "政務新媒體發布信息要標註哪些人？", "2024年的要点对政务新媒体有什么要求？"]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=20000)
    parser.add_argument("--postgres", action="store_true")
    parser.add_argument("--index-from", default="", help="a SEARCH_INDEX_DIR built by an earlier run (same --n)")
    args = parser.parse_args()
    django_setup("qa", postgres=args.postgres)
    from django.conf import settings

    if args.index_from:
        settings.SEARCH_INDEX_DIR = args.index_from
    from django.core.management import call_command
    from django.db import connection

    from gongkai.publishing.models import Document, Status
    from gongkai.qa.answering import answer
    from gongkai.qa.indexing import document_passages
    from gongkai.search import engine, passages

    call_command("import_documents", str(settings.SEEDS_DIR), stdout=io.StringIO())
    day = date(2019, 1, 1)
    docs = [Document(index_no=f"QA/{i:07d}", title=t, body_text=b, status=Status.PUBLISHED, publisher_name="某局",
                     written_on=day + timedelta(days=i % 2000), published_on=day + timedelta(days=i % 2000))
            for i, (t, b) in enumerate(generate_corpus(args.n))]
    Document.objects.bulk_create(docs, batch_size=2000)
    t0 = time.perf_counter()
    batch: list = []
    # As rebuild_passage_index does: one writer, merges overlapping the next batch.
    reused = bool(args.index_from)
    with nullcontext() if reused else engine.bulk():
        rows = () if reused else Document.objects.filter(index_no__startswith="QA/").iterator(chunk_size=1000)
        for doc in rows:
            batch += document_passages(doc)
            if len(batch) >= 50000:
                passages.index_passages(batch, replace_docs=set())
                batch = []
        if batch:
            passages.index_passages(batch, replace_docs=set())
    index_s = time.perf_counter() - t0
    for q in QUESTIONS:
        answer(q)

    def timed(fn) -> list[float]:
        out = []
        for _ in range(5):
            for q in QUESTIONS:
                t = time.perf_counter()
                fn(q)
                out.append((time.perf_counter() - t) * 1000)
        return out

    samples = timed(answer)
    raw = timed(lambda q: passages.search_passages(q, limit=50))
    # The synthetic documents reuse seed sentences, so the cited copy may be synthetic: check the text.
    quote = " ".join(c["quote"] for c in answer(QUESTIONS[1]).citations)
    # The index's documents are the database's: sampled hits point at synthetic rows holding their text.
    sample = passages.search_passages("政务公开", limit=20)
    rows = Document.objects.in_bulk({h.doc_pk for h in sample})
    matches = bool(sample) and all(h.doc_pk in rows and h.text in rows[h.doc_pk].body_text for h in sample)
    # ... and the index holds the last document too (an index built for a smaller --n would not).
    import tantivy

    last = Document.objects.order_by("-pk").values_list("pk", flat=True).first()
    index = passages._index()
    matches = matches and bool(index.searcher().search(
        tantivy.Query.term_query(index.schema, "doc_pk", last), limit=1).hits)
    print(json.dumps({"database": connection.vendor, "documents": args.n + 5, "passages": passages.count(),
                      "index_dir": str(settings.SEARCH_INDEX_DIR), "index_reused": bool(args.index_from),
                      "index_matches_database": matches,
                      "passage_indexing_s": None if reused else round(index_s, 1), "ask_p50_ms": round(percentile(samples, 50), 1),
                      "ask_p95_ms": round(percentile(samples, 95), 1),
                      "baseline_raw_passage_search_p95_ms": round(percentile(raw, 95), 2),
                      "ratio_ask_p95_over_raw_p95": round(percentile(samples, 95) / percentile(raw, 95), 1),
                      "annotation_answer_still_found": "拟稿人、审核人、发布人" in quote}, ensure_ascii=False,
                     indent=1))


if __name__ == "__main__":
    main()
