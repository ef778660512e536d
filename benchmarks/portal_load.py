"""Portal pages under load from a second process: gunicorn (2 workers) on 127.0.0.1:8100, wrk as the
client (loopback only, bounded to a few seconds per page). Prints requests/s and p50/p95 per page, and
each page's requests/s as a ratio of the baseline: /healthz on the same server (tiny queries, no template).

Usage: .venv/bin/python -m benchmarks.portal_load [--postgres] [--seconds 10]
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
import time
import urllib.request

from benchmarks.setup import django_setup

LUA = """
done = function(summary, latency, requests)
  io.write(string.format("P50=%d P95=%d\\n", latency:percentile(50), latency:percentile(95)))
end
"""


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--postgres", action="store_true")
    parser.add_argument("--seconds", type=int, default=10)
    args = parser.parse_args()
    if not shutil.which("wrk"):
        sys.exit("wrk is not installed: apt-get install wrk")
    django_setup("portal", postgres=args.postgres)
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection

    from gongkai.publishing.models import Document

    out = io.StringIO()
    call_command("seed_demo", stdout=out)
    call_command("import_documents", str(settings.SEEDS_DIR), "--org", "11320199MB12345628", stdout=out)
    call_command("seed_demo", "--content", stdout=out)
    call_command("collectstatic", "--noinput", verbosity=0)
    doc = Document.objects.filter(doc_no_normalised="苏政办发〔2021〕29号").get()
    env = dict(os.environ)
    server = subprocess.Popen([sys.executable, "-m", "gunicorn", "config.wsgi", "-b", "127.0.0.1:8100", "-w", "2",
                               "--log-level", "warning"], env=env)
    try:
        for _ in range(50):
            try:
                urllib.request.urlopen("http://127.0.0.1:8100/healthz", timeout=1)
                break
            except OSError:
                time.sleep(0.2)
        script = os.path.join(tempfile.mkdtemp(), "percentiles.lua")
        with open(script, "w") as fh:
            fh.write(LUA)
        results = {}
        for name, path in (("baseline_healthz", "/healthz"), ("home", "/"), ("policy_library", "/policies/"), ("item_page", doc.get_absolute_url()),
                           ("search_page", "/search/?q=%E6%94%BF%E5%8A%A1%E6%96%B0%E5%AA%92%E4%BD%93")):
            run = subprocess.run(["wrk", "-t2", "-c8", f"-d{args.seconds}s", "-s", script,
                                  "http://127.0.0.1:8100" + path], capture_output=True, text=True, timeout=120)
            rps = float(re.search(r"Requests/sec:\s+([\d.]+)", run.stdout).group(1))
            p50, p95 = (int(x) / 1000 for x in re.search(r"P50=(\d+) P95=(\d+)", run.stdout).groups())
            errors = re.search(r"Non-2xx or 3xx responses: (\d+)", run.stdout)
            results[name] = {"requests_per_s": round(rps), "p50_ms": round(p50, 1), "p95_ms": round(p95, 1),
                             "non_2xx": int(errors.group(1)) if errors else 0}
    finally:
        server.terminate()
        server.wait(10)
    # Baseline: the same server answering /healthz (routing, middleware, two tiny queries, no template).
    base = results["baseline_healthz"]["requests_per_s"]
    ratios = {f"ratio_{name}_rps_over_healthz": round(r["requests_per_s"] / base, 2)
              for name, r in results.items() if name != "baseline_healthz"}
    print(json.dumps({"database": connection.vendor, "server": "gunicorn 2 workers", "client": "wrk -t2 -c8",
                      "seconds_per_page": args.seconds, **results, **ratios}, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
