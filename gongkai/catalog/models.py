"""基层政务公开标准目录: 领域 (the 26 national pilot domains and any a department adds), the entries of an
organisation's catalogue with the columns of the 标准目录, and the published items linked to each entry."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from gongkai.catalog.rules import DEFAULT_LIMIT_WORKDAYS
from gongkai.core.models import Organisation


class Action(models.TextChoices):
    DOMAIN_ADD = "catalog.domain_add", "新增目录领域"
    ENTRY_SAVE = "catalog.entry_save", "保存目录事项"
    IMPORT = "catalog.import", "导入标准目录表格"
    LINK = "catalog.link", "关联公开信息"


class Domain(models.Model):
    name = models.CharField("领域", max_length=40, unique=True)
    pilot = models.BooleanField("国家试点领域", default=False, help_text="国办发〔2017〕42号确定的 26 个试点领域之一")
    order = models.PositiveSmallIntegerField("排序", default=100)
    added_by = models.ForeignKey(Organisation, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                                 verbose_name="新增单位")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "目录领域"
        verbose_name_plural = "目录领域"
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return self.name


class Audience(models.TextChoices):
    ALL = "all", "全社会"
    SPECIFIC = "specific", "特定群众"


class Mode(models.TextChoices):
    ACTIVE = "active", "主动"
    ON_REQUEST = "on_request", "依申请"


class Tier(models.TextChoices):
    COUNTY = "county", "县级"
    TOWNSHIP = "township", "乡级"
    BOTH = "both", "县级、乡级"


class Entry(models.Model):
    """One 公开事项 of an organisation's 标准目录, with the columns the BRIEF lists."""

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="catalog_entries",
                                     verbose_name="目录所属机构")
    domain = models.ForeignKey(Domain, on_delete=models.PROTECT, related_name="entries", verbose_name="领域")
    item_l1 = models.CharField("公开事项（一级）", max_length=100)
    item_l2 = models.CharField("公开事项（二级）", max_length=100)
    content = models.TextField("公开内容（要素）")
    basis = models.TextField("公开依据", blank=True)
    time_limit = models.CharField("公开时限", max_length=120, default="信息形成或者变更之日起20个工作日内")
    time_limit_workdays = models.PositiveSmallIntegerField("公开时限（工作日）", default=DEFAULT_LIMIT_WORKDAYS)
    subject = models.CharField("公开主体", max_length=120)
    channels = models.CharField("公开渠道和载体", max_length=300, blank=True)
    audience = models.CharField("公开对象", max_length=20, choices=Audience.choices, default=Audience.ALL)
    mode = models.CharField("公开方式", max_length=20, choices=Mode.choices, default=Mode.ACTIVE)
    tier = models.CharField("公开层级", max_length=20, choices=Tier.choices, default=Tier.BOTH)
    keywords = models.CharField("匹配关键词", max_length=200, blank=True,
                                help_text="用“、”分隔；标题含其中任一词的公开信息会被建议关联到本事项")
    order = models.PositiveIntegerField("序号", default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "标准目录事项"
        verbose_name_plural = "标准目录事项"
        ordering = ["organisation", "domain__order", "order", "pk"]
        constraints = [models.UniqueConstraint(fields=["organisation", "domain", "item_l1", "item_l2"],
                                               name="uniq_catalog_entry")]

    def __str__(self) -> str:
        return f"{self.domain} · {self.item_l1} · {self.item_l2}"


class EntryDocument(models.Model):
    """A published item (主动公开) filed under a catalogue entry."""

    entry = models.ForeignKey(Entry, on_delete=models.PROTECT, related_name="links")
    document = models.ForeignKey("publishing.Document", on_delete=models.PROTECT, related_name="+")
    automatic = models.BooleanField("按关键词自动关联", default=False)
    linked_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                  related_name="+")
    linked_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["entry", "document"], name="uniq_entry_document")]

    def __str__(self) -> str:
        return f"{self.entry_id} ← {self.document_id}"
