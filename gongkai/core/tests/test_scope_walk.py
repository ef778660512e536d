"""Scope in one place: every selector that lists requests or documents takes the viewer and applies
the visible-organisation rule. The walk finds the selectors itself (every `gongkai.<app>.selectors`),
so one added later is checked too, and calls each with an officer of another department."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from datetime import date
from typing import Any

import pytest

import gongkai
from gongkai.applications import services as app_services
from gongkai.applications.models import Application
from gongkai.core.exceptions import NotFoundError
from gongkai.core.models import Organisation
from gongkai.publishing import services as pub_services
from gongkai.publishing.models import Document

VIEWER_PARAMS = {"user", "viewer"}
# Selectors that list documents or requests without a viewer, and why that is right.
PUBLIC = {
    "gongkai.publishing.selectors.public_documents": "published and withdrawn items are public (条例第十九条)",
    "gongkai.publishing.selectors.public_document": "one public item",
    "gongkai.publishing.selectors.policy_library": "the public policy library",
    "gongkai.publishing.selectors.latest": "public items",
    "gongkai.publishing.selectors.column_documents": "public items of a column",
    "gongkai.publishing.selectors.by_doc_no": "a public policy by 文号",
    "gongkai.publishing.selectors.superseding_document": "a published item named as amending or repealing another",
    "gongkai.publishing.selectors.document_search": "searches public items only",
    "gongkai.publishing.selectors.indexed_document": "converts one document, lists nothing",
    "gongkai.publishing.selectors.as_api_dict": "converts one document, lists nothing",
    "gongkai.applications.selectors.tracked": "the applicant's own request, by number and secret code",
    "gongkai.applications.selectors.public_timeline": "events of a request already obtained in scope",
    "gongkai.applications.selectors.next_step": "text for a request already obtained in scope",
    "gongkai.applications.selectors.urgency": "arithmetic on a request already obtained in scope",
    "gongkai.publishing.selectors.related_documents": "public items cited by or citing one public item",
    "gongkai.applications.selectors.correction_facts": "the 补正 dates of a request already obtained in scope",
}
LISTS = ("Application", "Document", "QueueRow")


def _selector_functions() -> list[tuple[str, Any]]:
    found = []
    for module_info in pkgutil.iter_modules(gongkai.__path__):
        try:
            module = importlib.import_module(f"gongkai.{module_info.name}.selectors")
        except ModuleNotFoundError:
            continue
        for name, fn in inspect.getmembers(module, inspect.isfunction):
            if fn.__module__ == module.__name__ and not name.startswith("_"):
                found.append((f"{module.__name__}.{name}", fn))
    return found


def _lists_requests_or_documents(fn: Any) -> bool:
    annotation = str(inspect.signature(fn).return_annotation)
    return any(word in annotation for word in LISTS)


def _takes_viewer(fn: Any) -> bool:
    return bool(VIEWER_PARAMS & set(inspect.signature(fn).parameters))


def test_every_listing_selector_takes_the_viewer_or_is_declared_public() -> None:
    unscoped = [name for name, fn in _selector_functions()
                if _lists_requests_or_documents(fn) and not _takes_viewer(fn) and name not in PUBLIC]
    assert not unscoped, f"these selectors list requests or documents without a viewer: {unscoped}"
    assert all(name in dict(_selector_functions()) for name in PUBLIC), "PUBLIC names a selector that is gone"


FORM = {"applicant_kind": "natural", "name": "赵六", "id_type": "居民身份证", "id_number": "320102198505054321",
        "phone": "13900139000", "email": "zl@example.com", "address": "青溪县文昌路 2 号",
        "description": "青溪县2026年部门预算执行情况", "form_wanted": "electronic", "delivery": "email"}


def _flatten(value: Any) -> list[Any]:
    if isinstance(value, dict):
        return [value]
    if isinstance(value, list | tuple) or hasattr(value, "__iter__") and not isinstance(value, str | bytes):
        out: list[Any] = []
        for item in value:
            out.extend(_flatten(item) if isinstance(item, list | tuple) else [item])
        return out
    return [value]


def _organisation_id(item: Any) -> int | None:
    item = getattr(item, "app", item)  # QueueRow
    item = getattr(item, "document", item)  # an attachment: its item's organisation
    if isinstance(item, dict):
        return item.get("organisation_id")
    return getattr(item, "organisation_id", None)


@pytest.fixture
def worlds(cast) -> dict[str, Any]:
    """The same applicant in both departments, a draft and a policy in department A."""
    app_a, _ = app_services.application_submit(actor=cast.officer_a, organisation=cast.dept_a, data=FORM,
                                               channel="in_person", submitted_on=date(2026, 9, 15))
    app_b, _ = app_services.application_submit(actor=cast.officer_b, organisation=cast.dept_b, data=FORM,
                                               channel="in_person", submitted_on=date(2026, 9, 16))
    doc_a = pub_services.document_create(actor=cast.officer_a, organisation=cast.dept_a, data={
        "title": "青溪县财政局关于预算公开的通知", "body_html": "<p>预算公开</p>", "topic": "财政、金融、审计", "genre": "通知",
        "written_on": date(2026, 9, 1)})
    Document.objects.filter(pk=doc_a.pk).update(changed_on=date(2026, 1, 5), kind="policy", status="published",
                                                published_on=date(2026, 9, 2))
    attachment_a = pub_services.attachment_add(actor=cast.officer_a, document=doc_a, name="预算表.pdf",
                                               content=b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")
    return {"app_a": app_a, "app_b": app_b, "doc_a": doc_a, "attachment_a": attachment_a}


def test_every_scoped_selector_hides_another_departments_records(cast, worlds) -> None:
    outsider = cast.officer_b
    assert Application.objects.filter(organisation=cast.dept_a).exists()
    walked = []
    for name, fn in _selector_functions():
        if not _takes_viewer(fn) or name.startswith("gongkai.core."):  # core.selectors is the rule itself
            continue
        args: dict[str, Any] = {}
        for param in inspect.signature(fn).parameters.values():
            if param.name in VIEWER_PARAMS:
                args[param.name] = outsider
            elif param.name == "app":
                args["app"] = worlds["app_b"]  # the outsider's own case, whose applicant also asked dept A
            elif param.name == "year":
                args["year"] = 2026
            elif param.name == "index_no":
                args["index_no"] = worlds["doc_a"].index_no
            elif param.name == "document_pk":
                args["document_pk"] = worlds["doc_a"].pk
            elif param.name == "pk" and "attachment" in name:
                args["pk"] = worlds["attachment_a"].pk
            elif param.name == "pk":
                args["pk"] = worlds["doc_a"].pk if "publishing" in name else worlds["app_a"].pk
            elif param.default is inspect.Parameter.empty:
                raise AssertionError(f"{name}: the walk does not know how to fill {param.name!r}")
        try:
            result = fn(**args)
        except NotFoundError:
            walked.append(name)
            continue
        if isinstance(result, int) and not isinstance(result, bool):
            assert result == 1, f"{name} counted another department's requests"  # month_count: only this one
        else:
            leaked = [item for item in _flatten(result) if _organisation_id(item) == cast.dept_a.pk]
            assert not leaked, f"{name} showed department A's records to department B: {leaked}"
        walked.append(name)
    assert {"gongkai.applications.selectors.earlier_requests", "gongkai.applications.selectors.month_count",
            "gongkai.applications.selectors.staff_applications", "gongkai.publishing.selectors.staff_documents",
            "gongkai.applications.selectors.possible_repeats"} <= set(walked)


def test_the_same_applicant_is_still_found_within_scope(cast, worlds) -> None:
    from gongkai.applications import selectors

    assert [a.pk for a in selectors.earlier_requests(cast.supervisor, worlds["app_b"])] == [worlds["app_a"].pk]
    assert selectors.month_count(cast.supervisor, worlds["app_b"]) == 2


def test_moving_an_organisation_moves_its_subtree_in_one_audited_step(cast) -> None:
    from gongkai.core.creditcode import make_credit_code
    from gongkai.core.exceptions import DomainError
    from gongkai.core.models import AuditEvent
    from gongkai.core.selectors import visible_org_ids
    from gongkai.core.services import organisation_move

    unit = Organisation.objects.create(name="青溪县财政局信息公开科", credit_code=make_credit_code("11", "320199", "TC000060"),
                                       kind=Organisation.Kind.OFFICE, level="county", parent=cast.dept_a)
    other_gov = Organisation.objects.create(name="白鹭县人民政府", credit_code=make_credit_code("11", "320198", "TC000061"),
                                            kind=Organisation.Kind.GOVERNMENT, level="county")
    assert unit.pk in visible_org_ids(cast.supervisor)
    with pytest.raises(DomainError):
        organisation_move(actor=cast.admin, organisation=cast.dept_a, parent=other_gov, reason="机构改革")  # not admin there
    with pytest.raises(DomainError):
        organisation_move(actor=cast.officer_a, organisation=cast.dept_a, parent=cast.dept_b, reason="x")
    root = type(cast.admin).objects.create_superuser("root", "r@example.com", "Root-password-2026")
    with pytest.raises(DomainError, match="下级机构"):
        organisation_move(actor=root, organisation=cast.dept_a, parent=unit, reason="循环")
    organisation_move(actor=root, organisation=cast.dept_a, parent=other_gov, reason="青政发〔2026〕3号 机构改革")
    unit.refresh_from_db()
    assert unit.path == f"{other_gov.path}{cast.dept_a.pk}/{unit.pk}/"
    # The old supervisor no longer sees the moved department or its office.
    cast.supervisor._gongkai_memberships = None
    assert {cast.dept_a.pk, unit.pk}.isdisjoint(visible_org_ids(cast.supervisor))
    row = AuditEvent.objects.get(action="organisation.move")
    assert row.before["parent"] == cast.gov.pk and row.after["subtree"] == 2 and "机构改革" in row.reason
