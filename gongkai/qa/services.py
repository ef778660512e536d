"""Writes for 政策问答 and 回应关切: asking, answering the queue, the knowledge base and its 12345
import, subscriptions, and the 舆情回应台账. Each in a transaction with its audit row."""

from __future__ import annotations

import hashlib
import io
import logging
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.core import signing
from django.core.mail import send_mail
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils import timezone

from gongkai.core.claims import claim_many
from gongkai.core.exceptions import DomainError, NotFoundError
from gongkai.core.models import Organisation, Role
from gongkai.core.selectors import require_role
from gongkai.core.services import actor_name, audit, on_commit
from gongkai.publishing.models import TOPICS, Document
from gongkai.qa import answering, rules
from gongkai.qa.actions import Action
from gongkai.qa.models import Commitment, Concern, KnowledgeEntry, Question, Subscription, SubscriptionDelivery

log = logging.getLogger(__name__)


def _topic_of(result: answering.Answer) -> str:
    if result.citations:
        return str(result.citations[0]["title"])[:60]
    return ""


def asker_key(kind: str, value: str) -> str:
    """A one-way key for who asked (a session key, an API client's address): never stored in clear."""
    return hashlib.sha256(f"{kind}:{value}".encode()).hexdigest() if value else ""


def question_preview(*, question: str) -> answering.Answer:
    """The answer alone, writing nothing (a GET of the Q&A page, a link someone shared)."""
    error = rules.validate_question(question)
    if error:
        raise DomainError(error, field="question")
    result = answering.answer(question)
    if answering.understand_question(question).frame_only and result.source != "kb":
        raise DomainError("问题里只有提问的语气（如“有没有规定”），没有具体内容。请写明想了解哪方面的政策，"
                          "例如：“申请公开政府信息要收费吗？”", field="question")
    return result


def _status(result: answering.Answer) -> str:
    return {"kb": Question.Status.KB, "library": Question.Status.AUTO}.get(result.source, Question.Status.QUEUED)


def question_ask(*, question: str, contact_email: str = "", asker: str = "") -> tuple[Question, answering.Answer]:
    """Answer a public question and record it once per asker and normalised text (`asker` is the
    `asker_key` of the session or API client; empty for the command line). A question not answered
    from the library (related / not found) joins the officers' queue."""
    if contact_email:
        _check_email(contact_email)
    result = question_preview(question=question)
    key = rules.question_key(question)
    if asker:
        existing = Question.objects.filter(asker_key=asker, question_key=key).first()
        if existing is not None:
            return existing, result
    try:
        with transaction.atomic():
            record = Question.objects.create(
                text=question.strip()[:500], question_key=key, status=_status(result), asker_key=asker,
                answer=result.answer if result.answered else "", citations=result.citations or result.related,
                score=result.score, topic=_topic_of(result), knowledge_entry=result.knowledge_entry,
                contact_email=contact_email, outcome=result.outcome,
            )
    except IntegrityError:  # the same asker, the same question, at the same moment: already recorded
        return Question.objects.get(asker_key=asker, question_key=key), result
    return record, result


def question_unsolved(*, question: str, asker: str, contact_email: str = "") -> Question:
    """"没有解决我的问题": the asker says the automatic answer did not help; the question (recorded once
    per asker) joins the officers' queue."""
    record, _result = question_ask(question=question, contact_email=contact_email, asker=asker)
    if record.status in (Question.Status.AUTO, Question.Status.KB):
        with transaction.atomic():
            before = record.status
            record.status = Question.Status.QUEUED
            if contact_email and not record.contact_email:
                record.contact_email = contact_email
            record.save(update_fields=["status", "contact_email"])
            audit(actor=None, action=Action.UNSOLVED, obj=record, anonymous_as="公众（提问人）", object_repr=f"提问 #{record.pk}",
                  before={"status": before}, after={"status": record.status})
    return record


FOLLOW_SIGNER = "gongkai.qa.follow"


def follow_token(record: Question) -> str:
    """The asker's link to follow a queued question: signed, the same every time it is shown, and it
    reveals nothing else."""
    return signing.Signer(salt=FOLLOW_SIGNER).sign(str(record.pk))


def question_for_follow(token: str) -> Question:
    try:
        pk = int(signing.Signer(salt=FOLLOW_SIGNER).unsign(token))
    except (signing.BadSignature, ValueError) as exc:
        raise NotFoundError("跟踪链接无效。") from exc
    record = Question.objects.filter(pk=pk).first()
    if record is None:
        raise NotFoundError("跟踪链接无效。")
    return record


def _check_email(value: str) -> None:
    from django.core.exceptions import ValidationError

    try:
        validate_email(value)
    except ValidationError as exc:
        raise DomainError(f"电子邮箱“{value}”格式不正确。", field="email") from exc


def question_answer(*, actor: Any, question: Question, answer: str, organisation: Organisation,
                    basis: list[Document] | None = None) -> KnowledgeEntry:
    """An officer answers a queued question; the answer becomes a knowledge-base entry, so the same
    question is then answered at once, showing who answered."""
    require_role(actor, organisation, [Role.OFFICER, Role.REVIEWER, Role.ADMIN, Role.SUPERVISOR], action="答复提问")
    if question.status not in (Question.Status.QUEUED,):
        raise DomainError("该问题已处理，不在待答复队列中。", code="wrong_state")
    if len(answer.strip()) < 5:
        raise DomainError("答复内容过短，请给出明确答复及依据。", field="answer")
    with transaction.atomic():
        name = actor_name(actor)
        entry = KnowledgeEntry.objects.create(
            question=question.text, question_key=question.question_key, answer=answer.strip(),
            organisation=organisation, answered_by=actor, answered_by_name=f"{organisation.name} {name}",
            source=KnowledgeEntry.Source.OFFICER,
        )
        if basis:
            entry.basis.set(basis)
        question.status = Question.Status.ANSWERED
        question.answer = answer.strip()
        question.answered_by = actor
        question.answered_at = timezone.now()
        question.knowledge_entry = entry
        question.save()
        audit(actor=actor, action=Action.ANSWER, obj=question, organisation=organisation,
              after={"knowledge_entry": entry.pk})
        if question.contact_email:
            from django.conf import settings

            email = question.contact_email
            link = f"{settings.SITE_URL}/qa/follow/{follow_token(question)}/"
            on_commit(lambda: send_mail("您的政策咨询已答复", f"问题：{question.text}\n\n答复：{answer}\n\n查看：{link}",
                                        None, [email]))
    return entry


def question_dismiss(*, actor: Any, question: Question, organisation: Organisation, reason: str) -> None:
    require_role(actor, organisation, [Role.OFFICER, Role.ADMIN, Role.SUPERVISOR], action="处理提问")
    if not reason.strip():
        raise DomainError("请说明不予答复的理由（如：非政策咨询、重复提问）。")
    with transaction.atomic():
        question.status = Question.Status.DISMISSED
        question.save(update_fields=["status"])
        audit(actor=actor, action=Action.DISMISS, obj=question, organisation=organisation, reason=reason)


def knowledge_create(*, actor: Any, organisation: Organisation, question: str, answer: str,
                     valid_until: date | None = None, basis: list[Document] | None = None) -> KnowledgeEntry:
    require_role(actor, organisation, [Role.OFFICER, Role.REVIEWER, Role.ADMIN], action="维护问答知识库")
    error = rules.validate_question(question)
    if error:
        raise DomainError(error, field="question")
    if not answer.strip():
        raise DomainError("答复不能为空。", field="answer")
    with transaction.atomic():
        entry = KnowledgeEntry.objects.create(
            question=question.strip(), question_key=rules.question_key(question), answer=answer.strip(),
            organisation=organisation, valid_until=valid_until, answered_by=actor,
            answered_by_name=f"{organisation.name} {actor_name(actor)}",
        )
        if basis:
            entry.basis.set(basis)
        audit(actor=actor, action=Action.KB_CREATE, obj=entry, organisation=organisation)
    return entry


# --- 12345 hotline import ---------------------------------------------------------------------

COLUMN_ALIASES = {
    "question": ["问题", "诉求内容", "来电内容", "咨询内容", "question"],
    "answer": ["答复", "办理结果", "答复内容", "回复内容", "answer"],
    "external_id": ["工单号", "工单编号", "编号", "id"],
    "topic": ["主题", "分类", "诉求类别", "topic"],
}


@dataclass
class ImportReport:
    rows: int = 0
    created: int = 0
    duplicates: int = 0
    errors: list[dict[str, Any]] = field(default_factory=list)
    preview: list[dict[str, str]] = field(default_factory=list)


def _read_table(name: str, raw: bytes) -> list[list[str]]:
    if name.lower().endswith(".xlsx"):
        from openpyxl import load_workbook

        from gongkai.core.safefiles import check_office_file

        check_office_file(raw, "XLSX")  # rows, merged cells and inflated size bounded before openpyxl
        try:
            book = load_workbook(io.BytesIO(raw), read_only=False, data_only=True)
        except Exception as exc:
            raise DomainError("XLSX 文件无法打开，可能已损坏或不是 Excel 文件。") from exc
        sheet = book.worksheets[0]
        # Merged cells: every cell of a merged range takes the value of its top-left cell.
        for merged in list(sheet.merged_cells.ranges):
            value = sheet.cell(merged.min_row, merged.min_col).value
            sheet.unmerge_cells(str(merged))
            for row in sheet.iter_rows(min_row=merged.min_row, max_row=merged.max_row, min_col=merged.min_col,
                                       max_col=merged.max_col):
                for cell in row:
                    cell.value = value
        return [["" if v is None else str(v).strip() for v in row] for row in sheet.iter_rows(values_only=True)]
    if name.lower().endswith(".csv"):
        from gongkai.publishing.importer import ImportFileError, decode

        try:
            text = decode(raw)
        except ImportFileError as exc:
            raise DomainError(f"CSV 文件无法读取：{exc}") from exc
        from gongkai.core.safefiles import csv_rows

        return [[c.strip() for c in row] for row in csv_rows(text)]
    raise DomainError("只支持 12345 热线导出的 XLSX 或 CSV 文件。")


def hotline_import(*, actor: Any, organisation: Organisation, filename: str, raw: bytes,
                   mapping: dict[str, str] | None = None, dry_run: bool = True) -> ImportReport:
    """Import 12345 Q&A rows: column mapping (aliases by default), duplicate detection by question,
    row-level errors; with dry_run nothing is written and the first rows are previewed."""
    require_role(actor, organisation, [Role.OFFICER, Role.ADMIN], action="导入 12345 知识库")
    table = [row for row in _read_table(filename, raw) if any(row)]
    if not table:
        raise DomainError("文件中没有数据。")
    header = table[0]
    columns: dict[str, int] = {}
    for key, aliases in COLUMN_ALIASES.items():
        wanted = (mapping or {}).get(key)
        names = [wanted] if wanted else aliases
        for i, name in enumerate(header):
            if name in names:
                columns[key] = i
                break
    missing = [k for k in ("question", "answer") if k not in columns]
    if missing:
        labels = {"question": "问题", "answer": "答复"}
        raise DomainError(f"缺少必需的列：{'、'.join(labels[k] for k in missing)}。表头为：{'、'.join(header)}。"
                          "请在导入时指定列的对应关系。")
    report = ImportReport()
    existing = set(KnowledgeEntry.objects.values_list("question_key", flat=True))
    seen: set[str] = set()
    to_create = []
    for number, row in enumerate(table[1:], start=2):
        report.rows += 1

        def cell(key: str, row: list[str] = row) -> str:
            i = columns.get(key)
            return row[i] if i is not None and i < len(row) else ""

        question, answer = cell("question"), cell("answer")
        if not question or not answer:
            report.errors.append({"row": number, "error": "问题或答复为空"})
            continue
        key = rules.question_key(question)
        if key in existing or key in seen:
            report.duplicates += 1
            continue
        seen.add(key)
        item = {"question": question, "answer": answer, "external_id": cell("external_id"), "topic": cell("topic")}
        if len(report.preview) < 10:
            report.preview.append(item)
        to_create.append(item)
    if dry_run:
        report.created = len(to_create)
        return report
    with transaction.atomic():
        KnowledgeEntry.objects.bulk_create([
            KnowledgeEntry(question=i["question"][:500], question_key=rules.question_key(i["question"]),
                           answer=i["answer"], external_id=i["external_id"][:60], topic=i["topic"][:60],
                           organisation=organisation, source=KnowledgeEntry.Source.HOTLINE,
                           answered_by_name="12345 热线知识库")
            for i in to_create
        ])
        report.created = len(to_create)
        audit(actor=actor, action=Action.HOTLINE_IMPORT, organisation=organisation, object_repr=filename,
              after={"created": report.created, "duplicates": report.duplicates, "errors": len(report.errors)})
    return report


# --- Subscriptions (政策订阅; 涉企政策精准推送 is one use) --------------------------------------------

SIGNER = "gongkai.qa.unsubscribe"
CONFIRM_SIGNER = "gongkai.qa.subscribe-confirm"
CONFIRM_MAX_AGE = 7 * 86400


def subscription_create(*, email: str, topics: list[str], publishers: list[str], keywords: str,
                        trade: str = "", known_publishers: list[str] | None = None) -> Subscription:
    """A subscription waiting for confirmation (double opt-in): only the confirmation mail is sent;
    nothing else reaches the address before its owner follows the signed link."""
    _check_email(email)
    bad = [t for t in topics if t not in TOPICS]
    if bad:
        raise DomainError(f"未知的主题分类：{'、'.join(bad)}。")
    if known_publishers is not None:
        unknown = [p for p in publishers if p not in known_publishers]
        if unknown:
            raise DomainError(f"未知的发文机关：{'、'.join(unknown)}。请从列表中选择。", field="publishers")
    if not (topics or publishers or keywords.strip() or trade.strip()):
        raise DomainError("请至少选择一个主题分类、发文机关、关键词或行业。")
    with transaction.atomic():
        sub = Subscription.objects.create(email=email.strip(), topics=topics, publishers=publishers,
                                          keywords=keywords.strip()[:200], trade=trade.strip()[:60],
                                          is_active=False)
        audit(actor=None, action=Action.SUBSCRIBE, obj=sub, anonymous_as="公众（订阅者）", object_repr=f"订阅 #{sub.pk}")
        on_commit(lambda: _send_confirmation(sub))
    return sub


def confirm_token(sub: Subscription) -> str:
    return signing.dumps(sub.pk, salt=CONFIRM_SIGNER)


def _send_confirmation(sub: Subscription) -> None:
    from django.conf import settings

    link = f"{settings.SITE_URL}/qa/subscribe/confirm/{confirm_token(sub)}/"
    send_mail("请确认您的政策订阅",
              f"您（或他人用您的邮箱）在本站申请了政策订阅。\n确认订阅请打开以下链接（7 天内有效）：\n{link}\n\n"
              "如果不是您本人操作，请忽略本邮件：未经确认，我们不会再给您发送任何邮件。", None, [sub.email])


def subscription_confirm(*, token: str) -> Subscription:
    try:
        pk = signing.loads(token, salt=CONFIRM_SIGNER, max_age=CONFIRM_MAX_AGE)
    except signing.SignatureExpired as exc:
        raise NotFoundError("确认链接已过期（7 天内有效），请重新订阅。") from exc
    except signing.BadSignature as exc:
        raise NotFoundError("确认链接无效。") from exc
    sub = Subscription.objects.filter(pk=pk).first()
    if sub is None:
        raise NotFoundError("确认链接无效。")
    with transaction.atomic():
        if sub.confirmed_at is None and sub.unsubscribed_at is None:
            sub.is_active = True
            sub.confirmed_at = timezone.now()
            sub.save(update_fields=["is_active", "confirmed_at"])
            audit(actor=None, action=Action.CONFIRM, obj=sub, anonymous_as="公众（订阅者）", object_repr=f"订阅 #{sub.pk}")
    return sub


def unsubscribe_token(sub: Subscription) -> str:
    return signing.dumps(sub.pk, salt=SIGNER)


FEED_SIGNER = "gongkai.qa.feed"


def feed_token(sub: Subscription) -> str:
    """A separate salt, so a shared RSS address cannot be used to unsubscribe."""
    return signing.dumps(sub.pk, salt=FEED_SIGNER)


def subscription_for_feed(token: str) -> Subscription:
    try:
        pk = signing.loads(token, salt=FEED_SIGNER)
    except signing.BadSignature as exc:
        raise NotFoundError("订阅源地址无效。") from exc
    sub = Subscription.objects.filter(pk=pk, is_active=True).first()
    if sub is None:
        raise NotFoundError("该订阅已退订或不存在。")
    return sub


def subscription_cancel(*, token: str) -> Subscription:
    try:
        pk = signing.loads(token, salt=SIGNER, max_age=3 * 365 * 86400)
    except signing.BadSignature as exc:
        raise NotFoundError("退订链接无效或已过期。") from exc
    sub = Subscription.objects.filter(pk=pk).first()
    if sub is None:
        raise NotFoundError("退订链接无效或已过期。")
    with transaction.atomic():
        if sub.is_active:
            sub.is_active = False
            sub.unsubscribed_at = timezone.now()
            sub.save()
            audit(actor=None, action=Action.UNSUBSCRIBE, obj=sub, anonymous_as="公众（订阅者）", object_repr=f"订阅 #{sub.pk}")
    return sub


def matches(sub: Subscription, doc: Document) -> bool:
    if sub.topics and doc.topic not in sub.topics:
        return False
    if sub.publishers and doc.publisher_name not in sub.publishers:
        return False
    words = [w for w in sub.keywords.replace("，", " ").replace(",", " ").split() if w]
    text = f"{doc.title} {doc.keywords} {doc.body_text[:5000]}"
    if words and not any(w in text for w in words):
        return False
    return not (sub.trade and sub.trade not in text)


def notify_subscribers(sender: Any, document: Document, **kwargs: Any) -> int:
    """Mail every active subscription that matches a newly published item (runs after commit)."""
    return _notify([document])


def notify_subscribers_batch(sender: Any, documents: list[Document], **kwargs: Any) -> int:
    """After an import: one mail per matching subscription listing its new items (not one per item)."""
    return _notify(documents)


def _notify(documents: list[Document]) -> int:
    """Each (subscription, item) is claimed by an insert the unique constraint admits once (core.claims):
    a second run, at once or later, mails only what it claimed itself, so nobody hears of an item twice.
    The claim commits before the mail; `sent_at` marks the mails that left."""
    from django.conf import settings

    sent = 0
    for sub in Subscription.objects.filter(is_active=True):
        matching = [doc for doc in documents if matches(sub, doc)]
        if not matching:
            continue
        claimed = {d.document_id: d for d in claim_many(SubscriptionDelivery, [
            SubscriptionDelivery(subscription=sub, document=doc) for doc in matching])}
        found = [doc for doc in matching if doc.pk in claimed]
        if not found:
            continue
        link = f"{settings.SITE_URL}/qa/unsubscribe/{unsubscribe_token(sub)}/"
        feed = f"{settings.SITE_URL}/qa/feed/{feed_token(sub)}/"
        subject = f"【政策推送】{found[0].title}" if len(found) == 1 else f"【政策推送】{len(found)} 条新公开文件"
        items = "\n\n".join(f"{doc.title}\n{doc.doc_no}\n{settings.SITE_URL}{doc.get_absolute_url()}" for doc in found)
        send_mail(subject, f"{items}\n\nRSS 订阅源：{feed}\n一键退订：{link}", None, [sub.email])
        SubscriptionDelivery.objects.filter(pk__in=[d.pk for d in claimed.values()]).update(sent_at=timezone.now())
        sent += 1
    return sent


# --- 舆情回应台账 ------------------------------------------------------------------------------------

def concern_record(*, actor: Any, organisation: Organisation, source: str, occurred_on: date, summary: str,
                   response: dict[str, Any] | None = None,
                   commitments: list[tuple[str, date]] | None = None) -> Concern:
    require_role(actor, organisation, [Role.OFFICER, Role.ADMIN, Role.SUPERVISOR], action="登记舆情回应")
    if not summary.strip() or not source.strip():
        raise DomainError("请填写舆情来源和概要。")
    if occurred_on > timezone.localdate():
        raise DomainError("发生日期不能晚于今天。")
    with transaction.atomic():
        concern = Concern.objects.create(organisation=organisation, source=source, occurred_on=occurred_on,
                                         summary=summary, created_by=actor, **(response or {}))
        for text, due in commitments or []:
            Commitment.objects.create(concern=concern, text=text, due_on=due)
        audit(actor=actor, action=Action.CONCERN, obj=concern, organisation=organisation)
    return concern
