from __future__ import annotations

from typing import Any

from gongkai.core.dashboard import Panel
from gongkai.core.selectors import has_any_membership
from gongkai.publishing import selectors
from gongkai.publishing.models import Status


def panel(user: Any) -> Panel | None:
    if not has_any_membership(user):
        return None
    docs = selectors.staff_documents(user)
    late = len(selectors.late_publications(user))
    return Panel(title="主动公开", order=10, items=[
        ("待审核", str(docs.filter(status=Status.IN_REVIEW).count()), "/staff/publishing/?status=in_review"),
        ("待发布", str(docs.filter(status=Status.APPROVED).count()), "/staff/publishing/?status=approved"),
        ("草稿", str(docs.filter(status=Status.DRAFT).count()), "/staff/publishing/?status=draft"),
        ("超期公开", str(late), "/staff/publishing/late/"),
    ], alert=f"有 {late} 条信息超过条例第二十六条规定的 20 个工作日公开期限。" if late else "")
