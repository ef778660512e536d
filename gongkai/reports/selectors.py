"""Reads for the annual report: its figures from the records, its checks, aggregation state,
deadlines, and the material offered for the text sections.

Other apps are read through their selectors only: requests and reviews via
`gongkai.applications.selectors`, published items via `gongkai.publishing.selectors`, Q&A via
`gongkai.qa.selectors`, the year's 工作要点 tasks via `gongkai.ledger.selectors.report_tasks` when that
module exists.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from gongkai.core.exceptions import NotFoundError
from gongkai.core.models import Organisation
from gongkai.core.selectors import first_or_404, visible_org_ids
from gongkai.reports import rules
from gongkai.reports.models import AnnualReport

Figures = dict[str, Any]  # {"table2": {...}, "table3": {"columns": [...], "rows": {...}}, "table4": {...}}


# --- Which records belong to a report --------------------------------------------------------

def record_org_ids(org: Organisation) -> list[int]:
    """The organisation and its 政府信息公开工作机构 (which handles its requests, 条例第四条)."""
    offices = Organisation.objects.filter(parent=org, kind=Organisation.Kind.OFFICE).values_list("pk", flat=True)
    return [org.pk, *offices]


def departments_of(gov: Organisation) -> QuerySet[Organisation]:
    return Organisation.objects.filter(parent=gov, kind=Organisation.Kind.DEPARTMENT, is_active=True).order_by("path")


# --- Figures from the records ----------------------------------------------------------------

def table3_from_records(org_ids: list[int], year: int, flags: dict[str, bool] | None = None) -> dict[str, list[int]]:
    """Table 三 from one grouped query. `flags`, when given, learns whether some request cannot be placed
    (so the slower look-up of their numbers runs only then)."""
    from gongkai.applications.rules import OUTCOME_BY_CODE
    from gongkai.applications.selectors import report_request_counts

    rows = rules.empty_table3()
    unplaced = False
    for r in report_request_counts(org_ids, year):
        unplaced |= bool(r.get("closed_unreplied")) or bool(r["replied"] and (r["outcome"] or "") not in OUTCOME_BY_CODE)
        col = rules.APPLICANT_COLUMN.get(r["applicant_kind"], 5)  # an unknown kind counts as 其他
        rows["一"][col] += r["new"]
        rows["二"][col] += r["carried"]
        rows["四"][col] += r["forward"]
        outcome = OUTCOME_BY_CODE.get(r["outcome"] or "")
        if r["replied"] and outcome is not None:
            rows[rules.row_for_outcome(outcome.report_row)][col] += r["replied"]
    if flags is not None:
        flags["unplaced"] = unplaced
    return rules.complete_table3(rows)


def record_problems(org_ids: list[int], year: int) -> list[tuple[str, str]]:
    from gongkai.applications.rules import OUTCOME_BY_CODE
    from gongkai.applications.selectors import report_request_problems

    return report_request_problems(org_ids, year, set(OUTCOME_BY_CODE))


def table4_from_records(org_ids: list[int], year: int) -> dict[str, list[int]]:
    """Reviews filed in the year, by their result as it stood on 31 December (a case decided later
    is 尚未审结 in this year's report)."""
    from gongkai.applications.selectors import report_reviews

    end = date(year, 12, 31)
    groups = rules.empty_table4()
    for kind, result, decided_on in report_reviews(org_ids, year):
        if kind not in groups:
            continue
        decided = result != "pending" and (decided_on is None or decided_on <= end)
        groups[kind][rules.REVIEW_RESULT_COLUMN[result] if decided else 3] += 1
    return rules.complete_table4(groups)


def table2_from_records(org_ids: list[int], year: int) -> dict[str, Any]:
    """规章 and 行政规范性文件 issued (成文日期 in the year), repealed (有效性 changed to 已废止/失效 in the
    year) and valid at 31 December, from the published policies of these organisations."""
    from gongkai.publishing.models import Kind, Status
    from gongkai.publishing.selectors import public_documents

    table = rules.empty_table2()
    docs = (public_documents().filter(organisation_id__in=org_ids, kind=Kind.POLICY, status=Status.PUBLISHED,
                                      source_document__isnull=True)
            .filter(Q(genre="命令（令）") | Q(doc_no__contains="规"))
            .values_list("genre", "doc_no", "written_on", "published_on", "validity", "validity_changed_on"))
    for genre, doc_no, written_on, published_on, validity, changed_on in docs:
        cls = rules.document_class(genre, doc_no)
        if cls is None:
            continue
        issued_on = written_on or published_on
        counts = table[cls]
        if issued_on is not None and issued_on.year == year:
            counts["issued"] += 1
        if validity in ("repealed", "expired") and changed_on is not None and changed_on.year == year:
            counts["repealed"] += 1
        if rules.valid_at_year_end(issued_on=issued_on, validity=validity, changed_on=changed_on, year=year):
            counts["valid"] += 1
    return table


def own_record_figures(org: Organisation, year: int, flags: dict[str, bool] | None = None) -> Figures:
    ids = record_org_ids(org)
    return {"table2": table2_from_records(ids, year),
            "table3": {"columns": list(rules.COLUMNS), "rows": table3_from_records(ids, year, flags)},
            "table4": table4_from_records(ids, year)}


def with_manual(figures: Figures, manual: dict[str, Any]) -> Figures:
    """Table 二's staff-typed figures (missing ones stay 0 and a check says so)."""
    t2 = dict(figures["table2"])
    for key in rules.MANUAL_KEYS:
        if key in manual:
            t2[key] = manual[key]
    return {**figures, "table2": t2}


def digest(figures: Figures) -> str:
    return hashlib.sha256(json.dumps(figures, sort_keys=True, ensure_ascii=False).encode()).hexdigest()[:16]


def sum_figures(parts: list[Figures]) -> Figures:
    return {"table2": rules.add_table2([p["table2"] for p in parts]),
            "table3": {"columns": list(rules.COLUMNS),
                       "rows": rules.add_tables([p["table3"]["rows"] for p in parts], rules.ROW_IDS, 7)},
            "table4": rules.add_tables([p["table4"] for p in parts], [k for k, _ in rules.TABLE4_GROUPS], 5)}


# --- Aggregation (a government's report) -----------------------------------------------------

@dataclass
class Aggregation:
    sources: list[dict[str, Any]]  # the departments' published reports now
    unpublished: list[Organisation]
    stale: bool  # the stored snapshot no longer matches `sources`
    changed: list[str]  # names of the departments whose report changed since the snapshot
    figures: Figures | None  # the stored snapshot's sum


def published_department_reports(gov: Organisation, year: int) -> list[AnnualReport]:
    return list(AnnualReport.objects.filter(organisation__in=departments_of(gov), year=year,
                                            status=AnnualReport.Status.PUBLISHED).select_related("organisation"))


def current_sources(gov: Organisation, year: int) -> list[dict[str, Any]]:
    return [{"organisation_id": r.organisation_id, "organisation": r.organisation.name, "report_id": r.pk,
             "version": r.version, "digest": digest(r.figures or {})}
            for r in published_department_reports(gov, year)]


def aggregation(report: AnnualReport) -> Aggregation:
    gov = report.organisation
    sources = current_sources(gov, report.year)
    published = {s["organisation_id"] for s in sources}
    unpublished = [d for d in departments_of(gov) if d.pk not in published]
    snap = report.aggregated or {}
    before = {s["organisation_id"]: s for s in snap.get("sources", [])}
    now = {s["organisation_id"]: s for s in sources}
    changed = sorted({(now.get(k) or before.get(k) or {}).get("organisation", "")
                      for k in set(before) | set(now)
                      if (before.get(k) or {}).get("digest") != (now.get(k) or {}).get("digest")
                      or (before.get(k) or {}).get("version") != (now.get(k) or {}).get("version")})
    stale = report.aggregated is not None and bool(changed)
    return Aggregation(sources, unpublished, stale, changed, snap.get("figures"))


# --- A report's figures, checks and what staff see --------------------------------------------

@dataclass
class Check:
    rule: str
    ok: bool
    detail: str
    blocking: bool = True
    cells: list[dict[str, Any]] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {"rule": self.rule, "ok": self.ok, "detail": self.detail, "blocking": self.blocking,
                "cells": self.cells}


@dataclass
class ReportView:
    report: AnnualReport
    record: Figures  # from the records (and staff-typed table 二 figures)
    figures: Figures  # with the hand overrides
    checks: list[Check]
    aggregation: Aggregation | None
    problems: list[tuple[str, str]]
    previous: AnnualReport | None

    @property
    def blocking(self) -> list[Check]:
        return [c for c in self.checks if not c.ok and c.blocking]

    @property
    def can_publish(self) -> bool:
        return not self.report.is_published and not self.blocking

    @property
    def overridden(self) -> list[dict[str, Any]]:
        return [{"key": k, "label": rules.cell_label(k), "value": v["value"], "record": rules.cell_value(self.record, k),
                 "reason": v.get("reason", ""), "by": v.get("by", "")}
                for k, v in sorted(self.report.overrides.items())]


def record_figures(report: AnnualReport, flags: dict[str, bool] | None = None) -> Figures:
    """The figures before hand overrides: own records (+ the departments' snapshot for a government)."""
    own = with_manual(own_record_figures(report.organisation, report.year, flags), report.manual)
    if report.is_government and report.aggregated:
        return sum_figures([own, report.aggregated["figures"]])
    return own


def previous_report(report: AnnualReport) -> AnnualReport | None:
    return AnnualReport.objects.filter(organisation_id=report.organisation_id, year=report.year - 1,
                                       status=AnnualReport.Status.PUBLISHED).first()


def build(report: AnnualReport) -> ReportView:
    """Everything the staff page, the command and publishing need; a published report shows its
    frozen figures."""
    flags = {"unplaced": False}
    if report.is_published and report.figures is not None:
        record = report.record_figures or report.figures
        figures = report.figures
    else:
        record = record_figures(report, flags)
        figures = rules.apply_overrides(record, {k: v["value"] for k, v in report.overrides.items()})
    agg = aggregation(report) if report.is_government else None
    previous = previous_report(report)
    problems = record_problems(record_org_ids(report.organisation), report.year) if flags["unplaced"] else []
    checks = run_checks(report, figures, agg, previous, problems)
    return ReportView(report, record, figures, checks, agg, problems, previous)


def _cells(errors: list[rules.CellError]) -> list[dict[str, Any]]:
    return [e.as_dict() | {"message": e.message} for e in errors]


def run_checks(report: AnnualReport, figures: Figures, agg: Aggregation | None, previous: AnnualReport | None,
               problems: list[tuple[str, str]]) -> list[Check]:
    errors3, _ = rules.check_table3(figures["table3"]["rows"])
    checks: list[Check] = []
    for rule in (rules.RULE_BALANCE, rules.RULE_RESULTS, rules.RULE_TOTAL):
        hits = [e for e in errors3 if e.rule == rule]
        checks.append(Check(f"表三：{rule}", not hits, "；".join(e.message for e in hits) or "各列均相符。",
                            cells=_cells(hits)))
    errors4, _ = rules.check_table4(figures["table4"])
    checks.append(Check(f"表四：{rules.RULE_TABLE4}", not errors4,
                        "；".join(e.message for e in errors4) or "行政复议、行政诉讼各项总计均相符。", cells=_cells(errors4)))
    this_carry = figures["table3"]["rows"]["二"]
    if previous is not None and previous.figures is not None:
        errs = rules.check_carry_over(this_carry, previous.figures["table3"]["rows"]["四"])
        if errs and report.carry_explanation.strip():
            detail = "；".join(e.message for e in errs) + f" 已说明：{report.carry_explanation.strip()}"
            checks.append(Check(f"表三：{rules.RULE_CARRY}", True, detail, cells=_cells(errs)))
        else:
            detail = ("；".join(e.message for e in errs) + " 请核实，或填写差异说明后发布。") if errs else \
                f"与{previous.year}年已发布报告的结转下年度相符。"
            checks.append(Check(f"表三：{rules.RULE_CARRY}", not errs, detail, cells=_cells(errs)))
    else:
        checks.append(Check(f"表三：{rules.RULE_CARRY}", True, f"系统中没有{report.year - 1}年已发布的报告，无可比对。",
                            blocking=False))
    missing = [label for key, label, _art, _col in rules.TABLE2_MANUAL if key not in report.manual]
    checks.append(Check("表二：人工填报数字已填写", not missing,
                        f"尚未填写：{'、'.join(missing)}（系统没有这些记录，须由工作人员填报）。" if missing else "已填写。"))
    if problems:
        listed = "、".join(f"{n}（{why}）" for n, why in problems[:10])
        checks.append(Check("依申请记录可归入报告", False, f"{len(problems)} 件申请无法归入表三：{listed}。", blocking=False))
    if report.overrides:
        checks.append(Check("手工修改的数字", True, f"{len(report.overrides)} 个单元格为手工填写，已在表中标出记录数字。",
                            blocking=False))
    if agg is not None:
        if report.aggregated is None:
            checks.append(Check("已汇总部门年度报告", False, "尚未汇总所属部门已发布的年度报告。"))
        else:
            checks.append(Check("部门报告汇总后未变更", not agg.stale,
                                f"汇总后以下部门的报告有变更：{'、'.join(agg.changed)}，请重新汇总。" if agg.stale
                                else "汇总后各部门报告没有变更。"))
        if agg.unpublished:
            checks.append(Check("所属部门均已发布年度报告", False,
                                f"尚未发布：{'、'.join(d.name for d in agg.unpublished)}（条例第四十九条，部门应于1月31日前发布）。",
                                blocking=False))
    return checks


# --- Visibility ------------------------------------------------------------------------------

def staff_reports(user: Any) -> QuerySet[AnnualReport]:
    return AnnualReport.objects.filter(organisation_id__in=visible_org_ids(user)).select_related("organisation")


def staff_report(user: Any, pk: int) -> AnnualReport:
    return first_or_404(staff_reports(user).filter(pk=pk))


def published_reports(*, year: int | None = None) -> QuerySet[AnnualReport]:
    reports = AnnualReport.objects.filter(status=AnnualReport.Status.PUBLISHED).select_related("organisation")
    if year:
        reports = reports.filter(year=year)
    return reports.order_by("-year", "organisation__path")


def published_report(pk: int) -> AnnualReport:
    report = published_reports().filter(pk=pk).first()
    if report is None:
        raise NotFoundError("没有这份已发布的年度报告。")
    return report


def reporting_orgs(user: Any) -> QuerySet[Organisation]:
    """Organisations in scope that publish a report of their own (governments and departments)."""
    return Organisation.objects.filter(pk__in=visible_org_ids(user), is_active=True).exclude(
        kind=Organisation.Kind.OFFICE).order_by("path")


# --- Deadlines (条例第四十九条) ---------------------------------------------------------------

@dataclass
class DeadlineRow:
    organisation: Organisation
    year: int
    due: date
    report: AnnualReport | None
    late_days: int  # calendar days past due (0 when on time or not yet due)

    @property
    def status(self) -> str:
        if self.report is not None and self.report.is_published:
            return "逾期发布" if self.late_days else "按时发布"
        return "已逾期未发布" if self.late_days else "未发布"


def deadline_rows(orgs: QuerySet[Organisation] | list[Organisation], year: int, today: date | None = None
                  ) -> list[DeadlineRow]:
    today = today or timezone.localdate()
    orgs = list(orgs)
    reports = {r.organisation_id: r for r in AnnualReport.objects.filter(organisation__in=orgs, year=year)}
    rows = []
    for org in orgs:
        due = rules.report_due(org.kind, year)
        report = reports.get(org.pk)
        done_on = timezone.localtime(report.published_at).date() if report and report.is_published and \
            report.published_at else None
        late = ((done_on or today) - due).days
        rows.append(DeadlineRow(org, year, due, report, max(late, 0)))
    return rows


def late_rows(user: Any, today: date | None = None) -> list[DeadlineRow]:
    """Who has not published last year's report although it is due (the supervisor's list)."""
    today = today or timezone.localdate()
    return [r for r in deadline_rows(reporting_orgs(user), today.year - 1, today)
            if r.late_days and not (r.report and r.report.is_published)]


# --- Material for the text sections -----------------------------------------------------------

def ledger_tasks(org: Organisation, year: int) -> list[dict[str, Any]] | None:
    """The year's 工作要点 tasks and their status from the ledger, or None when the ledger app does not
    offer them yet (the report works without it)."""
    import importlib

    try:
        ledger_selectors = importlib.import_module("gongkai.ledger.selectors")
    except ImportError:
        return None
    report_tasks = getattr(ledger_selectors, "report_tasks", None)
    if report_tasks is None:
        return None
    return list(report_tasks(org, year))


def material(report: AnnualReport) -> dict[str, Any]:
    """Facts offered to staff writing sections 一, 五 and 六."""
    from gongkai.publishing.models import Kind, Status
    from gongkai.publishing.selectors import public_documents
    from gongkai.qa.selectors import statistics

    ids = record_org_ids(report.organisation)
    if report.is_government:
        ids += [i for d in departments_of(report.organisation) for i in record_org_ids(d)]
    start, end = date(report.year, 1, 1), date(report.year, 12, 31)
    published = public_documents().filter(organisation_id__in=ids, status=Status.PUBLISHED,
                                          published_on__range=(start, end))
    return {
        "tasks": ledger_tasks(report.organisation, report.year),
        "published": published.count(),
        "policies": published.filter(kind=Kind.POLICY).count(),
        "interpretations": published.filter(kind=Kind.INTERPRETATION).count(),
        "qa": statistics(since=start, until=end),
    }
