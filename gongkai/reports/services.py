"""Writes for the annual report: each use case checks the actor, runs in one transaction and records
its audit event and report event there (条例第四十五条 spirit: every change has who, when and why)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from gongkai.core.exceptions import DomainError, StateError
from gongkai.core.models import Organisation, Role
from gongkai.core.selectors import require_role
from gongkai.core.services import actor_name, audit
from gongkai.reports import rules, selectors
from gongkai.reports.models import Action, AnnualReport, ReportEvent

EDITORS = [Role.OFFICER, Role.ADMIN, Role.SUPERVISOR]
PUBLISHERS = [Role.PUBLISHER, Role.ADMIN, Role.SUPERVISOR]
SECTION_FIELDS = {"section1": "一、总体情况", "section5": "五、存在的主要问题及改进情况", "section6": "六、其他需要报告的事项"}
MAX_TEXT = 20_000
FIRST_YEAR = 2008  # the 条例 took effect on 1 May 2008


def _event(report: AnnualReport, *, kind: str, actor: Any, action: str, to: str | None = None, reason: str = "",
           before: dict[str, Any] | None = None, after: dict[str, Any] | None = None) -> None:
    before_status = report.status
    if to is not None:
        report.status = to
    ReportEvent.objects.create(report=report, kind=kind, actor=actor if getattr(actor, "is_authenticated", False)
                               else None, actor_name=actor_name(actor), from_status=before_status,
                               to_status=report.status, reason=reason)
    audit(actor=actor, action=action, obj=report, organisation=report.organisation, before=before, after=after,
          reason=reason)


def _require_draft(report: AnnualReport) -> None:
    if report.is_published:
        raise StateError(f"该报告已于{timezone.localtime(report.published_at):%Y年%m月%d日}发布，发布后数字已冻结；"
                         "如需更正，请先“撤回更正”。" if report.published_at else "该报告已发布，不能修改。")


def report_create(*, actor: Any, organisation: Organisation, year: int, today: date | None = None) -> AnnualReport:
    """Open the draft of `organisation`'s report on `year` (one per organisation and year)."""
    require_role(actor, organisation, EDITORS, action="编制年度报告")
    today = today or timezone.localdate()
    if organisation.kind == Organisation.Kind.OFFICE:
        raise DomainError("政府信息公开工作机构不单独编制年度报告，其办理的事项计入所属机关的报告（条例第四条、第四十九条）。")
    if not isinstance(year, int) or not FIRST_YEAR <= year <= today.year:
        raise DomainError(f"报告年度应在 {FIRST_YEAR} 年（条例施行）至 {today.year} 年之间。")
    existing = AnnualReport.objects.filter(organisation=organisation, year=year).first()
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            report = AnnualReport.objects.create(organisation=organisation, year=year)
            _event(report, kind="create", actor=actor, action=Action.CREATE, reason=f"{year}年度")
    except IntegrityError:  # created meanwhile by someone else
        return AnnualReport.objects.get(organisation=organisation, year=year)
    return report


def report_update(*, actor: Any, report: AnnualReport, manual: dict[str, Any] | None = None,
                  sections: dict[str, str] | None = None) -> AnnualReport:
    """Staff-typed figures of table 二 (whole numbers; 收费 in 万元) and the text of sections 一, 五, 六."""
    require_role(actor, report.organisation, EDITORS, action="编辑年度报告")
    _require_draft(report)
    new_manual = dict(report.manual)
    try:
        for key, label, _art, _col in rules.TABLE2_MANUAL:
            if manual is None or key not in manual:
                continue
            value = manual[key]
            if value is None or str(value).strip() == "":
                new_manual.pop(key, None)
            elif key == "fees":
                new_manual[key] = rules.parse_wan(value, label)
            else:
                new_manual[key] = rules.parse_count(value, label)
    except ValueError as exc:
        raise DomainError(str(exc), code="invalid_number") from exc
    changes: dict[str, Any] = {}
    for name, label in SECTION_FIELDS.items():
        if sections is None or name not in sections:
            continue
        text = str(sections[name] or "").replace("\r\n", "\n").strip()
        if len(text) > MAX_TEXT:
            raise DomainError(f"“{label}”不能超过 {MAX_TEXT} 字。")
        if text != getattr(report, name):
            changes[name] = text
    if new_manual == report.manual and not changes:
        return report
    with transaction.atomic():
        before = {"manual": report.manual} | {k: getattr(report, k)[:200] for k in changes}
        report.manual = new_manual
        for name, text in changes.items():
            setattr(report, name, text)
        report.save()
        _event(report, kind="edit", actor=actor, action=Action.EDIT, before=before,
               after={"manual": new_manual} | {k: v[:200] for k, v in changes.items()})
    return report


def report_override(*, actor: Any, report: AnnualReport, cell: str, value: Any, reason: str) -> AnnualReport:
    """Replace one figure by hand (e.g. a request handled on paper before the system); the figure from
    the records stays shown beside it. `value` None or "" removes the override."""
    require_role(actor, report.organisation, EDITORS, action="修改年度报告数字")
    _require_draft(report)
    error = rules.cell_key_error(cell)
    if error:
        raise DomainError(error)
    label = rules.cell_label(cell)
    overrides = dict(report.overrides)
    if value is None or str(value).strip() == "":
        if cell not in overrides:
            return report
        old = overrides.pop(cell)
        after = None
    else:
        try:
            number = rules.parse_count(value, label)
        except ValueError as exc:
            raise DomainError(str(exc), code="invalid_number") from exc
        if not reason.strip():
            raise DomainError(f"手工修改{label}须说明理由。")
        old = overrides.get(cell)
        after = {"value": number, "reason": reason.strip()[:300], "by": actor_name(actor),
                 "at": timezone.now().isoformat(timespec="seconds")}
        overrides[cell] = after
    with transaction.atomic():
        report.overrides = overrides
        report.save(update_fields=["overrides", "updated_at"])
        _event(report, kind="override", actor=actor, action=Action.OVERRIDE, reason=f"{label}：{reason.strip()}",
               before={cell: old}, after={cell: after})
    return report


def report_explain_carry(*, actor: Any, report: AnnualReport, explanation: str) -> AnnualReport:
    """Why this year's 上年结转 differs from last year's published 结转下年度 (without it, publishing is refused)."""
    require_role(actor, report.organisation, EDITORS, action="说明上年结转差异")
    _require_draft(report)
    text = explanation.strip()
    if len(text) > 2000:
        raise DomainError("差异说明不能超过 2000 字。")
    with transaction.atomic():
        before = report.carry_explanation
        report.carry_explanation = text
        report.save(update_fields=["carry_explanation", "updated_at"])
        _event(report, kind="explain", actor=actor, action=Action.EXPLAIN, reason=text[:300],
               before={"carry_explanation": before}, after={"carry_explanation": text})
    return report


def report_aggregate(*, actor: Any, report: AnnualReport) -> AnnualReport:
    """A government's report takes a snapshot of its departments' published reports (条例第四十九条: the
    government reports for its whole administration); the page lists those not yet published."""
    require_role(actor, report.organisation, EDITORS, action="汇总部门年度报告")
    _require_draft(report)
    if not report.is_government:
        raise DomainError("只有人民政府的年度报告汇总所属部门的报告。")
    reports = selectors.published_department_reports(report.organisation, report.year)
    sources = [{"organisation_id": r.organisation_id, "organisation": r.organisation.name, "report_id": r.pk,
                "version": r.version, "digest": selectors.digest(r.figures or {})} for r in reports]
    figures = selectors.sum_figures([r.figures for r in reports if r.figures]) if reports else \
        selectors.sum_figures([])
    with transaction.atomic():
        report.aggregated = {"sources": sources, "figures": figures}
        report.aggregated_at = timezone.now()
        report.save(update_fields=["aggregated", "aggregated_at", "updated_at"])
        _event(report, kind="aggregate", actor=actor, action=Action.AGGREGATE,
               reason=f"汇总 {len(sources)} 个部门的年度报告", after={"sources": [s["organisation"] for s in sources]})
    return report


def report_publish(*, actor: Any, report: AnnualReport) -> AnnualReport:
    """Publish: refused while any blocking check fails (naming the cell and rule); the figures are
    frozen so later edits to records do not change the published report."""
    require_role(actor, report.organisation, PUBLISHERS, action="发布年度报告")
    with transaction.atomic():
        # Lock the row: two publishers clicking at once must not publish twice.
        report = AnnualReport.objects.select_for_update().select_related("organisation").get(pk=report.pk)
        _require_draft(report)
        view = selectors.build(report)
        if view.blocking:
            raise DomainError("不能发布：" + "；".join(c.detail for c in view.blocking), code="checks_failed")
        report.figures = view.figures
        report.record_figures = view.record
        report.published_at = timezone.now()
        report.published_by = actor if getattr(actor, "is_authenticated", False) else None
        report.published_by_name = actor_name(actor)
        _event(report, kind="publish", actor=actor, action=Action.PUBLISH, to=AnnualReport.Status.PUBLISHED,
               reason=f"第 {report.version} 版", after={"digest": selectors.digest(view.figures)})
        report.save()
    return report


def report_reopen(*, actor: Any, report: AnnualReport, reason: str) -> AnnualReport:
    """Withdraw a published report to correct it; it returns to draft as a new version and any government
    report that aggregated it becomes stale."""
    require_role(actor, report.organisation, PUBLISHERS, action="撤回年度报告")
    if not reason.strip():
        raise DomainError("撤回更正须说明理由。")
    with transaction.atomic():
        report = AnnualReport.objects.select_for_update().select_related("organisation").get(pk=report.pk)
        if not report.is_published:
            raise StateError("该报告尚未发布，无需撤回。")
        report.version += 1
        report.figures = None
        report.record_figures = None
        report.published_at = None
        report.published_by = None
        report.published_by_name = ""
        _event(report, kind="reopen", actor=actor, action=Action.REOPEN, to=AnnualReport.Status.DRAFT,
               reason=reason.strip()[:300])
        report.save()
    return report
