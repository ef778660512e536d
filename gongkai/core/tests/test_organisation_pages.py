from __future__ import annotations

from gongkai.core.creditcode import make_credit_code
from gongkai.core.models import AuditEvent, Organisation


def test_officer_lists_only_own_org_and_gets_404_for_others(cast, client) -> None:
    client.force_login(cast.officer_a)
    body = client.get("/staff/organisations/").content.decode()
    assert "青溪县财政局" in body and "青溪县市场监督管理局" not in body
    assert client.get(f"/staff/organisations/{cast.dept_b.pk}/").status_code == 404
    assert client.get("/staff/organisations/999999/").status_code == 404


def test_officer_cannot_post_edits(cast, client) -> None:
    client.force_login(cast.officer_a)
    client.post(f"/staff/organisations/{cast.dept_a.pk}/", {"name": "改名", "kind": "department",
                                                             "credit_code": cast.dept_a.credit_code})
    cast.dept_a.refresh_from_db()
    assert cast.dept_a.name == "青溪县财政局"


def test_admin_adds_department_and_bad_code_shows_message(cast, client) -> None:
    client.force_login(cast.admin)
    response = client.post(f"/staff/organisations/{cast.gov.pk}/", {
        "action": "create_child", "child-name": "青溪县教育局", "child-kind": "department",
        "child-credit_code": "11320199NW0000011X"})
    assert response.status_code == 400 and "校验码错误" in response.content.decode()
    assert not Organisation.objects.filter(name="青溪县教育局").exists()
    response = client.post(f"/staff/organisations/{cast.gov.pk}/", {
        "action": "create_child", "child-name": "青溪县教育局", "child-kind": "department",
        "child-credit_code": make_credit_code("11", "320199", "NW000001")})
    assert response.status_code == 302
    assert Organisation.objects.get(name="青溪县教育局").parent == cast.gov
    assert AuditEvent.objects.filter(action="organisation.create").count() == 1
