"""services.ledger_create / ledger_create_from_plan / workplan_import."""

from __future__ import annotations

import pytest

from gongkai.core.exceptions import DomainError, NotFoundError, PermissionDeniedError, StateError
from gongkai.core.models import AuditEvent
from gongkai.ledger import services
from gongkai.ledger.models import Action, Ledger, LedgerTask, Status, TaskEvent, Workplan
from gongkai.ledger.parsing import NotAWorkplanError
from gongkai.ledger.sources import plan_from_text


def test_ledger_has_one_task_per_task_of_the_plan(ledger, national_plan, cast) -> None:
    tasks = list(ledger.tasks.order_by("number"))
    assert len(tasks) == len(national_plan.tasks())
    assert [t.number for t in tasks] == list(range(1, len(tasks) + 1))
    ipv6 = next(t for t in tasks if "互联网协议第6版" in t.text)
    assert (ipv6.path, ipv6.due.isoformat(), ipv6.deadline_text) == ("三.（二）.5", "2021-12-31", "2021年底前")
    debt = next(t for t in tasks if t.text.startswith("持续深化地方政府债务信息公开"))
    assert debt.status == Status.ONGOING
    assert TaskEvent.objects.filter(task__ledger=ledger, kind=TaskEvent.Kind.CREATED).count() == len(tasks)
    event = AuditEvent.objects.get(action=Action.LEDGER_CREATE)
    assert event.actor == cast.supervisor and event.organisation == cast.gov


def test_same_plan_twice_is_one_workplan_and_one_ledger(ledger, national_plan, cast) -> None:
    again = services.workplan_import(actor=cast.officer_a, plan=national_plan)
    assert again == ledger.workplan and Workplan.objects.count() == 1
    with pytest.raises(StateError):
        services.ledger_create(actor=cast.supervisor, organisation=cast.gov, workplan=ledger.workplan)
    assert Ledger.objects.count() == 1


def test_a_department_officer_cannot_keep_the_government_ledger(cast, national_plan) -> None:
    with pytest.raises(NotFoundError):
        services.ledger_create_from_plan(actor=cast.officer_a, organisation=cast.gov, plan=national_plan)
    with pytest.raises(PermissionDeniedError):
        services.workplan_import(actor=cast.nobody, plan=national_plan)
    assert not Workplan.objects.exists() and not Ledger.objects.exists()


def test_not_a_workplan_creates_no_empty_ledger(cast) -> None:
    with pytest.raises(NotAWorkplanError):
        plan = plan_from_text("国办：对政务新媒体开展清理\n国务院办公厅印发《2021年政务公开工作要点》。")
        services.ledger_create_from_plan(actor=cast.supervisor, organisation=cast.gov, plan=plan)
    assert not Ledger.objects.exists() and not LedgerTask.objects.exists() and not Workplan.objects.exists()


def test_a_failure_after_import_leaves_no_plan_behind(cast, national_plan, monkeypatch) -> None:
    def broken(**kwargs):
        raise DomainError("boom")

    monkeypatch.setattr(services, "ledger_create", broken)
    with pytest.raises(DomainError):
        services.ledger_create_from_plan(actor=cast.supervisor, organisation=cast.gov, plan=national_plan)
    assert not Workplan.objects.exists()


def test_provincial_plan_links_to_national_items(cast, national_plan, seeds_dir) -> None:
    from gongkai.ledger.models import ItemLink
    from gongkai.ledger.sources import plan_from_file

    national = services.workplan_import(actor=cast.supervisor, plan=national_plan)
    jiangsu = services.workplan_import(actor=cast.supervisor, plan=plan_from_file(seeds_dir / "001_cc845f6525a31310.txt"))
    assert jiangsu.level == "province" and jiangsu.parent == national
    links = {link.item.path: link for link in ItemLink.objects.filter(item__workplan=jiangsu)}
    assert len(links) == 13
    assert links["三.（一）"].origin.path == "三.（二）" and links["三.（一）"].state == ItemLink.State.SUGGESTED
    # Staff correct one and confirm another, side by side; a re-link keeps their decisions.
    other = national.items.get(path="二.（一）")
    services.item_link_decide(actor=cast.supervisor, link=links["一.（一）"], origin=other, reason="重点是政策发布")
    services.item_link_decide(actor=cast.supervisor, link=links["四.（三）"], origin=links["四.（三）"].suggested)
    services.workplan_link_parent(actor=cast.supervisor, workplan=jiangsu, parent=national)
    corrected = ItemLink.objects.get(item__workplan=jiangsu, item__path="一.（一）")
    assert (corrected.origin, corrected.state) == (other, ItemLink.State.CORRECTED)
    assert ItemLink.objects.get(item__workplan=jiangsu, item__path="四.（三）").state == ItemLink.State.CONFIRMED
    with pytest.raises(DomainError):
        services.item_link_decide(actor=cast.supervisor, link=corrected, origin=jiangsu.items.first())
