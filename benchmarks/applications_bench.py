"""依申请公开 at scale: N requests over 3 years across 50 organisations.

Reports the officer queue page p95 and the supervisor overview p95 (goal ≤ 100 ms each), and the
deadline engine's throughput against a naive day-by-day loop that looks each day up in the calendar.

Usage: .venv/bin/python -m benchmarks.applications_bench --n 100000 [--postgres]
"""

from __future__ import annotations

import argparse
import json
import random
import time
from datetime import date, timedelta

from benchmarks.corpus import percentile
from benchmarks.setup import django_setup


def naive_due(start: date, n: int, lookup: dict[date, bool]) -> date:
    day, counted = start, 0
    while counted < n:
        day += timedelta(days=1)
        is_work = lookup.get(day)
        if is_work is None:
            is_work = day.weekday() < 5
        if is_work:
            counted += 1
    return day


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=20000)
    parser.add_argument("--postgres", action="store_true")
    args = parser.parse_args()
    django_setup("applications", postgres=args.postgres)

    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client

    from gongkai.applications.fields import encrypt
    from gongkai.applications.models import OPEN_STATES, Application, State
    from gongkai.applications.rules import compute_deadlines
    from gongkai.core.creditcode import make_credit_code
    from gongkai.core.models import Membership, Organisation, Role, WorkdayCalendar
    from gongkai.core.selectors import get_calendar

    rng = random.Random(5)
    gov = Organisation.objects.create(name="青溪县人民政府", kind="government", level="county",
                                      credit_code=make_credit_code("11", "320199", "BG000000"))
    orgs = [Organisation.objects.create(name=f"青溪县第{i}局", kind="department", level="county", parent=gov,
                                        credit_code=make_credit_code("11", "320199", f"BG{i:06d}")) for i in range(1, 50)]
    orgs.append(gov)
    User = get_user_model()
    officer = User.objects.create_user("officer", password="x")
    Membership.objects.create(user=officer, organisation=orgs[0], role=Role.OFFICER)
    supervisor = User.objects.create_user("supervisor", password="x")
    Membership.objects.create(user=supervisor, organisation=gov, role=Role.SUPERVISOR)

    calendar = get_calendar()
    phone, idn = encrypt("13800138000"), encrypt("320102199001011234")
    states = [State.REPLIED] * 6 + [State.ARCHIVED] * 3 + list(OPEN_STATES)
    t0 = time.perf_counter()
    batch = []
    start = date(2024, 1, 1)
    for i in range(args.n):
        received = start + timedelta(days=rng.randrange(0, 3 * 365 - 30))
        due = compute_deadlines(calendar, received=received).reply_due
        state = rng.choice(states)
        batch.append(Application(
            number=f"{received.year}-YSQ-{i:06d}", organisation=orgs[i % 50], applicant_kind="natural",
            name=f"申请人{i}", id_number=idn, phone=phone, description="某项目的批复文件", form_wanted="electronic",
            delivery="email", channel="online", submitted_on=received, received_on=received, state=state,
            reply_due=due, tracking_hash="x"))
        if len(batch) == 5000:
            Application.objects.bulk_create(batch)
            batch = []
    Application.objects.bulk_create(batch)
    load_s = time.perf_counter() - t0

    def page_p95(user, path: str, repeat: int = 30) -> tuple[float, float]:
        client = Client()
        client.force_login(user)
        client.get(path)
        samples = []
        for _ in range(repeat):
            t = time.perf_counter()
            assert client.get(path).status_code == 200
            samples.append((time.perf_counter() - t) * 1000)
        return round(percentile(samples, 50), 1), round(percentile(samples, 95), 1)

    queue = page_p95(officer, "/staff/applications/")
    overview = page_p95(supervisor, "/staff/applications/overview/")

    lookup = dict(WorkdayCalendar.objects.values_list("date", "is_workday"))
    starts = [start + timedelta(days=rng.randrange(0, 1000)) for _ in range(20000)]
    t = time.perf_counter()
    for s in starts:
        naive_due(s, 20, lookup)
    naive_rate = len(starts) / (time.perf_counter() - t)
    t = time.perf_counter()
    for s in starts:
        compute_deadlines(calendar, received=s)
    ours_rate = len(starts) / (time.perf_counter() - t)

    def db_due(start_day: date, n: int) -> date:
        """The spreadsheet way: one calendar query per day."""
        day, counted = start_day, 0
        while counted < n:
            day += timedelta(days=1)
            row = WorkdayCalendar.objects.filter(date=day).values_list("is_workday", flat=True).first()
            if (day.weekday() < 5) if row is None else row:
                counted += 1
        return day

    t = time.perf_counter()
    for s in starts[:300]:
        db_due(s, 20)
    db_rate = 300 / (time.perf_counter() - t)
    print(json.dumps({
        "database": connection.vendor, "requests": args.n, "organisations": 50, "load_s": round(load_s, 1),
        "officer_queue_page_ms": {"p50": queue[0], "p95": queue[1]},
        "supervisor_overview_page_ms": {"p50": overview[0], "p95": overview[1]},
        "deadline_engine_calcs_per_s": round(ours_rate),
        "naive_day_loop_calcs_per_s": round(naive_rate),
        "ratio_engine_over_naive": round(ours_rate / naive_rate, 1),
        "naive_db_lookup_per_day_calcs_per_s": round(db_rate),
        "ratio_engine_over_naive_db_lookup": round(ours_rate / db_rate),
        "note": "engine = compute_deadlines (补正告知期限 + 答复期限, two results per call); naive = one due date, "
                "day by day, calendar looked up per day in a dict (in memory) or in the database",
    }, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
