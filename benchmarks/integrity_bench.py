"""Integrity figures of issue 11, in one run, printed as JSON:

  concurrent  two `import_documents` processes import the same N files at the same moment (PostgreSQL,
              where the bug was): documents created against files, and the two reports' "created".
  heal        an import "killed" after its transactions committed and before its indexing job (its
              on-commit side effects dropped) leaves `--missing` documents unsearchable in a library of
              `--library` documents. Time for `heal_search_index` to index them, against a full
              `rebuild_search_index` (documents and Q&A passages) of the same library, same run.

Usage: .venv/bin/python -m benchmarks.integrity_bench [--files 2000] [--library 10000] [--missing 4500]
       [--sqlite] [--db-name h_import_bench]
"""

from __future__ import annotations

import argparse
import io
import json
import os
import time
from pathlib import Path
from unittest import mock

from benchmarks.corpus import generate_corpus, write_files
from benchmarks.setup import django_setup


def concurrent_import(tmp: Path, files: int, org_code: str) -> dict:
    from gongkai.core.models import Organisation
    from gongkai.core.tests.processes import run_twice_at_once

    folder = tmp / "concurrent"
    write_files(generate_corpus(files, seed=101), folder)

    # The same two-process starter as the test (gongkai/core/tests/processes.py): both begin on one signal.
    runs = run_twice_at_once("from django.core.management import call_command\n"
                             f"call_command('import_documents', {str(folder)!r}, '--org', {org_code!r}, '--json')", tmp)
    reports = [json.loads(out[-1]) for out in runs.outputs]
    # Read what the processes wrote where they wrote it (on SQLite, a file copy of the database).
    org = Organisation.objects.get(credit_code=org_code).pk
    ((created, distinct),) = runs.rows("SELECT COUNT(*), COUNT(DISTINCT content_hash) FROM publishing_document "
                                       f"WHERE organisation_id = {org}")
    return {
        "files": files,
        "documents_created": created,
        "distinct_content_hashes": distinct,
        "created_per_process": [r["created"] for r in reports],
        "unchanged_per_process": [r["unchanged"] for r in reports],
        "errors": sum(len(r["errors"]) for r in reports),
        "seconds": round(runs.seconds, 1),
    }


def heal_against_rebuild(tmp: Path, library: int, missing: int, org_code: str) -> dict:
    from django.core.management import call_command

    from gongkai.publishing import services
    from gongkai.publishing.models import PUBLIC_STATUSES, Document
    from gongkai.publishing.tasks import heal_search_index, search_index_drift
    from gongkai.search import documents as search_index

    already = Document.objects.filter(status__in=PUBLIC_STATUSES).count()
    corpus = generate_corpus(library - already + missing, seed=202)
    base, lost = corpus[: max(library - already - missing, 0)], corpus[len(corpus) - missing:]
    # file names are the import keys: other numbers than the concurrent part's files
    write_files(base, tmp / "base", start=1_000_000)
    write_files(lost, tmp / "lost", start=2_000_000)
    call_command("import_documents", str(tmp / "base"), "--org", org_code, "--json", stdout=io.StringIO())
    with mock.patch.object(services, "on_commit"):  # the kill -9: committed, never indexed
        call_command("import_documents", str(tmp / "lost"), "--org", org_code, "--json",
                     stdout=io.StringIO())
    before = search_index_drift(fresh=True)
    started = time.perf_counter()
    healed = heal_search_index()
    heal_seconds = time.perf_counter() - started
    after = search_index_drift(fresh=True)
    started = time.perf_counter()
    call_command("rebuild_search_index", stdout=io.StringIO())
    rebuild_seconds = time.perf_counter() - started
    return {
        "library": Document.objects.filter(status__in=PUBLIC_STATUSES).count(),
        "missing_before": before["missing"], "healed": healed["indexed"], "missing_after": after["missing"],
        "indexed_after_rebuild": search_index.count(),
        "heal_seconds": round(heal_seconds, 2), "rebuild_seconds": round(rebuild_seconds, 2),
        "heal_over_rebuild": round(heal_seconds / rebuild_seconds, 3),
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--files", type=int, default=2000)
    parser.add_argument("--library", type=int, default=10000)
    parser.add_argument("--missing", type=int, default=4500)
    parser.add_argument("--sqlite", action="store_true")
    parser.add_argument("--db-name", default="h_import_bench")
    args = parser.parse_args()
    tmp = Path(django_setup("integrity", postgres=not args.sqlite, db_name=args.db_name))
    os.environ["CONN_MAX_AGE"] = "0"
    from django.db import connection

    from gongkai.core.creditcode import make_credit_code
    from gongkai.core.models import Organisation

    org = Organisation.objects.create(name="青溪县人民政府", short_name="青溪县政府",
                                      credit_code=make_credit_code("11", "320199", "BENCH001"),
                                      kind=Organisation.Kind.GOVERNMENT, level=Organisation.Level.COUNTY,
                                      region_code="320199")
    result = {"database": connection.vendor,
              "concurrent": concurrent_import(tmp, args.files, org.credit_code),
              "heal": heal_against_rebuild(tmp, args.library, args.missing, org.credit_code)}
    print(json.dumps(result, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
