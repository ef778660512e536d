"""services.document_set_validity: 有效性 of a published item; 已修订/已废止 need the amending or repealing
item; publishers and admins only; the event and the audit row are written with the change or not at all."""

from __future__ import annotations

from datetime import date

import pytest

from gongkai.core.exceptions import DomainError, NotFoundError, PermissionDeniedError, StateError
from gongkai.core.models import AuditEvent
from gongkai.publishing import services
from gongkai.publishing.models import Document, Validity

ON = date(2026, 3, 2)


def _unchanged(doc: Document) -> None:
    doc.refresh_from_db()
    assert doc.validity == Validity.VALID and doc.superseded_by_id is None and doc.validity_changed_on is None
    assert not doc.events.filter(kind="validity").exists()
    assert not AuditEvent.objects.filter(action="document.validity", object_id=str(doc.pk)).exists()


def test_repealed_links_both_ways_with_event_and_audit(cast, old, new, client) -> None:
    services.document_set_validity(actor=cast.publisher_a, document=old, validity=Validity.REPEALED, on=ON, by=new)
    old.refresh_from_db()
    assert (old.validity, old.validity_changed_on, old.superseded_by_id) == (Validity.REPEALED, ON, new.pk)
    assert list(new.supersedes.all()) == [old]
    event = old.events.get(kind="validity")
    assert (event.actor, event.from_status, event.to_status) == (cast.publisher_a, Validity.VALID, Validity.REPEALED)
    assert new.title in event.reason
    row = AuditEvent.objects.get(action="document.validity", object_id=str(old.pk))
    assert row.actor == cast.publisher_a and row.organisation == cast.dept_a
    assert row.before["validity"] == "valid" and row.after == {
        "validity": "repealed", "superseded_by": new.index_no, "validity_changed_on": "2026-03-02"}
    page = client.get(old.get_absolute_url()).content.decode()
    assert "本文件已废止" in page and new.get_absolute_url() in page
    assert old.get_absolute_url() in client.get(new.get_absolute_url()).content.decode()


@pytest.mark.parametrize("validity", [Validity.AMENDED, Validity.REPEALED])
def test_amended_or_repealed_without_the_replacing_item_is_refused(cast, old, validity) -> None:
    with pytest.raises(DomainError) as info:
        services.document_set_validity(actor=cast.publisher_a, document=old, validity=validity, on=ON, by=None)
    assert "须关联修订或废止它的文件" in info.value.message and Validity(validity).label in info.value.message
    assert info.value.field == "by"
    _unchanged(old)


def test_expired_and_valid_need_no_link_and_clear_it(cast, old, new) -> None:
    services.document_set_validity(actor=cast.publisher_a, document=old, validity=Validity.AMENDED, on=ON, by=new)
    services.document_set_validity(actor=cast.publisher_a, document=old, validity=Validity.EXPIRED, on=ON)
    old.refresh_from_db()
    assert old.validity == Validity.EXPIRED and old.superseded_by_id is None
    assert list(old.events.filter(kind="validity").values_list("from_status", "to_status")) == [
        ("valid", "amended"), ("amended", "expired")]


@pytest.mark.parametrize(("kwargs", "words"), [
    ({"validity": "abolished"}, "有效性只能是：有效、已修订、已废止、失效"),
    ({"validity": Validity.EXPIRED, "by": "NEW"}, "只有“已修订”“已废止”需要关联"),
    ({"validity": Validity.REPEALED, "by": "SELF"}, "不能修订或废止自身"),
    ({"validity": Validity.REPEALED, "on": date(2099, 1, 1), "by": "NEW"}, "不能晚于今天"),
    ({"validity": Validity.REPEALED, "on": date(2020, 1, 1), "by": "NEW"}, "不能早于该文件的成文日期"),
])
def test_bad_input_is_refused_with_a_chinese_message(cast, old, new, kwargs, words) -> None:
    by = {"NEW": new, "SELF": old}.get(kwargs.pop("by", ""))
    with pytest.raises(DomainError) as info:
        services.document_set_validity(actor=cast.publisher_a, document=old, on=kwargs.pop("on", ON), by=by, **kwargs)
    assert words in info.value.message
    _unchanged(old)


def test_replacing_item_must_be_published_and_not_replaced_by_this_one(cast, old, new) -> None:
    draft = services.document_create(actor=cast.officer_a, organisation=cast.dept_a, data={"title": "未发布的新办法"})
    with pytest.raises(DomainError) as info:
        services.document_set_validity(actor=cast.publisher_a, document=old, validity=Validity.REPEALED, on=ON, by=draft)
    assert "须已发布" in info.value.message
    services.document_set_validity(actor=cast.publisher_a, document=old, validity=Validity.AMENDED, on=ON, by=new)
    with pytest.raises(DomainError) as info:
        services.document_set_validity(actor=cast.publisher_a, document=new, validity=Validity.AMENDED, on=ON, by=old)
    assert "不能互相修订或废止" in info.value.message


def test_only_publishers_and_admins_of_the_owner(cast, old, new) -> None:
    for actor in (cast.officer_a, cast.reviewer_a):
        with pytest.raises(PermissionDeniedError) as info:
            services.document_set_validity(actor=actor, document=old, validity=Validity.REPEALED, on=ON, by=new)
        assert "变更有效性需要" in info.value.message
    with pytest.raises(NotFoundError):
        services.document_set_validity(actor=cast.officer_b, document=old, validity=Validity.REPEALED, on=ON, by=new)
    _unchanged(old)
    services.document_set_validity(actor=cast.admin, document=old, validity=Validity.REPEALED, on=ON, by=new)
    old.refresh_from_db()
    assert old.validity == Validity.REPEALED


def test_only_published_items(cast, new) -> None:
    draft = services.document_create(actor=cast.officer_a, organisation=cast.dept_a, data={"title": "草稿"})
    with pytest.raises(StateError) as info:
        services.document_set_validity(actor=cast.publisher_a, document=draft, validity=Validity.EXPIRED, on=ON)
    assert "只有已发布的文件可以变更有效性" in info.value.message


def test_audit_failure_rolls_the_change_back(cast, old, new, monkeypatch) -> None:
    """The audit row is written in the change's transaction: when it cannot be saved, nothing changed."""
    def refuse(self, *args, **kwargs):
        raise RuntimeError("audit store unavailable")

    monkeypatch.setattr(AuditEvent, "save", refuse)
    with pytest.raises(RuntimeError):
        services.document_set_validity(actor=cast.publisher_a, document=old, validity=Validity.REPEALED, on=ON, by=new)
    monkeypatch.undo()
    old = Document.objects.get(pk=old.pk)
    assert old.validity == Validity.VALID and old.superseded_by_id is None
    assert not old.events.filter(kind="validity").exists()
