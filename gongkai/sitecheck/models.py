"""政府网站检查: registered sites and their columns, availability probes, full check runs and weekly reports
against 国办秘函〔2019〕19号《政府网站与政务新媒体检查指标》."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q

from gongkai.core.jsonenc import UnicodeJSONEncoder
from gongkai.core.models import Organisation
from gongkai.sitecheck.rules import COLUMN_KINDS, site_code_error


def validate_site_code(value: str) -> None:
    error = site_code_error(value)
    if error:
        raise ValidationError(error, code="site_code")


class Action(models.TextChoices):
    SITE_REGISTER = "sitecheck.site_register", "登记政府网站"
    COLUMN_ADD = "sitecheck.column_add", "添加检查栏目"
    COLUMN_DISABLE = "sitecheck.column_disable", "停用检查栏目"
    SITE_CHECK = "sitecheck.site_check", "检查政府网站"
    WEEKLY_REPORT = "sitecheck.weekly_report", "生成网站周报"


class Site(models.Model):
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="websites",
                                     verbose_name="主办单位")
    name = models.CharField("网站名称", max_length=100)
    url = models.URLField("首页地址")
    site_code = models.CharField("网站标识码", max_length=10, validators=[validate_site_code])
    zhuanlan_url = models.URLField("政府信息公开专栏地址", blank=True)
    is_active = models.BooleanField("在用", default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "政府网站"
        verbose_name_plural = "政府网站"
        ordering = ["organisation__path", "name"]
        constraints = [
            # 国办发〔2017〕47号: one site per unit at most.
            models.UniqueConstraint(fields=["organisation"], condition=Q(is_active=True),
                                    name="sitecheck_one_site_per_unit"),
            models.UniqueConstraint(fields=["site_code"], condition=Q(is_active=True), name="sitecheck_code_once"),
        ]

    def __str__(self) -> str:
        return self.name


class SiteColumn(models.Model):
    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="columns", verbose_name="网站")
    name = models.CharField("栏目名称", max_length=60)
    url = models.URLField("栏目地址")
    kind = models.CharField("栏目类型", max_length=20, choices=list(COLUMN_KINDS.items()), default="other")
    is_active = models.BooleanField("在用", default=True)

    class Meta:
        verbose_name = "检查栏目"
        verbose_name_plural = "检查栏目"
        ordering = ["site", "kind", "name"]

    def __str__(self) -> str:
        return f"{self.site} · {self.name}"


class Probe(models.Model):
    """One availability probe of the home page (≥ 20 a day; a page not open after 15 s is a failure)."""

    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="probes")
    at = models.DateTimeField("时间", db_index=True)
    ok = models.BooleanField("可访问")
    status = models.PositiveSmallIntegerField("HTTP 状态", null=True, blank=True)
    elapsed_ms = models.PositiveIntegerField("响应时间（毫秒）", null=True, blank=True)
    error = models.CharField("错误", max_length=200, blank=True)

    class Meta:
        verbose_name = "可用性监测"
        verbose_name_plural = "可用性监测"
        ordering = ["-at"]
        indexes = [models.Index(fields=["site", "at"])]

    def __str__(self) -> str:
        return f"{self.site} {self.at:%Y-%m-%d %H:%M} {'正常' if self.ok else '失败'}"


class CheckRun(models.Model):
    """A full check: the `check_site` result as stored (freshness, columns, dead links, IPv6, HTTPS, 专栏)."""

    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="checks")
    checked_at = models.DateTimeField("检查时间", db_index=True)
    reachable = models.BooleanField("可访问")
    result = models.JSONField("结果", encoder=UnicodeJSONEncoder)

    class Meta:
        verbose_name = "网站检查"
        verbose_name_plural = "网站检查"
        ordering = ["-checked_at"]

    def __str__(self) -> str:
        return f"{self.site} {self.checked_at:%Y-%m-%d}"


class WeeklyReport(models.Model):
    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="reports")
    week_start = models.DateField("周一")
    vetoes = models.JSONField("单项否决", default=list, encoder=UnicodeJSONEncoder)
    deductions = models.JSONField("扣分项", default=list, encoder=UnicodeJSONEncoder)
    not_checked = models.JSONField("需人工核查", default=list, encoder=UnicodeJSONEncoder)
    notes = models.JSONField("说明", default=list, encoder=UnicodeJSONEncoder)
    score = models.PositiveSmallIntegerField("得分", null=True, blank=True)
    result = models.CharField("结论", max_length=60)
    probes = models.PositiveIntegerField("监测次数", default=0)
    failures = models.PositiveIntegerField("失败次数", default=0)
    check_run = models.ForeignKey(CheckRun, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "网站检查周报"
        verbose_name_plural = "网站检查周报"
        ordering = ["-week_start", "site"]
        constraints = [models.UniqueConstraint(fields=["site", "week_start"], name="sitecheck_one_report_a_week")]

    def __str__(self) -> str:
        return f"{self.site} {self.week_start} 周报"
