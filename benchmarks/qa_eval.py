"""Q&A accuracy over the seeds: top-1/top-3 document accuracy, phrase recall, correct "not found".

Usage: .venv/bin/python -m benchmarks.qa_eval   (builds a throwaway database, imports ../shared/seeds)
"""

from __future__ import annotations

import io
import json
import os
import sys
import tempfile
from pathlib import Path
from typing import Any

import yaml

HERE = Path(__file__).parent


def setup_django() -> None:
    tmp = tempfile.mkdtemp(prefix="qa-eval-")
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{tmp}/db.sqlite3")
    os.environ.setdefault("SEARCH_INDEX_DIR", f"{tmp}/index")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("LOG_LEVEL", "ERROR")
    sys.path.insert(0, str(HERE.parent))
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("import_documents", str(settings.SEEDS_DIR), stdout=io.StringIO())


def evaluate() -> dict[str, Any]:
    """Run the evaluation set against the current database (used by the test and the script)."""
    from gongkai.qa.answering import answer

    data = yaml.safe_load((HERE / "qa_eval.yaml").read_text(encoding="utf-8"))
    top1 = top3 = phrase = 0
    misses = []
    for item in data["answerable"]:
        result = answer(item["q"])
        cited = [c["doc_no"] for c in result.citations]
        texts = result.answer + " ".join(c["quote"] for c in result.citations)
        ok1 = result.answered and bool(cited) and cited[0] in item["expected"]
        ok3 = result.answered and any(d in item["expected"] for d in cited[:3])
        okp = result.answered and item["phrase"] in texts
        top1 += ok1
        top3 += ok3
        phrase += okp
        if not (ok1 and okp):
            misses.append({"q": item["q"], "answered": result.answered, "cited": cited, "answer": result.answer[:80]})
    not_found = sum(1 for q in data["unanswerable"] if not answer(q).answered)
    n, m = len(data["answerable"]), len(data["unanswerable"])
    return {"questions": n, "top1": top1 / n, "top3": top3 / n, "phrase_recall": phrase / n,
            "not_found_correct": not_found / m, "misses": misses}


if __name__ == "__main__":
    setup_django()
    report = evaluate()
    print(json.dumps({k: v for k, v in report.items() if k != "misses"}, ensure_ascii=False))
    for miss in report["misses"]:
        print("MISS", json.dumps(miss, ensure_ascii=False))
