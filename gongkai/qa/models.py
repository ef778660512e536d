"""政策问答 and 回应关切: asked questions (and the unanswered queue), curated knowledge-base answers
(incl. 12345 hotline imports), subscriptions to policies, and the 舆情回应台账."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from gongkai.core.models import Organisation
from gongkai.qa.actions import Action  # noqa: F401 - re-exported for code that imports it from here


class KnowledgeEntry(models.Model):
    """A curated answer (officer-written, or imported from a 12345 hotline export)."""

    class Source(models.TextChoices):
        OFFICER = "officer", "工作人员答复"
        HOTLINE = "hotline", "12345 热线知识库"

    question = models.CharField("问题", max_length=500)
    question_key = models.CharField(max_length=500, db_index=True, editable=False)
    answer = models.TextField("答复")
    basis = models.ManyToManyField("publishing.Document", blank=True, related_name="knowledge_entries",
                                   verbose_name="依据文件")
    organisation = models.ForeignKey(Organisation, null=True, blank=True, on_delete=models.PROTECT,
                                     verbose_name="答复单位")
    valid_until = models.DateField("有效期至", null=True, blank=True)
    source = models.CharField("来源", max_length=20, choices=Source.choices, default=Source.OFFICER)
    external_id = models.CharField("工单号", max_length=60, blank=True, db_index=True)
    topic = models.CharField("主题", max_length=60, blank=True)
    answered_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+", verbose_name="答复人")
    answered_by_name = models.CharField("答复人", max_length=150, blank=True)
    is_active = models.BooleanField("在用", default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "问答知识库条目"
        verbose_name_plural = "问答知识库"
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.question


class Question(models.Model):
    """Every question asked; unanswered ones wait in the queue for an officer."""

    class Status(models.TextChoices):
        AUTO = "auto", "自动答复"
        KB = "kb", "知识库答复"
        QUEUED = "queued", "待人工答复"
        ANSWERED = "answered", "已人工答复"
        DISMISSED = "dismissed", "不予答复"

    text = models.CharField("问题", max_length=500)
    question_key = models.CharField(max_length=500, db_index=True, editable=False)
    status = models.CharField("状态", max_length=20, choices=Status.choices, db_index=True)
    answer = models.TextField("答复", blank=True)
    citations = models.JSONField("引用", default=list, blank=True)
    score = models.FloatField("得分", default=0)
    topic = models.CharField("主题", max_length=60, blank=True, db_index=True)
    knowledge_entry = models.ForeignKey(KnowledgeEntry, null=True, blank=True, on_delete=models.PROTECT,
                                        related_name="questions")
    contact_email = models.EmailField("联系邮箱", blank=True)
    outcome = models.CharField("自动答复结果", max_length=20, blank=True,
                               help_text="answered / related / not_found（库中答复的三种结果）")
    # Who asked, as a one-way hash of the browser session (or API client): the same question from the
    # same asker is recorded once, so reloading or scripting a page cannot inflate the statistics.
    asker_key = models.CharField(max_length=64, blank=True, editable=False)
    answered_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+")
    answered_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = "提问"
        verbose_name_plural = "提问"
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["asker_key", "question_key"], condition=~models.Q(asker_key=""),
                                    name="qa_question_once_per_asker"),
        ]

    def __str__(self) -> str:
        return self.text[:60]


class Subscription(models.Model):
    """政策订阅 (for everyone; 涉企政策精准推送 is one use): notify when a matching item is published."""

    email = models.EmailField("电子邮箱")
    topics = models.JSONField("主题分类", default=list, blank=True)
    publishers = models.JSONField("发文机关", default=list, blank=True)
    keywords = models.CharField("关键词", max_length=200, blank=True)
    trade = models.CharField("行业", max_length=60, blank=True)
    # Double opt-in: inactive until the address owner follows the signed link in the confirmation mail.
    is_active = models.BooleanField(default=False)
    confirmed_at = models.DateTimeField("确认时间", null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    unsubscribed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "政策订阅"
        verbose_name_plural = "政策订阅"

    def __str__(self) -> str:
        return self.email


class SubscriptionDelivery(models.Model):
    """One item announced to one subscription: claimed (inserted) before the mail, so two workers running
    the same notification send it once (unique constraint, decision 0455); `sent_at` once the mail left."""

    subscription = models.ForeignKey(Subscription, on_delete=models.CASCADE, related_name="deliveries")
    document = models.ForeignKey("publishing.Document", on_delete=models.CASCADE, related_name="+")
    claim = models.CharField(max_length=32, db_index=True, editable=False)
    claimed_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["subscription", "document"], name="uniq_subscription_delivery")]

    def __str__(self) -> str:
        return f"{self.subscription_id} → {self.document_id}"


class Concern(models.Model):
    """舆情回应台账: a public concern, its response and the commitments made."""

    source = models.CharField("来源", max_length=100)
    occurred_on = models.DateField("发生日期")
    summary = models.TextField("舆情概要")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, verbose_name="责任单位")
    responded_on = models.DateField("回应日期", null=True, blank=True)
    response_channel = models.CharField("回应渠道", max_length=100, blank=True)
    response_text = models.TextField("回应内容", blank=True)
    response_url = models.URLField("回应链接", blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "舆情回应"
        verbose_name_plural = "舆情回应台账"
        ordering = ["-occurred_on"]

    def __str__(self) -> str:
        return self.summary[:40]


class Commitment(models.Model):
    concern = models.ForeignKey(Concern, on_delete=models.PROTECT, related_name="commitments")
    text = models.CharField("承诺事项", max_length=300)
    due_on = models.DateField("承诺完成日期")
    done_on = models.DateField("完成日期", null=True, blank=True)

    def __str__(self) -> str:
        return self.text
