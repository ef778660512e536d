"""Per-organisation statistics of 依申请公开, public and for supervisors: received, replied on time and
late, overdue now, working days to reply (median, 90th percentile), the outcome mix, 复议/诉讼 and the
share corrected — by year and by organisation, with charts (gongkai.core.charts) and an XLSX export.

Definitions (docs/reports.md):
- received: 收到申请之日 (条例第三十一条) in the year; replied: 答复日期 in the year.
- on time: replied on or before the stored reply due date, which already counts the pauses (补正,
  征求意见, 缴费) and an approved extension (条例第三十三条).
- working days to reply: from the receipt (or the corrected request, 第三十条) to the reply, in
  working days of the loaded calendar (pauses included: it is the applicant's wait).
- overdue: open, not paused, past the due date, today.
- correction rate: 结果纠正 among the decided 复议/诉讼 filed in the year.
"""

from __future__ import annotations

import io
from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from django.utils import timezone

from gongkai.core.charts import Chart, Series
from gongkai.core.models import Organisation
from gongkai.core.selectors import get_calendar
from gongkai.core.workdays import workdays_between
from gongkai.reports import rules

OUTCOME_GROUPS = ("予以公开", "部分公开", "不予公开", "无法提供", "不予处理", "其他处理")
_SECTION_GROUP = {"一": 0, "二": 1, "三": 2, "四": 3, "五": 4, "六": 5}


@dataclass
class UnitStats:
    organisation: Organisation
    received: int = 0
    replied: int = 0
    on_time: int = 0
    late: int = 0
    open: int = 0
    overdue: int = 0
    days: list[int] = field(default_factory=list)
    outcomes: Counter[str] = field(default_factory=Counter)
    reviews: int = 0
    decided: int = 0
    corrected: int = 0

    @property
    def on_time_rate(self) -> float | None:
        return rules.rate(self.on_time, self.on_time + self.late)

    @property
    def median_days(self) -> float | None:
        value = rules.percentile(sorted(self.days), 50)
        return None if value is None else round(value, 1)

    @property
    def p90_days(self) -> float | None:
        value = rules.percentile(sorted(self.days), 90)
        return None if value is None else round(value, 1)

    @property
    def correction_rate(self) -> float | None:
        return rules.rate(self.corrected, self.decided)

    @property
    def outcome_cells(self) -> list[int]:
        return [self.outcomes.get(g, 0) for g in OUTCOME_GROUPS]

    @property
    def outcome_pairs(self) -> list[tuple[str, int]]:
        return list(zip(OUTCOME_GROUPS, self.outcome_cells, strict=True))


def units(orgs: list[Organisation]) -> dict[int, Organisation]:
    """Map every record-holding organisation id to the reporting unit it counts for: a 工作机构 counts
    for its parent (条例第四条)."""
    mapping: dict[int, Organisation] = {o.pk: o for o in orgs}
    offices = Organisation.objects.filter(parent__in=orgs, kind=Organisation.Kind.OFFICE).values_list("pk", "parent_id")
    for pk, parent_id in offices:
        mapping[pk] = mapping[parent_id]
    return mapping


def _outcome_groups() -> dict[str, str]:
    from gongkai.applications.rules import OUTCOMES

    return {o.code: OUTCOME_GROUPS[_SECTION_GROUP[rules.row_for_outcome(o.report_row).split(".")[1]]]
            for o in OUTCOMES}


def outcome_group(code: str) -> str | None:
    return _outcome_groups().get(code or "")


def unit_statistics(orgs: list[Organisation], year: int, today: date | None = None) -> list[UnitStats]:
    """One row per organisation (zero rows included), for requests received or replied in `year`: grouped
    counts in one query, the working-day spans of the replies in another (equal spans fetched once)."""
    from gongkai.applications.selectors import reply_spans, review_rows, statistics_counts

    today = today or timezone.localdate()
    start, end = date(year, 1, 1), date(year, 12, 31)
    mapping = units(orgs)
    stats = {o.pk: UnitStats(o) for o in orgs}
    groups = _outcome_groups()
    for r in statistics_counts(list(mapping), start, end, today):
        row = stats[mapping[r["organisation_id"]].pk]
        row.received += r["received"]
        row.replied += r["replied"]
        row.on_time += r["on_time"]
        row.late += r["late"]
        row.open += r["open"]
        row.overdue += r["overdue"]
        group = groups.get(r["outcome"] or "")
        if group and r["replied"]:
            row.outcomes[group] += r["replied"]
    calendar = get_calendar()
    for org_id, clock, replied, n in reply_spans(list(mapping), start, end):
        stats[mapping[org_id].pk].days.extend([max(0, workdays_between(clock, replied, calendar))] * n)
    for org_id, _kind, result in review_rows(list(mapping), start, end):
        row = stats[mapping[org_id].pk]
        row.reviews += 1
        if result != "pending":
            row.decided += 1
            row.corrected += result == "corrected"
    return [stats[o.pk] for o in orgs]


def total(rows: list[UnitStats], label: Organisation) -> UnitStats:
    t = UnitStats(label)
    for r in rows:
        for name in ("received", "replied", "on_time", "late", "open", "overdue", "reviews", "decided", "corrected"):
            setattr(t, name, getattr(t, name) + getattr(r, name))
        t.days += r.days
        t.outcomes.update(r.outcomes)
    return t


def yearly(orgs: list[Organisation], years: list[int]) -> list[tuple[int, int, int, float | None]]:
    """(year, received, replied, on-time rate) for the organisations over several years."""
    from gongkai.applications.selectors import yearly_counts

    if not years:
        return []
    counts = yearly_counts(list(units(orgs)), min(years), max(years))
    return [(y, counts[y][0], counts[y][1], rules.rate(counts[y][2], counts[y][2] + counts[y][3])) for y in years]


def short(org: Organisation) -> str:
    return org.short_name or org.name


def charts(rows: list[UnitStats], years: list[tuple[int, int, int, float | None]], all_row: UnitStats) -> list[Chart]:
    labels = [short(r.organisation) for r in rows]
    result = [
        Chart(title="各单位收到与答复申请数", labels=labels, chart_id="chart-volume",
              series=[Series("收到", [r.received for r in rows]), Series("答复", [r.replied for r in rows])]),
        Chart(title="按时答复率", labels=labels, chart_id="chart-ontime", percent=True,
              series=[Series("按时答复率", [r.on_time_rate for r in rows])],
              notes=["按时：答复日期不晚于答复期限（期限已扣除补正、征求意见、缴费期间并计入经批准的延期，条例第三十三条）。"]),
        Chart(title="答复用时（工作日）", labels=labels, chart_id="chart-days", unit=" 个工作日",
              series=[Series("中位数", [r.median_days for r in rows]), Series("第90百分位", [r.p90_days for r in rows])]),
        Chart(title="办理结果构成", labels=list(OUTCOME_GROUPS), chart_id="chart-outcomes",
              series=[Series("件数", [float(v) for v in all_row.outcome_cells])]),
        Chart(title="行政复议、行政诉讼及纠错", labels=labels, chart_id="chart-reviews",
              series=[Series("复议诉讼", [r.reviews for r in rows]), Series("结果纠正", [r.corrected for r in rows])]),
    ]
    if years:
        result.append(Chart(title="逐年收到与答复申请数", labels=[f"{y}年" for y, *_ in years], kind="line",
                            chart_id="chart-years", series=[Series("收到", [float(r) for _y, r, _a, _o in years]),
                                                            Series("答复", [float(a) for _y, _r, a, _o in years])]))
    return result


def xlsx(rows: list[UnitStats], all_row: UnitStats, years: list[tuple[int, int, int, float | None]], year: int) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    wb = Workbook()
    ws = wb.active
    ws.title = f"{year}年各单位"
    header = ["单位", "收到", "答复", "按时答复", "逾期答复", "按时答复率（%）", "在办", "当前逾期", "答复用时中位数（工作日）",
              "答复用时第90百分位（工作日）", *OUTCOME_GROUPS, "复议诉讼", "已审结", "结果纠正", "纠错率（%）"]
    ws.append(header)
    for r in [*rows, all_row]:
        ws.append([r.organisation.name, r.received, r.replied, r.on_time, r.late, r.on_time_rate, r.open, r.overdue,
                   r.median_days, r.p90_days, *r.outcome_cells, r.reviews, r.decided, r.corrected, r.correction_rate])
    for cell in ws[1]:
        cell.font = Font(bold=True)
    ys = wb.create_sheet("逐年")
    ys.append(["年度", "收到", "答复", "按时答复率（%）"])
    for y, rec, rep, rate in years:
        ys.append([y, rec, rep, rate])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def overview_charts(orgs: list[Organisation], today: date | None = None) -> list[Chart]:
    """The supervisor overview's charts (issue 14): requests received and replied per month over the last
    year, and each organisation's on-time rate this year — grouped queries only, so the page stays fast
    at any volume."""
    from gongkai.applications.selectors import monthly_counts, on_time_counts

    today = today or timezone.localdate()
    keys: list[tuple[int, int]] = []
    y, m = today.year, today.month
    for _ in range(12):
        keys.append((y, m))
        y, m = (y, m - 1) if m > 1 else (y - 1, 12)
    keys.reverse()
    mapping = units(orgs)
    counts = monthly_counts(list(mapping), date(keys[0][0], keys[0][1], 1), today)
    per_unit: dict[int, list[int]] = {o.pk: [0, 0] for o in orgs}
    for org_id, (on, late) in on_time_counts(list(mapping), date(today.year, 1, 1), today).items():
        per_unit[mapping[org_id].pk][0] += on
        per_unit[mapping[org_id].pk][1] += late
    return [
        Chart(title="近12个月收到与答复申请数", labels=[f"{k[0]}-{k[1]:02d}" for k in keys], kind="line",
              chart_id="chart-trend", series=[Series("收到", [float(counts.get(k, (0, 0))[0]) for k in keys]),
                                              Series("答复", [float(counts.get(k, (0, 0))[1]) for k in keys])]),
        Chart(title=f"{today.year}年各单位按时答复率", labels=[short(o) for o in orgs], percent=True,
              chart_id="chart-ontime-units",
              series=[Series("按时答复率", [rules.rate(per_unit[o.pk][0], sum(per_unit[o.pk])) for o in orgs])],
              notes=["没有已答复申请的单位显示为“—”。"]),
    ]
