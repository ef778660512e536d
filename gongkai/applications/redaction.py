"""部分公开 (条例第三十七条): withhold passages, regions and pages of a disclosed PDF or DOCX, each with its
reason, and release a copy in which the withheld text is really gone.

- PDF (PyMuPDF): a redaction annotation on every occurrence of a passage (search_for, also across line
  breaks), on each marked region or page; `apply_redactions` removes the text under them from the text
  layer and blanks the pixels of images under them; then `scrub` clears metadata, XMP, annotations,
  links, form fields, embedded files, JavaScript and hidden text, the outline is dropped, and the file is
  saved anew with garbage collection, so no earlier version of a content stream survives.
- DOCX (lxml): each occurrence is removed from the runs of its paragraph (also when Word split it over
  several runs) in the body, headers, footers, footnotes, endnotes, text boxes and charts, and replaced by
  【不予公开】; tracked deletions, comments and custom properties are dropped; the core and extended
  properties are emptied. Documents with embedded objects or macros are refused at upload.
- Every released copy is checked before it is stored: all text and metadata are extracted again (and
  every decompressed PDF stream and XML part searched) and none of the withheld strings may remain.
- The original is stored in the private storage (never under MEDIA_ROOT) and shown to staff only; the
  released copy gets a neutral name ("2026-YSQ-000006-公开件-1.pdf"); previews are drawn from the
  redacted result, never from the original; nothing of either is put into the search index.
"""

from __future__ import annotations

import hashlib
import io
import re
import zipfile
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import models, transaction
from django.utils import timezone
from lxml import etree  # type: ignore[import-untyped]

from gongkai.applications import letter_text
from gongkai.applications.letter_models import Disclosure, RedactionMark, RedactionReason, ReleasedCopy, private_storage
from gongkai.applications.models import Application, ApplicationEvent, EventKind, State
from gongkai.core import safefiles
from gongkai.core.exceptions import DomainError, NotFoundError, StateError
from gongkai.core.models import Role
from gongkai.core.selectors import require_role
from gongkai.core.services import actor_name, audit

PLACEHOLDER = "【不予公开】"
MAX_PAGES = 2000
MIN_PASSAGE = 2
# PyMuPDF constants (pymupdf.PDF_REDACT_*; its stubs lack them)
REDACT_IMAGE_PIXELS, REDACT_LINE_ART_IF_COVERED, REDACT_TEXT_REMOVE = 2, 1, 0
ARTICLES = {
    RedactionReason.STATE_SECRET: "第十四条", RedactionReason.LAW_FORBIDS: "第十四条",
    RedactionReason.SECURITY: "第十四条", RedactionReason.THIRD_PARTY: "第十五条",
    RedactionReason.INTERNAL: "第十六条第一款", RedactionReason.PROCESS: "第十六条第二款",
    RedactionReason.ENFORCEMENT: "第十六条第二款", RedactionReason.NOT_GOVERNMENT_INFO: "第三十七条",
}


class RedactionAction(models.TextChoices):
    """Audit actions of redaction (registered in ApplicationsConfig.ready)."""

    UPLOAD = "application.disclosure_upload", "上传拟公开材料"
    MARK = "application.redaction_mark", "标记不予公开内容"
    UNMARK = "application.redaction_unmark", "撤回不予公开标记"
    RELEASE = "application.redaction_release", "生成公开件"
    VIEW_ORIGINAL = "application.disclosure_view_original", "查看拟公开材料原件"
    WITHDRAW = "application.disclosure_withdraw", "撤回拟公开材料"


HANDLERS = [Role.OFFICER, Role.ADMIN]


# --- File kinds -----------------------------------------------------------------------------------

def sniff(data: bytes, name: str) -> str:
    """"pdf" or "docx" from the content (never from the name alone); else a DomainError in Chinese."""
    if data[:1024].lstrip().startswith(b"%PDF-"):
        return Disclosure.Kind.PDF
    if data[:4] == b"PK\x03\x04":
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                names = set(archive.namelist())
                types = archive.read("[Content_Types].xml") if "[Content_Types].xml" in names else b""
        except zipfile.BadZipFile as exc:
            raise DomainError("文件已损坏，无法打开。") from exc
        if "word/document.xml" in names:
            if b"macroEnabled" in types or "word/vbaProject.bin" in names:
                raise DomainError("含宏的 Word 文档（.docm）不能作为公开材料，请另存为 .docx 或 PDF 后上传。")
            return Disclosure.Kind.DOCX
    if data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        raise DomainError("这是旧版 Word（.doc）文件，无法可靠去除其中的文字：请另存为 .docx 或 PDF 后上传。")
    raise DomainError(f"“{letter_text.clean_text(name, limit=80)}”不是 PDF 或 Word（.docx）文件；"
                      f"区分处理（条例第三十七条）只支持这两种格式。")


def _open_pdf(data: bytes) -> Any:
    import pymupdf

    try:
        doc = pymupdf.open(stream=data, filetype="pdf")
    except Exception as exc:
        raise DomainError("PDF 文件已损坏，无法打开。") from exc
    if doc.needs_pass or doc.is_encrypted:
        doc.close()
        raise DomainError("该 PDF 已加密（设有密码或权限限制），系统无法核对和去除其中的文字。"
                          "请上传未加密的文件（区分处理，条例第三十七条）。")
    return doc


def _check_docx(data: bytes) -> None:
    # The shared bounds first (inflated size as streamed, ratio, parts, XML elements: core.safefiles), then
    # what redaction cannot do safely.
    safefiles.check_office_file(data, "DOCX")
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        infos = archive.infolist()
        if any(i.filename.startswith("word/embeddings/") for i in infos):
            raise DomainError("该 Word 文档含嵌入对象（如 Excel 表格），其中的内容无法可靠去除；请另存为 PDF 后上传。")


# --- PDF ------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Mark:
    """A redaction mark as the file functions see it (no ORM)."""

    kind: str
    text: str = ""
    page: int | None = None  # 1-based
    rect: tuple[float, float, float, float] | None = None


def pdf_info(data: bytes) -> tuple[int, bool]:
    """(pages, has a text layer)."""
    doc = _open_pdf(data)
    with doc:
        if len(doc) > MAX_PAGES:
            raise DomainError(f"PDF 超过 {MAX_PAGES} 页，请拆分后上传。")
        has_text = any(page.get_text("text").strip() for page in doc)
        return len(doc), has_text


def _occurrences(page: Any, text: str) -> list[list[Any]]:
    """Every occurrence of `text` on the page as the boxes it covers, one per line: also where it wraps
    over a line break (PyMuPDF's search_for does not match across lines). Whitespace is ignored on both
    sides, as CJK text has none and extraction adds it at line ends."""
    import pymupdf

    needle = re.sub(r"\s+", "", text)
    if not needle:
        return []
    chars: list[tuple[str, Any, tuple[int, int]]] = []
    for b, block in enumerate(page.get_text("rawdict")["blocks"]):
        for n, line in enumerate(block.get("lines", [])):
            for span in line["spans"]:
                for ch in span["chars"]:
                    if not ch["c"].isspace():
                        chars.append((ch["c"], pymupdf.Rect(ch["bbox"]), (b, n)))
    joined = "".join(c for c, _box, _line in chars)
    found: list[list[Any]] = []
    at = joined.find(needle)
    while at >= 0:
        lines: dict[tuple[int, int], Any] = {}
        for _c, box, key in chars[at: at + len(needle)]:
            lines[key] = lines[key] | box if key in lines else pymupdf.Rect(box)
        found.append(list(lines.values()))
        at = joined.find(needle, at + len(needle))
    return found


def pdf_hits(data: bytes, text: str) -> list[tuple[int, str]]:
    """Every occurrence of a passage: (page number, the line around it) for the marking page."""
    doc = _open_pdf(data)
    hits: list[tuple[int, str]] = []
    with doc:
        for page in doc:
            for boxes in _occurrences(page, text):
                around = page.get_textbox(boxes[0] + (-120, -2, 120, 2)).replace("\n", " ").strip()
                hits.append((page.number + 1, around[:120]))
    return hits


def _region_has_content(page: Any, rect: Any) -> bool:
    if page.get_text("text", clip=rect).strip():
        return True
    if any(rect.intersects(info["bbox"]) for info in page.get_image_info()):
        return True
    return any(rect.intersects(d["rect"]) for d in page.get_drawings())


def check_pdf_mark(data: bytes, mark: Mark) -> int:
    """How much a mark covers (occurrences, or 1 for a region or page); refused when it covers nothing."""
    import pymupdf

    doc = _open_pdf(data)
    with doc:
        if mark.kind == RedactionMark.Kind.TEXT:
            if not any(page.get_text("text").strip() for page in doc):
                raise DomainError("该 PDF 没有文字层（可能是扫描件），无法按文字查找；请按页面区域或整页标出不予公开的内容。")
            hits = sum(len(_occurrences(page, mark.text)) for page in doc)
            if not hits:
                raise DomainError(f"文件中没有找到“{mark.text[:40]}”：这条标记不会遮盖任何内容，未保存。"
                                  f"请核对文字（含标点、空格）后再试。")
            return hits
        if mark.page is None or not 1 <= mark.page <= len(doc):
            raise DomainError(f"页码应在 1 至 {len(doc)} 之间。")
        page = doc[mark.page - 1]
        if mark.kind == RedactionMark.Kind.PAGE:
            return 1
        if mark.rect is None:
            raise DomainError("请给出区域的四个坐标（左、上、右、下，单位 pt）。")
        rect = pymupdf.Rect(mark.rect) & page.rect
        if rect.is_empty or rect.width < 1 or rect.height < 1:
            raise DomainError(f"区域不在第{mark.page}页内（页面大小 {page.rect.width:.0f}×{page.rect.height:.0f} pt）：未保存。")
        if not _region_has_content(page, rect):
            raise DomainError(f"第{mark.page}页的该区域内没有文字或图像：这条标记不会遮盖任何内容，未保存。")
        return 1


def redact_pdf(data: bytes, marks: Iterable[Mark]) -> bytes:
    """The released PDF: marked text, regions and pages removed, metadata and extras scrubbed."""
    import pymupdf

    doc = _open_pdf(data)
    with doc:
        by_page: dict[int, list[Any]] = defaultdict(list)
        texts = []
        for mark in marks:
            if mark.kind == RedactionMark.Kind.TEXT:
                texts.append(mark.text)
            elif mark.page is not None and 1 <= mark.page <= len(doc):
                page = doc[mark.page - 1]
                area = page.rect if mark.kind == RedactionMark.Kind.PAGE else pymupdf.Rect(mark.rect) & page.rect
                by_page[mark.page - 1].append(area)
        for page in doc:
            for text in texts:
                for boxes in _occurrences(page, text):
                    for box in boxes:
                        page.add_redact_annot(box, fill=(0, 0, 0))
            for area in by_page.get(page.number, []):
                page.add_redact_annot(area, fill=(0, 0, 0))
            # Pixels of images under a mark are blanked; line art touched by it goes too.
            page.apply_redactions(images=REDACT_IMAGE_PIXELS, graphics=REDACT_LINE_ART_IF_COVERED,
                                  text=REDACT_TEXT_REMOVE)
            for annot in list(page.annots() or []):
                page.delete_annot(annot)
            for widget in list(page.widgets() or []):
                page.delete_widget(widget)
        doc.scrub(attached_files=True, clean_pages=True, embedded_files=True, hidden_text=True, javascript=True,
                  metadata=True, redactions=True, remove_links=True, reset_fields=True, reset_responses=True,
                  thumbnails=True, xml_metadata=True)
        doc.set_toc([])
        doc.set_metadata({})
        doc.del_xml_metadata()
        return bytes(doc.tobytes(garbage=4, deflate=True, clean=True, no_new_id=True))


_HEX_TEXT = re.compile(r"<FEFF((?:[0-9A-Fa-f]{4})+)>")


def pdf_all_text(data: bytes) -> str:
    """Everything a reader could get out of a PDF: page text, metadata, XMP, outline, annotations and
    every decompressed stream and object (decoded as UTF-8 and UTF-16)."""
    import pymupdf

    with pymupdf.open(stream=data, filetype="pdf") as doc:
        parts = [page.get_text("text") for page in doc]
        parts += [str(v) for v in (doc.metadata or {}).values() if v]
        parts.append(doc.get_xml_metadata() or "")
        parts += [str(entry[1]) for entry in doc.get_toc()]
        for page in doc:
            parts += [str(a.info) for a in page.annots() or []]
        for xref in range(1, doc.xref_length()):
            try:
                source = doc.xref_object(xref, compressed=False)
                parts.append(source)
                # Text strings written as hex (annotation contents, field values, …) decoded as UTF-16.
                parts += [bytes.fromhex(h).decode("utf-16-be", "ignore") for h in _HEX_TEXT.findall(source)
                          if len(h) % 2 == 0]
                if doc.xref_is_stream(xref):
                    parts.append((doc.xref_stream(xref) or b"").decode("utf-8", "ignore"))
            except Exception:  # noqa: BLE001 - an unreadable object holds no readable text
                continue
    return "\n".join(parts)


def pdf_page_png(data: bytes, page: int, *, dpi: int = 60) -> bytes:
    import pymupdf

    with pymupdf.open(stream=data, filetype="pdf") as doc:
        if not 1 <= page <= len(doc):
            raise NotFoundError("没有这一页。")
        return bytes(doc[page - 1].get_pixmap(dpi=dpi).tobytes("png"))


# --- DOCX -----------------------------------------------------------------------------------------

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
A = "http://schemas.openxmlformats.org/drawingml/2006/main"
_PARAGRAPHS = ((f"{{{W}}}p", f"{{{W}}}t"), (f"{{{W}}}p", f"{{{W}}}instrText"), (f"{{{A}}}p", f"{{{A}}}t"))
_DROP_PARTS = ("word/comments.xml", "word/commentsExtended.xml", "word/commentsIds.xml",
               "word/commentsExtensible.xml", "word/people.xml")
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, remove_blank_text=False, huge_tree=False)


def _docx_parts(data: bytes) -> Iterator[tuple[zipfile.ZipInfo, bytes]]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for info in archive.infolist():
            yield info, archive.read(info.filename)


def _is_xml(name: str) -> bool:
    return name.endswith((".xml", ".rels"))


def _paragraph_texts(root: Any) -> Iterator[tuple[Any, list[Any]]]:
    """Each paragraph with its own text nodes (not those of a text box nested inside it)."""
    for p_tag, t_tag in _PARAGRAPHS:
        for p in root.iter(p_tag):
            own = [t for t in p.iter(t_tag) if next(t.iterancestors(p_tag), None) is p]
            if own:
                yield p, own


def _remove_in_paragraph(nodes_: list[Any], needle: str) -> int:
    """Replace every occurrence of `needle` in the paragraph's text (spread over runs) by the placeholder."""
    found = 0
    search_from = 0
    while True:
        joined = "".join(n.text or "" for n in nodes_)
        at = joined.find(needle, search_from)
        if at < 0:
            return found
        found += 1
        end = at + len(needle)
        search_from = at + len(PLACEHOLDER)
        offset = 0
        placed = False
        for node in nodes_:
            text = node.text or ""
            start, stop = offset, offset + len(text)
            offset = stop
            if stop <= at or start >= end:
                continue
            keep_before = text[: max(0, at - start)]
            keep_after = text[max(0, end - start):] if end < stop else ""
            node.text = keep_before + ("" if placed else PLACEHOLDER) + keep_after
            placed = True
            node.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")


def _scrub_element_texts(root: Any, needles: list[str]) -> int:
    """Any other text or attribute (alt text, titles, field results) that holds a needle is blanked."""
    found = 0
    for el in root.iter():
        if isinstance(el.tag, str):
            for needle in needles:
                if el.text and needle in el.text:
                    el.text = el.text.replace(needle, PLACEHOLDER)
                    found += 1
                if el.tail and needle in el.tail:
                    el.tail = el.tail.replace(needle, PLACEHOLDER)
                    found += 1
            for key, value in list(el.attrib.items()):
                if any(needle in value for needle in needles):
                    el.set(key, PLACEHOLDER)
                    found += 1
    return found


def _clean_document_structure(root: Any) -> None:
    """Accept tracked changes (deleted text is still in the file), drop comment anchors and hidden data."""
    for tag in ("del", "moveFrom"):
        for el in list(root.iter(f"{{{W}}}{tag}")):
            el.getparent().remove(el)
    for tag in ("ins", "moveTo"):
        for el in list(root.iter(f"{{{W}}}{tag}")):
            parent, index = el.getparent(), el.getparent().index(el)
            for child in reversed(list(el)):
                parent.insert(index, child)
            parent.remove(el)
    for tag in ("commentRangeStart", "commentRangeEnd", "commentReference", "delText"):
        for el in list(root.iter(f"{{{W}}}{tag}")):
            el.getparent().remove(el)


def _empty_properties(name: str, root: Any) -> Any:
    """docProps: no author, title, company, keywords or custom fields in a released copy."""
    if name == "docProps/core.xml" or name == "docProps/app.xml":
        for el in root:
            if not len(el):  # simple fields (title, creator, Company, Manager …) lose their text
                el.text = ""
    if name == "docProps/custom.xml":
        for el in list(root):
            root.remove(el)
    return root


def docx_hits(data: bytes, text: str) -> int:
    count = 0
    for info, blob in _docx_parts(data):
        if info.filename.startswith("word/") and _is_xml(info.filename):
            root = etree.fromstring(blob, _PARSER)
            for _p, nodes_ in _paragraph_texts(root):
                count += "".join(n.text or "" for n in nodes_).count(text)
    return count


def docx_paragraphs(data: bytes) -> list[str]:
    for info, blob in _docx_parts(data):
        if info.filename == "word/document.xml":
            root = etree.fromstring(blob, _PARSER)
            return ["".join(n.text or "" for n in nodes_) for _p, nodes_ in _paragraph_texts(root)
                    if nodes_[0].tag == f"{{{W}}}t"]
    return []


def redact_docx(data: bytes, marks: Iterable[Mark]) -> bytes:
    needles = sorted({m.text for m in marks if m.kind == RedactionMark.Kind.TEXT and m.text}, key=len, reverse=True)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info, blob in _docx_parts(data):
            name = info.filename
            if name in _DROP_PARTS:  # comments and their authors: the root stays, its content goes
                root = etree.fromstring(blob, _PARSER)
                for child in list(root):
                    root.remove(child)
                blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
            elif _is_xml(name):
                root = etree.fromstring(blob, _PARSER)
                if name.startswith("word/"):
                    _clean_document_structure(root)
                    for needle in needles:
                        for _p, nodes_ in _paragraph_texts(root):
                            _remove_in_paragraph(nodes_, needle)
                _scrub_element_texts(root, needles)
                root = _empty_properties(name, root)
                blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
            fresh = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            fresh.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(fresh, blob)
    return out.getvalue()


def docx_all_text(data: bytes) -> str:
    """All text nodes and attribute values of every XML part, and the other parts as UTF-8/UTF-16."""
    parts: list[str] = []
    for info, blob in _docx_parts(data):
        if _is_xml(info.filename):
            root = etree.fromstring(blob, _PARSER)
            for _p, nodes_ in _paragraph_texts(root):
                parts.append("".join(n.text or "" for n in nodes_))
            for el in root.iter():
                parts.append(el.text or "")
                parts.append(el.tail or "")
                parts.extend(el.attrib.values())
        else:
            parts.append(blob.decode("utf-8", "ignore"))
        parts.append(info.filename)
    return "\n".join(parts)


def docx_preview_pdf(data: bytes) -> bytes:
    """A text preview of a DOCX as PDF pages (its paragraphs; Word's own layout is not reproduced)."""
    from django.template.loader import render_to_string

    from gongkai.applications.letters import html_to_pdf

    html = render_to_string("applications/redaction/docx_preview.html", {"paragraphs": docx_paragraphs(data)})
    return html_to_pdf(html)


# --- Services -------------------------------------------------------------------------------------

def _require_handler(actor: Any, application: Application, action: str) -> None:
    require_role(actor, application.organisation, HANDLERS, action=action)


def _read(field: Any) -> bytes:
    with field.open("rb") as fh:
        return bytes(fh.read())


def _event(application: Application, *, kind: EventKind, actor: Any, reason: str, public_note: str = "") -> None:
    from gongkai.applications.services import role_label

    user = actor if getattr(actor, "is_authenticated", False) else None
    ApplicationEvent.objects.create(application=application, kind=kind, actor=user, actor_name=actor_name(actor),
                                    actor_role=role_label(actor, application.organisation),
                                    from_state=application.state, to_state=application.state, reason=reason,
                                    public_note=public_note, on_date=timezone.localdate())


def disclosure_upload(*, actor: Any, application: Application, file: Any, title: str = "") -> Disclosure:
    """Store a file to be disclosed (its original stays private). Refused: a file that is neither PDF nor
    DOCX, an encrypted PDF, a DOCX with embedded objects or macros. A PDF with no text layer is accepted;
    its `has_text` is False and only regions and pages can be withheld."""
    _require_handler(actor, application, "上传拟公开材料")
    if application.state in ("archived",):
        raise StateError("已归档的申请不能再上传材料。")
    name = letter_text.clean_text(getattr(file, "name", "") or "", limit=255) or "未命名"
    limit = settings.MAX_ATTACHMENT_BYTES  # the one upload limit
    data = file.read(limit + 1)
    if not data:
        raise DomainError("文件是空的。")
    if len(data) > limit:
        raise DomainError(f"文件超过 {limit // 1024 // 1024} MB。")
    kind = sniff(data, name)
    if kind == Disclosure.Kind.PDF:
        pages, has_text = pdf_info(data)
    else:
        _check_docx(data)
        pages, has_text = 0, bool("".join(docx_paragraphs(data)).strip())
        if not has_text:
            raise DomainError("该 Word 文档没有文字，无需区分处理。")
    title = letter_text.clean_text(title, limit=120) or f"公开材料{application.disclosures.count() + 1}"
    digest = hashlib.sha256(data).hexdigest()
    with transaction.atomic():
        record = Disclosure(application=application, title=title, kind=kind, original_name=name, sha256=digest,
                            pages=pages, has_text=has_text,
                            uploaded_by=actor if getattr(actor, "is_authenticated", False) else None)
        # The stored name says nothing of the original's (which may itself name what is withheld).
        record.original.save(f"{digest[:16]}.{kind}", ContentFile(data), save=False)
        record.save()
        _event(application, kind=EventKind.DISCLOSURE_UPLOAD, actor=actor, reason=f"上传拟公开材料：{title}")
        audit(actor=actor, action=RedactionAction.UPLOAD, obj=record, organisation=application.organisation,
              after={"title": title, "kind": kind, "pages": pages, "has_text": has_text, "sha256": digest})
    return record


def _as_mark(mark: RedactionMark) -> Mark:
    rect = tuple(float(v) for v in mark.rect) if mark.rect else None
    return Mark(kind=mark.kind, text=mark.text, page=mark.page, rect=rect)  # type: ignore[arg-type]


def active_marks(disclosure: Disclosure) -> list[RedactionMark]:
    return list(disclosure.marks.filter(withdrawn=False))


def redaction_mark_add(*, actor: Any, disclosure: Disclosure, kind: str, reason: str, text: str = "",
                       page: int | None = None, rect: Iterable[float] | None = None, note: str = "") -> RedactionMark:
    """Withhold every occurrence of a passage, a region of a page, or a whole page, with its reason."""
    application = disclosure.application
    _require_handler(actor, application, "标记不予公开内容")
    if disclosure.withdrawn:
        raise StateError("该材料已撤回。")
    if kind not in RedactionMark.Kind.values:
        raise DomainError("标记方式应为文字、页面区域或整页。")
    if reason not in RedactionReason.values:
        raise DomainError("请选择不予公开的理由（条例第三十七条：对不予公开的内容说明理由）。")
    text = letter_text.clean_text(text, limit=500) if kind == RedactionMark.Kind.TEXT else ""
    if kind == RedactionMark.Kind.TEXT and len(text) < MIN_PASSAGE:
        raise DomainError(f"请写出要遮盖的文字（至少 {MIN_PASSAGE} 个字）。")
    rect_value: tuple[float, float, float, float] | None = None
    if kind == RedactionMark.Kind.REGION:
        try:
            values = [float(v) for v in (rect or [])]
        except (TypeError, ValueError) as exc:
            raise DomainError("区域坐标应为数字。") from exc
        if len(values) != 4 or values[0] >= values[2] or values[1] >= values[3]:
            raise DomainError("区域应给出左、上、右、下四个坐标，且右大于左、下大于上（单位 pt）。")
        rect_value = (values[0], values[1], values[2], values[3])
    data = _read(disclosure.original)
    mark = Mark(kind=kind, text=text, page=page, rect=rect_value)
    if disclosure.kind == Disclosure.Kind.DOCX:
        if kind != RedactionMark.Kind.TEXT:
            raise DomainError("Word 文档只能按文字标出不予公开的内容；如需按页遮盖，请另存为 PDF 后上传。")
        if text in PLACEHOLDER:
            raise DomainError(f"“{text}”是公开件中替换用的文字，不能作为标记。")
        hits = docx_hits(data, text)
        if not hits:
            raise DomainError(f"文件中没有找到“{text[:40]}”：这条标记不会遮盖任何内容，未保存。")
    else:
        hits = check_pdf_mark(data, mark)
    if kind != RedactionMark.Kind.TEXT and disclosure.marks.filter(
            withdrawn=False, kind=kind, page=page, rect=list(rect_value) if rect_value else None).exists():
        raise DomainError("这一标记已经存在。")
    if kind == RedactionMark.Kind.TEXT and disclosure.marks.filter(withdrawn=False, kind=kind, text=text).exists():
        raise DomainError("这段文字已经标记。")
    with transaction.atomic():
        record = RedactionMark.objects.create(
            disclosure=disclosure, kind=kind, text=text, page=page if kind != RedactionMark.Kind.TEXT else None,
            rect=list(rect_value) if rect_value else None, reason=reason,
            note=letter_text.clean_text(note, limit=200), hits=hits,
            created_by=actor if getattr(actor, "is_authenticated", False) else None)
        audit(actor=actor, action=RedactionAction.MARK, obj=record, organisation=application.organisation,
              after={"disclosure": disclosure.pk, "kind": kind, "page": page, "reason": reason, "hits": hits})
    return record


def redaction_mark_withdraw(*, actor: Any, mark: RedactionMark, reason: str = "") -> RedactionMark:
    """A mark is withdrawn, never deleted (条例第四十五条)."""
    application = mark.disclosure.application
    _require_handler(actor, application, "撤回不予公开标记")
    if mark.withdrawn:
        raise StateError("该标记已撤回。")
    with transaction.atomic():
        mark.withdrawn = True
        mark.save(update_fields=["withdrawn"])
        audit(actor=actor, action=RedactionAction.UNMARK, obj=mark, organisation=application.organisation,
              reason=letter_text.clean_text(reason, limit=200))
    return mark


def redacted_bytes(disclosure: Disclosure, marks: list[RedactionMark] | None = None) -> bytes:
    marks = active_marks(disclosure) if marks is None else marks
    data = _read(disclosure.original)
    plain = [_as_mark(m) for m in marks]
    return redact_pdf(data, plain) if disclosure.kind == Disclosure.Kind.PDF else redact_docx(data, plain)


def leaked(released: bytes, kind: str, marks: Iterable[RedactionMark]) -> list[str]:
    """The withheld strings still readable in a released file (must be none)."""
    text = pdf_all_text(released) if kind == Disclosure.Kind.PDF else docx_all_text(released)
    squeezed = re.sub(r"\s+", "", text)
    return [m.text for m in marks if m.kind == RedactionMark.Kind.TEXT and m.text
            and (m.text in text or re.sub(r"\s+", "", m.text) in squeezed)]


def _summary(disclosure: Disclosure, marks: list[RedactionMark]) -> list[dict[str, Any]]:
    """What is withheld and why, for the letter (条例第三十七条: 对不予公开的内容说明理由)."""
    rows: list[dict[str, Any]] = []
    by_reason: dict[str, list[RedactionMark]] = defaultdict(list)
    for mark in marks:
        by_reason[mark.reason].append(mark)
    for reason, items in by_reason.items():
        texts = sum(m.hits for m in items if m.kind == RedactionMark.Kind.TEXT)
        pages = sorted({m.page for m in items if m.kind == RedactionMark.Kind.PAGE and m.page})
        regions = sorted({m.page for m in items if m.kind == RedactionMark.Kind.REGION and m.page})
        where = []
        if texts:
            where.append(f"{texts}处文字")
        if pages:
            where.append("第" + "、".join(str(p) for p in pages) + "页")
        if regions:
            where.append("第" + "、".join(str(p) for p in regions) + "页的部分区域")
        rows.append({"reason": reason, "article": ARTICLES[RedactionReason(reason)], "where": "中" + "、".join(where),
                     "count": len(items)})
    return rows


def redaction_release(*, actor: Any, disclosure: Disclosure) -> ReleasedCopy:
    """Produce, check and store the released copy (公开件). Refused with no marks, or if any withheld
    string could still be read in the result (nothing is stored then)."""
    application = disclosure.application
    _require_handler(actor, application, "生成公开件")
    if disclosure.withdrawn:
        raise StateError("该材料已撤回。")
    marks = active_marks(disclosure)
    if not marks:
        raise DomainError("尚未标出不予公开的内容：部分公开（条例第三十七条）应当对不予公开的内容作区分处理。")
    data = redacted_bytes(disclosure, marks)
    remaining = leaked(data, disclosure.kind, marks)
    if remaining:
        raise DomainError(f"公开件中仍能读到不予公开的文字（{len(remaining)} 处），未生成。请改用区域或整页遮盖。")
    pages = pdf_info(data)[0] if disclosure.kind == Disclosure.Kind.PDF else 0
    digest = hashlib.sha256(data).hexdigest()
    with transaction.atomic():
        serial = ReleasedCopy.objects.filter(disclosure__application=application).count() + 1
        filename = f"{application.number}-公开件-{serial}.{disclosure.kind}"
        ReleasedCopy.objects.filter(disclosure=disclosure, is_current=True).update(is_current=False)
        copy = ReleasedCopy(disclosure=disclosure, filename=filename, sha256=digest, pages=pages,
                            summary=_summary(disclosure, marks),
                            produced_by=actor if getattr(actor, "is_authenticated", False) else None)
        copy.file.save(f"{digest[:16]}.{disclosure.kind}", ContentFile(data), save=False)
        copy.save()
        reasons = "；".join(f"{row['where'][1:]}：{RedactionReason(row['reason']).label}" for row in copy.summary)
        _event(application, kind=EventKind.REDACTION_RELEASE, actor=actor,
               reason=f"区分处理，生成公开件 {filename}（{reasons}）（条例第三十七条）")
        audit(actor=actor, action=RedactionAction.RELEASE, obj=copy, organisation=application.organisation,
              after=copy.as_dict() | {"marks": [m.pk for m in marks]})
    return copy


def disclosure_withdraw(*, actor: Any, disclosure: Disclosure, reason: str) -> Disclosure:
    """Withdraw a file uploaded by mistake (it and its released copies are no longer given out)."""
    application = disclosure.application
    _require_handler(actor, application, "撤回拟公开材料")
    if not reason.strip():
        raise DomainError("请写明撤回理由。")
    with transaction.atomic():
        disclosure.withdrawn = True
        disclosure.save(update_fields=["withdrawn"])
        ReleasedCopy.objects.filter(disclosure=disclosure).update(is_current=False)
        _event(application, kind=EventKind.DISCLOSURE_WITHDRAW, actor=actor, reason=f"撤回拟公开材料：{disclosure.title}（{reason}）")
        audit(actor=actor, action=RedactionAction.WITHDRAW, obj=disclosure, organisation=application.organisation,
              reason=letter_text.clean_text(reason, limit=200))
    return disclosure


def original_for_staff(*, actor: Any, disclosure: Disclosure) -> bytes:
    """The original (staff of the handling organisation only; every view is logged)."""
    application = disclosure.application
    _require_handler(actor, application, "查看拟公开材料原件")
    with transaction.atomic():
        audit(actor=actor, action=RedactionAction.VIEW_ORIGINAL, obj=disclosure,
              organisation=application.organisation)
    return _read(disclosure.original)


# --- Reads ----------------------------------------------------------------------------------------

def current_released(application: Application) -> list[ReleasedCopy]:
    """The released copies the applicant receives: the newest of each file not withdrawn."""
    return list(ReleasedCopy.objects.filter(disclosure__application=application, disclosure__withdrawn=False,
                                            is_current=True).select_related("disclosure").order_by("disclosure_id"))


def applicant_copies(application: Application) -> list[ReleasedCopy]:
    """What the applicant may download through the tracking session: the current released copies (公开件),
    once the request has been answered (条例第三十六条、第三十七条); never an original, never before the
    reply (the officer may still be marking)."""
    if application.replied_on is None or application.state not in (State.REPLIED, State.ARCHIVED):
        return []
    return current_released(application)


def released_file(copy: ReleasedCopy) -> tuple[bytes, str, str]:
    """(content, file name, content type) of a released copy, for any download."""
    content_type = ("application/pdf" if copy.disclosure.kind == Disclosure.Kind.PDF else
                    "application/vnd.openxmlformats-officedocument.wordprocessingml.document")
    return _read(copy.file), copy.filename, content_type


def preview_pdf(disclosure: Disclosure) -> bytes:
    """The redacted result as PDF pages (cached in the private storage by the marks' fingerprint)."""
    marks = active_marks(disclosure)
    key = hashlib.sha256(repr([(m.pk, m.kind, m.text, m.page, m.rect) for m in marks]).encode()).hexdigest()[:20]
    storage = private_storage()
    path = f"previews/{disclosure.pk}-{key}.pdf"
    if storage.exists(path):
        with storage.open(path, "rb") as fh:
            return bytes(fh.read())
    data = redacted_bytes(disclosure, marks)
    pdf = data if disclosure.kind == Disclosure.Kind.PDF else docx_preview_pdf(data)
    storage.save(path, ContentFile(pdf))
    return pdf


def preview_pages(disclosure: Disclosure) -> int:
    import pymupdf

    with pymupdf.open(stream=preview_pdf(disclosure), filetype="pdf") as doc:
        return len(doc)


def search_original(disclosure: Disclosure, text: str) -> list[tuple[int, str]]:
    """Where a passage occurs (page, context) in the original, for the officer choosing what to mark."""
    text = letter_text.clean_text(text, limit=200)
    if len(text) < MIN_PASSAGE:
        return []
    data = _read(disclosure.original)
    if disclosure.kind == Disclosure.Kind.PDF:
        return pdf_hits(data, text)
    return [(0, p[:120]) for p in docx_paragraphs(data) if text in p]
