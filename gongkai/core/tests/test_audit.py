from __future__ import annotations

import pytest
from django.db import transaction

from gongkai.core.actions import Action
from gongkai.core.models import AppendOnlyError, AuditEvent
from gongkai.core.services import audit


def test_audit_is_append_only(cast) -> None:
    event = audit(actor=cast.admin, action=Action.ORGANISATION_UPDATE, obj=cast.dept_a, organisation=cast.dept_a, reason="r")
    assert event.actor_name == "org_admin" and event.object_type == "core.organisation"
    event.reason = "changed"
    with pytest.raises(AppendOnlyError):
        event.save()
    with pytest.raises(AppendOnlyError):
        event.delete()
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.filter(pk=event.pk).update(reason="x")
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.all().delete()
    assert AuditEvent.objects.get(pk=event.pk).reason == "r"


def test_audit_rolls_back_with_the_change(cast) -> None:
    with pytest.raises(RuntimeError), transaction.atomic():
        audit(actor=cast.admin, action=Action.CALENDAR_LOAD_YEAR, object_repr="回滚")
        raise RuntimeError
    assert not AuditEvent.objects.filter(object_repr="回滚").exists()


def test_audit_page_lists_and_filters_within_scope(cast, client) -> None:
    audit(actor=cast.admin, action=Action.ORGANISATION_UPDATE, organisation=cast.dept_a, object_repr="甲事项")
    audit(actor=cast.admin, action=Action.MEMBERSHIP_GRANT, organisation=cast.dept_b, object_repr="乙事项")
    client.force_login(cast.officer_a)
    body = client.get("/staff/audit/").content.decode()
    assert "甲事项" in body and "乙事项" not in body
    client.force_login(cast.supervisor)
    body = client.get("/staff/audit/", {"action": "membership.grant"}).content.decode()
    assert "乙事项" in body and "甲事项" not in body


def test_audit_records_client_ip(cast, client) -> None:
    client.force_login(cast.admin)
    client.post("/staff/calendar/day/", {"date": "2026-10-09", "is_workday": "0", "name": "测试", "reason": "测试更正"},
                REMOTE_ADDR="10.1.2.3")
    assert AuditEvent.objects.get(action="calendar.set_day").ip == "10.1.2.3"
