"""`make bench`: every benchmark at a size that runs in a few minutes; pass --full for the issue sizes.

Each script prints its own JSON; run them alone for one figure (see their docstrings).
"""

from __future__ import annotations

import subprocess
import sys

QUICK = [("benchmarks.qa_eval", []), ("benchmarks.search_bench", ["--n", "5000"]),
         ("benchmarks.applications_bench", ["--n", "20000"]), ("benchmarks.qa_latency", ["--n", "5000"]),
         ("benchmarks.portal_load", ["--seconds", "5"])]
FULL = [("benchmarks.qa_eval", []), ("benchmarks.search_bench", ["--n", "100000"]),
        ("benchmarks.applications_bench", ["--n", "100000"]),
        ("benchmarks.applications_bench", ["--n", "100000", "--postgres"]),
        ("benchmarks.search_bench", ["--n", "100000", "--consumer"]),
        ("benchmarks.search_bench", ["--n", "100000", "--consumer", "--postgres"]),
        ("benchmarks.qa_latency", ["--n", "100000"]),
        ("benchmarks.portal_load", []), ("benchmarks.portal_load", ["--postgres"])]

if __name__ == "__main__":
    for module, args in FULL if "--full" in sys.argv else QUICK:
        print(f"== {module} {' '.join(args)}", flush=True)
        subprocess.run([sys.executable, "-m", module, *args], check=True)
