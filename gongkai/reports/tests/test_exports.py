"""The three exports in the official layout: the PDF is rendered to PNG with pymupdf (CJK glyphs, page
numbers, the tables); the DOCX has merged header cells, the fonts named and a PAGE field; JSON keeps
the contract."""

from __future__ import annotations

import io
import os
from datetime import date
from pathlib import Path

import pymupdf
import pytest

from gongkai.reports import exports, selectors, services
from gongkai.reports.tests.factories import request, review

MANUAL = {"licensing": "1234", "penalty": "56", "enforcement": "7", "fees": "12.5"}


@pytest.fixture
def view(cast) -> selectors.ReportView:
    app = request(cast.officer_a, cast.dept_a, date(2025, 3, 3), kind="commercial", outcome="partial",
                  replied=date(2025, 3, 10))
    request(cast.officer_a, cast.dept_a, date(2025, 4, 3), outcome="withheld_process", replied=date(2025, 4, 10))
    request(cast.officer_a, cast.dept_a, date(2025, 12, 29))
    review(cast.officer_a, app, "reconsideration", date(2025, 5, 1), "upheld", date(2025, 6, 1))
    report = services.report_create(actor=cast.officer_a, organisation=cast.dept_a, year=2025)
    services.report_update(actor=cast.officer_a, report=report, manual=MANUAL,
                           sections={"section1": "本年度坚持以公开为常态。\n第二段。", "section5": "一是……", "section6": ""})
    return selectors.build(services.report_publish(actor=cast.publisher_a, report=report))


def test_pdf_renders_to_png_with_cjk_tables_and_page_numbers(view, tmp_path: Path) -> None:
    pdf = exports.render_pdf(view)
    doc = pymupdf.open(stream=pdf, filetype="pdf")
    assert doc.page_count >= 2
    first = doc[0].get_text()
    assert "青溪县财政局2025年政府信息公开工作年度报告" in first.replace("\n", "")
    assert "— 1 —" in first
    everything = "".join(page.get_text() for page in doc)
    for text in ("第二十条第（一）项", "本年新收政府信息公开申请数量", "结转下年度继续办理", "复议后起诉", "1234", "12.5"):
        assert text in everything.replace("\n", ""), text
    assert f"— {doc.page_count} —" in doc[doc.page_count - 1].get_text()
    fonts = {f[3] for page in doc for f in page.get_fonts()}
    assert any("CJK" in name for name in fonts), fonts  # Noto CJK embedded, not tofu
    out = Path(os.environ.get("REPORTS_PNG_DIR", tmp_path))
    out.mkdir(parents=True, exist_ok=True)
    for i, page in enumerate(doc):
        pix = page.get_pixmap(dpi=60)
        pix.save(out / f"report-page-{i + 1}.png")
        # the page is not blank: enough dark pixels (text and table rules)
        samples = pix.samples
        dark = sum(1 for k in range(0, len(samples), pix.n * 7) if samples[k] < 100)
        assert dark > 50, f"page {i + 1} looks blank"


def test_docx_has_merged_header_cells_fonts_and_page_field(view) -> None:
    from docx import Document

    data = exports.render_docx(view)
    doc = Document(io.BytesIO(data))
    assert doc.paragraphs[0].text == "青溪县财政局2025年政府信息公开工作年度报告"
    t3 = doc.tables[1]
    xml = t3._tbl.xml
    assert 'w:gridSpan w:val="7"' in xml and 'w:vMerge w:val="restart"' in xml  # 申请人情况 / merged rows
    cells = [c.text for c in t3.rows[3].cells]
    assert cells[0].startswith("一、本年新收") and cells[-1] == "3"
    assert "PAGE" in doc.sections[0].footer._element.xml
    assert 'w:eastAsia="仿宋_GB2312"' in doc.element.xml
    t4 = doc.tables[2]
    assert [c.text for c in t4.rows[3].cells][:5] == ["1", "0", "0", "0", "1"]


def test_html_is_standalone_and_escapes_staff_text(cast, view) -> None:
    view.report.section5 = "<script>alert(1)</script>"
    html = exports.render_html(view)
    assert "<script>alert" not in html and "&lt;script&gt;" in html
    assert "@page" in html and 'rowspan="22"' in html


def test_json_contract(view) -> None:
    data = exports.as_json(view)
    assert set(data) >= {"org", "year", "table2", "table3", "table4", "checks"}
    assert data["table3"]["columns"] == ["自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计"]
    assert data["table3"]["rows"]["三.二"] == [0, 1, 0, 0, 0, 0, 1]
    assert all({"rule", "ok", "detail"} <= set(c) for c in data["checks"])
