"""The bulk import path must give what a one-by-one import gives (outcomes, numbers, citations, events)."""

from __future__ import annotations

import json
from io import StringIO
from pathlib import Path
from unittest import mock

from django.core.management import call_command

from gongkai.core.models import AuditEvent
from gongkai.publishing import services
from gongkai.publishing.models import Citation, Document, DocumentEvent, Revision
from gongkai.search import documents as search_index


def run_import(*paths: Path) -> dict:
    out = StringIO()
    call_command("import_documents", *map(str, paths), "--json", stdout=out)
    return json.loads(out.getvalue())


def policy(path: Path, title: str, doc_no: str, body: str) -> None:
    path.write_text(f"{title}\n{doc_no}\n各乡镇人民政府，各街道办事处，县政府各部门：\n{body}\n青溪县人民政府\n2025年3月1日\n",
                    encoding="utf-8")


def folder_of_related_files(tmp_path: Path) -> Path:
    folder = tmp_path / "batch"
    folder.mkdir()
    # a cites b (imported later in the same chunk); b cites c, which never arrives.
    policy(folder / "a.txt", "青溪县关于推进政务公开标准化的通知", "青政发〔2025〕1号",
           "按照青政发〔2025〕2号要求，全面推进基层政务公开标准化规范化工作。")
    policy(folder / "b.txt", "青溪县人民政府关于印发2025年政务公开工作要点的通知", "青政发〔2025〕2号",
           "根据青政发〔2024〕9号，做好政务公开工作，加强政策解读。")
    # the same text twice under another name: one document, the second file "unchanged"
    (folder / "b-copy.txt").write_text((folder / "b.txt").read_text(encoding="utf-8"), encoding="utf-8")
    return folder


def test_batch_outcomes_citations_and_events(db, tmp_path: Path) -> None:
    result = run_import(folder_of_related_files(tmp_path))
    assert (result["created"], result["unchanged"], result["errors"]) == (2, 1, [])
    a = Document.objects.get(doc_no_normalised="青政发〔2025〕1号")
    b = Document.objects.get(doc_no_normalised="青政发〔2025〕2号")
    assert Citation.objects.get(citing=a).cited == b
    assert Citation.objects.get(citing=b).cited is None  # 青政发〔2024〕9号 is not in the library
    serials = sorted(int(d.index_no.rsplit("-", 1)[1]) for d in (a, b))
    assert serials[1] == serials[0] + 1
    for doc in (a, b):
        assert Revision.objects.filter(document=doc, number=1, is_live=True).count() == 1
        assert DocumentEvent.objects.filter(document=doc, kind="import").count() == 1
        assert AuditEvent.objects.filter(action="document.import", object_id=str(doc.pk)).count() == 1
    assert {h.pk for h in search_index.search("标准化规范化").hits} == {a.pk}


def test_later_import_resolves_earlier_unresolved_citation(db, tmp_path: Path) -> None:
    run_import(folder_of_related_files(tmp_path))
    later = tmp_path / "later"
    later.mkdir()
    policy(later / "c.txt", "青溪县人民政府关于印发政务公开制度汇编的通知", "青政发〔2024〕9号", "汇编全县政务公开制度文件。")
    assert run_import(later)["created"] == 1
    b = Document.objects.get(doc_no_normalised="青政发〔2025〕2号")
    assert Citation.objects.get(citing=b).cited == Document.objects.get(doc_no_normalised="青政发〔2024〕9号")


def test_same_result_as_the_one_by_one_path(db, tmp_path: Path) -> None:
    folder = folder_of_related_files(tmp_path)
    with mock.patch.object(services, "import_published_many", side_effect=RuntimeError("forced")):
        one_by_one = run_import(folder)

    def snapshot() -> list[tuple]:
        return sorted((d.title, d.doc_no, d.index_no, d.content_hash,
                       tuple(sorted((c.normalised, c.cited.doc_no if c.cited else "") for c in d.citations.all())))
                      for d in Document.objects.all())

    expected = snapshot()
    Citation.objects.all().delete()
    Revision.objects.all().delete()
    DocumentEvent.objects.all().delete()
    Document.objects.all().delete()
    from gongkai.publishing.models import IndexNoCounter

    IndexNoCounter.objects.all().delete()
    assert run_import(folder) == one_by_one
    assert snapshot() == expected


def test_a_failing_chunk_is_redone_file_by_file(db, tmp_path: Path) -> None:
    folder = folder_of_related_files(tmp_path)
    (folder / "b-copy.txt").unlink()
    real = services.import_published

    def refuse_b(**kwargs):
        if kwargs["import_key"] == "b.txt":
            raise ValueError("磁盘已满")
        return real(**kwargs)

    with mock.patch.object(services, "_create_imported", side_effect=RuntimeError("bulk insert failed")), \
            mock.patch.object(services, "import_published", side_effect=refuse_b):
        result = run_import(folder)
    assert result["created"] == 1
    assert [e["path"].endswith("b.txt") and "磁盘已满" in e["error"] for e in result["errors"]] == [True]
    assert Document.objects.filter(import_key="a.txt").exists()
    assert not Document.objects.filter(import_key="b.txt").exists()


def test_with_a_job_consumer_the_import_hands_over_as_it_goes(db, tmp_path: Path) -> None:
    from types import SimpleNamespace

    from gongkai.publishing import importer

    folder = tmp_path / "many"
    folder.mkdir()
    for i in range(5):
        policy(folder / f"{i}.txt", f"青溪县人民政府关于第{i}项工作的通知", f"青政发〔2025〕{i + 10}号", f"第{i}项工作正文内容。")
    handed: list[list[int]] = []
    with mock.patch.object(importer, "IMPORT_CHUNK", 2), mock.patch.object(importer, "HAND_OVER", 2), \
            mock.patch.object(importer, "HUEY", SimpleNamespace(immediate=False)), \
            mock.patch.object(services, "import_done", side_effect=lambda pks: handed.append(list(pks))):
        assert run_import(folder)["created"] == 5
    # Two hand-overs while reading (after each chunk of two), the rest at the end: each document once.
    assert [len(pks) for pks in handed] == [2, 2, 1]
    assert sorted(pk for pks in handed for pk in pks) == sorted(Document.objects.values_list("pk", flat=True))
