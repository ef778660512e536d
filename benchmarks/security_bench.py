"""Security figures for issue 10, from a real gunicorn (4 workers, DEBUG off) on 127.0.0.1:8101.

1. Home page requests/s while a flood of `/search/?q=政务&page=999999999999` runs beside it, against the
   named baseline: the same home page on the same server with no flood (same run). Worker deaths are
   counted from gunicorn's worker PIDs before and after.
2. The tracking limiter: one client (one IP, a forged X-Forwarded-For on every request) sends wrong
   tracking codes from 8 threads for `--track-seconds` (default one minute); how many were checked (anything but a 429)
   rather than refused (429), against the named baseline of how many were sent. With `--redis`, a throwaway redis-server holds
   the shared cache instead of the database.
3. The fuzzers: schemathesis over the OpenAPI schema and hypothesis over the public forms, run through
   pytest; operations, cases and server errors.

Usage: .venv/bin/python -m benchmarks.security_bench [--seconds 10] [--track-seconds 60] [--redis] [--no-fuzz]
"""

from __future__ import annotations

import argparse
import io
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

from benchmarks.setup import django_setup

PORT = 8101
BASE = f"http://127.0.0.1:{PORT}"
FLOOD = "/search/?q=%E6%94%BF%E5%8A%A1&page=999999999999"
ROOT = Path(__file__).resolve().parents[1]


def _wrk(path: str, seconds: int, connections: int = 8) -> dict[str, float]:
    run = subprocess.run(["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", BASE + path], capture_output=True,
                         text=True, timeout=seconds + 60)
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", run.stdout).group(1))
    total = int(re.search(r"(\d+) requests in", run.stdout).group(1))
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", run.stdout)
    return {"requests_per_s": round(rps, 1), "requests": total, "non_2xx": int(errors.group(1)) if errors else 0}


def _workers(master: int) -> set[int]:
    out = subprocess.run(["pgrep", "-P", str(master)], capture_output=True, text=True).stdout
    return {int(pid) for pid in out.split()}


def _status(url: str, headers: dict[str, str]) -> int:
    try:
        with urllib.request.urlopen(urllib.request.Request(url, headers=headers), timeout=10) as response:
            return response.status
    except urllib.error.HTTPError as exc:
        return exc.code


def _track_attack(number: str, seconds: int) -> dict[str, int]:
    counts: dict[str, int] = {}
    lock = threading.Lock()
    stop = time.monotonic() + seconds
    serial = iter(range(10**9))

    def worker() -> None:
        while time.monotonic() < stop:
            with lock:
                n = next(serial)
            status = _status(f"{BASE}/apply/track/?n={number}&c=WRONG{n:08d}",
                             {"X-Forwarded-For": f"10.{n % 250}.{n // 250 % 250}.7"})
            with lock:
                counts[str(status)] = counts.get(str(status), 0) + 1

    threads = [threading.Thread(target=worker) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return counts


def _fuzz() -> dict[str, object]:
    stats = Path(tempfile.mkdtemp()) / "fuzz.jsonl"
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "DEBUG", "SEARCH_INDEX_DIR", "MEDIA_ROOT")}
    env["FUZZ_STATS"] = str(stats)
    started = time.monotonic()
    run = subprocess.run([sys.executable, "-m", "pytest", "tests/security/test_api_fuzz.py",
                          "tests/security/test_form_fuzz.py", "-q", "-p", "no:xdist"], cwd=ROOT, env=env,
                         capture_output=True, text=True, timeout=900)
    seconds = round(time.monotonic() - started, 1)
    last: dict[str, dict[str, int]] = {}
    for line in stats.read_text().splitlines() if stats.exists() else []:
        row = json.loads(line)
        last[row["operation"]] = row
    from tests.security.test_form_fuzz import EXAMPLES as FORM_EXAMPLES
    from tests.security.test_form_fuzz import FORMS

    summary = re.search(r"(\d+) passed(?:, (\d+) failed)?", run.stdout)
    return {"schemathesis_operations": len(last), "schemathesis_cases": sum(r["cases"] for r in last.values()),
            "schemathesis_requests": sum(r["requests"] for r in last.values()),
            "schemathesis_server_errors": sum(r["server_errors"] for r in last.values()),
            "hypothesis_forms": len(FORMS), "hypothesis_examples_per_form": FORM_EXAMPLES,
            "pytest": summary.group(0) if summary else run.stdout[-300:], "fuzz_seconds": seconds}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--track-seconds", type=int, default=60)
    parser.add_argument("--redis", action="store_true")
    parser.add_argument("--no-fuzz", action="store_true")
    args = parser.parse_args()
    if not shutil.which("wrk"):
        sys.exit("wrk is not installed: make benchdeps")
    redis = None
    if args.redis:
        redis = subprocess.Popen(["redis-server", "--port", "6391", "--save", "", "--appendonly", "no"],
                                 stdout=subprocess.DEVNULL)
        os.environ["REDIS_URL"] = "redis://127.0.0.1:6391/0"
    django_setup("security")
    from django.conf import settings
    from django.core.management import call_command

    from gongkai.applications import services
    from gongkai.core.models import Organisation

    out = io.StringIO()
    call_command("seed_demo", stdout=out)
    call_command("import_documents", str(settings.SEEDS_DIR), "--org", "11320199MB12345628", stdout=out)
    org = Organisation.objects.filter(kind=Organisation.Kind.DEPARTMENT).order_by("pk").first()
    app, _code = services.application_submit(actor=None, organisation=org, data={
        "applicant_kind": "natural", "name": "压测", "phone": "13900139000", "description": "预算",
        "form_wanted": "electronic", "delivery": "email"})
    result: dict[str, object] = {"server": "gunicorn 4 workers, DEBUG off", "database": settings.DATABASES["default"]["ENGINE"],
                                 "cache": settings.CACHES["default"]["BACKEND"], "client": "wrk -t2 -c8"}
    log = Path(tempfile.mkdtemp()) / "gunicorn.log"  # 429 warnings by the thousand: kept out of the JSON
    server = subprocess.Popen([sys.executable, "-m", "gunicorn", "config.wsgi", "-b", f"127.0.0.1:{PORT}", "-w", "4",
                               "--log-level", "warning"], env=dict(os.environ, LOG_LEVEL="ERROR"), cwd=ROOT,
                              stdout=log.open("w"), stderr=subprocess.STDOUT)
    result["server_log"] = str(log)
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(f"{BASE}/healthz", timeout=1)
                break
            except OSError:
                time.sleep(0.2)
        _wrk("/", 2)  # warm every worker
        before = _workers(server.pid)
        baseline = _wrk("/", args.seconds)
        flood_out: dict[str, dict[str, float]] = {}
        flood = threading.Thread(target=lambda: flood_out.setdefault("flood", _wrk(FLOOD, args.seconds + 2, 4)))
        flood.start()
        time.sleep(1)
        under = _wrk("/", args.seconds)
        flood.join()
        after = _workers(server.pid)
        result["baseline_home_alone"] = baseline
        result["home_under_flood"] = under
        result["flood_requests"] = flood_out["flood"]
        result["flood_url"] = FLOOD
        result["ratio_home_rps_under_flood_over_alone"] = round(under["requests_per_s"] / baseline["requests_per_s"], 2)
        result["worker_deaths"] = len(before - after)
        counts = _track_attack(app.number, args.track_seconds)
        # Checked = answered at all (a 404, or the page's 200 with its "not found" message); refused = 429.
        checked = sum(n for status, n in counts.items() if status != "429")
        result["tracking"] = {
            "limit": settings.RATE_LIMITS["track"], "seconds": args.track_seconds, "statuses": counts,
            # Baseline: what the client sent; the figure: how many of those were actually checked.
            "baseline_wrong_codes_sent": sum(counts.values()), "wrong_codes_checked": checked,
            "ratio_checked_over_sent": round(checked / max(1, sum(counts.values())), 4),
            "note": "one client: one IP, a different forged X-Forwarded-For on each request, 8 threads"}
    finally:
        server.terminate()
        try:
            server.wait(60)
        except subprocess.TimeoutExpired:
            server.kill()
        if redis is not None:
            redis.terminate()
            redis.wait(10)
    if not args.no_fuzz:
        result["fuzz"] = _fuzz()
    print(json.dumps(result, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
