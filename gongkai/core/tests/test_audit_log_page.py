"""The audit log reads in Chinese: who, a Chinese verb, the object linked, changed fields by label;
paginated, filtered by date, user, organisation and action; exported to XLSX (and the export logged)."""

from __future__ import annotations

from datetime import timedelta
from io import BytesIO

import pytest
from django.db import models
from django.utils import timezone
from openpyxl import load_workbook

from gongkai.core import services
from gongkai.core.audit_actions import register_actions
from gongkai.core.models import AuditEvent


class _Actions(models.TextChoices):
    UPDATE = "test.organisation_update", "修改机构信息（测试）"
    OTHER = "test.other", "其他操作（测试）"


@pytest.fixture
def logged(cast):
    register_actions(_Actions)
    services.audit(actor=cast.admin, action=_Actions.UPDATE, obj=cast.dept_a, organisation=cast.dept_a,
                   before={"phone": "025-1", "kind": "department", "is_active": True, "parent": cast.gov.pk},
                   after={"phone": "025-2", "kind": "department", "is_active": False, "parent": cast.gov.pk},
                   reason="电话变更")
    services.audit(actor=cast.officer_b, action=_Actions.OTHER, obj=cast.dept_b, organisation=cast.dept_b,
                   after={"state": "accepted"})
    return cast


def test_rows_read_in_chinese_with_labels_and_links(logged, client) -> None:
    client.force_login(logged.admin)
    body = client.get("/staff/audit/").content.decode()
    assert "修改机构信息（测试）" in body and "test.organisation_update" not in body.split("<tbody>")[1]
    assert f'<a href="/staff/organisations/{logged.dept_a.pk}/">青溪县财政局</a>' in body
    assert '<span class="change-label">联系电话</span>：<del>025-1</del> → <ins>025-2</ins>' in body
    assert '<span class="change-label">在用</span>：<del>是</del> → <ins>否</ins>' in body
    assert '<span class="change-label">状态</span>：<ins>已受理</ins>' in body
    assert "{'" not in body and "&#x27;phone&#x27;" not in body  # never a Python dict
    assert "类型" not in body.split("<tbody>")[1]  # an unchanged field is not listed


def test_filters_by_user_organisation_action_and_date(logged, client) -> None:
    client.force_login(logged.admin)

    def objects(**query) -> str:
        return client.get("/staff/audit/", query).content.decode().split("<tbody>")[1]

    assert "青溪县市场监督管理局" not in objects(user=logged.admin.pk)
    assert "青溪县财政局" not in objects(org=logged.dept_b.pk)
    assert "青溪县市场监督管理局" in objects(action="test.other") and "电话变更" not in objects(action="test.other")
    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()
    assert "没有符合条件的记录" in objects(since=tomorrow)
    assert client.get("/staff/audit/", {"since": "不是日期", "user": "x", "org": "<script>"}).status_code == 200


def test_paginated_at_fifty(logged, client) -> None:
    for n in range(60):
        services.audit(actor=logged.admin, action=_Actions.OTHER, object_repr=f"对象{n}", organisation=logged.gov)
    client.force_login(logged.admin)
    first = client.get("/staff/audit/").content.decode()
    assert first.count("<tr>") == 50 + 1 and "第 1 / 2 页" in first


def test_export_to_xlsx_with_the_same_filters_and_the_export_is_logged(logged, client) -> None:
    client.force_login(logged.admin)
    response = client.get("/staff/audit/export.xlsx", {"org": logged.dept_a.pk})
    assert response.status_code == 200 and "spreadsheetml" in response["Content-Type"]
    sheet = load_workbook(BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:4] == ("时间", "操作人", "机构", "操作")
    assert len(rows) == 2 and rows[1][3] == "修改机构信息（测试）" and "联系电话：025-1 → 025-2" in rows[1][5]
    export = AuditEvent.objects.get(action="audit.export")
    assert export.actor == logged.admin and export.after == {"rows": 1} and "青溪县财政局" in export.reason


def test_a_value_that_is_not_an_id_under_a_relation_key_is_shown_as_written(cast) -> None:
    """Services record a plan's 文号 under the key of a foreign key: the log shows it, never looks it up."""
    from gongkai.core.audit_display import describe
    from gongkai.core.models import AuditEvent
    from gongkai.core.services import audit

    audit(actor=cast.admin, action="organisation.update", obj=cast.dept_a, organisation=cast.dept_a,
          after={"parent": "苏政办发〔2021〕29号"})
    row = describe(AuditEvent.objects.latest("pk"))
    assert any(c.after == "苏政办发〔2021〕29号" for c in row.changes)
