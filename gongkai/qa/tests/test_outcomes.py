"""The three outcomes and the bad input of issue 13, over the five seeds (and the demo's 条例 excerpt)."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command

from gongkai.core.exceptions import DomainError
from gongkai.qa.answering import answer
from gongkai.qa.models import Question
from gongkai.qa.services import question_ask, question_preview


def test_traditional_question_is_answered_and_quoted_as_written(library) -> None:
    result = answer("政務新媒體發布信息要標註哪些人？")
    assert result.outcome == "answered" and result.citations[0]["doc_no"] == "苏政办发〔2021〕29号"
    assert "拟稿人、审核人、发布人" in result.citations[0]["quote"]  # the document's own (simplified) text


def test_a_year_the_library_does_not_hold_is_not_found_not_the_nearest_year(library) -> None:
    for question in ("2024年的要点对政务新媒体有什么要求？", "2018年国家对政务新媒体提了什么要求？"):
        result = answer(question)
        assert result.outcome == "not_found" and not result.answered and result.citations == []
    assert answer("2019年政务新媒体健康有序发展有什么要求？").citations[0]["doc_no"] == "国办发〔2019〕14号"


def test_this_year_is_counted_from_the_day_asked(library) -> None:
    from datetime import date

    assert answer("今年的要点对政务新媒体有什么要求？", today=date(2026, 5, 1)).outcome == "not_found"
    result = answer("今年的要点对政务新媒体有什么要求？", today=date(2019, 5, 1))
    assert result.citations and result.citations[0]["doc_no"] == "国办发〔2019〕14号"


def test_province_words_route_to_the_provincial_document(library) -> None:
    result = answer("我省对政务新媒体发布稿件有什么审核要求？")
    assert result.citations and result.citations[0]["doc_no"] == "苏政办发〔2021〕29号"


def test_a_frame_only_question_is_refused_with_a_message(library) -> None:
    with pytest.raises(DomainError) as info:
        question_preview(question="有没有规定？")
    assert "具体内容" in info.value.message
    assert not Question.objects.exists()


def test_unanswerable_question_is_not_answered_and_queued(library) -> None:
    record, result = question_ask(question="在政府网站上给部门留言，规定几天之内必须回复？")
    assert not result.answered and result.outcome in ("related", "not_found")
    assert record.status == Question.Status.QUEUED
    assert (result.related != []) == (result.outcome == "related")


def test_two_topics_in_one_question_show_passages_of_both(library) -> None:
    result = answer("政务新媒体要标注哪些人，预决算公开范围要扩大吗？")
    shown = " ".join(c["quote"] for c in result.citations + result.related)
    assert "拟稿人" in shown and "预决算" in shown


def test_demo_questions_are_answered_with_the_right_passage(library) -> None:
    from gongkai.qa.demo import DEMO_LIBRARY

    call_command("import_documents", str(DEMO_LIBRARY), stdout=io.StringIO())
    result = answer("市场监管局检查企业依据的那些规矩和标准，会不会全部公开？")
    assert result.outcome == "answered" and result.citations[0]["doc_no"] == "国办发〔2020〕17号"
    assert "全面公开市场监管规则和标准" in result.citations[0]["quote"]
    result = answer("申请公开信息要交钱吗？")
    assert result.outcome == "answered" and result.citations[0]["section"] == "第四十二条"
    assert "不收取费用" in result.citations[0]["quote"]


def test_a_withdrawn_policy_is_no_longer_cited(library, django_user_model) -> None:
    from gongkai.core.demo import seed_organisations_and_users
    from gongkai.publishing.models import Document
    from gongkai.publishing.services import document_withdraw

    question = "政务新媒体发布信息要标注哪些人？"
    assert answer(question).citations[0]["doc_no"] == "苏政办发〔2021〕29号"
    orgs = seed_organisations_and_users()
    Document.objects.filter(doc_no="苏政办发〔2021〕29号").update(organisation=orgs["gov"])  # imported without one
    doc = Document.objects.get(doc_no="苏政办发〔2021〕29号")
    admin = django_user_model.objects.get(username="admin")
    document_withdraw(actor=admin, document=doc, reason="测试撤回")
    result = answer(question)
    assert all(c["doc_no"] != "苏政办发〔2021〕29号" for c in result.citations + result.related)


def test_a_sum_asked_is_not_answered_by_a_passage_without_one(library) -> None:
    # The seeds ask for 信息处理费 rules to be standardised but never give a sum.
    question = "政府信息公开的信息处理费收费标准是多少钱？"
    result = answer(question)
    assert not result.answered and result.outcome in ("related", "not_found")
    # The same topic without asking for a sum is answered from the seeds.
    assert answer("政府信息公开的信息处理费怎么规范收取？").answered
