"""The built-in DOCX template of the letters (docxtpl), in the layout of GB/T 9704-2012.

A4, 天头 37 mm, 订口 28 mm, 版心 156 × 225 mm with a line grid of 22 lines × 28 字 (w:docGrid); 3号 仿宋 for
the text, 2号 小标宋 for the title, 黑体 for "一、" headings, 楷体 for "（一）"; East-Asian fonts set in
w:eastAsia and the language zh-CN; page numbers "— 1 —" in 4号 宋体, outside right on odd pages and
outside left on even pages. The font names are those an office's Word has (仿宋, 方正小标宋简体, 黑体, 楷体,
宋体); the PDF uses Debian substitutes (docs/decisions/0400-letter-fonts.md).

Jinja fields use only the variables documented in letters.DOCUMENTED_VARIABLES.
"""

from __future__ import annotations

import io
from typing import Any

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, Twips

BODY_FONT = "仿宋"
TITLE_FONT = "方正小标宋简体"
H1_FONT = "黑体"
H2_FONT = "楷体"
NUMBER_FONT = "宋体"
LINE_TWIPS = 579  # 225 mm / 22 lines = 28.98 pt
CHAR_TWIPS = 316  # 156 mm / 28 字 = 15.79 pt
CHAR_SPACE = -849  # w:charSpace: (15.79 pt − 16 pt) × 4096, Word's unit for a 28-字 grid at 3号


def _fonts(rpr: Any, name: str) -> None:
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attr in list(fonts.attrib):
        del fonts.attrib[attr]
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attr), name)


def _lang(rpr: Any) -> None:
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    lang.set(qn("w:val"), "zh-CN")
    lang.set(qn("w:eastAsia"), "zh-CN")
    lang.set(qn("w:bidi"), "ar-SA")


def _run_font(run: object, name: str, size: float) -> None:
    run.font.size = Pt(size)  # type: ignore[attr-defined]
    _fonts(run._element.get_or_add_rPr(), name)  # type: ignore[attr-defined]


def _paragraph(doc: object, text: str, *, font: str = BODY_FONT, size: float = 16, indent: bool = True,
               align: int | None = None, keep_next: bool = False, right_indent: str = "",
               line_twips: int = LINE_TWIPS) -> object:
    p = doc.add_paragraph()  # type: ignore[attr-defined]
    fmt = p.paragraph_format
    fmt.space_before = Pt(0)
    fmt.space_after = Pt(0)
    fmt.line_spacing = Twips(line_twips)
    fmt.widow_control = True
    if indent:
        ind = OxmlElement("w:ind")
        ind.set(qn("w:firstLineChars"), "200")
        ind.set(qn("w:firstLine"), str(2 * CHAR_TWIPS))
        p._p.get_or_add_pPr().append(ind)
    if right_indent:
        ind = OxmlElement("w:ind")
        ind.set(qn("w:right"), right_indent)  # a Jinja field: the indent depends on the text's length
        p._p.get_or_add_pPr().append(ind)
    if align is not None:
        p.alignment = align
    if keep_next:
        fmt.keep_with_next = True
    if text:
        _run_font(p.add_run(text), font, size)
    return p


def _page_number_footer(footer: object, align: int, *, left: bool) -> None:
    p = footer.paragraphs[0]  # type: ignore[attr-defined]
    p.alignment = align
    ind = OxmlElement("w:ind")
    ind.set(qn("w:left" if left else "w:right"), str(CHAR_TWIPS))
    p._p.get_or_add_pPr().append(ind)
    _run_font(p.add_run("— "), NUMBER_FONT, 14)
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), " PAGE ")
    run = OxmlElement("w:r")
    rpr = OxmlElement("w:rPr")
    _fonts(rpr, NUMBER_FONT)
    size = OxmlElement("w:sz")
    size.set(qn("w:val"), "28")
    rpr.append(size)
    run.append(rpr)
    text = OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    field.append(run)
    p._p.append(field)
    _run_font(p.add_run(" —"), NUMBER_FONT, 14)


def build_default_template() -> bytes:
    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    section.header_distance = Mm(15)
    section.footer_distance = Mm(21)  # the number's 一字线 7 mm below the 版心 (GB/T 9704-2012 7.5)
    grid = section._sectPr.find(qn("w:docGrid"))
    if grid is None:
        grid = OxmlElement("w:docGrid")
        section._sectPr.append(grid)
    grid.set(qn("w:type"), "linesAndChars")
    grid.set(qn("w:linePitch"), str(LINE_TWIPS))
    grid.set(qn("w:charSpace"), str(CHAR_SPACE))

    # Defaults and Normal: 3号 仿宋, zh-CN, so text typed later in Word keeps the official face.
    styles = doc.styles.element
    defaults = styles.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    _fonts(defaults, BODY_FONT)
    _lang(defaults)
    normal = doc.styles["Normal"]
    normal.font.size = Pt(16)
    nrpr = normal.element.get_or_add_rPr()
    _fonts(nrpr, BODY_FONT)
    _lang(nrpr)
    doc.core_properties.language = "zh-CN"
    doc.core_properties.author = ""
    doc.core_properties.title = ""
    doc.core_properties.comments = ""

    doc.settings.odd_and_even_pages_header_footer = True
    _page_number_footer(section.footer, WD_ALIGN_PARAGRAPH.RIGHT, left=False)
    _page_number_footer(section.even_page_footer, WD_ALIGN_PARAGRAPH.LEFT, left=True)

    center, right = WD_ALIGN_PARAGRAPH.CENTER, WD_ALIGN_PARAGRAPH.RIGHT
    tag = _paragraph
    tag(doc, "{%p for line in title_lines %}", indent=False)
    tag(doc, "{{ line }}", font=TITLE_FONT, size=22, indent=False, align=center, line_twips=640)
    tag(doc, "{%p endfor %}", indent=False)
    tag(doc, "{{ letter_no }}", indent=False, align=right)
    tag(doc, "", indent=False)
    tag(doc, "{{ addressee }}", indent=False)
    tag(doc, "{%p for para in paragraphs %}", indent=False)
    tag(doc, "{%p if loop.last %}", indent=False)
    p = tag(doc, "{{ para.text }}", keep_next=True)  # the last lines stay with the signature
    p.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY  # type: ignore[attr-defined]
    tag(doc, '{%p elif para.style == "h1" %}', indent=False)
    tag(doc, "{{ para.text }}", font=H1_FONT, keep_next=True)
    tag(doc, '{%p elif para.style == "h2" %}', indent=False)
    tag(doc, "{{ para.text }}", font=H2_FONT, keep_next=True)
    tag(doc, '{%p elif para.style == "plain" %}', indent=False)
    tag(doc, "{{ para.text }}", indent=False)
    tag(doc, "{%p else %}", indent=False)
    p = tag(doc, "{{ para.text }}")
    p.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY  # type: ignore[attr-defined]
    tag(doc, "{%p endif %}", indent=False)
    tag(doc, "{%p endfor %}", indent=False)
    tag(doc, "{%p if attachments %}", indent=False)
    tag(doc, "", indent=False, keep_next=True)
    tag(doc, "{%p for line in attachments %}", indent=False)
    tag(doc, "{{ line }}", keep_next=True)
    tag(doc, "{%p endfor %}", indent=False)
    tag(doc, "{%p endif %}", indent=False)
    # Room for the seal: two lines above the name; the seal covers name and date (GB/T 9704-2012 7.3.5.1).
    tag(doc, "", indent=False, keep_next=True)
    tag(doc, "", indent=False, keep_next=True)
    tag(doc, "{{ signing_name }}", indent=False, align=right, keep_next=True, right_indent="{{ name_indent }}")
    tag(doc, "{{ issued_on }}", indent=False, align=right, keep_next=True, right_indent="{{ date_indent }}")
    tag(doc, "{%p if note %}", indent=False)
    tag(doc, "{{ note }}")
    tag(doc, "{%p endif %}", indent=False)
    # python-docx starts with one empty paragraph: drop it so the letter starts with its title.
    body = doc.element.body
    first = body.find(qn("w:p"))
    if first is not None and not first.xpath("string(.)"):
        body.remove(first)
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()
