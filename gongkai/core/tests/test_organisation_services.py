from __future__ import annotations

import pytest

from gongkai.core.creditcode import make_credit_code
from gongkai.core.exceptions import DomainError
from gongkai.core.models import AuditEvent, Membership, Organisation, Role
from gongkai.core.services import membership_grant, organisation_create, organisation_update


def test_admin_creates_department_with_audit(cast) -> None:
    code = make_credit_code("11", "320199", "NW000001")
    org = organisation_create(actor=cast.admin, parent=cast.gov, kind=Organisation.Kind.DEPARTMENT,
                              name="青溪县教育局", credit_code=code)
    assert org.path.startswith(cast.gov.path) and org.level == Organisation.Level.COUNTY
    event = AuditEvent.objects.get(action="organisation.create", object_id=str(org.pk))
    assert event.actor == cast.admin and event.after["credit_code"] == code


def test_wrong_credit_code_is_refused_and_nothing_written(cast) -> None:
    before = (Organisation.objects.count(), AuditEvent.objects.count())
    with pytest.raises(DomainError) as info:
        organisation_create(actor=cast.admin, parent=cast.gov, kind=Organisation.Kind.DEPARTMENT,
                            name="青溪县教育局", credit_code="11320199NW0000011X")
    assert "GB 32100" in str(info.value)
    assert (Organisation.objects.count(), AuditEvent.objects.count()) == before


def test_duplicate_credit_code_is_refused(cast) -> None:
    with pytest.raises(DomainError) as info:
        organisation_create(actor=cast.admin, parent=cast.gov, kind=Organisation.Kind.DEPARTMENT,
                            name="重复机构", credit_code=cast.dept_a.credit_code.lower())
    assert info.value.code == "duplicate_credit_code" and "不能登记两次" in str(info.value)
    assert not Organisation.objects.filter(name="重复机构").exists()


def test_officer_cannot_create_or_edit_organisations(cast) -> None:
    with pytest.raises(DomainError):
        organisation_create(actor=cast.officer_a, parent=cast.gov, kind=Organisation.Kind.DEPARTMENT,
                            name="越权", credit_code=make_credit_code("11", "320199", "NW000002"))
    with pytest.raises(DomainError):
        organisation_update(actor=cast.officer_a, organisation=cast.dept_a, phone="1")
    cast.dept_a.refresh_from_db()
    assert cast.dept_a.phone == "025-57210000"


def test_update_records_before_and_after(cast) -> None:
    organisation_update(actor=cast.admin, organisation=cast.dept_a, office_hours="工作日 9:00–17:00")
    event = AuditEvent.objects.get(action="organisation.update")
    assert event.before["office_hours"] == "工作日 8:30–17:30"
    assert event.after["office_hours"] == "工作日 9:00–17:00"


def test_membership_grant_is_idempotent_and_audited(cast) -> None:
    membership_grant(actor=cast.admin, user=cast.nobody, organisation=cast.dept_b, role=Role.REVIEWER)
    membership_grant(actor=cast.admin, user=cast.nobody, organisation=cast.dept_b, role=Role.REVIEWER)
    assert Membership.objects.filter(user=cast.nobody).count() == 1
    assert AuditEvent.objects.filter(action="membership.grant").count() == 1
