"""Letters of 依申请公开 (答复书, 补正告知书, 延期答复告知书, 征求意见函, 收费通知书) as DOCX and PDF.

`letter_issue` is the one place a letter is generated and stored. It gathers the facts of the request
(its receipt, 补正, consultations, fees, extension, outcome and redactions), lets letter_text.py word
them, allocates the number (青政信复〔2026〕6号, per organisation, prefix and year, under a row lock) and
renders:

- the PDF with WeasyPrint from templates/applications/letter_pdf.html (GB/T 9704-2012 layout; the
  font configuration is built once per process; when the signature block would stand on a page with
  hardly any text, the letter is set again with tighter spacing, as 7.3.5.1 allows);
- the DOCX with docxtpl from the default template (built in code, once per process) or an uploaded one.
  Rendering is safe by construction: a sandboxed Jinja environment with no globals, StrictUndefined and
  autoescape; user text is cleaned of control characters and Word field syntax (letter_text.clean_text);
  an uploaded template is checked when uploaded (`letter_template_upload`): only the documented
  variables, attributes, filters and tags, and a test render with sample data must give well-formed XML.

Issued letters are locked: their files and checksum never change.
"""

from __future__ import annotations

import hashlib
import io
import re
import threading
import zipfile
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.files.base import ContentFile
from django.db import IntegrityError, models, transaction
from django.db.models import F
from django.template.loader import render_to_string
from django.utils import timezone
from jinja2 import StrictUndefined, TemplateError, nodes
from jinja2.sandbox import SandboxedEnvironment
from lxml import etree  # type: ignore[import-untyped]

from gongkai.applications import letter_text, rules
from gongkai.applications.letter_models import LetterCounter, LetterSettings, RedactionReason
from gongkai.applications.models import Application, ApplicationEvent, Letter, LetterTemplate, Pause
from gongkai.core.exceptions import DomainError, PermissionDeniedError, StateError
from gongkai.core.models import Organisation, Role
from gongkai.core.selectors import get_calendar, has_role, require_role
from gongkai.core.services import actor_name, audit
from gongkai.core.workdays import add_workdays

DEFAULT_VERSION = "默认模板 2026-12（GB/T 9704-2012）"
TEMPLATE_MAX_BYTES = 2 * 1024 * 1024
TEMPLATE_MAX_UNCOMPRESSED = 20 * 1024 * 1024
CORRECTION_DEFAULT_WORKDAYS = 15


class LetterAction(models.TextChoices):
    """Audit actions of the letters (registered in ApplicationsConfig.ready)."""

    ISSUE = "application.letter_issue", "出具文书"
    TEMPLATE_UPLOAD = "application.letter_template_upload", "上传文书模板"
    SETTINGS_UPDATE = "application.letter_settings_update", "修改文书设置"


# --- Settings of the organisation -------------------------------------------------------------

@dataclass(frozen=True)
class ResolvedSettings:
    organ_name: str  # the 发文机关 of the title (letter_organ)
    signing_name: str
    prefixes: dict[str, str]
    reconsideration_body: str
    court: str
    contact_person: str
    contact_phone: str
    payment_instructions: str
    configured: bool
    missing: tuple[str, ...]


def default_reconsideration_body(org: Organisation) -> str:
    """行政复议机关 when none is configured (行政复议法第二十四条): a department's or office's own 人民政府;
    for a government, the government above it."""
    if org.kind != Organisation.Kind.GOVERNMENT:
        return org.government.name if org.government.kind == Organisation.Kind.GOVERNMENT else ""
    return org.parent.government.name if org.parent is not None else ""


def letter_organ(org: Organisation) -> Organisation:
    """The organ in whose name a request's letters go. A 政府信息公开工作机构 (OFFICE) handles the requests
    addressed to the body above it (decision 0200) and answers in that body's name, with its 文书设置 and its
    numbers (decision 0404); any other organisation answers in its own."""
    if org.kind == Organisation.Kind.OFFICE and org.parent_id:
        return org.parent  # type: ignore[return-value]
    return org


def resolved_settings(org: Organisation) -> ResolvedSettings:
    """The 文书设置 of the organ answering for `org` (letter_organ), with defaults for what it has not set
    (and a list of those)."""
    org = letter_organ(org)
    saved = LetterSettings.objects.filter(organisation=org).first()
    short = (org.short_name or org.name).strip()
    get = (lambda name: getattr(saved, name, "").strip()) if saved else (lambda name: "")
    missing = [label for name, label in (("reply_prefix", "答复书文号前缀"), ("reconsideration_body", "行政复议机关"),
                                         ("court", "行政诉讼管辖法院")) if not get(name)]
    reply = get("reply_prefix") or f"{short}信复"
    notice = get("notice_prefix") or f"{short}信告"
    return ResolvedSettings(
        organ_name=org.name,
        signing_name=get("signing_name") or org.name,
        prefixes={"reply": reply, "correction": notice, "extension": notice, "fee": notice,
                  "consultation": get("consultation_prefix") or f"{short}信函"},
        reconsideration_body=get("reconsideration_body") or default_reconsideration_body(org),
        court=get("court"),
        contact_person=get("contact_person"),
        contact_phone=get("contact_phone") or org.phone,
        payment_instructions=get("payment_instructions"),
        configured=saved is not None and not missing,
        missing=tuple(missing),
    )


SETTINGS_FIELDS = ("signing_name", "reply_prefix", "notice_prefix", "consultation_prefix", "reconsideration_body",
                   "court", "contact_person", "contact_phone", "payment_instructions")
SETTINGS_MAX = {"signing_name": 100, "reply_prefix": 20, "notice_prefix": 20, "consultation_prefix": 20,
                "reconsideration_body": 100, "court": 100, "contact_person": 40, "contact_phone": 40,
                "payment_instructions": 500}
_PREFIX = re.compile(r"^[\u4e00-\u9fffA-Za-z0-9]{0,20}$")


def letter_settings_update(*, actor: Any, organisation: Organisation, **fields: str) -> LetterSettings:
    """Save the organisation's 文书设置 (the admin of the organisation or of a government above it)."""
    require_role(actor, organisation, [Role.ADMIN], action="修改文书设置")
    unknown = set(fields) - set(SETTINGS_FIELDS)
    if unknown:
        raise DomainError(f"不能修改字段：{'、'.join(sorted(unknown))}。")
    values = {k: letter_text.clean_text(v, limit=500) for k, v in fields.items()}
    for name in ("reply_prefix", "notice_prefix", "consultation_prefix"):
        if name in values and not _PREFIX.match(values[name]):
            raise DomainError("文号前缀只能由汉字、字母和数字组成，不超过 20 个字符（如：青政信复），年份和序号由系统编排"
                              "（GB/T 9704-2012 7.2.4）。", field=name)
    with transaction.atomic():
        saved, _ = LetterSettings.objects.select_for_update().get_or_create(organisation=organisation)
        before = {k: getattr(saved, k) for k in SETTINGS_FIELDS}
        for key, value in values.items():
            setattr(saved, key, value[: SETTINGS_MAX[key]])
        saved.save()
        audit(actor=actor, action=LetterAction.SETTINGS_UPDATE, obj=saved, organisation=organisation,
              before=before, after={k: getattr(saved, k) for k in SETTINGS_FIELDS})
    return saved


# --- Numbers ------------------------------------------------------------------------------------

def allocate_number(organisation: Organisation, prefix: str, year: int) -> str:
    """The next 文号 of this prefix for the organisation and year. The counter row is created once and
    then incremented by an UPDATE, which holds its row lock until the surrounding transaction ends, so two
    letters never share a number on either database."""
    with transaction.atomic():
        try:
            with transaction.atomic():
                LetterCounter.objects.get_or_create(organisation=organisation, prefix=prefix, year=year)
        except IntegrityError:
            pass  # created by a concurrent letter in the meantime
        LetterCounter.objects.filter(organisation=organisation, prefix=prefix, year=year).update(last=F("last") + 1)
        serial = LetterCounter.objects.get(organisation=organisation, prefix=prefix, year=year).last
    return letter_text.letter_number(prefix, year, serial)


# --- Facts of one request -----------------------------------------------------------------------

def _check_kind(app: Application, kind: str) -> None:
    """A letter can be generated only when the step it reports has been recorded."""
    if kind not in Letter.Kind.values:
        raise DomainError(f"未知的文书类型：{kind}。")
    pauses = app.pauses.all()
    if kind == Letter.Kind.CORRECTION and not any(p.kind == Pause.Kind.CORRECTION for p in pauses):
        raise StateError("尚未登记补正告知，不能出具补正告知书（条例第三十条）。")
    if kind == Letter.Kind.CONSULTATION and not any(p.kind in (Pause.Kind.THIRD_PARTY, Pause.Kind.OTHER_AGENCY)
                                                    for p in pauses):
        raise StateError("尚未登记征求意见，不能出具征求意见函（条例第三十二条、第三十四条）。")
    if kind == Letter.Kind.EXTENSION and not app.extension_workdays:
        raise StateError("尚未登记延期，不能出具延期答复告知书（条例第三十三条第二款）。")
    if kind == Letter.Kind.FEE and not app.fees.exists():
        raise StateError("尚未登记收费，不能出具信息处理费缴费通知书（国办函〔2020〕109号）。")
    if kind == Letter.Kind.REPLY and not app.outcome:
        raise StateError("尚未登记办理结果，不能出具答复书（条例第三十六条）。")


def _event_on(event: ApplicationEvent | None) -> date | None:
    if event is None:
        return None
    return event.on_date or timezone.localtime(event.created_at).date()


def gather_facts(app: Application, kind: str, *, number: str, settings: ResolvedSettings,
                 issued_on: date | None = None, **extra: Any) -> letter_text.Facts:
    """The facts a letter may state, from the request, its pauses, events, fees and redactions.

    `extra` may name what the calling action knows better: what (补正事项), correction_days,
    correction_due, party, consultation_due, fee (a Fee), extension_reason, note (答复说明)."""
    clean = letter_text.clean_text
    events = list(app.events.all())
    pauses = sorted(app.pauses.all(), key=lambda p: (p.start, p.pk))
    correction = next((p for p in pauses if p.kind == Pause.Kind.CORRECTION), None)
    correction_event = next((e for e in reversed(events) if e.kind == "correction_requested"), None)
    extend_event = next((e for e in reversed(events) if e.kind == "extend"), None)
    consultations = [(p.kind, p.start, p.end, clean(p.note, limit=100))
                     for p in pauses if p.kind in (Pause.Kind.THIRD_PARTY, Pause.Kind.OTHER_AGENCY)]
    calendar = get_calendar()
    fee = extra.get("fee") or app.fees.order_by("-created_at", "-pk").first()
    officer = app.officer
    facts = letter_text.Facts(
        kind=kind, org_name=settings.organ_name, signing_name=settings.signing_name, number=number,
        issued_on=issued_on or timezone.localdate(), applicant_name=clean(app.name, limit=200),
        application_number=app.number, channel=app.channel,
        received_on=app.received_on, description=clean(app.description),
        reconsideration_body=settings.reconsideration_body, court=settings.court,
        contact_person=settings.contact_person or (actor_name(officer) if officer else ""),
        contact_phone=settings.contact_phone, contact_address=app.organisation.address,
        consultations=consultations, reply_due=app.reply_due, outcome=app.outcome,
    )
    if correction is not None:
        facts.correction_notice_on = correction.start
        facts.correction_received_on = app.correction_received_on or correction.end
        facts.correction_what = clean(extra.get("what") or (correction_event.reason if correction_event else ""),
                                      limit=2000)
        stated = re.search(r"\d+", correction.note or "")
        facts.correction_days = int(extra.get("correction_days") or (stated.group() if stated else 0)
                                    or CORRECTION_DEFAULT_WORKDAYS)
        due = extra.get("correction_due") or getattr(app, "correction_due", None)
        facts.correction_due = due or add_workdays(correction.start, facts.correction_days, calendar).result
    if consultations:
        start = consultations[-1][1]
        facts.consultation_due = extra.get("consultation_due") or add_workdays(
            start, rules.THIRD_PARTY_WORKDAYS, calendar).result
    if fee is not None:
        facts.fee_notice_on = fee.notice_received_on or timezone.localtime(fee.created_at).date()
        facts.fee_method, facts.fee_quantity, facts.fee_amount = fee.method, fee.quantity, fee.amount
        computed = rules.fee_by_piece(fee.quantity) if fee.method == "piece" else rules.fee_by_page(fee.quantity)
        facts.fee_bands = letter_text.fee_bands(computed.bands)
        facts.fee_payment_due = fee.payment_due
        facts.fee_paid_on, facts.fee_waived = fee.paid_on, fee.waived
        facts.fee_instructions = settings.payment_instructions
    if app.extension_workdays:
        facts.extension_days = app.extension_workdays
        reason = extra.get("extension_reason") or (extend_event.reason if extend_event else "")
        facts.extension_reason = clean(re.sub(r"（经\s*.*?同意）$", "", reason or ""), limit=500)
        facts.extension_on = _event_on(extend_event)
    if app.outcome:
        basis = rules.OUTCOME_BY_CODE[app.outcome].basis if app.outcome in rules.OUTCOME_BY_CODE else ""
        note = extra.get("note")
        if note is None:
            note = app.outcome_basis[len(basis):] if app.outcome_basis.startswith(basis) else ""
        facts.outcome_note = clean(note, limit=2000)
        from gongkai.applications import redaction

        for copy in redaction.current_released(app):
            facts.attachments.append(copy.filename)
            for item in copy.summary:
                facts.withheld.append(letter_text.Withheld(
                    material=clean(copy.disclosure.title, limit=120), where=item["where"],
                    reason=str(RedactionReason(item["reason"]).label), article=item["article"]))
    return facts


# --- Rendering: PDF -----------------------------------------------------------------------------

LINE = 225 / 22 * 72 / 25.4  # one line of the 版心 in pt (GB/T 9704-2012: 22 lines in 225 mm)
CHAR = 156 / 28 * 72 / 25.4  # one 字 in pt (28 a line in 156 mm)
_font_config: Any = None
_font_lock = threading.Lock()


def _weasy_font_config() -> Any:
    """WeasyPrint's font configuration, built once per process (fontconfig scanning is costly)."""
    global _font_config
    with _font_lock:
        if _font_config is None:
            from weasyprint.text.fonts import FontConfiguration  # type: ignore[import-untyped]

            _font_config = FontConfiguration()
    return _font_config


def _refuse_fetch(url: str, *args: Any, **kwargs: Any) -> dict[str, Any]:
    """Letters load nothing from outside: no URL in a letter is ever fetched."""
    raise ValueError(f"文书不加载外部资源：{url[:80]}")


def letter_html(letter: letter_text.Letter, *, tight: bool = False) -> str:
    name_right, date_right = letter_text.signature_indents(letter.signing_name, letter.date_text)
    line = LINE * (0.94 if tight else 1.0)
    return render_to_string("applications/letter_pdf.html", {
        "letter": letter, "attachment_lines": letter_text.attachment_lines(letter.attachments),
        "line_height": f"{line:.2f}", "seal_room": f"{line * (1 if tight else 2):.2f}",
        "name_right": f"{name_right * CHAR:.2f}", "date_right": f"{date_right * CHAR:.2f}",
    })


def html_to_pdf(html: str) -> bytes:
    from weasyprint import HTML

    return bytes(HTML(string=html, url_fetcher=_refuse_fetch).write_pdf(font_config=_weasy_font_config()))


CARRIED_LINES = 6


def _lonely_signature(pdf: bytes, letter: letter_text.Letter) -> bool:
    """Was the signature pushed onto a page of its own with only the few lines CSS carried along (fewer than
    `CARRIED_LINES` lines of text above it)? Then a tighter setting may keep it on the page before."""
    import pymupdf

    name = letter.signing_name.replace(" ", "")
    with pymupdf.open(stream=pdf, filetype="pdf") as doc:
        if len(doc) < 2:
            return False
        page = doc[-1]
        lines = []
        for block in page.get_text("dict")["blocks"]:
            for line in block.get("lines", []):
                text = "".join(span["text"] for span in line["spans"]).replace(" ", "")
                if text:
                    lines.append((line["bbox"][1], text))
        signature = [y for y, text in lines if text == name]
        if not signature:
            return False
        return sum(1 for y, _text in lines if y < signature[-1]) < CARRIED_LINES


def render_pdf(letter: letter_text.Letter) -> bytes:
    """The PDF. The signature never stands alone (CSS keeps it with at least two lines of the last paragraph);
    when it was pushed onto a new page with only a few lines, set the letter again with tighter line spacing
    and seal room (GB/T 9704-2012 7.3.5.1: 调整行距、字距) and keep that if it saves the page."""
    pdf = html_to_pdf(letter_html(letter))
    if _lonely_signature(pdf, letter):
        import pymupdf

        tight = html_to_pdf(letter_html(letter, tight=True))
        with pymupdf.open(stream=pdf, filetype="pdf") as a, pymupdf.open(stream=tight, filetype="pdf") as b:
            if len(b) < len(a):
                return tight
    return pdf


# --- Rendering: DOCX ----------------------------------------------------------------------------

# The variables a DOCX template may use (documented in docs/letters.md and the admin's help text).
DOCUMENTED_VARIABLES: dict[str, str] = {
    "title": "文书标题，如“政府信息公开申请答复书”",
    "title_lines": "标题各行（机关名称、文书标题）",
    "org_name": "机关名称",
    "letter_no": "文号，如“青政信复〔2026〕6号”",
    "addressee": "主送：申请人（征求意见函为第三方）名称，后接全角冒号",
    "applicant_name": "申请人姓名或名称",
    "number": "申请编号",
    "received_on": "收到申请之日，如“2026年9月30日”",
    "description": "申请获取的信息（申请人填写，已清理）",
    "paragraphs": "正文各段；每段有 text（文字）和 style（body 正文、h1 一级标题、h2 二级标题、plain 顶格）",
    "body": "正文全文（各段以换行分隔）",
    "remedies": "救济途径（仅答复书）",
    "attachments": "附件说明各行",
    "signing_name": "落款机关名称",
    "issued_on": "成文日期，如“2026年12月1日”",
    "note": "附注：联系人、联系电话、地址",
    "name_indent": "落款机关的右缩进（缇，1 字 = 316 缇）",
    "date_indent": "成文日期的右缩进（缇）",
}
ALLOWED_ATTRIBUTES = {"text", "style", "index", "index0", "first", "last", "length", "revindex", "revindex0"}
ALLOWED_FILTERS = {"default", "d", "length", "join", "trim", "e", "escape", "first", "last", "upper", "lower"}
ALLOWED_TESTS = {"defined", "undefined", "none", "string", "number", "eq", "ne", "sameas"}
ALLOWED_NODES = (nodes.Template, nodes.Output, nodes.TemplateData, nodes.Name, nodes.Const, nodes.Getattr,
                 nodes.For, nodes.If, nodes.Compare, nodes.Operand, nodes.And, nodes.Or, nodes.Not, nodes.Filter,
                 nodes.Test, nodes.CondExpr, nodes.Concat)


def sandbox() -> SandboxedEnvironment:
    """The only Jinja environment letters render in: sandboxed, no globals (no cycler, range, lipsum …),
    undefined names are errors, and every value is XML-escaped."""
    env = SandboxedEnvironment(autoescape=True, undefined=StrictUndefined, keep_trailing_newline=True)
    env.globals.clear()
    env.filters = {name: f for name, f in env.filters.items() if name in ALLOWED_FILTERS}
    env.tests = {name: t for name, t in env.tests.items() if name in ALLOWED_TESTS}
    return env


def _template_sources(data: bytes) -> list[tuple[str, str]]:
    """The Jinja source of every part docxtpl renders: body, headers, footers, footnotes, properties."""
    from docxtpl import DocxTemplate

    tpl = DocxTemplate(io.BytesIO(data))
    tpl.init_docx()
    sources = [("正文", tpl.patch_xml(tpl.get_xml()))]
    for uri, label in ((tpl.HEADER_URI, "页眉"), (tpl.FOOTER_URI, "页脚")):
        for _key, part in tpl.get_headers_footers(uri):
            sources.append((label, tpl.patch_xml(tpl.get_part_xml(part))))
    for part in tpl.docx.part.package.parts:
        if part.content_type.endswith("footnotes+xml"):
            blob = part.blob.decode("utf-8") if isinstance(part.blob, bytes) else part.blob
            sources.append(("脚注", tpl.patch_xml(blob)))
    props = tpl.docx.core_properties
    for name in ("author", "comments", "identifier", "language", "subject", "title"):
        sources.append(("文档属性", getattr(props, name) or ""))
    return sources


def _check_ast(node: nodes.Node, where: str, local: set[str]) -> None:
    if not isinstance(node, ALLOWED_NODES):
        raise DomainError(f"模板{where}使用了不允许的写法（{type(node).__name__}）：模板只能输出规定的变量，"
                          f"使用 if、for 和少数过滤器，不能调用函数或访问下标。")
    if isinstance(node, nodes.For):
        names = [node.target, *node.target.find_all(nodes.Name)]  # find_all skips the node itself
        targets = {n.name for n in names if isinstance(n, nodes.Name)} | {"loop"}
        _check_ast(node.iter, where, local)
        for child in [*node.body, *node.else_]:
            _check_ast(child, where, local | targets)
        if node.test is not None:
            _check_ast(node.test, where, local | targets)
        return
    if isinstance(node, nodes.Name) and node.ctx == "load" and node.name not in DOCUMENTED_VARIABLES \
            and node.name not in local:
        raise DomainError(f"模板{where}使用了未规定的变量“{node.name}”；可用变量：{'、'.join(DOCUMENTED_VARIABLES)}。")
    if isinstance(node, nodes.Getattr) and node.attr not in ALLOWED_ATTRIBUTES:
        raise DomainError(f"模板{where}访问了不允许的属性“{node.attr}”；只能使用段落的 text、style 和循环计数。")
    if isinstance(node, nodes.Filter) and node.name not in ALLOWED_FILTERS:
        raise DomainError(f"模板{where}使用了不允许的过滤器“{node.name}”。")
    if isinstance(node, nodes.Test) and node.name not in ALLOWED_TESTS:
        raise DomainError(f"模板{where}使用了不允许的判断“{node.name}”。")
    for child in node.iter_child_nodes():
        _check_ast(child, where, local)


def _check_zip(data: bytes) -> None:
    if len(data) > TEMPLATE_MAX_BYTES:
        raise DomainError(f"模板文件不能超过 {TEMPLATE_MAX_BYTES // 1024 // 1024} MB。")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = archive.namelist()
            if "word/document.xml" not in names:
                raise DomainError("模板应为 Word 文档（.docx），缺少 word/document.xml。")
            if sum(i.file_size for i in archive.infolist()) > TEMPLATE_MAX_UNCOMPRESSED:
                raise DomainError("模板解压后过大，已拒绝（疑似压缩炸弹）。")
    except zipfile.BadZipFile as exc:
        raise DomainError("模板应为 Word 文档（.docx），该文件无法打开。") from exc


def sample_context() -> dict[str, Any]:
    sample = letter_text.Facts(
        kind="reply", org_name="青溪县财政局", signing_name="青溪县财政局", number="青财信复〔2026〕1号",
        issued_on=date(2026, 12, 1), applicant_name="张三", application_number="2026-YSQ-000001",
        channel="互联网", received_on=date(2026, 11, 2), description="青溪县2025年老旧小区改造项目立项批复",
        outcome="disclose", reconsideration_body="青溪县人民政府", court="青溪县人民法院",
        contact_person="李四", contact_phone="025-57210000", attachments=["2026-YSQ-000001-公开件-1.pdf"])
    return docx_context(letter_text.compose(sample), application_number=sample.application_number,
                        received_on=sample.received_on, description=sample.description,
                        applicant_name=sample.applicant_name, org_name=sample.org_name)


def validate_template(data: bytes) -> None:
    """Refuse a DOCX template that uses anything but the documented variables, or that does not render
    to well-formed XML with sample data. Raises DomainError naming what is wrong."""
    _check_zip(data)
    env = sandbox()
    try:
        sources = _template_sources(data)
    except Exception as exc:
        raise DomainError(f"模板无法读取：{type(exc).__name__}。请上传用 Word 保存的 .docx 文件。") from exc
    for where, source in sources:
        try:
            tree = env.parse(source)
        except TemplateError as exc:
            raise DomainError(f"模板{where}的 Jinja 语法有误：{exc}") from exc
        _check_ast(tree, where, set())
    try:
        docx_bytes = render_docx_bytes(data, sample_context())
    except DomainError:
        raise
    except Exception as exc:
        raise DomainError(f"模板试生成失败：{type(exc).__name__}。") from exc
    check_docx_wellformed(docx_bytes)


def check_docx_wellformed(data: bytes) -> None:
    """Every XML part of the DOCX parses (no recovery): a letter Word can open."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for name in archive.namelist():
            if name.endswith((".xml", ".rels")):
                try:
                    etree.fromstring(archive.read(name), parser)
                except etree.XMLSyntaxError as exc:
                    raise DomainError(f"生成的文书不是有效的 Word 文档（{name}：{exc}）。") from exc


def docx_context(letter: letter_text.Letter, **raw: Any) -> dict[str, Any]:
    """Plain strings, lists and dicts only: a template can reach nothing but these values."""
    name_right, date_right = letter_text.signature_indents(letter.signing_name, letter.date_text)
    received = raw.get("received_on")
    return {
        "title": letter.title_lines[-1], "title_lines": list(letter.title_lines), "org_name": raw.get("org_name", ""),
        "letter_no": letter.number, "addressee": letter.addressee,
        "applicant_name": raw.get("applicant_name", ""), "number": raw.get("application_number", ""),
        "received_on": letter_text.cn_date(received) if isinstance(received, date) else "",
        "description": raw.get("description", ""),
        "paragraphs": [p.as_dict() for p in letter.paragraphs], "body": letter.body, "remedies": letter.remedies,
        "attachments": letter_text.attachment_lines(letter.attachments), "signing_name": letter.signing_name,
        "issued_on": letter.date_text, "note": letter.note,
        "name_indent": str(round(name_right * 316)), "date_indent": str(round(date_right * 316)),
    }


def render_docx_bytes(template: bytes, context: dict[str, Any]) -> bytes:
    from docxtpl import DocxTemplate

    tpl = DocxTemplate(io.BytesIO(template))
    try:
        tpl.render(context, jinja_env=sandbox(), autoescape=True)
    except TemplateError as exc:  # SecurityError and UndefinedError included
        raise DomainError(f"文书模板无法生成（{type(exc).__name__}）：模板只能使用规定的变量。") from exc
    buffer = io.BytesIO()
    tpl.save(buffer)
    return buffer.getvalue()


_default_templates: dict[str, bytes] = {}


def default_template(kind: str) -> bytes:
    """The built-in template (the same layout for every kind), built in code once per process."""
    if kind not in _default_templates:
        from gongkai.applications.letter_docx import build_default_template

        _default_templates[kind] = build_default_template()
    return _default_templates[kind]


def active_template(kind: str) -> tuple[bytes, str]:
    override = LetterTemplate.objects.filter(kind=kind, is_active=True).order_by("-uploaded_at", "-pk").first()
    if override is not None:
        with override.file.open("rb") as fh:
            return fh.read(), override.version
    return default_template(kind), DEFAULT_VERSION


def letter_template_upload(*, actor: Any, kind: str, file: Any, version: str) -> LetterTemplate:
    """Upload a replacement DOCX template for one kind, after a test render with sample data; refused if it
    uses anything outside the documented variables (issue 10: templates must not run code)."""
    if not getattr(actor, "is_authenticated", False) or not actor.has_perm("applications.add_lettertemplate"):
        raise PermissionDeniedError("上传文书模板需要系统管理员权限。")
    if kind not in Letter.Kind.values:
        raise DomainError(f"未知的文书类型：{kind}。")
    version = letter_text.clean_text(version, limit=40)
    if not version:
        raise DomainError("请填写模板版本（如：2027-01 修订）。")
    data = file.read(TEMPLATE_MAX_BYTES + 1)
    validate_template(data)
    with transaction.atomic():
        record = LetterTemplate(kind=kind, version=version, is_active=True)
        record.file.save(f"{kind}-{hashlib.sha256(data).hexdigest()[:12]}.docx", ContentFile(data), save=False)
        record.save()
        audit(actor=actor, action=LetterAction.TEMPLATE_UPLOAD, obj=record,
              after={"kind": kind, "version": version, "sha256": hashlib.sha256(data).hexdigest()})
    return record


# --- Issuing ------------------------------------------------------------------------------------

def compose_letter(application: Application, kind: str, *, number: str = "", issued_on: date | None = None,
                   **extra: Any) -> tuple[letter_text.Letter, dict[str, Any]]:
    """The letter's words and the DOCX context, without numbering or storing anything (previews, tests)."""
    settings = resolved_settings(application.organisation)
    facts = gather_facts(application, kind, number=number, settings=settings, issued_on=issued_on, **extra)
    letter = letter_text.compose(facts)
    context = docx_context(letter, org_name=facts.org_name, applicant_name=facts.applicant_name,
                           application_number=facts.application_number, received_on=facts.received_on,
                           description=facts.description)
    return letter, context


# The event a letter reports (the notices come from these actions; the 答复书 from the reply or the close).
LETTER_EVENT_KINDS: dict[str, tuple[str, ...]] = {
    Letter.Kind.CORRECTION: ("correction_requested",), Letter.Kind.EXTENSION: ("extend",),
    Letter.Kind.CONSULTATION: ("consult",), Letter.Kind.FEE: ("fee_notice",), Letter.Kind.REPLY: ("reply", "abandoned"),
}


def default_issue_date(app: Application, kind: str, event: ApplicationEvent | None = None) -> date:
    """成文日期: the date of the action the letter belongs to (the reply date for a 答复书, the notice date
    for a 补正告知书, the day of the extension, the start of the consultation, the fee notice), never the
    day the letter happens to be generated (a job run later, a retry days after a failure). Only a letter
    with no recorded action is dated today."""
    if kind == Letter.Kind.REPLY and app.replied_on:
        return app.replied_on
    if event is None:
        event = app.events.filter(kind__in=LETTER_EVENT_KINDS.get(kind, ())).order_by("-pk").first()
    return _event_on(event) or timezone.localdate()


def letter_issue(*, actor: Any, application: Application, kind: str, delivery_method: str = "",
                 issued_on: date | None = None, event: ApplicationEvent | None = None, **extra: Any) -> Letter:
    """Generate, number and lock a letter (the one place letters are made); its files never change.

    Refused (nothing stored, no number used) when the step the letter reports has not been recorded."""
    require_role(actor, application.organisation, [Role.OFFICER, Role.ADMIN], action="出具文书")
    _check_kind(application, kind)
    issued_on = issued_on or default_issue_date(application, kind, event)
    # Compose before numbering, so bad data fails before a number is used.
    compose_letter(application, kind, number="", issued_on=issued_on, **extra)
    template, version = active_template(kind)
    settings = resolved_settings(application.organisation)
    number = allocate_number(letter_organ(application.organisation), settings.prefixes[kind], issued_on.year)
    letter, context = compose_letter(application, kind, number=number, issued_on=issued_on, **extra)
    docx_bytes = render_docx_bytes(template, context)
    check_docx_wellformed(docx_bytes)
    pdf_bytes = render_pdf(letter)
    digest = hashlib.sha256(docx_bytes + pdf_bytes).hexdigest()
    with transaction.atomic():
        record = Letter(application=application, kind=kind, number=number, sha256=digest, template_version=version,
                        dated_on=issued_on, issued_by=actor if getattr(actor, "is_authenticated", False) else None,
                        delivery_method=letter_text.clean_text(delivery_method, limit=40))
        stem = f"{application.number}-{kind}-{digest[:8]}"
        record.docx.save(f"{stem}.docx", ContentFile(docx_bytes), save=False)
        record.pdf.save(f"{stem}.pdf", ContentFile(pdf_bytes), save=False)
        record.save()
        audit(actor=actor, action=LetterAction.ISSUE, obj=application, organisation=application.organisation,
              after={"kind": kind, "number": number, "sha256": digest, "template": version})
    return record


def can_issue(user: Any, application: Application) -> bool:
    return has_role(user, application.organisation, [Role.OFFICER, Role.ADMIN])


def letter_text_of(letter: Letter) -> str:
    """The text of an issued letter's PDF (what the applicant reads)."""
    import pymupdf

    with letter.pdf.open("rb") as fh, pymupdf.open(stream=fh.read(), filetype="pdf") as doc:
        return "\n".join(page.get_text() for page in doc)

