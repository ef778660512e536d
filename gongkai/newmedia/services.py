"""Writes for 政务新媒体: registering an account (开设备案), the lifecycle 备案 and its approval, importing
posts and messages (file export or RSS/Atom feed), running the checks, resolving warnings.

Each function checks the actor, runs in one transaction and writes its audit row there.
"""

from __future__ import annotations

import csv
import io
import json
import logging
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import IntegrityError, transaction
from django.utils import timezone

from gongkai.core.exceptions import DomainError, PermissionDeniedError, StateError
from gongkai.core.models import Organisation, Role
from gongkai.core.selectors import get_calendar, has_role, require_role
from gongkai.core.services import actor_name, audit
from gongkai.newmedia import rules
from gongkai.newmedia.models import (
    Account,
    AccountStatus,
    Action,
    Filing,
    Leader,
    Message,
    Platform,
    Post,
    Warning,
    WordRule,
)

log = logging.getLogger(__name__)

OPERATORS = [Role.OFFICER, Role.PUBLISHER, Role.ADMIN]
MAX_IMPORT_BYTES = 5 * 1024 * 1024
MAX_IMPORT_ROWS = 20_000
MAX_FIELD_CHARS = 100_000
CHANGEABLE = {"name": "账号名称", "account_id": "账号 ID", "sponsor": "主办单位", "url": "主页地址",
              "purpose": "开设用途", "feed_url": "RSS/Atom 订阅地址"}


def _validate_url(value: str, label: str) -> str:
    value = value.strip()
    if not value:
        return ""
    try:
        URLValidator(schemes=["http", "https"])(value)
    except ValidationError as exc:
        raise DomainError(f"{label}“{value[:80]}”不是有效的 http(s) 地址。", field="url") from exc
    return value


def _require_operator(actor: Any, organisation: Organisation, action: str) -> None:
    require_role(actor, organisation, OPERATORS, action=action)


# --- Registry and 备案 ------------------------------------------------------------------------

def account_register(*, actor: Any, organisation: Organisation, platform: str, name: str, account_id: str,
                     sponsor: str, purpose: str, url: str = "", feed_url: str = "", opened_on: date | None = None,
                     reason: str = "") -> Filing:
    """开设备案 (国办发〔2018〕123号): the account is registered as 待备案 until the supervising office approves."""
    _require_operator(actor, organisation, "登记政务新媒体账号")
    if platform not in Platform.values:
        raise DomainError("请选择账号所在平台。", field="platform")
    name, account_id, sponsor, purpose = name.strip(), account_id.strip(), sponsor.strip(), purpose.strip()
    if not (name and account_id and sponsor and purpose):
        raise DomainError("账号名称、账号 ID、主办单位和开设用途都必须填写（国办发〔2018〕123号：开设须备案）。")
    if Account.objects.filter(platform=platform, account_id=account_id).exists():
        raise DomainError(f"{Platform(platform).label}账号“{account_id}”已经登记过，同一账号不能登记两次。",
                          code="duplicate", field="account_id")
    opened_on = opened_on or timezone.localdate()
    try:
        with transaction.atomic():
            account = Account.objects.create(
                organisation=organisation, platform=platform, name=name[:100], account_id=account_id[:100],
                sponsor=sponsor[:100], purpose=purpose[:300], url=_validate_url(url, "主页地址"),
                feed_url=_validate_url(feed_url, "订阅地址"), status=AccountStatus.PENDING)
            filing = Filing.objects.create(
                account=account, kind=Filing.Kind.OPEN, reason=reason.strip() or purpose, effective_on=opened_on,
                requested_by=_user(actor), requested_by_name=actor_name(actor))
            audit(actor=actor, action=Action.FILING_REQUEST, obj=account, organisation=organisation,
                  after={"备案事项": "开设", "平台": Platform(platform).label, "账号": account_id})
    except IntegrityError as exc:  # the same account registered at the same moment by someone else
        raise DomainError(f"{Platform(platform).label}账号“{account_id}”已经登记过，同一账号不能登记两次。",
                          code="duplicate", field="account_id") from exc
    return filing


def filing_request(*, actor: Any, account: Account, kind: str, reason: str, effective_on: date,
                   changes: dict[str, str] | None = None, merge_into: Account | None = None) -> Filing:
    """变更、整合、关停、注销 备案: one pending request per account, allowed only from a fitting status."""
    _require_operator(actor, account.organisation, "申报政务新媒体备案")
    if kind not in Filing.Kind.values or kind == Filing.Kind.OPEN:
        raise DomainError("备案事项应为变更、整合、关停或注销。")
    if not rules.filing_allowed(kind, account.status):
        raise StateError(f"账号当前状态为“{account.get_status_display()}”，不能申报{Filing.Kind(kind).label}备案。")
    if not reason.strip():
        raise DomainError(f"请写明{Filing.Kind(kind).label}的理由（国办发〔2018〕123号：须向主管单位备案）。",
                          field="reason")
    clean: dict[str, str] = {}
    if kind == Filing.Kind.CHANGE:
        for key, value in (changes or {}).items():
            if key not in CHANGEABLE:
                raise DomainError(f"不能变更“{key}”。")
            value = str(value).strip()
            if key in ("url", "feed_url"):
                value = _validate_url(value, CHANGEABLE[key])
            if value and value != getattr(account, key):
                clean[key] = value[:300]
        if not clean:
            raise DomainError("变更备案至少要改变一项登记内容。")
    if kind == Filing.Kind.MERGE and (merge_into is None or merge_into.pk == account.pk
                                      or merge_into.status != AccountStatus.ACTIVE):
        raise DomainError("整合须指定一个运行中的其他账号作为整合后的账号。", field="merge_into")
    if account.filings.filter(status=Filing.Status.PENDING).exists():
        raise StateError("该账号还有一项备案尚未审核，审核后才能再申报。")
    try:
        with transaction.atomic():
            filing = Filing.objects.create(
                account=account, kind=kind, reason=reason.strip(), effective_on=effective_on, changes=clean,
                merge_into=merge_into if kind == Filing.Kind.MERGE else None,
                requested_by=_user(actor), requested_by_name=actor_name(actor))
            audit(actor=actor, action=Action.FILING_REQUEST, obj=account, organisation=account.organisation,
                  after={"备案事项": Filing.Kind(kind).label, **clean}, reason=reason)
    except IntegrityError as exc:
        raise StateError("该账号还有一项备案尚未审核，审核后才能再申报。") from exc
    return filing


def filing_decide(*, actor: Any, filing: Filing, approve: bool, note: str = "") -> Filing:
    """The supervising office (主管部门) approves a 备案, which applies the step, or sends it back with reasons."""
    account = filing.account
    require_role(actor, account.organisation, [Role.SUPERVISOR, Role.ADMIN], action="审核政务新媒体备案")
    if filing.status != Filing.Status.PENDING:
        raise StateError(f"该备案已{filing.get_status_display()}，不能重复审核。")
    if filing.requested_by_id and filing.requested_by_id == getattr(actor, "pk", None) \
            and not getattr(actor, "is_superuser", False):
        raise PermissionDeniedError("申报人不能审核自己申报的备案。")
    if not approve and not note.strip():
        raise DomainError("退回备案须写明理由。", field="note")
    if approve and not rules.filing_allowed(filing.kind, account.status):
        raise StateError(f"账号当前状态为“{account.get_status_display()}”，不能{filing.get_kind_display()}。")
    before = {"状态": account.get_status_display()}
    with transaction.atomic():
        filing.status = Filing.Status.APPROVED if approve else Filing.Status.REJECTED
        filing.decided_by, filing.decided_by_name = _user(actor), actor_name(actor)
        filing.decided_at, filing.decision_note = timezone.now(), note.strip()
        filing.save()
        if approve:
            _apply_filing(filing)
        audit(actor=actor, action=Action.FILING_APPROVE if approve else Action.FILING_REJECT, obj=account,
              organisation=account.organisation, before=before,
              after={"备案事项": filing.get_kind_display(), "状态": account.get_status_display()}, reason=note)
    return filing


def _apply_filing(filing: Filing) -> None:
    account = filing.account
    if filing.kind == Filing.Kind.CHANGE:
        for key, value in filing.changes.items():
            setattr(account, key, value)
    account.status = rules.FILING_RESULT[filing.kind]
    if filing.kind == Filing.Kind.OPEN:
        account.opened_on = filing.effective_on
    if filing.kind in (Filing.Kind.MERGE, Filing.Kind.SHUT, Filing.Kind.CANCEL):
        account.closed_on = filing.effective_on
    if filing.kind == Filing.Kind.MERGE:
        account.merged_into = filing.merge_into
    account.save()
    if account.status != AccountStatus.ACTIVE:
        # A closed account is no longer checked: its open warnings end with the account, not silently.
        account.warnings.filter(resolved_on__isnull=True).update(
            resolved_on=timezone.localdate(), resolution=f"账号已{account.get_status_display()}")


def _user(actor: Any) -> Any:
    return actor if getattr(actor, "is_authenticated", False) else None


# --- Posts and messages ----------------------------------------------------------------------

@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {"created": self.created, "updated": self.updated, "unchanged": self.unchanged, "errors": self.errors}


POST_COLUMNS = {
    "external_id": ("id", "编号", "文章ID", "内容ID", "guid"),
    "published_at": ("published_at", "发布时间", "时间", "日期"),
    "title": ("title", "标题"),
    "url": ("url", "链接", "原文链接"),
    "text": ("text", "正文", "内容", "摘要"),
    "drafter": ("drafter", "拟稿人", "撰稿人", "编辑"),
    "reviewer": ("reviewer", "审核人"),
    "publisher": ("publisher", "发布人", "签发人"),
    "is_repost": ("is_repost", "是否转载", "转载"),
    "repost_source": ("repost_source", "转载来源", "来源"),
}
MESSAGE_COLUMNS = {
    "external_id": ("id", "编号", "留言ID"),
    "received_at": ("received_at", "留言时间", "时间"),
    "text": ("text", "留言内容", "内容"),
    "answered_at": ("answered_at", "答复时间", "回复时间"),
    "answer": ("answer", "答复内容", "回复内容"),
}
REQUIRED = {"posts": ("external_id", "published_at", "title"), "messages": ("external_id", "received_at", "text")}


def _decode(data: bytes) -> str:
    """Exports come in UTF-8 (with or without BOM) or GBK; charset_normalizer decides."""
    from charset_normalizer import from_bytes

    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        best = from_bytes(data).best()
        if best is None:
            raise DomainError("无法识别文件的文字编码，请另存为 UTF-8 或 GBK 编码的 CSV。") from None
        return str(best)


def _parse_rows(filename: str, data: bytes) -> list[dict[str, Any]]:
    if len(data) > MAX_IMPORT_BYTES:
        raise DomainError(f"文件超过 {MAX_IMPORT_BYTES // 1024 // 1024} MB，请分批导入。")
    text = _decode(data)
    if filename.lower().endswith(".json"):
        try:
            parsed = json.loads(text)
        except ValueError as exc:
            raise DomainError(f"JSON 文件格式错误：第 {getattr(exc, 'lineno', '?')} 行附近无法解析。") from exc
        if isinstance(parsed, dict):
            parsed = parsed.get("items") or parsed.get("posts") or parsed.get("messages") or []
        if not isinstance(parsed, list) or not all(isinstance(r, dict) for r in parsed):
            raise DomainError("JSON 文件应为对象数组（每条内容一个对象）。")
        return parsed
    if not filename.lower().endswith(".csv"):
        raise DomainError("请上传平台导出的 CSV 或 JSON 文件。")
    reader = csv.DictReader(io.StringIO(text))
    rows: list[dict[str, Any]] = []
    try:
        for row in reader:
            rows.append(row)
            if len(rows) > MAX_IMPORT_ROWS:
                raise DomainError(f"一次最多导入 {MAX_IMPORT_ROWS} 条，请分批导入。")
    except csv.Error as exc:
        # e.g. a field longer than csv.field_size_limit(): a clear message, not a 500.
        raise DomainError(f"CSV 第 {len(rows) + 2} 行无法读取（{exc}）。") from exc
    return rows


def _pick(row: dict[str, Any], names: Iterable[str]) -> str:
    for name in names:
        if name in row and row[name] not in (None, ""):
            return str(row[name]).strip()
    return ""


def _header_check(rows: list[dict[str, Any]], kind: str) -> None:
    columns = POST_COLUMNS if kind == "posts" else MESSAGE_COLUMNS
    keys = set().union(*(r.keys() for r in rows)) if rows else set()
    missing = [f for f in REQUIRED[kind] if not any(n in keys for n in columns[f])]
    if missing:
        names = "、".join(f"“{columns[f][1]}”" for f in missing)
        raise DomainError(f"文件缺少必需的列：{names}（可用中文或英文列名，如 {', '.join(columns[missing[0]][:2])}）。")


def _parse_time(value: str) -> datetime:
    value = value.strip().replace("/", "-").replace("年", "-").replace("月", "-").replace("日", "")
    for fmt in ("%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d"):
        try:
            parsed = datetime.strptime(value[:19], fmt)
            break
        except ValueError:
            continue
    else:
        try:
            parsed = datetime.fromisoformat(value)
        except ValueError as exc:
            raise ValueError(f"时间“{value[:30]}”无法识别") from exc
    if timezone.is_naive(parsed):
        parsed = timezone.make_aware(parsed)
    return parsed


def _truthy(value: str) -> bool:
    return value.strip().lower() in {"1", "true", "yes", "是", "y", "转载"}


def posts_import(*, actor: Any, account: Account, filename: str, data: bytes, kind: str = "posts") -> ImportResult:
    """Import a platform export of posts or of public messages (CSV or JSON). A row is matched by its
    platform id, so importing the same export again changes nothing; bad rows are reported by number
    and the good ones are kept."""
    _require_operator(actor, account.organisation, "导入新媒体内容")
    if kind not in REQUIRED:
        raise DomainError("导入类型应为发布内容或留言。")
    rows = _parse_rows(filename, data)
    if not rows:
        raise DomainError("文件中没有数据行。")
    _header_check(rows, kind)
    result = ImportResult()
    with transaction.atomic():
        for number, row in enumerate(rows, start=2 if filename.lower().endswith(".csv") else 1):
            try:
                outcome = (_upsert_post if kind == "posts" else _upsert_message)(account, row)
            except ValueError as exc:
                result.errors.append(f"第 {number} 行：{exc}")
                continue
            setattr(result, outcome, getattr(result, outcome) + 1)
        audit(actor=actor, action=Action.POSTS_IMPORT, obj=account, organisation=account.organisation,
              after={"文件": filename[:100], "类型": "发布内容" if kind == "posts" else "留言"} | result.as_dict()
              | {"errors": len(result.errors)})
    return result


def _bounded(value: str, limit: int, label: str) -> str:
    if len(value) > limit:
        raise ValueError(f"{label}超过 {limit} 个字符")
    return value


def _post_fields(row: dict[str, Any]) -> dict[str, Any]:
    get = {f: _pick(row, names) for f, names in POST_COLUMNS.items()}
    if not get["external_id"]:
        raise ValueError("缺少编号")
    if not get["title"]:
        raise ValueError("缺少标题")
    text = _bounded(get["text"], MAX_FIELD_CHARS, "正文")
    written = rules.annotation_from_text(text)
    is_repost = _truthy(get["is_repost"]) if get["is_repost"] else rules.looks_like_repost(text)
    url = get["url"]
    if url:
        try:
            URLValidator(schemes=["http", "https"])(url)
        except ValidationError as exc:
            raise ValueError(f"链接“{url[:60]}”不是有效地址") from exc
    return {
        "published_at": _parse_time(get["published_at"]) if get["published_at"] else None,
        "title": _bounded(get["title"], 300, "标题"), "url": url[:500], "text": text,
        "drafter": (get["drafter"] or written.get("drafter", ""))[:60],
        "reviewer": (get["reviewer"] or written.get("reviewer", ""))[:60],
        "publisher": (get["publisher"] or written.get("publisher", ""))[:60],
        "is_repost": is_repost,
        "repost_source": (get["repost_source"] or written.get("source", ""))[:200] if is_repost else "",
    }


def _upsert_post(account: Account, row: dict[str, Any]) -> str:
    fields = _post_fields(row)
    if fields["published_at"] is None:
        raise ValueError("缺少发布时间")
    return _upsert(Post, account, _pick(row, POST_COLUMNS["external_id"])[:200], fields)


def _upsert_message(account: Account, row: dict[str, Any]) -> str:
    get = {f: _pick(row, names) for f, names in MESSAGE_COLUMNS.items()}
    if not get["external_id"] or not get["text"] or not get["received_at"]:
        raise ValueError("编号、留言时间和留言内容都必须有")
    fields = {"received_at": _parse_time(get["received_at"]),
              "text": _bounded(get["text"], MAX_FIELD_CHARS, "留言内容"),
              "answered_at": _parse_time(get["answered_at"]) if get["answered_at"] else None,
              "answer": _bounded(get["answer"], MAX_FIELD_CHARS, "答复内容")}
    return _upsert(Message, account, get["external_id"][:200], fields)


def _upsert(model: Any, account: Account, external_id: str, fields: dict[str, Any]) -> str:
    existing = model.objects.filter(account=account, external_id=external_id).first()
    if existing is None:
        model.objects.create(account=account, external_id=external_id, **fields)
        return "created"
    if all(getattr(existing, k) == v for k, v in fields.items()):
        return "unchanged"
    for k, v in fields.items():
        setattr(existing, k, v)
    existing.save()
    return "updated"


def feed_import(*, actor: Any, account: Account, url: str = "", fetch: Any = None) -> ImportResult:
    """Import posts from the account's RSS/Atom feed. `fetch(url) -> bytes` is the HTTP GET (bounded,
    http(s) only); tests pass a local server's address."""
    _require_operator(actor, account.organisation, "导入新媒体内容")
    url = _validate_url(url or account.feed_url, "订阅地址")
    if not url:
        raise DomainError("该账号没有登记 RSS/Atom 订阅地址。", field="feed_url")
    data = (fetch or fetch_bounded)(url)
    rows = parse_feed(data)
    result = ImportResult()
    with transaction.atomic():
        for number, row in enumerate(rows, start=1):
            try:
                outcome = _upsert_post(account, row)
            except ValueError as exc:
                result.errors.append(f"第 {number} 条：{exc}")
                continue
            setattr(result, outcome, getattr(result, outcome) + 1)
        audit(actor=actor, action=Action.POSTS_IMPORT, obj=account, organisation=account.organisation,
              after={"订阅地址": url[:200]} | result.as_dict() | {"errors": len(result.errors)})
    return result


def fetch_bounded(url: str, *, limit: int = MAX_IMPORT_BYTES, timeout: float = 15.0) -> bytes:
    """GET with a time limit and a size limit, following at most 5 redirects."""
    import httpx

    try:
        with httpx.Client(timeout=timeout, follow_redirects=True, max_redirects=5) as client, \
                client.stream("GET", url, headers={"User-Agent": "gongkai-newmedia/1"}) as response:
            if response.status_code >= 400:
                raise DomainError(f"订阅地址返回 HTTP {response.status_code}。")
            chunks, size = [], 0
            for chunk in response.iter_bytes():
                size += len(chunk)
                if size > limit:
                    raise DomainError(f"订阅内容超过 {limit // 1024 // 1024} MB，已停止读取。")
                chunks.append(chunk)
            return b"".join(chunks)
    except httpx.TooManyRedirects as exc:
        raise DomainError("订阅地址重定向次数过多（可能是重定向循环）。") from exc
    except httpx.HTTPError as exc:
        raise DomainError(f"无法读取订阅地址：{type(exc).__name__}。") from exc


def parse_feed(data: bytes) -> list[dict[str, Any]]:
    """RSS 2.0 or Atom items as import rows. defusedxml refuses entity tricks; text is stripped of HTML."""
    from defusedxml import DefusedXmlException, ElementTree
    from selectolax.lexbor import LexborHTMLParser

    try:
        root = ElementTree.fromstring(data)
    except (ElementTree.ParseError, DefusedXmlException) as exc:  # entity/DTD tricks are refused too
        raise DomainError("订阅内容不是有效的 RSS/Atom（XML 无法解析）。") from exc

    def local(tag: str) -> str:
        return tag.rsplit("}", 1)[-1]

    def child(node: Any, *names: str) -> Any:
        for c in node:
            if local(c.tag) in names:
                return c
        return None

    def text_of(node: Any) -> str:
        if node is None:
            return ""
        raw = "".join(node.itertext()).strip()
        return LexborHTMLParser(raw).text(separator="\n").strip() if "<" in raw else raw

    items = [n for n in root.iter() if local(n.tag) in ("item", "entry")]
    if local(root.tag) not in ("rss", "feed", "RDF"):
        raise DomainError("订阅内容不是 RSS 或 Atom 格式。")
    rows = []
    for item in items:
        link = child(item, "link")
        href = (link.get("href") if link is not None else None) or text_of(link)
        when = text_of(child(item, "pubDate", "published", "updated", "date"))
        rows.append({
            "id": text_of(child(item, "guid", "id")) or href or text_of(child(item, "title")),
            "published_at": _rfc822_to_iso(when), "title": text_of(child(item, "title")), "url": href,
            "text": text_of(child(item, "description", "content", "summary", "encoded")),
        })
    return rows


def _rfc822_to_iso(value: str) -> str:
    from email.utils import parsedate_to_datetime

    if not value:
        return ""
    try:
        return parsedate_to_datetime(value).astimezone(timezone.get_current_timezone()).strftime("%Y-%m-%d %H:%M:%S")
    except (TypeError, ValueError):
        return value  # ISO 8601 (Atom) is read by _parse_time


# --- Checks ---------------------------------------------------------------------------------

RECENT_DAYS = 90


def account_check(*, account: Account, today: date | None = None, actor: Any = None) -> list[Warning]:
    """Run every check on one live account; open warnings for new findings, resolve the ones that are gone.
    Idempotent: a second run the same day changes nothing (one open warning per account, kind and key)."""
    today = today or timezone.localdate()
    if account.status != AccountStatus.ACTIVE:
        return []
    findings = _findings(account, today)
    with transaction.atomic():
        open_now = {(w.kind, w.key): w for w in account.warnings.filter(resolved_on__isnull=True)}
        found_keys = set()
        opened = 0
        for f, post, message in findings:
            found_keys.add((f.kind, f.key))
            current = open_now.get((f.kind, f.key))
            if current is not None:
                if current.severity != f.severity or current.detail != f.detail[:500]:
                    current.severity, current.detail = f.severity, f.detail[:500]
                    current.save(update_fields=["severity", "detail"])
                continue
            try:
                with transaction.atomic():
                    Warning.objects.create(account=account, kind=f.kind, severity=f.severity, key=f.key, post=post,
                                           message=message, detail=f.detail[:500], detected_on=today)
                opened += 1
            except IntegrityError:
                continue  # another run opened it a moment ago
        gone = [w.pk for key, w in open_now.items() if key not in found_keys]
        Warning.objects.filter(pk__in=gone).update(resolved_on=today, resolution="复查时问题已消除")
        account.last_checked_at = timezone.now()
        account.save(update_fields=["last_checked_at"])
        if opened or gone:  # a daily rerun that finds nothing new leaves no audit noise
            audit(actor=actor, action=Action.CHECK_RUN, obj=account, organisation=account.organisation,
                  after={"新发现": opened, "已消除": len(gone)})
    return list(account.warnings.filter(resolved_on__isnull=True))


def _findings(account: Account, today: date) -> list[tuple[rules.Finding, Post | None, Message | None]]:
    out: list[tuple[rules.Finding, Post | None, Message | None]] = []
    last = account.posts.order_by("-published_at").values_list("published_at", flat=True).first()
    stale = rules.staleness(timezone.localdate(last) if last else None, account.opened_on, today)
    if stale:
        out.append((stale, None, None))
    words = [(w.kind, w.phrase, w.suggestion) for w in WordRule.objects.filter(is_active=True)]
    leaders = [(x.name, x.title) for x in Leader.objects.filter(is_active=True)]
    since = timezone.make_aware(datetime.combine(today - timedelta(days=RECENT_DAYS), datetime.min.time()))
    for post in account.posts.filter(published_at__gte=since):
        key = f"post:{post.pk}"
        missing = rules.annotation_missing(post.drafter, post.reviewer, post.publisher)
        if missing and not post.is_repost:
            out.append((rules.Finding("annotation", "warn", key,
                                      f"《{post.title[:40]}》未标注{'、'.join(missing)}（江苏省2021年政务公开工作要点）。"),
                        post, None))
        lacking = rules.repost_missing(post.is_repost, post.repost_source, post.reviewer)
        if lacking:
            out.append((rules.Finding("repost", "warn", key,
                                      f"转载《{post.title[:40]}》未注明{'、'.join(lacking)}。"), post, None))
        content = f"{post.title}\n{post.text}"
        for hit in rules.word_hits(content, words):
            kind = "entertainment" if hit.kind == WordRule.Kind.ENTERTAINMENT else "severe"
            advice = f"，应为“{hit.suggestion}”" if hit.suggestion else ""
            out.append((rules.Finding(kind, "warn" if kind == "entertainment" else "serious",
                                      f"{key}:{hit.phrase}"[:100],
                                      f"《{post.title[:40]}》含“{hit.phrase}”{advice}。"), post, None))
        for problem in rules.leader_errors(content, leaders):
            out.append((rules.Finding("severe", "serious", f"{key}:{problem}"[:100],
                                      f"《{post.title[:40]}》领导姓名或职务错误：{problem}。"), post, None))
    calendar = get_calendar()
    for message in account.messages.filter(answered_at__isnull=True):
        received = timezone.localdate(message.received_at)
        severity = rules.unanswered(received, None, today, calendar)
        if severity:
            out.append((rules.Finding("unanswered", severity, f"message:{message.pk}",
                                      f"{received:%Y-%m-%d} 的留言“{message.text[:30]}”尚未回复。"), None, message))
    siblings = Account.objects.filter(organisation=account.organisation, platform=account.platform,
                                      status=AccountStatus.ACTIVE).exclude(pk=account.pk)
    if account.platform != Platform.OTHER and siblings.exists():
        names = "、".join(f"“{a.name}”" for a in siblings[:5])
        out.append((rules.Finding("duplicate", "warn", "",
                                  f"{account.organisation.name}在{account.get_platform_display()}另有账号 {names}"
                                  f"（国办发〔2018〕123号：一个单位原则上在同一平台只开设一个账号）。"), None, None))
    return out


def checks_run_all(*, today: date | None = None) -> int:
    """The daily job: check every live account."""
    count = 0
    for account in Account.objects.filter(status=AccountStatus.ACTIVE).select_related("organisation"):
        account_check(account=account, today=today)
        count += 1
    return count


def warning_resolve(*, actor: Any, warning: Warning, resolution: str) -> Warning:
    """An officer closes a warning by hand (e.g. the post was corrected on the platform), saying how."""
    _require_operator(actor, warning.account.organisation, "处理政务新媒体预警")
    if warning.resolved_on is not None:
        raise StateError("该预警已处理。")
    if not resolution.strip():
        raise DomainError("请写明处理情况。", field="resolution")
    with transaction.atomic():
        warning.resolved_on = timezone.localdate()
        warning.resolution = resolution.strip()[:300]
        warning.save(update_fields=["resolved_on", "resolution"])
        audit(actor=actor, action=Action.WARNING_RESOLVE, obj=warning.account,
              organisation=warning.account.organisation, after={"预警": warning.get_kind_display()},
              reason=resolution)
    return warning


def word_rule_save(*, actor: Any, kind: str, phrase: str, suggestion: str = "", note: str = "") -> WordRule:
    """Add or update a maintained phrase (管理员 or 主管部门)."""
    _require_maintainer(actor)
    phrase = phrase.strip()
    if kind not in WordRule.Kind.values or not phrase or len(phrase) > 60:
        raise DomainError("请选择类别并填写 1–60 个字的词语。")
    with transaction.atomic():
        rule, _ = WordRule.objects.update_or_create(kind=kind, phrase=phrase, defaults={
            "suggestion": suggestion.strip()[:100], "note": note.strip()[:200], "is_active": True})
        audit(actor=actor, action=Action.WORD_RULE_SAVE, obj=rule,
              after={"类别": rule.get_kind_display(), "词语": phrase, "规范表述": rule.suggestion})
    return rule


def leader_save(*, actor: Any, name: str, title: str, organisation: Organisation | None = None) -> Leader:
    _require_maintainer(actor)
    name, title = name.strip(), title.strip()
    if not (1 < len(name) <= 20) or not (1 < len(title) <= 60):
        raise DomainError("请填写领导姓名（2–20 字）和职务。")
    with transaction.atomic():
        leader, _ = Leader.objects.update_or_create(name=name, title=title, defaults={
            "organisation": organisation, "is_active": True})
        audit(actor=actor, action=Action.LEADER_SAVE, obj=leader, after={"姓名": name, "职务": title})
    return leader


def _require_maintainer(actor: Any) -> None:
    from gongkai.core.selectors import user_roles

    if getattr(actor, "is_superuser", False):
        return
    if not any(role in (Role.ADMIN, Role.SUPERVISOR) for _org, role in user_roles(actor)):
        raise PermissionDeniedError("只有管理员或主管部门可以维护词表。")


def can_decide(user: Any, account: Account) -> bool:
    return has_role(user, account.organisation, [Role.SUPERVISOR, Role.ADMIN])
