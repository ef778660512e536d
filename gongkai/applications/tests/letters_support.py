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
                                reason="申请公开的信息涉及多个年度的档案，需调取核对")
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
