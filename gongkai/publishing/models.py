"""主动公开 (条例 arts 19–26): 公开目录 items with standard metadata, the 专栏 columns, revisions,
workflow events, citations between documents and attachments."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse

from gongkai.core.jsonenc import UnicodeJSONEncoder
from gongkai.core.models import Organisation

# 主题分类: the 22 categories of the central government portal.
TOPICS = [
    "国务院组织机构", "综合政务", "国民经济管理、国有资产监管", "财政、金融、审计", "国土资源、能源", "农业、林业、水利",
    "工业、交通", "商贸、海关、旅游", "市场监管、安全生产监管", "城乡建设、环境保护", "科技、教育", "文化、广电、新闻出版",
    "卫生、体育", "人口与计划生育、妇女儿童工作", "劳动、人事、监察", "公安、安全、司法", "民政、扶贫、救灾", "民族、宗教",
    "对外事务", "港澳台侨工作", "国防", "其他",
]
# 体裁: the 15 公文种类 of 党政机关公文处理工作条例 (第八条), plus 其他.
GENRES = ["决议", "决定", "命令（令）", "公报", "公告", "通告", "意见", "通知", "通报", "报告", "请示", "批复", "议案", "函",
          "纪要", "其他"]


class Validity(models.TextChoices):
    VALID = "valid", "有效"
    AMENDED = "amended", "已修订"
    REPEALED = "repealed", "已废止"
    EXPIRED = "expired", "失效"


class Kind(models.TextChoices):
    POLICY = "policy", "政策文件"
    INTERPRETATION = "interpretation", "政策解读"
    NEWS = "news", "新闻动态（转载）"
    OTHER = "other", "其他公开信息"


class Status(models.TextChoices):
    DRAFT = "draft", "拟稿"
    IN_REVIEW = "in_review", "待审核"
    APPROVED = "approved", "已审核待发布"
    PUBLISHED = "published", "已发布"
    WITHDRAWN = "withdrawn", "已撤回"


# 公开: items with a public page. Published ones are listed; withdrawn ones keep their page (banner and
# reason) but leave lists, feeds, the sitemap and search unless asked for (publishing.selectors).
PUBLIC_STATUSES = (Status.PUBLISHED, Status.WITHDRAWN)
WITHDRAWN_VALIDITY_LABEL = "已撤回"


class InterpretationForm(models.TextChoices):
    TEXT = "text", "文字解读"
    GRAPHIC = "graphic", "图解"
    VIDEO = "video", "视频解读"
    QA = "qa", "问答式解读"


class Column(models.Model):
    """A 政府信息公开专栏 column: four first-level parts; 法定主动公开内容 has the art. 20/21 items."""

    slug = models.SlugField("代码", unique=True)
    name = models.CharField("名称", max_length=60)
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="children")
    basis = models.CharField("依据", max_length=60, blank=True, help_text="如：条例第二十条第（一）项")
    levels = models.CharField("适用层级", max_length=60, blank=True, help_text="空为所有层级；如 city,county,township")
    order = models.PositiveSmallIntegerField("排序", default=0)

    class Meta:
        verbose_name = "专栏栏目"
        verbose_name_plural = "专栏栏目"
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("portal:column", args=[self.slug])


class IndexNoCounter(models.Model):
    """The last serial used per 索引号 prefix and year: serials are never reused, even after withdrawal."""

    prefix = models.CharField(max_length=18)
    year = models.PositiveSmallIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["prefix", "year"], name="uniq_index_counter")]

    def __str__(self) -> str:
        return f"{self.prefix}/{self.year}: {self.last}"


class Document(models.Model):
    organisation = models.ForeignKey(Organisation, null=True, blank=True, on_delete=models.PROTECT,
                                     related_name="documents", verbose_name="公开主体")
    index_no = models.CharField("索引号", max_length=40, unique=True,
                                error_messages={"unique": "该索引号已被使用，索引号不得重复。"})
    title = models.CharField("标题", max_length=300)
    doc_no = models.CharField("文号", max_length=80, blank=True)
    doc_no_normalised = models.CharField(max_length=80, blank=True, db_index=True, editable=False)
    publisher_name = models.CharField("发文机关", max_length=120, blank=True)
    written_on = models.DateField("成文日期", null=True, blank=True)
    changed_on = models.DateField("形成或变更日期", null=True, blank=True,
                                  help_text="条例第二十六条：自形成或变更之日起 20 个工作日内公开")
    published_on = models.DateField("发布日期", null=True, blank=True, db_index=True)
    topic = models.CharField("主题分类", max_length=40, choices=[(t, t) for t in TOPICS], default="综合政务")
    genre = models.CharField("体裁", max_length=20, choices=[(g, g) for g in GENRES], default="其他")
    validity = models.CharField("有效性", max_length=20, choices=Validity.choices, default=Validity.VALID)
    validity_changed_on = models.DateField("有效性变更日期", null=True, blank=True)
    superseded_by = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT,
                                      related_name="supersedes", verbose_name="修订或废止它的文件")
    kind = models.CharField("类别", max_length=20, choices=Kind.choices, default=Kind.POLICY, db_index=True)
    keywords = models.CharField("关键词", max_length=200, blank=True)
    column = models.ForeignKey(Column, null=True, blank=True, on_delete=models.PROTECT, related_name="documents",
                               verbose_name="专栏栏目")
    body_html = models.TextField("正文", blank=True)
    body_text = models.TextField("正文（纯文本）", blank=True)
    content_hash = models.CharField(max_length=64, blank=True, db_index=True, editable=False)
    source_document = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT,
                                        related_name="reposts", verbose_name="转载来源")
    source_name = models.CharField("来源", max_length=120, blank=True)
    interprets = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="interpretations", verbose_name="所解读的政策")
    interpretation_form = models.CharField("解读形式", max_length=20, choices=InterpretationForm.choices, blank=True)
    video_url = models.URLField("视频链接", blank=True)
    status = models.CharField("状态", max_length=20, choices=Status.choices, default=Status.DRAFT, db_index=True)
    withdrawn_reason = models.TextField("撤回理由", blank=True)
    withdrawn_at = models.DateTimeField("撤回时间", null=True, blank=True)
    drafted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+", verbose_name="拟稿人")
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+", verbose_name="审核人")
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                     related_name="+", verbose_name="发布人")
    import_key = models.CharField(max_length=200, blank=True, db_index=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "公开信息"
        verbose_name_plural = "公开信息"
        ordering = ["-published_on", "-pk"]
        indexes = [
            models.Index(fields=["status", "-published_on"]),
            models.Index(fields=["organisation", "status"]),
            # 文号 look-ups (citations, reposts' sources) filter on kind too; with both columns in one
            # index SQLite never falls back to scanning every policy (it has no statistics by default).
            models.Index(fields=["doc_no_normalised", "kind"]),
        ]
        # The import identity (decision 0110): an imported document (import_key set) is unique per
        # 公开主体 by its normalised content and by its key (the file name). Documents written in the
        # editor (no import_key) are not bound: a draft may repeat a withdrawn text. A withdrawn or
        # re-imported (revised) document keeps its identity, so a re-import never resurrects or doubles it.
        # NULL organisations are distinct in SQL unique indexes, hence the twin constraints for them.
        constraints = [
            models.UniqueConstraint(fields=["organisation", "content_hash"], name="uniq_import_hash",
                                    condition=models.Q(import_key__gt="", organisation__isnull=False)),
            models.UniqueConstraint(fields=["content_hash"], name="uniq_import_hash_no_org",
                                    condition=models.Q(import_key__gt="", organisation__isnull=True)),
            models.UniqueConstraint(fields=["organisation", "import_key"], name="uniq_import_key",
                                    condition=models.Q(import_key__gt="", organisation__isnull=False)),
            models.UniqueConstraint(fields=["import_key"], name="uniq_import_key_no_org",
                                    condition=models.Q(import_key__gt="", organisation__isnull=True)),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("portal:document", args=[self.index_no])

    @property
    def is_public(self) -> bool:
        return self.status in PUBLIC_STATUSES

    @property
    def is_listed(self) -> bool:
        """Shown in lists, feeds, the sitemap, search and Q&A answers (withdrawn items are not)."""
        return self.status == Status.PUBLISHED

    @property
    def validity_label(self) -> str:
        """有效性 as the public reads it: a withdrawn item is 已撤回, whatever its mark was."""
        return WITHDRAWN_VALIDITY_LABEL if self.status == Status.WITHDRAWN else self.get_validity_display()

    @property
    def rank_penalty(self) -> int:
        if self.status == Status.WITHDRAWN:
            return 2
        return {Validity.VALID: 0, Validity.AMENDED: 1}.get(Validity(self.validity), 2)


class Revision(models.Model):
    """An immutable snapshot of the content; review (保密审查) approves one revision."""

    document = models.ForeignKey(Document, on_delete=models.PROTECT, related_name="revisions")
    number = models.PositiveIntegerField()
    data = models.JSONField(encoder=UnicodeJSONEncoder)
    change_note = models.CharField("修改说明", max_length=300, blank=True)
    major = models.BooleanField("重大修改", default=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+")
    approved_at = models.DateTimeField(null=True, blank=True)
    secrecy_checked = models.BooleanField("已通过保密审查", default=False)
    review_opinion = models.TextField("审核意见", blank=True)
    is_live = models.BooleanField("当前公开版本", default=False)

    class Meta:
        ordering = ["document", "-number"]
        constraints = [models.UniqueConstraint(fields=["document", "number"], name="uniq_revision_number")]

    def __str__(self) -> str:
        return f"{self.document} 第 {self.number} 版"


class DocumentEvent(models.Model):
    """Every workflow step (拟稿、提交审核、审核、发布、撤回、导入…) with actor, time, reason, from → to."""

    document = models.ForeignKey(Document, on_delete=models.PROTECT, related_name="events")
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
        return f"{self.document} {self.kind}"


class Citation(models.Model):
    """A 文号 quoted in a document's body, linked to the cited document when the library holds it."""

    citing = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="citations")
    cited = models.ForeignKey(Document, null=True, blank=True, on_delete=models.SET_NULL, related_name="cited_by")
    raw = models.CharField(max_length=80)
    normalised = models.CharField(max_length=80, db_index=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["citing", "normalised"], name="uniq_citation")]

    def __str__(self) -> str:
        return self.normalised


class Attachment(models.Model):
    document = models.ForeignKey(Document, on_delete=models.PROTECT, related_name="attachments")
    file = models.FileField(upload_to="attachments/%Y/%m/")
    name = models.CharField("文件名", max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        """The public download (it answers only while the item is published); never MEDIA_URL."""
        return reverse("portal:attachment", args=[self.pk])


class SearchIndexEntry(models.Model):
    """What the search index holds, as its jobs recorded it: one row per indexed document, with the
    document's `updated_at` at indexing time. Written after the index commit, so a row never claims
    more than the index has; a crash between the two only makes the healer index a document again.
    No foreign key: a row for a deleted document is exactly the drift the healer removes."""

    document_id = models.BigIntegerField(primary_key=True)
    version = models.DateTimeField()

    class Meta:
        verbose_name = "检索索引记录"
        verbose_name_plural = "检索索引记录"

    def __str__(self) -> str:
        return f"{self.document_id} @ {self.version:%Y-%m-%d %H:%M:%S}"
