"""Audit actions are a closed set: each app's TextChoices, registered in ready(); audit() refuses
anything else; the log shows the Chinese label; an anonymous applicant is named with the request number."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.conf import settings

from gongkai.applications import services as app_services
from gongkai.core.audit_actions import action_label, is_registered, registered_actions
from gongkai.core.models import AuditEvent
from gongkai.core.services import audit


def test_free_strings_are_refused(cast) -> None:
    from gongkai.core.services import UnregisteredActionError

    with pytest.raises(UnregisteredActionError):
        audit(actor=cast.admin, action="whatever.happened", obj=cast.dept_a)
    assert not AuditEvent.objects.exists()


def test_every_app_registers_its_actions() -> None:
    from gongkai.applications.actions import Action as A
    from gongkai.core.actions import Action as C
    from gongkai.publishing.actions import Action as P
    from gongkai.qa.actions import Action as Q

    for choices in (A, C, P, Q):
        for value, label in choices.choices:
            assert is_registered(value) and action_label(value) == label
    assert action_label("document.publish") == "发布" and len(registered_actions()) >= 45


def test_no_literal_action_strings_remain_in_the_code() -> None:
    """Every audit call names an Action member (an f-string is converted through the enum)."""
    offenders = []
    for path in Path(settings.BASE_DIR, "gongkai").rglob("*.py"):
        if "tests" in path.parts or "migrations" in path.parts:
            continue
        text = path.read_text(encoding="utf-8")
        for match in re.finditer(r"audit(?:_row)?\([^)]*?action=([\"'f])", text, flags=re.S):
            offenders.append(f"{path.name}: {match.group(0)[:60]}")
    assert not offenders, offenders


def test_anonymous_applicant_is_named_with_the_request_number(cast) -> None:
    data = {"applicant_kind": "natural", "name": "孙七", "phone": "13900139000", "description": "2026年预算",
            "form_wanted": "electronic", "delivery": "email"}
    app, _ = app_services.application_submit(actor=None, organisation=cast.dept_a, data=data)
    row = AuditEvent.objects.get(action="application.submit", object_id=str(app.pk))
    assert row.actor is None and row.actor_name == f"申请人（{app.number}）"


def test_audit_log_page_shows_the_label_and_filters_by_action(cast, client) -> None:
    from gongkai.core.actions import Action

    audit(actor=cast.admin, action=Action.MEMBERSHIP_GRANT, organisation=cast.dept_a, object_repr="授权甲")
    audit(actor=cast.admin, action=Action.CALENDAR_SET_DAY, organisation=cast.dept_a, object_repr="日历乙")
    client.force_login(cast.supervisor)
    body = client.get("/staff/audit/", {"action": "membership.grant"}).content.decode()
    assert "授予角色" in body and "授权甲" in body and "日历乙" not in body
    assert client.get("/staff/audit/", {"org": "9" * 30}).status_code == 200
