"""Two `import_documents` of one folder at the same time (issue 11): each document is created once and
the two reports' "created" add up to the number of files.

The bug was on PostgreSQL (two transactions both saw the files as new). On SQLite the processes share a
file copy of the test database (core/tests/processes.py) and take turns writing.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from gongkai.core.tests.processes import run_twice_at_once

FILES = 240

def _folder(tmp_path: Path) -> Path:
    folder = tmp_path / "docs"
    folder.mkdir()
    for n in range(FILES):
        (folder / f"{n:04d}.txt").write_text(
            f"青溪县人民政府关于第{n}批政务公开事项的通知\n青政发〔2025〕{n + 1}号\n各乡镇人民政府：\n"
            f"现将第{n}批政务公开事项通知如下，请认真贯彻落实，编号{n}的事项于年内完成。\n"
            "青溪县人民政府\n2025年3月1日\n", encoding="utf-8")
    return folder


@pytest.mark.django_db(transaction=True)
def test_two_imports_at_once_create_each_document_once(cast, tmp_path: Path) -> None:
    """On PostgreSQL both processes write at once (the case of the issue); on SQLite (a file copy of the
    test database) the writers take turns and the counts must hold all the same."""
    folder = _folder(tmp_path)
    runs = run_twice_at_once("from django.core.management import call_command\n"
                             f"call_command('import_documents', {str(folder)!r}, '--org', {cast.gov.credit_code!r},"
                             " '--json')", tmp_path)
    reports = [json.loads(out[-1]) for out in runs.outputs]
    assert [r["errors"] for r in reports] == [[], []]
    assert sum(r["created"] for r in reports) == FILES
    assert [r["created"] + r["unchanged"] for r in reports] == [FILES, FILES]
    org = cast.gov.pk
    docs = f"SELECT id FROM publishing_document WHERE organisation_id = {org}"
    assert runs.rows(f"SELECT COUNT(*), COUNT(DISTINCT content_hash) FROM publishing_document "
                     f"WHERE organisation_id = {org}") == [(FILES, FILES)]
    # every stored document is whole: one revision, one import event
    assert runs.rows(f"SELECT COUNT(*) FROM publishing_revision WHERE document_id IN ({docs})") == [(FILES,)]
    assert runs.rows(f"SELECT COUNT(*) FROM publishing_documentevent WHERE kind = 'import' "
                     f"AND document_id IN ({docs})") == [(FILES,)]
