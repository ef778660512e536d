"""Portal pages rendered in-process (Django test client, DEBUG off): CPU milliseconds per request, so a
busy machine changes the figure far less than wall-clock requests/s under wrk (benchmarks.portal_load).
Baseline measured in the same run: /healthz (routing, middleware, two tiny queries, no template).

Usage: .venv/bin/python -m benchmarks.portal_render [--postgres] [--n 300]
To compare two trees, run it in each, alternating, and compare the ratios to their own baseline.
"""

from __future__ import annotations

import argparse
import io
import json
import statistics
import time

from benchmarks.setup import django_setup


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--postgres", action="store_true")
    parser.add_argument("--n", type=int, default=300)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    django_setup("render", postgres=args.postgres)
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    from gongkai.publishing.models import Document

    out = io.StringIO()
    call_command("seed_demo", stdout=out)
    call_command("import_documents", str(settings.SEEDS_DIR), "--org", "11320199MB12345628", stdout=out)
    call_command("seed_demo", "--content", stdout=out)
    doc = Document.objects.filter(doc_no_normalised="苏政办发〔2021〕29号").get()
    pages = {"baseline_healthz": "/healthz", "home": "/", "item_page": doc.get_absolute_url(),
             "policy_library": "/policies/"}
    client = Client()
    for path in pages.values():  # warm caches (templates, site frame, facets)
        for _ in range(20):
            assert client.get(path).status_code == 200, path
    rounds: dict[str, list[float]] = {name: [] for name in pages}
    for _ in range(args.rounds):  # interleaved, so a burst of load hits every page alike
        for name, path in pages.items():
            start = time.process_time()
            for _ in range(args.n):
                client.get(path)
            rounds[name].append((time.process_time() - start) * 1000 / args.n)
    cpu_ms = {name: round(statistics.median(values), 3) for name, values in rounds.items()}
    base = cpu_ms["baseline_healthz"]
    print(json.dumps({
        "database": connection.vendor, "requests_per_page_per_round": args.n, "rounds": args.rounds,
        "cpu_ms_per_request_median": cpu_ms,
        "requests_per_cpu_second": {name: round(1000 / ms) for name, ms in cpu_ms.items()},
        **{f"ratio_{name}_cpu_over_healthz": round(ms / base, 2) for name, ms in cpu_ms.items()
           if name != "baseline_healthz"},
    }, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
