"""word_rule_save: 管理员 or 主管部门 add or update a phrase of the 新媒体用语词表 (one row per kind and phrase,
re-saving reactivates it); the audit row is written with it."""

from __future__ import annotations

import pytest

from gongkai.core.exceptions import DomainError, PermissionDeniedError
from gongkai.core.models import AuditEvent
from gongkai.newmedia.models import WordRule
from gongkai.newmedia.services import word_rule_save

SEVERE = WordRule.Kind.SEVERE


def test_save_then_update_one_rule_each_audited(cast) -> None:
    rule = word_rule_save(actor=cast.admin, kind=SEVERE, phrase=" 青溪县政俯 ", suggestion="青溪县政府")
    assert (rule.kind, rule.phrase, rule.suggestion, rule.is_active) == (SEVERE, "青溪县政俯", "青溪县政府", True)
    WordRule.objects.filter(pk=rule.pk).update(is_active=False)
    again = word_rule_save(actor=cast.supervisor, kind=SEVERE, phrase="青溪县政俯", suggestion="青溪县人民政府",
                           note="错别字")
    assert again.pk == rule.pk and WordRule.objects.filter(phrase="青溪县政俯").count() == 1
    again.refresh_from_db()
    assert (again.suggestion, again.note, again.is_active) == ("青溪县人民政府", "错别字", True)
    rows = list(AuditEvent.objects.filter(action="newmedia.word_rule_save", object_id=str(rule.pk)).order_by("pk"))
    assert [r.actor for r in rows] == [cast.admin, cast.supervisor]
    assert rows[1].after == {"类别": "严重表述错误", "词语": "青溪县政俯", "规范表述": "青溪县人民政府"}


@pytest.mark.parametrize("who", ["officer_a", "reviewer_a", "publisher_a", "nobody"])
def test_only_admins_and_supervisors_maintain_the_list(cast, who) -> None:
    with pytest.raises(PermissionDeniedError, match="只有管理员或主管部门可以维护词表"):
        word_rule_save(actor=getattr(cast, who), kind=SEVERE, phrase="青溪县政俯")
    assert not WordRule.objects.filter(phrase="青溪县政俯").exists()
    assert not AuditEvent.objects.filter(action="newmedia.word_rule_save").exists()


@pytest.mark.parametrize(("kind", "phrase"), [("rumour", "青溪县政俯"), (SEVERE, "   "), (SEVERE, "长" * 61)])
def test_a_bad_kind_or_phrase_is_refused(cast, kind, phrase) -> None:
    with pytest.raises(DomainError, match="请选择类别并填写 1–60 个字的词语"):
        word_rule_save(actor=cast.admin, kind=kind, phrase=phrase)
    assert not AuditEvent.objects.filter(action="newmedia.word_rule_save").exists()
