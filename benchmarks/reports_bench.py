"""Annual report figures (issue 15), in one run:

  report_1_org     one department's 2025 report (tables 二/三/四 and every check) over --n requests
  aggregate_50     a government's report aggregating --depts departments' published reports (and its own)
  baseline         a naive per-request Python loop over the same requests (model instances, one pass),
                   measured in the same run, for both
  scaling          with --scaling 10000,100000,1000000: the 1-org report as the request count grows
  checker          check_annual_report over the real report fixtures: how many parse completely, how many
                   arithmetic errors it finds, and how many cells/rows it had to name as unread

Requests are written with bulk inserts (no services: figures, not workflow). Each measurement is the
median of --repeat runs.

Usage: .venv/bin/python -m benchmarks.reports_bench --n 100000 [--postgres] [--scaling 10000,100000,1000000]
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import time
from datetime import date, timedelta
from pathlib import Path

from benchmarks.setup import django_setup

YEAR = 2025


def timed(fn, repeat: int) -> float:
    samples = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - t)
    return statistics.median(samples)


def add_requests(org, count: int, start_index: int, rng: random.Random) -> None:
    """`count` requests of one organisation: 90 % received in 2025, 5 % in December 2024, 5 % in 2026;
    most replied within 40 days; a few still open; 3 % with a 复议/诉讼."""
    from gongkai.applications.models import Application, State
    from gongkai.applications.rules import OUTCOMES

    codes = [o.code for o in OUTCOMES]
    kinds = ["natural"] * 8 + ["commercial", "research", "public_welfare", "legal_service", "other_org"]
    batch, reviews_for = [], []
    for i in range(start_index, start_index + count):
        roll = rng.random()
        if roll < 0.05:
            received = date(YEAR - 1, 12, 1) + timedelta(days=rng.randrange(31))
        elif roll < 0.10:
            received = date(YEAR + 1, 1, 1) + timedelta(days=rng.randrange(300))
        else:
            received = date(YEAR, 1, 1) + timedelta(days=rng.randrange(365))
        replied = None if rng.random() < 0.03 else received + timedelta(days=rng.randrange(1, 40))
        batch.append(Application(
            number=f"B-{i:08d}", organisation=org, applicant_kind=rng.choice(kinds), name="申请人",
            description="某项目的批复文件", form_wanted="electronic", delivery="email", channel="online",
            submitted_on=received, received_on=received, reply_due=received + timedelta(days=28),
            state=State.ACCEPTED if replied is None else State.REPLIED, replied_on=replied,
            outcome="" if replied is None else rng.choice(codes), tracking_hash="x"))
        if replied is not None and rng.random() < 0.03:
            reviews_for.append(len(batch) - 1)
        if len(batch) >= 10000:
            _flush(batch, reviews_for, rng)
            batch, reviews_for = [], []
    _flush(batch, reviews_for, rng)


def _flush(batch, reviews_for, rng) -> None:
    from gongkai.applications.models import Application, Review

    made = Application.objects.bulk_create(batch, batch_size=5000)
    if not made or made[0].pk is None:  # SQLite before RETURNING: look the ids up
        numbers = [a.number for a in batch]
        ids = dict(Application.objects.filter(number__in=numbers).values_list("number", "pk"))
        for a in batch:
            a.pk = ids[a.number]
    Review.objects.bulk_create([
        Review(application_id=batch[k].pk, kind=rng.choice(["reconsideration", "litigation_direct", "litigation_after"]),
               filed_on=batch[k].replied_on + timedelta(days=20),
               result=rng.choice(["upheld", "corrected", "other", "pending"])) for k in reviews_for], batch_size=5000)


def naive_table3(org_ids: list[int], year: int) -> dict[str, list[int]]:
    """The baseline: one Python pass over every request of the organisations, as a spreadsheet macro would."""
    from gongkai.applications.models import Application
    from gongkai.applications.rules import OUTCOME_BY_CODE
    from gongkai.reports import rules

    start, end = date(year, 1, 1), date(year, 12, 31)
    rows = rules.empty_table3()
    for app in Application.objects.filter(organisation_id__in=org_ids).iterator(chunk_size=5000):
        if app.received_on is None or app.received_on > end:
            continue
        col = rules.APPLICANT_COLUMN.get(app.applicant_kind, 5)
        if app.received_on >= start:
            rows["一"][col] += 1
        elif app.replied_on is None or app.replied_on >= start:
            rows["二"][col] += 1
        else:
            continue
        if app.replied_on is not None and start <= app.replied_on <= end:
            outcome = OUTCOME_BY_CODE.get(app.outcome)
            if outcome is not None:
                rows[rules.row_for_outcome(outcome.report_row)][col] += 1
        if app.replied_on is None or app.replied_on > end:
            rows["四"][col] += 1
    return rules.complete_table3(rows)


def checker_figures() -> dict[str, object]:
    from gongkai.reports import checker

    folder = Path(__file__).resolve().parents[1] / "gongkai" / "reports" / "tests" / "fixtures" / "real"
    manifest = json.loads((folder / "manifest.json").read_text())["reports"]
    out = {"reports": len(manifest), "complete": 0, "complete_copies": 0, "arithmetic_errors": 0, "rows_read": 0,
           "cells_or_rows_named_unread": 0, "provinces": sorted({m["province"] for m in manifest}),
           "formats": sorted({m["format"] for m in manifest}), "per_report": []}
    t = time.perf_counter()
    for entry in manifest:
        result = checker.check_file(str(folder / entry["file"]))
        read = sum(1 for v in result.table3.rows.values() if v is not None and any(c is not None for c in v))
        out["complete"] += result.complete
        out["complete_copies"] += bool(entry.get("complete_copy"))
        out["arithmetic_errors"] += len(result.errors)
        out["rows_read"] += read
        out["cells_or_rows_named_unread"] += len(result.unread)
        out["per_report"].append({"file": entry["file"], "rows_read": read, "errors": len(result.errors),
                                  "unread": len(result.unread), "complete": result.complete})
    out["ms_per_report"] = round((time.perf_counter() - t) * 1000 / max(1, len(manifest)), 1)
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=100000)
    parser.add_argument("--depts", type=int, default=50)
    parser.add_argument("--postgres", action="store_true")
    parser.add_argument("--scaling", default="", help="comma-separated request counts, e.g. 10000,100000,1000000")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    django_setup("reports", postgres=args.postgres)

    from django.contrib.auth import get_user_model
    from django.db import connection

    from gongkai.core.creditcode import make_credit_code
    from gongkai.core.models import Organisation
    from gongkai.reports import selectors, services
    from gongkai.reports.models import AnnualReport

    rng = random.Random(15)
    admin = get_user_model().objects.create_superuser("bench", password="x")
    gov = Organisation.objects.create(name="青溪县人民政府", kind="government", level="county",
                                      credit_code=make_credit_code("11", "320199", "RB000000"))
    depts = [Organisation.objects.create(name=f"青溪县第{i}局", kind="department", level="county", parent=gov,
                                         credit_code=make_credit_code("11", "320199", f"RB{i:06d}"))
             for i in range(1, args.depts + 1)]
    manual = {"licensing": "1", "penalty": "0", "enforcement": "0", "fees": "0"}
    result: dict[str, object] = {"database": connection.vendor, "requests": args.n}

    # --- one organisation over n requests ------------------------------------------------------
    big = depts[0]
    t = time.perf_counter()
    add_requests(big, args.n, 0, rng)
    result["load_s"] = round(time.perf_counter() - t, 1)
    report = services.report_create(actor=admin, organisation=big, year=YEAR)
    services.report_update(actor=admin, report=report, manual=manual)
    ids = selectors.record_org_ids(big)
    ours = timed(lambda: selectors.build(report), args.repeat)
    naive = timed(lambda: naive_table3(ids, YEAR), max(1, args.repeat // 2))
    assert naive_table3(ids, YEAR) == selectors.build(report).figures["table3"]["rows"], "baseline disagrees"
    result["report_1_org_s"] = round(ours, 3)
    result["baseline_naive_loop_1_org_s"] = round(naive, 3)
    result["ratio_naive_over_ours_1_org"] = round(naive / ours, 1)
    services.report_publish(actor=admin, report=report)

    # --- a government aggregating the departments ---------------------------------------------
    per_dept = max(100, args.n // (10 * args.depts))
    for k, dept in enumerate(depts[1:], start=1):
        add_requests(dept, per_dept, args.n + k * per_dept, rng)
        r = services.report_create(actor=admin, organisation=dept, year=YEAR)
        services.report_update(actor=admin, report=r, manual=manual)
        services.report_publish(actor=admin, report=r)
    county = services.report_create(actor=admin, organisation=gov, year=YEAR)
    services.report_update(actor=admin, report=county, manual=manual)

    def aggregate_and_build() -> None:
        services.report_aggregate(actor=admin, report=county)
        selectors.build(AnnualReport.objects.get(pk=county.pk))

    ours_gov = timed(aggregate_and_build, args.repeat)
    all_ids = [i for d in [gov, *depts] for i in selectors.record_org_ids(d)]
    naive_gov = timed(lambda: naive_table3(all_ids, YEAR), max(1, args.repeat // 2))
    view = selectors.build(AnnualReport.objects.get(pk=county.pk))
    assert view.figures["table3"]["rows"] == naive_table3(all_ids, YEAR), "aggregate disagrees with the records"
    result["aggregate_departments"] = args.depts
    result["aggregate_total_requests"] = args.n + per_dept * (args.depts - 1)
    result["aggregate_gov_s"] = round(ours_gov, 3)
    result["baseline_naive_loop_all_departments_s"] = round(naive_gov, 3)
    result["ratio_naive_over_ours_aggregate"] = round(naive_gov / ours_gov, 1)

    # --- statistics page data (working-day spread for every reply) -----------------------------
    from gongkai.reports import stats

    result["statistics_all_units_s"] = round(timed(lambda: stats.unit_statistics([gov, *depts], YEAR), 1), 3)

    # --- scaling -------------------------------------------------------------------------------
    if args.scaling:
        sizes = sorted(int(s) for s in args.scaling.split(","))
        scaled = Organisation.objects.create(name="青溪县规模测试局", kind="department", level="county", parent=gov,
                                             credit_code=make_credit_code("11", "320199", "RC000001"))
        s_report = services.report_create(actor=admin, organisation=scaled, year=YEAR)
        services.report_update(actor=admin, report=s_report, manual=manual)
        s_ids = selectors.record_org_ids(scaled)
        have, rows = 0, []
        for size in sizes:
            t = time.perf_counter()
            add_requests(scaled, size - have, 10_000_000 + have, rng)
            load = time.perf_counter() - t
            have = size
            if connection.vendor == "postgresql":
                with connection.cursor() as cursor:
                    cursor.execute("ANALYZE applications_application")
            ours_s = timed(lambda: selectors.build(s_report), 3)
            naive_s = timed(lambda: naive_table3(s_ids, YEAR), 1)
            rows.append({"requests": size, "report_s": round(ours_s, 3), "baseline_naive_loop_s": round(naive_s, 2),
                         "ratio": round(naive_s / ours_s, 1), "load_s": round(load, 1)})
        result["scaling"] = rows

    result["checker"] = checker_figures()
    result["note"] = ("report = selectors.build (tables 二/三/四 from grouped queries, problems, every check); "
                      "aggregate = report_aggregate + build; baseline = one Python pass over every request's model "
                      "instance computing table 三 the same way (verified equal); medians")
    print(json.dumps(result, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
