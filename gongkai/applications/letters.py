"""Letters (答复书 and notices) as DOCX (docxtpl; an admin may upload a replacement template) and PDF
(WeasyPrint with Noto CJK). Issued letters are stored with their checksum and never regenerated."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

from django.core.files.base import ContentFile
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone

from gongkai.applications import rules
from gongkai.applications.actions import Action
from gongkai.applications.models import Application, Letter, LetterTemplate
from gongkai.core.models import Role
from gongkai.core.selectors import require_role
from gongkai.core.services import audit

TEMPLATES = Path(__file__).parent / "letter_templates"
DEFAULT_VERSION = "默认模板 2026-11"

BODIES = {
    Letter.Kind.CORRECTION: "经审查，您的申请内容不够明确，请按以下要求补正：{what}。请于收到本告知书之日起 15 日内补正；"
                            "答复期限自本机关收到补正后的申请之日起计算。无正当理由逾期不补正的，视为放弃申请，"
                            "本机关不再处理该政府信息公开申请（《中华人民共和国政府信息公开条例》第三十条）。",
    Letter.Kind.EXTENSION: "因{what}，需要延长答复期限。经本机关政府信息公开工作机构负责人同意，答复期限延长 {days} 个工作日，"
                           "至 {due}（《中华人民共和国政府信息公开条例》第三十三条第二款）。",
    Letter.Kind.CONSULTATION: "本机关收到的政府信息公开申请涉及您（单位）的合法权益，根据《中华人民共和国政府信息公开条例》"
                              "第三十二条，现书面征求您的意见。请自收到本函之日起 15 个工作日内提出意见；逾期未提出意见的，"
                              "由本机关依照条例规定决定是否公开。",
    Letter.Kind.FEE: "您申请公开的政府信息数量、频次明显超过合理范围，根据《政府信息公开信息处理费管理办法》"
                     "（国办函〔2020〕109号），应缴纳信息处理费 {amount} 元（{method}）。请于 {due} 前缴纳；"
                     "逾期未缴纳的，视为放弃申请，本机关不再处理该申请。",
    Letter.Kind.REPLY: "经审查，现答复如下：{outcome}。{basis}",
}


def _default_template(kind: str) -> Path:
    """Build (once) the default docxtpl template for a letter kind: official layout, Jinja fields."""
    path = TEMPLATES / f"{kind}.docx"
    if path.exists():
        return path
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    doc = Document()
    style = doc.styles["Normal"]
    style.font.name = "仿宋"
    style.font.size = Pt(16)
    for text, align, size in (("{{ org_name }}", WD_ALIGN_PARAGRAPH.CENTER, 22), ("{{ title }}", WD_ALIGN_PARAGRAPH.CENTER, 22),
                              ("{{ letter_no }}", WD_ALIGN_PARAGRAPH.CENTER, 16)):
        p = doc.add_paragraph()
        p.alignment = align
        run = p.add_run(text)
        run.font.size = Pt(size)
        run.bold = size > 16
    doc.add_paragraph("{{ applicant_name }}：")
    doc.add_paragraph("    本机关于 {{ received_on }} 收到您（单位）提出的政府信息公开申请（申请编号：{{ number }}），"
                      "所需信息描述为：“{{ description }}”。")
    doc.add_paragraph("    {{ body }}")
    doc.add_paragraph("    {{ remedies }}")
    doc.add_paragraph("    联系人：{{ officer }}    联系电话：{{ org_phone }}    地址：{{ org_address }}")
    p = doc.add_paragraph("{{ org_name }}\n{{ issued_on }}")
    p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    TEMPLATES.mkdir(exist_ok=True)
    doc.save(str(path))
    return path


def template_for(kind: str) -> tuple[Path | str, str]:
    override = LetterTemplate.objects.filter(kind=kind, is_active=True).order_by("-uploaded_at").first()
    if override is not None:
        return override.file.path, override.version
    return _default_template(kind), DEFAULT_VERSION


def context_for(app: Application, kind: str, **extra: Any) -> dict[str, Any]:
    org = app.organisation
    outcome = rules.OUTCOME_BY_CODE.get(app.outcome)
    body = BODIES[Letter.Kind(kind)].format(
        what=extra.get("what", ""), days=app.extension_workdays, due=app.reply_due or "",
        amount=extra.get("amount", ""), method=extra.get("method", ""),
        outcome=outcome.label if outcome else "", basis=app.outcome_basis,
    )
    return {
        "org_name": org.name, "title": Letter.Kind(kind).label,
        "letter_no": f"〔{timezone.localdate().year}〕第 {app.number.split('-')[-1]} 号",
        "applicant_name": app.name, "masked_id": rules.mask(app.id_number), "number": app.number,
        "received_on": f"{app.received_on:%Y年%m月%d日}" if app.received_on else "",
        "description": app.description, "body": body,
        "remedies": rules.REMEDIES if kind == Letter.Kind.REPLY else "",
        "officer": (app.officer.get_full_name() or app.officer.get_username()) if app.officer else "",
        "org_phone": org.phone, "org_address": org.address,
        "issued_on": f"{timezone.localdate():%Y年%m月%d日}",
    }


def render_docx(kind: str, context: dict[str, Any]) -> tuple[bytes, str]:
    import io

    from docxtpl import DocxTemplate

    path, version = template_for(kind)
    tpl = DocxTemplate(str(path))
    tpl.render(context)
    buffer = io.BytesIO()
    tpl.save(buffer)
    return buffer.getvalue(), version


def render_pdf(context: dict[str, Any]) -> bytes:
    from weasyprint import HTML

    html = render_to_string("applications/letter_pdf.html", context)
    return bytes(HTML(string=html).write_pdf())


def letter_issue(*, actor: Any, application: Application, kind: str, delivery_method: str = "",
                 **extra: Any) -> Letter:
    """Generate and lock a letter; its files and checksum never change afterwards."""
    require_role(actor, application.organisation, [Role.OFFICER, Role.ADMIN], action="出具文书")
    context = context_for(application, kind, **extra)
    docx_bytes, version = render_docx(kind, context)
    pdf_bytes = render_pdf(context)
    digest = hashlib.sha256(docx_bytes + pdf_bytes).hexdigest()
    with transaction.atomic():
        letter = Letter(application=application, kind=kind, sha256=digest, template_version=version,
                        issued_by=actor, delivery_method=delivery_method)
        stem = f"{application.number}-{kind}-{digest[:8]}"
        letter.docx.save(f"{stem}.docx", ContentFile(docx_bytes), save=False)
        letter.pdf.save(f"{stem}.pdf", ContentFile(pdf_bytes), save=False)
        letter.save()
        audit(actor=actor, action=Action.LETTER, obj=application, organisation=application.organisation,
              after={"kind": kind, "sha256": digest})
    return letter
