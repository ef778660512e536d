"""Search relevance: nDCG@5 over a graded query set, today's ranking against the current one, same run.

    .venv/bin/python -m benchmarks.search_relevance

Library: the five seeds and the demo's 条例 excerpt. Query set: benchmarks/search_relevance.yaml
(query → documents graded 2/1/0). "before" is the index's raw ranking with the field weights of the
previous release (title ×3, keywords ×2, body ×1) and no repost folding; "after" is `document_search`
as /search/, the API and `search_documents` run it (current weights, reposts folded under their source).
"""

from __future__ import annotations

import io
import json
import math
import os
from pathlib import Path
from typing import Any

import yaml

HERE = Path(__file__).parent
PREVIOUS_FIELDS = {"title": 3.0, "body": 1.0, "keywords": 2.0}


def dcg(gains: list[int]) -> float:
    return sum((2 ** g - 1) / math.log2(i + 2) for i, g in enumerate(gains))


def ndcg_at(ranked: list[str], grades: dict[str, int], k: int = 5) -> float:
    ideal = dcg(sorted(grades.values(), reverse=True)[:k])
    return dcg([grades.get(key, 0) for key in ranked[:k]]) / ideal if ideal else 0.0


def main() -> None:
    from benchmarks.setup import django_setup

    django_setup("relevance")
    from django.conf import settings
    from django.core.management import call_command

    from gongkai.publishing.models import Document, Kind
    from gongkai.publishing.selectors import document_search
    from gongkai.qa.demo import DEMO_LIBRARY
    from gongkai.search import documents

    call_command("import_documents", str(settings.SEEDS_DIR), stdout=io.StringIO())
    call_command("import_documents", str(DEMO_LIBRARY), stdout=io.StringIO())
    # One bulk rebuild: the same segments every run (two imports leave two segments, merged or not
    # depending on timing, and ties between equal scores then come out in either order).
    call_command("rebuild_search_index", stdout=io.StringIO())
    keys = {d.pk: ("repost" if d.kind == Kind.NEWS else d.doc_no) for d in Document.objects.all()}
    data = yaml.safe_load((HERE / "search_relevance.yaml").read_text(encoding="utf-8"))
    rows: list[dict[str, Any]] = []
    for item in data["queries"]:
        before = [keys[h.pk] for h in documents.search(item["q"], per_page=5, fields=PREVIOUS_FIELDS).hits]
        _total, listed = document_search(item["q"], per_page=5)
        after = [keys[d.pk] for d, _h in listed]
        rows.append({"q": item["q"], "before": round(ndcg_at(before, item["grades"]), 3),
                     "after": round(ndcg_at(after, item["grades"]), 3), "ranked_after": after})
    n = len(rows)
    mean_before = sum(r["before"] for r in rows) / n
    mean_after = sum(r["after"] for r in rows) / n
    repost_above_source = sum(1 for r in rows if "repost" in r["ranked_after"]
                              and "国办发〔2021〕12号" in r["ranked_after"]
                              and r["ranked_after"].index("repost") < r["ranked_after"].index("国办发〔2021〕12号"))
    print(json.dumps({"queries": n, "ndcg_at_5_after": round(mean_after, 3),
                      "baseline_previous_ranking_ndcg_at_5": round(mean_before, 3),
                      "ratio_after_over_before": round(mean_after / mean_before, 3),
                      "queries_better": sum(r["after"] > r["before"] for r in rows),
                      "queries_worse": sum(r["after"] < r["before"] for r in rows),
                      "repost_listed_above_its_source": repost_above_source}, ensure_ascii=False, indent=1))
    for r in rows:
        if r["after"] != r["before"] or os.environ.get("ALL_ROWS"):
            print(json.dumps(r, ensure_ascii=False))


if __name__ == "__main__":
    main()
