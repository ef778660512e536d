"""Read a published 政府信息公开工作年度报告 as found on a government site (an HTML page, or its text
copied from a browser or a PDF) and check the arithmetic of its tables (rules.check_table3/4).

Layouts vary: merged header cells, one cell per line, "|" between cells, a whole row on one line,
full-width digits, the 2019 trial format (国办公开办函〔2019〕60号; （六）其他处理 without sub-rows) and
the 2021 format (国办公开办函〔2021〕30号). The reader works on a stream of cells: a row label is found
by its key words, then the cells after it up to the next label are that row's values. A row whose
number of cells does not match the columns, a blank cell or a cell that is not a number is never
guessed: it is reported by name ("unread") and the identities that need it are left unchecked.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from gongkai.reports import rules


class NotAReport(ValueError):
    """The input holds no table 三 of an annual report."""


# --- Cells -----------------------------------------------------------------------------------

BLANK = ""
BREAK = "\x00"  # end of a table row (HTML </tr>, a text line with several cells)
_FULLWIDTH = str.maketrans("０１２３４５６７８９，．（）｜　", "0123456789,.()| ")
_CJK = re.compile(r"[\u4e00-\u9fff]")
_NUMBER = re.compile(r"^\d{1,3}(?:,\d{3})+$|^\d+$")
_DECIMAL = re.compile(r"^\d+(?:\.\d+)?$")
_SYMBOLS = {"-", "—", "–", "－", "/", "／", "\\", "*", "×", "无", "空", "…", "?", "？", "——"}


def normalise(text: str) -> str:
    text = text.translate(_FULLWIDTH).replace("\xa0", " ").replace("&nbsp;", " ")
    return re.sub(r"[ \t\r\f\v]+", " ", text).strip()


def html_cells(html: str) -> tuple[list[str], str]:
    """The cells of every table row in document order (BREAK after each row), paragraphs outside tables
    as single cells; and the page's title."""
    import importlib

    lxml_html = importlib.import_module("lxml.html")  # no type stubs are installed for lxml
    lxml_etree = importlib.import_module("lxml.etree")
    try:
        root = lxml_html.fromstring(html)
    except (ValueError, lxml_etree.ParserError) as exc:
        raise NotAReport("无法解析该 HTML 文件。") from exc
    for bad in root.xpath("//script|//style|//noscript"):
        bad.drop_tree()
    title = normalise(" ".join(root.xpath("//title//text()")))
    cells: list[str] = []

    def walk(node: Any) -> None:
        tag = node.tag if isinstance(node.tag, str) else ""
        if tag == "tr":
            for cell in node:
                if isinstance(cell.tag, str) and cell.tag in ("td", "th"):
                    cells.append(normalise(" ".join(cell.itertext())))
            cells.append(BREAK)
            return
        if tag in ("p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "div", "span", "title") and not node.xpath(
                ".//table|.//p|.//div|.//tr"):
            text = normalise(" ".join(node.itertext()))
            if text:
                cells.extend(text_cells(text))
            return
        if node.text and node.text.strip() and tag not in ("table", "tbody", "thead"):
            cells.extend(text_cells(normalise(node.text)))
        for child in node:
            walk(child)
            if child.tail and child.tail.strip():
                cells.extend(text_cells(normalise(child.tail)))

    walk(root)
    return cells, title


def _split_line(line: str) -> list[str]:
    """One line of copied text into cells: "|" or tabs separate cells (empty ones are blank cells);
    otherwise spaces do, with words of a label kept together."""
    if "|" in line:
        parts = line.split("|")
        if parts and not parts[0].strip():
            parts = parts[1:]
        if parts and not parts[-1].strip():
            parts = parts[:-1]
        if all(re.fullmatch(r"\s*:?-{2,}:?\s*", p) for p in parts if p.strip()) and parts:
            return []  # a markdown rule line
        return [normalise(p) for p in parts]
    if "\t" in line:
        return [normalise(p) for p in line.split("\t")]
    cells: list[str] = []
    for word in normalise(line).split(" "):
        if not word:
            continue
        if cells and not is_value(word) and not is_value(cells[-1]) and not _is_label_start(word):
            cells[-1] += word  # a label broken by spaces ("1. 属于国家秘密", "结 果 维 持")
        else:
            cells.append(word)
    return cells


def _is_label_start(word: str) -> bool:
    return bool(re.match(r"^(?:[一二三四五六七八九十]+、|[（(][一二三四五六七][）)]|\d+[.．、])", word))


def text_cells(text: str) -> list[str]:
    """Copied text into cells. Two "|" conventions exist: cells ending in "|" (then a bare "|" line is an
    empty cell), and "|" lines between cells (then a bare "|" is only a separator)."""
    lines = text.splitlines()
    trailing = sum(1 for line in lines if re.search(r"[^|\s]\s*\|\s*$", line)) >= 5
    cells: list[str] = []
    for line in lines:
        bare = line.strip()
        if bare and re.fullmatch(r"\|+", bare):
            if trailing:
                cells.extend([BLANK] * len(bare))
            continue
        parts = _split_line(line)
        if not parts:
            continue
        cells.extend(parts)
        if len(parts) > 1:
            cells.append(BREAK)
    return cells


def is_value(cell: str) -> bool:
    c = cell.replace(" ", "")
    return c == BLANK or bool(_NUMBER.match(c)) or bool(_DECIMAL.match(c)) or c in _SYMBOLS or \
        bool(re.fullmatch(r"\d+(?:\.\d+)?(?:件|个|条|万元|元)", c))


def read_int(cell: str) -> int | None:
    c = cell.replace(" ", "").replace(",", "")
    c = re.sub(r"(?:件|个|条)$", "", c)
    return int(c) if c.isdigit() else None


def read_amount(cell: str) -> float | int | None:
    c = cell.replace(" ", "").replace(",", "")
    c = re.sub(r"(?:万元|元)$", "", c)
    try:
        d = Decimal(c)
    except InvalidOperation:
        return None
    if not d.is_finite() or d < 0:
        return None
    return int(d) if d == d.to_integral_value() else float(d)


# --- Row labels ------------------------------------------------------------------------------

ROW_PATTERNS: list[tuple[str, str]] = [
    ("一", r"本年新收"),
    ("二", r"上年结转"),
    ("三.一", r"予以公开"),
    ("三.二", r"部分公开"),
    ("三.三.1", r"国家秘密"),
    ("三.三.2", r"法律行政法规禁止|法律、行政法规禁止"),
    ("三.三.3", r"三安全一稳定"),
    ("三.三.4", r"第三方合法权益"),
    ("三.三.5", r"内部事务"),
    ("三.三.6", r"过程性信息"),
    ("三.三.7", r"行政执法案卷"),
    ("三.三.8", r"行政查询"),
    ("三.四.1", r"不掌握"),
    ("三.四.2", r"另行制作"),
    ("三.四.3", r"仍不明确"),
    ("三.五.1", r"信访|举报投诉"),
    ("三.五.2", r"重复申请"),
    ("三.五.3", r"公开出版物"),
    ("三.五.4", r"大量反复"),
    ("三.五.5", r"确认或重新出具|重新出具"),
    ("三.六.1", r"逾期不补正|不补正"),
    ("三.六.2", r"收费通知|缴纳费用"),
    ("三.六.3", r"(?:^|[^\d])3[.、．]\s*其他$|^其他$"),
    ("三.七", r"总计"),
    ("四", r"结转下年度|结转下一年度"),
]
_OTHER_GROUP = re.compile(r"^[（(]?六?[）)]?、?其他处理$")


@dataclass
class Table3:
    rows: dict[str, list[int | None] | None]
    fmt: str | None
    unread: list[dict[str, Any]] = field(default_factory=list)
    blanks: int = 0


@dataclass
class Result:
    org: str | None
    year: int | None
    fmt: str | None
    table3: Table3
    table2: dict[str, list[Any]] | None
    table4: dict[str, list[int | None]] | None
    errors: list[rules.CellError]
    unchecked: list[rules.Unchecked]
    unread: list[dict[str, Any]]

    @property
    def complete(self) -> bool:
        return not self.unread

    @property
    def ok(self) -> bool:
        return self.complete and not self.errors

    def as_dict(self) -> dict[str, Any]:
        rows: dict[str, Any] = {rid: self.table3.rows.get(rid) for rid in rules.ROW_IDS}
        if self.fmt == "2019":
            rows["三.六"] = self.table3.rows.get("三.六")
        return {
            "org": self.org, "year": self.year, "format": self.fmt,
            "table3": {"columns": list(rules.COLUMNS), "rows": rows},
            "table2": self.table2,
            "table4": None if self.table4 is None else {"columns": list(rules.TABLE4_COLUMNS), "rows": self.table4},
            "errors": [e.as_dict() for e in self.errors],
            "unread": self.unread,
            "unchecked": [u.as_dict() for u in self.unchecked],
            "complete": self.complete,
            "ok": self.ok,
        }


def _label(cell: str) -> bool:
    return cell not in (BLANK, BREAK) and not is_value(cell)


def _header_columns(cells: list[str], start: int, stop: int) -> list[int]:
    """Which of the seven columns the table's header names (all seven when no header is in sight)."""
    names = [c.replace(" ", "") for c in cells[start:stop] if c not in (BLANK, BREAK)]
    joined = "".join(names)  # header words are often broken across cells or lines ("自/然/人", "商业/企业")
    if "自然人" not in joined and "商业" not in joined:
        return list(range(7))
    joined = joined.replace("法人或其他组织", "|").replace("其他组织", "|")
    fragments = ("自然人", "商业", "科研", "公益", "法律服务", "其他", "总计")
    present = [i for i, frag in enumerate(fragments) if frag in joined or (frag == "总计" and "合计" in joined)]
    return present


def _known_label(cell: str) -> bool:
    c = cell.replace(" ", "")
    return any(re.search(p, c) for _rid, p in ROW_PATTERNS) or bool(re.match(r"^(?:[一二三四五六七]、|[（(][一二三四五六七][）)])", c))


def _values_after(cells: list[str], i: int) -> tuple[list[str], int]:
    """The value cells after the label at `i`, up to the next label (or the end of an HTML row). A label
    wrapped onto the next line of a PDF copy ("…其政府信息" / "公开申请 0 0 …") is read through."""
    values: list[str] = []
    j = i + 1
    while j < len(cells):
        c = cells[j]
        if c == BREAK:
            if values:
                break
            j += 1
            continue
        if _label(c):
            if not values and not _known_label(c) and len(c) <= 12:
                j += 1
                continue
            break
        values.append(c)
        j += 1
    return values, j


def parse_table3(cells: list[str]) -> Table3:
    start = next((i for i, c in enumerate(cells) if _label(c) and re.search(ROW_PATTERNS[0][1], c)), None)
    if start is None:
        start = next((i for i, c in enumerate(cells) if _label(c) and re.search(ROW_PATTERNS[1][1], c)), None)
        if start is None:
            raise NotAReport("没有找到表三“收到和处理政府信息公开申请情况”（“本年新收政府信息公开申请数量”一行）。")
    heading = max((i for i, c in enumerate(cells[:start]) if "收到和处理" in c or "申请人情况" in c), default=max(0, start - 40))
    columns = _header_columns(cells, heading, start)
    table = Table3(rows={}, fmt=None)
    if len(columns) < 7:
        missing = [rules.COLUMNS[i] for i in range(7) if i not in columns]
        table.unread.append({"table": "三", "row": None, "column": "、".join(missing), "reason": "表头缺少该列"})
    pos = start
    fmt: str | None = None
    for rid, pattern in ROW_PATTERNS:
        if rid.startswith("三.六.") and fmt == "2019":
            table.rows[rid] = None
            continue
        if rid == "三.六.1":
            # 2019: "（六）其他处理" followed by numbers; 2021: followed by the sub-row "1.申请人…逾期不补正"
            k = next((k for k in range(pos, min(len(cells), pos + 30)) if _label(cells[k])
                      and _OTHER_GROUP.search(cells[k].replace(" ", ""))), None)
            if k is not None:
                vals, _end = _values_after(cells, k)
                if len(vals) >= 3:
                    fmt = "2019"
                    table.rows["三.六"] = _read_row(table, "三.六", vals, columns)
                    pos = _end
                    table.rows[rid] = None
                    continue
        found = None
        for k in range(pos, min(len(cells), pos + 60)):
            c = cells[k]
            if not _label(c):
                continue
            if rid == "三.一" and "部分" in c:
                continue
            if rid == "三.七" and "结转" in c:
                continue
            if re.search(pattern, c.replace(" ", "")):
                found = k
                break
        if found is None:
            table.rows[rid] = None
            table.unread.append({"table": "三", "row": rid, "column": None, "reason": f"没有找到“{rules.row_label(rid)}”一行"})
            continue
        if rid in ("三.六.1", "三.六.2"):
            fmt = "2021"
        vals, end = _values_after(cells, found)
        table.rows[rid] = _read_row(table, rid, vals, columns)
        pos = end if vals else found + 1
    table.fmt = fmt
    return table


def _read_row(table: Table3, rid: str, vals: list[str], columns: list[int]) -> list[int | None] | None:
    while len(vals) > len(columns) and vals[-1] == BLANK:
        vals = vals[:-1]  # empty cells left over from merged columns at the end of a row
    if len(vals) != len(columns):
        table.unread.append({"table": "三", "row": rid, "column": None,
                             "reason": f"该行读到 {len(vals)} 个单元格，应为 {len(columns)} 个（可能有空白或合并的单元格），未计算"})
        return [None] * 7
    row: list[int | None] = [None] * 7
    for col, cell in zip(columns, vals, strict=True):
        value = read_int(cell)
        if value is None:
            if cell.strip() == BLANK:
                table.blanks += 1
                reason = "空白单元格（不按 0 计算）"
            else:
                reason = f"无法读取“{cell[:10]}”"
            table.unread.append({"table": "三", "row": rid, "column": rules.COLUMNS[col], "reason": reason})
        row[col] = value
    return row


# --- Tables 二 and 四 -------------------------------------------------------------------------

TABLE2_PATTERNS = [("规章", r"^规章$"), ("行政规范性文件", r"^(?:行政)?规范性文件$"), ("行政许可", r"^行政许可$"),
                   ("其他对外管理服务事项", r"^其他对外管理服务事项$"), ("行政处罚", r"^行政处罚$"),
                   ("行政强制", r"^行政强制$"), ("行政事业性收费", r"^行政事业性收费$"), ("政府集中采购", r"^政府集中采购$")]


def parse_table2(cells: list[str], stop: int) -> dict[str, list[Any]] | None:
    """Table 二 as label → the values read (2021: 3 for 规章/规范性文件, 1 for the others; the 2019 trial
    format has other columns), or None when absent."""
    begin = next((i for i, c in enumerate(cells[:stop]) if "第二十条" in c or "主动公开政府信息情况" in c), None)
    if begin is None:
        return None
    found: dict[str, list[Any]] = {}
    pos = begin
    for name, pattern in TABLE2_PATTERNS:
        k = next((k for k in range(pos, stop) if _label(cells[k]) and re.search(pattern, cells[k].replace(" ", ""))),
                 None)
        if k is None:
            continue
        vals, end = _values_after(cells, k)
        found[name] = [read_amount(v) if name in ("行政事业性收费", "政府集中采购") else read_int(v) for v in vals]
        pos = end
    return found or None


def parse_table4(cells: list[str], start: int) -> tuple[dict[str, list[int | None]] | None, list[dict[str, Any]]]:
    """The 15 cells of table 四 (行政复议, 未经复议直接起诉, 复议后起诉 × 维持/纠正/其他/尚未审结/总计)."""
    k = next((k for k in range(start, len(cells)) if "复议后起诉" in cells[k]), None)
    if k is None:  # header flattened away: start after the section heading
        k = next((k for k in range(start, len(cells)) if "行政复议" in cells[k] and "行政诉讼" in cells[k]), None)
    if k is None:
        return None, []
    values = _table4_row(cells, k + 1) or _table4_stream(cells, k + 1)
    unread: list[dict[str, Any]] = []
    if len(values) != 15:
        unread.append({"table": "四", "row": None, "column": None,
                       "reason": f"表四读到 {len(values)} 个单元格，应为 15 个，未计算"})
        return {key: [None] * 5 for key, _ in rules.TABLE4_GROUPS}, unread
    groups: dict[str, list[int | None]] = {}
    for g, (key, label) in enumerate(rules.TABLE4_GROUPS):
        row: list[int | None] = []
        for c in range(5):
            cell = values[g * 5 + c]
            value = read_int(cell)
            if value is None:
                unread.append({"table": "四", "row": key, "column": f"{label}·{rules.TABLE4_COLUMNS[c]}",
                               "reason": "空白单元格（不按 0 计算）" if cell == BLANK else f"无法读取“{cell[:10]}”"})
            row.append(value)
        groups[key] = row
    return groups, unread


def _table4_row(cells: list[str], j: int) -> list[str] | None:
    """In a table with rows (HTML), the first row after the header made only of value cells."""
    if BREAK not in cells[j:j + 60]:
        return None
    row: list[str] = []
    for c in cells[j:j + 120]:
        if c == BREAK:
            if len(row) >= 10 and all(is_value(v) for v in row) and any(v != BLANK for v in row):
                return row
            row = []
            continue
        if _label(c) and re.match(r"^[五六]、", c):
            return None
        row.append(c)
    return None


def _table4_stream(cells: list[str], j: int) -> list[str]:
    """In copied text: the value cells after the header words."""
    while j < len(cells) and (cells[j] == BREAK or cells[j] == BLANK or _label(cells[j])):
        if _label(cells[j]) and re.match(r"^[五六]、", cells[j]):
            return []
        j += 1
    values: list[str] = []
    while j < len(cells) and len(values) < 15:
        if cells[j] != BREAK:
            if _label(cells[j]):
                break
            values.append(cells[j])
        j += 1
    return values


# --- The whole report ------------------------------------------------------------------------

_TITLE = [
    re.compile(r"([\u4e00-\u9fff（）()·]{2,40}?)\s*(\d{4})\s*年\s*度?\s*政府信息公开(?:工作)?(?:年度)?(?:工作)?报告"),
    re.compile(r"(\d{4})\s*年\s*度?\s*([\u4e00-\u9fff（）()·]{2,40}?)\s*政府信息公开(?:工作)?(?:年度)?(?:工作)?报告"),
]


def find_org_year(text: str) -> tuple[str | None, int | None]:
    """The organisation and year from the report's title (the earliest "…2021年…政府信息公开工作年度报告")."""
    head = text[:3000]
    found = []
    for k, pattern in enumerate(_TITLE):
        for m in pattern.finditer(head):
            org, year = (m.group(1), m.group(2)) if k == 0 else (m.group(2), m.group(1))
            org = re.sub(r"^.*(?:公布|发布|关于|现将|《|本)", "", org).strip("《》 ")
            if 2008 <= int(year) <= 2100:
                found.append((m.start(), org or None, int(year)))
                break
    if not found:
        return None, None
    _pos, org, year = min(found)
    return org, year


def decode(data: bytes) -> str:
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise NotAReport("无法识别文件编码（应为 UTF-8 或 GB18030 文本）。")


def check_text(raw: str) -> Result:
    """Parse and check one report (HTML or text). Raises NotAReport when there is no table 三."""
    if "\x00" in raw:
        raise NotAReport("文件不是文本或 HTML。")
    is_html = bool(re.search(r"<\s*(?:table|tr|td|html|body|p)\b", raw, re.I))
    if is_html:
        cells, title = html_cells(raw)
    else:
        cells, title = text_cells(raw), ""
    table3 = parse_table3(cells)
    start3 = next(i for i, c in enumerate(cells) if _label(c) and (re.search(r"本年新收|上年结转", c)))
    table2 = parse_table2(cells, start3)
    end3 = next((i for i in range(len(cells) - 1, -1, -1) if _label(cells[i]) and re.search(r"结转下年度|结转下一年度",
                                                                                           cells[i])), start3)
    table4, unread4 = parse_table4(cells, end3)
    plain = " ".join(c for c in cells if c not in (BLANK, BREAK))
    org, year = find_org_year((title + " " + plain) if title else plain)
    fmt = table3.fmt
    if fmt is None:
        joined = "".join(c for c in cells if c not in (BLANK, BREAK)).replace(" ", "")
        fmt = "2021" if "本年制发件数" in joined else ("2019" if "本年新制作数量" in joined else None)
    rows = dict(table3.rows.items())
    errors, unchecked = rules.check_table3(rows, fmt=fmt or "2021")
    if table4 is not None:
        e4, u4 = rules.check_table4(table4)
        errors += e4
        unchecked += u4
    return Result(org, year, fmt, table3, table2, table4, errors, unchecked, table3.unread + unread4)


def check_file(path: str) -> Result:
    try:
        with open(path, "rb") as f:
            data = f.read(20_000_000)
    except OSError as exc:
        raise NotAReport(f"无法读取文件：{exc.strerror}。") from exc
    if not data.strip():
        raise NotAReport("文件为空。")
    return check_text(decode(data))


def summary(result: Result) -> str:
    """The result in words, naming each cell that does not add up or could not be read."""
    lines = [f"机关：{result.org or '未识别'}　年度：{result.year or '未识别'}　格式：{result.fmt or '未识别'}"]
    read = sum(1 for v in result.table3.rows.values() if v is not None and any(x is not None for x in v))
    lines.append(f"表三：读取 {read} 行。" + ("全部单元格已读取。" if result.complete else ""))
    missing = [u["row"] for u in result.unread if u["reason"].startswith("没有找到")]
    for u in result.unread:
        if u["reason"].startswith("没有找到") and len(missing) > 3:
            continue
        where = f"表{u['table']}" + (f"“{rules.row_label(u['row'])}”" if u.get("row") and u["table"] == "三" else "") + \
            (f"“{u['column']}”" if u.get("column") else "")
        lines.append(f"未能读取：{where}：{u['reason']}")
    if len(missing) > 3:
        lines.append(f"未能读取：表三自“{rules.row_label(missing[0])}”起的 {len(missing)} 行没有找到（文件可能在此截断）。")
    for e in result.errors:
        lines.append(f"不符：{e.message}")
    if result.unchecked:
        lines.append(f"因单元格未读取而未核对的等式：{len(result.unchecked)} 个。")
    lines.append("结论：" + ("各项勾稽关系均相符。" if result.ok else
                           ("存在不相符的数字。" if result.errors else "已读取部分均相符，但有单元格未能读取。")))
    return "\n".join(lines)
