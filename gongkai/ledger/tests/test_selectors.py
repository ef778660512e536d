"""selectors: visibility, derived overdue, the supervisor summary, report_tasks (for the annual report)."""

from __future__ import annotations

from datetime import date

import pytest

from gongkai.core.exceptions import NotFoundError
from gongkai.ledger import selectors, services
from gongkai.ledger.models import Status


def test_visibility(ledger, cast) -> None:
    task = ledger.tasks.get(number=1)
    assert selectors.ledger_for(cast.supervisor, ledger.pk) == ledger
    for outsider in (cast.officer_a, cast.nobody):
        with pytest.raises(NotFoundError):
            selectors.ledger_for(outsider, ledger.pk)
        with pytest.raises(NotFoundError):
            selectors.task_for(outsider, task.pk)
    services.task_assign(actor=cast.supervisor, task=task, lead_unit=cast.dept_a, co_units=[], due=None)
    assert selectors.task_for(cast.officer_a, task.pk) == task
    assert list(selectors.my_tasks(cast.officer_a)) == [task]
    with pytest.raises(NotFoundError):
        selectors.task_for(cast.officer_b, task.pk)


def test_overdue_is_read_not_stored_and_summarised_by_department(ledger, cast) -> None:
    t1, t2, t3 = ledger.tasks.filter(status=Status.NOT_STARTED).order_by("number")[:3]
    services.task_assign(actor=cast.supervisor, task=t1, lead_unit=cast.dept_a, co_units=[], due=date(2021, 6, 30))
    services.task_assign(actor=cast.supervisor, task=t2, lead_unit=cast.dept_a, co_units=[], due=date(2021, 12, 31))
    services.task_assign(actor=cast.supervisor, task=t3, lead_unit=cast.dept_b, co_units=[], due=date(2021, 12, 31))
    services.task_add_progress(actor=cast.supervisor, task=t2, text="完成。", url="https://www.qingxi.gov.cn/b")
    services.task_set_status(actor=cast.supervisor, task=t2, status=Status.DONE, completed_on=date(2021, 6, 1))
    t1.refresh_from_db()
    assert t1.status == Status.NOT_STARTED  # stored state unchanged
    assert selectors.status_of(t1, date(2021, 7, 1)) == "overdue"
    summary = selectors.departments_summary(cast.supervisor, 2021, today=date(2021, 7, 1))
    rows = {r["unit"]: r for r in summary["table"]}
    assert (rows[cast.dept_a.name]["total"], rows[cast.dept_a.name]["done"], rows[cast.dept_a.name]["overdue"]) == (2, 1, 1)
    assert rows[cast.dept_a.name]["rate"] == 50.0
    assert [r["task"] for r in summary["overdue"]] == [t1]
    chart = selectors.summary_chart(summary)
    assert cast.dept_a.name in chart.labels and "<svg" in chart.svg
    assert selectors.departments_summary(cast.officer_b, 2021)["table"] == []


def test_report_tasks_for_the_annual_report(ledger, cast) -> None:
    task = ledger.tasks.get(number=1)
    services.task_assign(actor=cast.supervisor, task=task, lead_unit=cast.dept_a, co_units=[], due=date(2021, 6, 30))
    rows = selectors.report_tasks(cast.gov, 2021, today=date(2021, 7, 1))
    assert len(rows) == ledger.tasks.count()
    assert rows[0] == {"path": task.path, "text": task.text, "status": "overdue", "status_label": "未按期完成",
                       "lead_unit": cast.dept_a.name, "deadline": "2021-06-30"}
    assert {r["status_label"] for r in rows} <= {"未开始", "推进中", "已完成", "长期坚持", "未按期完成"}
    assert selectors.report_tasks(cast.gov, 2020) == []
    assert selectors.report_tasks(cast.dept_a, 2021) == []
