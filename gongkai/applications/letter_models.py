"""Models of the letters and of 部分公开 redaction (条例第三十七条), kept apart from models.py so the
request workflow and the letters can change independently; models.py imports them (Django finds them
as models of the applications app).

- `LetterSettings`: per organisation, the number prefixes (青政信复〔2026〕6号), the 复议机关 and the court
  of the remedies paragraph, the signing name and the payment instructions of the 收费通知.
- `LetterCounter`: the serial of each prefix per organisation and year, allocated under a row lock.
- `Disclosure` (a file to be disclosed), `RedactionMark` (a passage, region or page withheld, with its
  article) and `ReleasedCopy` (the copy actually given out). The original is kept in the private storage
  and shown to staff only; the applicant only ever receives a released copy.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.db import models


class PrivateStorage(FileSystemStorage):
    """Files that must never be served by the web server: beside MEDIA_ROOT, not inside it.

    The location follows settings at each use (tests move MEDIA_ROOT per test)."""

    @property
    def base_location(self) -> str:
        configured = getattr(settings, "PRIVATE_MEDIA_ROOT", None)
        return str(configured or Path(settings.MEDIA_ROOT).parent / "private")

    @property
    def location(self) -> str:
        return str(Path(self.base_location).resolve())

    @property
    def base_url(self) -> None:  # type: ignore[override]
        return None  # no URL: downloads go through views that check the viewer


def private_storage() -> PrivateStorage:
    return PrivateStorage()


class LetterSettings(models.Model):
    """文书设置 of one organisation: what its letters say that the law leaves to the agency."""

    organisation = models.OneToOneField("core.Organisation", on_delete=models.PROTECT, related_name="letter_settings",
                                        verbose_name="机构")
    signing_name = models.CharField("落款机关名称", max_length=100, blank=True,
                                    help_text="留空则使用机构名称。")
    reply_prefix = models.CharField("答复书文号前缀", max_length=20, blank=True, help_text="如：青政信复")
    notice_prefix = models.CharField("告知书、通知书文号前缀", max_length=20, blank=True, help_text="如：青政信告")
    consultation_prefix = models.CharField("征求意见函文号前缀", max_length=20, blank=True, help_text="如：青政信函")
    reconsideration_body = models.CharField("行政复议机关", max_length=100, blank=True,
                                            help_text="如：青溪县人民政府（行政复议法第二十四条）。")
    court = models.CharField("行政诉讼管辖法院", max_length=100, blank=True,
                             help_text="如：青溪县人民法院（行政诉讼法第十四条、第十五条）。")
    contact_person = models.CharField("联系人", max_length=40, blank=True, help_text="留空则使用经办人姓名。")
    contact_phone = models.CharField("联系电话", max_length=40, blank=True, help_text="留空则使用机构电话。")
    payment_instructions = models.TextField(
        "信息处理费缴纳方式", max_length=500, blank=True,
        help_text="如：通过非税收入缴款码缴纳，或至本机关办公地点现场缴纳。")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "文书设置"
        verbose_name_plural = "文书设置"

    def __str__(self) -> str:
        return f"{self.organisation} 文书设置"


class LetterCounter(models.Model):
    """The last serial used for one number prefix of one organisation in one year."""

    organisation = models.ForeignKey("core.Organisation", on_delete=models.PROTECT, related_name="+")
    prefix = models.CharField(max_length=20)
    year = models.PositiveSmallIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["organisation", "prefix", "year"], name="uniq_letter_counter")]

    def __str__(self) -> str:
        return f"{self.prefix}〔{self.year}〕{self.last}号"


class RedactionReason(models.TextChoices):
    """Why a passage is withheld: the article of the 条例 (shown to the applicant, art. 37)."""

    STATE_SECRET = "art14_secret", "属于国家秘密（第十四条）"
    LAW_FORBIDS = "art14_law", "法律、行政法规禁止公开（第十四条）"
    SECURITY = "art14_security", "公开后可能危及国家安全、公共安全、经济安全、社会稳定（第十四条）"
    THIRD_PARTY = "art15_third_party", "涉及商业秘密、个人隐私，公开会损害第三方合法权益（第十五条）"
    INTERNAL = "art16_internal", "内部事务信息（第十六条第一款）"
    PROCESS = "art16_process", "过程性信息（第十六条第二款）"
    ENFORCEMENT = "art16_enforcement", "行政执法案卷信息（第十六条第二款）"
    NOT_GOVERNMENT_INFO = "art37_not_info", "不属于政府信息（第三十七条）"


class Disclosure(models.Model):
    """A file the office means to disclose in answer to a request (PDF or DOCX). The original is private."""

    class Kind(models.TextChoices):
        PDF = "pdf", "PDF"
        DOCX = "docx", "Word 文档（DOCX）"

    application = models.ForeignKey("applications.Application", on_delete=models.PROTECT, related_name="disclosures",
                                    verbose_name="申请")
    title = models.CharField("材料名称", max_length=120)
    kind = models.CharField("文件类型", max_length=10, choices=Kind.choices)
    original = models.FileField("原件（仅工作人员可见）", upload_to="disclosures/%Y/", storage=private_storage)
    original_name = models.CharField("原文件名", max_length=255)
    sha256 = models.CharField(max_length=64)
    pages = models.PositiveIntegerField("页数", default=0)
    has_text = models.BooleanField("含文字层", default=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)
    withdrawn = models.BooleanField("已撤回", default=False)

    class Meta:
        verbose_name = "拟公开材料"
        verbose_name_plural = "拟公开材料"
        ordering = ["uploaded_at", "pk"]

    def __str__(self) -> str:
        return f"{self.application.number} {self.title}"


class RedactionMark(models.Model):
    """One thing withheld: every occurrence of a passage, a rectangle on a page, or a whole page."""

    class Kind(models.TextChoices):
        TEXT = "text", "文字"
        REGION = "region", "页面区域"
        PAGE = "page", "整页"

    disclosure = models.ForeignKey(Disclosure, on_delete=models.PROTECT, related_name="marks")
    kind = models.CharField("方式", max_length=10, choices=Kind.choices)
    text = models.TextField("不予公开的文字", blank=True)
    page = models.PositiveIntegerField("页码", null=True, blank=True)
    rect = models.JSONField("区域（pt：左, 上, 右, 下）", null=True, blank=True)
    reason = models.CharField("理由", max_length=30, choices=RedactionReason.choices)
    note = models.CharField("说明", max_length=200, blank=True)
    hits = models.PositiveIntegerField("命中处数", default=0)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    withdrawn = models.BooleanField("已撤回", default=False)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.get_reason_display()}"

    def describe(self) -> str:
        if self.kind == self.Kind.PAGE:
            return f"第{self.page}页"
        if self.kind == self.Kind.REGION:
            return f"第{self.page}页的一处区域"
        return f"{self.hits}处文字"


class ReleasedCopy(models.Model):
    """区分处理后的公开件: what the applicant receives. Its name says nothing of the original's."""

    disclosure = models.ForeignKey(Disclosure, on_delete=models.PROTECT, related_name="released")
    file = models.FileField(upload_to="released/%Y/", storage=private_storage)
    filename = models.CharField(max_length=120)
    sha256 = models.CharField(max_length=64)
    pages = models.PositiveIntegerField(default=0)
    summary = models.JSONField("不予公开内容及理由", default=list)
    produced_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    produced_at = models.DateTimeField(auto_now_add=True)
    is_current = models.BooleanField(default=True)

    class Meta:
        verbose_name = "公开件"
        verbose_name_plural = "公开件"
        ordering = ["-produced_at", "-pk"]

    def __str__(self) -> str:
        return self.filename

    def as_dict(self) -> dict[str, Any]:
        return {"filename": self.filename, "sha256": self.sha256, "pages": self.pages, "summary": self.summary}
