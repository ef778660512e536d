"""Where a 工作要点 comes from: a file (text, HTML, DOCX, PDF text layer) or a document already in the
library, read through gongkai.publishing's public functions. The metadata the text lacks (the 2021
national seed has no title line and no 文号) comes from the library record or the folder's metadata
sidecar, exactly as the importer reads them."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from gongkai.core.exceptions import DomainError
from gongkai.ledger.parsing import Plan, parse_plan

MAX_TEXT_CHARS = 400_000  # a 要点 is 10–20 thousand characters; anything far larger is not one


def _date(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None


def plan_from_text(text: str, *, title: str = "", doc_no: str = "", written_on: date | None = None) -> Plan:
    """Clean a raw text or HTML the importer's way, then parse."""
    from gongkai.publishing.importer import clean, extract

    if len(text) > MAX_TEXT_CHARS:
        raise DomainError(f"文本过长（{len(text)} 字），不像一份工作要点（上限 {MAX_TEXT_CHARS} 字）。")
    body, front = clean(text)
    found = extract(body, front)
    return parse_plan(body, title=title or found.title, doc_no=doc_no or found.doc_no,
                      written_on=written_on or found.written_on)


def plan_from_file(path: Path) -> Plan:
    from gongkai.publishing.importer import ImportFileError, clean, extract, read_sidecar, read_text

    try:
        raw = read_text(path)
    except ImportFileError as exc:
        raise DomainError(f"{path.name}：{exc}") from exc
    except OSError as exc:
        raise DomainError(f"无法读取文件 {path}：{exc.strerror}") from exc
    body, front = clean(raw)
    found = extract(body, front)
    try:
        meta = read_sidecar(path.parent).get(path.name, {})
    except (ImportFileError, ValueError, KeyError):
        meta = {}
    return parse_plan(body, title=meta.get("title") or found.title, doc_no=meta.get("doc_no") or found.doc_no,
                      written_on=_date(meta.get("written_on")) or found.written_on)


def plan_from_upload(name: str, content: bytes) -> Plan:
    """An uploaded 要点: its type judged by content (DOCX is a zip, PDF starts %PDF-, else text/HTML), read by
    the importer's own reader from a private temporary file (no folder sidecar applies to an upload)."""
    import tempfile

    if len(content) > 5 * 1024 * 1024:
        raise DomainError("文件过大（上限 5 MB）。")
    suffix = ".docx" if content[:4] == b"PK\x03\x04" else ".pdf" if content[:5] == b"%PDF-" else ".txt"
    if name.lower().endswith((".docx", ".pdf")) and not name.lower().endswith(suffix):
        raise DomainError("文件扩展名与内容不符。")
    with tempfile.TemporaryDirectory(prefix="workplan-") as folder:
        path = Path(folder) / f"upload{suffix}"
        path.write_bytes(content)
        return plan_from_file(path)


def plan_from_document(index_no: str) -> tuple[Plan, Any]:
    """A 要点 already in the library, by its 索引号 (the public record: what was published)."""
    from gongkai.publishing.selectors import public_document

    doc = public_document(index_no)
    plan = parse_plan(doc.body_text, title=doc.title, doc_no=doc.doc_no, written_on=doc.written_on)
    return plan, doc


def load_plan(source: str) -> Plan:
    """`source` is a path to a file, or the 索引号 of a library document."""
    path = Path(source)
    if path.is_file():
        return plan_from_file(path)
    if path.suffix.lower() in {".txt", ".html", ".htm", ".docx", ".pdf"} or "/" in source and not _looks_like_index(source):
        raise DomainError(f"文件不存在：{source}")
    return plan_from_document(source)[0]


def _looks_like_index(value: str) -> bool:
    import re

    return bool(re.fullmatch(r"[0-9A-Z]{9,18}/\d{4}-\d{3,6}", value.strip().upper()))
