"""concern_record: the 舆情回应台账. An officer, admin or supervisor records a concern with its response and
commitments, audited in the same transaction; a future date or an empty summary is refused."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.utils import timezone

from gongkai.core.exceptions import DomainError, NotFoundError, PermissionDeniedError
from gongkai.core.models import AuditEvent
from gongkai.qa.models import Commitment, Concern
from gongkai.qa.services import concern_record

ON = date(2026, 5, 8)


def _record(cast, actor, **overrides):
    kwargs = {"organisation": cast.dept_a, "source": "12345 热线", "occurred_on": ON,
              "summary": "群众反映老旧小区改造资金使用不透明。",
              "response": {"responded_on": date(2026, 5, 9), "response_channel": "政府网站",
                           "response_text": "已在政府网站公开资金明细。"},
              "commitments": [("公开第二批资金拨付明细", date(2026, 6, 30))]} | overrides
    return concern_record(actor=actor, **kwargs)


def test_an_officer_records_a_concern_with_commitments_audited(cast) -> None:
    concern = _record(cast, cast.officer_a)
    concern.refresh_from_db()
    assert (concern.source, concern.occurred_on, concern.created_by) == ("12345 热线", ON, cast.officer_a)
    assert (concern.responded_on, concern.response_channel) == (date(2026, 5, 9), "政府网站")
    commitment = Commitment.objects.get(concern=concern)
    assert (commitment.text, commitment.due_on, commitment.done_on) == ("公开第二批资金拨付明细", date(2026, 6, 30), None)
    row = AuditEvent.objects.get(action="qa.concern", object_id=str(concern.pk))
    assert row.actor == cast.officer_a and row.organisation == cast.dept_a


def test_the_governments_supervisor_may_record_for_a_department(cast) -> None:
    assert _record(cast, cast.supervisor).organisation == cast.dept_a


@pytest.mark.parametrize(("who", "error", "message"), [
    ("reviewer_a", PermissionDeniedError, "登记舆情回应需要“经办人、管理员、主管部门”角色"),
    ("publisher_a", PermissionDeniedError, "登记舆情回应需要"),
    ("officer_b", NotFoundError, None), ("nobody", NotFoundError, None)])
def test_others_may_not_record(cast, who, error, message) -> None:
    with pytest.raises(error, match=message):
        _record(cast, getattr(cast, who))
    assert not Concern.objects.exists() and not AuditEvent.objects.filter(action="qa.concern").exists()


@pytest.mark.parametrize(("overrides", "message"), [
    ({"summary": "  "}, "请填写舆情来源和概要"), ({"source": ""}, "请填写舆情来源和概要"),
    ({"occurred_on": None}, "发生日期不能晚于今天")])
def test_bad_input_is_refused(cast, overrides, message) -> None:
    if "occurred_on" in overrides:
        overrides = {"occurred_on": timezone.localdate() + timedelta(days=1)}
    with pytest.raises(DomainError, match=message):
        _record(cast, cast.officer_a, **overrides)
    assert not Concern.objects.exists() and not Commitment.objects.exists()
    assert not AuditEvent.objects.filter(action="qa.concern").exists()
