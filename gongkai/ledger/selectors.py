"""Reads of the 工作台账 and who may see what.

A ledger is seen by the staff of its organisation and their supervisors (core.selectors.visible_orgs);
a task is also seen by the staff of its 牵头/配合 units, who report on it. Anything else answers 404.
"未按期完成" is computed here, on read, from the due date (rules.effective_status): no job sets it.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from gongkai.core.exceptions import NotFoundError
from gongkai.core.models import Organisation
from gongkai.core.selectors import first_or_404, get_calendar, visible_org_ids
from gongkai.core.workdays import workdays_between
from gongkai.ledger import rules
from gongkai.ledger.models import ItemLink, Ledger, LedgerTask, PlanItem, ProgressNote, Status, Workplan


def _today(today: date | None) -> date:
    return today or timezone.localdate()


def ledgers_for(user: Any) -> QuerySet[Ledger]:
    return Ledger.objects.filter(organisation_id__in=visible_org_ids(user)).select_related("organisation", "workplan")


def ledger_for(user: Any, pk: int) -> Ledger:
    return first_or_404(ledgers_for(user).filter(pk=pk))


def _task_scope(user: Any) -> Q:
    orgs = visible_org_ids(user)
    return Q(ledger__organisation_id__in=orgs) | Q(lead_unit_id__in=orgs) | Q(co_units__in=orgs)


def task_for(user: Any, pk: int) -> LedgerTask:
    task = (LedgerTask.objects.filter(_task_scope(user), pk=pk).select_related("ledger__organisation", "lead_unit")
            .distinct().first())
    if task is None:
        raise NotFoundError()
    return task


def my_tasks(user: Any) -> QuerySet[LedgerTask]:
    """Tasks led or co-operated by the user's own units (not every task of a supervised ledger)."""
    orgs = visible_org_ids(user)
    return (LedgerTask.objects.filter(Q(lead_unit_id__in=orgs) | Q(co_units__in=orgs))
            .select_related("ledger", "lead_unit").distinct().order_by("due", "ledger", "number"))


def note_for(user: Any, pk: int) -> ProgressNote:
    note = ProgressNote.objects.filter(pk=pk).select_related("task").first()
    if note is None:
        raise NotFoundError()
    task_for(user, note.task_id)
    return note


def status_of(task: LedgerTask, today: date | None = None) -> str:
    return rules.effective_status(task.status, task.due, _today(today), task.completed_on)


def workdays_left(task: LedgerTask, today: date | None = None) -> int | None:
    if task.due is None:
        return None
    return workdays_between(_today(today), task.due, get_calendar())


def task_rows(tasks: Any, today: date | None = None) -> list[dict[str, Any]]:
    """What the 台账 table shows, one dict per task (co-units prefetched)."""
    day = _today(today)
    rows = []
    for task in tasks.select_related("lead_unit", "carried_from__ledger").prefetch_related("co_units"):
        status = rules.effective_status(task.status, task.due, day, task.completed_on)
        rows.append({
            "task": task, "number": task.number, "path": task.path, "text": task.text, "item_title": task.item_title,
            "lead_unit": task.lead_unit.name if task.lead_unit else "",
            "co_units": "、".join(u.name for u in task.co_units.all()),
            "due": task.due, "deadline_label": deadline_label(task), "progress": task.progress, "status": status,
            "status_label": rules.STATUS_LABELS[status], "needs_review": task.needs_review,
            "owners": "、".join(task.owners), "carried_from": task.carried_from,
        })
    return rows


def deadline_label(task: LedgerTask) -> str:
    """完成时限 as the 台账 writes it: the date, else 长期 for continuous tasks, else the phrase."""
    if task.due:
        return task.due.isoformat()
    if task.status == Status.ONGOING:
        return "长期坚持"
    return task.deadline_text


def ledger_tasks(ledger: Ledger, *, status: str = "", unit: int | None = None,
                 today: date | None = None) -> list[dict[str, Any]]:
    rows = task_rows(ledger.tasks.all().order_by("number"), today)
    if status:
        rows = [r for r in rows if r["status"] == status]
    if unit:
        rows = [r for r in rows if r["task"].lead_unit_id == unit]
    return rows


def status_counts(rows: list[dict[str, Any]]) -> dict[str, int]:
    counts = dict.fromkeys(rules.STATUS_LABELS, 0)
    for row in rows:
        counts[row["status"]] += 1
    return counts


def previous_unfinished(ledger: Ledger) -> list[LedgerTask]:
    """回头看: last year's tasks of this organisation not finished and not yet carried into this ledger."""
    carried = set(ledger.tasks.exclude(carried_from=None).values_list("carried_from_id", flat=True))
    tasks = (LedgerTask.objects.filter(ledger__organisation=ledger.organisation, ledger__year=ledger.year - 1)
             .exclude(status=Status.DONE).select_related("ledger", "lead_unit").order_by("ledger", "number"))
    return [t for t in tasks if t.pk not in carried]


def departments_summary(user: Any, year: int, today: date | None = None) -> dict[str, Any]:
    """Supervisor view: completion by 牵头单位 and the overdue tasks, over the ledgers the user sees."""
    day = _today(today)
    tasks = LedgerTask.objects.filter(ledger__in=ledgers_for(user).filter(year=year))
    rows = task_rows(tasks.order_by("ledger", "number"), day)
    by_unit: dict[str, dict[str, int]] = defaultdict(lambda: dict.fromkeys(rules.STATUS_LABELS, 0))
    for row in rows:
        by_unit[row["lead_unit"] or "（未分解）"][row["status"]] += 1
    table = []
    for unit, counts in sorted(by_unit.items(), key=lambda kv: kv[0]):
        total = sum(counts.values())
        done = counts[rules.StatusCode.DONE]
        table.append({"unit": unit, "total": total, "done": done, "overdue": counts[rules.StatusCode.OVERDUE],
                      "in_progress": counts[rules.StatusCode.IN_PROGRESS] + counts[rules.StatusCode.NOT_STARTED],
                      "ongoing": counts[rules.StatusCode.ONGOING],
                      "rate": round(100 * done / total, 1) if total else 0.0})
    overdue = [r for r in rows if r["status"] == rules.StatusCode.OVERDUE]
    return {"table": table, "overdue": overdue, "rows": rows, "year": year}


def summary_chart(summary: dict[str, Any]) -> Any:
    from gongkai.core.charts import Chart, Series

    labels = [row["unit"] for row in summary["table"]]
    return Chart(title=f"{summary['year']} 年台账任务完成情况（按牵头单位）", labels=labels, chart_id="ledger-units",
                 series=[Series("已完成", [float(r["done"]) for r in summary["table"]]),
                         Series("未按期完成", [float(r["overdue"]) for r in summary["table"]]),
                         Series("推进中/未开始", [float(r["in_progress"]) for r in summary["table"]])])


def plan_links(workplan: Workplan) -> list[dict[str, Any]]:
    """Side by side: each item of a provincial 要点 and the national item it implements."""
    links = {link.item_id: link for link in ItemLink.objects.filter(item__workplan=workplan)
             .select_related("origin", "suggested")}
    rows = []
    for item in workplan.items.all():
        rows.append({"item": item, "link": links.get(item.pk)})
    return rows


def workplans() -> QuerySet[Workplan]:
    return Workplan.objects.all().select_related("parent", "document")


def workplan_for(pk: int) -> Workplan:
    return first_or_404(workplans().filter(pk=pk))


def parent_items(workplan: Workplan) -> QuerySet[PlanItem]:
    if workplan.parent_id is None:
        return PlanItem.objects.none()
    return PlanItem.objects.filter(workplan_id=workplan.parent_id).order_by("order")


def units_of(ledger: Ledger) -> QuerySet[Organisation]:
    """The organisations that may lead or co-operate on the ledger's tasks: its own subtree."""
    # A department's own 工作机构 is the department for this purpose; the government's (县政府办公室)
    # leads tasks in its own name.
    return (Organisation.objects.filter(path__startswith=ledger.organisation.path, is_active=True)
            .exclude(Q(kind=Organisation.Kind.OFFICE) & ~Q(parent=ledger.organisation)).order_by("path"))


def report_tasks(organisation: Organisation, year: int, today: date | None = None) -> list[dict[str, Any]]:
    """The year's 台账 tasks of an organisation with their status, for the annual report's section 六
    (其他需要报告的事项: 本要点落实情况, 国办发〔2021〕12号 "纳入政府信息公开工作年度报告").

    Keys: path, text, status (code), status_label (未开始/推进中/已完成/长期坚持/未按期完成),
    lead_unit (name or ""), deadline ("YYYY-MM-DD" or None). Ordered by ledger, then 序号.
    """
    tasks = LedgerTask.objects.filter(ledger__organisation=organisation, ledger__year=year).order_by(
        "ledger__pk", "number")
    return [{"path": r["path"], "text": r["text"], "status": r["status"], "status_label": r["status_label"],
             "lead_unit": r["lead_unit"], "deadline": r["due"].isoformat() if r["due"] else None}
            for r in task_rows(tasks, today)]
