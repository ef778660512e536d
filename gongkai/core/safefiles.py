"""Bounded parsing of files people upload or import (issue 11, "Bad input").

A DOCX or XLSX is a ZIP of XML: 439 KB can hold 121 MB of XML (a ZIP bomb), and one merged range
`A1:Z100000` makes openpyxl build 2.6 million cells. Every importer calls these checks BEFORE it hands
the bytes to python-docx or openpyxl:

- `check_office_file(raw, kind)`: the archive opens (a truncated file is named as such), holds few
  members, declares and really yields at most `MAX_UNCOMPRESSED_BYTES` (counted while inflating, so a
  lying header does not help), no member inflates more than `MAX_RATIO` times, and its XML has at most
  `MAX_XML_ELEMENTS` elements (counted by a streaming parser with entities off, stopping at the cap).
  For an XLSX the same pass counts each sheet's rows and the cells its merged ranges cover.
- `csv_rows(text)`: rows of a CSV whose fields are each at most `MAX_CELL_CHARS` (Excel's own cell limit).
- `check_text_length(text)`: a per-document text limit.

Limits are settings (`SAFEFILES_*`), so a test can lower them; each refusal is a `UnsafeFileError`
(a DomainError) whose Chinese message names the limit.
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Iterator
from typing import Any

from django.conf import settings

from gongkai.core.exceptions import DomainError

DEFAULTS = {
    "MAX_UNCOMPRESSED_BYTES": 100 * 1024 * 1024,  # media included (pictures barely compress)
    "MAX_XML_BYTES": 40 * 1024 * 1024,  # a 1,000,000-character document is about 15 MB of WordprocessingML
    "MAX_RATIO": 100,  # XML deflates 5–20×; the 121 MB bomb was 275×
    "MAX_MEMBERS": 2000,
    "MAX_XML_ELEMENTS": 2_000_000,
    "MAX_ROWS": 100_000,  # per XLSX sheet
    "MAX_MERGED_CELLS": 100_000,  # cells covered by merged ranges, per XLSX sheet
    "MAX_CELL_CHARS": 32_767,  # Excel's limit for one cell; also one CSV field
    "MAX_TEXT_CHARS": 1_000_000,  # one document's text after extraction
}
RATIO_FROM_BYTES = 1024 * 1024  # small members may compress well (an empty sheet): the ratio counts above this


class UnsafeFileError(DomainError):
    """A file refused before (or instead of) parsing; the message says which limit, in Chinese."""


def limit(name: str) -> int:
    return int(getattr(settings, f"SAFEFILES_{name}", DEFAULTS[name]))


def _mb(n: int) -> str:
    return f"{n / 1024 / 1024:.0f} MB" if n >= 1024 * 1024 else f"{n // 1024} KB"


def check_office_file(raw: bytes, kind: str) -> dict[str, Any]:
    """Refuse a DOCX/XLSX (`kind` "DOCX" or "XLSX") that is truncated or too big once inflated.

    Returns what was counted: {"uncompressed", "elements", "rows": {sheet: n}, "merged_cells": {sheet: n}}.
    """
    try:
        archive = zipfile.ZipFile(io.BytesIO(raw))
    except zipfile.BadZipFile as exc:
        raise UnsafeFileError(f"{kind} 文件不完整或已损坏（可能在复制或下载时被截断），无法打开。") from exc
    with archive:
        infos = archive.infolist()
        if len(infos) > limit("MAX_MEMBERS"):
            raise UnsafeFileError(f"{kind} 文件内含 {len(infos)} 个部件，超过上限 {limit('MAX_MEMBERS')} 个，拒绝解析。")
        declared = sum(info.file_size for info in infos)
        if declared > limit("MAX_UNCOMPRESSED_BYTES"):
            raise UnsafeFileError(f"{kind} 文件解压后有 {_mb(declared)}，超过上限 "
                                  f"{_mb(limit('MAX_UNCOMPRESSED_BYTES'))}（疑似压缩炸弹），拒绝解析。")
        for info in infos:
            if info.file_size > RATIO_FROM_BYTES and info.file_size > limit("MAX_RATIO") * max(info.compress_size, 1):
                raise UnsafeFileError(f"{kind} 文件的部件 {info.filename} 压缩比超过 {limit('MAX_RATIO')} 倍"
                                      "（疑似压缩炸弹），拒绝解析。")
        counted: dict[str, Any] = {"uncompressed": 0, "elements": 0, "rows": {}, "merged_cells": {}}
        xml_bytes = 0
        for info in infos:
            if not info.filename.endswith((".xml", ".rels")):
                counted["uncompressed"] += _drain(archive, info, kind, limit("MAX_UNCOMPRESSED_BYTES"))
                continue
            sheet = kind == "XLSX" and info.filename.startswith("xl/worksheets/")
            size, elements = _count_xml(archive, info, kind, counted, sheet,
                                        limit("MAX_XML_BYTES") - xml_bytes,
                                        limit("MAX_XML_ELEMENTS") - counted["elements"])
            xml_bytes += size
            counted["uncompressed"] += size
            counted["elements"] += elements
        return counted


def _chunks(archive: zipfile.ZipFile, info: zipfile.ZipInfo, kind: str, budget: int, what: str,
            cap: int) -> Iterator[bytes]:
    """The member's inflated bytes, stopping as soon as they pass `budget` (what is left of the limit
    `cap`): counted as they come, whatever sizes the archive's headers declare."""
    seen = 0
    try:
        with archive.open(info) as member:
            while chunk := member.read(64 * 1024):
                seen += len(chunk)
                if seen > budget:
                    raise UnsafeFileError(f"{kind} 文件解压后{what}超过上限 {_mb(cap)}（疑似压缩炸弹），拒绝解析。")
                yield chunk
    except (zipfile.BadZipFile, EOFError, OSError) as exc:  # CRC mismatch, cut-off data
        raise UnsafeFileError(f"{kind} 文件不完整或已损坏（部件 {info.filename} 无法解压），无法打开。") from exc


def _drain(archive: zipfile.ZipFile, info: zipfile.ZipInfo, kind: str, budget: int) -> int:
    return sum(len(chunk) for chunk in _chunks(archive, info, kind, budget, "的大小", budget))


def _count_xml(archive: zipfile.ZipFile, info: zipfile.ZipInfo, kind: str, counted: dict[str, Any], sheet: bool,
               byte_budget: int, element_budget: int) -> tuple[int, int]:
    from lxml import etree  # type: ignore[import-untyped]
    from openpyxl.utils.cell import range_boundaries

    parser = etree.XMLPullParser(events=("end",), resolve_entities=False, no_network=True, huge_tree=False,
                                 load_dtd=False)
    size = elements = rows = merged = 0
    for chunk in _chunks(archive, info, kind, max(byte_budget, 0), "的 XML ", limit("MAX_XML_BYTES")):
        size += len(chunk)
        try:
            parser.feed(chunk)
        except etree.XMLSyntaxError as exc:
            raise UnsafeFileError(f"{kind} 文件的部件 {info.filename} 不是完整的 XML（文件已损坏）。") from exc
        for _event, element in parser.read_events():
            elements += 1
            if elements > element_budget:
                raise UnsafeFileError(f"{kind} 文件的 XML 元素超过上限 {limit('MAX_XML_ELEMENTS'):,} 个，拒绝解析。")
            if sheet:
                tag = element.tag.rsplit("}", 1)[-1] if isinstance(element.tag, str) else ""
                if tag == "row":
                    rows += 1
                    if rows > limit("MAX_ROWS"):
                        raise UnsafeFileError(f"表格行数超过上限 {limit('MAX_ROWS'):,} 行（{info.filename}），请分批导入。")
                elif tag == "mergeCell":
                    try:
                        min_col, min_row, max_col, max_row = range_boundaries(element.get("ref", ""))
                    except (ValueError, TypeError) as exc:
                        raise UnsafeFileError(f"表格中的合并单元格范围“{element.get('ref', '')}”无效。") from exc
                    merged += (max_col - min_col + 1) * (max_row - min_row + 1)
                    if merged > limit("MAX_MERGED_CELLS"):
                        raise UnsafeFileError(
                            f"表格中合并单元格（{element.get('ref')} 等）覆盖的单元格超过上限 "
                            f"{limit('MAX_MERGED_CELLS'):,} 个，拒绝解析。请取消合并后再导入。")
            # keep memory flat: a finished element and its finished elder siblings are not needed any more
            element.clear(keep_tail=False)
            parent = element.getparent()
            while parent is not None and element.getprevious() is not None:
                del parent[0]
    try:
        parser.close()
    except etree.XMLSyntaxError as exc:
        raise UnsafeFileError(f"{kind} 文件的部件 {info.filename} 不是完整的 XML（文件已损坏）。") from exc
    if sheet:
        counted["rows"][info.filename] = rows
        counted["merged_cells"][info.filename] = merged
    return size, elements


def csv_rows(text: str) -> list[list[str]]:
    """The rows of a CSV text, each field at most MAX_CELL_CHARS characters (a clear message, not a 500)."""
    cap = limit("MAX_CELL_CHARS")
    rows: list[list[str]] = []
    reader = csv.reader(io.StringIO(text))
    try:
        for row in reader:
            if any(len(field) > cap for field in row):
                raise UnsafeFileError(f"CSV 第 {reader.line_num} 行有单元格超过 {cap:,} 个字符的上限，请检查该行。")
            rows.append(row)
    except csv.Error as exc:
        if "field larger than field limit" in str(exc):
            raise UnsafeFileError(f"CSV 第 {reader.line_num} 行有单元格超过 {cap:,} 个字符的上限，请检查该行。") from exc
        raise UnsafeFileError(f"CSV 第 {reader.line_num} 行格式错误，无法读取。") from exc
    return rows


def csv_dicts(text: str) -> list[dict[str, str]]:
    """`csv.DictReader` over `csv_rows`: the first row names the columns."""
    rows = csv_rows(text)
    if not rows:
        return []
    header = rows[0]
    return [dict(zip(header, [*row, *[""] * (len(header) - len(row))], strict=False)) for row in rows[1:]]


def check_text_length(text: str, what: str = "正文") -> str:
    cap = limit("MAX_TEXT_CHARS")
    if len(text) > cap:
        raise UnsafeFileError(f"{what}过长（{len(text):,} 字），超过单个文件 {cap:,} 字的上限，请拆分后导入。")
    return text
