"""Demo requests in several states, so `make demo` shows the queue, the pauses, the notices the actions
generate, a consultation past its 15 working days (条例第三十二条), a reply with its letter, and a 部分公开
reply whose attachment is a redacted 公开件 (条例第三十七条); the 文书设置 of the government and the 财政局
(number prefixes, 复议机关, court, fee payment) are set, so their letters read as an office would send them."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.contrib.auth import get_user_model
from django.utils import timezone

from gongkai.applications import letters, redaction, services
from gongkai.applications.models import Application, Letter, Pause, RedactionReason

# What the 部分公开 demo withholds: a bidder's unit prices (a third party's trade secret, 第十五条) and a
# contact's ID number (personal privacy, 第十五条).
WITHHELD = ("宏达建设投标单价每平方米1280元", "320102198001011234")
LETTER_SETTINGS = {
    "gov": {"reply_prefix": "青政信复", "notice_prefix": "青政信告", "consultation_prefix": "青政信函",
            "reconsideration_body": "青溪市人民政府", "court": "青溪市中级人民法院",
            "contact_person": "李经办", "contact_phone": "025-57210305",
            "payment_instructions": "通过江苏省政府非税收入统一缴款码缴纳，或至青溪县人民路 1 号 3 楼 305 室现场缴纳。"},
    "县财政局": {"reply_prefix": "青财信复", "notice_prefix": "青财信告", "consultation_prefix": "青财信函",
              "reconsideration_body": "青溪县人民政府", "court": "青溪县人民法院",
              "contact_person": "赵经办", "contact_phone": "025-57212200",
              "payment_instructions": "通过江苏省政府非税收入统一缴款码缴纳（缴款码随本通知书送达）。"},
}


def disclosed_pdf() -> bytes:
    """A two-page 合同摘要 to be disclosed in part (CJK text in PyMuPDF's built-in font)."""
    import pymupdf

    doc = pymupdf.open()
    pages = [
        "青溪县老旧小区改造项目（2025年）施工合同摘要\n\n发包人：青溪县住房和城乡建设局\n承包人：青溪县宏达建设有限公司\n"
        f"合同工期：180日历天\n计价方式：{WITHHELD[0]}，按实结算\n质量标准：合格",
        f"项目联系人：王五，身份证号码{WITHHELD[1]}\n资金来源：中央财政城镇保障性安居工程补助资金及县级配套资金",
    ]
    for text in pages:
        page = doc.new_page(width=595, height=842)
        page.insert_textbox(pymupdf.Rect(72, 72, 523, 770), text, fontname="china-s", fontsize=12)
    doc.set_metadata({"title": "施工合同摘要", "author": "县住建局"})
    data = bytes(doc.tobytes())
    doc.close()
    return data


def _partial_with_redaction(org: Any, officer: Any, today: Any) -> Application:
    """A request answered 部分公开 with its 公开件 and the 答复书 that lists what was withheld and why."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    app, _code = services.application_submit(
        actor=officer, organisation=org, channel="in_person", submitted_on=today - timedelta(days=20),
        data={"applicant_kind": "natural", "id_type": "居民身份证", "form_wanted": "electronic", "delivery": "online",
              "name": "钱十", "id_number": "", "phone": "13200132000", "email": "demo10@example.com",
              "description": "青溪县老旧小区改造项目（2025年）施工合同"})
    services.application_reply(actor=officer, application=app, outcome_code="partial", replied_on=today,
                               basis_note="合同中投标单价涉及第三方商业秘密、联系人身份证号码属于个人隐私，已作区分处理。")
    disclosure = redaction.disclosure_upload(actor=officer, application=app, title="施工合同摘要",
                                             file=SimpleUploadedFile("施工合同摘要.pdf", disclosed_pdf()))
    for text in WITHHELD:
        redaction.redaction_mark_add(actor=officer, disclosure=disclosure, kind="text", text=text,
                                     reason=RedactionReason.THIRD_PARTY)
    redaction.redaction_release(actor=officer, disclosure=disclosure)
    services.application_letter_request(actor=officer, application=app, kind=Letter.Kind.REPLY,
                                        delivery_method="在线下载")
    return app


def seed_content(orgs: dict[str, Any]) -> str:
    if Application.objects.exists():
        return "已有演示申请，跳过。"
    users = get_user_model().objects
    officer = users.get(username="jingban")
    admin = users.get(username="admin")
    for key, values in LETTER_SETTINGS.items():
        letters.letter_settings_update(actor=admin, organisation=orgs[key], **values)
    office = orgs["gov"]
    today = timezone.localdate()
    base = {"applicant_kind": "natural", "id_type": "居民身份证", "form_wanted": "electronic", "delivery": "email"}
    people = [
        ("张三", "320102199001011237", "13800138000", "青溪县2025年老旧小区改造项目的立项批复文件", 25),
        ("李四", "320102198505054321", "13900139000", "青溪县人民路拓宽工程征收补偿方案", 21),
        ("青溪县晨光商贸有限公司", "", "02557210000", "2026年度县级涉企补贴资金分配结果", 17),
        ("王五", "320102197712123456", "13700137000", "县政府常务会议关于垃圾分类的纪要", 13),
        ("赵六", "", "13600136000", "县财政局2025年部门决算公开表", 9),
        ("孙八", "", "13500135000", "青溪县工业园区企业用地出让合同", 45),
    ]
    made = []
    for i, (name, idn, phone, what, days_ago) in enumerate(people):
        kind = "commercial" if "公司" in name else "natural"
        app, _code = services.application_submit(
            actor=officer, organisation=office, channel="in_person", submitted_on=today - timedelta(days=days_ago),
            data=base | {"applicant_kind": kind, "name": name, "id_number": idn, "phone": phone,
                         "email": f"demo{i}@example.com", "address": "江苏省青溪县人民路 8 号", "description": what})
        made.append(app)
    services.application_submit(actor=None, organisation=office, data=base | {
        "name": "周九", "phone": "13300133000", "email": "demo9@example.com",
        "description": "青溪县2026年义务教育学校招生划片方案"})
    services.application_request_correction(actor=officer, application=made[1], what="请说明所需方案的具体路段和年份",
                                            notice_on=made[1].submitted_on + timedelta(days=1), delivery_method="在线下载")
    services.application_consult(actor=officer, application=made[2], kind=Pause.Kind.THIRD_PARTY,
                                 start=made[2].submitted_on + timedelta(days=2), party="青溪县晨光商贸有限公司（第三方）",
                                 delivery_method="邮寄")
    services.application_extend(actor=officer, application=made[3], workdays=20, approved_by="县政府办公室 周主任",
                                reason="需调取归档会议纪要并进行保密审查", delivery_method="在线下载")
    services.application_reply(actor=officer, application=made[4], outcome_code="already_public",
                               basis_note="该决算表已在本机关政府信息公开专栏“财政预算、决算信息”栏目公开。",
                               replied_on=today)
    services.application_letter_request(actor=officer, application=made[4], kind=Letter.Kind.REPLY,
                                        delivery_method="电子邮件")
    # Consulted 40 days ago with no answer: past the 15 working days, shown as ended on the case page.
    services.application_consult(actor=officer, application=made[5], kind=Pause.Kind.THIRD_PARTY,
                                 start=made[5].submitted_on + timedelta(days=3), party="青溪县某置业有限公司（第三方）",
                                 delivery_method="邮寄")
    _partial_with_redaction(orgs["县财政局"], users.get(username="cz_jingban"), today)
    return (f"{len(made) + 2} 件演示申请（待确认、补正中、征求意见中、征求意见期满、已延期、已答复并出具答复书、"
            "部分公开并附区分处理后的公开件等），补正告知书、征求意见函、延期答复告知书随办理生成；"
            "县政府和县财政局的文书设置（文号、复议机关、法院、缴费方式）已填写。")
