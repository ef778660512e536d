"""Run one job in two OS processes at the same moment against the test database (issue 11: "two workers
running the same job send each mail once"). For tests that take the `transactional_db` fixture by name (the
data must be committed; the root conftest reseeds the calendar and columns only for tests naming it).

PostgreSQL: both processes connect to the test database itself. SQLite: the test database lives in memory,
so it is copied to a file first (sqlite3's backup API: schema and rows), and both processes open that file;
`rows()` then reads the file. Each process uses the locmem mail backend and prints what it sent."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote

from django.conf import settings
from django.db import connection

WORKER = r"""
import json, os, sys, time
from pathlib import Path
import django
django.setup()
from django.core import mail
from django.test.utils import setup_test_environment
setup_test_environment()  # locmem mail: mail.outbox holds what this process sent
here = Path(os.environ["TWO_PROC_DIR"])
(here / f"ready-{sys.argv[1]}").touch()
deadline = time.monotonic() + 60
while not (here / "go").exists():
    if time.monotonic() > deadline:
        sys.exit("no go signal")
    time.sleep(0.005)
namespace = {}
exec(os.environ["TWO_PROC_JOB"], namespace)
print("OUTBOX" + json.dumps([{"to": m.to, "subject": m.subject, "body": m.body} for m in mail.outbox],
                            ensure_ascii=False))
"""


@dataclass
class TwoRuns:
    outboxes: list[list[dict[str, Any]]]
    database_file: Path | None  # SQLite: the file both processes wrote to
    outputs: list[list[str]]  # what each process printed before its outbox (e.g. a command's --json report)
    seconds: float  # from the go signal to the last process done

    @property
    def mails(self) -> list[dict[str, Any]]:
        return [m for box in self.outboxes for m in box]

    def rows(self, sql: str) -> list[tuple[Any, ...]]:
        """Read what the processes left in the database."""
        if self.database_file is not None:
            with sqlite3.connect(self.database_file) as db:
                return list(db.execute(sql).fetchall())
        with connection.cursor() as cursor:
            cursor.execute(sql)
            return list(cursor.fetchall())


def _database_url(tmp_path: Path) -> tuple[str, Path | None]:
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        target = tmp_path / "shared.sqlite3"
        with sqlite3.connect(target) as copy:
            connection.ensure_connection()
            connection.connection.backup(copy)
        return f"sqlite:///{target}", target
    user = quote(db.get("USER") or "", safe="")
    password = f":{quote(db['PASSWORD'], safe='')}" if db.get("PASSWORD") else ""
    return f"postgres://{user}{password}@{db.get('HOST') or '127.0.0.1'}:{db.get('PORT') or 5432}/{db['NAME']}", None


def run_twice_at_once(job: str, tmp_path: Path) -> TwoRuns:
    """Start two processes that each run `job` (Python source, Django set up) once both are ready."""
    url, database_file = _database_url(tmp_path)
    here = tmp_path / "two-proc"
    here.mkdir()
    env = dict(os.environ, DATABASE_URL=url, TWO_PROC_DIR=str(here), TWO_PROC_JOB=job,
               DJANGO_SETTINGS_MODULE="config.settings", HUEY_IMMEDIATE="true",
               SEARCH_INDEX_DIR=str(tmp_path / "index"), MEDIA_ROOT=str(tmp_path / "media"))
    procs = [subprocess.Popen([sys.executable, "-c", WORKER, str(n)], cwd=settings.BASE_DIR, env=env,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for n in (1, 2)]
    deadline = time.monotonic() + 120
    while not all((here / f"ready-{n}").exists() for n in (1, 2)):
        if time.monotonic() > deadline or any(p.poll() is not None for p in procs):
            for p in procs:
                p.kill()
            raise AssertionError("workers did not start: " + " | ".join(p.communicate()[1][-2000:] for p in procs))
        time.sleep(0.01)
    started = time.perf_counter()
    (here / "go").touch()
    outboxes, outputs = [], []
    for p in procs:
        out, err = p.communicate(timeout=600)
        assert p.returncode == 0, err[-3000:]
        lines = out.splitlines()
        line = next(line for line in lines if line.startswith("OUTBOX"))
        outboxes.append(json.loads(line[len("OUTBOX"):]))
        outputs.append([line for line in lines if not line.startswith("OUTBOX")])
    return TwoRuns(outboxes=outboxes, database_file=database_file, outputs=outputs,
                   seconds=time.perf_counter() - started)
