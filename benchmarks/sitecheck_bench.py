"""Website checks of many sites at once (issue 17): 200 simulated government sites on loopback, one of
them slow, checked concurrently by `checker.check_many`, against a named baseline in the same run: the
same checker run sequentially, one site after another.

Prints JSON: the total time and peak memory of the concurrent run, when the last fast site finished
(the slow one must not delay them), and the sequential baseline with the ratio.

Usage: .venv/bin/python -m benchmarks.sitecheck_bench [--sites 200] [--slow 8] [--latency 0.05]
The simulated sites run in a child process so the checker's memory is measured alone.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import multiprocessing
import resource
import time
import tracemalloc
from datetime import date
from typing import Any


def serve(n: int, slow: float, latency: float, today: date, urls: Any, stop: Any) -> None:
    from gongkai.sitecheck.simulator import SimulatedSite, SiteSpec

    sites = [SimulatedSite(SiteSpec(today=today, dead_links=i % 3, empty_columns=i % 2,
                                    slow_seconds=slow if i == 0 else 0.0, latency=latency)) for i in range(n)]
    urls.put([s.url for s in sites])
    stop.wait()
    for s in sites:
        s.stop()


async def timed_checks(targets: list[Any], today: date, concurrency: int) -> tuple[float, list[float], int]:
    from gongkai.sitecheck import checker

    started = time.perf_counter()
    finished: list[float] = [0.0] * len(targets)
    semaphore = asyncio.Semaphore(concurrency)
    async with checker.new_client() as client:
        async def one(i: int) -> dict[str, Any]:
            async with semaphore:
                result = await checker.check_site(targets[i], today=today, client=client)
            finished[i] = time.perf_counter() - started
            return result

        results = await asyncio.gather(*(one(i) for i in range(len(targets))))
    return time.perf_counter() - started, finished, sum(not r["reachable"] for r in results)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sites", type=int, default=200)
    parser.add_argument("--slow", type=float, default=8.0, help="seconds the one slow site takes to answer")
    parser.add_argument("--concurrency", type=int, default=200)
    parser.add_argument("--latency", type=float, default=0.05,
                        help="seconds each simulated response takes (a site across the internet, not loopback)")
    args = parser.parse_args()
    from gongkai.sitecheck import checker

    today = date(2026, 12, 1)
    urls: Any = multiprocessing.Queue()
    stop = multiprocessing.Event()
    child = multiprocessing.Process(target=serve, args=(args.sites, args.slow, args.latency, today, urls, stop), daemon=True)
    child.start()
    targets = [checker.Target(u) for u in urls.get(timeout=60)]
    try:
        rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        total, finished, unreachable = asyncio.run(timed_checks(targets, today, args.concurrency))
        rss_after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        # Python allocations measured in a second concurrent run (tracemalloc slows the run it traces).
        tracemalloc.start()
        asyncio.run(timed_checks(targets, today, args.concurrency))
        _current, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        sequential, seq_finished, seq_unreachable = asyncio.run(timed_checks(targets, today, 1))
    finally:
        stop.set()
        child.join(10)
    fast_done = max(finished[1:])
    print(json.dumps({
        "benchmark": "sitecheck_bench", "sites": args.sites, "slow_site_seconds": args.slow,
        "latency_per_response_s": args.latency,
        "concurrent_total_s": round(total, 2), "concurrent_unreachable": unreachable,
        "concurrent_last_fast_site_done_s": round(fast_done, 2),
        "concurrent_slow_site_done_s": round(finished[0], 2),
        "peak_python_alloc_mb": round(peak / 1024 / 1024, 1),
        "rss_before_mb": round(rss_before / 1024, 1), "max_rss_mb": round(rss_after / 1024, 1),
        "baseline": "the same checker, one site after another (sequential), same run",
        "sequential_total_s": round(sequential, 2), "sequential_unreachable": seq_unreachable,
        "sequential_fast_sites_delayed_by_slow_s": round(seq_finished[0], 2),
        "speedup_vs_sequential": round(sequential / total, 1),
        "pages_per_site": "home + 3 columns + 专栏 + crawl (depth 2, ≤ 30 pages, ≤ 120 links)",
    }, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
