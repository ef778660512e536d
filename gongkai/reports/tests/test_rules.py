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
