"""check_annual_report on real published reports (figures kept under fixtures/real with their source
URLs) and on constructed ones: every identity passing and failing, the 2019 and 2021 formats, flattened
cells, full-width digits, missing columns, unreadable cells, and inputs that are not reports."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from django.core.management import call_command

from gongkai.reports import checker, exports, rules, selectors, services
from gongkai.reports.tests.factories import request, review

REAL = Path(__file__).parent / "fixtures" / "real"
MANIFEST = json.loads((REAL / "manifest.json").read_text())["reports"]


@pytest.mark.parametrize("entry", MANIFEST, ids=[e["file"] for e in MANIFEST])
def test_real_reports_are_read_as_published(entry) -> None:
    result = checker.check_file(str(REAL / entry["file"]))
    for rid, cells in entry["rows"].items():
        assert result.table3.rows.get(rid) == cells, rid
    assert result.fmt == entry["format"]
    if entry.get("ends_before"):
        missing = {u["row"] for u in result.unread if u["reason"].startswith("没有找到")}
        assert entry["ends_before"] in missing
        assert not result.complete
    for key, cells in entry.get("table4", {}).items():
        assert result.table4 is not None and result.table4[key] == cells
    for label, values in entry.get("table2", {}).items():
        assert result.table2 is not None and result.table2[label] == values, label
    # nothing read is made up: every unread cell is None in the output
    for u in result.unread:
        if u["table"] == "三" and u.get("row") and u.get("column") and u["column"] in rules.COLUMNS:
            assert result.table3.rows[u["row"]][rules.COLUMNS.index(u["column"])] is None


def test_real_blank_cells_are_named_and_not_counted_as_zero() -> None:
    result = checker.check_file(str(REAL / "shanghai-office-2019.html"))
    assert result.org == "上海市人民政府办公厅" and result.year == 2019
    assert {"table": "三", "row": "一", "column": "科研机构", "reason": "空白单元格（不按 0 计算）"} in result.unread
    assert result.errors == []  # every identity that could be evaluated holds
    assert any(u.rule == rules.RULE_BALANCE and u.column == "科研机构" for u in result.unchecked)
    # the 自然人 column is complete in this report, so its identities were checked
    assert not any(u.column == "自然人" and u.rule == rules.RULE_BALANCE for u in result.unchecked)


def test_real_template_with_no_figures_says_so() -> None:
    result = checker.check_file(str(REAL / "jiaxian-xizhen-2022.txt"))
    assert all(v is None or all(c is None for c in v) for v in result.table3.rows.values())
    assert any("读到 0 个单元格" in u["reason"] for u in result.unread if u["row"] == "一")
    assert not result.ok


def test_real_slash_cells_are_unreadable_not_zero() -> None:
    result = checker.check_file(str(REAL / "district-stats-2023.txt"))
    assert result.table2["规章"] == [None, None, None]


# --- Constructed reports -----------------------------------------------------------------------

def _rows_text(rows: dict[str, list[int]], fmt: str = "2021", sep: str = " ") -> str:
    lines = ["某县人民政府2024年政府信息公开工作年度报告", "三、收到和处理政府信息公开申请情况",
             sep.join(["申请人情况", "自然人", "法人或其他组织", "总计", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"])]
    ids = [r for r in rules.ROW_IDS if not (fmt == "2019" and r.startswith("三.六."))]
    if fmt == "2019":
        ids.insert(ids.index("三.七"), "三.六")
    for rid in ids:
        label = rules.row_label(rid) if rid != "三.六" else "（六）其他处理"
        lines.append(sep.join([label, *map(str, rows[rid])]))
    return "\n".join(lines) + "\n"


def _balanced() -> dict[str, list[int]]:
    rows = rules.empty_table3()
    rows["一"][:6] = [40, 5, 1, 0, 2, 1]
    rows["二"][:6] = [3, 0, 0, 0, 0, 0]
    rows["三.一"][:6] = [20, 3, 1, 0, 1, 0]
    rows["三.四.1"][:6] = [15, 1, 0, 0, 1, 1]
    rows["三.六.3"][:6] = [2, 0, 0, 0, 0, 0]
    rows["四"][:6] = [6, 1, 0, 0, 0, 0]
    return rules.complete_table3(rows)


def test_a_complete_text_report_parses_and_adds_up() -> None:
    result = checker.check_text(_rows_text(_balanced()))
    assert result.complete and result.ok and result.fmt == "2021"
    assert result.org == "某县人民政府" and result.year == 2024
    assert result.table3.rows["三.七"] == _balanced()["三.七"]


@pytest.mark.parametrize("rid,col,rule", [("一", 1, rules.RULE_BALANCE), ("三.一", 0, rules.RULE_RESULTS),
                                          ("三.四.1", 6, rules.RULE_TOTAL), ("四", 2, rules.RULE_BALANCE)])
def test_each_identity_failing_is_named(rid, col, rule) -> None:
    rows = _balanced()
    rows[rid][col] += 1
    result = checker.check_text(_rows_text(rows))
    named = [(e.rule, e.column) for e in result.errors]
    assert (rule, rules.COLUMNS[col]) in named
    assert result.complete and not result.ok


def test_2019_format_with_a_single_other_row() -> None:
    rows = _balanced()
    rows["三.六"] = rows["三.六.3"]
    result = checker.check_text(_rows_text(rows, fmt="2019"))
    assert result.fmt == "2019" and result.ok
    assert result.table3.rows["三.六"] == rows["三.六.3"] and result.table3.rows["三.六.1"] is None
    assert result.as_dict()["table3"]["rows"]["三.六"] == rows["三.六.3"]


def test_full_width_digits_tabs_and_pipes() -> None:
    text = _rows_text(_balanced(), sep="\t").translate(str.maketrans("0123456789", "０１２３４５６７８９"))
    assert checker.check_text(text).ok
    assert checker.check_text(_rows_text(_balanced(), sep=" | ")).ok


def test_missing_column_is_named_and_left_empty() -> None:
    rows = _balanced()
    text = _rows_text(rows).replace(" 法律服务机构", "")
    lines = text.splitlines()
    for i, line in enumerate(lines):
        parts = line.split(" ")
        if len(parts) == 8 and parts[1].isdigit():
            del parts[5]  # drop the 法律服务机构 figure
            lines[i] = " ".join(parts)
    result = checker.check_text("\n".join(lines))
    assert {"table": "三", "row": None, "column": "法律服务机构", "reason": "表头缺少该列"} in result.unread
    assert all(v is not None and v[4] is None for v in result.table3.rows.values() if v is not None)
    assert result.table3.rows["一"][0] == 40 and not result.ok


def test_unreadable_cell_is_named_never_guessed() -> None:
    text = _rows_text(_balanced()).replace("三安全一稳定” 0 0", "三安全一稳定” — 0")
    result = checker.check_text(text)
    assert {"table": "三", "row": "三.三.3", "column": "自然人", "reason": "无法读取“—”"} in result.unread
    assert result.table3.rows["三.三.3"][0] is None


def test_a_row_with_a_missing_cell_is_not_shifted() -> None:
    text = _rows_text(_balanced()).replace("\n二、上年结转政府信息公开申请数量 3 0 0 0 0 0 3", "\n二、上年结转政府信息公开申请数量 3 0 0 0 0 3")
    result = checker.check_text(text)
    assert result.table3.rows["二"] == [None] * 7
    assert any(u["row"] == "二" and "读到 6 个单元格" in u["reason"] for u in result.unread)


@pytest.mark.parametrize("content", ["<html><body><h1>青溪县人民政府</h1><p>欢迎访问</p></body></html>",
                                     "这只是一段文字。", "\x00\x01\x02binary"])
def test_not_a_report(content, tmp_path) -> None:
    path = tmp_path / "page.html"
    path.write_text(content)
    with pytest.raises(checker.NotAReport):
        checker.check_file(str(path))


def test_command_contract_and_exit_codes(tmp_path, seeds_dir, capsys) -> None:
    report = tmp_path / "r.txt"
    report.write_text(_rows_text(_balanced()), encoding="gb18030")
    call_command("check_annual_report", str(report), "--json")
    data = json.loads(capsys.readouterr().out)
    assert set(data) >= {"org", "year", "format", "table3", "errors", "ok"}
    assert data["table3"]["columns"] == list(rules.COLUMNS)
    assert list(data["table3"]["rows"]) == list(rules.ROW_IDS)
    assert data["ok"] is True and data["errors"] == []
    with pytest.raises(SystemExit) as exc:
        call_command("check_annual_report", str(seeds_dir / "README.md"), "--json")
    assert exc.value.code == 2 and "不是政府信息公开工作年度报告" in capsys.readouterr().err
    with pytest.raises(SystemExit) as exc:
        call_command("check_annual_report", str(tmp_path / "missing.html"))
    assert exc.value.code == 2


def test_errors_in_json_carry_the_contract_keys(tmp_path) -> None:
    rows = _balanced()
    rows["一"][0] += 2
    path = tmp_path / "r.txt"
    path.write_text(_rows_text(rows))
    from io import StringIO

    buffer = StringIO()
    call_command("check_annual_report", str(path), "--json", stdout=buffer)
    data = json.loads(buffer.getvalue())
    err = next(e for e in data["errors"] if e["rule"] == "一+二=三（七）+四" and e["column"] == "自然人")
    assert {"table", "column", "rule", "expected", "found"} <= set(err) and err["expected"] == 45 and err["found"] == 43


# --- The same checker on our own reports -------------------------------------------------------

@pytest.fixture
def own_view(cast) -> selectors.ReportView:
    app = request(cast.officer_a, cast.dept_a, date(2025, 3, 3), kind="commercial", outcome="partial",
                  replied=date(2025, 3, 10))
    request(cast.officer_a, cast.dept_a, date(2025, 4, 3), outcome="withheld_process", replied=date(2025, 4, 10))
    request(cast.officer_a, cast.dept_a, date(2025, 12, 29))
    review(cast.officer_a, app, "litigation_after", date(2025, 5, 1), "corrected", date(2025, 6, 1))
    report = services.report_create(actor=cast.officer_a, organisation=cast.dept_a, year=2025)
    services.report_update(actor=cast.officer_a, report=report,
                           manual={"licensing": "5", "penalty": "0", "enforcement": "0", "fees": "0"})
    return selectors.build(report)


def test_our_html_export_reads_back_complete_and_adding_up(own_view) -> None:
    result = checker.check_text(exports.render_html(own_view))
    assert result.complete and result.ok and result.fmt == "2021"
    assert result.table3.rows == own_view.figures["table3"]["rows"]
    assert result.table4 == own_view.figures["table4"]
    assert result.org == "青溪县财政局" and result.year == 2025


def test_text_copied_from_our_pdf_reads_back(own_view) -> None:
    import pymupdf

    doc = pymupdf.open(stream=exports.render_pdf(own_view), filetype="pdf")
    text = "\n".join(page.get_text() for page in doc)
    result = checker.check_text(text)
    assert result.table3.rows["一"] == own_view.figures["table3"]["rows"]["一"]
    assert result.table3.rows["三.七"] == own_view.figures["table3"]["rows"]["三.七"]
    assert result.errors == []

