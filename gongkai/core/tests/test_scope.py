"""The access rule: own organisation; supervisor/admin see the whole subtree; outsiders get 404."""

from __future__ import annotations

import pytest

from gongkai.core.exceptions import NotFoundError, PermissionDeniedError
from gongkai.core.models import Role
from gongkai.core.selectors import has_role, require_role, visible_org_ids


def test_officer_sees_only_own_department(cast) -> None:
    assert visible_org_ids(cast.officer_a) == {cast.dept_a.pk}


def test_supervisor_sees_whole_government_subtree(cast) -> None:
    assert visible_org_ids(cast.supervisor) == {cast.gov.pk, cast.office.pk, cast.dept_a.pk, cast.dept_b.pk}


def test_nobody_sees_nothing(cast) -> None:
    assert visible_org_ids(cast.nobody) == set()


def test_other_department_is_404_not_403(cast) -> None:
    with pytest.raises(NotFoundError):
        require_role(cast.officer_b, cast.dept_a, [Role.OFFICER], action="编辑草稿")


def test_inside_scope_without_role_is_403_naming_the_role(cast) -> None:
    with pytest.raises(PermissionDeniedError) as info:
        require_role(cast.officer_a, cast.dept_a, [Role.PUBLISHER], action="发布")
    assert "发布人" in str(info.value)


def test_supervisor_role_reaches_down(cast) -> None:
    assert has_role(cast.supervisor, cast.dept_b, [Role.SUPERVISOR])
    assert not has_role(cast.officer_a, cast.dept_b, [Role.OFFICER])
