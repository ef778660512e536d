"""document_set_validity (有效性): 已修订 / 已废止 only with a link to the amending or repealing item, which
then lists it (`supersedes`); the change is a DocumentEvent and an audit row. Issue 11: "已修订/已废止 set
without a link" passed the suite (the service had no test at all). Service level only: the page and the API
are another change."""

from __future__ import annotations

from datetime import date

import pytest

from gongkai.core.exceptions import DomainError, NotFoundError, PermissionDeniedError
from gongkai.core.models import AuditEvent
from gongkai.publishing import services
from gongkai.publishing.models import Document, DocumentEvent, Validity

ON = date(2026, 11, 2)


def _doc(cast, title: str) -> Document:
    return services.document_create(actor=cast.officer_a, organisation=cast.dept_a,
                                    data={"title": title, "body_html": f"<p>{title}正文。</p>"})


@pytest.fixture
def old_and_new(cast) -> tuple[Document, Document]:
    return _doc(cast, "青溪县老旧小区改造实施办法"), _doc(cast, "青溪县老旧小区改造实施办法（修订）")


def _unchanged(doc: Document) -> None:
    doc.refresh_from_db()
    assert doc.validity == Validity.VALID and doc.superseded_by is None and doc.validity_changed_on is None
    assert not DocumentEvent.objects.filter(document=doc, kind="validity").exists()
    assert not AuditEvent.objects.filter(action="document.validity").exists()


@pytest.mark.parametrize("validity", [Validity.AMENDED, Validity.REPEALED])
def test_amended_or_repealed_needs_the_item_that_did_it(cast, old_and_new, validity) -> None:
    old, _new = old_and_new
    with pytest.raises(DomainError, match="须关联修订或废止它的文件"):
        services.document_set_validity(actor=cast.publisher_a, document=old, validity=validity, on=ON)
    _unchanged(old)


@pytest.mark.parametrize(("validity", "label"), [(Validity.AMENDED, "已修订"), (Validity.REPEALED, "已废止")])
def test_with_the_link_both_ways_an_event_and_an_audit_row(cast, old_and_new, validity, label) -> None:
    old, new = old_and_new
    services.document_set_validity(actor=cast.publisher_a, document=old, validity=validity, on=ON, by=new)
    old.refresh_from_db()
    assert (old.validity, old.validity_changed_on, old.superseded_by) == (validity, ON, new)
    assert list(new.supersedes.all()) == [old]
    event = DocumentEvent.objects.get(document=old, kind="validity")
    assert (event.from_status, event.to_status, event.actor) == (Validity.VALID, validity, cast.publisher_a)
    assert event.reason == f"由《{new.title}》{label}"
    row = AuditEvent.objects.get(action="document.validity")
    assert (row.actor, row.organisation, row.object_id) == (cast.publisher_a, cast.dept_a, str(old.pk))
    assert (row.before, row.after) == ({"status": Validity.VALID}, {"status": validity})


def test_expired_needs_no_link_and_valid_again_drops_it(cast, old_and_new) -> None:
    old, new = old_and_new
    services.document_set_validity(actor=cast.publisher_a, document=old, validity=Validity.EXPIRED, on=ON,
                                   reason="有效期届满")
    old.refresh_from_db()
    assert old.validity == Validity.EXPIRED and old.superseded_by is None
    assert DocumentEvent.objects.get(document=old, kind="validity").reason == "有效期届满"
    services.document_set_validity(actor=cast.publisher_a, document=old, validity=Validity.AMENDED, on=ON, by=new)
    services.document_set_validity(actor=cast.publisher_a, document=old, validity=Validity.VALID, on=date(2026, 11, 3))
    old.refresh_from_db()
    assert old.validity == Validity.VALID and old.superseded_by is None and old.validity_changed_on == date(2026, 11, 3)
    assert DocumentEvent.objects.filter(document=old, kind="validity").count() == 3


def test_an_item_cannot_amend_itself(cast, old_and_new) -> None:
    old, _new = old_and_new
    with pytest.raises(DomainError, match="不能修订或废止自身"):
        services.document_set_validity(actor=cast.publisher_a, document=old, validity=Validity.AMENDED, on=ON, by=old)
    _unchanged(old)


def test_unknown_validity_is_refused(cast, old_and_new) -> None:
    old, _new = old_and_new
    with pytest.raises(DomainError, match="有效性只能是"):
        services.document_set_validity(actor=cast.publisher_a, document=old, validity="abolished", on=ON)
    _unchanged(old)


@pytest.mark.parametrize(("who", "error"), [("officer_a", PermissionDeniedError), ("reviewer_a", PermissionDeniedError),
                                            ("officer_b", NotFoundError), ("nobody", NotFoundError)])
def test_only_a_publisher_or_admin_of_the_unit(cast, old_and_new, who, error) -> None:
    old, new = old_and_new
    with pytest.raises(error):
        services.document_set_validity(actor=getattr(cast, who), document=old, validity=Validity.REPEALED, on=ON,
                                       by=new)
    _unchanged(old)


def test_the_admin_above_may(cast, old_and_new) -> None:
    old, new = old_and_new
    services.document_set_validity(actor=cast.admin, document=old, validity=Validity.REPEALED, on=ON, by=new)
    old.refresh_from_db()
    assert old.validity == Validity.REPEALED and old.superseded_by == new
