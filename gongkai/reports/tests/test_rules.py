"""The report's pure rules: row mapping, identities (passing and failing), carry-over, staff numbers,
table 二 classification, deadlines and percentiles (against a naive oracle)."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gongkai.applications.rules import OUTCOMES
from gongkai.reports import rules


def test_every_outcome_maps_to_one_row_of_table_three() -> None:
    rows = {o.code: rules.row_for_outcome(o.report_row) for o in OUTCOMES}
    assert rows["disclose"] == rows["already_public"] == "三.一"
    assert rows["partial"] == "三.二"
    assert rows["withheld_secret"] == "三.三.1"
    assert rows["withheld_query"] == "三.三.8"
    assert rows["unavailable_unclear"] == "三.四.3"
    assert rows["rejected_confirm"] == "三.五.5"
    assert rows["other_special_law"] == "三.六.3"
    # every result row except 三（七）总计 is reachable from some outcome
    assert set(rows.values()) == set(rules.RESULT_PARTS)


def test_row_for_outcome_refuses_other_labels() -> None:
    with pytest.raises(ValueError):
        rules.row_for_outcome("（八）其他")
    with pytest.raises(ValueError):
        rules.row_for_outcome("予以公开")


def _balanced() -> dict[str, list[int]]:
    rows = rules.empty_table3()
    rows["一"][:6] = [5, 2, 0, 0, 1, 0]
    rows["二"][:6] = [1, 0, 0, 0, 0, 0]
    rows["三.一"][:6] = [3, 1, 0, 0, 0, 0]
    rows["三.四.1"][:6] = [2, 0, 0, 0, 1, 0]
    rows["四"][:6] = [1, 1, 0, 0, 0, 0]
    return rules.complete_table3(rows)


def test_a_balanced_table_passes_every_identity() -> None:
    errors, unchecked = rules.check_table3(_balanced())
    assert errors == [] and unchecked == []


def test_balance_identity_names_the_column() -> None:
    rows = _balanced()
    rows["一"][1] = 3  # 商业企业 received one more than handled + carried forward
    rows["一"][6] = 9
    errors, _ = rules.check_table3(rows)
    assert [(e.rule, e.column, e.expected, e.found) for e in errors] == [
        (rules.RULE_BALANCE, "商业企业", 3, 2), (rules.RULE_BALANCE, "总计", 10, 9)]
    assert errors[0].message == "表三“商业企业”列：一＋二＝3，三（七）＋四＝2，不符合“一+二=三（七）+四”。"


def test_results_identity_names_the_cell() -> None:
    rows = _balanced()
    rows["三.七"][0] = 6
    errors, _ = rules.check_table3(rows)
    rules_hit = {(e.rule, e.row, e.column) for e in errors}
    assert (rules.RULE_RESULTS, "三.七", "自然人") in rules_hit
    assert (rules.RULE_BALANCE, None, "自然人") in rules_hit
    assert (rules.RULE_TOTAL, "三.七", "总计") in rules_hit


def test_total_column_identity_names_the_row() -> None:
    rows = _balanced()
    rows["三.四.1"][6] = 4
    errors, _ = rules.check_table3(rows)
    assert rules.CellError("三", "三.四.1", "总计", rules.RULE_TOTAL, 3, 4) in errors


def test_unread_cells_leave_identities_unchecked_never_guessed() -> None:
    rows: dict[str, list[int | None]] = {k: list(v) for k, v in _balanced().items()}
    rows["四"][2] = None
    errors, unchecked = rules.check_table3(rows)
    assert errors == []
    assert any(u.rule == rules.RULE_BALANCE and u.column == "科研机构" and u.missing == ("四",) for u in unchecked)
    assert any(u.rule == rules.RULE_TOTAL and "四/科研机构" in u.missing for u in unchecked)


def test_2019_format_sums_a_single_other_row() -> None:
    rows = {k: list(v) for k, v in _balanced().items() if not k.startswith("三.六.")}
    rows["三.六"] = [0] * 7
    errors, unchecked = rules.check_table3(rows, fmt="2019")
    assert errors == [] and unchecked == []
    rows["三.六"] = [1, 0, 0, 0, 0, 0, 1]
    errors, _ = rules.check_table3(rows, fmt="2019")
    assert any(e.rule == rules.RULE_RESULTS and e.column == "自然人" for e in errors)


def test_table_four_totals() -> None:
    good = rules.complete_table4({"reconsideration": [2, 1, 0, 1, 0]})
    assert rules.check_table4(good) == ([], [])
    bad = dict(good, litigation_direct=[1, 0, 0, 0, 2])
    errors, _ = rules.check_table4(bad)
    assert errors == [rules.CellError("四", "litigation_direct", "行政诉讼·未经复议直接起诉·总计", rules.RULE_TABLE4, 1, 2)]


def test_carry_over_must_match_last_year() -> None:
    assert rules.check_carry_over([1, 0, 0, 0, 0, 0, 1], [1, 0, 0, 0, 0, 0, 1]) == []
    errors = rules.check_carry_over([2, 0, 0, 0, 0, 0, 2], [1, 0, 0, 0, 0, 0, 1])
    assert [(e.column, e.expected, e.found) for e in errors] == [("自然人", 1, 2), ("总计", 1, 2)]


@pytest.mark.parametrize("value", ["-1", "1.5", "abc", "", None, "1e3", "１２a"])
def test_staff_counts_must_be_non_negative_integers(value: object) -> None:
    with pytest.raises(ValueError, match="不小于 0 的整数"):
        rules.parse_count(value, "行政许可")


def test_staff_counts_accept_full_width_and_separators() -> None:
    assert rules.parse_count("１２３", "x") == 123
    assert rules.parse_count("1,234", "x") == 1234
    assert rules.parse_count(0, "x") == 0


@pytest.mark.parametrize("value", ["-0.5", "abc", "1.23456", "NaN", "Infinity", ""])
def test_fees_must_be_non_negative_wan_with_four_decimals(value: str) -> None:
    with pytest.raises(ValueError, match="万元"):
        rules.parse_wan(value, "行政事业性收费")


def test_fees_are_normalised() -> None:
    assert rules.parse_wan("12.50", "x") == "12.5"
    assert rules.parse_wan("３", "x") == "3"
    assert rules.parse_wan("0.0001", "x") == "0.0001"


def test_document_class() -> None:
    assert rules.document_class("命令（令）", "青溪县人民政府令第1号") == "rules"
    assert rules.document_class("通知", "青政规〔2025〕3号") == "normative"
    assert rules.document_class("意见", "苏政规[2021]1号") == "normative"
    assert rules.document_class("通知", "青政发〔2025〕3号") is None
    assert rules.document_class("通知", "") is None


def test_valid_at_year_end() -> None:
    assert rules.valid_at_year_end(issued_on=date(2025, 3, 1), validity="valid", changed_on=None, year=2025)
    assert not rules.valid_at_year_end(issued_on=date(2026, 1, 2), validity="valid", changed_on=None, year=2025)
    assert not rules.valid_at_year_end(issued_on=date(2020, 1, 1), validity="repealed", changed_on=date(2025, 6, 1),
                                       year=2025)
    # repealed in 2026: still valid at the end of 2025
    assert rules.valid_at_year_end(issued_on=date(2020, 1, 1), validity="repealed", changed_on=date(2026, 2, 1),
                                   year=2025)


def test_deadlines_article_49() -> None:
    assert rules.report_due("department", 2025) == date(2026, 1, 31)
    assert rules.report_due("government", 2025) == date(2026, 3, 31)


def _naive_percentile(values: list[int], q: float) -> float:
    s = sorted(values)
    k = (len(s) - 1) * q / 100
    f = int(k)
    c = min(f + 1, len(s) - 1)
    return s[f] + (s[c] - s[f]) * (k - f)


@given(st.lists(st.integers(min_value=0, max_value=400), min_size=1, max_size=60),
       st.sampled_from([0, 10, 50, 90, 100]))
def test_percentile_matches_naive_oracle(values: list[int], q: int) -> None:
    got = rules.percentile(sorted(values), q)
    assert got == pytest.approx(_naive_percentile(values, q))
    assert min(values) <= got <= max(values)


def test_percentile_of_nothing_is_none() -> None:
    assert rules.percentile([], 50) is None
    assert rules.percentile([3, 1], 50) is not None
    assert rules.rate(0, 0) is None and rules.rate(1, 4) == 25.0


@given(st.lists(st.lists(st.integers(min_value=0, max_value=50), min_size=6, max_size=6), min_size=1, max_size=5))
def test_sum_of_balanced_tables_stays_balanced(kind_rows: list[list[int]]) -> None:
    tables = []
    for new in kind_rows:
        rows = rules.empty_table3()
        rows["一"][:6] = new
        rows["三.一"][:6] = [n // 2 for n in new]
        rows["四"][:6] = [n - n // 2 for n in new]
        tables.append(rules.complete_table3(rows))
    total = rules.add_tables(tables, rules.ROW_IDS, 7)
    assert rules.check_table3(total) == ([], [])
    assert total["一"][6] == sum(sum(r) for r in kind_rows)


# --- mutation testing (issue 11): tables 二 and 四 by hand, messages word for word, overrides ---------------

from decimal import Decimal  # noqa: E402


def test_empty_tables() -> None:
    assert rules.empty_table2() == {"rules": {"issued": 0, "repealed": 0, "valid": 0},
                                    "normative": {"issued": 0, "repealed": 0, "valid": 0},
                                    "licensing": 0, "penalty": 0, "enforcement": 0, "fees": "0"}
    assert rules.empty_table4() == {"reconsideration": [0] * 5, "litigation_direct": [0] * 5,
                                    "litigation_after": [0] * 5}
    t3 = rules.empty_table3()
    assert list(t3) == list(rules.ROW_IDS) and all(v == [0] * 7 for v in t3.values())


def test_table_two_adds_documents_counts_and_fees() -> None:
    a = {"rules": {"issued": 1, "repealed": 2, "valid": 3}, "normative": {"issued": 4, "repealed": None, "valid": 6},
         "licensing": 7, "penalty": 8, "enforcement": 9, "fees": "1.5"}
    b = {"rules": {"issued": 10}, "licensing": None, "penalty": 1, "fees": "0.0001"}
    assert rules.add_table2([a, b, {}]) == {
        "rules": {"issued": 11, "repealed": 2, "valid": 3}, "normative": {"issued": 4, "repealed": 0, "valid": 6},
        "licensing": 7, "penalty": 9, "enforcement": 9, "fees": "1.5001"}
    assert rules.add_table2([]) == rules.empty_table2()


def test_add_tables_treats_missing_rows_and_cells_as_zero() -> None:
    total = rules.add_tables([{"x": [1, None]}, {"y": [2, 3]}, {"x": [4, 5], "y": None}], ["x", "y"], 2)
    assert total == {"x": [5, 5], "y": [2, 3]}


def test_complete_tables_fill_totals_and_ignore_extra_cells() -> None:
    t4 = rules.complete_table4({"reconsideration": [1, 2, 3, 4, 99, 7]})
    assert t4 == {"reconsideration": [1, 2, 3, 4, 10], "litigation_direct": [0] * 5, "litigation_after": [0] * 5}
    t3 = rules.complete_table3({"一": [1, 2, 0, 0, 0, 0, 99, 5], "三.一": [1, 0, 0, 0, 0, 0, 0],
                                "三.六.3": [0, 2, 0, 0, 0, 0, 0], "三.七": [9] * 7})
    assert t3["一"] == [1, 2, 0, 0, 0, 0, 3]
    assert t3["三.七"] == [1, 2, 0, 0, 0, 0, 3]
    assert t3["二"] == [0] * 7


@pytest.mark.parametrize(("value", "text"), [("1.5", "1.5"), ("2", "2"), ("0.00006", "0.0001"), ("0.00004", "0"),
                                             ("10.1000", "10.1"), ("0", "0"), ("100", "100")])
def test_format_wan(value: str, text: str) -> None:
    assert rules.format_wan(Decimal(value)) == text


def test_cell_error_and_unchecked_records() -> None:
    results = rules.CellError("三", "三.三.1", "自然人", rules.RULE_RESULTS, 3, 4)
    assert results.message == "表三“（三）不予公开1.属于国家秘密”行“自然人”列：按“三（七）=（一）至（六）之和”应为 3，表中为 4。"
    assert results.as_dict() == {"table": "三", "row": "三.三.1", "column": "自然人", "rule": rules.RULE_RESULTS,
                                 "expected": 3, "found": 4}
    plain = rules.CellError("三", "一", "总计", rules.RULE_TOTAL, 5, 6)
    assert plain.message == "表三“一、本年新收政府信息公开申请数量”行“总计”列：按“总计=各类申请人之和”应为 5，表中为 6。"
    table4 = rules.CellError("四", "reconsideration", "行政复议·总计", rules.RULE_TABLE4, 1, 2)
    assert table4.message == "表四“行政复议·总计”：按“总计=结果维持+结果纠正+其他结果+尚未审结”应为 1，表中为 2。"
    carry = rules.CellError("三", "二", "自然人", rules.RULE_CARRY, 1, 2)
    assert carry.message == ("表三“二、上年结转”行“自然人”列为 2，上年报告“四、结转下年度继续办理”为 1，"
                             "不符合“本年上年结转=上年结转下年度”。")
    unchecked = rules.Unchecked("三", rules.RULE_BALANCE, "自然人", ("四", "一"))
    assert unchecked.as_dict() == {"table": "三", "rule": rules.RULE_BALANCE, "column": "自然人", "missing": ["四", "一"]}


def test_row_labels() -> None:
    assert rules.row_label("三.一") == "（一）予以公开"
    assert rules.row_label("三.五.2") == "（五）不予处理2.重复申请"
    assert rules.row_label("三.六") == "（六）其他处理"
    assert rules.row_label("九") == "九"


def test_unchecked_cells_are_listed_exactly() -> None:
    rows: dict[str, list[int | None] | None] = {k: list(v) for k, v in _balanced().items()}
    rows["一"] = None  # the row was not read at all
    rows["三.一"][0] = None  # type: ignore[index]
    errors, unchecked = rules.check_table3(rows)
    assert errors == []
    assert rules.Unchecked("三", rules.RULE_BALANCE, "自然人", ("一",)) in unchecked
    assert rules.Unchecked("三", rules.RULE_RESULTS, "自然人", ("三.一",)) in unchecked
    assert rules.Unchecked("三", rules.RULE_RESULTS, "商业企业", ()) not in unchecked
    assert rules.Unchecked("三", rules.RULE_TOTAL, "总计", ("三.一/自然人",)) in unchecked
    assert not any(u.rule == rules.RULE_TOTAL and u.missing and u.missing[0].startswith("一/") for u in unchecked)
    rows["四"][6] = None  # type: ignore[index]
    _, unchecked = rules.check_table3(rows)
    assert rules.Unchecked("三", rules.RULE_TOTAL, "总计", ("四/总计",)) in unchecked


def test_table_four_unread_cells_and_exact_errors() -> None:
    errors, unchecked = rules.check_table4({"reconsideration": [1, None, 0, 0, None], "litigation_after": [1, 1, 1, 1, 3]})
    assert unchecked == [rules.Unchecked("四", rules.RULE_TABLE4, "行政复议", ("行政复议/结果纠正", "行政复议/总计"))]
    assert errors == [rules.CellError("四", "litigation_after", "行政诉讼·复议后起诉·总计", rules.RULE_TABLE4, 4, 3)]


def test_carry_over_errors_are_exact() -> None:
    assert rules.check_carry_over([0, 0, 0, 0, 0, 3, 3], [0, 0, 0, 0, 0, 1, 1]) == [
        rules.CellError("三", "二", "其他", rules.RULE_CARRY, 1, 3), rules.CellError("三", "二", "总计", rules.RULE_CARRY, 1, 3)]


def test_staff_figures_word_for_word_and_bounds() -> None:
    with pytest.raises(ValueError) as caught:
        rules.parse_count("-1", "行政许可")
    assert str(caught.value) == "“行政许可”应为不小于 0 的整数，收到“-1”。"
    with pytest.raises(ValueError) as caught:
        rules.parse_count(None, "行政处罚")
    assert str(caught.value) == "“行政处罚”应为不小于 0 的整数，收到“None”。"
    assert rules.parse_count("999999999999", "x") == 999999999999
    assert rules.parse_count(" １，２３4 ", "x") == 1234
    with pytest.raises(ValueError):
        rules.parse_count("1000000000000", "x")
    with pytest.raises(ValueError) as caught:
        rules.parse_wan("1.23456", "行政事业性收费")
    assert str(caught.value) == "“行政事业性收费”应为不小于 0 的金额（万元，最多四位小数），收到“1.23456”。"
    assert rules.parse_wan("1000000000", "x") == "1000000000"
    assert rules.parse_wan("１，２３４．５０", "x") == "1234.5"
    assert rules.parse_wan("0.0001", "x") == "0.0001"
    assert rules.parse_wan(" 0 ", "x") == "0"
    for bad in ("1000000000.0001", "-0.1", "abc", "NaN", "Infinity", None, ""):
        with pytest.raises(ValueError):
            rules.parse_wan(bad, "x")


def test_reminders_and_rates() -> None:
    assert rules.reminder_months("government") == (3,)
    assert rules.reminder_months("department") == (1, 3)
    assert rules.rate(1, 3) == 33.3
    assert rules.rate(2, 3) == 66.7
    assert rules.rate(5, -1) is None
    assert rules.rate(0, 1) == 0.0
    assert rules.percentile([1, 2, 3, 4], 50) == 2.5
    assert rules.percentile([1, 2, 3, 4], 100) == 4.0
    assert rules.percentile([7], 90) == 7.0
    for q in (-1, 101):
        with pytest.raises(ValueError, match="百分位应在 0 到 100 之间。"):
            rules.percentile([1], q)


@pytest.mark.parametrize(("key", "error"), [
    ("三|三.一|0", None), ("三|三.七|6", None), ("三|三.一|7", "没有这个单元格：三|三.一|7。"),
    ("四|reconsideration|4", None), ("四|reconsideration|5", "没有这个单元格：四|reconsideration|5。"),
    ("二|rules|issued", None), ("二|normative|valid", None), ("二|rules|x", "没有这个单元格：二|rules|x。"),
    ("四|rules|0", "没有这个单元格：四|rules|0。"), ("三|reconsideration|0", "没有这个单元格：三|reconsideration|0。"),
    ("二|reconsideration|issued", "没有这个单元格：二|reconsideration|issued。"),
    ("三|三.一|a", "没有这个单元格：三|三.一|a。"), ("四|reconsideration|a", "没有这个单元格：四|reconsideration|a。"),
    ("三|三.一", "单元格名称无效。"), ("三|三.一|0|1", "单元格名称无效。"), ("五|三.一|0", "没有这个单元格：五|三.一|0。"),
    ("三|" + "长" * 50 + "|0", "没有这个单元格：三|" + "长" * 38 + "。"),
])
def test_cell_key_error(key: str, error: str | None) -> None:
    assert rules.cell_key_error(key) == error


def test_cell_labels() -> None:
    assert rules.cell_label("三|三.一|1") == "表三“（一）予以公开”行“商业企业”列"
    assert rules.cell_label("四|litigation_after|3") == "表四“行政诉讼·复议后起诉”“尚未审结”"
    assert rules.cell_label("二|normative|repealed") == "表二“行政规范性文件”“本年废止件数”"


def _figures() -> dict[str, object]:
    rows = _balanced()
    return {"table3": {"rows": rows}, "table4": rules.complete_table4({"reconsideration": [1, 1, 0, 0, 0]}),
            "table2": rules.empty_table2(), "other": "kept"}


def test_overrides_replace_cells_and_recompute_what_follows() -> None:
    figures = _figures()
    out = rules.apply_overrides(figures, {"三|三.一|0": 5, "四|reconsideration|2": 3, "二|rules|issued": 4})
    rows = out["table3"]["rows"]  # type: ignore[index]
    assert rows["三.一"] == [5, 1, 0, 0, 0, 0, 6]
    assert rows["三.七"][0] == figures["table3"]["rows"]["三.七"][0] + 2  # type: ignore[index]
    assert rows["三.七"][6] == figures["table3"]["rows"]["三.七"][6] + 2  # type: ignore[index]
    assert out["table4"]["reconsideration"] == [1, 1, 3, 0, 5]  # type: ignore[index]
    assert out["table4"]["litigation_direct"] == [0] * 5  # type: ignore[index]
    assert out["table2"]["rules"] == {"issued": 4, "repealed": 0, "valid": 0}  # type: ignore[index]
    assert out["other"] == "kept"
    assert figures["table3"]["rows"]["三.一"][0] == 3  # type: ignore[index]  # the input is not changed
    assert rules.cell_value(out, "三|三.一|0") == 5
    assert rules.cell_value(out, "四|reconsideration|4") == 5
    assert rules.cell_value(out, "二|rules|issued") == 4


def test_an_overridden_derived_cell_stays_as_typed() -> None:
    out = rules.apply_overrides(_figures(), {"三|三.一|6": 100, "三|三.七|0": 50, "四|reconsideration|4": 9})
    rows = out["table3"]["rows"]  # type: ignore[index]
    assert rows["三.一"][6] == 100 and rows["三.七"][0] == 50
    assert out["table4"]["reconsideration"][4] == 9  # type: ignore[index]
    assert rules.check_table3(rows)[0]  # the typed cells break identities, which the checks report


def test_second_round_of_survivors() -> None:
    # 现行有效 at 31 December: issued that day counts; repealed that day does not
    end = date(2025, 12, 31)
    assert rules.valid_at_year_end(issued_on=end, validity="valid", changed_on=None, year=2025)
    assert not rules.valid_at_year_end(issued_on=date(2020, 1, 1), validity="repealed", changed_on=end, year=2025)
    # the identities' records in full
    rows = _balanced()
    rows["三.七"][0] += 1
    rows["三.七"][6] += 1
    errors, _ = rules.check_table3(rows)
    assert rules.CellError("三", None, "自然人", rules.RULE_BALANCE, rows["一"][0] + rows["二"][0],
                           rows["三.七"][0] + rows["四"][0]) in errors
    assert rules.CellError("三", "三.七", "自然人", rules.RULE_RESULTS, rows["三.七"][0] - 1, rows["三.七"][0]) in errors
    rows = _balanced()
    rows["三.七"][2] = 0
    rows["三.一"][2] = 1
    rows["三.一"][6] += 1
    rows["一"][2] = 1
    rows["一"][6] += 1
    errors, _ = rules.check_table3(rows)
    assert rules.CellError("三", "三.七", "科研机构", rules.RULE_RESULTS, 1, 0) in errors
    # 上年结转 (row 二) is checked for its 总计 like every row
    rows = _balanced()
    rows["二"][6] = 99
    errors, _ = rules.check_table3(rows)
    assert rules.CellError("三", "二", "总计", rules.RULE_TOTAL, sum(rows["二"][:6]), 99) in errors
    assert rules.check_table4({"reconsideration": [1, 0, 0, 0, 0]})[0] == [
        rules.CellError("四", "reconsideration", "行政复议·总计", rules.RULE_TABLE4, 1, 0)]
    # what staff typed is quoted, cut at 20 characters
    with pytest.raises(ValueError) as caught:
        rules.parse_count("x" * 30, "件数")
    assert str(caught.value) == f"“件数”应为不小于 0 的整数，收到“{'x' * 20}”。"
    with pytest.raises(ValueError) as caught:
        rules.parse_wan("y" * 30, "金额")
    assert str(caught.value) == f"“金额”应为不小于 0 的金额（万元，最多四位小数），收到“{'y' * 20}”。"
    assert rules.parse_wan("1,234.5", "x") == "1234.5"
    with pytest.raises(ValueError, match="^不是年度报告表三的办理结果行：其他$"):
        rules.row_for_outcome("其他")
    with pytest.raises(ValueError, match="^不是年度报告表三的办理结果行：（三）不予公开 9 其他$"):
        rules.row_for_outcome("（三）不予公开 9 其他")


def test_third_round_of_survivors() -> None:
    rows = _balanced()
    rows["三.一"][6] += 1
    errors, _ = rules.check_table3(rows)
    assert errors.count(rules.CellError("三", "三.一", "总计", rules.RULE_TOTAL, rows["三.一"][6] - 1,
                                        rows["三.一"][6])) == 1  # each row's 总计 is checked once
    unread: dict[str, list[int | None] | None] = {k: list(v) for k, v in _balanced().items()}
    unread["三.七"][1] = None  # type: ignore[index]
    _, unchecked = rules.check_table3(unread)
    assert rules.Unchecked("三", rules.RULE_RESULTS, "商业企业", ("三.七",)) in unchecked
    with pytest.raises(ValueError, match="^百分位应在 0 到 100 之间。$"):
        rules.percentile([1], 101)
