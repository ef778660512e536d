"""leader_save: 管理员 or 主管部门 keep the 领导姓名职务表 (one row per name and title, re-saving reactivates
it and may change the unit); the audit row is written with it."""

from __future__ import annotations

import pytest

from gongkai.core.exceptions import DomainError, PermissionDeniedError
from gongkai.core.models import AuditEvent
from gongkai.newmedia.models import Leader
from gongkai.newmedia.services import leader_save


def test_save_then_update_one_leader_each_audited(cast) -> None:
    leader = leader_save(actor=cast.admin, name=" 李明 ", title=" 青溪县县长 ", organisation=cast.gov)
    assert (leader.name, leader.title, leader.organisation, leader.is_active) == ("李明", "青溪县县长", cast.gov, True)
    Leader.objects.filter(pk=leader.pk).update(is_active=False)
    again = leader_save(actor=cast.supervisor, name="李明", title="青溪县县长", organisation=cast.office)
    again.refresh_from_db()
    assert again.pk == leader.pk and (again.organisation, again.is_active) == (cast.office, True)
    assert Leader.objects.filter(name="李明").count() == 1
    rows = list(AuditEvent.objects.filter(action="newmedia.leader_save", object_id=str(leader.pk)).order_by("pk"))
    assert [r.actor for r in rows] == [cast.admin, cast.supervisor]
    assert rows[0].after == {"姓名": "李明", "职务": "青溪县县长"}


@pytest.mark.parametrize("who", ["officer_a", "reviewer_a", "officer_b", "nobody"])
def test_only_admins_and_supervisors_keep_the_list(cast, who) -> None:
    with pytest.raises(PermissionDeniedError, match="只有管理员或主管部门可以维护词表"):
        leader_save(actor=getattr(cast, who), name="李明", title="青溪县县长")
    assert not Leader.objects.exists()
    assert not AuditEvent.objects.filter(action="newmedia.leader_save").exists()


@pytest.mark.parametrize(("name", "title"), [("李", "青溪县县长"), ("李明", " "), ("李" * 21, "县长"), ("李明", "长" * 61)])
def test_a_bad_name_or_title_is_refused(cast, name, title) -> None:
    with pytest.raises(DomainError, match="请填写领导姓名（2–20 字）和职务"):
        leader_save(actor=cast.admin, name=name, title=title)
    assert not Leader.objects.exists()
    assert not AuditEvent.objects.filter(action="newmedia.leader_save").exists()
