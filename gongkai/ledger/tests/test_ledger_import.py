"""The 台账 spreadsheet: export, and import back with row-level errors and nothing half-imported."""

from __future__ import annotations

import io
from datetime import date

import pytest
from openpyxl import Workbook, load_workbook

from gongkai.core.exceptions import DomainError
from gongkai.ledger import selectors, services
from gongkai.ledger.models import Status
from gongkai.ledger.spreadsheet import HEADERS, SheetError, export_xlsx


def exported(ledger) -> bytes:
    return export_xlsx(ledger.title, selectors.ledger_tasks(ledger))


def rows_of(content: bytes) -> list[list]:
    sheet = load_workbook(io.BytesIO(content)).worksheets[0]
    return [list(r) for r in sheet.iter_rows(values_only=True)]


def workbook(rows: list[list], merge: str = "") -> bytes:
    book = Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    if merge:
        sheet.merge_cells(merge)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_export_has_the_usual_layout(ledger, cast) -> None:
    task = ledger.tasks.get(number=1)
    services.task_assign(actor=cast.supervisor, task=task, lead_unit=cast.dept_a, co_units=[cast.dept_b],
                         due=date(2021, 10, 31))
    rows = rows_of(exported(ledger))
    assert rows[0][0] == ledger.title
    assert rows[1] == HEADERS
    assert rows[2][:5] == [1, task.text, cast.dept_a.name, cast.dept_b.name, "2021-10-31"]
    assert rows[2][6] == "未按期完成"  # not started, and its 完成时限 2021-10-31 has passed
    assert len(rows) == 2 + ledger.tasks.count()


def test_reimporting_an_unchanged_export_changes_nothing(ledger, cast) -> None:
    report = services.ledger_import(actor=cast.supervisor, ledger=ledger, name="台账.xlsx", content=exported(ledger))
    assert (report.updated, report.created, report.unchanged) == (0, 0, ledger.tasks.count())


def test_import_applies_assignments_progress_and_new_rows(ledger, cast) -> None:
    rows = rows_of(exported(ledger))
    rows[2][2] = cast.dept_a.name
    rows[2][3] = f"{cast.dept_b.name}、{cast.office.name}"
    rows[2][4] = "10月底前"
    rows[2][5] = "已制定方案，正在推进。"
    rows.append([None, "县政府办公室牵头建立政务公开工作台账月报制度。", cast.office.name, None, "2021年12月31日", None, "推进中"])
    report = services.ledger_import(actor=cast.supervisor, ledger=ledger, name="台账.xlsx", content=workbook(rows))
    assert (report.updated, report.created) == (1, 1)
    task = ledger.tasks.get(number=1)
    assert (task.lead_unit, task.due, task.status, task.progress) == (cast.dept_a, date(2021, 10, 31),
                                                                      Status.IN_PROGRESS, "已制定方案，正在推进。")
    assert set(task.co_units.all()) == {cast.dept_b, cast.office}
    new = ledger.tasks.order_by("-number").first()
    assert new.path.startswith("导入.") and new.status == Status.IN_PROGRESS and new.due == date(2021, 12, 31)


def test_row_errors_are_all_reported_and_nothing_is_written(ledger, cast) -> None:
    rows = rows_of(exported(ledger))
    rows[2][2] = cast.dept_a.name  # a good row: must not be applied either
    rows[3][2] = "不存在的局"
    rows[4][4] = "择机"
    rows[5][6] = "差不多了"
    rows[6][1] = "被改过的任务内容"
    rows[7][6] = "已完成"
    rows.append([9999, "新任务", None, None, None, None, None])
    with pytest.raises(services.LedgerImportError) as caught:
        services.ledger_import(actor=cast.supervisor, ledger=ledger, name="台账.xlsx", content=workbook(rows))
    errors = dict(caught.value.errors)
    assert set(errors) == {4, 5, 6, 7, 8, len(rows)}
    assert "不存在的局" in errors[4] and "择机" in errors[5] and "差不多了" in errors[6]
    assert "不一致" in errors[7] and "佐证" in errors[8] and "不存在" in errors[len(rows)]
    assert "第 4 行" in caught.value.message
    assert ledger.tasks.get(number=1).lead_unit is None
    assert ledger.tasks.count() == len(rows_of(exported(ledger))) - 2


def test_wrong_columns_and_merged_cells_are_refused(ledger, cast) -> None:
    wrong = workbook([["序号", "任务", "责任单位", "完成时限"], [1, "x", "y", "2021-12-31"]])
    with pytest.raises(SheetError, match="表头"):
        services.ledger_import(actor=cast.supervisor, ledger=ledger, name="a.xlsx", content=wrong)
    rows = rows_of(exported(ledger))
    rows[2][2] = cast.dept_a.name
    merged = workbook(rows, merge="C3:C5")
    with pytest.raises(SheetError, match="合并单元格.*C3:C5"):
        services.ledger_import(actor=cast.supervisor, ledger=ledger, name="a.xlsx", content=merged)
    with pytest.raises(SheetError, match="xls"):
        services.ledger_import(actor=cast.supervisor, ledger=ledger, name="a.xls",
                               content=b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100)
    assert ledger.tasks.get(number=1).lead_unit is None


@pytest.mark.parametrize("encoding", ["gbk", "utf-8-sig"])
def test_csv_in_gbk_or_utf8(ledger, cast, encoding) -> None:
    task = ledger.tasks.get(number=2)
    lines = [",".join(HEADERS), f'2,"{task.text}",{cast.dept_b.name},,2021-09-30,GBK表格填报的进展,推进中']
    content = "\r\n".join(lines).encode(encoding)
    report = services.ledger_import(actor=cast.supervisor, ledger=ledger, name="台账.csv", content=content)
    assert report.updated == 1
    task.refresh_from_db()
    assert (task.lead_unit, task.due, task.progress) == (cast.dept_b, date(2021, 9, 30), "GBK表格填报的进展")


def test_only_the_ledger_keeper_imports(ledger, cast) -> None:
    with pytest.raises(DomainError):
        services.ledger_import(actor=cast.officer_a, ledger=ledger, name="a.xlsx", content=exported(ledger))


def test_formula_cells_are_neutralised_and_restored(ledger, cast) -> None:
    task = ledger.tasks.get(number=1)
    services.task_add_progress(actor=cast.supervisor, task=task, text="=HYPERLINK(\"http://x\")")
    rows = rows_of(exported(ledger))
    assert rows[2][5].startswith("'=")
    report = services.ledger_import(actor=cast.supervisor, ledger=ledger, name="a.xlsx", content=workbook(rows))
    assert report.updated == 0
