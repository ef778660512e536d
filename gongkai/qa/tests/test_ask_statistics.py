"""Q&A statistics cannot be inflated: GET writes nothing; a question is recorded once per session (or API
client) and normalised text; "没有解决我的问题" queues it; the asker follows it with a signed link."""

from __future__ import annotations

import json
import re

from django.test import Client

from gongkai.qa.models import Question
from gongkai.qa.services import follow_token, question_answer

Q = "政务新媒体发布信息要标注哪些人？"


def test_get_shows_the_answer_and_writes_nothing(library, client) -> None:
    for _ in range(3):
        body = client.get("/qa/", {"q": Q}).content.decode()
        assert "拟稿人、审核人、发布人" in body
    assert not Question.objects.exists()


def test_get_writes_no_row_anywhere(library, client) -> None:
    """Not a question, nor any other row (a hit counter, a log): only the rate limiter's counter in the
    cache table changes, which feeds no statistics."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        for q in (Q, "住房公积金怎么提取？", "有没有规定"):
            assert client.get("/qa/", {"q": q}).status_code in (200, 400)
    writes = [q["sql"] for q in queries.captured_queries
              if q["sql"].lstrip().split(" ", 1)[0].upper() in ("INSERT", "UPDATE", "DELETE", "REPLACE")
              and '"gongkai_cache"' not in q["sql"]]
    assert writes == []
    assert any("SELECT" in q["sql"] for q in queries.captured_queries)  # the capture did see the requests


def test_post_records_once_per_session_and_normalised_text(library, client) -> None:
    client.post("/qa/", {"question": Q})
    client.post("/qa/", {"question": "政务新媒体发布信息要标注哪些人"})  # the same text without punctuation
    client.post("/qa/", {"question": " 政务新媒体发布信息，要标注哪些人？ "})
    assert Question.objects.count() == 1
    Client().post("/qa/", {"question": Q})  # another session
    assert Question.objects.count() == 2


def test_api_records_once_per_client(library, client) -> None:
    for _ in range(3):
        response = client.post("/api/v1/qa/ask", data=json.dumps({"question": Q}), content_type="application/json")
        assert response.status_code == 200 and response.json()["outcome"] == "answered"
    assert Question.objects.count() == 1


def test_not_solved_click_queues_once_and_the_asker_can_follow_it(library, client, django_user_model) -> None:
    from gongkai.core.demo import seed_organisations_and_users

    client.get("/qa/", {"q": Q})
    response = client.post("/qa/unsolved/", {"question": Q})
    client.post("/qa/unsolved/", {"question": Q})
    assert Question.objects.count() == 1
    record = Question.objects.get()
    assert record.status == Question.Status.QUEUED
    assert response.status_code == 302 and response["Location"].startswith(f"/qa/follow/{follow_token(record)}/")
    page = client.get(response["Location"]).content.decode()
    assert "工作人员正在办理" in page and Q in page
    orgs = seed_organisations_and_users()
    officer = django_user_model.objects.get(username="jingban")
    question_answer(actor=officer, question=record, organisation=orgs["office"], answer="须标注拟稿人、审核人、发布人。")
    page = Client().get(f"/qa/follow/{follow_token(record)}/").content.decode()  # the link works anywhere
    assert "须标注拟稿人、审核人、发布人。" in page
    assert Client().get("/qa/follow/forged-token/").status_code == 404


def test_queued_question_page_gives_the_follow_link(library, client) -> None:
    body = client.post("/qa/", {"question": "住房公积金怎么提取？"}).content.decode()
    record = Question.objects.get()
    assert record.status == Question.Status.QUEUED and record.outcome in ("related", "not_found")
    link = re.search(r'href="(/qa/follow/[^"]+/)"', body)
    assert link is not None and client.get(link.group(1)).status_code == 200


def test_the_database_refuses_a_second_row_for_the_same_asker_and_question(db) -> None:
    import pytest
    from django.db import IntegrityError, transaction

    Question.objects.create(text=Q, question_key="k", status=Question.Status.QUEUED, asker_key="a" * 64)
    Question.objects.create(text=Q, question_key="k", status=Question.Status.QUEUED, asker_key="")  # the shell
    Question.objects.create(text=Q, question_key="k", status=Question.Status.QUEUED, asker_key="")
    with pytest.raises(IntegrityError), transaction.atomic():
        Question.objects.create(text=Q, question_key="k", status=Question.Status.QUEUED, asker_key="a" * 64)
