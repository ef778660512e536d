"""task_assign, task_set_status, task_add_progress (evidence), ledger_carry_over."""

from __future__ import annotations

from datetime import date

import pytest

from gongkai.core.exceptions import DomainError, NotFoundError, PermissionDeniedError, StateError
from gongkai.core.models import AuditEvent
from gongkai.ledger import services
from gongkai.ledger.models import Action, ProgressNote, Status, TaskEvent
from gongkai.ledger.tests.conftest import PNG


def first_task(ledger):
    return ledger.tasks.filter(status=Status.NOT_STARTED).order_by("number").first()


def test_assign_lead_and_co_units_with_due_date(ledger, cast) -> None:
    task = first_task(ledger)
    services.task_assign(actor=cast.supervisor, task=task, lead_unit=cast.dept_a, co_units=[cast.dept_b],
                         due=date(2021, 10, 31), reason="县政府常务会议分工")
    task.refresh_from_db()
    assert (task.lead_unit, list(task.co_units.all()), task.due) == (cast.dept_a, [cast.dept_b], date(2021, 10, 31))
    event = task.events.get(kind=TaskEvent.Kind.ASSIGNED)
    assert event.actor == cast.supervisor and event.data["after"]["lead"] == cast.dept_a.name
    assert AuditEvent.objects.filter(action=Action.TASK_ASSIGN, object_id=str(task.pk)).count() == 1


def test_assign_refuses_units_outside_the_organisation_and_bad_dates(ledger, cast) -> None:
    from gongkai.core.creditcode import make_credit_code
    from gongkai.core.models import Organisation

    other = Organisation.objects.create(name="邻县财政局", credit_code=make_credit_code("11", "320198", "TC000009"),
                                        kind=Organisation.Kind.DEPARTMENT, level=Organisation.Level.COUNTY)
    task = first_task(ledger)
    with pytest.raises(DomainError, match="不属于"):
        services.task_assign(actor=cast.supervisor, task=task, lead_unit=other, co_units=[], due=None)
    with pytest.raises(DomainError, match="同时"):
        services.task_assign(actor=cast.supervisor, task=task, lead_unit=cast.dept_a, co_units=[cast.dept_a], due=None)
    with pytest.raises(DomainError, match="相差过远"):
        services.task_assign(actor=cast.supervisor, task=task, lead_unit=cast.dept_a, co_units=[], due=date(2031, 1, 1))
    with pytest.raises((NotFoundError, PermissionDeniedError)):
        services.task_assign(actor=cast.officer_a, task=task, lead_unit=cast.dept_a, co_units=[], due=None)
    task.refresh_from_db()
    assert task.lead_unit is None and not task.events.filter(kind=TaskEvent.Kind.ASSIGNED).exists()


def test_lead_unit_reports_progress_with_each_kind_of_evidence(ledger, cast, seeds_dir) -> None:
    from gongkai.publishing.importer import import_paths
    from gongkai.publishing.models import Document

    import_paths([seeds_dir], organisation=cast.gov)
    doc = Document.objects.get(doc_no="苏政办发〔2021〕29号")
    task = first_task(ledger)
    services.task_assign(actor=cast.supervisor, task=task, lead_unit=cast.dept_a, co_units=[], due=date(2021, 12, 31))
    # The lead unit's officer reports; an officer of another department cannot (404: not theirs to see).
    note = services.task_add_progress(actor=cast.officer_a, task=task, text="已公开专项规划。", document_index_no=doc.index_no)
    assert (note.evidence, note.document) == (ProgressNote.Evidence.DOCUMENT, doc)
    task.refresh_from_db()
    assert task.status == Status.IN_PROGRESS and task.progress == "已公开专项规划。"
    services.task_add_progress(actor=cast.officer_a, task=task, text="网站专栏已上线。", url="https://www.qingxi.gov.cn/zfxxgk/")
    upload = services.task_add_progress(actor=cast.officer_a, task=task, text="会议纪要。",
                                        upload=services.Upload("纪要.png", PNG))
    assert upload.evidence == ProgressNote.Evidence.UPLOAD and upload.file_name == "纪要.png" and upload.size == len(PNG)
    with pytest.raises((NotFoundError, PermissionDeniedError)):
        services.task_add_progress(actor=cast.officer_b, task=task, text="越权填报。")
    assert task.notes.count() == 3


@pytest.mark.parametrize(("kwargs", "message"), [
    ({"url": "javascript:alert(1)"}, "网址无效"),
    ({"url": "https://example.gov.cn/" + "a" * 600}, "网址过长"),
    ({"document_index_no": "000000000/2021-99999"}, "没有索引号"),
    ({"upload": services.Upload("x.pdf", b"MZ\x90\x00 not a pdf")}, "类型不允许"),
    ({"upload": services.Upload("x.png", b"")}, "为空"),
    ({"url": "https://a.gov.cn/", "document_index_no": "x"}, "只能附一种"),
    ({"text": ""}, "请填写"),
    ({"text": "长" * 2001}, "过长"),
])
def test_bad_evidence_is_refused_and_nothing_saved(ledger, cast, kwargs, message) -> None:
    task = first_task(ledger)
    args = {"text": "进展。"} | kwargs
    with pytest.raises(DomainError, match=message):
        services.task_add_progress(actor=cast.supervisor, task=task, **args)
    task.refresh_from_db()
    assert not task.notes.exists() and task.status == Status.NOT_STARTED


def test_upload_size_limit_is_the_one_setting(ledger, cast, settings) -> None:
    settings.MAX_ATTACHMENT_BYTES = len(PNG) - 1
    with pytest.raises(DomainError, match="过大"):
        services.task_add_progress(actor=cast.supervisor, task=first_task(ledger), text="图。",
                                   upload=services.Upload("a.png", PNG))


def test_done_needs_evidence_and_reopening_needs_a_reason(ledger, cast) -> None:
    task = first_task(ledger)
    with pytest.raises(DomainError, match="佐证"):
        services.task_set_status(actor=cast.supervisor, task=task, status=Status.DONE)
    services.task_add_progress(actor=cast.supervisor, task=task, text="完成。", url="https://www.qingxi.gov.cn/a")
    services.task_set_status(actor=cast.supervisor, task=task, status=Status.DONE, completed_on=date(2021, 6, 1))
    task.refresh_from_db()
    assert (task.status, task.completed_on) == (Status.DONE, date(2021, 6, 1))
    with pytest.raises(DomainError, match="理由"):
        services.task_set_status(actor=cast.supervisor, task=task, status=Status.IN_PROGRESS)
    with pytest.raises(StateError):
        services.task_set_status(actor=cast.supervisor, task=task, status=Status.DONE)
    with pytest.raises(DomainError, match="自动判断"):
        services.task_set_status(actor=cast.supervisor, task=task, status="overdue")
    services.task_set_status(actor=cast.supervisor, task=task, status=Status.IN_PROGRESS, reason="检查发现未完成")
    events = list(task.events.filter(kind=TaskEvent.Kind.STATUS).values_list("from_status", "to_status", "reason"))
    assert events == [(Status.IN_PROGRESS, Status.DONE, ""), (Status.DONE, Status.IN_PROGRESS, "检查发现未完成")]


def test_completed_on_cannot_be_in_the_future(ledger, cast) -> None:
    from django.utils import timezone

    task = first_task(ledger)
    services.task_add_progress(actor=cast.supervisor, task=task, text="完成。", url="https://www.qingxi.gov.cn/a")
    with pytest.raises(DomainError, match="晚于今天"):
        services.task_set_status(actor=cast.supervisor, task=task, status=Status.DONE,
                                 completed_on=timezone.localdate().replace(year=timezone.localdate().year + 1))


def test_carry_over_brings_last_years_unfinished_tasks_once(cast, seeds_dir, national_plan) -> None:
    from gongkai.ledger import selectors
    from gongkai.ledger.sources import plan_from_file

    old = services.ledger_create_from_plan(actor=cast.supervisor, organisation=cast.gov,
                                           plan=plan_from_file(seeds_dir / "003_847d2b27d3e0fe99.txt"))
    done = old.tasks.order_by("number").first()
    services.task_add_progress(actor=cast.supervisor, task=done, text="完成。", url="https://www.qingxi.gov.cn/a")
    services.task_set_status(actor=cast.supervisor, task=done, status=Status.DONE)
    new = services.ledger_create_from_plan(actor=cast.supervisor, organisation=cast.gov, plan=national_plan)
    pending = selectors.previous_unfinished(new)
    assert done not in pending and len(pending) == old.tasks.count() - 1
    carried = services.ledger_carry_over(actor=cast.supervisor, ledger=new, tasks=pending[:2])
    assert [t.carried_from for t in carried] == pending[:2]
    assert carried[0].path.startswith("回头看.2020.")
    assert len(selectors.previous_unfinished(new)) == len(pending) - 2
    assert services.ledger_carry_over(actor=cast.supervisor, ledger=new, tasks=pending[:1]) == []
    with pytest.raises(DomainError, match="已完成"):
        services.ledger_carry_over(actor=cast.supervisor, ledger=new, tasks=[done])
