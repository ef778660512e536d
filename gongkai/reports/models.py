"""政府信息公开工作年度报告 (条例第四十九、五十条; 国办公开办函〔2021〕30号).

A draft's figures are computed from the records each time it is shown (one grouped query per table),
with the numbers staff typed (table 二's 行政许可/处罚/强制/收费) and any cell they overrode by hand.
Publishing freezes the figures in `figures` (and the figures from the records beside them in
`record_figures`), so later edits to records never change a published report. A government's
report stores a snapshot of its departments' published figures when it aggregates them
(`aggregated`), so a department report that changes afterwards makes it stale.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from gongkai.core.jsonenc import UnicodeJSONEncoder
from gongkai.core.models import Organisation


class Action(models.TextChoices):
    """Audit actions of this app (registered in ReportsConfig.ready)."""

    CREATE = "reports.create", "新建年度报告"
    EDIT = "reports.edit", "编辑年度报告"
    OVERRIDE = "reports.override", "手工修改年度报告数字"
    EXPLAIN = "reports.explain", "说明上年结转差异"
    AGGREGATE = "reports.aggregate", "汇总部门年度报告"
    PUBLISH = "reports.publish", "发布年度报告"
    REOPEN = "reports.reopen", "撤回年度报告以更正"
    REMIND = "reports.remind", "提醒报送年度报告"


class AnnualReport(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "草稿"
        PUBLISHED = "published", "已发布"

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="annual_reports",
                                     verbose_name="报告机关")
    year = models.PositiveSmallIntegerField("报告年度")
    status = models.CharField("状态", max_length=20, choices=Status.choices, default=Status.DRAFT, db_index=True)
    version = models.PositiveIntegerField("版本", default=1, help_text="每次撤回更正后重新发布加一")
    manual = models.JSONField("人工填报数字", default=dict, blank=True, encoder=UnicodeJSONEncoder,
                              help_text="表二：行政许可、行政处罚、行政强制决定数量，行政事业性收费（万元）")
    overrides = models.JSONField("手工修改的单元格", default=dict, blank=True, encoder=UnicodeJSONEncoder)
    section1 = models.TextField("一、总体情况", blank=True)
    section5 = models.TextField("五、存在的主要问题及改进情况", blank=True)
    section6 = models.TextField("六、其他需要报告的事项", blank=True)
    carry_explanation = models.TextField("上年结转差异说明", blank=True)
    aggregated = models.JSONField("部门报告汇总快照", null=True, blank=True, encoder=UnicodeJSONEncoder)
    aggregated_at = models.DateTimeField("汇总时间", null=True, blank=True)
    figures = models.JSONField("发布时冻结的数字", null=True, blank=True, encoder=UnicodeJSONEncoder)
    record_figures = models.JSONField("发布时依记录生成的数字", null=True, blank=True, encoder=UnicodeJSONEncoder)
    published_at = models.DateTimeField("发布时间", null=True, blank=True)
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                     related_name="+", verbose_name="发布人")
    published_by_name = models.CharField("发布人姓名", max_length=150, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "政府信息公开工作年度报告"
        verbose_name_plural = "政府信息公开工作年度报告"
        ordering = ["-year", "organisation__path"]
        constraints = [models.UniqueConstraint(fields=["organisation", "year"], name="uniq_report_org_year")]
        indexes = [models.Index(fields=["year", "status"])]

    def __str__(self) -> str:
        return f"{self.organisation.name}{self.year}年政府信息公开工作年度报告"

    @property
    def title(self) -> str:
        return str(self)

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED

    @property
    def is_government(self) -> bool:
        return self.organisation.kind == Organisation.Kind.GOVERNMENT


class ReportEvent(models.Model):
    """Every change of a report (who, when, why, from → to); append-only."""

    report = models.ForeignKey(AnnualReport, on_delete=models.PROTECT, related_name="events")
    kind = models.CharField(max_length=40)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                              related_name="+")
    actor_name = models.CharField(max_length=150, blank=True)
    from_status = models.CharField(max_length=20, blank=True)
    to_status = models.CharField(max_length=20, blank=True)
    reason = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.report} {self.kind}"

    @property
    def label(self) -> str:
        return str(dict(Action.choices).get(f"reports.{self.kind}", self.kind))

    @property
    def transition(self) -> str:
        if self.from_status == self.to_status:
            return ""
        names = dict(AnnualReport.Status.choices)
        return f"{names.get(self.from_status, self.from_status)} → {names.get(self.to_status, self.to_status)}"


class Reminder(models.Model):
    """A reminder sent for an unpublished report, at most once per organisation, year and month."""

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField()
    month = models.PositiveSmallIntegerField()
    sent_on = models.DateField()
    recipients = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["organisation", "year", "month"], name="uniq_report_reminder")]

    def __str__(self) -> str:
        return f"{self.organisation} {self.year} {self.month}月"
