"""Organisations, memberships (roles), the append-only audit log and the working-day calendar."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Value
from django.db.models.functions import Concat, Substr

from gongkai.core.creditcode import credit_code_error
from gongkai.core.jsonenc import UnicodeJSONEncoder


def validate_credit_code(value: str) -> None:
    error = credit_code_error(value)
    if error:
        raise ValidationError(error, code="credit_code")


class Organisation(models.Model):
    """A 人民政府, one of its 部门, or the 政府信息公开工作机构 that handles disclosure for either.

    `path` is a materialised path ("/1/7/12/") so a supervisor's whole subtree is one
    indexed prefix query on either database.
    """

    class Kind(models.TextChoices):
        GOVERNMENT = "government", "人民政府"
        DEPARTMENT = "department", "政府部门"
        OFFICE = "office", "政府信息公开工作机构"

    class Level(models.TextChoices):
        NATIONAL = "national", "国家"
        PROVINCE = "province", "省"
        CITY = "city", "市"
        COUNTY = "county", "县"
        TOWNSHIP = "township", "乡"

    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="children",
                               verbose_name="上级")
    kind = models.CharField("类型", max_length=20, choices=Kind.choices)
    level = models.CharField("层级", max_length=20, choices=Level.choices,
                             help_text="人民政府的层级；部门与工作机构沿用所属政府的层级。")
    name = models.CharField("名称", max_length=100)
    short_name = models.CharField("简称", max_length=40, blank=True)
    credit_code = models.CharField("统一社会信用代码", max_length=18, unique=True, validators=[validate_credit_code],
                                   error_messages={"unique": "该统一社会信用代码已被其他机构使用，同一代码不能登记两次。"})
    region_code = models.CharField("行政区划码", max_length=6, blank=True)
    phone = models.CharField("联系电话", max_length=40, blank=True)
    fax = models.CharField("传真", max_length=40, blank=True)
    email = models.EmailField("电子邮箱", blank=True)
    address = models.CharField("办公地址", max_length=200, blank=True)
    postal_code = models.CharField("邮政编码", max_length=6, blank=True)
    office_hours = models.CharField("办公时间", max_length=200, blank=True)
    website = models.URLField("网站", blank=True)
    path = models.CharField(max_length=255, db_index=True, editable=False, default="")
    is_active = models.BooleanField("在用", default=True)

    class Meta:
        verbose_name = "机构"
        verbose_name_plural = "机构"
        ordering = ["path"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args: Any, **kwargs: Any) -> None:
        """Save, and keep `path` right for the whole subtree: moving an organisation under a new
        parent moves its departments and offices with it, in the same transaction (a stale path
        would leave the old supervisor seeing them)."""
        self.credit_code = self.credit_code.strip().upper()
        self.clean_parent()
        with transaction.atomic():
            super().save(*args, **kwargs)
            old = type(self).objects.filter(pk=self.pk).values_list("path", flat=True).first() or ""
            expected = (self.parent.path if self.parent else "/") + f"{self.pk}/"
            if old != expected:
                type(self).objects.filter(pk=self.pk).update(path=expected)
                if old:
                    type(self).objects.filter(path__startswith=old).exclude(pk=self.pk).update(
                        path=Concat(Value(expected), Substr("path", len(old) + 1)))
            self.path = expected

    def clean(self) -> None:
        super().clean()
        self.clean_parent()

    def clean_parent(self) -> None:
        """An organisation cannot sit under itself or under one of its own subordinates."""
        if self.parent_id is None or self.pk is None:
            return
        ancestor: Organisation | None = self.parent
        while ancestor is not None:
            if ancestor.pk == self.pk:
                raise ValidationError({"parent": "不能把机构移到它自己或它的下级机构之下。"}, code="cycle")
            ancestor = ancestor.parent

    @property
    def government(self) -> Organisation:
        """The 人民政府 this organisation belongs to (itself for a government)."""
        org = self
        while org.kind != self.Kind.GOVERNMENT and org.parent is not None:
            org = org.parent
        return org


class Role(models.TextChoices):
    OFFICER = "officer", "经办人"
    REVIEWER = "reviewer", "审核人"
    PUBLISHER = "publisher", "发布人"
    ADMIN = "admin", "管理员"
    SUPERVISOR = "supervisor", "主管部门"


class Membership(models.Model):
    """A role for a user in one organisation; a supervisor's role covers the whole subtree."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships",
                             verbose_name="用户")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="memberships",
                                     verbose_name="机构")
    role = models.CharField("角色", max_length=20, choices=Role.choices)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    class Meta:
        verbose_name = "角色授权"
        verbose_name_plural = "角色授权"
        constraints = [models.UniqueConstraint(fields=["user", "organisation", "role"], name="uniq_membership")]

    def __str__(self) -> str:
        return f"{self.user} · {self.organisation} · {self.get_role_display()}"


class AppendOnlyError(Exception):
    pass


class AuditEventQuerySet(models.QuerySet["AuditEvent"]):
    def update(self, **kwargs: Any) -> int:
        raise AppendOnlyError("审计日志只能追加，不能修改（条例第四十五条：记录不可删改）。")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise AppendOnlyError("审计日志只能追加，不能删除（条例第四十五条：记录不可删改）。")


class AuditEvent(models.Model):
    """One row per change, written in the same transaction as the change (see core.services.audit)."""

    created_at = models.DateTimeField("时间", auto_now_add=True, db_index=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                              related_name="+", verbose_name="操作人")
    actor_name = models.CharField("操作人名称", max_length=150, blank=True)
    organisation = models.ForeignKey(Organisation, null=True, blank=True, on_delete=models.PROTECT,
                                     related_name="+", verbose_name="机构")
    action = models.CharField("操作", max_length=80, db_index=True)
    object_type = models.CharField("对象类型", max_length=80, blank=True, db_index=True)
    object_id = models.CharField("对象编号", max_length=64, blank=True, db_index=True)
    object_repr = models.CharField("对象", max_length=255, blank=True)
    before = models.JSONField("变更前", null=True, blank=True, encoder=UnicodeJSONEncoder)
    after = models.JSONField("变更后", null=True, blank=True, encoder=UnicodeJSONEncoder)
    reason = models.TextField("理由", blank=True)
    ip = models.GenericIPAddressField("IP", null=True, blank=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        verbose_name = "审计日志"
        verbose_name_plural = "审计日志"
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["organisation", "-created_at"])]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.actor_name} {self.action} {self.object_repr}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise AppendOnlyError("审计日志只能追加，不能修改。")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise AppendOnlyError("审计日志只能追加，不能删除。")

    @property
    def action_label(self) -> str:
        """The Chinese verb of the action (its registered label)."""
        from gongkai.core.audit_actions import action_label

        return action_label(self.action)


class WorkdayCalendar(models.Model):
    """One row per calendar day of each loaded year: is it a 工作日?

    A year counts as loaded when it has rows; rows come from `chinesecalendar` (the State
    Council's 节假日安排 notices) and admins correct or add them (e.g. next year's notice).
    """

    class Source(models.TextChoices):
        PACKAGE = "chinesecalendar", "chinesecalendar 数据包"
        NOTICE = "notice", "国务院办公厅节假日安排通知"
        ADMIN = "admin", "管理员更正"

    date = models.DateField("日期", unique=True)
    is_workday = models.BooleanField("工作日")
    name = models.CharField("说明", max_length=40, blank=True, help_text="如：国庆节、调休上班")
    source = models.CharField("来源", max_length=20, choices=Source.choices, default=Source.PACKAGE)
    updated_at = models.DateTimeField("更新时间", auto_now=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+", verbose_name="更新人")

    class Meta:
        verbose_name = "工作日历"
        verbose_name_plural = "工作日历"
        ordering = ["date"]

    def __str__(self) -> str:
        return f"{self.date} {'工作日' if self.is_workday else '休息日'}"


class JobClaim(models.Model):
    """A periodic job's "this run is mine" for one key (e.g. the calendar reminder for one day): inserted
    before the mail, admitted once by the unique constraint, so two workers at once mail once (decision 0455).
    Jobs with their own record (alerts, reminders, subscription deliveries) claim with that row instead."""

    job = models.CharField(max_length=60)
    key = models.CharField(max_length=120)
    claimed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["job", "key"], name="uniq_job_claim")]

    def __str__(self) -> str:
        return f"{self.job} {self.key}"
