"""Bounded parsing (issue 11, "Bad input"): hostile DOCX/XLSX/CSV are refused before parsing, with a
Chinese message naming the limit. The hostile files are built here, small on disk."""

from __future__ import annotations

import io
import time
import zipfile

import pytest

from gongkai.core import safefiles
from gongkai.core.safefiles import UnsafeFileError, check_office_file, check_text_length, csv_rows


def docx_bytes(paragraphs: int = 3, text: str = "青溪县政务公开工作要点") -> bytes:
    import docx

    document = docx.Document()
    for n in range(paragraphs):
        document.add_paragraph(f"{text}{n}")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def replace_member(raw: bytes, name: str, content: bytes) -> bytes:
    """The same archive with one member's content replaced (deflated at the highest level)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(raw)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED,
                                                                     compresslevel=9) as target:
        for info in source.infolist():
            target.writestr(info.filename, content if info.filename == name else source.read(info.filename))
    return out.getvalue()


def xlsx_bytes(rows: int = 3, merged: str = "") -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["问题", "答复"])
    for n in range(rows):
        sheet.append([f"如何办理第{n}项业务？", "请到政务服务中心办理。"])
    out = io.BytesIO()
    book.save(out)
    raw = out.getvalue()
    if merged:  # written into the XML by hand: openpyxl itself would build every covered cell
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            sheet_xml = archive.read("xl/worksheets/sheet1.xml")
        sheet_xml = sheet_xml.replace(b"</sheetData>",
                                      f'</sheetData><mergeCells count="1"><mergeCell ref="{merged}"/></mergeCells>'
                                      .encode())
        raw = replace_member(raw, "xl/worksheets/sheet1.xml", sheet_xml)
    return raw


def test_ordinary_files_pass_and_are_counted() -> None:
    counted = check_office_file(docx_bytes(), "DOCX")
    assert counted["elements"] > 10
    counted = check_office_file(xlsx_bytes(rows=5, merged="A2:B3"), "XLSX")
    assert counted["rows"] == {"xl/worksheets/sheet1.xml": 6}
    assert counted["merged_cells"] == {"xl/worksheets/sheet1.xml": 4}


def test_docx_bomb_at_the_real_limits_is_refused_before_inflating() -> None:
    # 121 MB of repeated paragraphs deflate to well under 1 MB: the 439 KB bomb
    paragraph = b"<w:p><w:r><w:t>" + "政务公开".encode() * 20 + b"</w:t></w:r></w:p>"
    xml = (b'<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/'
           b'wordprocessingml/2006/main"><w:body>' + paragraph * (121 * 1024 * 1024 // len(paragraph))
           + b"</w:body></w:document>")
    bomb = replace_member(docx_bytes(), "word/document.xml", xml)
    del xml
    assert len(bomb) < 1024 * 1024
    started = time.monotonic()
    with pytest.raises(UnsafeFileError, match="超过上限 100 MB"):
        check_office_file(bomb, "DOCX")
    assert time.monotonic() - started < 1


def test_high_ratio_member_is_refused() -> None:
    xml = b'<?xml version="1.0"?><w:document xmlns:w="urn:x"><w:body>' + b"<w:p/>" * 400_000 + b"</w:body></w:document>"
    with pytest.raises(UnsafeFileError, match="压缩比超过 100 倍"):
        check_office_file(replace_member(docx_bytes(), "word/document.xml", xml), "DOCX")


def test_element_count_is_capped_while_streaming(settings) -> None:
    settings.SAFEFILES_MAX_XML_ELEMENTS = 500
    with pytest.raises(UnsafeFileError, match="XML 元素超过上限 500 个"):
        check_office_file(docx_bytes(paragraphs=200), "DOCX")


def test_xml_bytes_are_counted_while_inflating(settings) -> None:
    settings.SAFEFILES_MAX_XML_BYTES = 50_000
    raw = docx_bytes(paragraphs=2000)
    with pytest.raises(UnsafeFileError, match="XML 超过上限 48 KB"):
        check_office_file(raw, "DOCX")


def test_truncated_docx_is_named() -> None:
    raw = docx_bytes()
    with pytest.raises(UnsafeFileError, match="不完整或已损坏"):
        check_office_file(raw[: len(raw) // 2], "DOCX")


def test_merged_cell_bomb_is_refused() -> None:
    raw = xlsx_bytes(merged="A1:Z20000")  # the 1.5 KB file: 520,000 covered cells
    assert len(raw) < 10_000
    with pytest.raises(UnsafeFileError, match="合并单元格.*A1:Z20000.*超过上限 100,000 个"):
        check_office_file(raw, "XLSX")


def test_rows_are_capped(settings) -> None:
    settings.SAFEFILES_MAX_ROWS = 50
    check_office_file(xlsx_bytes(rows=40), "XLSX")
    with pytest.raises(UnsafeFileError, match="行数超过上限 50 行"):
        check_office_file(xlsx_bytes(rows=60), "XLSX")


def test_csv_field_of_200_kb_gives_a_clear_message() -> None:
    text = "问题,答复\n如何办理？," + "长" * 200_000 + "\n"
    with pytest.raises(UnsafeFileError, match="CSV 第 2 行有单元格超过 32,767 个字符的上限"):
        csv_rows(text)
    # over Excel's cell limit but under the csv module's own: the same message
    with pytest.raises(UnsafeFileError, match="超过 32,767 个字符"):
        csv_rows("a\n" + "x" * 40_000 + "\n")
    assert csv_rows("a,b\n1,2\n") == [["a", "b"], ["1", "2"]]


def test_text_limit(settings) -> None:
    settings.SAFEFILES_MAX_TEXT_CHARS = 100
    assert check_text_length("政" * 100) == "政" * 100
    with pytest.raises(UnsafeFileError, match="超过单个文件 100 字的上限"):
        check_text_length("政" * 101)
    assert safefiles.DEFAULTS["MAX_TEXT_CHARS"] == 1_000_000
