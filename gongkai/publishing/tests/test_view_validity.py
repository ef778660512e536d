"""The staff page's 变更有效性 form: shown to publishers of published items, calls the service, and shows its
Chinese message when 已修订/已废止 lack the replacing item."""

from __future__ import annotations

from gongkai.core.models import AuditEvent
from gongkai.publishing.models import Validity


def _post(client, doc, **fields):
    data = {"validity-validity": "repealed", "validity-on": "2026-03-02", "validity-by": "", "validity-reason": ""}
    data.update({f"validity-{k}": v for k, v in fields.items()})
    return client.post(f"/staff/publishing/{doc.pk}/validity/", data, follow=True)


def test_publisher_sees_the_form_and_sets_repealed_by_doc_no(cast, client, old, new) -> None:
    client.force_login(cast.publisher_a)
    page = client.get(f"/staff/publishing/{old.pk}/").content.decode()
    assert 'action="validity/"' in page and "修订或废止它的文件" in page
    response = _post(client, old, by="青财规〔2026〕1号", reason="被修订后的办法废止")
    assert "有效性已变更。" in response.content.decode()
    old.refresh_from_db()
    assert (old.validity, old.superseded_by_id) == (Validity.REPEALED, new.pk)
    assert AuditEvent.objects.filter(action="document.validity", object_id=str(old.pk), actor=cast.publisher_a,
                                     reason="被修订后的办法废止").exists()


def test_by_index_no_too(cast, client, old, new) -> None:
    client.force_login(cast.publisher_a)
    _post(client, old, validity="amended", by=new.index_no)
    old.refresh_from_db()
    assert (old.validity, old.superseded_by_id) == (Validity.AMENDED, new.pk)


def test_repealed_without_link_shows_the_rule(cast, client, old) -> None:
    client.force_login(cast.publisher_a)
    body = _post(client, old).content.decode()
    assert "标注“已废止”须关联修订或废止它的文件" in body
    old.refresh_from_db()
    assert old.validity == Validity.VALID


def test_unknown_reference_and_bad_date_are_named(cast, client, old) -> None:
    client.force_login(cast.publisher_a)
    body = _post(client, old, by="青财规〔2030〕9号").content.decode()
    assert "没有找到索引号或文号为“青财规〔2030〕9号”的已发布文件" in body
    body = _post(client, old, on="2026-13-40", by="").content.decode()
    assert "变更日期" in body
    old.refresh_from_db()
    assert old.validity == Validity.VALID


def test_officer_has_no_form_and_is_refused(cast, client, old, new) -> None:
    client.force_login(cast.officer_a)
    assert 'action="validity/"' not in client.get(f"/staff/publishing/{old.pk}/").content.decode()
    body = _post(client, old, by=new.index_no).content.decode()
    assert "变更有效性需要" in body
    old.refresh_from_db()
    assert old.validity == Validity.VALID
    client.force_login(cast.officer_b)
    assert client.post(f"/staff/publishing/{old.pk}/validity/", {}).status_code == 404
