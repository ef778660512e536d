"""Bad input in a folder import (issue 11): a DOCX bomb, a truncated DOCX, an over-long text and a file
that changes while it is read each get a clear message; the other files go on; nothing already stored
changes."""

from __future__ import annotations

import json
from io import StringIO
from pathlib import Path
from unittest import mock

import pytest
from django.core.management import call_command

from gongkai.core.exceptions import DomainError
from gongkai.core.tests.test_safefiles import docx_bytes, replace_member, xlsx_bytes
from gongkai.publishing import importer
from gongkai.publishing.models import Document


def run_import(folder: Path) -> dict:
    out = StringIO()
    call_command("import_documents", str(folder), "--json", stdout=out)
    return json.loads(out.getvalue())


def policy(path: Path, n: int) -> None:
    path.write_text(f"青溪县关于第{n}批便民服务事项的通知\n青政发〔2025〕{n}号\n各乡镇人民政府：\n"
                    f"现将第{n}批便民服务事项清单印发给你们，请认真组织实施，确保落实到位。\n青溪县人民政府\n2025年3月1日\n",
                    encoding="utf-8")


@pytest.fixture
def stored(cast, tmp_path: Path) -> tuple[Path, dict[int, tuple]]:
    """A folder already imported once: two documents and a snapshot of their rows."""
    folder = tmp_path / "docs"
    folder.mkdir()
    policy(folder / "a.txt", 1)
    policy(folder / "b.txt", 2)
    assert run_import(folder)["created"] == 2
    return folder, snapshot()


def snapshot() -> dict[int, tuple]:
    return {d.pk: (d.title, d.body_text, d.content_hash, d.updated_at, d.revisions.count())
            for d in Document.objects.all()}


def errors_by_file(result: dict) -> dict[str, str]:
    return {Path(e["path"]).name: e["error"] for e in result["errors"]}


def test_hostile_files_are_refused_and_the_rest_goes_on(stored, settings) -> None:
    folder, before = stored
    settings.SAFEFILES_MAX_TEXT_CHARS = 5_000
    paragraph = b"<w:p><w:r><w:t>" + "政务公开".encode() * 20 + b"</w:t></w:r></w:p>"
    xml = (b'<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/'
           b'wordprocessingml/2006/main"><w:body>' + paragraph * 200_000 + b"</w:body></w:document>")
    (folder / "bomb.docx").write_bytes(replace_member(docx_bytes(), "word/document.xml", xml))
    whole = docx_bytes(paragraphs=30, text="青溪县人民政府关于做好政务公开工作的通知正文段落")
    (folder / "cut.docx").write_bytes(whole[: len(whole) * 2 // 3])
    (folder / "long.txt").write_text("青溪县关于长文的通知\n" + "正文很长。" * 2_000, encoding="utf-8")
    policy(folder / "c.txt", 3)

    result = run_import(folder)

    errors = errors_by_file(result)
    assert set(errors) == {"bomb.docx", "cut.docx", "long.txt"}
    assert "压缩" in errors["bomb.docx"] and "拒绝解析" in errors["bomb.docx"]
    assert "不完整或已损坏" in errors["cut.docx"]
    assert "超过单个文件 5,000 字的上限" in errors["long.txt"]
    assert (result["created"], result["unchanged"]) == (1, 2)  # c.txt stored, a and b untouched
    after = snapshot()
    assert {pk: after[pk] for pk in before} == before
    assert Document.objects.filter(body_text__contains="第3批").count() == 1


def test_a_file_that_changes_while_read_is_not_imported(stored) -> None:
    folder, before = stored
    policy(folder / "c.txt", 3)
    policy(folder / "d.txt", 4)
    real = Path.read_bytes

    def read_while_written(path: Path) -> bytes:
        data = real(path)
        if path.name == "c.txt":  # a copy still in progress: the file grows after we read it
            with path.open("a", encoding="utf-8") as more:
                more.write("（续）补充内容。\n")
        return data

    with mock.patch.object(importer.Path, "read_bytes", read_while_written):
        result = run_import(folder)

    assert errors_by_file(result) == {"c.txt": "文件在导入过程中被修改（大小或修改时间变化），未导入；请待文件写完后重新导入。"}
    assert (result["created"], result["unchanged"]) == (1, 2)
    after = snapshot()
    assert {pk: after[pk] for pk in before} == before
    assert not Document.objects.filter(body_text__contains="第3批").exists()
    # once the copy is complete, a rerun imports it
    assert run_import(folder)["created"] == 1


def test_hotline_import_refuses_bombs_and_huge_fields(cast) -> None:
    from gongkai.qa.services import hotline_import

    big = ("问题,答复\n如何办理？," + "长" * 200_000 + "\n").encode()
    with pytest.raises(DomainError, match="CSV 第 2 行有单元格超过 32,767 个字符的上限"):
        hotline_import(actor=cast.officer_a, organisation=cast.dept_a, filename="12345.csv", raw=big)
    with pytest.raises(DomainError, match="合并单元格.*超过上限 100,000 个"):
        hotline_import(actor=cast.officer_a, organisation=cast.dept_a, filename="12345.xlsx",
                       raw=xlsx_bytes(merged="A1:Z20000"))


def test_ledger_sheets_refuse_bombs_and_huge_fields() -> None:
    from gongkai.ledger.spreadsheet import SheetError, read_csv, read_xlsx

    with pytest.raises(SheetError, match="超过 32,767 个字符的上限"):
        read_csv(("事项,说明\n甲," + "长" * 200_000 + "\n").encode(), ["事项", "说明"])
    with pytest.raises(SheetError, match="合并单元格.*超过上限"):
        read_xlsx(xlsx_bytes(merged="A1:Z100000"), ["问题", "答复"])
