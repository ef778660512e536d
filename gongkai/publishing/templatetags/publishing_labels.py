"""Chinese for the codes stored on publishing events: a kind is read as its audit action's label
(gongkai.core.audit_actions, the one registry); states and 有效性 by their model choices."""

from __future__ import annotations

from django import template

from gongkai.core.audit_actions import action_label
from gongkai.publishing.models import Status, Validity

register = template.Library()

# Used only while an event kind has no registered audit action (rows written before registration).
_UNREGISTERED = {
    "draft": "拟稿", "edit": "修改（新版本）", "submit": "提交审核", "approve": "审核通过", "reject": "退回修改",
    "publish": "发布", "withdraw": "撤回", "validity": "变更有效性", "attachment": "上传附件",
    "import": "导入已公开文件", "import_update": "重新导入（内容有变化）",
}


@register.filter
def event_label(kind: str) -> str:
    action = f"document.{kind}"
    label = action_label(action)
    return label if label != action else _UNREGISTERED.get(kind, kind)


@register.filter
def state_label(value: str) -> str:
    if not value:
        return ""
    if value in Status.values:
        return str(Status(value).label)
    if value in Validity.values:
        return str(Validity(value).label)
    return value
