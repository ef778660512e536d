"""Two `import_documents` of one folder at the same time (issue 11): each document is created once and
the two reports' "created" add up to the number of files.

Runs on PostgreSQL, where the bug was (two transactions both saw the files as new). SQLite serialises
writers, and its test database lives in memory where a second process cannot reach it.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.db.models import Count

from gongkai.publishing.models import Document, DocumentEvent, Revision

FILES = 240

# Each process sets Django up, says it is ready, and waits for the go: both imports then start together.
RUNNER = """
import os, sys, time, django
from pathlib import Path
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
django.setup()
from django.core.management import call_command
ready, go = Path(sys.argv[1]), Path(sys.argv[2])
ready.touch()
while not go.exists():
    time.sleep(0.01)
call_command("import_documents", sys.argv[3], "--org", sys.argv[4], "--json")
"""


def _database_url() -> str:
    db = connection.settings_dict
    auth = db["USER"] + (f":{db['PASSWORD']}" if db.get("PASSWORD") else "")
    return f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def _folder(tmp_path: Path) -> Path:
    folder = tmp_path / "docs"
    folder.mkdir()
    for n in range(FILES):
        (folder / f"{n:04d}.txt").write_text(
            f"青溪县人民政府关于第{n}批政务公开事项的通知\n青政发〔2025〕{n + 1}号\n各乡镇人民政府：\n"
            f"现将第{n}批政务公开事项通知如下，请认真贯彻落实，编号{n}的事项于年内完成。\n"
            "青溪县人民政府\n2025年3月1日\n", encoding="utf-8")
    return folder


@pytest.mark.skipif(connection.vendor != "postgresql", reason="two processes need a shared server database")
@pytest.mark.django_db(transaction=True)
def test_two_imports_at_once_create_each_document_once(cast, tmp_path: Path) -> None:
    folder = _folder(tmp_path)
    env = dict(os.environ, DATABASE_URL=_database_url(), HUEY_IMMEDIATE="true",
               SEARCH_INDEX_DIR=str(tmp_path / "index"), CONN_MAX_AGE="0")
    go = tmp_path / "go"
    procs = []
    for n in range(2):
        procs.append(subprocess.Popen(
            [sys.executable, "-c", RUNNER, str(tmp_path / f"ready{n}"), str(go), str(folder), cast.gov.credit_code],
            cwd=settings.BASE_DIR, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True))
    deadline = time.monotonic() + 120
    while not all((tmp_path / f"ready{n}").exists() for n in range(2)):
        assert time.monotonic() < deadline, "the import processes did not start"
        assert all(p.poll() is None for p in procs), [p.communicate() for p in procs]
        time.sleep(0.05)
    go.touch()
    reports = []
    for proc in procs:
        out, err = proc.communicate(timeout=300)
        assert proc.returncode == 0, err[-3000:]
        reports.append(json.loads(out.strip().splitlines()[-1]))

    assert [r["errors"] for r in reports] == [[], []]
    assert sum(r["created"] for r in reports) == FILES
    assert [r["created"] + r["unchanged"] for r in reports] == [FILES, FILES]
    docs = Document.objects.filter(organisation=cast.gov)
    assert docs.count() == FILES
    assert not docs.values("content_hash").annotate(n=Count("pk")).filter(n__gt=1).exists()
    # every stored document is whole: one revision, one import event
    assert Revision.objects.filter(document__in=docs).count() == FILES
    assert DocumentEvent.objects.filter(document__in=docs, kind="import").count() == FILES
