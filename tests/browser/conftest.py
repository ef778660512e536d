import shutil
import sqlite3
import tempfile
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command

# The demo content takes 15-20 s to build and every browser test wants the same starting point. The first
# test in a worker builds it and keeps a copy of the SQLite database (sqlite3's backup API: a page copy, a few
# ms) and of the files beside it (search indexes, media, private files); later tests restore that copy. Browser
# tests run on SQLite only (docs/decisions/0010); on another database the fixture builds the demo each time.
_SNAPSHOT: dict[str, Any] = {}
_FILE_DIRS = ("search-index", "media", "private")


def _build(seeds_dir: Path) -> None:
    from io import StringIO

    from gongkai.core.models import WorkdayCalendar

    if not WorkdayCalendar.objects.exists():
        call_command("load_calendar", stdout=StringIO())
    call_command("seed_demo", stdout=StringIO())
    call_command("import_documents", str(seeds_dir), "--org", "11320199MB12345628", stdout=StringIO())
    call_command("seed_demo", "--content", stdout=StringIO())


def _copy_dirs(src: Path, dst: Path) -> None:
    for name in _FILE_DIRS:
        if (src / name).exists():
            shutil.rmtree(dst / name, ignore_errors=True)
            shutil.copytree(src / name, dst / name)


@pytest.fixture
def demo_data(transactional_db, seeds_dir, django_db_serialized_rollback, tmp_path):
    """The demo county, the seeds and each app's demo content, as `make demo` builds them.

    Browser tests use a live server, so the database is flushed after each test (serialized rollback then
    restores the migrations' reference rows for the tests that follow in the same worker).
    """
    from django.core.cache import cache
    from django.db import connection

    if connection.vendor != "sqlite":
        _build(seeds_dir)
        return
    connection.ensure_connection()
    if "db" in _SNAPSHOT:
        _SNAPSHOT["db"].backup(connection.connection)
        _copy_dirs(_SNAPSHOT["files"], tmp_path)
        cache.clear()
        return
    _build(seeds_dir)
    snapshot = sqlite3.connect(":memory:", check_same_thread=False)
    connection.connection.backup(snapshot)
    files = Path(tempfile.mkdtemp(prefix="demo-snapshot-"))
    _copy_dirs(tmp_path, files)
    _SNAPSHOT.update(db=snapshot, files=files)
