"""政务新媒体: the registry of official accounts, their 备案 lifecycle, imported posts and public
messages, the maintained word lists, and the warnings the checks raise.

国办发〔2018〕123号 (关于推进政务新媒体健康有序发展的意见): every account is 备案 with its supervising
office when it is opened, changed, merged (整合), shut down (关停) or cancelled (注销); "一个单位原则上在
同一平台只开设一个政务新媒体账号"; content is reviewed before release (先审后发). Jiangsu 2021 adds the
拟稿人、审核人、发布人 annotation on every post, and source and 审核人 on reposts.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from gongkai.core.models import Organisation


class Platform(models.TextChoices):
    WECHAT = "wechat", "微信公众号"
    WEIBO = "weibo", "微博"
    DOUYIN = "douyin", "抖音"
    TOUTIAO = "toutiao", "今日头条"
    KUAISHOU = "kuaishou", "快手"
    CHANNELS = "channels", "视频号"
    OTHER = "other", "其他"


class AccountStatus(models.TextChoices):
    PENDING = "pending", "开设待备案"
    ACTIVE = "active", "运行中"
    MERGED = "merged", "已整合"
    SHUT = "shut", "已关停"
    CANCELLED = "cancelled", "已注销"


class Action(models.TextChoices):
    """Audit actions of this app (registered in apps.py)."""

    FILING_REQUEST = "newmedia.filing_request", "提交政务新媒体备案"
    FILING_APPROVE = "newmedia.filing_approve", "通过政务新媒体备案"
    FILING_REJECT = "newmedia.filing_reject", "退回政务新媒体备案"
    POSTS_IMPORT = "newmedia.posts_import", "导入政务新媒体发布内容"
    CHECK_RUN = "newmedia.check_run", "检查政务新媒体"
    WARNING_RESOLVE = "newmedia.warning_resolve", "处理政务新媒体预警"
    WORD_RULE_SAVE = "newmedia.word_rule_save", "维护新媒体用语词表"
    LEADER_SAVE = "newmedia.leader_save", "维护领导姓名职务表"


class Account(models.Model):
    """One official account on one platform, run by one unit (开办主体) for a 主办单位."""

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="newmedia_accounts",
                                     verbose_name="运营单位")
    platform = models.CharField("平台", max_length=20, choices=Platform.choices)
    name = models.CharField("账号名称", max_length=100)
    account_id = models.CharField("账号 ID", max_length=100,
                                  help_text="平台上的唯一标识，如微信原始 ID、微博 UID。")
    sponsor = models.CharField("主办单位", max_length=100)
    url = models.URLField("主页地址", blank=True)
    purpose = models.CharField("开设用途", max_length=300)
    feed_url = models.URLField("RSS/Atom 订阅地址", blank=True)
    status = models.CharField("状态", max_length=20, choices=AccountStatus.choices, default=AccountStatus.PENDING,
                              db_index=True)
    merged_into = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="merged_from",
                                    verbose_name="整合至")
    opened_on = models.DateField("开设日期", null=True, blank=True)
    closed_on = models.DateField("关停/注销日期", null=True, blank=True)
    last_checked_at = models.DateTimeField("最近检查", null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "政务新媒体账号"
        verbose_name_plural = "政务新媒体账号"
        ordering = ["organisation__path", "platform", "name"]
        constraints = [
            models.UniqueConstraint(fields=["platform", "account_id"], name="newmedia_account_once_per_platform",
                                    violation_error_message="该平台上的这个账号已经登记过，同一账号不能登记两次。"),
        ]

    def __str__(self) -> str:
        return f"{self.get_platform_display()}“{self.name}”"

    @property
    def is_live(self) -> bool:
        return self.status == AccountStatus.ACTIVE


class Filing(models.Model):
    """A 备案 request for one lifecycle step, approved or sent back by the supervising office."""

    class Kind(models.TextChoices):
        OPEN = "open", "开设"
        CHANGE = "change", "变更"
        MERGE = "merge", "整合"
        SHUT = "shut", "关停"
        CANCEL = "cancel", "注销"

    class Status(models.TextChoices):
        PENDING = "pending", "待审核"
        APPROVED = "approved", "已备案"
        REJECTED = "rejected", "已退回"

    account = models.ForeignKey(Account, on_delete=models.PROTECT, related_name="filings", verbose_name="账号")
    kind = models.CharField("备案事项", max_length=10, choices=Kind.choices)
    status = models.CharField("状态", max_length=10, choices=Status.choices, default=Status.PENDING, db_index=True)
    reason = models.TextField("理由")
    effective_on = models.DateField("生效日期")
    changes = models.JSONField("变更内容", default=dict, blank=True)
    merge_into = models.ForeignKey(Account, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                                   verbose_name="整合至账号")
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+",
                                     verbose_name="申报人")
    requested_by_name = models.CharField("申报人", max_length=150, blank=True)
    requested_at = models.DateTimeField("申报时间", auto_now_add=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+", verbose_name="审核人")
    decided_by_name = models.CharField("审核人", max_length=150, blank=True)
    decided_at = models.DateTimeField("审核时间", null=True, blank=True)
    decision_note = models.TextField("审核意见", blank=True)

    class Meta:
        verbose_name = "政务新媒体备案"
        verbose_name_plural = "政务新媒体备案"
        ordering = ["-requested_at", "-pk"]
        constraints = [
            # One open request per account at a time: a second one waits until the first is decided.
            models.UniqueConstraint(fields=["account"], condition=Q(status="pending"),
                                    name="newmedia_one_pending_filing"),
        ]

    def __str__(self) -> str:
        return f"{self.account} {self.get_kind_display()}备案"


class Post(models.Model):
    """One published item, imported from the platform's export or feed."""

    account = models.ForeignKey(Account, on_delete=models.PROTECT, related_name="posts", verbose_name="账号")
    external_id = models.CharField("平台编号", max_length=200)
    published_at = models.DateTimeField("发布时间", db_index=True)
    title = models.CharField("标题", max_length=300)
    url = models.URLField("链接", max_length=500, blank=True)
    text = models.TextField("正文", blank=True)
    drafter = models.CharField("拟稿人", max_length=60, blank=True)
    reviewer = models.CharField("审核人", max_length=60, blank=True)
    publisher = models.CharField("发布人", max_length=60, blank=True)
    is_repost = models.BooleanField("转载", default=False)
    repost_source = models.CharField("转载来源", max_length=200, blank=True)
    imported_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "新媒体发布内容"
        verbose_name_plural = "新媒体发布内容"
        ordering = ["-published_at", "-pk"]
        constraints = [models.UniqueConstraint(fields=["account", "external_id"], name="newmedia_post_once")]

    def __str__(self) -> str:
        return self.title


class Message(models.Model):
    """A public message (留言/私信/评论 asking something) and whether the account answered it."""

    account = models.ForeignKey(Account, on_delete=models.PROTECT, related_name="messages", verbose_name="账号")
    external_id = models.CharField("平台编号", max_length=200)
    received_at = models.DateTimeField("留言时间")
    text = models.TextField("留言内容")
    answered_at = models.DateTimeField("答复时间", null=True, blank=True)
    answer = models.TextField("答复内容", blank=True)

    class Meta:
        verbose_name = "新媒体留言"
        verbose_name_plural = "新媒体留言"
        ordering = ["-received_at", "-pk"]
        constraints = [models.UniqueConstraint(fields=["account", "external_id"], name="newmedia_message_once")]

    def __str__(self) -> str:
        return self.text[:30]


class WordRule(models.Model):
    """A maintained phrase: 娱乐化 wording, or a severe wording error with its correct form."""

    class Kind(models.TextChoices):
        ENTERTAINMENT = "entertainment", "娱乐化用语"
        SEVERE = "severe", "严重表述错误"

    kind = models.CharField("类别", max_length=20, choices=Kind.choices)
    phrase = models.CharField("词语", max_length=60)
    suggestion = models.CharField("规范表述", max_length=100, blank=True)
    note = models.CharField("说明", max_length=200, blank=True)
    is_active = models.BooleanField("在用", default=True)

    class Meta:
        verbose_name = "新媒体用语词表"
        verbose_name_plural = "新媒体用语词表"
        ordering = ["kind", "phrase"]
        constraints = [models.UniqueConstraint(fields=["kind", "phrase"], name="newmedia_word_once")]

    def __str__(self) -> str:
        return self.phrase


class Leader(models.Model):
    """A leader's name and title as they must be written (a 严重表述错误 is getting either wrong)."""

    name = models.CharField("姓名", max_length=20)
    title = models.CharField("职务", max_length=60)
    organisation = models.ForeignKey(Organisation, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                                     verbose_name="单位")
    is_active = models.BooleanField("在任", default=True)

    class Meta:
        verbose_name = "领导姓名职务"
        verbose_name_plural = "领导姓名职务"
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["name", "title"], name="newmedia_leader_once")]

    def __str__(self) -> str:
        return f"{self.name}（{self.title}）"


class Warning(models.Model):
    """A problem a check found. One open warning per account, kind and subject (`key`): a second run
    of the checks finds it and leaves it; when the problem is gone the warning is resolved, not deleted."""

    class Kind(models.TextChoices):
        ANNOTATION = "annotation", "未标注拟稿人、审核人、发布人"
        REPOST = "repost", "转载未注明来源或审核人"
        STALE = "stale", "长期未更新"
        UNANSWERED = "unanswered", "留言未回复"
        ENTERTAINMENT = "entertainment", "娱乐化表述"
        SEVERE = "severe", "严重表述错误"
        DUPLICATE = "duplicate", "同一平台重复开设"

    class Severity(models.TextChoices):
        WARN = "warn", "预警"
        SERIOUS = "serious", "严重"

    account = models.ForeignKey(Account, on_delete=models.PROTECT, related_name="warnings", verbose_name="账号")
    kind = models.CharField("类别", max_length=20, choices=Kind.choices)
    severity = models.CharField("程度", max_length=10, choices=Severity.choices)
    key = models.CharField(max_length=100, blank=True, help_text="同一类问题的对象，如发布内容或留言的编号")
    post = models.ForeignKey(Post, null=True, blank=True, on_delete=models.PROTECT, related_name="warnings")
    message = models.ForeignKey(Message, null=True, blank=True, on_delete=models.PROTECT, related_name="warnings")
    detail = models.CharField("说明", max_length=500)
    detected_on = models.DateField("发现日期")
    resolved_on = models.DateField("消除日期", null=True, blank=True)
    resolution = models.CharField("处理说明", max_length=300, blank=True)

    class Meta:
        verbose_name = "政务新媒体预警"
        verbose_name_plural = "政务新媒体预警"
        ordering = ["resolved_on", "-severity", "-detected_on", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["account", "kind", "key"], condition=Q(resolved_on__isnull=True),
                                    name="newmedia_one_open_warning"),
        ]

    def __str__(self) -> str:
        return f"{self.account} {self.get_kind_display()}"
