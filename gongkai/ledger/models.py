"""工作台账: a parsed 工作要点 (Workplan → PlanItem → PlanTask), the links from a province's items to the
national items they implement, and per organisation a Ledger of tracked tasks with assignments, progress
notes carrying evidence, state-change events and reminders.

Nothing here is deleted: a task's history is its events (who, when, from → to, why), a note once added
stays (国办发〔2021〕12号 五（三）: 逐项核查落实情况 needs the record).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from gongkai.core.jsonenc import UnicodeJSONEncoder
from gongkai.core.models import Organisation
from gongkai.ledger.rules import STATUS_LABELS, StatusCode


class Action(models.TextChoices):
    """Audit actions of the 工作台账 (registered in LedgerConfig.ready)."""

    PLAN_IMPORT = "ledger.plan_import", "导入工作要点"
    LINK_SUGGEST = "ledger.link_suggest", "匹配上级要点条目"
    LINK_DECIDE = "ledger.link_decide", "确认或更正上级要点条目"
    LEDGER_CREATE = "ledger.create", "建立工作台账"
    TASK_ASSIGN = "ledger.task_assign", "分解任务（牵头/配合/时限）"
    TASK_STATUS = "ledger.task_status", "更新任务状态"
    TASK_PROGRESS = "ledger.task_progress", "填报任务进展"
    LEDGER_IMPORT = "ledger.import", "导入台账表格"
    CARRY_OVER = "ledger.carry_over", "回头看：转入上年未完成任务"
    REMIND = "ledger.remind", "发送到期提醒"


class Level(models.TextChoices):
    NATIONAL = "national", "国家"
    PROVINCE = "province", "省"
    CITY = "city", "市"
    COUNTY = "county", "县"


class Workplan(models.Model):
    """One 工作要点 as parsed: the tree is PlanItem/PlanTask rows; `parsed` keeps the parser's output."""

    title = models.CharField("标题", max_length=300)
    doc_no = models.CharField("文号", max_length=80, blank=True)
    doc_no_normalised = models.CharField(max_length=80, blank=True, db_index=True, editable=False)
    year = models.PositiveSmallIntegerField("年度", db_index=True)
    level = models.CharField("层级", max_length=20, choices=Level.choices, default=Level.NATIONAL)
    issuer = models.CharField("发文机关", max_length=120, blank=True)
    document = models.ForeignKey("publishing.Document", null=True, blank=True, on_delete=models.PROTECT,
                                 related_name="+", verbose_name="文件库中的原文")
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="children",
                               verbose_name="所落实的上级要点")
    content_hash = models.CharField(max_length=64, unique=True, editable=False)
    parsed = models.JSONField("解析结果", encoder=UnicodeJSONEncoder)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "工作要点"
        verbose_name_plural = "工作要点"
        ordering = ["-year", "level", "pk"]

    def __str__(self) -> str:
        return self.title


class PlanItem(models.Model):
    """An item of a 要点 ("三.（二）完善政务公开平台"), with its section."""

    workplan = models.ForeignKey(Workplan, on_delete=models.PROTECT, related_name="items")
    section_path = models.CharField("部分", max_length=20)
    section_title = models.CharField("部分标题", max_length=200)
    path = models.CharField("编号", max_length=40)
    title = models.CharField("标题", max_length=200)
    text = models.TextField("全文")
    order = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["workplan", "order"]
        constraints = [models.UniqueConstraint(fields=["workplan", "path"], name="uniq_plan_item_path")]

    def __str__(self) -> str:
        return f"{self.path} {self.title}"


class PlanTask(models.Model):
    item = models.ForeignKey(PlanItem, on_delete=models.PROTECT, related_name="tasks")
    path = models.CharField("编号", max_length=60)
    text = models.TextField("任务")
    due = models.DateField("完成时限", null=True, blank=True)
    deadline_text = models.CharField("时限原文", max_length=60, blank=True)
    continuous = models.BooleanField("长期坚持", default=False)
    needs_review = models.BooleanField("时限待人工确认", default=False)
    owners = models.JSONField("责任主体", default=list, blank=True, encoder=UnicodeJSONEncoder)
    order = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["item__workplan", "order"]

    def __str__(self) -> str:
        return f"{self.path} {self.text[:30]}"


class ItemLink(models.Model):
    """A provincial item and the national item it implements: suggested by text match, then confirmed
    or corrected by staff (side by side)."""

    class State(models.TextChoices):
        SUGGESTED = "suggested", "待确认"
        CONFIRMED = "confirmed", "已确认"
        CORRECTED = "corrected", "已更正"
        NONE = "none", "无对应条目"

    item = models.OneToOneField(PlanItem, on_delete=models.PROTECT, related_name="origin_link")
    origin = models.ForeignKey(PlanItem, null=True, blank=True, on_delete=models.PROTECT, related_name="implemented_by",
                               verbose_name="上级要点条目")
    suggested = models.ForeignKey(PlanItem, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                                  verbose_name="系统建议")
    score = models.FloatField("相似度", default=0)
    state = models.CharField("状态", max_length=20, choices=State.choices, default=State.SUGGESTED)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "上级要点对应关系"
        verbose_name_plural = "上级要点对应关系"

    def __str__(self) -> str:
        return f"{self.item} → {self.origin or '—'}"


class Ledger(models.Model):
    """An organisation's 工作台账 for one 要点 (梳理形成工作台账, 国办发〔2021〕12号 五（三）)."""

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="ledgers",
                                     verbose_name="机构")
    workplan = models.ForeignKey(Workplan, on_delete=models.PROTECT, related_name="ledgers", verbose_name="工作要点")
    year = models.PositiveSmallIntegerField("年度", db_index=True)
    title = models.CharField("名称", max_length=300)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "工作台账"
        verbose_name_plural = "工作台账"
        ordering = ["-year", "pk"]
        constraints = [models.UniqueConstraint(fields=["organisation", "workplan"], name="uniq_ledger_per_plan")]

    def __str__(self) -> str:
        return self.title


class Status(models.TextChoices):
    """Stored states; 未按期完成 is derived when read (rules.effective_status)."""

    NOT_STARTED = StatusCode.NOT_STARTED, STATUS_LABELS[StatusCode.NOT_STARTED]
    IN_PROGRESS = StatusCode.IN_PROGRESS, STATUS_LABELS[StatusCode.IN_PROGRESS]
    DONE = StatusCode.DONE, STATUS_LABELS[StatusCode.DONE]
    ONGOING = StatusCode.ONGOING, STATUS_LABELS[StatusCode.ONGOING]


class LedgerTask(models.Model):
    ledger = models.ForeignKey(Ledger, on_delete=models.PROTECT, related_name="tasks")
    plan_task = models.ForeignKey(PlanTask, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    carried_from = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="carried_to",
                                     verbose_name="回头看：上年任务")
    number = models.PositiveIntegerField("序号")
    path = models.CharField("编号", max_length=60)
    item_title = models.CharField("所属条目", max_length=200, blank=True)
    text = models.TextField("任务")
    due = models.DateField("完成时限", null=True, blank=True)
    deadline_text = models.CharField("时限原文", max_length=60, blank=True)
    needs_review = models.BooleanField("时限待人工确认", default=False)
    owners = models.JSONField("要点所列责任主体", default=list, blank=True, encoder=UnicodeJSONEncoder)
    lead_unit = models.ForeignKey(Organisation, null=True, blank=True, on_delete=models.PROTECT, related_name="led_tasks",
                                  verbose_name="牵头单位")
    co_units = models.ManyToManyField(Organisation, blank=True, related_name="co_tasks", verbose_name="配合单位")
    status = models.CharField("完成状态", max_length=20, choices=Status.choices, default=Status.NOT_STARTED)
    completed_on = models.DateField("完成日期", null=True, blank=True)
    progress = models.TextField("进展情况", blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "台账任务"
        verbose_name_plural = "台账任务"
        ordering = ["ledger", "number"]
        constraints = [models.UniqueConstraint(fields=["ledger", "number"], name="uniq_ledger_task_number")]
        indexes = [models.Index(fields=["lead_unit", "status"])]

    def __str__(self) -> str:
        return f"{self.number}. {self.text[:40]}"


class TaskEvent(models.Model):
    """Every change of a task: assignment, status, progress, import, carry-over, reminder."""

    class Kind(models.TextChoices):
        CREATED = "created", "建立"
        ASSIGNED = "assigned", "分解任务"
        STATUS = "status", "状态变更"
        PROGRESS = "progress", "填报进展"
        IMPORTED = "imported", "表格导入"
        CARRIED = "carried", "回头看转入"

    task = models.ForeignKey(LedgerTask, on_delete=models.PROTECT, related_name="events")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                              related_name="+")
    actor_name = models.CharField(max_length=150, blank=True)
    from_status = models.CharField(max_length=20, blank=True)
    to_status = models.CharField(max_length=20, blank=True)
    reason = models.TextField(blank=True)
    data = models.JSONField(null=True, blank=True, encoder=UnicodeJSONEncoder)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.task_id} {self.kind}"


class ProgressNote(models.Model):
    """进展情况 with its evidence: a published item, a URL, or an uploaded file (type-checked)."""

    class Evidence(models.TextChoices):
        NONE = "none", "无"
        DOCUMENT = "document", "已公开信息"
        URL = "url", "网址"
        UPLOAD = "upload", "上传文件"

    task = models.ForeignKey(LedgerTask, on_delete=models.PROTECT, related_name="notes")
    text = models.TextField("进展情况")
    evidence = models.CharField("佐证", max_length=20, choices=Evidence.choices, default=Evidence.NONE)
    document = models.ForeignKey("publishing.Document", null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                                 verbose_name="已公开信息")
    url = models.URLField("网址", max_length=500, blank=True)
    file = models.FileField(upload_to="ledger/evidence/%Y/%m/", blank=True)
    file_name = models.CharField(max_length=200, blank=True)
    content_type = models.CharField(max_length=100, blank=True)
    size = models.PositiveIntegerField(default=0)
    sha256 = models.CharField(max_length=64, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return self.text[:40]


class Reminder(models.Model):
    """A reminder sent for a task before (or at) its due date. The unique constraint is the claim: a
    second run of the job cannot send the same reminder again (healthchecks' sendalerts claims rows)."""

    class Kind(models.TextChoices):
        DUE_SOON = "due_soon", "即将到期"
        OVERDUE = "overdue", "已逾期"

    task = models.ForeignKey(LedgerTask, on_delete=models.PROTECT, related_name="reminders")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    due = models.DateField("所提醒的完成时限")
    recipients = models.JSONField(default=list, blank=True, encoder=UnicodeJSONEncoder)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["task", "kind", "due"], name="uniq_ledger_reminder")]

    def __str__(self) -> str:
        return f"{self.task_id} {self.kind} {self.due}"
