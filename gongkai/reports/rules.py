"""The rules of the 政府信息公开工作年度报告 as pure functions (no ORM).

- 条例第四十九条: departments publish the previous year's report by 1月31日, governments by 3月31日.
- 条例第五十条: the report covers 主动公开, 依申请公开 (received, handled, results), 行政复议/诉讼,
  problems and improvements, and other matters.
- 国办公开办函〔2021〕30号 fixes the tables. Table 三: per applicant-kind column,
  一（本年新收）+ 二（上年结转）= 三（七）（本年度办理结果总计）+ 四（结转下年度继续办理）;
  三（七）is the sum of results （一）…（六）; 总计 is the sum of the six applicant kinds.
  Table 四: in each of 行政复议, 未经复议直接起诉 and 复议后起诉, 总计 = 维持 + 纠正 + 其他 + 尚未审结.
- The 2019 trial format (国办公开办函〔2019〕60号) has the same table 三 except that （六）其他处理 has
  no sub-rows.
- A government's report sums its departments' reports and its own; this year's 上年结转 equals last
  year's published 结转下年度.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

COLUMNS = ("自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计")
KINDS = COLUMNS[:6]
TOTAL = 6  # index of 总计
# applications.ApplicantKind values → table 三 column index
APPLICANT_COLUMN = {"natural": 0, "commercial": 1, "research": 2, "public_welfare": 3, "legal_service": 4,
                    "other_org": 5}


@dataclass(frozen=True)
class Row:
    id: str
    label: str
    group: str = ""  # the merged label cell to the left (e.g. "（三）不予公开")


_WITHHELD = ("属于国家秘密", "其他法律行政法规禁止公开", "危及“三安全一稳定”", "保护第三方合法权益", "属于三类内部事务信息",
             "属于四类过程性信息", "属于行政执法案卷", "属于行政查询事项")
_UNAVAILABLE = ("本机关不掌握相关政府信息", "没有现成信息需要另行制作", "补正后申请内容仍不明确")
_NOT_PROCESSED = ("信访举报投诉类申请", "重复申请", "要求提供公开出版物", "无正当理由大量反复申请", "要求行政机关确认或重新出具已获取信息")
_OTHER = ("申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
          "申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请", "其他")

TABLE3_ROWS: tuple[Row, ...] = (
    Row("一", "一、本年新收政府信息公开申请数量"),
    Row("二", "二、上年结转政府信息公开申请数量"),
    Row("三.一", "（一）予以公开"),
    Row("三.二", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）"),
    *(Row(f"三.三.{i}", f"{i}.{t}", "（三）不予公开") for i, t in enumerate(_WITHHELD, 1)),
    *(Row(f"三.四.{i}", f"{i}.{t}", "（四）无法提供") for i, t in enumerate(_UNAVAILABLE, 1)),
    *(Row(f"三.五.{i}", f"{i}.{t}", "（五）不予处理") for i, t in enumerate(_NOT_PROCESSED, 1)),
    *(Row(f"三.六.{i}", f"{i}.{t}", "（六）其他处理") for i, t in enumerate(_OTHER, 1)),
    Row("三.七", "（七）总计"),
    Row("四", "四、结转下年度继续办理"),
)
ROW_IDS = tuple(r.id for r in TABLE3_ROWS)
ROW_BY_ID = {r.id: r for r in TABLE3_ROWS}
RESULT_PARTS = tuple(r.id for r in TABLE3_ROWS if r.id.startswith("三.") and r.id != "三.七")
# The 2019 trial format: （六）其他处理 is one row, kept under the id "三.六".
RESULT_PARTS_2019 = (*(p for p in RESULT_PARTS if not p.startswith("三.六.")), "三.六")

TABLE4_GROUPS = (("reconsideration", "行政复议"), ("litigation_direct", "行政诉讼·未经复议直接起诉"),
                 ("litigation_after", "行政诉讼·复议后起诉"))
TABLE4_COLUMNS = ("结果维持", "结果纠正", "其他结果", "尚未审结", "总计")
# applications.Review.Result values → table 四 column index
REVIEW_RESULT_COLUMN = {"upheld": 0, "corrected": 1, "other": 2, "pending": 3}

TABLE2_DOC_ROWS = (("rules", "规章"), ("normative", "行政规范性文件"))
TABLE2_DOC_COLUMNS = (("issued", "本年制发件数"), ("repealed", "本年废止件数"), ("valid", "现行有效件数"))
# Figures the records do not hold; staff type them (第二十条第（五）（六）（八）项).
TABLE2_MANUAL = (("licensing", "行政许可", "第二十条第（五）项", "本年处理决定数量"),
                 ("penalty", "行政处罚", "第二十条第（六）项", "本年处理决定数量"),
                 ("enforcement", "行政强制", "第二十条第（六）项", "本年处理决定数量"),
                 ("fees", "行政事业性收费", "第二十条第（八）项", "本年收费金额（单位：万元）"))
MANUAL_KEYS = tuple(m[0] for m in TABLE2_MANUAL)

_SECTION = {"（一）": "一", "（二）": "二", "（三）": "三", "（四）": "四", "（五）": "五", "（六）": "六", "（七）": "七"}


def row_for_outcome(report_row: str) -> str:
    """The table 三 row id of an outcome's report row, e.g. "（三）不予公开 1 属于国家秘密" → "三.三.1".

    Outcome codes are the report rows (decision 0201); this only turns the label into the id.
    """
    m = re.match(r"^(（[一二三四五六七]）)[^\d]*(\d)?", report_row.strip())
    if m is None or m.group(1) not in _SECTION:
        raise ValueError(f"不是年度报告表三的办理结果行：{report_row}")
    section = _SECTION[m.group(1)]
    row_id = f"三.{section}" + (f".{m.group(2)}" if m.group(2) else "")
    if row_id not in ROW_BY_ID:
        raise ValueError(f"不是年度报告表三的办理结果行：{report_row}")
    return row_id


# --- Empty tables and arithmetic ------------------------------------------------------------

def empty_table3() -> dict[str, list[int]]:
    return {rid: [0] * 7 for rid in ROW_IDS}


def empty_table4() -> dict[str, list[int]]:
    return {key: [0] * 5 for key, _ in TABLE4_GROUPS}


def empty_table2() -> dict[str, Any]:
    return {"rules": {"issued": 0, "repealed": 0, "valid": 0},
            "normative": {"issued": 0, "repealed": 0, "valid": 0},
            "licensing": 0, "penalty": 0, "enforcement": 0, "fees": "0"}


def complete_table3(rows: Mapping[str, Sequence[int]]) -> dict[str, list[int]]:
    """Fill the derived cells our own records imply: 总计 per row and 三（七） per column."""
    table = {rid: list(rows.get(rid, [0] * 7))[:7] for rid in ROW_IDS}
    for rid in ROW_IDS:
        if rid != "三.七":
            table[rid][TOTAL] = sum(table[rid][:TOTAL])
    table["三.七"] = [sum(table[p][i] for p in RESULT_PARTS) for i in range(7)]
    return table


def complete_table4(groups: Mapping[str, Sequence[int]]) -> dict[str, list[int]]:
    table = {key: list(groups.get(key, [0] * 5))[:5] for key, _ in TABLE4_GROUPS}
    for cells in table.values():
        cells[4] = sum(cells[:4])
    return table


def add_tables(tables: Iterable[Mapping[str, Sequence[int]]], keys: Sequence[str], width: int) -> dict[str, list[int]]:
    """Cell-by-cell sum (a government's report sums its departments')."""
    total = {k: [0] * width for k in keys}
    for table in tables:
        for k in keys:
            cells = table.get(k) or [0] * width
            for i in range(width):
                total[k][i] += int(cells[i] or 0)
    return total


def add_table2(tables: Iterable[Mapping[str, object]]) -> dict[str, object]:
    total = empty_table2()
    fees = Decimal(0)
    for t in tables:
        for doc_key, _ in TABLE2_DOC_ROWS:
            part = t.get(doc_key) or {}
            assert isinstance(part, Mapping)
            target = total[doc_key]
            assert isinstance(target, dict)
            for col, _ in TABLE2_DOC_COLUMNS:
                target[col] += int(part.get(col) or 0)
        for key in ("licensing", "penalty", "enforcement"):
            total[key] = int(total[key]) + int(t.get(key) or 0)  # type: ignore[call-overload]
        fees += Decimal(str(t.get("fees") or "0"))
    total["fees"] = format_wan(fees)
    return total


def format_wan(value: Decimal) -> str:
    """万元 with at most four decimals (1 元 = 0.0001 万元), no trailing zeros."""
    text = f"{value.quantize(Decimal('0.0001')):f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


# --- Identities ------------------------------------------------------------------------------

@dataclass(frozen=True)
class CellError:
    """One identity that does not hold, naming the cell: `found` is what the table says, `expected`
    what the rule computes from the other cells."""

    table: str
    row: str | None  # None for an identity of a whole column (一+二=三（七）+四)
    column: str
    rule: str
    expected: int
    found: int

    def as_dict(self) -> dict[str, object]:
        return asdict(self)

    @property
    def message(self) -> str:
        if self.rule == RULE_BALANCE:
            return (f"表三“{self.column}”列：一＋二＝{self.expected}，三（七）＋四＝{self.found}，"
                    f"不符合“{self.rule}”。")
        if self.rule == RULE_CARRY:
            return (f"表三“二、上年结转”行“{self.column}”列为 {self.found}，上年报告“四、结转下年度继续办理”为 "
                    f"{self.expected}，不符合“{self.rule}”。")
        where = f"表{self.table}“{row_label(self.row or '')}”行“{self.column}”列"
        if self.table == "四":
            where = f"表四“{self.column}”"
        return f"{where}：按“{self.rule}”应为 {self.expected}，表中为 {self.found}。"


@dataclass(frozen=True)
class Unchecked:
    """An identity that could not be evaluated because a cell it needs was not read."""

    table: str
    rule: str
    column: str
    missing: tuple[str, ...]

    def as_dict(self) -> dict[str, object]:
        return {"table": self.table, "rule": self.rule, "column": self.column, "missing": list(self.missing)}


RULE_BALANCE = "一+二=三（七）+四"
RULE_RESULTS = "三（七）=（一）至（六）之和"
RULE_TOTAL = "总计=各类申请人之和"
RULE_TABLE4 = "总计=结果维持+结果纠正+其他结果+尚未审结"
RULE_CARRY = "本年上年结转=上年结转下年度"


def row_label(row_id: str) -> str:
    row = ROW_BY_ID.get(row_id)
    if row is None:
        return {"三.六": "（六）其他处理"}.get(row_id, row_id)
    return f"{row.group}{row.label}" if row.group else row.label


def check_table3(rows: Mapping[str, Sequence[int | None] | None], *, fmt: str = "2021"
                 ) -> tuple[list[CellError], list[Unchecked]]:
    """Every identity of table 三. Cells that are None (not read) leave their identities unchecked,
    never guessed; the caller lists them."""
    errors: list[CellError] = []
    unchecked: list[Unchecked] = []
    parts = RESULT_PARTS_2019 if fmt == "2019" else RESULT_PARTS

    def cell(rid: str, i: int) -> int | None:
        r = rows.get(rid)
        return None if r is None else r[i]

    def named(cells: list[tuple[str, int | None]]) -> tuple[str, ...]:
        return tuple(rid for rid, v in cells if v is None)

    for i, col in enumerate(COLUMNS):
        # 一 + 二 = 三（七） + 四
        cells = [(rid, cell(rid, i)) for rid in ("一", "二", "三.七", "四")]
        missing = named(cells)
        if missing:
            unchecked.append(Unchecked("三", RULE_BALANCE, col, missing))
        else:
            a, b, c, d = (int(v or 0) for _, v in cells)
            if a + b != c + d:
                errors.append(CellError("三", None, col, RULE_BALANCE, a + b, c + d))
        # 三（七） = sum of results
        cells = [(rid, cell(rid, i)) for rid in parts]
        total = cell("三.七", i)
        missing = named([*cells, ("三.七", total)])
        if missing:
            unchecked.append(Unchecked("三", RULE_RESULTS, col, missing))
        else:
            expected = sum(int(v or 0) for _, v in cells)
            if expected != total:
                errors.append(CellError("三", "三.七", col, RULE_RESULTS, expected, int(total or 0)))
    # 总计 = sum of the six applicant kinds, per row
    for rid in (*ROW_IDS[:2], *parts, "三.七", "四"):
        r = rows.get(rid)
        if r is None:
            continue
        kinds, total = list(r[:TOTAL]), r[TOTAL]
        if total is None or any(v is None for v in kinds):
            miss = tuple(f"{rid}/{COLUMNS[i]}" for i, v in enumerate([*kinds, total]) if v is None)
            unchecked.append(Unchecked("三", RULE_TOTAL, "总计", miss))
            continue
        expected = sum(int(v or 0) for v in kinds)
        if expected != total:
            errors.append(CellError("三", rid, "总计", RULE_TOTAL, expected, int(total)))
    return errors, unchecked


def check_table4(groups: Mapping[str, Sequence[int | None] | None]) -> tuple[list[CellError], list[Unchecked]]:
    errors: list[CellError] = []
    unchecked: list[Unchecked] = []
    for key, label in TABLE4_GROUPS:
        cells = groups.get(key)
        if cells is None:
            continue
        if any(v is None for v in cells):
            miss = tuple(f"{label}/{TABLE4_COLUMNS[i]}" for i, v in enumerate(cells) if v is None)
            unchecked.append(Unchecked("四", RULE_TABLE4, label, miss))
            continue
        expected = sum(int(v or 0) for v in cells[:4])
        if expected != cells[4]:
            errors.append(CellError("四", key, f"{label}·总计", RULE_TABLE4, expected, int(cells[4] or 0)))
    return errors, unchecked


def check_carry_over(this_year: Sequence[int], last_year: Sequence[int]) -> list[CellError]:
    """This year's 二（上年结转） must equal last year's published 四（结转下年度）, column by column."""
    return [CellError("三", "二", col, RULE_CARRY, int(last_year[i]), int(this_year[i]))
            for i, col in enumerate(COLUMNS) if int(this_year[i]) != int(last_year[i])]


# --- Staff-typed figures ---------------------------------------------------------------------

def parse_count(value: object, label: str) -> int:
    """A count typed by staff: a non-negative whole number (full-width digits accepted)."""
    text = str(value if value is not None else "").strip().translate(FULLWIDTH)
    text = text.replace(",", "").replace("，", "")
    if not re.fullmatch(r"\d{1,12}", text):
        raise ValueError(f"“{label}”应为不小于 0 的整数，收到“{str(value)[:20]}”。")
    return int(text)


def parse_wan(value: object, label: str) -> str:
    """An amount in 万元 typed by staff: non-negative, at most four decimals (1 元)."""
    text = str(value if value is not None else "").strip().translate(FULLWIDTH).replace(",", "").replace("，", "")
    try:
        amount = Decimal(text)
    except InvalidOperation:
        amount = None
    exponent = amount.as_tuple().exponent if amount is not None else 0
    if amount is None or not amount.is_finite() or amount < 0 or not isinstance(exponent, int) or exponent < -4 \
            or amount > Decimal("1000000000"):
        raise ValueError(f"“{label}”应为不小于 0 的金额（万元，最多四位小数），收到“{str(value)[:20]}”。")
    return format_wan(amount)


FULLWIDTH = str.maketrans("０１２３４５６７８９．－", "0123456789.-")


# --- Table 二 from published items -----------------------------------------------------------

def document_class(genre: str, doc_no: str) -> str | None:
    """Which row of table 二 a published policy counts in, or None.

    - 规章 are promulgated by an order signed by the head of the government or department
      (《规章制定程序条例》第三十一条), so their 体裁 is 命令（令）.
    - 行政规范性文件 are registered and numbered on their own series (国办发〔2018〕37号
      “统一登记、统一编号、统一印发”), whose 文号 prefix carries 规 (e.g. 苏政规〔2021〕3号).
    Staff can override either count on the draft; the figure from the records stays beside it.
    """
    if genre == "命令（令）":
        return "rules"
    m = re.match(r"^\s*([^〔\[［(（]{1,12})[〔\[［(（]\s*\d{4}", doc_no or "")
    if m and "规" in m.group(1):
        return "normative"
    return None


def valid_at_year_end(*, issued_on: date | None, validity: str, changed_on: date | None, year: int) -> bool:
    """现行有效 at 31 December: issued by then and not repealed, expired or amended by then."""
    end = date(year, 12, 31)
    if issued_on is None or issued_on > end:
        return False
    if validity == "valid":
        return True
    return changed_on is not None and changed_on > end


# --- Deadlines (条例第四十九条) --------------------------------------------------------------

def report_due(kind: str, year: int) -> date:
    """The report on `year` is due 31 January (departments) or 31 March (governments) of year + 1."""
    return date(year + 1, 3, 31) if kind == "government" else date(year + 1, 1, 31)


def reminder_months(kind: str) -> tuple[int, ...]:
    """Months in which an office with an unpublished report is reminded: departments in January (due
    31 January) and again in March (late, and holding up their government's report); governments in
    March (due 31 March)."""
    return (3,) if kind == "government" else (1, 3)


# --- Statistics ------------------------------------------------------------------------------

def percentile(sorted_values: Sequence[float], q: float) -> float | None:
    """The q-th percentile (0–100) by linear interpolation between closest ranks (the common
    "inclusive" definition); None for no values."""
    if not 0 <= q <= 100:
        raise ValueError("百分位应在 0 到 100 之间。")
    n = len(sorted_values)
    if n == 0:
        return None
    pos = (n - 1) * q / 100
    lo = int(pos)
    hi = min(lo + 1, n - 1)
    frac = pos - lo
    return float(sorted_values[lo]) + (float(sorted_values[hi]) - float(sorted_values[lo])) * frac


def rate(part: int, whole: int) -> float | None:
    """A percentage, or None when there is nothing to divide."""
    return None if whole <= 0 else round(100.0 * part / whole, 1)


# --- Hand overrides --------------------------------------------------------------------------
# A cell is named "表|行|列": "三|三.一|0" (table 三, row 三.一, column 自然人), "四|reconsideration|1",
# "二|rules|issued". Derived cells (总计, 三（七）, table 四 总计) follow their parts unless they are
# themselves overridden, so an override that breaks an identity is caught by the checks.

def cell_key_error(key: str) -> str | None:
    parts = key.split("|")
    if len(parts) != 3:
        return "单元格名称无效。"
    table, row, col = parts
    if table == "三" and row in ROW_BY_ID and col.isdigit() and int(col) < 7:
        return None
    if table == "四" and row in dict(TABLE4_GROUPS) and col.isdigit() and int(col) < 5:
        return None
    if table == "二" and row in dict(TABLE2_DOC_ROWS) and col in dict(TABLE2_DOC_COLUMNS):
        return None
    return f"没有这个单元格：{key[:40]}。"


def cell_label(key: str) -> str:
    table, row, col = key.split("|")
    if table == "三":
        return f"表三“{row_label(row)}”行“{COLUMNS[int(col)]}”列"
    if table == "四":
        return f"表四“{dict(TABLE4_GROUPS)[row]}”“{TABLE4_COLUMNS[int(col)]}”"
    return f"表二“{dict(TABLE2_DOC_ROWS)[row]}”“{dict(TABLE2_DOC_COLUMNS)[col]}”"


def apply_overrides(figures: Mapping[str, object], overrides: Mapping[str, int]) -> dict[str, object]:
    """The figures with the overridden cells replaced and the derived cells recomputed."""
    import copy

    out = copy.deepcopy(dict(figures))
    t3 = out["table3"]
    t4 = out["table4"]
    t2 = out["table2"]
    assert isinstance(t3, dict) and isinstance(t4, dict) and isinstance(t2, dict)
    rows3: dict[str, list[int]] = t3["rows"]
    for key, value in overrides.items():
        table, row, col = key.split("|")
        if table == "三":
            rows3[row][int(col)] = int(value)
        elif table == "四":
            t4[row][int(col)] = int(value)
        else:
            t2[row][col] = int(value)
    fixed = set(overrides)
    for rid in ROW_IDS:
        if rid != "三.七" and f"三|{rid}|{TOTAL}" not in fixed:
            rows3[rid][TOTAL] = sum(rows3[rid][:TOTAL])
    for i in range(7):
        if f"三|三.七|{i}" not in fixed:
            rows3["三.七"][i] = sum(rows3[p][i] for p in RESULT_PARTS)
    for key, _ in TABLE4_GROUPS:
        if f"四|{key}|4" not in fixed:
            t4[key][4] = sum(t4[key][:4])
    return out


def cell_value(figures: Mapping[str, object], key: str) -> int:
    table, row, col = key.split("|")
    if table == "三":
        return int(figures["table3"]["rows"][row][int(col)])  # type: ignore[index]
    if table == "四":
        return int(figures["table4"][row][int(col)])  # type: ignore[index]
    return int(figures["table2"][row][col])  # type: ignore[index]
