"""The 台账 spreadsheet: 序号 | 任务 | 牵头单位 | 配合单位 | 完成时限 | 进展情况 | 完成状态.

Offices keep their ledgers in this layout today; we export it (XLSX, a title row above the header) and
read it back (XLSX or CSV, UTF-8 or GBK/GB18030). Reading is strict where a silent guess would corrupt
the ledger: the header must be these seven columns, merged cells in the table are refused (a merged
"牵头单位" spanning rows would put one unit on several tasks without saying so), and every row's
problems are reported with its row number.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from gongkai.core.exceptions import DomainError

HEADERS = ["序号", "任务", "牵头单位", "配合单位", "完成时限", "进展情况", "完成状态"]
MAX_ROWS = 2000
MAX_BYTES = 5 * 1024 * 1024


class SheetError(DomainError):
    """The file as a whole cannot be read as a 台账 (wrong columns, merged cells, not XLSX/CSV)."""

    def __init__(self, message: str) -> None:
        super().__init__(message, code="bad_sheet")


@dataclass
class SheetRow:
    row: int  # the spreadsheet's own row number, as a person sees it
    values: dict[str, Any] = field(default_factory=dict)


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _find_header(rows: list[list[Any]], headers: list[str]) -> int:
    """Index of the header row among the first five (a title row may sit above it)."""
    for i, row in enumerate(rows[:5]):
        cells = [re.sub(r"\s+", "", _cell_text(c)) for c in row]
        while cells and not cells[-1]:
            cells.pop()
        if cells == headers:
            return i
    found = next((row for row in rows[:5] if any(_cell_text(c) for c in row)), [])
    shown = "、".join(_cell_text(c) or "（空）" for c in found[:10])
    raise SheetError(f"表头不符合格式：应为“{'、'.join(headers)}”共 {len(headers)} 列，实际为“{shown}”。请使用导出的表格填写。")


def read_xlsx(content: bytes, headers: list[str]) -> list[SheetRow]:
    from openpyxl import load_workbook

    from gongkai.core.safefiles import UnsafeFileError, check_office_file

    try:
        check_office_file(content, "XLSX")  # rows, merged cells and inflated size bounded before openpyxl
    except UnsafeFileError as exc:
        raise SheetError(str(exc)) from exc
    try:
        book = load_workbook(io.BytesIO(content), data_only=True)
    except Exception as exc:
        raise SheetError("无法读取 XLSX 文件：文件已损坏或不是 Excel 工作簿。") from exc
    sheet = book.worksheets[0]
    if sheet.max_row > MAX_ROWS + 5:
        raise SheetError(f"表格行数过多（{sheet.max_row} 行，上限 {MAX_ROWS} 行）。")
    rows = [list(r) for r in sheet.iter_rows(values_only=True)]
    header = _find_header(rows, headers)
    header_row = header + 1  # 1-based, as Excel numbers rows
    merged = [m for m in sheet.merged_cells.ranges if m.max_row >= header_row]
    if merged:
        where = "、".join(str(m.coord) for m in merged[:5])
        raise SheetError(f"表格中有合并单元格（{where}）：合并后只有第一行有值，其余行会被误读。请取消合并、每行填写完整后再导入。")
    return _rows(rows, header, headers)


def read_csv(content: bytes, headers: list[str]) -> list[SheetRow]:
    from gongkai.publishing.importer import ImportFileError, decode

    try:
        text = decode(content)
    except ImportFileError as exc:
        raise SheetError(f"无法读取 CSV 文件：{exc}") from exc
    from gongkai.core.safefiles import UnsafeFileError, csv_rows

    try:
        rows = [list(r) for r in csv_rows(text)]
    except UnsafeFileError as exc:
        raise SheetError(str(exc)) from exc
    if len(rows) > MAX_ROWS + 5:
        raise SheetError(f"表格行数过多（{len(rows)} 行，上限 {MAX_ROWS} 行）。")
    return _rows(rows, _find_header(rows, headers), headers)


def _rows(rows: list[list[Any]], header: int, headers: list[str]) -> list[SheetRow]:
    result = []
    for offset, row in enumerate(rows[header + 1:], start=header + 2):
        cells = [*row, *[None] * len(headers)][:len(headers)]
        if not any(_cell_text(c) for c in cells):
            continue
        extra = [c for c in row[len(headers):] if _cell_text(c)]
        values = dict(zip(headers, cells, strict=True))
        if extra:
            values["__extra__"] = extra
        result.append(SheetRow(row=offset, values=values))
    return result


def read_sheet(name: str, content: bytes, headers: list[str] | None = None) -> list[SheetRow]:
    """Rows of an uploaded table (the 台账 layout unless `headers` says otherwise), by content:
    XLSX (a zip) or CSV text."""
    headers = headers or HEADERS
    if not content:
        raise SheetError("上传的文件为空。")
    if len(content) > MAX_BYTES:
        raise SheetError(f"文件过大（上限 {MAX_BYTES // 1024 // 1024} MB）。")
    if content[:4] == b"PK\x03\x04":
        return read_xlsx(content, headers)
    if content[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        raise SheetError("这是旧版 Excel（.xls）文件，请另存为 .xlsx 或 CSV 后导入。")
    if name.lower().endswith((".xlsx", ".xls")):
        raise SheetError("文件扩展名是 Excel，但内容不是 XLSX 工作簿。")
    return read_csv(content, headers)


# --- cells → values ---------------------------------------------------------------------------

_CONTINUOUS_WORDS = {"长期", "长期坚持", "持续", "持续推进", "常态化", "长期推进"}


def parse_due(value: Any, year: int) -> tuple[date | None, bool]:
    """完成时限 cell → (date, continuous). Accepts an Excel date, 2021-12-31, 2021/12/31,
    2021年12月31日, a deadline phrase (2021年底前, 10月底前, 上半年) or 长期/持续. Raises ValueError."""
    from gongkai.ledger.rules import find_deadline

    if isinstance(value, datetime):
        return value.date(), False
    if isinstance(value, date):
        return value, False
    text = _cell_text(value).replace(" ", "")
    if not text:
        return None, False
    if text in _CONTINUOUS_WORDS:
        return None, True
    m = re.fullmatch(r"(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?", text)
    if m:
        return date(int(m.group(1)), int(m.group(2)), int(m.group(3))), False
    deadline = find_deadline(text, year)
    if deadline.due is not None:
        return deadline.due, False
    raise ValueError(f"完成时限“{text}”无法识别（可写 2021-12-31、2021年底前、10月底前、上半年或长期坚持）")


def export_xlsx(title: str, rows: list[dict[str, Any]]) -> bytes:
    """The 台账 as an XLSX: a title row, the seven-column header, one row per task."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, Side

    book = Workbook()
    sheet = book.active
    sheet.title = "工作台账"
    sheet.append([title])
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(HEADERS))
    sheet["A1"].font = Font(bold=True, size=14)
    sheet["A1"].alignment = Alignment(horizontal="center")
    sheet.append(HEADERS)
    thin = Side(style="thin", color="999999")
    for cell in sheet[2]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(horizontal="center", vertical="center")
    for row in rows:
        sheet.append([row["number"], _safe(row["text"]), _safe(row["lead_unit"]), _safe(row["co_units"]),
                      row["deadline_label"], _safe(row["progress"]), row["status_label"]])
    for line in sheet.iter_rows(min_row=2):
        for cell in line:
            cell.border = Border(top=thin, bottom=thin, left=thin, right=thin)
            if cell.row > 2:
                cell.alignment = Alignment(wrap_text=True, vertical="top")
    for letter, width in zip("ABCDEFG", (6, 60, 18, 24, 14, 40, 12), strict=True):
        sheet.column_dimensions[letter].width = width
    sheet.freeze_panes = "A3"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _safe(text: str) -> str:
    """A cell starting with = + - @ would run as a formula in Excel (CSV/formula injection)."""
    text = text or ""
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text
