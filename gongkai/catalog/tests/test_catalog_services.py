"""catalog.services: domains, entries, links to published items, import/export; selectors.completeness."""

from __future__ import annotations

import io
from datetime import date

import pytest
from openpyxl import Workbook, load_workbook

from gongkai.catalog import selectors, services
from gongkai.catalog.models import Action, Domain, Entry, EntryDocument
from gongkai.catalog.tests.conftest import entry_data
from gongkai.core.exceptions import DomainError, NotFoundError
from gongkai.core.models import AuditEvent
from gongkai.ledger.spreadsheet import SheetError


@pytest.mark.django_db
def test_the_26_pilot_domains_are_there() -> None:
    pilots = list(Domain.objects.filter(pilot=True).values_list("name", flat=True))
    assert len(pilots) == 26 and pilots[0] == "城乡规划" and "公共法律服务" in pilots


def test_a_department_adds_a_domain(cast) -> None:
    domain = services.domain_add(actor=cast.officer_a, organisation=cast.dept_a, name="政府债务")
    assert (domain.pilot, domain.added_by) == (False, cast.dept_a)
    with pytest.raises(DomainError, match="已存在"):
        services.domain_add(actor=cast.officer_a, organisation=cast.dept_a, name="财政预决算")
    with pytest.raises(NotFoundError):
        services.domain_add(actor=cast.officer_b, organisation=cast.dept_a, name="别人的领域")


def test_entry_columns_and_validation(entry, cast) -> None:
    assert entry.time_limit_workdays == 20 and entry.order == 1
    assert AuditEvent.objects.filter(action=Action.ENTRY_SAVE).count() == 1
    with pytest.raises(DomainError, match="已有"):
        services.entry_save(actor=cast.supervisor, organisation=cast.gov, domain=entry.domain, data=entry_data())
    with pytest.raises(DomainError, match="公开主体"):
        services.entry_save(actor=cast.supervisor, organisation=cast.gov, domain=entry.domain,
                            data=entry_data(item_l2="决算", subject=""))
    with pytest.raises(DomainError, match="无效"):
        services.entry_save(actor=cast.supervisor, organisation=cast.gov, domain=entry.domain,
                            data=entry_data(item_l2="决算", mode="secret"))
    assert Entry.objects.count() == 1


def test_completeness_on_time_late_missing_undated(entry, cast, publish) -> None:
    on_time = publish("青溪县2026年部门预算公开", date(2026, 3, 2), date(2026, 3, 10))
    services.entry_link_document(actor=cast.supervisor, entry=entry, document=on_time)
    report = selectors.completeness(cast.gov, today=date(2026, 12, 1))
    assert [(r["entry"], r["status"]) for r in report["rows"]] == [(entry, "on_time")]
    late = publish("青溪县2026年部门预算调整公开", date(2026, 3, 2), date(2026, 6, 1))
    services.entry_link_document(actor=cast.supervisor, entry=entry, document=late)
    row = selectors.completeness(cast.gov, today=date(2026, 12, 1))["rows"][0]
    assert row["status"] == "late" and {i["label"] for i in row["items"]} == {"已按时公开", "逾期公开"}
    assert selectors.completeness(cast.gov, year=2025)["rows"][0]["status"] == "missing"
    undated_entry = services.entry_save(actor=cast.supervisor, organisation=cast.gov, domain=entry.domain,
                                        data=entry_data(item_l2="部门决算", keywords="部门决算"))
    services.entry_link_document(actor=cast.supervisor, entry=undated_entry,
                                 document=publish("青溪县部门决算公开", None, date(2026, 8, 1)))
    statuses = {r["entry"].item_l2: r["status"] for r in selectors.completeness(cast.gov)["rows"]}
    assert statuses == {"部门预算": "late", "部门决算": "undated"}


def test_only_own_published_items_can_be_linked(entry, cast, publish) -> None:
    from gongkai.publishing import services as publishing

    doc = publish("青溪县2026年部门预算公开", date(2026, 3, 2), date(2026, 3, 10))
    publishing.document_withdraw(actor=cast.publisher_a, document=doc, reason="数据有误")
    with pytest.raises(DomainError, match="已公开"):
        services.entry_link_document(actor=cast.supervisor, entry=entry, document=doc)
    assert not EntryDocument.objects.exists()


def test_auto_link_by_keywords_and_public_page(entry, cast, publish, client) -> None:
    publish("青溪县2026年部门预算公开", date(2026, 3, 2), date(2026, 3, 10))
    publish("无关的通知", date(2026, 3, 2), date(2026, 3, 10))
    assert services.catalog_auto_link(actor=cast.supervisor, organisation=cast.gov) == 1
    assert services.catalog_auto_link(actor=cast.supervisor, organisation=cast.gov) == 0
    page = client.get("/catalog/", follow=True).content.decode()
    assert "青溪县2026年部门预算公开" in page and "无关的通知" not in page and "部门预算报表及情况说明" in page


def _sheet(rows, merge=""):
    book = Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    if merge:
        sheet.merge_cells(merge)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_export_then_import_round_trip_and_row_errors(entry, cast) -> None:
    content = services.catalog_export_xlsx(list(selectors.entries_of(cast.gov)), "目录")
    rows = [list(r) for r in load_workbook(io.BytesIO(content)).worksheets[0].iter_rows(values_only=True)]
    assert rows[1] == services.HEADERS and rows[2][:3] == ["财政预决算", "预算", "部门预算"]
    report = services.catalog_import(actor=cast.supervisor, organisation=cast.gov, name="a.xlsx", content=content)
    assert (report.created, report.updated, report.unchanged) == (0, 0, 1)
    rows.append(["就业", "就业政策", "政策文件", "促进就业的政策", "", "5个工作日内", "县人社局", "", "全社会", "主动", "县级"])
    rows.append(["不存在的领域", "甲", "乙", "丙", "", "", "丁", "", "全社会", "主动", "县级"])
    rows.append(["就业", "甲", "乙", "丙", "", "", "丁", "", "所有人", "主动", "县级"])
    with pytest.raises(services.CatalogImportError) as caught:
        services.catalog_import(actor=cast.supervisor, organisation=cast.gov, name="a.xlsx", content=_sheet(rows))
    assert {row for row, _ in caught.value.errors} == {5, 6}
    assert Entry.objects.count() == 1
    report = services.catalog_import(actor=cast.supervisor, organisation=cast.gov, name="a.xlsx", content=_sheet(rows[:4]))
    assert report.created == 1 and Entry.objects.get(item_l2="政策文件").time_limit_workdays == 5
    with pytest.raises(SheetError, match="合并单元格"):
        services.catalog_import(actor=cast.supervisor, organisation=cast.gov, name="a.xlsx",
                                content=_sheet(rows[:4], merge="A3:A4"))
    gbk = ("\r\n".join([",".join(services.HEADERS), "救灾,灾情信息,受灾情况,受灾人口,,,县应急管理局,,全社会,主动,乡级"])
           .encode("gbk"))
    assert services.catalog_import(actor=cast.supervisor, organisation=cast.gov, name="a.csv", content=gbk).created == 1


def test_staff_pages_and_outsiders(entry, cast) -> None:
    from django.test import Client

    c = Client()
    c.force_login(cast.supervisor)
    for url in ("/staff/catalog/", "/staff/catalog/completeness/", f"/staff/catalog/entries/{entry.pk}/",
                f"/staff/catalog/entries/{entry.pk}/edit/", "/staff/catalog/entries/new/", "/staff/catalog/export.xlsx",
                "/staff/catalog/completeness/?year=x&org=y"):
        assert c.get(url).status_code == 200, url
    r = c.post("/staff/catalog/entries/new/", entry_data(domain=entry.domain.pk, item_l2="部门决算"))
    assert r.status_code == 302 and Entry.objects.count() == 2
    r = c.post("/staff/catalog/entries/new/", entry_data(domain=entry.domain.pk, item_l2="x" * 300))
    assert r.status_code == 400
    outsider = Client()
    outsider.force_login(cast.officer_b)
    assert outsider.get(f"/staff/catalog/entries/{entry.pk}/").status_code == 404
    assert Client().get("/catalog/999999/").status_code == 404
