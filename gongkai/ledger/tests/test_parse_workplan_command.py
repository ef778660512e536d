"""`manage.py parse_workplan FILE_OR_INDEX_NO --json` (the contract of issue 16)."""

from __future__ import annotations

import json
from contextlib import redirect_stderr
from io import StringIO

import pytest
from django.core.management import call_command

from gongkai.ledger.models import Ledger, Workplan

KEYS = {"title", "doc_no", "year", "sections"}
TASK_KEYS = {"path", "text", "deadline", "deadline_text", "continuous", "owners"}


def run(*args: str) -> tuple[int, str, str]:
    """Exit code, stdout, stderr (usage errors write to sys.stderr, as the CLI contract says)."""
    out, err = StringIO(), StringIO()
    try:
        with redirect_stderr(err):
            call_command("parse_workplan", *args, stdout=out, stderr=err)
        code = 0
    except SystemExit as exc:
        code = int(exc.code or 0)
    return code, out.getvalue(), err.getvalue()


@pytest.mark.django_db
def test_json_contract_for_the_2021_national_seed(seeds_dir) -> None:
    code, out, _ = run(str(seeds_dir / "000_9e8f2a5be9429129.txt"), "--json")
    data = json.loads(out)
    assert code == 0 and set(data) >= KEYS
    assert (data["title"], data["doc_no"], data["year"]) == ("国务院办公厅关于印发2021年政务公开工作要点的通知",
                                                             "国办发〔2021〕12号", 2021)
    section = data["sections"][2]
    assert (section["path"], section["title"]) == ("三", "紧扣强基础抓基层深化政务公开")
    item = section["items"][1]
    assert (item["path"], item["title"]) == ("三.（二）", "完善政务公开平台")
    task = item["tasks"][4]
    assert set(task) >= TASK_KEYS
    assert (task["path"], task["deadline"], task["deadline_text"]) == ("三.（二）.5", "2021-12-31", "2021年底前")


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["002_3949260b11e73dba.txt", "README.md", "metadata.csv"])
def test_not_a_workplan_exits_2_and_writes_nothing(seeds_dir, name) -> None:
    code, out, err = run(str(seeds_dir / name), "--json")
    assert code == 2 and out == ""
    assert "工作要点" in err
    assert not Workplan.objects.exists() and not Ledger.objects.exists()


@pytest.mark.django_db
def test_missing_file_and_unknown_index_no_exit_2(tmp_path) -> None:
    code, _, err = run(str(tmp_path / "none.docx"))
    assert code == 2 and "不存在" in err
    code, _, err = run("11320199MB12345628/2021-99999")
    assert code == 2 and err.strip()


@pytest.mark.django_db
def test_by_index_no_from_the_library(seeds_dir, cast) -> None:
    """A 要点 already imported is read through gongkai.publishing.selectors by its 索引号."""
    from gongkai.publishing.importer import import_paths
    from gongkai.publishing.models import Document

    import_paths([seeds_dir], organisation=cast.gov)
    doc = Document.objects.get(doc_no="苏政办发〔2021〕29号")
    code, out, _ = run(doc.index_no, "--json")
    data = json.loads(out)
    assert code == 0 and data["doc_no"] == "苏政办发〔2021〕29号" and len(data["sections"]) == 4
    code, out, _ = run(doc.index_no)
    assert code == 0 and "四.（三）" in out
