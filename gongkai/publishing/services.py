"""Writes for 主动公开: drafts, the 拟稿 → 审核(保密审查) → 发布 chain, withdrawal, validity, import.

Every function checks the actor's role itself, runs in one transaction, writes a DocumentEvent and
an audit row, and leaves side effects (search index, notifications) to after the commit.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from gongkai.core.exceptions import DomainError, StateError
from gongkai.core.models import AuditEvent, Organisation, Role
from gongkai.core.selectors import require_role
from gongkai.core.services import actor_name, audit_many, audit_row, on_commit
from gongkai.publishing import permissions, richtext, rules, signals
from gongkai.publishing.actions import Action
from gongkai.publishing.models import (
    GENRES,
    PUBLIC_STATUSES,
    TOPICS,
    Attachment,
    Citation,
    Document,
    DocumentEvent,
    IndexNoCounter,
    Kind,
    Revision,
    Status,
    Validity,
)
from gongkai.search.analysis import find_doc_nos, normalise_doc_no

CONTENT_FIELDS = ("title", "doc_no", "publisher_name", "written_on", "changed_on", "topic", "genre", "keywords",
                  "body_html", "body_text", "kind", "column_id", "interprets_id", "interpretation_form", "video_url",
                  "source_document_id", "source_name")


# --- helpers -----------------------------------------------------------------------------------

def sanitise_html(value: str) -> str:
    """Clean editor or imported HTML through nh3's allow-list (see publishing.richtext)."""
    return richtext.clean_html(value)


html_to_text = richtext.html_to_text
text_to_html = richtext.text_to_html
external_images = richtext.external_images


def _with_html(data: dict[str, Any]) -> dict[str, Any]:
    """A copy of imported fields with `body_html` made from the text when the source had none."""
    data = dict(data)
    if "body_html" not in data:
        data["body_html"] = text_to_html(data.get("body_text", ""))
    return data


def content_hash(text: str) -> str:
    """Idempotency key: the body with all white space removed (re-imports with other line breaks match)."""
    return hashlib.sha256("".join((text or "").split()).encode("utf-8")).hexdigest()


def _snapshot(doc: Document) -> dict[str, Any]:
    data = {}
    for name in CONTENT_FIELDS:
        value = getattr(doc, name)
        data[name] = value.isoformat() if isinstance(value, date) else value
    return data


def _apply(doc: Document, data: dict[str, Any]) -> None:
    for name in CONTENT_FIELDS:
        if name in data:
            value = data[name]
            if name in ("written_on", "changed_on") and isinstance(value, str) and value:
                value = date.fromisoformat(value)
            setattr(doc, name, value)
    doc.doc_no_normalised = normalise_doc_no(doc.doc_no) if doc.doc_no else ""
    doc.content_hash = content_hash(doc.body_text)


def _check_import_identity(document: Document, body_text: str) -> None:
    """An imported item's text must stay unique within its 公开主体 (decision 0110): an edit that makes it
    equal to another imported item would break the import identity, so it is refused with the other's name
    (instead of a database error)."""
    if not document.import_key:
        return
    twin = (_imported(document.organisation).filter(content_hash=content_hash(body_text))
            .exclude(import_key="").exclude(pk=document.pk).first())
    if twin is not None:
        raise DomainError(f"修改后的正文与已导入的《{twin.title}》（{twin.index_no}）相同；同一公开主体的导入文件正文不能重复"
                          "（导入去重规则），请修改正文或撤回其中一件。", field="body_html")


def _event_rows(doc: Document, *, kind: str, actor: Any, from_status: str = "", to_status: str = "",
                reason: str = "", before: dict[str, Any] | None = None,
                after: dict[str, Any] | None = None) -> tuple[DocumentEvent, AuditEvent]:
    """The document's own event and its audit row, unsaved (a batch saves many in two statements).
    The audit row's before/after default to the status; `before`/`after` say what else changed."""
    user = actor if getattr(actor, "is_authenticated", False) else None
    event = DocumentEvent(document=doc, kind=kind, actor=user, actor_name=actor_name(actor),
                          from_status=from_status, to_status=to_status, reason=reason)
    row = audit_row(actor=actor, action=Action(f"document.{kind}"), obj=doc, organisation=doc.organisation,
                    before=before or ({"status": from_status} if from_status else None),
                    after=after or ({"status": to_status} if to_status else None), reason=reason)
    return event, row


def _event(doc: Document, *, kind: str, actor: Any, from_status: str = "", to_status: str = "",
           reason: str = "", before: dict[str, Any] | None = None, after: dict[str, Any] | None = None) -> DocumentEvent:
    event, row = _event_rows(doc, kind=kind, actor=actor, from_status=from_status, to_status=to_status,
                             reason=reason, before=before, after=after)
    event.save()
    row.save()
    return event


def _validate(data: dict[str, Any]) -> None:
    if not (data.get("title") or "").strip():
        raise DomainError("标题不能为空（公开目录必备要素）。", field="title")
    if data.get("topic") and data["topic"] not in TOPICS:
        raise DomainError(f"主题分类“{data['topic']}”不在 22 个分类之中。", field="topic")
    if data.get("genre") and data["genre"] not in GENRES:
        raise DomainError(f"体裁“{data['genre']}”不是《党政机关公文处理工作条例》规定的公文种类。", field="genre")
    written, changed = data.get("written_on"), data.get("changed_on")
    today = timezone.localdate()
    for label, value in (("成文日期", written), ("形成或变更日期", changed)):
        if isinstance(value, date) and value > today:
            raise DomainError(f"{label}不能晚于今天。")


def allocate_index_nos(prefix: str, year: int, count: int) -> list[str]:
    """Allocate `count` consecutive 索引号 serials for prefix+year under a row lock: never reused, never doubled."""
    with transaction.atomic():
        counter, _ = IndexNoCounter.objects.select_for_update().get_or_create(prefix=prefix, year=year)
        first = counter.last + 1
        counter.last += count
        counter.save(update_fields=["last"])
        return [rules.format_index_no(prefix, year, serial) for serial in range(first, counter.last + 1)]


def next_index_no(prefix: str, year: int) -> str:
    return allocate_index_nos(prefix, year, 1)[0]


def index_prefix(organisation: Organisation | None, publisher: str = "") -> str:
    if organisation is not None:
        return organisation.credit_code
    return rules.KNOWN_PUBLISHER_CODES.get(publisher, rules.UNKNOWN_PREFIX)


def _quoted_doc_nos(doc: Document) -> dict[str, str]:
    """文号 quoted in the body, normalised → as written (the document's own number is no citation)."""
    return {norm: raw for raw, norm, _, _ in find_doc_nos(doc.body_text) if norm != doc.doc_no_normalised}


def _citable(norms: set[str] | dict[str, str]) -> dict[str, list[int]]:
    """Library policies by normalised 文号 (published or withdrawn: a withdrawn item still has its page)."""
    found: dict[str, list[int]] = {}
    rows = Document.objects.filter(doc_no_normalised__in=list(norms), kind=Kind.POLICY,
                                   status__in=PUBLIC_STATUSES).order_by("pk")
    for norm, pk in rows.values_list("doc_no_normalised", "pk"):
        found.setdefault(norm, []).append(pk)
    return found


def _citation_target(citable: dict[str, list[int]], norm: str, citing_pk: int) -> int | None:
    return next((pk for pk in citable.get(norm, ()) if pk != citing_pk), None)


def refresh_citations(doc: Document) -> None:
    """Record every 文号 quoted in the body; link those the library holds (not the document's own)."""
    found = _quoted_doc_nos(doc)
    Citation.objects.filter(citing=doc).exclude(normalised__in=found).delete()
    citable = _citable(found)
    for norm, raw in found.items():
        Citation.objects.update_or_create(citing=doc, normalised=norm, defaults={
            "raw": raw, "cited_id": _citation_target(citable, norm, doc.pk)})


def resolve_citations_to(*docs: Document) -> int:
    """Unresolved citations of these documents' 文号 elsewhere now point to them (the first
    document with a number, when several share it)."""
    targets: dict[str, int] = {}
    for doc in docs:
        if doc.doc_no_normalised and doc.kind == Kind.POLICY:
            targets.setdefault(doc.doc_no_normalised, doc.pk)
    if not targets:
        return 0
    by_target: dict[int, list[int]] = {}
    waiting = Citation.objects.filter(normalised__in=list(targets), cited__isnull=True)
    for pk, norm, citing in waiting.values_list("pk", "normalised", "citing_id"):
        if citing != targets[norm]:
            by_target.setdefault(targets[norm], []).append(pk)
    return sum(Citation.objects.filter(pk__in=citation_pks).update(cited_id=target)
               for target, citation_pks in by_target.items())


def _after_publish(doc: Document, signal: Any) -> None:
    def side_effects() -> None:
        from gongkai.publishing.tasks import reindex_documents_task

        reindex_documents_task([doc.pk])
        signal.send(sender=Document, document=doc)

    on_commit(side_effects)


# --- use cases ---------------------------------------------------------------------------------

def document_create(*, actor: Any, organisation: Organisation, data: dict[str, Any],
                    index_no: str = "") -> Document:
    """拟稿: a new draft with its first revision. An explicit 索引号 (migrating old items) must be unused."""
    require_role(actor, organisation, [Role.OFFICER, Role.PUBLISHER, Role.ADMIN], action="拟稿")
    _validate(data)
    if index_no and Document.objects.filter(index_no=index_no).exists():
        raise DomainError(f"索引号 {index_no} 已被使用，索引号不得重复。", code="duplicate_index_no")
    with transaction.atomic():
        doc = Document(organisation=organisation, drafted_by=actor, status=Status.DRAFT)
        if data.get("body_html") and not data.get("body_text"):
            # The editor's HTML, a Word paste, or plain text typed without the editor: paragraphs kept.
            data["body_html"] = richtext.body_to_html(data["body_html"])
            data["body_text"] = html_to_text(data["body_html"])
        elif data.get("body_text") and not data.get("body_html"):
            data["body_html"] = text_to_html(data["body_text"])
        else:
            data["body_html"] = sanitise_html(data.get("body_html", ""))
        data["publisher_name"] = data.get("publisher_name") or organisation.name
        _apply(doc, data)
        year = (doc.written_on or timezone.localdate()).year
        doc.index_no = index_no or next_index_no(index_prefix(organisation), year)
        doc.save()
        Revision.objects.create(document=doc, number=1, data=_snapshot(doc), created_by=actor, change_note="初稿")
        _event(doc, kind="draft", actor=actor, to_status=Status.DRAFT)
    return doc


def document_edit(*, actor: Any, document: Document, data: dict[str, Any], change_note: str = "",
                  major: bool = False) -> Revision:
    """A new revision. Drafts change in place; a published item keeps its live text until the new
    revision is reviewed and published (edits after publishing need a new review)."""
    permissions.check(actor, document, "edit")
    merged = _snapshot(document) | data
    if "body_html" in data:
        merged["body_html"] = richtext.body_to_html(data["body_html"])
        merged["body_text"] = html_to_text(merged["body_html"])
    _validate(merged)
    _check_import_identity(document, merged.get("body_text", ""))
    if document.status == Status.PUBLISHED and not change_note.strip():
        raise DomainError("修改已发布的信息须填写修改说明（重大/一般修改），修改说明随版本公开留存。")
    with transaction.atomic():
        number = (document.revisions.order_by("-number").values_list("number", flat=True).first() or 0) + 1
        revision = Revision.objects.create(document=document, number=number, data=merged, created_by=actor,
                                           change_note=change_note, major=major)
        if document.status != Status.PUBLISHED:
            _apply(document, merged)
            document.status = Status.DRAFT
            document.save()
        _event(document, kind="edit", actor=actor, reason=change_note)
    return revision


def _pending_revision(document: Document) -> Revision:
    revision = document.revisions.order_by("-number").first()
    if revision is None:
        raise StateError("没有可审核的版本。")
    return revision


def document_submit(*, actor: Any, document: Document) -> Document:
    """提交审核."""
    permissions.check(actor, document, "submit")
    pending = _pending_revision(document)
    with transaction.atomic():
        before = document.status
        document.status = Status.IN_REVIEW
        document.save(update_fields=["status", "updated_at"])
        _event(document, kind="submit", actor=actor, from_status=before, to_status=Status.IN_REVIEW,
               reason=f"第 {pending.number} 版")
    return document


def document_review(*, actor: Any, document: Document, approve: bool, secrecy_checked: bool,
                    opinion: str) -> Document:
    """审核: approve (with the 保密审查 confirmation, arts 14–16) or return to the drafter with reasons."""
    permissions.check(actor, document, "approve" if approve else "reject")
    if approve and not secrecy_checked:
        raise DomainError("审核通过前须确认已完成保密审查：不涉及国家秘密、不危及“三安全一稳定”、"
                          "不含未经同意的商业秘密和个人隐私（条例第十四条至第十六条）。", field="secrecy_checked")
    if not opinion.strip():
        raise DomainError("请填写审核意见；退回时须说明理由。", field="opinion")
    revision = _pending_revision(document)
    with transaction.atomic():
        if approve:
            revision.approved_by = actor
            revision.approved_at = timezone.now()
            revision.secrecy_checked = True
            revision.review_opinion = opinion
            revision.save()
            document.reviewed_by = actor
            to = Status.APPROVED
        else:
            to = Status.PUBLISHED if revision.data and document.revisions.filter(is_live=True).exists() else Status.DRAFT
        document.status = to
        document.save(update_fields=["status", "reviewed_by", "updated_at"])
        _event(document, kind="approve" if approve else "reject", actor=actor, from_status=Status.IN_REVIEW,
               to_status=to, reason=opinion)
    return document


def document_publish(*, actor: Any, document: Document, published_on: date | None = None) -> Document:
    """发布: the approved revision becomes the live one; the public page and the index follow."""
    permissions.check(actor, document, "publish")
    revision = _pending_revision(document)
    _check_import_identity(document, revision.data.get("body_text", ""))
    with transaction.atomic():
        document.revisions.filter(is_live=True).update(is_live=False)
        revision.is_live = True
        revision.save(update_fields=["is_live"])
        _apply(document, revision.data)
        first = document.published_on is None
        if first:
            document.published_on = published_on or timezone.localdate()
        document.published_by = actor
        document.status = Status.PUBLISHED
        document.save()
        refresh_citations(document)
        resolve_citations_to(document)
        _event(document, kind="publish", actor=actor, from_status=Status.APPROVED, to_status=Status.PUBLISHED,
               reason=revision.change_note if not first else "")
        _after_publish(document, signals.document_published if first else signals.document_changed)
    return document


def document_withdraw(*, actor: Any, document: Document, reason: str) -> Document:
    """撤回: the page stays, showing that it was withdrawn and why; nothing is deleted."""
    permissions.check(actor, document, "withdraw")
    if not reason.strip():
        raise DomainError("撤回须填写公开的撤回理由。", field="reason")
    with transaction.atomic():
        document.status = Status.WITHDRAWN
        document.withdrawn_reason = reason
        document.withdrawn_at = timezone.now()
        document.save()
        _event(document, kind="withdraw", actor=actor, from_status=Status.PUBLISHED, to_status=Status.WITHDRAWN,
               reason=reason)
        _after_publish(document, signals.document_withdrawn)
    return document


def document_set_validity(*, actor: Any, document: Document, validity: str, on: date,
                          by: Document | None = None, reason: str = "") -> Document:
    """有效性 (现行有效/已修订/已废止/失效) of a published item. 已修订 and 已废止 name the published item that
    amended or repealed it: the page then says which text applies instead and links both ways."""
    permissions.check(actor, document, "validity")
    if validity not in Validity.values:
        raise DomainError("有效性只能是：" + "、".join(label for _v, label in Validity.choices) + "。", field="validity")
    needs_link = validity in (Validity.AMENDED, Validity.REPEALED)
    if needs_link and by is None:
        raise DomainError(f"标注“{Validity(validity).label}”须关联修订或废止它的文件（填写该文件的索引号或文号）。",
                          field="by")
    if not needs_link and by is not None:
        raise DomainError(f"标注“{Validity(validity).label}”时不关联修订或废止文件；只有“已修订”“已废止”需要关联。",
                          field="by")
    if by is not None:
        if by.pk == document.pk:
            raise DomainError("文件不能修订或废止自身。", field="by")
        if by.status != Status.PUBLISHED:
            raise DomainError("关联的修订或废止文件须已发布，公众才能查看。", field="by")
        if by.superseded_by_id == document.pk:
            raise DomainError(f"《{by.title}》已标注为由本文件修订或废止，两份文件不能互相修订或废止。", field="by")
    if on > timezone.localdate():
        raise DomainError("有效性变更日期不能晚于今天。", field="on")
    if document.written_on and on < document.written_on:
        raise DomainError("有效性变更日期不能早于该文件的成文日期。", field="on")
    with transaction.atomic():
        was = document.validity
        before = {"validity": was, "superseded_by": getattr(document.superseded_by, "index_no", ""),
                  "validity_changed_on": document.validity_changed_on}
        document.validity = validity
        document.validity_changed_on = on
        document.superseded_by = by
        document.save(update_fields=["validity", "validity_changed_on", "superseded_by", "updated_at"])
        _event(document, kind="validity", actor=actor, from_status=was, to_status=validity,
               reason=reason or (f"由《{by.title}》{Validity(validity).label}" if by else ""), before=before,
               after={"validity": validity, "superseded_by": by.index_no if by else "", "validity_changed_on": on})
        _after_publish(document, signals.document_changed)
    return document


def _imported(organisation: Organisation | None) -> Any:
    """The documents an import compares against: the same 公开主体's (the unique constraints' scope)."""
    return Document.objects.filter(organisation=organisation)


def _existing_import(organisation: Organisation | None, digest: str, import_key: str) -> Document | None:
    return _imported(organisation).filter(content_hash=digest).order_by("pk").first() or (
        _imported(organisation).filter(import_key=import_key).order_by("pk").first() if import_key else None)


def import_published(*, actor: Any, organisation: Organisation | None, data: dict[str, Any],
                     published_on: date | None, import_key: str, batch: list[int] | None = None) -> tuple[str, Document]:
    """Store one imported, already-published document: ("created" | "updated" | "unchanged", doc).

    Idempotent by normalised content; a changed text becomes a new revision; the first-published
    date is never rewritten by a re-import. With `batch`, indexing and notifications are left to the
    caller (`import_done`), which does them once for the whole batch after commit.
    Safe against a concurrent import of the same file: the unique constraints on the import identity
    refuse the second insert (after the first commits, on PostgreSQL), and the loser reads the
    winner's document and answers as a re-import would ("unchanged" or "updated").
    """
    try:
        return _import_published(actor=actor, organisation=organisation, data=data, published_on=published_on,
                                 import_key=import_key, batch=batch)
    except IntegrityError:
        if _existing_import(organisation, content_hash(data.get("body_text", "")), import_key) is None:
            raise  # not the import identity: a real error, reported against the file
        return _import_published(actor=actor, organisation=organisation, data=data, published_on=published_on,
                                 import_key=import_key, batch=batch)


def _import_published(*, actor: Any, organisation: Organisation | None, data: dict[str, Any],
                      published_on: date | None, import_key: str, batch: list[int] | None) -> tuple[str, Document]:
    digest = content_hash(data.get("body_text", ""))
    existing = _existing_import(organisation, digest, import_key)
    data = _with_html(data)
    with transaction.atomic():  # a savepoint inside a batch: a refused insert leaves the batch usable
        if existing is not None:
            if existing.content_hash == digest and all(existing.__dict__.get(k) == v for k, v in data.items()
                                                       if k in ("title", "doc_no", "kind")):
                return "unchanged", existing
            number = (existing.revisions.order_by("-number").values_list("number", flat=True).first() or 0) + 1
            existing.revisions.filter(is_live=True).update(is_live=False)
            _apply(existing, data)
            existing.save()
            Revision.objects.create(document=existing, number=number, data=_snapshot(existing), created_by=None,
                                    change_note="重新导入：内容有变化", is_live=True, secrecy_checked=True)
            refresh_citations(existing)
            _event(existing, kind="import_update", actor=actor, reason=import_key)
            if batch is None:
                _after_publish(existing, signals.document_changed)
            else:
                batch.append(existing.pk)
            return "updated", existing
        doc = Document(organisation=organisation, status=Status.PUBLISHED, import_key=import_key,
                       published_on=published_on)
        _apply(doc, data)
        when = doc.written_on or published_on or timezone.localdate()
        doc.index_no = next_index_no(index_prefix(organisation, doc.publisher_name), when.year)
        doc.save()
        Revision.objects.create(document=doc, number=1, data=_snapshot(doc), change_note="导入已公开文件",
                                is_live=True, secrecy_checked=True)
        refresh_citations(doc)
        resolve_citations_to(doc)
        _event(doc, kind="import", actor=actor, to_status=Status.PUBLISHED, reason=import_key)
        if batch is None:
            _after_publish(doc, signals.document_published)
        else:
            batch.append(doc.pk)
        return "created", doc


@dataclass(frozen=True)
class ImportItem:
    """One already-published document to import: its fields, 发布日期 and idempotency key (file name)."""

    data: dict[str, Any]
    published_on: date | None
    import_key: str


def import_published_many(*, actor: Any, organisation: Organisation | None, items: list[ImportItem],
                          batch: list[int]) -> list[tuple[str, Document]]:
    """`import_published` for many documents at once, same outcomes in the same order, one transaction.

    Documents that are plainly new (content and key unknown, not repeated in the batch) are written
    with a few bulk statements — documents, revisions, events, audit rows, citations — instead of
    about ten statements each; the rest (re-imports, changed texts, repeats) take the one-by-one
    path afterwards, so they see the new ones exactly as a sequential import would.
    The documents are inserted with insert-or-skip (ON CONFLICT DO NOTHING / INSERT OR IGNORE): a
    document another import stored meanwhile is skipped, and takes the one-by-one path too, so it
    counts as "unchanged" (or "updated"), never as "created" twice.
    Indexing and notifications are left to `import_done(batch)`.
    """
    prepared = []
    for item in items:
        data = _with_html(item.data)
        prepared.append((item, data, content_hash(data.get("body_text", ""))))
    with transaction.atomic():
        known_hashes = set(_imported(organisation).filter(content_hash__in=[d for _, _, d in prepared])
                           .values_list("content_hash", flat=True))
        keys = [item.import_key for item in items if item.import_key]
        known_keys = set(_imported(organisation).filter(import_key__in=keys).values_list("import_key", flat=True))
        fresh: list[int] = []
        for position, (item, _data, digest) in enumerate(prepared):
            if digest in known_hashes or (item.import_key and item.import_key in known_keys):
                continue
            fresh.append(position)
            known_hashes.add(digest)
            known_keys.add(item.import_key)
        outcomes: dict[int, tuple[str, Document]] = {}
        docs = _create_imported(actor, organisation, [(prepared[i][1], prepared[i][0]) for i in fresh])
        for position, doc in zip(fresh, docs, strict=True):
            if doc is not None:
                outcomes[position] = ("created", doc)
                batch.append(doc.pk)
        for position, (item, data, _digest) in enumerate(prepared):
            if position not in outcomes:
                outcomes[position] = import_published(actor=actor, organisation=organisation, data=data,
                                                      published_on=item.published_on, import_key=item.import_key,
                                                      batch=batch)
    return [outcomes[position] for position in range(len(items))]


def _create_imported(actor: Any, organisation: Organisation | None,
                     rows: list[tuple[dict[str, Any], ImportItem]]) -> list[Document | None]:
    """Insert new published documents in bulk: 索引号 allocated per prefix and year in one locked step.

    Insert-or-skip: a row whose import identity another transaction holds is skipped (None in the
    answer); the 索引号 serial it was given stays unused (serials are never reused). Which rows went
    in is read back by their 索引号, which only this transaction was given."""
    docs = []
    for data, item in rows:
        doc = Document(organisation=organisation, status=Status.PUBLISHED, import_key=item.import_key,
                       published_on=item.published_on)
        _apply(doc, data)
        docs.append(doc)
    groups: dict[tuple[str, int], list[Document]] = {}
    for doc in docs:
        when = doc.written_on or doc.published_on or timezone.localdate()
        groups.setdefault((index_prefix(organisation, doc.publisher_name), when.year), []).append(doc)
    for (prefix, year), members in sorted(groups.items()):  # one lock order for every import: no deadlock
        for doc, index_no in zip(members, allocate_index_nos(prefix, year, len(members)), strict=True):
            doc.index_no = index_no
    Document.objects.bulk_create(docs, batch_size=500, ignore_conflicts=True)
    stored = dict(Document.objects.filter(index_no__in=[doc.index_no for doc in docs]).values_list("index_no", "pk"))
    answer: list[Document | None] = []
    for doc in docs:
        doc.pk = stored.get(doc.index_no)
        answer.append(doc if doc.pk is not None else None)
    docs = [doc for doc in docs if doc.pk is not None]
    inserted = [(doc, item) for doc, (_data, item) in zip(answer, rows, strict=True) if doc is not None]
    Revision.objects.bulk_create([
        Revision(document=doc, number=1, data=_snapshot(doc), change_note="导入已公开文件", is_live=True,
                 secrecy_checked=True) for doc in docs], batch_size=500)
    quoted = {doc.pk: _quoted_doc_nos(doc) for doc in docs}
    citable = _citable({norm for found in quoted.values() for norm in found})
    Citation.objects.bulk_create([
        Citation(citing=doc, normalised=norm, raw=raw, cited_id=_citation_target(citable, norm, doc.pk))
        for doc in docs for norm, raw in quoted[doc.pk].items()], batch_size=500)
    resolve_citations_to(*docs)
    events = [_event_rows(doc, kind="import", actor=actor, to_status=Status.PUBLISHED, reason=item.import_key)
              for doc, item in inserted]
    DocumentEvent.objects.bulk_create([event for event, _ in events], batch_size=500)
    audit_many([row for _, row in events])
    return answer


def import_done(pks: list[int]) -> None:
    """After a batch import: one job indexes the batch and notifies once (see tasks.documents_imported)."""
    if not pks:
        return

    def side_effects() -> None:
        from gongkai.publishing.tasks import documents_imported_task

        documents_imported_task(list(pks))

    on_commit(side_effects)


ATTACHMENT_TYPES = {
    "application/pdf": "PDF", "image/jpeg": "JPG", "image/png": "PNG",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "DOCX",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "XLSX",
}


def attachment_add(*, actor: Any, document: Document, name: str, content: bytes) -> Attachment:
    """附件: the type is judged by the content (not the extension), the size is limited, a sha256 kept."""
    import filetype
    from django.conf import settings
    from django.core.files.base import ContentFile

    permissions.check(actor, document, "attachment")
    if not content:
        raise DomainError("附件为空。")
    if len(content) > settings.MAX_ATTACHMENT_BYTES:
        raise DomainError(f"附件过大（{len(content) / 1024 / 1024:.1f} MB），上限 "
                          f"{settings.MAX_ATTACHMENT_BYTES // 1024 // 1024} MB。")
    kind = filetype.guess(content[:8192])
    if kind is None or kind.mime not in ATTACHMENT_TYPES:
        raise DomainError("附件类型不允许：按文件内容识别，只接受 PDF、DOCX、XLSX、JPG、PNG（扩展名不作数）。")
    expected = ATTACHMENT_TYPES[kind.mime].lower()
    clean_name = re.sub(r"[\\/:*?\"<>|]", "_", name)[:150] or f"附件.{expected}"
    if not clean_name.lower().endswith("." + expected) and not (expected == "jpg" and clean_name.lower().endswith(".jpeg")):
        clean_name = f"{clean_name.rsplit('.', 1)[0]}.{expected}"
    with transaction.atomic():
        item = Attachment(document=document, name=clean_name, content_type=kind.mime, size=len(content),
                          sha256=hashlib.sha256(content).hexdigest(), uploaded_by=actor)
        item.file.save(clean_name, ContentFile(content), save=False)
        item.save()
        _event(document, kind="attachment", actor=actor, reason=clean_name)
    return item


def imported_duplicates_withdraw(*, actor: Any = None) -> list[tuple[Document, Document]]:
    """Before migration 0006 (decision 0110): imported documents doubled by concurrent imports.

    Per 公开主体, of the imported documents sharing a content hash or an import key the earliest (lowest
    pk) is kept; each later copy is 撤回 (withdrawn, reason naming the kept 索引号; nothing deleted, its
    page stays) and loses its import key, which the event keeps, so the unique constraints can be made.
    Returns (withdrawn copy, kept document) pairs."""
    from django.db.models import Count

    done: list[tuple[Document, Document]] = []
    with transaction.atomic():
        imported = Document.objects.exclude(import_key="").select_for_update()
        for field in ("content_hash", "import_key"):
            groups = (Document.objects.exclude(import_key="").values("organisation_id", field)
                      .annotate(n=Count("pk")).filter(n__gt=1))
            for group in groups:
                copies = list(imported.filter(organisation_id=group["organisation_id"], **{field: group[field]})
                              .order_by("pk"))
                kept = copies[0]
                for copy in copies[1:]:
                    reason = f"重复导入：与索引号 {kept.index_no} 的文件相同（导入键 {copy.import_key}），保留最早的一份。"
                    before = copy.status
                    if copy.status == Status.PUBLISHED:
                        copy.status = Status.WITHDRAWN
                        copy.withdrawn_reason = reason
                        copy.withdrawn_at = timezone.now()
                    copy.import_key = ""
                    copy.save()
                    _event(copy, kind="withdraw", actor=actor, from_status=before, to_status=copy.status,
                           reason=reason)
                    _after_publish(copy, signals.document_withdrawn)
                    done.append((copy, kept))
    return done
