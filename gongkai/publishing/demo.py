"""Demo items showing the workflow: a draft in review, a withdrawn item, a 解读 of the Jiangsu 要点."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.contrib.auth import get_user_model
from django.utils import timezone

from gongkai.publishing import services
from gongkai.publishing.models import Column, Document, InterpretationForm, Kind, Status


def seed_content(orgs: dict[str, Any]) -> str:
    User = get_user_model()
    if Document.objects.filter(drafted_by__isnull=False).exists():
        return "已有演示信息，跳过。"
    jingban, shenhe, fabu = (User.objects.get(username=u) for u in ("jingban", "shenhe", "fabu"))
    gov = orgs["gov"]
    today = timezone.localdate()
    guide = Column.objects.filter(slug="guide").first()
    budget = Column.objects.filter(slug="art20-7").first()
    g = services.document_create(actor=jingban, organisation=gov, data={
        "title": "青溪县人民政府政府信息公开指南", "genre": "其他", "topic": "综合政务", "column_id": guide.pk if guide else None,
        "body_text": "一、主动公开\n本机关主动公开的政府信息，通过政府信息公开专栏、政府公报等途径公开。\n"
                     "二、依申请公开\n申请人可通过在线申请、当面提交、邮寄、传真等方式提出申请。受理机构：青溪县人民政府办公室，"
                     "地址：江苏省青溪县人民路 1 号 3 楼 305 室，电话 025-57210305。",
        "written_on": today - timedelta(days=30), "changed_on": today - timedelta(days=30)})
    for doc in (g,):
        services.document_submit(actor=jingban, document=doc)
        services.document_review(actor=shenhe, document=doc, approve=True, secrecy_checked=True, opinion="同意公开。")
        services.document_publish(actor=fabu, document=doc)
    b = services.document_create(actor=jingban, organisation=gov, data={
        "title": "青溪县2026年县级部门预算公开说明", "genre": "通知", "topic": "财政、金融、审计",
        "column_id": budget.pk if budget else None, "body_text": "根据预算法，现将2026年县级部门预算公开。",
        "written_on": today - timedelta(days=60), "changed_on": today - timedelta(days=60)})
    services.document_submit(actor=jingban, document=b)
    services.document_review(actor=shenhe, document=b, approve=True, secrecy_checked=True, opinion="同意。")
    services.document_publish(actor=fabu, document=b)
    services.document_withdraw(actor=fabu, document=b, reason="附表数据有误，更正后重新发布。")
    jiangsu = Document.objects.filter(doc_no_normalised="苏政办发〔2021〕29号").first()
    interpretation = services.document_create(actor=jingban, organisation=gov, data={
        "title": "图解：江苏省2021年政务公开工作要点", "genre": "其他", "topic": "综合政务", "kind": Kind.INTERPRETATION,
        "interprets_id": jiangsu.pk if jiangsu else None, "interpretation_form": InterpretationForm.GRAPHIC,
        "body_text": "一图读懂：政务新媒体发布稿件统一标注拟稿人、审核人、发布人；2021年底前县级以上政府门户网站全部支持互联网协议第6版。"})
    services.document_submit(actor=jingban, document=interpretation)
    services.document_review(actor=shenhe, document=interpretation, approve=True, secrecy_checked=True, opinion="同意。")
    services.document_publish(actor=fabu, document=interpretation)
    draft = services.document_create(actor=jingban, organisation=gov, data={
        "title": "青溪县关于进一步做好政务新媒体管理工作的通知（征求意见稿）", "genre": "通知", "topic": "综合政务",
        "body_text": "为落实苏政办发〔2021〕29号要求，规范政务新媒体管理……", "changed_on": today - timedelta(days=35)})
    services.document_submit(actor=jingban, document=draft)
    n = Document.objects.filter(status=Status.PUBLISHED).count()
    return f"公开信息 {n} 条（含 1 条图解解读、1 条已撤回、1 条待审核草稿）。"
