"""依申请公开 (条例 arts 27–45): requests, their append-only events, clock pauses, fees, letters, and
复议/诉讼 records. Due dates are stored for sorting but always recomputed from the events."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from gongkai.applications.fields import EncryptedTextField
from gongkai.core.models import Organisation


class State(models.TextChoices):
    PENDING = "pending", "待确认"
    ACCEPTED = "accepted", "已受理"
    CORRECTION = "correction", "补正中"
    CONSULTING = "consulting", "征求意见中"
    EXTENDED = "extended", "已延期"
    FEE_PENDING = "fee_pending", "待缴费"
    REPLIED = "replied", "已答复"
    ARCHIVED = "archived", "已归档"
    ABANDONED = "abandoned", "视为放弃"
    NOT_PROCESSED = "not_processed", "不予处理"
    TRANSFERRED = "transferred", "已转办"


OPEN_STATES = (State.PENDING, State.ACCEPTED, State.CORRECTION, State.CONSULTING, State.EXTENDED, State.FEE_PENDING)
PAUSED_STATES = (State.CORRECTION, State.CONSULTING, State.FEE_PENDING)


class ApplicantKind(models.TextChoices):
    NATURAL = "natural", "自然人"
    COMMERCIAL = "commercial", "商业企业"
    RESEARCH = "research", "科研机构"
    PUBLIC_WELFARE = "public_welfare", "社会公益组织"
    LEGAL_SERVICE = "legal_service", "法律服务机构"
    OTHER_ORG = "other_org", "其他组织"


class Channel(models.TextChoices):
    ONLINE = "online", "互联网（在线申请）"
    IN_PERSON = "in_person", "当面提交"
    POST_SIGNED = "post_signed", "邮寄（需签收）"
    POST_ORDINARY = "post_ordinary", "平常信函"
    FAX = "fax", "传真"
    EMAIL = "email", "电子邮件"
    ORAL = "oral", "口头提出（工作人员代为填写）"


class Counter(models.Model):
    year = models.PositiveSmallIntegerField(unique=True)
    last = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.year}: {self.last}"


class Application(models.Model):
    number = models.CharField("申请编号", max_length=20, unique=True)
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="applications",
                                     verbose_name="办理机关")
    officer = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                related_name="+", verbose_name="经办人")
    applicant_kind = models.CharField("申请人类型", max_length=20, choices=ApplicantKind.choices)
    name = models.CharField("姓名/名称", max_length=120)
    id_type = models.CharField("证件类型", max_length=30, default="居民身份证")
    id_number = EncryptedTextField("证件号码", blank=True)
    id_hash = models.CharField(max_length=64, blank=True, db_index=True, editable=False)
    id_warning = models.CharField(max_length=200, blank=True)
    phone = EncryptedTextField("联系电话", blank=True)
    email = models.EmailField("电子邮箱", blank=True)
    address = EncryptedTextField("通信地址", blank=True)
    postal_code = models.CharField("邮政编码", max_length=6, blank=True)
    contact_person = models.CharField("联系人（法人或其他组织）", max_length=60, blank=True)
    description = models.TextField("所需政府信息的名称、文号或者便于查询的其他特征性描述")
    doc_no_hint = models.CharField("文号（如知道）", max_length=80, blank=True)
    purpose = models.CharField("用途（选填）", max_length=200, blank=True)
    form_wanted = models.CharField("信息提供形式", max_length=20,
                                   choices=[("paper", "纸质"), ("electronic", "电子文档"), ("disc", "光盘"), ("inspect", "查阅")])
    delivery = models.CharField("获取方式", max_length=20,
                                choices=[("post", "邮寄"), ("email", "电子邮件"), ("pickup", "自行领取"), ("online", "在线下载")])
    channel = models.CharField("申请渠道", max_length=20, choices=Channel.choices)
    submitted_on = models.DateField("提交日期")
    received_on = models.DateField("收到申请之日", null=True, blank=True, help_text="条例第三十一条")
    correction_received_on = models.DateField("收到补正之日", null=True, blank=True)
    extension_workdays = models.PositiveSmallIntegerField("延长工作日", default=0)
    extended_deadline_days = models.PositiveSmallIntegerField("合理期限（第三十五条）", default=0)
    state = models.CharField("状态", max_length=20, choices=State.choices, default=State.PENDING, db_index=True)
    paused_from = models.CharField(max_length=20, blank=True, editable=False)  # state to return to
    correction_notice_due = models.DateField("补正告知期限", null=True, blank=True)
    reply_due = models.DateField("答复期限", null=True, blank=True, db_index=True)
    provisional = models.BooleanField("期限暂定", default=False)
    outcome = models.CharField("办理结果", max_length=40, blank=True)
    outcome_basis = models.TextField("法律依据", blank=True)
    replied_on = models.DateField("答复日期", null=True, blank=True)
    transferred_to = models.CharField("转办至", max_length=120, blank=True)
    tracking_hash = models.CharField(max_length=64, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "政府信息公开申请"
        verbose_name_plural = "政府信息公开申请"
        ordering = ["reply_due", "pk"]
        indexes = [
            models.Index(fields=["organisation", "state", "reply_due"]),
            models.Index(fields=["state", "reply_due"]),
            models.Index(fields=["organisation", "replied_on"]),
            # The annual report and the statistics read only these columns: one index answers them without
            # touching the (wide, encrypted) rows (docs/reports.md, benchmarks.reports_bench).
            models.Index(fields=["organisation", "received_on", "replied_on", "applicant_kind", "outcome", "state",
                                 "reply_due", "correction_received_on"], name="app_report_cover_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.name}"

    @property
    def is_open(self) -> bool:
        return self.state in OPEN_STATES

    @property
    def is_paused(self) -> bool:
        return self.state in PAUSED_STATES


class Pause(models.Model):
    """A period not counted (arts 30, 32, 34; 109号): 补正, consultation, fee notice → payment."""

    class Kind(models.TextChoices):
        CORRECTION = "correction", "补正"
        THIRD_PARTY = "third_party", "征求第三方意见（第三十二条）"
        OTHER_AGENCY = "other_agency", "征求其他机关意见（第三十四条）"
        FEE = "fee", "缴纳信息处理费"

    application = models.ForeignKey(Application, on_delete=models.PROTECT, related_name="pauses")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    start = models.DateField()
    end = models.DateField(null=True, blank=True)
    note = models.CharField(max_length=200, blank=True)

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.start}–{self.end or ''}"


class ApplicationEvent(models.Model):
    """登记、审核、办理、答复、归档 (条例第四十五条): append-only, with actor, time, reason, from → to."""

    application = models.ForeignKey(Application, on_delete=models.PROTECT, related_name="events")
    kind = models.CharField(max_length=40)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                              related_name="+")
    actor_name = models.CharField(max_length=150, blank=True)
    from_state = models.CharField(max_length=20, blank=True)
    to_state = models.CharField(max_length=20, blank=True)
    reason = models.TextField(blank=True)
    public_note = models.CharField(max_length=300, blank=True)
    on_date = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.application.number} {self.kind}"


class Fee(models.Model):
    application = models.ForeignKey(Application, on_delete=models.PROTECT, related_name="fees")
    method = models.CharField(max_length=10, choices=[("piece", "按件"), ("page", "按量")])
    quantity = models.PositiveIntegerField()
    amount = models.PositiveIntegerField("金额（元）")
    waived = models.BooleanField(default=False)
    waiver_reason = models.CharField(max_length=200, blank=True)
    decided_by = models.CharField(max_length=100, blank=True)
    notice_received_on = models.DateField(null=True, blank=True)
    payment_due = models.DateField(null=True, blank=True)
    paid_on = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"{self.application.number} {self.amount}元"


class Letter(models.Model):
    """An issued document (补正告知书, 延期告知书, 征求意见函, 收费通知书, 答复书): locked once issued."""

    class Kind(models.TextChoices):
        CORRECTION = "correction", "补正告知书"
        EXTENSION = "extension", "延期答复告知书"
        CONSULTATION = "consultation", "征求意见函"
        FEE = "fee", "信息处理费缴费通知书"
        REPLY = "reply", "政府信息公开申请答复书"

    application = models.ForeignKey(Application, on_delete=models.PROTECT, related_name="letters")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    docx = models.FileField(upload_to="letters/%Y/")
    pdf = models.FileField(upload_to="letters/%Y/")
    sha256 = models.CharField(max_length=64)
    template_version = models.CharField(max_length=40)
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    issued_at = models.DateTimeField(auto_now_add=True)
    delivery_method = models.CharField(max_length=40, blank=True)
    delivered_on = models.DateField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.application.number} {self.get_kind_display()}"


class LetterTemplate(models.Model):
    """An admin's replacement DOCX template (docxtpl) for one letter kind; the newest active one wins."""

    kind = models.CharField(max_length=20, choices=Letter.Kind.choices)
    file = models.FileField(upload_to="letter-templates/")
    version = models.CharField(max_length=40)
    is_active = models.BooleanField(default=True)
    uploaded_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.version}"


class Review(models.Model):
    """行政复议 / 行政诉讼 about a request (annual report table 四)."""

    class Kind(models.TextChoices):
        RECONSIDERATION = "reconsideration", "行政复议"
        LITIGATION_DIRECT = "litigation_direct", "行政诉讼（未经复议直接起诉）"
        LITIGATION_AFTER = "litigation_after", "行政诉讼（复议后起诉）"

    class Result(models.TextChoices):
        UPHELD = "upheld", "结果维持"
        CORRECTED = "corrected", "结果纠正"
        OTHER = "other", "其他结果"
        PENDING = "pending", "尚未审结"

    application = models.ForeignKey(Application, on_delete=models.PROTECT, related_name="reviews")
    kind = models.CharField(max_length=30, choices=Kind.choices)
    filed_on = models.DateField("提起日期")
    result = models.CharField(max_length=20, choices=Result.choices, default=Result.PENDING)
    decided_on = models.DateField(null=True, blank=True)
    note = models.CharField(max_length=300, blank=True)

    def __str__(self) -> str:
        return f"{self.application.number} {self.get_kind_display()}"
