"""The applicant's personal data is masked wherever staff read a request (个人信息保护法); only the handling
officer's logged "查看完整信息" shows it whole (issue 11: "any handler sees the full personal data" passed
the suite when the case page showed the unmasked ID number)."""

from __future__ import annotations

import pytest

from gongkai.core.models import AuditEvent

FULL_ID, MASKED_ID = "11010519491231002X", "1101**********002X"
FULL_PHONE, MASKED_PHONE = "13800138000", "138****8000"
FULL_ADDRESS = "江苏省青溪县人民路 8 号"


@pytest.mark.parametrize("who", ["officer_a", "admin", "supervisor", "reviewer_a"])
def test_case_page_masks_the_id_number_and_phone_for_everyone(app, cast, client, who) -> None:
    client.force_login(getattr(cast, who))
    response = client.get(f"/staff/applications/{app.pk}/")
    assert response.status_code == 200
    body = response.content.decode()
    assert MASKED_ID in body and MASKED_PHONE in body
    assert FULL_ID not in body and FULL_PHONE not in body and FULL_ADDRESS not in body
    assert not AuditEvent.objects.filter(action="application.view_personal_data").exists()


def test_staff_api_list_masks_the_phone(app, cast, client) -> None:
    client.force_login(cast.officer_a)
    rows = client.get("/api/v1/applications/").json()
    row = next(r for r in rows if r["id"] == app.pk)
    assert row["phone"] == MASKED_PHONE
    assert FULL_PHONE not in str(rows) and FULL_ID not in str(rows)


def test_full_data_page_for_the_handling_officer_only_and_logged(app, cast, client) -> None:
    client.force_login(cast.officer_a)
    body = client.get(f"/staff/applications/{app.pk}/personal-data/").content.decode()
    assert FULL_ID in body and FULL_PHONE in body and FULL_ADDRESS in body
    assert AuditEvent.objects.filter(action="application.view_personal_data", actor=cast.officer_a).count() == 1
    client.force_login(cast.admin)  # a handler of the unit, but not the request's officer
    response = client.get(f"/staff/applications/{app.pk}/personal-data/")
    refused = response.content.decode()
    assert response.status_code == 400 and "只有经办人可以查看" in refused and FULL_ID not in refused
    assert AuditEvent.objects.filter(action="application.view_personal_data").count() == 1
