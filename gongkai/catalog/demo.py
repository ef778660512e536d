"""Demo 标准目录 for 青溪县人民政府: entries in six of the 26 pilot domains, items published under them
(on time, late, without a formation date, and one entry with nothing published), so the completeness
check shows each outcome."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.contrib.auth import get_user_model
from django.utils import timezone

from gongkai.catalog import selectors, services
from gongkai.catalog.models import Domain, Entry

CHANNELS = "■政府网站 ■政务新媒体 ■公开查阅点"
ENTRIES = [
    ("财政预决算", "预算", "部门预算", "部门预算报表及情况说明", "《中华人民共和国预算法》第十四条", "批准后20日内", "县财政局及各部门",
     "active", "部门预算"),
    ("财政预决算", "决算", "部门决算", "部门决算报表及情况说明", "《中华人民共和国预算法》第十四条",
     "信息形成或者变更之日起20个工作日内", "县财政局及各部门", "active", "部门决算"),
    ("重大建设项目", "批准服务信息", "审批结果", "项目建议书、可行性研究报告、初步设计批复", "《政府信息公开条例》第二十条",
     "信息形成或者变更之日起20个工作日内", "县发展和改革委员会", "active", "项目的批复"),
    ("公共资源交易", "政府采购信息", "采购公告", "采购项目名称、预算金额、采购需求、获取文件方式", "《政府采购法实施条例》第八条",
     "信息形成之日起5个工作日内", "县财政局", "active", "采购公告"),
    ("义务教育", "招生入学", "招生方案", "招生范围、招生程序、报名条件、录取结果", "《中华人民共和国义务教育法》",
     "信息形成或者变更之日起20个工作日内", "县教育局", "active", "招生入学"),
    ("就业", "就业政策", "政策文件", "促进就业创业的政策措施", "《中华人民共和国就业促进法》",
     "信息形成或者变更之日起20个工作日内", "县人力资源和社会保障局", "active", "就业创业"),
    ("社会救助", "最低生活保障", "审批结果", "保障对象、保障金额", "《社会救助暂行办法》", "依申请即时提供", "县民政局",
     "on_request", ""),
]
# title, days before today it was formed (None: no date), days before today it was published
DOCUMENTS = [
    ("青溪县2026年县级部门预算公开", 300, 290),
    ("青溪县2025年县级部门决算公开", 150, 80),
    ("关于青溪县人民路改造工程项目的批复", 40, 35),
    ("青溪县2026年义务教育招生入学工作方案", None, 120),
    ("青溪县关于进一步做好就业创业工作的通知", 200, 195),
]


def seed_content(orgs: dict[str, Any]) -> str:
    from gongkai.publishing import services as publishing

    gov = orgs["gov"]
    if Entry.objects.filter(organisation=gov).exists():
        return "已有标准目录，跳过。"
    services.ensure_pilot_domains()
    User = get_user_model()
    jingban, shenhe, fabu = (User.objects.get(username=u) for u in ("jingban", "shenhe", "fabu"))
    today = timezone.localdate()
    for domain, l1, l2, content, basis, limit, subject, mode, keywords in ENTRIES:
        services.entry_save(actor=jingban, organisation=gov, domain=Domain.objects.get(name=domain), data={
            "item_l1": l1, "item_l2": l2, "content": content, "basis": basis, "time_limit": limit, "subject": subject,
            "channels": CHANNELS, "audience": "all", "mode": mode, "tier": "both", "keywords": keywords})
    for title, formed, published in DOCUMENTS:
        formed_on = today - timedelta(days=formed) if formed is not None else None
        doc = publishing.document_create(actor=jingban, organisation=gov, data={
            "title": title, "genre": "通知", "topic": "综合政务", "body_text": f"{title}。详见附件。",
            "written_on": formed_on, "changed_on": formed_on})
        publishing.document_submit(actor=jingban, document=doc)
        publishing.document_review(actor=shenhe, document=doc, approve=True, secrecy_checked=True, opinion="同意公开。")
        publishing.document_publish(actor=fabu, document=doc, published_on=today - timedelta(days=published))
    linked = services.catalog_auto_link(actor=jingban, organisation=gov)
    report = selectors.completeness(gov)
    counts = "，".join(f"{label} {n}" for label, n, _ in report["counts"] if n)
    return f"标准目录 {len(ENTRIES)} 个事项（{len({e[0] for e in ENTRIES})} 个领域），关联公开信息 {linked} 条；完整性：{counts}。"
