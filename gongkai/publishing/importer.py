"""Import already-published documents from files: .txt, .html, .docx, .pdf (text layer).

Reads bytes → detects the encoding (UTF-8, GB18030/GBK) → strips YAML front matter, HTML markup,
CSS, script and page furniture → extracts 标题, 文号, 发文机关, 成文日期 from the text → checks them
against a metadata sidecar (metadata.csv / metadata.yaml in the folder) → recognises a 转载 (repost)
and links it to its source → stores through `services.import_published` (idempotent).
A bad file becomes one entry in `errors`; the others go on.
"""

from __future__ import annotations

import csv
import html
import io
import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import yaml
from huey.contrib.djhuey import HUEY

from gongkai.core import safefiles
from gongkai.core.models import Organisation
from gongkai.publishing.models import GENRES, TOPICS, Document, Kind
from gongkai.search.analysis import find_doc_nos, normalise_doc_no

MAX_BYTES = 5 * 1024 * 1024
SUFFIXES = {".txt", ".html", ".htm", ".docx", ".pdf"}
SIDECARS = ("metadata.csv", "metadata.yaml", "metadata.yml")


class ImportFileError(Exception):
    """A file that cannot be imported; the message says why, in Chinese."""


@dataclass
class Extracted:
    title: str = ""
    doc_no: str = ""
    publisher: str = ""
    written_on: date | None = None
    body: str = ""
    is_repost: bool = False
    source_name: str = ""
    source_title: str = ""
    front_matter: dict[str, Any] = field(default_factory=dict)


# --- bytes → text ---------------------------------------------------------------------------

def decode(raw: bytes) -> str:
    if not raw.strip():
        raise ImportFileError("文件为空。")
    if b"\x00" in raw[:4096] and not raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise ImportFileError("文件是二进制内容，不是文本、HTML、DOCX 或 PDF。")
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        if exc.start >= len(raw) - 3 and len(raw) > 100:
            raise ImportFileError("文件不完整：末尾的字符被截断（UTF-8），请重新获取完整文件。") from exc
    try:
        return raw.decode("gb18030")
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(raw).best()
    if best is None or best.encoding is None:
        raise ImportFileError("无法识别文件编码（支持 UTF-8、GB18030/GBK）。")
    text = str(best)
    if sum(1 for ch in text if "\u4e00" <= ch <= "\u9fff") < 10:
        raise ImportFileError(f"按 {best.encoding} 解码后没有可识别的中文正文，文件编码可能有误。")
    return text


def read_text(path: Path) -> str:
    before = path.stat()
    if before.st_size > MAX_BYTES:
        raise ImportFileError(f"文件过大（{before.st_size / 1024 / 1024:.1f} MB，上限 {MAX_BYTES // 1024 // 1024} MB）。")
    suffix = path.suffix.lower()
    raw = path.read_bytes()
    after = path.stat()
    # A file still being written (a copy in progress, an editor saving): what we read is no whole version.
    if (before.st_size, before.st_mtime_ns) != (after.st_size, after.st_mtime_ns) or len(raw) != after.st_size:
        raise ImportFileError("文件在导入过程中被修改（大小或修改时间变化），未导入；请待文件写完后重新导入。")
    try:
        if suffix == ".docx":
            return safefiles.check_text_length(_docx_text(raw))
        if suffix == ".pdf":
            return safefiles.check_text_length(_pdf_text(raw))
        return safefiles.check_text_length(decode(raw))
    except safefiles.UnsafeFileError as exc:
        raise ImportFileError(str(exc)) from exc


def _docx_text(raw: bytes) -> str:
    import docx

    safefiles.check_office_file(raw, "DOCX")  # before python-docx inflates anything
    try:
        document = docx.Document(io.BytesIO(raw))
    except Exception as exc:
        raise ImportFileError("DOCX 文件已损坏或不是 Word 文档。") from exc
    text = "\n".join(p.text for p in document.paragraphs)
    if not text.strip():
        raise ImportFileError("DOCX 文件中没有正文文字。")
    return text


def _pdf_text(raw: bytes) -> str:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(raw))
        text = "\n".join(page.extract_text() or "" for page in reader.pages)
    except (PdfReadError, ValueError, KeyError) as exc:
        raise ImportFileError("PDF 文件已损坏，无法读取文字层。") from exc
    if not text.strip():
        raise ImportFileError("PDF 没有文字层（可能是扫描件），请先做文字识别。")
    return text


# --- cleaning -------------------------------------------------------------------------------

_FRONT = re.compile(r"\A\s*---\s*\n(.*?)\n---\s*\n", re.S)
_JUNK_LINES = re.compile(r"^(责任编辑[:：].*|海量资讯.*|来源[:：].*|点击进入.*|扫描二维码.*|分享到.*)$")


def looks_like_html(text: str) -> bool:
    return bool(re.search(r"<(html|body|div|p|span|br|table|font|script|style)\b", text[:20000], re.I))


def strip_html(text: str) -> str:
    text = re.sub(r"<!--.*?-->", "", text, flags=re.S)
    text = re.sub(r"<(script|style|noscript|iframe)\b.*?</\1\s*>", "", text, flags=re.S | re.I)
    text = re.sub(r"<(script|style)\b.*\Z", "", text, flags=re.S | re.I)  # unclosed junk at the end
    text = re.sub(r"<\s*(br|/p|/div|/h\d|/li|/tr|p|div|h\d|li|tr)\b[^>]*>", "\n", text, flags=re.I)
    text = re.sub(r"<[^>]+>", "", text)
    return html.unescape(text)


def clean(text: str) -> tuple[str, dict[str, Any]]:
    """Remove front matter, markup and furniture; normalise line ends and blank lines."""
    front: dict[str, Any] = {}
    match = _FRONT.match(text)
    if match:
        try:
            loaded = yaml.safe_load(match.group(1))
            front = loaded if isinstance(loaded, dict) else {}
        except yaml.YAMLError:
            front = {}
        text = text[match.end():]
    if looks_like_html(text):
        text = strip_html(text)
    lines = []
    for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        line = line.strip().strip("\u3000").strip()
        if _JUNK_LINES.match(line) or re.fullmatch(r"[.#\w-]+\s*\{.*\}", line):
            continue
        lines.append(line)
    body = re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()
    return body, front


# --- extraction -----------------------------------------------------------------------------

_DATE = re.compile(r"^((?:19|20)\d{2})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日$")
_PUBLISHER = re.compile(r"^(国务院办公厅|国务院|[\u4e00-\u9fa5]{2,20}(?:人民政府办公厅|人民政府办公室|人民政府|办公厅|委员会|局|厅))(?:文件)?$")
_REPOST = re.compile(r"(据[\u4e00-\u9fa5]{2,12}(?:网|报|社|台)\s*\d{0,2}月?\d{0,2}日?消息|转载自|来源[:：]|新浪财经|澎湃新闻)")


def extract(text: str, front: dict[str, Any]) -> Extracted:
    lines = list(text.split("\n"))
    head = [line for line in lines[:40] if line]
    out = Extracted(body=text, front_matter=front)
    # 文号: a line that is just a 文号, near the top.
    doc_no_index = None
    for i, line in enumerate(head[:15]):
        found = find_doc_nos(line)
        if found and len(line) <= len(found[0][0]) + 4:
            out.doc_no = found[0][0]
            doc_no_index = i
            break
    # 标题: the lines ending in 通知/意见/决定… before the addressees; may span two lines.
    for i, line in enumerate(head[:12]):
        if re.search(r"(关于|印发)", line) and not line.endswith(("：", ":")) and len(line) <= 60:
            title = line
            if not re.search(r"(通知|意见|决定|通告|公告|办法|规定|报告|批复|函|纪要)$", title) and i + 1 < len(head):
                nxt = head[i + 1]
                if re.search(r"(通知|意见|决定|通告|公告|办法|规定|报告|批复|函|纪要)$", nxt) and len(nxt) <= 40:
                    title += nxt
            out.title = re.sub(r"\s+", "", title)
            break
    if not out.title and front.get("title"):
        out.title = str(front["title"]).replace("_", "“", 1).strip()
    # 发文机关 and 成文日期: the signature block (机关 line followed by a date line).
    for i, line in enumerate(head):
        m = _DATE.match(line.replace(" ", ""))
        if m:
            try:
                out.written_on = date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
            except ValueError:
                continue
            if i > 0 and _PUBLISHER.match(head[i - 1].replace(" ", "")):
                out.publisher = head[i - 1].replace(" ", "").removesuffix("文件")
            break
    if not out.publisher and doc_no_index is not None and doc_no_index > 0:
        m2 = _PUBLISHER.match(head[doc_no_index - 1].replace(" ", ""))
        if m2:
            out.publisher = m2.group(1)
    # 转载: a news site's front matter or a "据…消息" lead.
    first_para = next((line for line in lines if len(line) > 20), "")
    author = str(front.get("author", "")) if front else ""
    if author or _REPOST.search(first_para):
        out.is_repost = True
        out.source_name = author or (_REPOST.search(first_para).group(0) if _REPOST.search(first_para) else "")  # type: ignore[union-attr]
        quoted = re.findall(r"《([^》]{4,60})》", first_para)
        out.source_title = quoted[0] if quoted else ""
    return out


# --- sidecars -------------------------------------------------------------------------------

def read_sidecar(folder: Path) -> dict[str, dict[str, str]]:
    for name in SIDECARS:
        path = folder / name
        if not path.exists():
            continue
        text = decode(path.read_bytes())
        if name.endswith(".csv"):
            return {row["file"]: {k: (v or "").strip() for k, v in row.items()} for row in safefiles.csv_dicts(text)
                    if row.get("file")}
        loaded = yaml.safe_load(text) or {}
        if isinstance(loaded, list):
            return {str(item["file"]): {k: str(v) for k, v in item.items()} for item in loaded if "file" in item}
        if isinstance(loaded, dict):
            return {str(k): {kk: str(vv) for kk, vv in v.items()} for k, v in loaded.items()}
    return {}


def _date(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None


@dataclass
class Prepared:
    path: Path
    data: dict[str, Any]
    published_on: date | None
    is_repost: bool
    source_title: str
    source_doc_no: str
    warnings: list[str]


def prepare(path: Path, sidecar: dict[str, str] | None) -> Prepared:
    """Read, clean, extract and reconcile one file with its sidecar row."""
    body, front = clean(read_text(path))
    if len(re.sub(r"\s", "", body)) < 20:
        raise ImportFileError("清理后正文不足 20 字，没有可导入的内容。")
    ex = extract(body, front)
    meta = sidecar or {}
    warnings = []
    for label, mine, theirs in (("文号", normalise_doc_no(ex.doc_no), normalise_doc_no(meta.get("doc_no", ""))),
                                ("成文日期", ex.written_on.isoformat() if ex.written_on else "", meta.get("written_on", "")),
                                ("标题", ex.title, meta.get("title", ""))):
        if mine and theirs and mine != theirs and label != "标题":
            warnings.append(f"{path.name}：正文中的{label}“{mine}”与元数据“{theirs}”不一致，已采用元数据。")
    title = meta.get("title") or ex.title or path.stem
    doc_no = meta.get("doc_no") or ex.doc_no
    topic = meta.get("topic") if meta.get("topic") in TOPICS else "综合政务"
    genre = meta.get("genre") if meta.get("genre") in GENRES else ("通知" if title.endswith("通知") else "其他")
    written = _date(meta.get("written_on")) or ex.written_on
    published = _date(meta.get("published_on")) or written
    is_repost = ex.is_repost
    source_doc_no = ""
    if is_repost:
        cited = find_doc_nos(body[:500])
        source_doc_no = cited[0][1] if cited else ""
    data = {
        "title": title, "doc_no": "" if is_repost else doc_no,
        "publisher_name": meta.get("publisher") or ex.publisher or (str(front.get("author", "")) if front else ""),
        "written_on": written, "changed_on": None, "topic": topic, "genre": "其他" if is_repost else genre,
        "keywords": "", "body_text": body, "kind": Kind.NEWS if is_repost else Kind.POLICY,
        "source_name": ex.source_name if is_repost else "",
    }
    return Prepared(path, data, published, is_repost, ex.source_title, source_doc_no, warnings)


def find_source(prepared: Prepared, memo: dict[tuple[str, str, bool], Document | None] | None = None) -> Document | None:
    """The policy a repost summarises: by a 文号 it quotes, else by the title it quotes in 《》.

    `memo` remembers answers within one import run: many reposts of one policy cost one look-up
    (the title match is a substring scan)."""
    hint = "国务院办公厅" in prepared.data["body_text"][:300]
    key = (prepared.source_doc_no, prepared.source_title, hint)
    if memo is not None:
        if key not in memo:
            memo[key] = find_source(prepared)
        return memo[key]
    from gongkai.publishing.selectors import by_doc_no, public_documents

    if prepared.source_doc_no:
        doc = by_doc_no(prepared.source_doc_no)
        if doc:
            return doc
    if prepared.source_title:
        candidates = public_documents().filter(kind=Kind.POLICY, title__contains=prepared.source_title)
        if hint:
            preferred = candidates.filter(publisher_name="国务院办公厅").first()
            if preferred:
                return preferred
        return candidates.first()
    return None


def collect(paths: list[Path]) -> tuple[list[tuple[Path, dict[str, str] | None]], list[dict[str, str]]]:
    files: list[tuple[Path, dict[str, str] | None]] = []
    errors: list[dict[str, str]] = []
    for path in paths:
        if path.is_dir():
            try:
                sidecar = read_sidecar(path)
            except (ImportFileError, safefiles.UnsafeFileError, yaml.YAMLError, csv.Error, KeyError) as exc:
                errors.append({"path": str(path), "error": f"元数据文件无法读取：{exc}"})
                sidecar = {}
            for child in sorted(path.iterdir()):
                if child.is_file() and child.suffix.lower() in SUFFIXES and child.name not in SIDECARS:
                    files.append((child, sidecar.get(child.name)))
        elif path.is_file():
            try:
                sidecar = read_sidecar(path.parent)
            except (ImportFileError, safefiles.UnsafeFileError, yaml.YAMLError, csv.Error, KeyError):
                sidecar = {}
            files.append((path, sidecar.get(path.name)))
        else:
            errors.append({"path": str(path), "error": "文件或目录不存在。"})
    return files, errors


IMPORT_CHUNK = 500  # documents per transaction: big enough for bulk statements, small enough to retry
HAND_OVER = 5000  # documents per indexing job when a job consumer runs
ANALYZE_AFTER = 1000  # new documents after which the planner statistics are refreshed


def import_paths(paths: list[Path], *, organisation: Organisation | None, actor: Any = None) -> dict[str, Any]:
    """Import files and folders; the contract's result dict. Policies first, then reposts (so a
    repost finds its source in the same run)."""
    from gongkai.publishing.services import import_done

    result: dict[str, Any] = {"created": 0, "updated": 0, "unchanged": 0, "errors": [], "warnings": []}
    files, errors = collect(paths)
    result["errors"].extend(errors)
    batch: list[int] = []
    unchanged: list[int] = []
    sources: dict[tuple[str, str, bool], Document | None] = {}
    # Files are read a chunk at a time (a 100,000-file import never holds every text at once);
    # reposts wait until every policy of the run is stored, so they can find their source.
    chunk: list[Prepared] = []
    reposts: list[Prepared] = []
    for path, meta in files:
        try:
            item = prepare(path, meta)
        except ImportFileError as exc:
            result["errors"].append({"path": str(path), "error": str(exc)})
            continue
        except OSError as exc:
            result["errors"].append({"path": str(path), "error": f"无法读取文件：{exc.strerror}"})
            continue
        (reposts if item.is_repost else chunk).append(item)
        if len(chunk) == IMPORT_CHUNK:
            _import_chunk(chunk, organisation, actor, result, batch, sources, unchanged)
            chunk = []
            if len(batch) >= HAND_OVER and not HUEY.immediate:
                # A job consumer indexes what is stored while we read on (two processes, two cores);
                # inline (immediate) jobs index once at the end, with one writer for the whole run.
                import_done(batch)
                batch = []
    _import_chunk(chunk, organisation, actor, result, batch, sources, unchanged)
    for start in range(0, len(reposts), IMPORT_CHUNK):
        _import_chunk(reposts[start:start + IMPORT_CHUNK], organisation, actor, result, batch, sources, unchanged)
    if result["created"] >= ANALYZE_AFTER:
        from gongkai.core.dbstats import analyze
        from gongkai.publishing.models import Citation, Revision

        analyze(Document, Revision, Citation)
    # A rerun after a crash: files already stored ("unchanged") whose indexing never ran are indexed
    # now, with the new ones (the first run committed them, then died before its indexing job).
    from gongkai.publishing.tasks import unindexed

    import_done(batch + unindexed(unchanged))
    return result


def _import_chunk(chunk: list[Prepared], organisation: Organisation | None, actor: Any, result: dict[str, Any],
                  batch: list[int], sources: dict[tuple[str, str, bool], Document | None],
                  unchanged: list[int]) -> None:
    """One transaction for the chunk; if any file fails, the chunk is redone file by file so the
    failure is reported against its file and the others are still imported."""
    from gongkai.publishing.services import ImportItem, import_published, import_published_many

    if not chunk:
        return
    items = []
    for item in chunk:
        result["warnings"].extend(item.warnings)
        data = dict(item.data)
        if item.is_repost:
            source = find_source(item, sources)
            if source is None:
                result["warnings"].append(f"{item.path.name}：识别为转载，但未找到其来源文件，按新闻动态保存。")
            else:
                data["source_document_id"] = source.pk
        items.append(ImportItem(data=data, published_on=item.published_on, import_key=item.path.name))
    done: list[int] = []
    try:
        outcomes = import_published_many(actor=actor, organisation=organisation, items=items, batch=done)
    except Exception:  # noqa: BLE001 - retried one by one below, where each failure names its file
        outcomes = []
    if outcomes:
        batch.extend(done)
        for outcome, doc in outcomes:
            result[outcome] += 1
            if outcome == "unchanged":
                unchanged.append(doc.pk)
        return
    for item, one in zip(chunk, items, strict=True):
        try:
            outcome, doc = import_published(actor=actor, organisation=organisation, data=one.data,
                                             published_on=one.published_on, import_key=one.import_key, batch=batch)
        except Exception as exc:  # noqa: BLE001 - one bad row must not stop the batch; reported per file
            result["errors"].append({"path": str(item.path), "error": f"保存失败：{exc}"})
            continue
        result[outcome] += 1
        if outcome == "unchanged":
            unchanged.append(doc.pk)
