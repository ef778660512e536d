"""POST /api/v1/documents/{索引号}/validity: staff set 有效性 through the same service; errors in Chinese."""

from __future__ import annotations

from gongkai.core.models import AuditEvent
from gongkai.publishing.models import Validity


def _post(client, doc, body):
    return client.post(f"/api/v1/documents/{doc.index_no}/validity", body, content_type="application/json")


def test_publisher_sets_amended_by_label_and_doc_no(cast, client, old, new) -> None:
    client.force_login(cast.publisher_a)
    response = _post(client, old, {"validity": "已修订", "on": "2026-03-02", "by": "青财规〔2026〕1号"})
    assert response.status_code == 200, response.content
    assert response.json()["validity"] == "已修订" and response.json()["index_no"] == old.index_no
    old.refresh_from_db()
    assert (old.validity, old.superseded_by_id, str(old.validity_changed_on)) == (Validity.AMENDED, new.pk,
                                                                                 "2026-03-02")
    assert AuditEvent.objects.filter(action="document.validity", object_id=str(old.pk)).count() == 1


def test_repealed_without_link_is_400_with_the_rule(cast, client, old) -> None:
    client.force_login(cast.publisher_a)
    response = _post(client, old, {"validity": "repealed", "on": "2026-03-02"})
    assert response.status_code == 400
    assert "须关联修订或废止它的文件" in response.json()["detail"]
    old.refresh_from_db()
    assert old.validity == Validity.VALID


def test_bad_values_are_400_in_chinese(cast, client, old) -> None:
    client.force_login(cast.publisher_a)
    response = _post(client, old, {"validity": "作废"})
    assert response.status_code == 400 and "有效性只能是" in response.json()["detail"]
    response = _post(client, old, {"validity": "expired", "on": "明天"})
    assert response.status_code == 400 and "日期" in response.json()["detail"]
    response = _post(client, old, {"validity": "repealed", "by": "不存在的文号"})
    assert response.status_code == 400 and "没有找到索引号或文号为“不存在的文号”" in response.json()["detail"]


def test_permissions_anonymous_officer_other_department(cast, client, old, new) -> None:
    body = {"validity": "repealed", "by": new.index_no}
    assert _post(client, old, body).status_code == 401
    client.force_login(cast.officer_a)
    response = _post(client, old, body)
    assert response.status_code == 403 and "变更有效性需要" in response.json()["detail"]
    client.force_login(cast.officer_b)
    assert _post(client, old, body).status_code == 404
    old.refresh_from_db()
    assert old.validity == Validity.VALID


def test_get_document_still_answers_for_the_same_path(client, old) -> None:
    assert client.get(f"/api/v1/documents/{old.index_no}").json()["title"] == old.title
