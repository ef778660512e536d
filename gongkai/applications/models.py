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
    correction_text = models.TextField("补正后的申请内容", blank=True)  # the original description is kept
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
    """A period not counted (arts 30, 32, 34; 109号): 补正, consultation, fee notice → payment.

    `period_workdays` and `due` are the period the notice gives (补正: the office's 合理期限, art. 30;
    consultation: 15 working days, arts 32 and 34); `end_reason` says how it ended.
    """

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
    period_workdays = models.PositiveSmallIntegerField("期限（工作日）", null=True, blank=True)
    due = models.DateField("期限届满之日", null=True, blank=True)
    end_reason = models.CharField("结束方式", max_length=20, blank=True, choices=[
        ("answered", "收到意见"), ("lapsed", "期满未答复"), ("corrected", "收到补正"), ("abandoned", "视为放弃"),
        ("paid", "已缴费"), ("waived", "已减免"), ("closed", "办结")])

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.start}–{self.end or ''}"


class EventKind(models.TextChoices):
    """What happened to a request, as the event log reads it (条例第四十五条)."""

    SUBMIT = "submit", "提交申请"
    ACCEPT = "accept", "受理申请"
    CORRECTION_REQUESTED = "correction_requested", "发出补正告知书"
    CORRECTION_SUBMITTED = "correction_submitted", "在线提交补正"
    CORRECTION_RECEIVED = "correction_received", "登记收到补正"
    CONSULT = "consult", "发出征求意见函"
    CONSULT_DONE = "consult_done", "收到征求意见结果"
    CONSULT_LAPSED = "consult_lapsed", "征求意见期满未答复，恢复计时"
    EXTEND = "extend", "延期答复"
    FEE_NOTICE = "fee_notice", "发出收费通知"
    FEE_PAID = "fee_paid", "登记缴费"
    FEE_WAIVED = "fee_waived", "减免信息处理费"
    ABANDONED = "abandoned", "视为放弃，终止办理"
    REPLY = "reply", "作出答复"
    TRANSFER = "transfer", "转办"
    ARCHIVE = "archive", "归档"
    REVIEW = "review", "登记行政复议或诉讼"
    CALENDAR_CHANGED = "calendar_changed", "工作日历调整，期限重算"
    ALERT_DUE_SOON = "alert_due_soon", "到期提醒"
    ALERT_OVERDUE = "alert_overdue", "逾期提醒"
    # 部分公开 (条例第三十七条, redaction.py): the file to be disclosed and its released copy.
    DISCLOSURE_UPLOAD = "disclosure_upload", "上传拟公开材料"
    REDACTION_RELEASE = "redaction_release", "区分处理，生成公开件"
    DISCLOSURE_WITHDRAW = "disclosure_withdraw", "撤回拟公开材料"


class ApplicationEvent(models.Model):
    """登记、审核、办理、答复、归档 (条例第四十五条): append-only, with actor, time, reason, from → to."""

    application = models.ForeignKey(Application, on_delete=models.PROTECT, related_name="events")
    kind = models.CharField(max_length=40, choices=EventKind.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                              related_name="+")
    actor_name = models.CharField(max_length=150, blank=True)
    actor_role = models.CharField(max_length=20, blank=True)  # 经办人 / 管理员 / 申请人 / 系统, as it was then
    from_state = models.CharField(max_length=20, blank=True)
    to_state = models.CharField(max_length=20, blank=True)
    reason = models.TextField(blank=True)
    public_note = models.CharField(max_length=300, blank=True)
    on_date = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            # The daily alert job claims "request, level, day" by inserting this row (core.claims): the
            # constraint, not a prior read, decides which of two concurrent runs mails (decision 0455).
            models.UniqueConstraint(fields=["application", "kind", "on_date"],
                                    condition=models.Q(kind__in=["alert_due_soon", "alert_overdue"]),
                                    name="uniq_application_alert_per_day"),
        ]

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
    number = models.CharField("文号", max_length=40, blank=True)  # e.g. 青政信复〔2026〕6号 (letters.py)
    docx = models.FileField(upload_to="letters/%Y/")
    pdf = models.FileField(upload_to="letters/%Y/")
    sha256 = models.CharField(max_length=64)
    template_version = models.CharField(max_length=40)
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    issued_at = models.DateTimeField(auto_now_add=True)
    # 成文日期: the date printed on the letter (its action's day, letters.default_issue_date), which the
    # pages show; `issued_at` is when the file was generated (a job may run days later). Empty only for
    # letters made before this field existed, for which the pages fall back to `issued_at`.
    dated_on = models.DateField("成文日期", null=True, blank=True)
    delivery_method = models.CharField(max_length=40, blank=True)
    delivered_on = models.DateField(null=True, blank=True)
    # The action the letter belongs to (a 补正告知书 to its 补正 event, …): notices come from their actions.
    event = models.ForeignKey(ApplicationEvent, null=True, blank=True, on_delete=models.PROTECT,
                              related_name="letters")

    def __str__(self) -> str:
        return f"{self.application.number} {self.get_kind_display()}"


class LetterJob(models.Model):
    """One letter being generated by the job queue for an action (or on request), so the page can show
    its progress and the officer cannot start it twice."""

    class Status(models.TextChoices):
        QUEUED = "queued", "排队中"
        RUNNING = "running", "生成中"
        DONE = "done", "已生成"
        FAILED = "failed", "生成失败"

    application = models.ForeignKey(Application, on_delete=models.PROTECT, related_name="letter_jobs")
    event = models.ForeignKey(ApplicationEvent, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=20, choices=Letter.Kind.choices)
    params = models.JSONField(default=dict, blank=True)
    delivery_method = models.CharField(max_length=40, blank=True)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED, db_index=True)
    error = models.CharField(max_length=300, blank=True)
    letter = models.ForeignKey(Letter, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.application.number} {self.get_kind_display()} {self.get_status_display()}"

    @property
    def pending(self) -> bool:
        return self.status in (self.Status.QUEUED, self.Status.RUNNING)


class ApplicantAttachment(models.Model):
    """A file the applicant sent with the request or with the 补正 (条例第二十九条: 身份证明 etc.).

    The bytes are Fernet-encrypted at rest with the personal-data keys (个人信息保护法); the stored file
    name is random, the original name is encrypted too. Only the handling office downloads it, logged.
    """

    class Source(models.TextChoices):
        INTAKE = "intake", "随申请提交"
        CORRECTION = "correction", "随补正提交"

    application = models.ForeignKey(Application, on_delete=models.PROTECT, related_name="attachments")
    event = models.ForeignKey(ApplicationEvent, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    source = models.CharField(max_length=20, choices=Source.choices)
    name = EncryptedTextField("文件名")
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField("大小（字节）")
    sha256 = models.CharField(max_length=64)  # of the clear bytes: checked on every download
    blob = models.FileField(upload_to="applicant-files/%Y/")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["uploaded_at", "pk"]

    def __str__(self) -> str:
        return f"{self.application.number} 附件 {self.pk}"


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


# Letter settings, numbering and 部分公开 redaction (owned by letters.py / redaction.py).
from gongkai.applications.letter_models import (  # noqa: E402, F401
    Disclosure,
    LetterCounter,
    LetterSettings,
    RedactionMark,
    RedactionReason,
    ReleasedCopy,
)
