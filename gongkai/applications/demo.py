"""Demo requests in several states, so `make demo` shows the queue, the pauses, the notices the actions
generate, a consultation past its 15 working days (条例第三十二条) and a reply with its letter."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.contrib.auth import get_user_model
from django.utils import timezone

from gongkai.applications import services
from gongkai.applications.models import Application, Letter, Pause


def seed_content(orgs: dict[str, Any]) -> str:
    if Application.objects.exists():
        return "已有演示申请，跳过。"
    officer = get_user_model().objects.get(username="jingban")
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
    return (f"{len(made) + 1} 件演示申请（待确认、补正中、征求意见中、征求意见期满、已延期、已答复并出具答复书等），"
            "补正告知书、征求意见函、延期答复告知书随办理生成。")
