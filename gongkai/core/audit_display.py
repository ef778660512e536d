"""The audit log as people read it: who (name and unit), what (the action's Chinese label from the
registry), which object (linked to its staff page when one is known), and each changed field by its
label with before and after values in words — never a Python dict or a code."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.db import models

from gongkai.core.audit_actions import action_label
from gongkai.core.models import AuditEvent, Role


class AuditLogAction(models.TextChoices):
    """Reading the log is recorded too when it leaves the system (registered in CoreConfig.ready)."""

    EXPORT = "audit.export", "导出审计日志"


# Staff pages of audited objects, by "app_label.model_name"; apps add theirs with register_object_link.
_links: dict[str, str] = {
    "core.organisation": "/staff/organisations/{id}/",
}
# Keys written into before/after that are not model fields of the object.
KEY_LABELS = {
    "state": "状态", "status": "状态", "changed_days": "变化的天数", "special_days": "节假日和调休日数",
    "username": "用户名", "user": "用户", "role": "角色", "parent": "上级机构", "is_workday": "是否工作日",
    "name": "名称", "rows": "条数", "format": "格式", "filters": "筛选条件", "count": "数量", "kind": "类别",
    "sha256": "校验值（SHA-256）", "number": "编号", "reason": "理由",
}
KEY_VALUES = {"role": dict(Role.choices)}


def register_object_link(object_type: str, url_pattern: str) -> None:
    """`register_object_link("publishing.document", "/staff/publishing/{id}/")`."""
    _links[object_type] = url_pattern


def object_url(object_type: str, object_id: str) -> str:
    pattern = _links.get(object_type)
    return pattern.format(id=object_id) if pattern and object_id else ""


@dataclass(frozen=True)
class Change:
    label: str
    before: str
    after: str


@dataclass(frozen=True)
class AuditRow:
    event: AuditEvent
    who: str
    verb: str
    object_label: str
    object_url: str
    changes: list[Change]


def _model(object_type: str) -> type[models.Model] | None:
    try:
        app_label, model_name = object_type.split(".", 1)
        return apps.get_model(app_label, model_name)
    except (ValueError, LookupError):
        return None


def _field(model: type[models.Model] | None, key: str) -> models.Field[Any, Any] | None:
    if model is None:
        return None
    for name in (key, key.removesuffix("_id")):
        try:
            field = model._meta.get_field(name)
        except FieldDoesNotExist:
            continue
        if isinstance(field, models.Field):
            return field
    return None


def _words(value: Any, field: models.Field[Any, Any] | None, key: str) -> str:
    if value is None or value == "" or value == [] or value == {}:
        return "—"
    if isinstance(value, bool):
        return "是" if value else "否"
    if field is not None and field.choices:
        labels = {str(k): str(v) for k, v in field.flatchoices}
        if str(value) in labels:
            return labels[str(value)]
    if key in KEY_VALUES and str(value) in KEY_VALUES[key]:
        return str(KEY_VALUES[key][str(value)])
    if key in ("state", "status"):
        return _state_words(str(value))
    # An id names a related row; some services record the row's own words (a 文号, a name) under the same
    # key, which must be shown as written, never looked up as an id.
    if field is not None and field.is_relation and field.related_model is not None and _is_id(value):
        related = field.related_model._default_manager.filter(pk=value).first()  # type: ignore[union-attr]
        if related is not None:
            return str(related)
    if isinstance(value, list):
        return "、".join(_words(v, None, "") for v in value)
    if isinstance(value, dict):
        return "；".join(f"{KEY_LABELS.get(k, k)}：{_words(v, None, k)}" for k, v in value.items())
    return str(value)


def _is_id(value: Any) -> bool:
    return (isinstance(value, int) and not isinstance(value, bool) and 0 < value < 2**63) or (
        isinstance(value, str) and value.isdigit() and len(value) < 19)


def _state_words(value: str) -> str:
    return _state_labels().get(value, value)


@cache
def _state_labels() -> dict[str, str]:
    """Workflow states of every app, by the choices of each model's `state`/`status` field."""
    labels: dict[str, str] = {}
    for model in apps.get_models():
        for name in ("state", "status"):
            try:
                field = model._meta.get_field(name)
            except FieldDoesNotExist:
                continue
            if isinstance(field, models.Field) and field.choices:
                for key, label in field.flatchoices:
                    labels.setdefault(str(key), str(label))
    return labels


def changes(event: AuditEvent) -> list[Change]:
    before = event.before if isinstance(event.before, dict) else {}
    after = event.after if isinstance(event.after, dict) else {}
    model = _model(event.object_type)
    rows = []
    for key in list(dict.fromkeys([*before, *after])):
        field = _field(model, key)
        label = str(field.verbose_name) if field is not None else KEY_LABELS.get(key, key)
        old = _words(before.get(key), field, key) if key in before else "—"
        new = _words(after.get(key), field, key) if key in after else "—"
        if old != new or key not in before:
            rows.append(Change(label, old, new))
    return rows


def describe(event: AuditEvent) -> AuditRow:
    return AuditRow(event=event, who=event.actor_name or "系统", verb=action_label(event.action),
                    object_label=event.object_repr or "—", object_url=object_url(event.object_type, event.object_id),
                    changes=changes(event))
