from io import StringIO

from django.core.management import call_command

from gongkai.core.demo import seed_organisations_and_users
from gongkai.qa.demo import seed_content
from gongkai.qa.models import Commitment, KnowledgeEntry, Question
from gongkai.qa.services import question_ask
from gongkai.search import passages as passage_index


def test_demo_content_is_idempotent_and_answers_from_kb(library) -> None:
    orgs = seed_organisations_and_users()
    first = seed_content(orgs)
    assert "知识库" in first
    assert seed_content(orgs).startswith("已有问答演示数据，跳过")
    assert KnowledgeEntry.objects.count() == 3
    assert Question.objects.filter(status=Question.Status.QUEUED).count() == 1
    assert Commitment.objects.count() == 2
    _record, result = question_ask(question="申请政府信息公开要收费吗？")
    assert result.source == "kb" and "国办函〔2020〕109号" in result.answer


def test_rebuild_passage_index_restores_answers(library) -> None:
    passage_index.clear_passages()
    out = StringIO()
    call_command("rebuild_passage_index", stdout=out)
    assert "已重建问答段落索引" in out.getvalue()
    _record, result = question_ask(question="县级以上政府网站什么时候要支持IPv6？")
    assert result.answered and "互联网协议第6版" in result.answer
