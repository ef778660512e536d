"""Writes of the 工作台账. Each use case checks the actor's role itself, runs in one transaction and
writes its audit row there; a task's changes are also TaskEvents (who, when, from → to, why).

The duty they serve (国办发〔2021〕12号 五（三）, likewise 苏政办发〔2021〕29号 四（三）): 对本要点提出的
重点任务，梳理形成工作台账，实时跟进推动，确保落实到位；对上一年度工作要点落实情况开展"回头看"。
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from gongkai.core.exceptions import DomainError, NotFoundError, PermissionDeniedError, StateError
from gongkai.core.models import Organisation, Role
from gongkai.core.selectors import has_any_membership, has_role, require_role
from gongkai.core.services import actor_name, audit
from gongkai.ledger import rules
from gongkai.ledger.models import (
    Action,
    ItemLink,
    Ledger,
    LedgerTask,
    Level,
    PlanItem,
    PlanTask,
    ProgressNote,
    Status,
    TaskEvent,
    Workplan,
)
from gongkai.ledger.parsing import Plan

MANAGER_ROLES = [Role.SUPERVISOR, Role.ADMIN, Role.OFFICER]  # who keeps an organisation's ledger
UNIT_ROLES = [Role.OFFICER, Role.SUPERVISOR, Role.ADMIN]  # who reports for a lead unit
EVIDENCE_TYPES = {
    "application/pdf": "pdf", "image/jpeg": "jpg", "image/png": "png",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "docx",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "xlsx",
}
MAX_NOTE_CHARS = 2000
MAX_URL_CHARS = 500

# Allowed moves between stored states (未按期完成 is derived, never stored). Reopening a finished task
# needs a reason; everything else may be noted without one.
TRANSITIONS: dict[str, tuple[str, ...]] = {
    Status.NOT_STARTED: (Status.IN_PROGRESS, Status.DONE, Status.ONGOING),
    Status.IN_PROGRESS: (Status.DONE, Status.ONGOING, Status.NOT_STARTED),
    Status.ONGOING: (Status.IN_PROGRESS, Status.DONE),
    Status.DONE: (Status.IN_PROGRESS, Status.ONGOING),
}


def _today() -> date:
    return timezone.localdate()


def _event(task: LedgerTask, kind: str, actor: Any, *, reason: str = "", from_status: str = "", to_status: str = "",
           data: dict[str, Any] | None = None) -> TaskEvent:
    return TaskEvent.objects.create(task=task, kind=kind, actor=actor if getattr(actor, "is_authenticated", False) else None,
                                    actor_name=actor_name(actor), reason=reason, from_status=from_status,
                                    to_status=to_status, data=data)


def can_manage(actor: Any, ledger: Ledger) -> bool:
    return has_role(actor, ledger.organisation, MANAGER_ROLES)


def _require_manager(actor: Any, ledger: Ledger, action: str) -> None:
    require_role(actor, ledger.organisation, MANAGER_ROLES, action=action)


def can_report(actor: Any, task: LedgerTask) -> bool:
    """The ledger's keepers and the lead unit's staff may report progress and status."""
    if can_manage(actor, task.ledger):
        return True
    return task.lead_unit is not None and has_role(actor, task.lead_unit, UNIT_ROLES)


# --- 工作要点 ------------------------------------------------------------------------------------

def plan_hash(plan: Plan) -> str:
    return hashlib.sha256(json.dumps(plan.as_dict(), ensure_ascii=False, sort_keys=True).encode()).hexdigest()


def guess_level(title: str, issuer: str) -> str:
    name = issuer or title
    if "国务院" in name or name.startswith("国办"):
        return Level.NATIONAL
    if re.search(r"省|自治区|北京市|上海市|天津市|重庆市", name):
        return Level.PROVINCE
    if re.search(r"县|区人民政府|旗", name):
        return Level.COUNTY
    if "市" in name:
        return Level.CITY
    return Level.NATIONAL


def workplan_import(*, actor: Any, plan: Plan, document: Any = None, issuer: str = "") -> Workplan:
    """Store a parsed 要点 (idempotent: the same parse gives the same Workplan). Staff only.

    A provincial or lower 要点 that cites a 要点 already stored (苏政办发〔2021〕29号 cites
    国办发〔2021〕12号) is linked to it, and each of its items gets a suggested national origin."""
    if not has_any_membership(actor):
        raise PermissionDeniedError("导入工作要点需要工作人员账号。")
    key = plan_hash(plan)
    existing = Workplan.objects.filter(content_hash=key).first()
    if existing is not None:
        if document is not None and existing.document_id is None:
            existing.document = document
            existing.save(update_fields=["document"])
        return existing
    from gongkai.search.analysis import find_doc_nos, normalise_doc_no

    issuer = issuer or (getattr(document, "publisher_name", "") if document is not None else "")
    with transaction.atomic():
        workplan = Workplan.objects.create(
            title=plan.title[:300], doc_no=plan.doc_no[:80], doc_no_normalised=normalise_doc_no(plan.doc_no)[:80],
            year=plan.year, level=guess_level(plan.title, issuer), issuer=issuer[:120], document=document,
            content_hash=key, parsed=plan.as_dict(), created_by=actor if getattr(actor, "is_authenticated", False) else None)
        order = 0
        task_order = 0
        for section in plan.sections:
            for item in section.items:
                order += 1
                row = PlanItem.objects.create(workplan=workplan, section_path=section.path,
                                              section_title=section.title[:200], path=item.path, title=item.title[:200],
                                              text=item.text, order=order)
                tasks = []
                for task in item.tasks:
                    task_order += 1
                    tasks.append(PlanTask(item=row, path=task.path, text=task.text, due=task.deadline.due,
                                          deadline_text=(task.deadline.text or "")[:60],
                                          continuous=task.deadline.continuous, needs_review=task.deadline.needs_review,
                                          owners=task.owners, order=task_order))
                PlanTask.objects.bulk_create(tasks)
        audit(actor=actor, action=Action.PLAN_IMPORT, obj=workplan,
              after={"doc_no": workplan.doc_no, "year": workplan.year, "items": order, "tasks": task_order})
        if workplan.level != Level.NATIONAL:
            body = getattr(document, "body_text", "") if document is not None else json.dumps(plan.as_dict(), ensure_ascii=False)
            cited = [found[1] for found in find_doc_nos(body[:3000])] if body else []
            parent = (Workplan.objects.filter(doc_no_normalised__in=cited, level=Level.NATIONAL).exclude(pk=workplan.pk)
                      .first() if cited else None)
            parent = parent or Workplan.objects.filter(level=Level.NATIONAL, year=workplan.year).exclude(
                pk=workplan.pk).first()
            if parent is not None:
                workplan_link_parent(actor=actor, workplan=workplan, parent=parent)
    return workplan


def workplan_link_parent(*, actor: Any, workplan: Workplan, parent: Workplan) -> list[ItemLink]:
    """Suggest, for each item, the parent 要点's item it implements (rules.match_items). Links staff have
    already confirmed or corrected are kept as they are."""
    if not has_any_membership(actor):
        raise PermissionDeniedError("匹配上级要点需要工作人员账号。")
    if parent.pk == workplan.pk or parent.year != workplan.year:
        raise DomainError("上级要点应是同一年度的另一份工作要点。")
    items = list(workplan.items.all())
    origins = {i.path: i for i in parent.items.all()}
    matches = rules.match_items([(i.path, i.text) for i in items], [(p, o.text) for p, o in origins.items()])
    links = []
    with transaction.atomic():
        workplan.parent = parent
        workplan.save(update_fields=["parent"])
        for item, match in zip(items, matches, strict=True):
            origin = origins.get(match.origin_path) if match.origin_path else None
            link, created = ItemLink.objects.get_or_create(item=item, defaults={
                "origin": origin, "suggested": origin, "score": match.score,
                "state": ItemLink.State.SUGGESTED if origin else ItemLink.State.NONE})
            if not created and link.state == ItemLink.State.SUGGESTED:
                link.origin = link.suggested = origin
                link.score = match.score
                link.save(update_fields=["origin", "suggested", "score"])
            links.append(link)
        audit(actor=actor, action=Action.LINK_SUGGEST, obj=workplan,
              after={"parent": parent.doc_no, "suggested": sum(1 for link in links if link.origin_id)})
    return links


def item_link_decide(*, actor: Any, link: ItemLink, origin: PlanItem | None, reason: str = "") -> ItemLink:
    """Staff confirm the suggestion, pick another item of the parent 要点, or say there is none."""
    if not has_any_membership(actor):
        raise PermissionDeniedError("确认对应关系需要工作人员账号。")
    parent_id = link.item.workplan.parent_id
    if origin is not None and origin.workplan_id != parent_id:
        raise DomainError("所选条目不属于上级工作要点。")
    before = {"origin": link.origin.path if link.origin else None, "state": link.state}
    if origin is None:
        state = ItemLink.State.NONE
    elif link.suggested_id == origin.pk:
        state = ItemLink.State.CONFIRMED
    else:
        state = ItemLink.State.CORRECTED
    with transaction.atomic():
        link.origin, link.state = origin, state
        link.decided_by = actor if getattr(actor, "is_authenticated", False) else None
        link.decided_at = timezone.now()
        link.save()
        audit(actor=actor, action=Action.LINK_DECIDE, obj=link, before=before,
              after={"origin": origin.path if origin else None, "state": state}, reason=reason[:500])
    return link


# --- ledgers -----------------------------------------------------------------------------------

def ledger_create(*, actor: Any, organisation: Organisation, workplan: Workplan) -> Ledger:
    """建立工作台账: one task per task of the 要点, with its deadline and the subjects it names.
    Continuous tasks (持续/长期) start as 长期坚持."""
    require_role(actor, organisation, MANAGER_ROLES, action="建立工作台账")
    if Ledger.objects.filter(organisation=organisation, workplan=workplan).exists():
        raise StateError(f"{organisation.name}已有《{workplan.title}》的工作台账，不能重复建立。")
    plan_tasks = list(PlanTask.objects.filter(item__workplan=workplan).select_related("item").order_by("order"))
    if not plan_tasks:
        raise DomainError("这份工作要点没有任务，不能建立工作台账。")
    with transaction.atomic():
        ledger = Ledger.objects.create(organisation=organisation, workplan=workplan, year=workplan.year,
                                       title=f"{organisation.name}落实《{workplan.title[:200]}》工作台账"[:300],
                                       created_by=actor if getattr(actor, "is_authenticated", False) else None)
        tasks = [LedgerTask(ledger=ledger, plan_task=pt, number=n, path=pt.path, item_title=pt.item.title, text=pt.text,
                            due=pt.due, deadline_text=pt.deadline_text, needs_review=pt.needs_review, owners=pt.owners,
                            status=Status.ONGOING if pt.continuous else Status.NOT_STARTED)
                 for n, pt in enumerate(plan_tasks, start=1)]
        LedgerTask.objects.bulk_create(tasks)
        user = actor if getattr(actor, "is_authenticated", False) else None
        TaskEvent.objects.bulk_create([TaskEvent(task=t, kind=TaskEvent.Kind.CREATED, actor=user,
                                                 actor_name=actor_name(actor), to_status=t.status)
                                       for t in LedgerTask.objects.filter(ledger=ledger)])
        audit(actor=actor, action=Action.LEDGER_CREATE, obj=ledger, organisation=organisation,
              after={"workplan": workplan.doc_no or workplan.title, "tasks": len(tasks)})
    return ledger


def ledger_create_from_plan(*, actor: Any, organisation: Organisation, plan: Plan, document: Any = None) -> Ledger:
    """Parse first (a document that is not a 要点 raised before this), then store and create in one
    transaction: a failure leaves neither a 要点 nor an empty ledger behind."""
    require_role(actor, organisation, MANAGER_ROLES, action="建立工作台账")
    with transaction.atomic():
        workplan = workplan_import(actor=actor, plan=plan, document=document)
        return ledger_create(actor=actor, organisation=organisation, workplan=workplan)


def _units_in_scope(ledger: Ledger) -> Any:
    return Organisation.objects.filter(path__startswith=ledger.organisation.path, is_active=True)


def task_assign(*, actor: Any, task: LedgerTask, lead_unit: Organisation | None, co_units: list[Organisation],
                due: date | None, reason: str = "") -> LedgerTask:
    """分解任务: 牵头单位, 配合单位 and 完成时限. Units must belong to the ledger's organisation."""
    _require_manager(actor, task.ledger, "分解台账任务")
    scope = set(_units_in_scope(task.ledger).values_list("pk", flat=True))
    for unit in [u for u in [lead_unit, *co_units] if u is not None]:
        if unit.pk not in scope:
            raise DomainError(f"{unit.name}不属于{task.ledger.organisation.name}，不能承担本台账任务。")
    if lead_unit is not None and any(u.pk == lead_unit.pk for u in co_units):
        raise DomainError("牵头单位不能同时是配合单位。")
    if due is not None and abs(due.year - task.ledger.year) > 5:
        raise DomainError(f"完成时限 {due.isoformat()} 与台账年度 {task.ledger.year} 相差过远，请检查。")
    before = _assignment(task)
    with transaction.atomic():
        task.lead_unit = lead_unit
        task.due = due
        if due is not None:
            task.needs_review = False
        task.save()
        task.co_units.set(co_units)
        after = _assignment(task)
        if before != after:
            _event(task, TaskEvent.Kind.ASSIGNED, actor, reason=reason[:500], data={"before": before, "after": after})
            audit(actor=actor, action=Action.TASK_ASSIGN, obj=task, organisation=task.ledger.organisation,
                  before=before, after=after, reason=reason[:500])
    return task


def _assignment(task: LedgerTask) -> dict[str, Any]:
    return {"lead": task.lead_unit.name if task.lead_unit else None,
            "co": sorted(u.name for u in task.co_units.all()) if task.pk else [],
            "due": task.due.isoformat() if task.due else None}


def task_set_status(*, actor: Any, task: LedgerTask, status: str, reason: str = "",
                    completed_on: date | None = None) -> LedgerTask:
    """完成状态. 已完成 needs evidence on record (a progress note with a published item, a URL or a file):
    the 回头看 checks each task against its record (逐项核查落实情况). Reopening needs a reason."""
    if not can_report(actor, task):
        require_role(actor, task.ledger.organisation, MANAGER_ROLES, action="更新任务状态")
    if status not in Status.values:
        raise DomainError(f"未知状态：{status}。“未按期完成”由完成时限自动判断，不能直接设置。")
    if status == task.status:
        raise StateError(f"任务已是“{Status(status).label}”。")
    if status not in TRANSITIONS[task.status]:
        raise StateError(f"不能从“{Status(task.status).label}”改为“{Status(status).label}”。")
    today = _today()
    if status == Status.DONE:
        if not task.notes.exclude(evidence=ProgressNote.Evidence.NONE).exists():
            raise DomainError("标记“已完成”前请先填报进展并附佐证材料（已公开信息、网址或文件），以便回头看逐项核查。")
        completed_on = completed_on or today
        if completed_on > today:
            raise DomainError("完成日期不能晚于今天。")
    elif task.status == Status.DONE and not reason.strip():
        raise DomainError("重新打开已完成的任务必须说明理由。")
    before = task.status
    with transaction.atomic():
        task.status = status
        task.completed_on = completed_on if status == Status.DONE else None
        task.save(update_fields=["status", "completed_on", "updated_at"])
        _event(task, TaskEvent.Kind.STATUS, actor, reason=reason[:500], from_status=before, to_status=status)
        audit(actor=actor, action=Action.TASK_STATUS, obj=task, organisation=task.ledger.organisation,
              before={"status": before}, after={"status": status}, reason=reason[:500])
    return task


@dataclass
class Upload:
    name: str
    content: bytes


def _check_upload(upload: Upload) -> tuple[str, str]:
    import filetype

    if not upload.content:
        raise DomainError("上传的佐证文件为空。")
    if len(upload.content) > settings.MAX_ATTACHMENT_BYTES:
        raise DomainError(f"佐证文件过大（{len(upload.content) / 1024 / 1024:.1f} MB），上限 "
                          f"{settings.MAX_ATTACHMENT_BYTES // 1024 // 1024} MB。")
    kind = filetype.guess(upload.content[:8192])
    if kind is None or kind.mime not in EVIDENCE_TYPES:
        raise DomainError("佐证文件类型不允许：按文件内容识别，只接受 PDF、DOCX、XLSX、JPG、PNG（扩展名不作数）。")
    ext = EVIDENCE_TYPES[kind.mime]
    name = re.sub(r"[\\/:*?\"<>|\x00-\x1f]", "_", upload.name)[:150] or f"佐证.{ext}"
    if not name.lower().endswith("." + ext) and not (ext == "jpg" and name.lower().endswith(".jpeg")):
        name = f"{name.rsplit('.', 1)[0]}.{ext}"
    return name, kind.mime


def _check_url(url: str) -> str:
    from django.core.exceptions import ValidationError
    from django.core.validators import URLValidator

    url = url.strip()
    if len(url) > MAX_URL_CHARS:
        raise DomainError(f"网址过长（上限 {MAX_URL_CHARS} 个字符）。")
    try:
        URLValidator(schemes=["http", "https"])(url)
    except ValidationError as exc:
        raise DomainError("网址无效：只接受以 http:// 或 https:// 开头的网址。") from exc
    return url


def task_add_progress(*, actor: Any, task: LedgerTask, text: str, document_index_no: str = "", url: str = "",
                      upload: Upload | None = None) -> ProgressNote:
    """填报进展 with at most one piece of evidence: a published item (by 索引号), a URL or a file.
    A first note moves a 未开始 task to 推进中."""
    from django.core.files.base import ContentFile

    if not can_report(actor, task):
        require_role(actor, task.ledger.organisation, MANAGER_ROLES, action="填报任务进展")
    text = (text or "").strip()
    if not text:
        raise DomainError("请填写进展情况。")
    if len(text) > MAX_NOTE_CHARS:
        raise DomainError(f"进展情况过长（{len(text)} 字，上限 {MAX_NOTE_CHARS} 字）。")
    given = [bool(document_index_no.strip()), bool(url.strip()), upload is not None]
    if sum(given) > 1:
        raise DomainError("每条进展只能附一种佐证：已公开信息、网址或上传文件，请分条填报。")
    note = ProgressNote(task=task, text=text, created_by=actor if getattr(actor, "is_authenticated", False) else None)
    file_name = ""
    if document_index_no.strip():
        from gongkai.publishing.selectors import public_document

        try:
            note.document = public_document(document_index_no.strip()[:40])
        except NotFoundError as exc:
            raise DomainError(f"没有索引号为 {document_index_no.strip()[:40]} 的已公开信息。") from exc
        note.evidence = ProgressNote.Evidence.DOCUMENT
    elif url.strip():
        note.url = _check_url(url)
        note.evidence = ProgressNote.Evidence.URL
    elif upload is not None:
        file_name, mime = _check_upload(upload)
        note.evidence = ProgressNote.Evidence.UPLOAD
        note.file_name, note.content_type, note.size = file_name, mime, len(upload.content)
        note.sha256 = hashlib.sha256(upload.content).hexdigest()
    with transaction.atomic():
        if upload is not None:
            note.file.save(file_name, ContentFile(upload.content), save=False)
        note.save()
        task.progress = text
        from_status = task.status
        if task.status == Status.NOT_STARTED:
            task.status = Status.IN_PROGRESS
        task.save(update_fields=["progress", "status", "updated_at"])
        _event(task, TaskEvent.Kind.PROGRESS, actor, reason=text[:200], from_status=from_status, to_status=task.status,
               data={"evidence": note.evidence, "note": note.pk})
        audit(actor=actor, action=Action.TASK_PROGRESS, obj=task, organisation=task.ledger.organisation,
              after={"evidence": note.evidence, "status": task.status})
    return note


def ledger_carry_over(*, actor: Any, ledger: Ledger, tasks: list[LedgerTask]) -> list[LedgerTask]:
    """回头看: bring last year's unfinished tasks into this year's ledger (each once), keeping a link
    to the original so its history stays readable."""
    _require_manager(actor, ledger, "回头看转入任务")
    created = []
    with transaction.atomic():
        number = (ledger.tasks.order_by("-number").values_list("number", flat=True).first() or 0)
        for old in tasks:
            if old.ledger.organisation_id != ledger.organisation_id or old.ledger.year != ledger.year - 1:
                raise DomainError(f"任务 {old.number} 不是本机构上一年度台账中的任务。")
            if not rules.is_unfinished(old.status):
                raise DomainError(f"任务 {old.number} 已完成，无需转入。")
            if ledger.tasks.filter(carried_from=old).exists():
                continue
            number += 1
            new = LedgerTask.objects.create(
                ledger=ledger, carried_from=old, number=number, path=f"回头看.{old.ledger.year}.{old.path}",
                item_title=old.item_title, text=old.text, due=None, deadline_text=old.deadline_text,
                owners=old.owners, lead_unit=old.lead_unit,
                status=Status.ONGOING if old.status == Status.ONGOING else Status.IN_PROGRESS, progress=old.progress)
            new.co_units.set(old.co_units.all())
            _event(new, TaskEvent.Kind.CARRIED, actor, to_status=new.status,
                   reason=f"{old.ledger.year} 年台账第 {old.number} 项未完成，回头看转入。")
            created.append(new)
        audit(actor=actor, action=Action.CARRY_OVER, obj=ledger, organisation=ledger.organisation,
              after={"carried": [t.carried_from_id for t in created]})
    return created


# --- the 台账 spreadsheet back in -------------------------------------------------------------------

class LedgerImportError(DomainError):
    """Rows that cannot be imported, each with its row number; nothing was written."""

    def __init__(self, errors: list[tuple[int, str]]) -> None:
        self.errors = errors
        lines = "；".join(f"第 {row} 行：{message}" for row, message in errors[:20])
        more = f"（另有 {len(errors) - 20} 处）" if len(errors) > 20 else ""
        super().__init__(f"台账表格有 {len(errors)} 处错误，未导入任何内容。{lines}{more}", code="import_rows")


@dataclass
class ImportReport:
    updated: int = 0
    created: int = 0
    unchanged: int = 0


@dataclass
class _RowChange:
    row: int
    task: LedgerTask | None
    text: str
    lead: Organisation | None
    co: list[Organisation]
    due: date | None
    continuous: bool
    progress: str
    status: str | None


_LABEL_TO_STATUS = {label: code for code, label in rules.STATUS_LABELS.items()}


def _cell(value: Any) -> str:
    from gongkai.ledger.spreadsheet import _cell_text

    text = _cell_text(value)
    # Our export protects cells that start with = + - @ with an apostrophe; take it off again.
    return text[1:] if text[:2] in ("'=", "'+", "'-", "'@") else text


def _unit_index(ledger: Ledger) -> dict[str, Organisation]:
    from gongkai.ledger.selectors import units_of

    index: dict[str, Organisation] = {}
    for org in units_of(ledger):
        index[org.name] = org
        if org.short_name:
            index.setdefault(org.short_name, org)
    return index


def _validate_rows(ledger: Ledger, rows: list[Any]) -> tuple[list[_RowChange], list[tuple[int, str]]]:
    from gongkai.ledger.spreadsheet import parse_due

    units = _unit_index(ledger)
    tasks = {t.number: t for t in ledger.tasks.all()}
    evidenced = set(ProgressNote.objects.filter(task__ledger=ledger).exclude(evidence=ProgressNote.Evidence.NONE)
                    .values_list("task_id", flat=True))
    changes: list[_RowChange] = []
    errors: list[tuple[int, str]] = []
    seen: set[int] = set()
    for sheet_row in rows:
        v = sheet_row.values
        problems: list[str] = []
        if "__extra__" in v:
            problems.append("第七列“完成状态”之后还有内容，请删除多余的列")
        number_text = _cell(v["序号"])
        task = None
        if number_text:
            if not re.fullmatch(r"\d{1,5}", number_text):
                problems.append(f"序号“{number_text}”不是整数")
            else:
                number = int(number_text)
                if number in seen:
                    problems.append(f"序号 {number} 重复出现")
                seen.add(number)
                task = tasks.get(number)
                if task is None:
                    problems.append(f"序号 {number} 在本台账中不存在（新增任务请将序号留空）")
        text = _cell(v["任务"])
        if not text:
            problems.append("任务内容为空")
        elif len(text) > 2000:
            problems.append("任务内容超过 2000 字")
        elif task is not None and re.sub(r"\s+", "", text) != re.sub(r"\s+", "", task.text):
            problems.append(f"任务内容与台账第 {task.number} 项不一致（是否错行？）")
        lead_name = _cell(v["牵头单位"])
        lead = units.get(lead_name) if lead_name else None
        if lead_name and lead is None:
            problems.append(f"牵头单位“{lead_name}”不是{ledger.organisation.name}或其所属单位")
        co: list[Organisation] = []
        for name in [n for n in re.split(r"[、,，;；\s]+", _cell(v["配合单位"])) if n]:
            unit = units.get(name)
            if unit is None:
                problems.append(f"配合单位“{name}”不是{ledger.organisation.name}或其所属单位")
            elif unit not in co:
                co.append(unit)
        if lead is not None and lead in co:
            problems.append("牵头单位不能同时是配合单位")
        try:
            due, continuous = parse_due(v["完成时限"], ledger.year)
        except ValueError as exc:
            due, continuous = None, False
            # An unreadable phrase the export itself wrote (a task still awaiting a person) stays as it is.
            if task is None or _cell(v["完成时限"]) != task.deadline_text:
                problems.append(str(exc))
        progress = _cell(v["进展情况"])
        if len(progress) > MAX_NOTE_CHARS:
            problems.append(f"进展情况超过 {MAX_NOTE_CHARS} 字")
        label = _cell(v["完成状态"])
        status: str | None = None
        if label:
            code = _LABEL_TO_STATUS.get(label)
            if code is None:
                problems.append(f"完成状态“{label}”不是：{'、'.join(rules.STATUS_LABELS.values())}")
            elif code == rules.StatusCode.OVERDUE:
                # Derived on read: an exported "未按期完成" row keeps its stored state.
                status = task.status if task is not None else Status.NOT_STARTED
            else:
                status = code
        if continuous and status is None:
            status = Status.ONGOING
        current = task.status if task is not None else Status.NOT_STARTED
        if status == current and task is not None:
            status = None  # the column was not changed (a new progress note may still move it to 推进中)
        if status and status != current and status not in TRANSITIONS[current]:
            problems.append(f"不能从“{Status(current).label}”改为“{Status(status).label}”")
        if status == Status.DONE and current != Status.DONE and (task is None or task.pk not in evidenced):
            problems.append("标记“已完成”需先在系统中填报进展并附佐证材料")
        if problems:
            errors.extend((sheet_row.row, p) for p in problems)
            continue
        changes.append(_RowChange(sheet_row.row, task, text, lead, co, due, continuous, progress, status))
    return changes, errors


def ledger_import(*, actor: Any, ledger: Ledger, name: str, content: bytes) -> ImportReport:
    """Read a 台账 spreadsheet back (XLSX or CSV, UTF-8 or GBK) and apply it: every row is checked
    first; one bad row and nothing is written (the errors name their rows). Rows with a 序号 update
    that task, rows without one add tasks; unchanged rows change nothing."""
    from gongkai.ledger.spreadsheet import read_sheet

    _require_manager(actor, ledger, "导入台账表格")
    rows = read_sheet(name, content)
    if not rows:
        raise DomainError("表格中没有任务行。")
    changes, errors = _validate_rows(ledger, rows)
    if errors:
        raise LedgerImportError(errors)
    report = ImportReport()
    with transaction.atomic():
        number = ledger.tasks.order_by("-number").values_list("number", flat=True).first() or 0
        for change in changes:
            task = change.task
            if task is None:
                number += 1
                task = LedgerTask.objects.create(ledger=ledger, number=number, path=f"导入.{number}", text=change.text,
                                                 status=Status.NOT_STARTED)
                _event(task, TaskEvent.Kind.IMPORTED, actor, to_status=task.status,
                       reason=f"由表格“{name[:100]}”第 {change.row} 行新增")
                report.created += 1
                touched = True
            else:
                touched = False
            before = _assignment(task)
            due = change.due  # the row is the truth: an emptied cell or 长期坚持 clears the date
            if (change.lead, sorted(u.pk for u in change.co), due) != (
                    task.lead_unit, sorted(u.pk for u in task.co_units.all()), task.due):
                task_assign(actor=actor, task=task, lead_unit=change.lead, co_units=change.co, due=due,
                            reason=f"表格导入第 {change.row} 行")
                touched = touched or before != _assignment(task)
            if change.progress and change.progress != task.progress:
                task_add_progress(actor=actor, task=task, text=change.progress)
                touched = True
            if change.status and change.status != task.status:
                task_set_status(actor=actor, task=task, status=change.status,
                                reason=f"表格导入第 {change.row} 行")
                touched = True
            if change.task is not None:
                if touched:
                    report.updated += 1
                else:
                    report.unchanged += 1
        audit(actor=actor, action=Action.LEDGER_IMPORT, obj=ledger, organisation=ledger.organisation,
              after={"file": name[:100], "updated": report.updated, "created": report.created,
                     "unchanged": report.unchanged})
    return report
