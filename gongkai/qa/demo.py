"""Demo content for 政策问答: real public texts beside the seeds (`demo_library/`, with their source), a
few knowledge-base answers, one queued question, a 舆情回应台账 entry."""

from __future__ import annotations

import io
from datetime import timedelta
from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.utils import timezone

from gongkai.qa import services
from gongkai.qa.models import Concern, KnowledgeEntry

KB = [
    ("申请政府信息公开要收费吗？",
     "一般不收费（《中华人民共和国政府信息公开条例》第四十二条）。只有申请数量、频次明显超过合理范围时，才可能按"
     "《政府信息公开信息处理费管理办法》（国办函〔2020〕109号）收取信息处理费；确有经济困难的可以申请减免。"),
    ("在哪里查县政府的政策文件？",
     "请在本站“政策文件库”按主题、发文机关或年份查找；每份文件标有有效性，已废止的文件仍可查看。"),
    ("县里的惠企政策怎么及时知道？",
     "可在“政策问答”页面订阅（涉企政策精准推送），按主题分类、发文机关或关键词，新政策发布后会发邮件通知。"),
]


DEMO_LIBRARY = Path(__file__).parent / "demo_library"


def import_demo_library(orgs: dict[str, Any]) -> str:
    """The 条例 (excerpt) and other real texts the demo's everyday questions need (idempotent: the
    importer skips what it already holds)."""
    out = io.StringIO()
    call_command("import_documents", str(DEMO_LIBRARY), "--org", orgs["gov"].credit_code, stdout=out)
    return out.getvalue().strip()


def seed_content(orgs: dict[str, Any]) -> str:
    library = import_demo_library(orgs)
    if KnowledgeEntry.objects.exists():
        return f"已有问答演示数据，跳过（演示文件：{library}）。"
    officer = get_user_model().objects.get(username="jingban")
    office = orgs["office"]
    for question, answer in KB:
        services.knowledge_create(actor=officer, organisation=office, question=question, answer=answer)
    # 库中没有的内容：进入人工答复队列，演示“答复后再问即得到该答复”。
    services.question_ask(question="青溪县公共自行车年卡在哪里办理？")
    today = timezone.localdate()
    if not Concern.objects.exists():
        services.concern_record(
            actor=officer, organisation=office, source="12345热线、本地论坛", occurred_on=today - timedelta(days=20),
            summary="群众反映县城老旧小区改造施工期间夜间噪声扰民。",
            response={"responded_on": today - timedelta(days=18), "response_channel": "县政府门户网站",
                      "response_text": "已责令施工单位22时后停止高噪声作业，并公布投诉电话。"},
            commitments=[("夜间施工噪声专项检查", today - timedelta(days=3)),
                         ("公布改造工程全部施工时间表", today + timedelta(days=10))],
        )
    return (f"演示文件（条例摘录）：{library}；{len(KB)} 条知识库答复，1 个待答问题，"
            "1 条舆情回应台账（含 1 项逾期承诺）。")
