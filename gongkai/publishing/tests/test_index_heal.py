"""The search index heals itself (issue 11): an import that dies after committing its documents but
before indexing them leaves them unsearchable; a rerun of the import, the healer (worker start, hourly
job, `check_search_index --heal`) index them, and /healthz reports the drift before and none after."""

from __future__ import annotations

import json
from io import StringIO
from pathlib import Path
from unittest import mock

import pytest
from django.core.cache import cache
from django.core.management import call_command

from gongkai.publishing import services
from gongkai.publishing.models import Document, SearchIndexEntry, Status
from gongkai.publishing.tasks import heal_search_index, search_index_drift
from gongkai.search import documents as search_index

FILES = 6


def _folder(tmp_path: Path) -> Path:
    folder = tmp_path / "docs"
    folder.mkdir()
    for n in range(FILES):
        (folder / f"{n}.txt").write_text(
            f"青溪县关于第{n}号试点乡镇政务公开的通知\n青政发〔2025〕{n + 1}号\n各乡镇人民政府：\n"
            f"现将试点编号 pilot{n}x 的乡镇政务公开工作通知如下，请抓好落实。\n青溪县人民政府\n2025年3月1日\n",
            encoding="utf-8")
    return folder


def run_import(folder: Path) -> dict:
    out = StringIO()
    call_command("import_documents", str(folder), "--json", stdout=out)
    return json.loads(out.getvalue())


def searchable(n: int) -> bool:
    return search_index.search(f"pilot{n}x").total > 0


def import_that_dies_before_indexing(folder: Path) -> None:
    """The import's transactions commit; its indexing job never runs (kill -9 after the commit)."""
    with mock.patch.object(services, "on_commit"):
        assert run_import(folder)["created"] == FILES


def healthz_drift(client) -> dict:
    cache.clear()  # the drift is cached for a minute
    return client.get("/healthz").json()["search_index"]


@pytest.mark.django_db
def test_rerun_of_a_crashed_import_indexes_what_it_committed(cast, tmp_path: Path, client) -> None:
    folder = _folder(tmp_path)
    import_that_dies_before_indexing(folder)
    assert not any(searchable(n) for n in range(FILES))
    assert healthz_drift(client)["missing"] == FILES

    result = run_import(folder)

    assert (result["created"], result["unchanged"]) == (0, FILES)
    assert all(searchable(n) for n in range(FILES))
    assert healthz_drift(client) | {"documents": 0, "indexed": 0} == {"missing": 0, "extra": 0, "documents": 0,
                                                                      "indexed": 0}


@pytest.mark.django_db
def test_healer_indexes_missing_documents(cast, tmp_path: Path, client) -> None:
    import_that_dies_before_indexing(_folder(tmp_path))
    drift = healthz_drift(client)
    assert (drift["missing"], drift["extra"], drift["documents"], drift["indexed"]) == (FILES, 0, FILES, 0)

    assert heal_search_index() == {"indexed": FILES, "removed": 0}

    assert all(searchable(n) for n in range(FILES))
    drift = healthz_drift(client)
    assert (drift["missing"], drift["extra"], drift["documents"], drift["indexed"]) == (0, 0, FILES, FILES)
    assert heal_search_index() == {"indexed": 0, "removed": 0}  # nothing left to do


@pytest.mark.django_db
def test_healer_removes_what_the_database_no_longer_shows(cast, tmp_path: Path, client) -> None:
    run_import(_folder(tmp_path))
    assert searchable(0)
    # a status change that bypassed the services (and so the index), e.g. a restore from backup
    Document.objects.filter(body_text__contains="pilot0x").update(status=Status.DRAFT)
    assert healthz_drift(client)["extra"] == 1

    assert heal_search_index() == {"indexed": 0, "removed": 1}

    assert not searchable(0) and searchable(1)
    assert healthz_drift(client)["extra"] == 0


@pytest.mark.django_db
def test_healer_refills_a_wiped_index(cast, tmp_path: Path) -> None:
    run_import(_folder(tmp_path))
    search_index.clear_documents()  # the records still claim every document: they cannot be trusted
    assert search_index_drift(fresh=True)["missing"] == FILES

    heal_search_index()

    assert all(searchable(n) for n in range(FILES))
    assert SearchIndexEntry.objects.count() == search_index.count() == FILES


@pytest.mark.django_db
def test_check_command_heals(cast, tmp_path: Path) -> None:
    import_that_dies_before_indexing(_folder(tmp_path))
    with pytest.raises(SystemExit):
        call_command("check_search_index", stdout=StringIO())
    out = StringIO()
    call_command("check_search_index", "--heal", stdout=out)
    assert f"已补建 {FILES} 条" in out.getvalue() and "一致" in out.getvalue()


@pytest.mark.django_db
def test_worker_start_and_the_hourly_job_heal(cast, tmp_path: Path) -> None:
    from datetime import datetime

    from huey.contrib.djhuey import HUEY

    from gongkai.publishing import tasks

    import_that_dies_before_indexing(_folder(tmp_path))
    assert HUEY._startup["heal_search_index_on_start"] is tasks.heal_search_index_on_start
    HUEY._startup["heal_search_index_on_start"]()  # what the consumer runs as it starts (jobs inline here)
    assert all(searchable(n) for n in range(FILES))
    assert tasks.heal_search_index_hourly.task_class().validate_datetime(datetime(2026, 12, 1, 9, 17))
    assert not tasks.heal_search_index_hourly.task_class().validate_datetime(datetime(2026, 12, 1, 9, 18))
