"""工作台账 figures: the four seed 工作要点 against the hand counts kept in the repo
(gongkai/ledger/tests/data/hand_counts.yaml), deadline-phrase precision and recall on the seeds and on
the fixtures from other years and places (tests/data/fixtures.yaml, each with its source URL), the
provincial→national link precision against the hand-made list, and parsing time per document.

Parsing time has a named baseline measured in the same run: the importer's own cleaning of the same
text (`publishing.importer.clean`, which every import already pays), so the ratio says what parsing
adds on top of reading a document.

Usage: .venv/bin/python -m benchmarks.ledger_bench [--repeat 30]
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from collections import Counter
from datetime import date
from pathlib import Path

from benchmarks.setup import django_setup


def _prf(tp: int, predicted: int, truth: int) -> dict[str, float | int]:
    return {"true_positives": tp, "predicted": predicted, "truth": truth,
            "precision": round(tp / predicted, 4) if predicted else 1.0,
            "recall": round(tp / truth, 4) if truth else 1.0}


def _same_phrase(a: str, b: str) -> bool:
    a, b = a.replace(" ", "").lstrip("到在于"), b.replace(" ", "").lstrip("到在于")
    return a in b or b in a


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=30)
    args = parser.parse_args()
    django_setup("ledger")
    from django.conf import settings

    from gongkai.ledger.fixtures import fixture_index, fixture_text, hand_counts
    from gongkai.ledger.parsing import NotAWorkplanError
    from gongkai.ledger.rules import deadline_phrases, match_items
    from gongkai.ledger.sources import plan_from_file, plan_from_text
    from gongkai.publishing.importer import clean, read_text

    counts = hand_counts()
    seeds_dir = Path(settings.SEEDS_DIR)
    seeds = {}
    tp = pred = truth = 0
    timings = {}
    for name, want in counts["seeds"].items():
        plan = plan_from_file(seeds_dir / name)
        found = Counter((t.path.rsplit(".", 1)[0], t.deadline.due) for t in plan.tasks() if t.deadline.due)
        expected = Counter((d["item"], d["date"]) for d in want["deadlines"])
        hits = sum((found & expected).values())
        tp, pred, truth = tp + hits, pred + sum(found.values()), truth + sum(expected.values())
        seeds[name] = {"title": plan.title, "sections": [len(plan.sections), want["sections"]],
                       "items": [len(plan.items()), want["items"]],
                       "deadlines": [sum(found.values()), len(want["deadlines"])], "deadlines_matching": hits,
                       "tasks": len(plan.tasks()), "flagged_for_review": sum(t.deadline.needs_review for t in plan.tasks())}
        # Timing: parse the cleaned text (plan_from_text re-cleans, so time the parser itself) vs cleaning it.
        from gongkai.ledger.parsing import parse_plan

        raw = read_text(seeds_dir / name)
        body, _ = clean(raw)
        parse_runs, clean_runs = [], []
        for _ in range(args.repeat):
            t0 = time.perf_counter()
            clean(raw)
            clean_runs.append(time.perf_counter() - t0)
            t0 = time.perf_counter()
            parse_plan(body, title=plan.title, doc_no=plan.doc_no)
            parse_runs.append(time.perf_counter() - t0)
        timings[name] = {"parse_ms": round(statistics.median(parse_runs) * 1000, 3),
                         "baseline_clean_ms": round(statistics.median(clean_runs) * 1000, 3)}
        timings[name]["ratio"] = round(timings[name]["parse_ms"] / timings[name]["baseline_clean_ms"], 2)
    seed_prf = _prf(tp, pred, truth)

    fixtures = {}
    ftp = fpred = ftruth = 0
    for name, meta in fixture_index().items():
        text = fixture_text(name)
        found_phrases = deadline_phrases(text, meta["year"])
        wanted = [(d["phrase"], d["date"] if isinstance(d["date"], date) else date.fromisoformat(str(d["date"])))
                  for d in meta["deadlines"]]
        unmatched = list(wanted)
        hits = 0
        for phrase, due in found_phrases:
            match = next((w for w in unmatched if w[1] == due and _same_phrase(w[0], phrase)), None)
            if match:
                unmatched.remove(match)
                hits += 1
        ftp, fpred, ftruth = ftp + hits, fpred + len(found_phrases), ftruth + len(wanted)
        try:
            plan = plan_from_text(text)
            parsed = {"workplan": True, "sections": len(plan.sections), "items": len(plan.items()), "tasks": len(plan.tasks())}
        except NotAWorkplanError:
            parsed = {"workplan": False}
        fixtures[name] = {"source": meta["source"], "expected_workplan": meta["workplan"], **parsed,
                          "found": [[p, d.isoformat()] for p, d in found_phrases],
                          "hand": [[p, d.isoformat()] for p, d in wanted], "matching": hits}
    fixture_prf = _prf(ftp, fpred, ftruth)

    links = counts["links"]
    province = plan_from_file(seeds_dir / links["provincial"])
    nation = plan_from_file(seeds_dir / links["national"])
    matches = match_items([(i.path, i.text) for i in province.items()], [(i.path, i.text) for i in nation.items()])
    linked = [m for m in matches if m.origin_path]
    correct = [m for m in linked if m.origin_path in links["pairs"][m.path]]
    link_figures = {"predicted": len(linked), "correct": len(correct), "hand_pairs": len(links["pairs"]),
                    "precision": round(len(correct) / len(linked), 4) if linked else 1.0,
                    "recall": round(len(correct) / len(links["pairs"]), 4),
                    "wrong": [[m.path, m.origin_path] for m in linked if m not in correct]}

    mean_parse = statistics.mean(t["parse_ms"] for t in timings.values())
    mean_clean = statistics.mean(t["baseline_clean_ms"] for t in timings.values())
    print(json.dumps({
        "seeds": seeds,
        "deadline_phrases_seeds": seed_prf,
        "deadline_phrases_fixtures": fixture_prf,
        "deadline_phrases_all": _prf(tp + ftp, pred + fpred, truth + ftruth),
        "fixtures": fixtures,
        "provincial_national_links": link_figures,
        "parse_time": {"per_document": timings, "figure": "median ms to parse one cleaned 要点 (parse_plan)",
                       "baseline": "median ms of publishing.importer.clean on the same raw text",
                       "mean_parse_ms": round(mean_parse, 3), "mean_baseline_ms": round(mean_clean, 3),
                       "ratio": round(mean_parse / mean_clean, 2), "repeat": args.repeat},
    }, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
