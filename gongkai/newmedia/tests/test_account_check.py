from __future__ import annotations

from datetime import date, datetime, timedelta

from django.utils import timezone

from gongkai.core.models import AuditEvent
from gongkai.newmedia import services
from gongkai.newmedia.models import Leader, Message, Post, Warning, WordRule

from .factories import live_account

TODAY = date(2026, 12, 1)


def _post(account, n, day, **fields):
    return Post.objects.create(account=account, external_id=f"p{n}", title=fields.pop("title", f"第{n}条"),
                               published_at=timezone.make_aware(datetime.combine(day, datetime.min.time())), **fields)


def test_every_kind_of_warning_is_found(cast):
    account = live_account(cast, opened_on=date(2026, 1, 5))
    live_account(cast, account_id="gh_dup", name="青溪财政服务号")
    WordRule.objects.create(kind="entertainment", phrase="冲鸭")
    WordRule.objects.create(kind="severe", phrase="中华人民共合国", suggestion="中华人民共和国")
    Leader.objects.create(name="张三", title="县长")
    _post(account, 1, TODAY - timedelta(days=20), text="无标注")
    _post(account, 2, TODAY - timedelta(days=19), is_repost=True, drafter="a", publisher="b", text="转载")
    _post(account, 3, TODAY - timedelta(days=18), drafter="a", reviewer="b", publisher="c", text="家人们冲鸭")
    _post(account, 4, TODAY - timedelta(days=17), drafter="a", reviewer="b", publisher="c", text="中华人民共合国")
    _post(account, 5, TODAY - timedelta(days=16), drafter="a", reviewer="b", publisher="c", text="张叁县长调研")
    Message.objects.create(account=account, external_id="m1", text="请问？",
                           received_at=timezone.make_aware(datetime(2026, 11, 2, 9)))
    found = services.account_check(account=account, today=TODAY)
    kinds = {w.kind for w in found}
    assert kinds == {"stale", "annotation", "repost", "entertainment", "severe", "unanswered", "duplicate"}
    assert {w.severity for w in found if w.kind == "severe"} == {"serious"}
    assert sum(1 for w in found if w.kind == "severe") == 2


def test_rerun_is_idempotent_and_fixed_problems_resolve(cast):
    account = live_account(cast)
    post = _post(account, 1, TODAY - timedelta(days=1), text="x")
    first = services.account_check(account=account, today=TODAY)
    assert [w.kind for w in first] == ["annotation"]
    audits = AuditEvent.objects.filter(action="newmedia.check_run").count()
    second = services.account_check(account=account, today=TODAY)
    assert [w.pk for w in second] == [w.pk for w in first]
    assert Warning.objects.count() == 1
    assert AuditEvent.objects.filter(action="newmedia.check_run").count() == audits  # nothing new, no noise
    post.drafter, post.reviewer, post.publisher = "a", "b", "c"
    post.save()
    assert services.account_check(account=account, today=TODAY) == []
    resolved = Warning.objects.get()
    assert resolved.resolved_on == TODAY and resolved.resolution


def test_stale_severity_follows_the_days(cast):
    account = live_account(cast, opened_on=date(2026, 1, 5))
    _post(account, 1, TODAY - timedelta(days=15), drafter="a", reviewer="b", publisher="c")
    assert [(w.kind, w.severity) for w in services.account_check(account=account, today=TODAY)] == [("stale", "warn")]
    later = TODAY + timedelta(days=14)
    assert [(w.kind, w.severity) for w in services.account_check(account=account, today=later)] == [("stale", "serious")]


def test_closed_accounts_are_not_checked(cast):
    account = live_account(cast)
    account.status = "shut"
    account.save()
    assert services.account_check(account=account, today=TODAY) == []
    assert services.checks_run_all(today=TODAY) == 0


def test_warning_resolved_by_hand_needs_a_note(cast):
    import pytest

    from gongkai.core.exceptions import DomainError

    account = live_account(cast)
    _post(account, 1, TODAY, text="x")
    warning = services.account_check(account=account, today=TODAY)[0]
    with pytest.raises(DomainError):
        services.warning_resolve(actor=cast.officer_a, warning=warning, resolution=" ")
    services.warning_resolve(actor=cast.officer_a, warning=warning, resolution="已在平台补充标注")
    warning.refresh_from_db()
    assert warning.resolved_on is not None
