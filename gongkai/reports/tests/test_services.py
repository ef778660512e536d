"""The report's life cycle: draft, staff figures, overrides, checks that block publishing (naming the
cell), publishing once and frozen, carry-over against last year, aggregation and staleness."""

from __future__ import annotations

from datetime import date

import pytest

from gongkai.core.exceptions import DomainError, NotFoundError, PermissionDeniedError, StateError
from gongkai.core.models import AuditEvent
from gongkai.reports import selectors, services
from gongkai.reports.models import AnnualReport, ReportEvent
from gongkai.reports.tests.factories import request

MANUAL = {"licensing": "12", "penalty": "3", "enforcement": "0", "fees": "1.25"}


def _draft(cast, org=None, year: int = 2025) -> AnnualReport:
    report = services.report_create(actor=cast.supervisor, organisation=org or cast.dept_a, year=year)
    services.report_update(actor=cast.supervisor, report=report, manual=MANUAL)
    return report


def test_create_is_one_per_organisation_and_year(cast) -> None:
    a = services.report_create(actor=cast.officer_a, organisation=cast.dept_a, year=2025)
    b = services.report_create(actor=cast.officer_a, organisation=cast.dept_a, year=2025)
    assert a.pk == b.pk and AnnualReport.objects.count() == 1
    assert ReportEvent.objects.filter(report=a, kind="create").count() == 1
    assert AuditEvent.objects.filter(action="reports.create", object_id=str(a.pk)).exists()


def test_create_refuses_bad_years_and_outsiders(cast) -> None:
    with pytest.raises(DomainError, match="报告年度"):
        services.report_create(actor=cast.officer_a, organisation=cast.dept_a, year=2007)
    with pytest.raises(DomainError, match="报告年度"):
        services.report_create(actor=cast.officer_a, organisation=cast.dept_a, year=2027)
    with pytest.raises(NotFoundError):
        services.report_create(actor=cast.officer_b, organisation=cast.dept_a, year=2025)
    with pytest.raises(PermissionDeniedError):
        services.report_create(actor=cast.reviewer_a, organisation=cast.dept_a, year=2025)
    assert not AnnualReport.objects.exists()


@pytest.mark.parametrize("bad", [{"licensing": "-1"}, {"penalty": "2.5"}, {"enforcement": "abc"}, {"fees": "-3"},
                                 {"fees": "1.23456"}])
def test_staff_numbers_must_be_valid_and_nothing_is_saved_otherwise(cast, bad) -> None:
    report = _draft(cast)
    with pytest.raises(DomainError):
        services.report_update(actor=cast.officer_a, report=report, manual=bad)
    report.refresh_from_db()
    assert report.manual == {"licensing": 12, "penalty": 3, "enforcement": 0, "fees": "1.25"}


def test_missing_staff_figures_block_publishing(cast) -> None:
    report = services.report_create(actor=cast.officer_a, organisation=cast.dept_a, year=2025)
    services.report_update(actor=cast.officer_a, report=report, manual={"licensing": "5"})
    with pytest.raises(DomainError, match="行政处罚、行政强制、行政事业性收费"):
        services.report_publish(actor=cast.publisher_a, report=report)
    assert AnnualReport.objects.get(pk=report.pk).status == "draft"


def test_publish_freezes_the_figures_and_refuses_a_second_time(cast) -> None:
    request(cast.officer_a, cast.dept_a, date(2025, 3, 3), outcome="disclose", replied=date(2025, 3, 10))
    report = _draft(cast)
    services.report_publish(actor=cast.publisher_a, report=report)
    report.refresh_from_db()
    assert report.is_published and report.figures["table3"]["rows"]["一"][6] == 1
    assert report.figures["table2"]["fees"] == "1.25" and report.published_by_name
    # records change afterwards: the published report does not
    request(cast.officer_a, cast.dept_a, date(2025, 4, 3), outcome="disclose", replied=date(2025, 4, 10))
    assert selectors.build(report).figures["table3"]["rows"]["一"][6] == 1
    with pytest.raises(StateError, match="已于.*发布"):
        services.report_publish(actor=cast.publisher_a, report=report)
    with pytest.raises(StateError):
        services.report_update(actor=cast.officer_a, report=report, manual={"licensing": "1"})
    assert ReportEvent.objects.filter(report=report, kind="publish").count() == 1


def test_only_publishers_publish(cast) -> None:
    report = _draft(cast)
    with pytest.raises(PermissionDeniedError, match="发布人"):
        services.report_publish(actor=cast.officer_a, report=report)


def test_an_override_that_breaks_an_identity_blocks_publishing_naming_the_cell(cast) -> None:
    request(cast.officer_a, cast.dept_a, date(2025, 3, 3), outcome="disclose", replied=date(2025, 3, 10))
    report = _draft(cast)
    services.report_override(actor=cast.officer_a, report=report, cell="三|一|0", value="4", reason="纸质登记簿另有 3 件")
    view = selectors.build(report)
    assert view.overridden == [{"key": "三|一|0", "label": "表三“一、本年新收政府信息公开申请数量”行“自然人”列",
                                "value": 4, "record": 1, "reason": "纸质登记簿另有 3 件", "by": "officer_a"}]
    assert view.figures["table3"]["rows"]["一"] == [4, 0, 0, 0, 0, 0, 4]  # 总计 follows its parts
    assert view.record["table3"]["rows"]["一"][0] == 1
    with pytest.raises(DomainError) as exc:
        services.report_publish(actor=cast.publisher_a, report=report)
    assert "表三" in exc.value.message and "自然人" in exc.value.message and "一+二=三（七）+四" in exc.value.message
    # removing the override lets it through
    services.report_override(actor=cast.officer_a, report=report, cell="三|一|0", value="", reason="")
    services.report_publish(actor=cast.publisher_a, report=report)


def test_override_of_a_total_is_checked_against_its_parts(cast) -> None:
    report = _draft(cast)
    services.report_override(actor=cast.officer_a, report=report, cell="四|reconsideration|4", value="2",
                             reason="按复议机关统计")
    view = selectors.build(report)
    failing = [c for c in view.blocking if c.cells]
    assert failing[0].cells[0]["row"] == "reconsideration" and failing[0].cells[0]["found"] == 2


@pytest.mark.parametrize("cell,value,reason,message", [
    ("三|九|0", "1", "x", "没有这个单元格"), ("三|一|7", "1", "x", "没有这个单元格"),
    ("三|一|0", "-2", "x", "不小于 0 的整数"), ("三|一|0", "1.5", "x", "不小于 0 的整数"), ("三|一|0", "3", " ", "须说明理由")])
def test_override_refuses_bad_input(cast, cell, value, reason, message) -> None:
    report = _draft(cast)
    with pytest.raises(DomainError, match=message):
        services.report_override(actor=cast.officer_a, report=report, cell=cell, value=value, reason=reason)
    report.refresh_from_db()
    assert report.overrides == {}


def test_carry_over_must_match_last_years_published_report_unless_explained(cast) -> None:
    request(cast.officer_a, cast.dept_a, date(2024, 12, 30))  # open at the end of 2024
    last = _draft(cast, year=2024)
    services.report_override(actor=cast.officer_a, report=last, cell="三|四|0", value="3", reason="旧系统")
    services.report_override(actor=cast.officer_a, report=last, cell="三|一|0", value="3", reason="旧系统")
    services.report_publish(actor=cast.publisher_a, report=last)
    report = _draft(cast)
    with pytest.raises(DomainError, match="本年上年结转=上年结转下年度"):
        services.report_publish(actor=cast.publisher_a, report=report)
    carry = next(c for c in selectors.build(report).checks if "上年结转" in c.rule)
    assert carry.cells[0]["column"] == "自然人" and carry.cells[0]["expected"] == 3 and carry.cells[0]["found"] == 1
    services.report_explain_carry(actor=cast.officer_a, report=report, explanation="2024 年报告含纸质登记的 2 件，已于当年办结")
    services.report_publish(actor=cast.publisher_a, report=report)


def test_government_aggregates_departments_and_goes_stale_when_one_changes(cast) -> None:
    request(cast.officer_a, cast.dept_a, date(2025, 3, 3), outcome="disclose", replied=date(2025, 3, 10))
    request(cast.officer_b, cast.dept_b, date(2025, 3, 4), kind="research", outcome="partial", replied=date(2025, 3, 9))
    dept_a = _draft(cast)
    services.report_publish(actor=cast.publisher_a, report=dept_a)
    gov = _draft(cast, cast.gov)
    with pytest.raises(DomainError, match="尚未汇总"):
        services.report_publish(actor=cast.supervisor, report=gov)
    services.report_aggregate(actor=cast.supervisor, report=gov)
    view = selectors.build(gov)
    assert [d.name for d in view.aggregation.unpublished] == ["青溪县市场监督管理局"]
    assert view.figures["table3"]["rows"]["一"] == [1, 0, 0, 0, 0, 0, 1]
    assert view.figures["table2"]["licensing"] == 24  # the department's 12 + the government's own 12
    # the department corrects its report after aggregation
    services.report_reopen(actor=cast.publisher_a, report=dept_a, reason="补录一件申请")
    view = selectors.build(gov)
    assert view.aggregation.stale and view.aggregation.changed == ["青溪县财政局"]
    assert any("重新汇总" in c.detail for c in view.blocking)
    request(cast.officer_a, cast.dept_a, date(2025, 5, 3), outcome="disclose", replied=date(2025, 5, 10))
    services.report_publish(actor=cast.publisher_a, report=AnnualReport.objects.get(pk=dept_a.pk))
    assert selectors.build(gov).aggregation.stale
    services.report_aggregate(actor=cast.supervisor, report=gov)
    view = selectors.build(gov)
    assert not view.aggregation.stale and view.figures["table3"]["rows"]["一"][6] == 2
    services.report_publish(actor=cast.supervisor, report=gov)  # one department unpublished: a warning only


def test_only_governments_aggregate(cast) -> None:
    with pytest.raises(DomainError, match="人民政府"):
        services.report_aggregate(actor=cast.supervisor, report=_draft(cast))


def test_reopen_needs_a_published_report_and_a_reason(cast) -> None:
    report = _draft(cast)
    with pytest.raises(StateError):
        services.report_reopen(actor=cast.publisher_a, report=report, reason="x")
    services.report_publish(actor=cast.publisher_a, report=report)
    with pytest.raises(DomainError, match="说明理由"):
        services.report_reopen(actor=cast.publisher_a, report=report, reason=" ")
    services.report_reopen(actor=cast.publisher_a, report=report, reason="更正表二")
    report.refresh_from_db()
    assert report.status == "draft" and report.version == 2 and report.figures is None
