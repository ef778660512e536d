"""tasks.due_reminders: due-soon and overdue reminders, each claimed once by a unique constraint."""

from __future__ import annotations

from datetime import date

from django.core import mail

from gongkai.ledger import services, tasks
from gongkai.ledger.models import Reminder


def test_reminders_are_sent_once(ledger, cast) -> None:
    cast.officer_a.email = "a@qingxi.gov.cn"
    cast.officer_a.save()
    cast.supervisor.email = "boss@qingxi.gov.cn"
    cast.supervisor.save()
    ledger.tasks.update(due=None)  # only the three dated below
    soon, late, far = ledger.tasks.filter(status="not_started").order_by("number")[:3]
    for task, due in ((soon, date(2021, 12, 31)), (late, date(2021, 12, 20)), (far, date(2022, 3, 1))):
        services.task_assign(actor=cast.supervisor, task=task, lead_unit=cast.dept_a, co_units=[], due=due)
    today = date(2021, 12, 27)  # Monday: 12-31 is 4 working days away, 12-20 has passed
    assert tasks.send_due_reminders(today) == 2
    by_task = {r.task_id: r for r in Reminder.objects.all()}
    assert by_task[soon.pk].kind == Reminder.Kind.DUE_SOON and by_task[late.pk].kind == Reminder.Kind.OVERDUE
    assert far.pk not in by_task
    assert by_task[late.pk].recipients == ["a@qingxi.gov.cn", "boss@qingxi.gov.cn"]
    assert by_task[soon.pk].recipients == ["a@qingxi.gov.cn"]
    sent = len(mail.outbox)
    assert tasks.send_due_reminders(today) == 0 and len(mail.outbox) == sent
    # A new due date is a new reminder.
    services.task_assign(actor=cast.supervisor, task=soon, lead_unit=cast.dept_a, co_units=[], due=date(2021, 12, 30))
    assert tasks.send_due_reminders(today) == 1 and Reminder.objects.count() == 3


def test_done_and_continuous_tasks_are_not_reminded(ledger, cast) -> None:
    ledger.tasks.update(due=None)
    task = ledger.tasks.filter(status="ongoing").first()
    task.due = date(2021, 1, 1)
    task.save()
    assert tasks.due_reminders(date(2021, 12, 27)) == {}
    assert not Reminder.objects.exists()
