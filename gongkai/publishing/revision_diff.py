"""What changed between two revisions, for the reviewer (审核): metadata by its 公开目录 labels, and the
text paragraph by paragraph with deletions and insertions marked."""

from __future__ import annotations

import difflib
import html
from dataclasses import dataclass
from typing import Any

from django.utils.safestring import SafeString, mark_safe

from gongkai.publishing.models import Column, Document, InterpretationForm, Kind, Revision

# Revision fields shown by the label the public page uses (the body is compared separately).
LABELS = {
    "title": "标题", "doc_no": "文号", "publisher_name": "发文机关", "written_on": "成文日期",
    "changed_on": "形成或变更日期", "topic": "主题分类", "genre": "体裁", "kind": "类别", "keywords": "关键词",
    "column_id": "专栏栏目", "interprets_id": "所解读的政策", "interpretation_form": "解读形式",
    "video_url": "视频链接", "source_document_id": "转载来源", "source_name": "来源",
}


@dataclass(frozen=True)
class FieldChange:
    label: str
    before: str
    after: str


def _display(name: str, value: Any) -> str:
    if value in (None, ""):
        return "—"
    if name == "kind":
        return str(Kind(value).label) if value in Kind.values else str(value)
    if name == "interpretation_form":
        return str(InterpretationForm(value).label) if value in InterpretationForm.values else str(value)
    if name == "column_id":
        return str(Column.objects.filter(pk=value).values_list("name", flat=True).first() or value)
    if name in ("interprets_id", "source_document_id"):
        return str(Document.objects.filter(pk=value).values_list("title", flat=True).first() or value)
    return str(value)


def field_changes(before: dict[str, Any], after: dict[str, Any]) -> list[FieldChange]:
    return [FieldChange(label, _display(name, before.get(name)), _display(name, after.get(name)))
            for name, label in LABELS.items() if (before.get(name) or "") != (after.get(name) or "")]


def _inline(old: str, new: str) -> str:
    """One changed paragraph: characters removed in <del>, added in <ins> (Chinese has no spaces)."""
    out = []
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        if op == "equal":
            out.append(html.escape(old[a1:a2]))
            continue
        if a2 > a1:
            out.append(f"<del>{html.escape(old[a1:a2])}</del>")
        if b2 > b1:
            out.append(f"<ins>{html.escape(new[b1:b2])}</ins>")
    return "".join(out)


def text_diff(before: str, after: str) -> SafeString:
    """The body's paragraphs in order: unchanged ones plain, removed ones struck through, added ones
    underlined, a rewritten paragraph with its changed characters marked. Every piece is escaped."""
    old = [line for line in (before or "").splitlines() if line.strip()]
    new = [line for line in (after or "").splitlines() if line.strip()]
    rows = []
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        if op == "equal":
            rows += [f'<p class="diff-same">{html.escape(line)}</p>' for line in old[a1:a2]]
        elif op == "replace" and a2 - a1 == b2 - b1:
            rows += [f'<p class="diff-changed">{_inline(o, n)}</p>' for o, n in zip(old[a1:a2], new[b1:b2], strict=True)]
        else:
            rows += [f'<p class="diff-removed"><del>{html.escape(line)}</del></p>' for line in old[a1:a2]]
            rows += [f'<p class="diff-added"><ins>{html.escape(line)}</ins></p>' for line in new[b1:b2]]
    return mark_safe("".join(rows))


@dataclass(frozen=True)
class RevisionComparison:
    base: Revision | None  # what the pending revision is compared with (None for a first draft)
    pending: Revision
    fields: list[FieldChange]
    body: SafeString
    body_changed: bool


def compare_pending(document: Document) -> RevisionComparison | None:
    """The revision under review against what the public sees now (the live revision), or, before
    the first publication, against the revision before it."""
    revisions = list(document.revisions.order_by("-number"))
    if not revisions:
        return None
    pending = revisions[0]
    base = next((r for r in revisions[1:] if r.is_live), None) or (revisions[1] if len(revisions) > 1 else None)
    before = base.data if base else {}
    old_text, new_text = before.get("body_text", ""), pending.data.get("body_text", "")
    return RevisionComparison(base=base, pending=pending, fields=field_changes(before, pending.data) if base else [],
                              body=text_diff(old_text, new_text), body_changed=old_text != new_text)
