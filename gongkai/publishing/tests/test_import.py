"""import_documents over ../shared/seeds and every bad file the issue names."""

from __future__ import annotations

import json
import shutil
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from gongkai.publishing.models import Document, Kind


def run_import(*paths: Path | str) -> dict:
    out = StringIO()
    call_command("import_documents", *map(str, paths), "--json", stdout=out)
    return json.loads(out.getvalue())


def test_seeds_are_four_policies_and_one_linked_repost(db, seeds_dir) -> None:
    result = run_import(seeds_dir)
    assert result["created"] == 5 and result["errors"] == []
    policies = Document.objects.filter(kind=Kind.POLICY)
    assert set(policies.values_list("doc_no_normalised", flat=True)) == {
        "国办发〔2021〕12号", "苏政办发〔2021〕29号", "国办发〔2020〕17号", "国办发〔2019〕14号"}
    repost = Document.objects.get(kind=Kind.NEWS)
    assert repost.source_document.doc_no == "国办发〔2021〕12号" and repost.doc_no == ""
    assert "娱乐化" in repost.title and "<p" not in repost.body_text and "appendQr" not in repost.body_text
    national = Document.objects.get(doc_no_normalised="国办发〔2021〕12号")
    assert national.title == "国务院办公厅关于印发2021年政务公开工作要点的通知"  # from the sidecar: text has none
    assert str(national.written_on) == "2021-04-09" and str(national.published_on) == "2021-04-23"
    jiangsu = Document.objects.get(doc_no_normalised="苏政办发〔2021〕29号")
    assert jiangsu.publisher_name == "江苏省人民政府办公厅"


def test_import_is_idempotent_and_keeps_first_published_date(db, seeds_dir) -> None:
    run_import(seeds_dir)
    before = dict(Document.objects.values_list("index_no", "published_on"))
    again = run_import(seeds_dir)
    assert again["created"] == 0 and again["unchanged"] == 5
    assert dict(Document.objects.values_list("index_no", "published_on")) == before


def test_index_numbers_are_unique_and_well_formed(db, seeds_dir, cast) -> None:
    call_command("import_documents", str(seeds_dir), "--org", cast.gov.credit_code, stdout=StringIO())
    numbers = list(Document.objects.values_list("index_no", flat=True))
    assert len(set(numbers)) == 5
    assert all(n.startswith(cast.gov.credit_code + "/20") and len(n.split("-")[-1]) == 5 for n in numbers)


def test_jiangsu_cites_the_national_document_both_ways(db, seeds_dir, client) -> None:
    run_import(seeds_dir)
    jiangsu = Document.objects.get(doc_no_normalised="苏政办发〔2021〕29号")
    national = Document.objects.get(doc_no_normalised="国办发〔2021〕12号")
    citations = {c.normalised: c.cited for c in jiangsu.citations.all()}
    assert citations["国办发〔2021〕12号"] == national
    assert citations["苏政办发〔2020〕42号"] is None  # not in the library: shown as unresolved
    page = client.get(jiangsu.get_absolute_url()).content.decode()
    assert f'href="{national.get_absolute_url()}" class="citation"' in page and "未收录" in page
    page = client.get(national.get_absolute_url()).content.decode()
    assert "被以下文件引用" in page and jiangsu.title in page and "转载" in page


@pytest.mark.parametrize(("name", "content", "needle"), [
    ("empty.txt", b"", "文件为空"),
    ("binary.txt", b"\x00\x01\x02\x03" * 100, "二进制"),
    ("truncated.txt", "国务院办公厅关于政务公开的通知".encode() * 20 + "公开".encode()[:-1], "截断"),
    ("tiny.html", b"<html><body><p>hi</p></body></html>", "不足 20 字"),
    ("broken.docx", b"PK\x03\x04 not really a docx", "DOCX"),
    ("broken.pdf", b"%PDF-1.4 garbage", "PDF"),
])
def test_bad_files_are_reported_and_the_rest_imported(db, seeds_dir, tmp_path: Path, name: str, content: bytes,
                                                      needle: str) -> None:
    folder = tmp_path / "batch"
    folder.mkdir()
    (folder / name).write_bytes(content)
    shutil.copy(seeds_dir / "003_847d2b27d3e0fe99.txt", folder)
    result = run_import(folder)
    assert result["created"] == 1
    assert len(result["errors"]) == 1 and needle in result["errors"][0]["error"]


def test_ten_megabyte_file_is_refused(db, tmp_path: Path) -> None:
    big = tmp_path / "big.txt"
    big.write_bytes(("政务公开" * 1000 + "\n").encode() * 900)
    result = run_import(big)
    assert result["created"] == 0 and "文件过大" in result["errors"][0]["error"]


def test_gbk_text_and_txt_that_is_html(db, tmp_path: Path) -> None:
    (tmp_path / "gbk.txt").write_bytes("青溪县人民政府关于印发政务公开工作方案的通知\n青政发〔2026〕3号\n为做好政务公开工作，现印发方案。".encode("gbk"))
    (tmp_path / "html.txt").write_text("<html><head><style>.x{color:red}</style><script>alert(1)</script></head>"
                                       "<body><p>青溪县人民政府办公室关于做好信息公开的通知</p><p>各乡镇人民政府：请认真做好政府信息公开工作。</p></body></html>",
                                       encoding="utf-8")
    result = run_import(tmp_path)
    assert result["created"] == 2, result
    gbk = Document.objects.get(doc_no_normalised="青政发〔2026〕3号")
    assert gbk.title == "青溪县人民政府关于印发政务公开工作方案的通知"
    html_doc = Document.objects.exclude(pk=gbk.pk).get()
    assert "alert" not in html_doc.body_text and "color" not in html_doc.body_text


def test_missing_path_is_an_error_not_a_crash(db) -> None:
    result = run_import("/no/such/folder")
    assert result["errors"][0]["error"] == "文件或目录不存在。"
