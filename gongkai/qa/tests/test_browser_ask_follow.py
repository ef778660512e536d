"""A citizen's Q&A journey in the browser: an everyday question answered from the 条例 with its article; an
unanswerable one shows related passages, is queued, and its follow link shows the officer's answer."""

from __future__ import annotations

import pytest

from gongkai.qa.models import Question


@pytest.mark.browser
def test_ask_answered_then_unanswerable_queued_and_followed(qa_demo, page, django_user_model) -> None:
    page.goto("/qa/")
    page.fill("#qa-q", "申请公开信息要交钱吗？")
    page.click("button.primary")
    main = page.locator("main").inner_text()
    assert "不收取费用" in main and "第四十二条" in main
    page.fill("#qa-q", "在政府网站上给部门留言，规定几天之内必须回复？")
    page.click("button.primary")
    main = page.locator("main").inner_text()
    assert "已进入人工答复队列" in main
    page.click("text=跟踪我的问题")
    assert "工作人员正在办理" in page.locator("main").inner_text()
    follow_url = page.url
    record = Question.objects.get(text="在政府网站上给部门留言，规定几天之内必须回复？")
    assert record.status == Question.Status.QUEUED
    from gongkai.qa.services import question_answer

    officer = django_user_model.objects.get(username="jingban")
    question_answer(actor=officer, question=record, organisation=qa_demo["office"],
                    answer="网站留言一般在 5 个工作日内答复。")
    page.goto(follow_url)
    assert "网站留言一般在 5 个工作日内答复。" in page.locator("main").inner_text()
