"""The 工作台账 part of /api/v1/ (staff, session auth): ledgers, their tasks, status and progress, and a
parse endpoint that returns a 要点's task tree without storing anything."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest
from ninja import Field, Router, Schema
from ninja.security import SessionAuth

from gongkai.core.exceptions import PermissionDeniedError
from gongkai.core.selectors import has_any_membership
from gongkai.ledger import selectors, services
from gongkai.ledger.sources import MAX_TEXT_CHARS, plan_from_text

router = Router(tags=["工作台账"], auth=SessionAuth())


class LedgerOut(Schema):
    id: int
    title: str
    year: int
    organisation: str
    doc_no: str
    tasks: int


class TaskOut(Schema):
    id: int
    number: int
    path: str
    text: str
    lead_unit: str
    co_units: str
    deadline: dt.date | None
    deadline_text: str
    progress: str
    status: str
    status_label: str


class StatusIn(Schema):
    status: str = Field(..., max_length=20)
    reason: str = Field("", max_length=500)
    completed_on: dt.date | None = None


class ProgressIn(Schema):
    text: str = Field(..., min_length=1, max_length=services.MAX_NOTE_CHARS)
    url: str = Field("", max_length=services.MAX_URL_CHARS)
    document_index_no: str = Field("", max_length=40)


class ParseIn(Schema):
    text: str = Field(..., min_length=1, max_length=MAX_TEXT_CHARS)
    title: str = Field("", max_length=300)
    doc_no: str = Field("", max_length=80)


def _task_out(row: dict[str, Any]) -> dict[str, Any]:
    task = row["task"]
    return {"id": task.pk, "number": row["number"], "path": row["path"], "text": row["text"],
            "lead_unit": row["lead_unit"], "co_units": row["co_units"], "deadline": row["due"],
            "deadline_text": task.deadline_text, "progress": row["progress"], "status": row["status"],
            "status_label": row["status_label"]}


@router.get("/ledgers", response=list[LedgerOut], summary="可见的工作台账")
def list_ledgers(request: HttpRequest) -> list[dict[str, Any]]:
    return [{"id": item.pk, "title": item.title, "year": item.year, "organisation": item.organisation.name,
             "doc_no": item.workplan.doc_no, "tasks": item.tasks.count()} for item in selectors.ledgers_for(request.user)]


@router.get("/ledgers/{int:pk}/tasks", response=list[TaskOut], summary="台账任务（完成状态含“未按期完成”）")
def ledger_tasks(request: HttpRequest, pk: int) -> list[dict[str, Any]]:
    return [_task_out(r) for r in selectors.ledger_tasks(selectors.ledger_for(request.user, pk))]


def _row(task: Any) -> dict[str, Any]:
    return _task_out(selectors.task_rows(type(task).objects.filter(pk=task.pk))[0])


@router.post("/tasks/{int:pk}/status", response=TaskOut, summary="更新完成状态")
def task_status(request: HttpRequest, pk: int, data: StatusIn) -> dict[str, Any]:
    task = selectors.task_for(request.user, pk)
    services.task_set_status(actor=request.user, task=task, status=data.status, reason=data.reason,
                             completed_on=data.completed_on)
    return _row(task)


@router.post("/tasks/{int:pk}/progress", response=TaskOut, summary="填报进展（佐证：网址或已公开信息索引号）")
def task_progress(request: HttpRequest, pk: int, data: ProgressIn) -> dict[str, Any]:
    task = selectors.task_for(request.user, pk)
    services.task_add_progress(actor=request.user, task=task, text=data.text, url=data.url,
                               document_index_no=data.document_index_no)
    return _row(task)


@router.post("/parse", summary="解析工作要点文本（不保存）")
def parse(request: HttpRequest, data: ParseIn) -> dict[str, Any]:
    if not has_any_membership(request.user):
        raise PermissionDeniedError("解析工作要点需要工作人员账号。")
    return plan_from_text(data.text, title=data.title, doc_no=data.doc_no).as_dict()
