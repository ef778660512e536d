"""Demo 工作台账 for 青溪县: the 2020 and 2021 national 要点 and the Jiangsu 2021 要点 as ledgers, tasks
assigned to the county's departments, Jiangsu items linked to their national origin, some tasks done
with evidence, some 未按期完成, and two of 2020's unfinished tasks carried into 2021 (回头看).

Runs after the seed documents are imported (they are the 要点) and after publishing's demo (its items
serve as evidence), before the annual report's demo, which reads `selectors.report_tasks`.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.contrib.auth import get_user_model

from gongkai.ledger import selectors, services
from gongkai.ledger.models import ItemLink, Ledger, Status
from gongkai.ledger.sources import plan_from_document

PLANS = ["国办发〔2020〕17号", "国办发〔2021〕12号", "苏政办发〔2021〕29号"]
# Which department leads a task, by what the task is about; the 县政府办 leads the rest.
KEYWORDS = [
    (("规划", "发展改革", "重大建设项目", "投资"), "县发改委"),
    (("财政", "预算", "决算", "债务", "补贴", "惠民惠农", "收费"), "县财政局"),
    (("市场", "监管", "反垄断", "不正当竞争", "食品药品", "疫情"), "县市场监管局"),
]
# A tiny valid PNG (a scanned 会议纪要 stands in for real evidence).
PNG = (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00\x90wS\xde"
       b"\x00\x00\x00\x0cIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00\x00\x00IEND\xaeB`\x82")


def _lead(text: str, orgs: dict[str, Any]) -> Any:
    for words, key in KEYWORDS:
        if any(w in text for w in words) and key in orgs:
            return orgs[key]
    return orgs["office"]


def seed_content(orgs: dict[str, Any]) -> str:
    from gongkai.publishing.selectors import by_doc_no, public_documents

    if Ledger.objects.exists():
        return "已有工作台账，跳过。"
    User = get_user_model()
    boss = User.objects.get(username="zhuguan")
    gov = orgs["gov"]
    ledgers = []
    for doc_no in PLANS:
        doc = by_doc_no(doc_no)
        if doc is None:
            return f"文件库中没有 {doc_no}（请先导入种子文件），跳过工作台账演示。"
        plan, document = plan_from_document(doc.index_no)
        ledgers.append(services.ledger_create_from_plan(actor=boss, organisation=gov, plan=plan, document=document))
    old, national, jiangsu = ledgers
    evidence_doc = public_documents().filter(organisation=gov).order_by("pk").first()
    done = overdue = 0
    for ledger in ledgers:
        year_end = date(ledger.year, 12, 31)
        for n, task in enumerate(ledger.tasks.order_by("number")):
            lead = _lead(task.text, orgs)
            co = [orgs["县财政局"]] if lead != orgs["县财政局"] and "资金" in task.text else []
            due = task.due or (None if task.status == Status.ONGOING else year_end - timedelta(days=30 * (n % 6)))
            services.task_assign(actor=boss, task=task, lead_unit=lead, co_units=co, due=due, reason="县政府办公室分解")
            if task.status == Status.ONGOING:
                if n % 3 == 0:
                    services.task_add_progress(actor=boss, task=task, text="已纳入日常工作，按月检查落实情况。")
                continue
            # 2020: half done; 2021: about two in three done; the rest left open, hence 未按期完成.
            if n % (2 if ledger is old else 3) == 1:
                overdue += 1
                if n % 2:
                    services.task_add_progress(actor=boss, task=task, text="已起草工作方案，正在征求意见。")
                continue
            kind = n % 3
            if kind == 0 and evidence_doc is not None:
                services.task_add_progress(actor=boss, task=task, text="已在政府信息公开专栏公开相关信息。",
                                           document_index_no=evidence_doc.index_no)
            elif kind == 1:
                services.task_add_progress(actor=boss, task=task, text="相关栏目已上线运行。",
                                           url="https://www.qingxi.gov.cn/zfxxgk/")
            else:
                services.task_add_progress(actor=boss, task=task, text="已召开专题会议部署，会议纪要见附件。",
                                           upload=services.Upload("专题会议纪要.png", PNG))
            finished = min(due or year_end, year_end) - timedelta(days=10)
            services.task_set_status(actor=boss, task=task, status=Status.DONE, completed_on=finished)
            done += 1
    # Jiangsu items: confirm the suggested national origin of the first few, side by side on the links page.
    for link in ItemLink.objects.filter(item__workplan=jiangsu.workplan).order_by("item__order")[:5]:
        services.item_link_decide(actor=boss, link=link, origin=link.suggested, reason="对照国办发〔2021〕12号核对")
    pending = selectors.previous_unfinished(national)
    carried = services.ledger_carry_over(actor=boss, ledger=national, tasks=pending[:2])
    linked = ItemLink.objects.filter(item__workplan=jiangsu.workplan, origin__isnull=False).count()
    return (f"工作台账 {len(ledgers)} 本（2020、2021 国务院办公厅要点，2021 江苏省要点），已完成 {done} 项（附佐证），"
            f"未按期完成 {overdue} 项，江苏要点 {linked} 个条目对应国家要点，回头看转入 {len(carried)} 项。")
