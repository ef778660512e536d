from __future__ import annotations

import csv
import io

import pytest
from django.core import mail
from openpyxl import Workbook

from gongkai.core.exceptions import DomainError
from gongkai.core.models import AuditEvent
from gongkai.qa.models import KnowledgeEntry, Question
from gongkai.qa.services import hotline_import, question_answer, question_ask


def test_officer_answer_becomes_the_answer_next_time(library, cast) -> None:
    record, result = question_ask(question="青溪县政务公开办的办公地址在哪里？", contact_email="a@example.com")
    assert not result.answered and record.status == Question.Status.QUEUED
    question_answer(actor=cast.officer_a, question=record, organisation=cast.dept_a,
                    answer="青溪县人民路 1 号 3 楼 305 室，工作日 8:30–17:30。")
    assert AuditEvent.objects.filter(action="qa.answer").exists()
    assert mail.outbox and "已答复" in mail.outbox[0].subject
    again, result = question_ask(question="青溪县政务公开办的办公地址在哪里？")
    assert result.answered and again.status == Question.Status.KB
    assert "人民路 1 号" in result.answer and "officer_a" in result.answer


def test_answering_twice_is_refused(library, cast) -> None:
    record, _ = question_ask(question="青溪县有没有政府开放日活动？")
    question_answer(actor=cast.officer_a, question=record, organisation=cast.dept_a, answer="每年五月举办，请关注通知。")
    with pytest.raises(DomainError):
        question_answer(actor=cast.officer_a, question=record, organisation=cast.dept_a, answer="重复答复内容")


def test_other_department_cannot_answer_for_dept_a(library, cast) -> None:
    record, _ = question_ask(question="青溪县有没有政府开放日活动？")
    with pytest.raises(DomainError):
        question_answer(actor=cast.officer_b, question=record, organisation=cast.dept_a, answer="越权答复内容")
    record.refresh_from_db()
    assert record.status == Question.Status.QUEUED


def _xlsx(rows, merge=None) -> bytes:
    book = Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    if merge:
        sheet.merge_cells(merge)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_hotline_xlsx_dry_run_then_import_with_merged_cells(cast) -> None:
    raw = _xlsx([["工单号", "诉求内容", "办理结果", "分类"], ["A1", "社保卡丢了怎么补办？", "到社保大厅补办。", "社保"],
                 ["A2", "社保卡如何激活？", None, "社保"], ["A3", "社保卡丢了怎么补办？", "重复", "社保"],
                 ["A4", "", "空问题", "社保"]], merge="C2:C3")
    report = hotline_import(actor=cast.officer_a, organisation=cast.dept_a, filename="12345.xlsx", raw=raw)
    assert report.rows == 4 and report.created == 2 and report.duplicates == 1 and len(report.errors) == 1
    assert not KnowledgeEntry.objects.exists()  # dry run writes nothing
    hotline_import(actor=cast.officer_a, organisation=cast.dept_a, filename="12345.xlsx", raw=raw, dry_run=False)
    assert KnowledgeEntry.objects.get(question="社保卡如何激活？").answer == "到社保大厅补办。"  # merged cell


def test_hotline_gbk_csv_and_missing_columns(cast) -> None:
    text = io.StringIO()
    csv.writer(text).writerows([["问题", "答复"], ["营业执照怎么办理？", "登录政务服务网办理。"]])
    report = hotline_import(actor=cast.officer_a, organisation=cast.dept_a, filename="12345.csv",
                            raw=text.getvalue().encode("gbk"), dry_run=False)
    assert report.created == 1 and KnowledgeEntry.objects.filter(question="营业执照怎么办理？").exists()
    with pytest.raises(DomainError) as info:
        hotline_import(actor=cast.officer_a, organisation=cast.dept_a, filename="bad.xlsx",
                       raw=_xlsx([["编号", "内容"], ["1", "x"]]))
    assert "缺少必需的列" in str(info.value)
    with pytest.raises(DomainError):
        hotline_import(actor=cast.officer_a, organisation=cast.dept_a, filename="bad.xlsx", raw=b"not a zip")
