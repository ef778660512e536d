"""ensure_pilot_domains: the 26 试点领域 of the 基层政务公开标准目录 (migration 0002 loads them; this puts back any
missing after a flush). Reference data written by the system: no actor, no role, no audit row, no input."""

from __future__ import annotations

from gongkai.catalog import rules
from gongkai.catalog.models import Domain
from gongkai.catalog.services import domain_add, ensure_pilot_domains


def _pilots() -> list[tuple[str, int]]:
    return list(Domain.objects.filter(pilot=True).order_by("order").values_list("name", "order"))


def test_missing_pilot_domains_come_back_in_their_order(cast) -> None:
    expected = [(name, order) for order, name in enumerate(rules.PILOT_DOMAINS, start=1)]
    assert len(expected) == 26 and _pilots() == expected  # the migration loaded them
    gone = [rules.PILOT_DOMAINS[0], rules.PILOT_DOMAINS[12], rules.PILOT_DOMAINS[25]]
    Domain.objects.filter(name__in=gone).delete()

    assert ensure_pilot_domains() == 3
    assert _pilots() == expected
    assert ensure_pilot_domains() == 0 and Domain.objects.filter(pilot=True).count() == 26


def test_an_emptied_table_is_refilled_and_a_units_own_domain_is_left_alone(cast) -> None:
    Domain.objects.all().delete()
    own = domain_add(actor=cast.officer_a, organisation=cast.dept_a, name="专项资金")
    assert ensure_pilot_domains() == 26
    own.refresh_from_db()
    assert (own.pilot, own.order, own.added_by) == (False, 1000, cast.dept_a)
    assert Domain.objects.count() == 27
