"""The report in the official layout (国办公开办函〔2021〕30号 tables with their merged header cells) as
JSON, HTML, DOCX (python-docx) and PDF (WeasyPrint), and the statistics as XLSX.

Fonts: GB/T 9704 asks for 仿宋/黑体/小标宋, which Debian does not ship; the HTML/PDF use Noto Serif CJK
SC (body, title) and Noto Sans CJK SC (headings) from fonts-noto-cjk, and the DOCX names 仿宋_GB2312 /
黑体 / 方正小标宋简体 so that Word on an office PC uses the official fonts (decision 0603).
"""

from __future__ import annotations

import io
from typing import Any

from django.template.loader import render_to_string
from django.utils import timezone

from gongkai.reports import rules
from gongkai.reports.selectors import ReportView

GROUP_SPANS = {"（三）不予公开": 8, "（四）无法提供": 3, "（五）不予处理": 5, "（六）其他处理": 3}


def as_json(view: ReportView) -> dict[str, Any]:
    """The `annual_report --json` contract: org, year, table2, table3 (columns, rows), table4, checks."""
    report = view.report
    figures = view.figures
    return {
        "org": report.organisation.credit_code,
        "organisation": report.organisation.name,
        "year": report.year,
        "status": report.status,
        "table2": figures["table2"],
        "table3": {"columns": list(rules.COLUMNS), "rows": figures["table3"]["rows"]},
        "table4": {"columns": list(rules.TABLE4_COLUMNS), "rows": figures["table4"]},
        "checks": [c.as_dict() for c in view.checks],
        "overrides": view.overridden,
    }


def table3_rows(view: ReportView) -> list[dict[str, Any]]:
    """Table 三 as the official layout's rows: label cells with their spans, then the seven figures
    (each with the figure from the records when overridden)."""
    rows3 = view.figures["table3"]["rows"]
    record3 = view.record["table3"]["rows"]
    out: list[dict[str, Any]] = []
    seen_groups: set[str] = set()
    for row in rules.TABLE3_ROWS:
        cells = [{"value": rows3[row.id][i], "record": record3[row.id][i],
                  "overridden": f"三|{row.id}|{i}" in view.report.overrides} for i in range(7)]
        entry: dict[str, Any] = {"id": row.id, "cells": cells, "label": row.label, "group": "", "group_span": 0,
                                 "result_span": 0, "label_span": 1}
        if row.id in ("一", "二", "四"):
            entry["label_span"] = 3
        else:
            if row.id == "三.一":
                entry["result_span"] = 22
            if row.group:
                if row.group not in seen_groups:
                    seen_groups.add(row.group)
                    entry["group"] = row.group
                    entry["group_span"] = GROUP_SPANS[row.group]
            else:
                entry["label_span"] = 2
        out.append(entry)
    return out


def table4_cells(view: ReportView) -> list[int]:
    t4 = view.figures["table4"]
    return [v for key, _ in rules.TABLE4_GROUPS for v in t4[key]]


def context(view: ReportView) -> dict[str, Any]:
    report = view.report
    when = report.published_at or timezone.now()
    return {
        "view": view, "report": report, "t2": view.figures["table2"], "t3": table3_rows(view),
        "t4": table4_cells(view), "kind_columns": rules.COLUMNS[1:6],
        "table4_columns": rules.TABLE4_COLUMNS,
        "sign_date": f"{timezone.localtime(when):%Y年%-m月%-d日}",
        "draft": not report.is_published, "preface": preface(view), "mark_overrides": False,
        "sections": [(label, getattr(report, name)) for name, label in
                     (("section1", "一、总体情况"), ("section5", "五、存在的主要问题及改进情况"),
                      ("section6", "六、其他需要报告的事项"))],
    }


def render_html(view: ReportView) -> str:
    """A standalone HTML document (also the PDF's source)."""
    return render_to_string("reports/document_standalone.html", context(view))


def render_pdf(view: ReportView) -> bytes:
    from weasyprint import HTML

    return bytes(HTML(string=render_html(view)).write_pdf())


# --- DOCX ------------------------------------------------------------------------------------

def _font(run: Any, east_asia: str, size: float, bold: bool = False) -> None:
    from docx.oxml.ns import qn
    from docx.shared import Pt

    run.font.size = Pt(size)
    run.font.bold = bold
    run.font.name = "Times New Roman"
    rpr = run._element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = rpr.makeelement(qn("w:rFonts"), {})
        rpr.append(fonts)
    fonts.set(qn("w:eastAsia"), east_asia)


def _para(doc: Any, text: str, *, font: str = "仿宋_GB2312", size: float = 16, bold: bool = False,
          align: str = "justify", indent: bool = True) -> Any:
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    p = doc.add_paragraph()
    p.alignment = {"center": WD_ALIGN_PARAGRAPH.CENTER, "right": WD_ALIGN_PARAGRAPH.RIGHT,
                   "justify": WD_ALIGN_PARAGRAPH.JUSTIFY}[align]
    p.paragraph_format.line_spacing = Pt(28)  # 22 lines on the 225 mm 版心
    p.paragraph_format.space_after = Pt(0)
    if indent:
        p.paragraph_format.first_line_indent = Pt(size * 2)
    _font(p.add_run(text), font, size, bold)
    return p


class _Grid:
    """Cells written once and merged at the end: python-docx's table.cell() walks the whole table on each
    call, so looking cells up one by one makes a 28-row table take seconds."""

    def __init__(self, doc: Any, rows: int, cols: int) -> None:
        self.table = doc.add_table(rows=rows, cols=cols)
        self.table.style = "Table Grid"
        flat = self.table._cells
        self.grid = [flat[r * cols:(r + 1) * cols] for r in range(rows)]
        self.merges: list[tuple[int, int, int, int]] = []

    def put(self, r: int, c: int, text: str, *, r2: int | None = None, c2: int | None = None,
            bold: bool = False) -> None:
        from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT
        from docx.enum.text import WD_ALIGN_PARAGRAPH

        cell = self.grid[r][c]
        cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
        p = cell.paragraphs[0]
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _font(p.add_run(text), "宋体", 10.5, bold)
        if r2 is not None or c2 is not None:
            self.merges.append((r, c, r if r2 is None else r2, c if c2 is None else c2))

    def merge(self) -> None:
        for r, c, r2, c2 in self.merges:
            self.grid[r][c].merge(self.grid[r2][c2])


def _page_number_footer(section: Any) -> None:
    """"— 1 —" centred below the 版心 (GB/T 9704: 4号 Arabic numerals between dashes)."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml.ns import qn

    p = section.footer.paragraphs[0]
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _font(p.add_run("— "), "宋体", 14)
    run = p.add_run()
    _font(run, "宋体", 14)
    for kind, text in (("begin", None), (None, "PAGE"), ("end", None)):
        if kind:
            el = run._element.makeelement(qn("w:fldChar"), {qn("w:fldCharType"): kind})
        else:
            el = run._element.makeelement(qn("w:instrText"), {qn("xml:space"): "preserve"})
            el.text = text
        run._element.append(el)
    _font(p.add_run(" —"), "宋体", 14)


def render_docx(view: ReportView) -> bytes:
    from docx import Document
    from docx.shared import Mm

    ctx = context(view)
    report = view.report
    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    _page_number_footer(section)
    _para(doc, report.title + ("（草稿）" if ctx["draft"] else ""), font="方正小标宋简体", size=22, align="center",
          indent=False)
    _para(doc, "", indent=False)
    _para(doc, preface(view))
    sections = ctx["sections"]
    _section(doc, *sections[0])

    _para(doc, "二、主动公开政府信息情况", font="黑体", indent=True)
    t2 = view.figures["table2"]
    table = _Grid(doc, 14, 4)
    _cell = table.put
    _cell(0, 0, "第二十条第（一）项", c2=3, bold=True)
    for c, text in enumerate(("信息内容", "本年制发件数", "本年废止件数", "现行有效件数")):
        _cell(1, c, text)
    for r, (key, label) in enumerate(rules.TABLE2_DOC_ROWS, start=2):
        _cell(r, 0, label)
        for c, (col, _lab) in enumerate(rules.TABLE2_DOC_COLUMNS, start=1):
            _cell(r, c, str(t2[key][col]))
    r = 4
    for article, names in (("第二十条第（五）项", [("licensing", "行政许可")]),
                           ("第二十条第（六）项", [("penalty", "行政处罚"), ("enforcement", "行政强制")]),
                           ("第二十条第（八）项", [("fees", "行政事业性收费")])):
        _cell(r, 0, article, c2=3, bold=True)
        _cell(r + 1, 0, "信息内容")
        _cell(r + 1, 1, "本年收费金额（单位：万元）" if names[0][0] == "fees" else "本年处理决定数量", c2=3)
        for k, (key, label) in enumerate(names):
            _cell(r + 2 + k, 0, label)
            _cell(r + 2 + k, 1, str(t2.get(key, 0)), c2=3)
        r += 2 + len(names)

    _para(doc, "三、收到和处理政府信息公开申请情况", font="黑体", indent=True)
    table.merge()
    table = _Grid(doc, 3 + len(rules.TABLE3_ROWS), 10)
    _cell = table.put
    _cell(0, 0, "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）", r2=2, c2=2)
    _cell(0, 3, "申请人情况", c2=9)
    _cell(1, 3, "自然人", r2=2)
    _cell(1, 4, "法人或其他组织", c2=8)
    _cell(1, 9, "总计", r2=2)
    for c, name in enumerate(rules.COLUMNS[1:6], start=4):
        _cell(2, c, name)
    for k, row in enumerate(ctx["t3"]):
        r = 3 + k
        if row["label_span"] == 3:
            _cell(r, 0, row["label"], c2=2)
        else:
            if row["result_span"]:
                _cell(r, 0, "三、本年度办理结果", r2=r + row["result_span"] - 1)
            if row["label_span"] == 2:
                _cell(r, 1, row["label"], c2=2)
            else:
                if row["group"]:
                    _cell(r, 1, row["group"], r2=r + row["group_span"] - 1)
                _cell(r, 2, row["label"])
        for i, cell in enumerate(row["cells"]):
            _cell(r, 3 + i, str(cell["value"]))

    _para(doc, "四、政府信息公开行政复议、行政诉讼情况", font="黑体", indent=True)
    table.merge()
    table = _Grid(doc, 4, 15)
    _cell = table.put
    _cell(0, 0, "行政复议", c2=4)
    _cell(0, 5, "行政诉讼", c2=14)
    for c, name in enumerate(rules.TABLE4_COLUMNS):
        _cell(1, c, name, r2=2)
    _cell(1, 5, "未经复议直接起诉", c2=9)
    _cell(1, 10, "复议后起诉", c2=14)
    for c in range(10):
        _cell(2, 5 + c, rules.TABLE4_COLUMNS[c % 5])
    for c, value in enumerate(ctx["t4"]):
        _cell(3, c, str(value))

    table.merge()
    for label, text in sections[1:]:
        _section(doc, label, text)
    _para(doc, "", indent=False)
    _para(doc, report.organisation.name, align="right", indent=False)
    _para(doc, ctx["sign_date"], align="right", indent=False)
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


def _section(doc: Any, label: str, text: str) -> None:
    _para(doc, label, font="黑体")
    for line in (text or "无。").splitlines():
        if line.strip():
            _para(doc, line.strip())


def preface(view: ReportView) -> str:
    year = view.report.year
    return (f"本报告依据《中华人民共和国政府信息公开条例》第四十九条、第五十条和《中华人民共和国政府信息公开工作年度报告格式》"
            f"（国办公开办函〔2021〕30号）编制，所列数据的统计期限为{year}年1月1日至{year}年12月31日。")
