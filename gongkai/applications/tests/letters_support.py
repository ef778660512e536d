"""Requests in the states each letter kind needs, built through the services (shared by the letter and
redaction tests)."""

from __future__ import annotations

import io
import zipfile
from datetime import date
from typing import Any

from gongkai.applications import letters, services
from gongkai.applications.models import Application, Pause

DATA = {"applicant_kind": "natural", "name": "张三", "id_type": "居民身份证", "id_number": "11010519491231002X",
        "phone": "13800138000", "email": "zs@example.com", "address": "江苏省青溪县人民路 8 号",
        "description": "青溪县2025年老旧小区改造项目立项批复", "form_wanted": "electronic", "delivery": "email"}


def configure(cast: Any) -> None:
    letters.letter_settings_update(
        actor=cast.admin, organisation=cast.dept_a, reply_prefix="青财信复", notice_prefix="青财信告",
        consultation_prefix="青财信函", reconsideration_body="青溪县人民政府", court="青溪县人民法院",
        contact_person="李明", contact_phone="025-57210001",
        payment_instructions="通过江苏省非税收入缴款码缴纳")


def submitted(cast: Any, **data: Any) -> Application:
    app, _code = services.application_submit(actor=cast.officer_a, organisation=cast.dept_a, data=DATA | data,
                                             channel="in_person", submitted_on=date(2026, 9, 30))
    return app


def through_everything(cast: Any, outcome: str = "partial", **data: Any) -> Application:
    """补正 → consultation → extension → fee (paid) → reply with `outcome`."""
    app = submitted(cast, **data)
    services.application_request_correction(actor=cast.officer_a, application=app, what="请写明项目名称和批复年份",
                                            notice_on=date(2026, 10, 9))
    services.application_correction_received(actor=cast.officer_a, application=app, received_on=date(2026, 10, 12))
    services.application_consult(actor=cast.officer_a, application=app, kind=Pause.Kind.THIRD_PARTY,
                                 start=date(2026, 10, 14), party="青溪县宏达建设有限公司")
    services.application_consult_done(actor=cast.officer_a, application=app, end=date(2026, 10, 20),
                                      summary="不同意公开合同单价")
    services.application_extend(actor=cast.officer_a, application=app, workdays=15, approved_by="周主任",
                                reason="申请公开的信息涉及多个年度的档案，需调取核对", today=date(2026, 10, 21))
    services.application_fee_notice(actor=cast.officer_a, application=app, method="page", quantity=120,
                                    notice_received_on=date(2026, 10, 26), decided_by="周主任")
    services.application_fee_settled(actor=cast.officer_a, application=app, paid_on=date(2026, 10, 28))
    services.application_reply(actor=cast.officer_a, application=app, outcome_code=outcome,
                               replied_on=date(2026, 11, 20))
    return app


def docx_xml_parts(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {n: archive.read(n) for n in archive.namelist() if n.endswith((".xml", ".rels"))}


def docx_text(data: bytes) -> str:
    """The text of every w:t of the document body, paragraph by paragraph."""
    from lxml import etree

    root = etree.fromstring(docx_xml_parts(data)["word/document.xml"])
    ns = {"w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main"}
    return "\n".join("".join(p.xpath(".//w:t/text()", namespaces=ns)) for p in root.iter(f"{{{ns['w']}}}p"))


# --- Files for the redaction tests ---------------------------------------------------------------

SECRET = "宏达建设合同单价每平方米1280元"
PERSON = "王五的身份证号码320102198001011234"


def make_pdf(pages: list[str], *, title: str = "", with_extras: bool = False) -> bytes:
    """A text PDF (CJK text in an embedded font) with, on request, metadata, an outline, a note and a
    form field that repeat the secret."""
    import pymupdf

    doc = pymupdf.open()
    for text in pages:
        page = doc.new_page(width=595, height=842)
        page.insert_textbox(pymupdf.Rect(72, 72, 523, 770), text, fontname="china-s", fontsize=12)
    if with_extras:
        doc.set_metadata({"title": title or SECRET, "author": PERSON, "subject": SECRET, "keywords": SECRET})
        doc.set_xml_metadata(f"<x:xmpmeta xmlns:x='adobe:ns:meta/'><dc>{SECRET}</dc></x:xmpmeta>")
        doc.set_toc([[1, SECRET, 1]])
        annot = doc[0].add_text_annot((80, 80), SECRET)
        annot.set_info(title=PERSON, content=SECRET)
        annot.update()
        widget = pymupdf.Widget()
        widget.field_name = "price"
        widget.field_type = pymupdf.PDF_WIDGET_TYPE_TEXT
        widget.field_value = SECRET
        widget.rect = pymupdf.Rect(72, 780, 300, 800)
        doc[0].add_widget(widget)
    data = doc.tobytes()
    doc.close()
    return bytes(data)


def make_scanned_pdf(text: str) -> bytes:
    """An image-only PDF (a "scan"): the text is pixels, there is no text layer."""
    import pymupdf

    source = pymupdf.open()
    page = source.new_page(width=595, height=842)
    page.insert_textbox(pymupdf.Rect(72, 72, 523, 400), text, fontname="china-s", fontsize=16)
    pix = page.get_pixmap(dpi=72)
    scan = pymupdf.open()
    out = scan.new_page(width=595, height=842)
    out.insert_image(out.rect, pixmap=pix)
    data = scan.tobytes()
    return bytes(data)


def make_encrypted_pdf() -> bytes:
    import pymupdf

    doc = pymupdf.open()
    doc.new_page().insert_text((72, 72), "secret", fontsize=12)
    return bytes(doc.tobytes(encryption=pymupdf.PDF_ENCRYPT_AES_256, user_pw="u", owner_pw="o"))


def make_docx(*, split_secret: bool = True) -> bytes:
    """A DOCX holding the secret in a paragraph split over three runs, a table, the header, the footer, a
    comment, a tracked deletion and the core properties."""
    from docx import Document
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    doc = Document()
    doc.core_properties.title = SECRET
    doc.core_properties.author = PERSON
    doc.core_properties.subject = SECRET
    doc.core_properties.keywords = SECRET
    doc.add_paragraph("青溪县老旧小区改造项目合同摘要")
    p = doc.add_paragraph("合同约定：")
    if split_secret:
        for piece in ("宏达建设合同", "单价每平方米", "1280元"):
            p.add_run(piece)
    else:
        p.add_run(SECRET)
    p.add_run("，工期180天。")
    table = doc.add_table(rows=1, cols=2)
    table.rows[0].cells[0].text = "联系人"
    table.rows[0].cells[1].text = PERSON
    doc.sections[0].header.paragraphs[0].text = f"内部资料 {SECRET}"
    doc.sections[0].footer.paragraphs[0].text = PERSON
    doc.add_comment(doc.paragraphs[0].runs, text=f"核对：{SECRET}", author=PERSON)
    # A tracked deletion: the deleted text stays in the file (w:delText) until the change is accepted.
    deleted = OxmlElement("w:del")
    deleted.set(qn("w:id"), "91")
    deleted.set(qn("w:author"), PERSON)
    run = OxmlElement("w:r")
    text = OxmlElement("w:delText")
    text.text = PERSON
    run.append(text)
    deleted.append(run)
    doc.paragraphs[0]._p.append(deleted)
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


def upload(name: str, data: bytes) -> Any:
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, data)
