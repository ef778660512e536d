"""Writes of the 基层政务公开标准目录: 领域, entries, the XLSX/CSV import, links to published items.
Each checks the actor's role, runs in one transaction and is audited."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from django.db import transaction

from gongkai.catalog import rules
from gongkai.catalog.models import Action, Audience, Domain, Entry, EntryDocument, Mode, Tier
from gongkai.core.exceptions import DomainError
from gongkai.core.models import Organisation, Role
from gongkai.core.selectors import require_role
from gongkai.core.services import audit

EDITOR_ROLES = [Role.OFFICER, Role.SUPERVISOR, Role.ADMIN]
HEADERS = ["领域", "一级事项", "二级事项", "公开内容（要素）", "公开依据", "公开时限", "公开主体", "公开渠道和载体", "公开对象",
           "公开方式", "公开层级"]
FIELDS = {"item_l1": 100, "item_l2": 100, "content": 2000, "basis": 2000, "time_limit": 120, "subject": 120,
          "channels": 300, "keywords": 200}
def _label(field: str) -> str:
    return str(getattr(Entry._meta.get_field(field), "verbose_name", field))


_LABELS = {"audience": {label: value for value, label in Audience.choices},
           "mode": {label: value for value, label in Mode.choices} | {"依申请公开": Mode.ON_REQUEST, "主动公开": Mode.ACTIVE},
           "tier": {label: value for value, label in Tier.choices} | {"县级,乡级": Tier.BOTH, "县级/乡级": Tier.BOTH,
                                                                     "县乡两级": Tier.BOTH}}


def ensure_pilot_domains() -> int:
    """The 26 pilot domains (loaded by migration 0002; again here for a database emptied since, e.g. a flushed
    test database). Returns how many were missing."""
    made = 0
    for order, name in enumerate(rules.PILOT_DOMAINS, start=1):
        _, created = Domain.objects.get_or_create(name=name, defaults={"pilot": True, "order": order})
        made += created
    return made


def domain_add(*, actor: Any, organisation: Organisation, name: str) -> Domain:
    """A 领域 beyond the 26 pilot domains, added by a department for its own items."""
    require_role(actor, organisation, EDITOR_ROLES, action="新增目录领域")
    name = re.sub(r"\s+", "", name or "")
    if not 2 <= len(name) <= 40:
        raise DomainError("领域名称应为 2–40 个字。")
    if Domain.objects.filter(name=name).exists():
        raise DomainError(f"领域“{name}”已存在。")
    with transaction.atomic():
        domain = Domain.objects.create(name=name, added_by=organisation, order=1000)
        audit(actor=actor, action=Action.DOMAIN_ADD, obj=domain, organisation=organisation, after={"name": name})
    return domain


def _clean(data: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for field, limit in FIELDS.items():
        value = str(data.get(field) or "").strip()
        if len(value) > limit:
            raise DomainError(f"“{_label(field)}”超过 {limit} 字。")
        out[field] = value
    for field in ("item_l1", "item_l2", "content", "subject"):
        if not out[field]:
            raise DomainError(f"“{_label(field)}”不能为空（标准目录必备要素）。")
    for field, choices in (("audience", Audience), ("mode", Mode), ("tier", Tier)):
        choice = str(data.get(field) or getattr(Entry._meta.get_field(field), "default", ""))
        if choice not in choices.values:
            raise DomainError(f"“{_label(field)}”的值无效。")
        out[field] = choice
    out["time_limit"] = out["time_limit"] or "信息形成或者变更之日起20个工作日内"
    out["time_limit_workdays"] = rules.time_limit_workdays(out["time_limit"])
    return out


def entry_save(*, actor: Any, organisation: Organisation, domain: Domain, data: dict[str, Any],
               entry: Entry | None = None) -> Entry:
    """Create or update one 公开事项 of the organisation's catalogue."""
    require_role(actor, organisation, EDITOR_ROLES, action="维护标准目录")
    if entry is not None and entry.organisation_id != organisation.pk:
        raise DomainError("该事项不属于本机构的目录。")
    values = _clean(data)
    clash = Entry.objects.filter(organisation=organisation, domain=domain, item_l1=values["item_l1"],
                                 item_l2=values["item_l2"])
    if entry is not None:
        clash = clash.exclude(pk=entry.pk)
    if clash.exists():
        raise DomainError(f"本机构的“{domain.name}”领域已有“{values['item_l1']}·{values['item_l2']}”事项。")
    with transaction.atomic():
        before = {f: getattr(entry, f) for f in values} if entry is not None else None
        if entry is None:
            order = Entry.objects.filter(organisation=organisation, domain=domain).count() + 1
            entry = Entry(organisation=organisation, domain=domain, order=order)
        entry.domain = domain
        for field, value in values.items():
            setattr(entry, field, value)
        entry.save()
        audit(actor=actor, action=Action.ENTRY_SAVE, obj=entry, organisation=organisation, before=before, after=values)
    return entry


def entry_link_document(*, actor: Any, entry: Entry, document: Any, automatic: bool = False) -> EntryDocument:
    """File a published item under an entry. Only the organisation's own public items (or its
    departments') can be filed in its catalogue."""
    from gongkai.publishing.selectors import public_documents

    require_role(actor, entry.organisation, EDITOR_ROLES, action="关联公开信息")
    allowed = public_documents().filter(pk=document.pk, status="published",
                                        organisation__path__startswith=entry.organisation.path)
    if not allowed.exists():
        raise DomainError("只能关联本机构（或所属部门）已公开的信息。")
    with transaction.atomic():
        link, created = EntryDocument.objects.get_or_create(
            entry=entry, document=document,
            defaults={"automatic": automatic, "linked_by": actor if getattr(actor, "is_authenticated", False) else None})
        if created:
            audit(actor=actor, action=Action.LINK, obj=entry, organisation=entry.organisation,
                  after={"document": document.index_no, "automatic": automatic})
    return link


def catalog_auto_link(*, actor: Any, organisation: Organisation) -> int:
    """Link each entry to the organisation's public items whose title contains one of its keywords."""
    from gongkai.publishing.selectors import public_documents

    require_role(actor, organisation, EDITOR_ROLES, action="关联公开信息")
    docs = list(public_documents().filter(organisation__path__startswith=organisation.path, status="published")
                .exclude(kind="news"))
    made = 0
    with transaction.atomic():
        for entry in Entry.objects.filter(organisation=organisation):
            words = [w for w in re.split(r"[、,，;；\s]+", entry.keywords) if len(w) >= 2]
            for doc in docs:
                if any(w in doc.title for w in words) and not EntryDocument.objects.filter(entry=entry, document=doc).exists():
                    entry_link_document(actor=actor, entry=entry, document=doc, automatic=True)
                    made += 1
    return made


# --- the catalogue spreadsheet ------------------------------------------------------------------

class CatalogImportError(DomainError):
    def __init__(self, errors: list[tuple[int, str]]) -> None:
        self.errors = errors
        lines = "；".join(f"第 {row} 行：{message}" for row, message in errors[:20])
        super().__init__(f"标准目录表格有 {len(errors)} 处错误，未导入任何内容。{lines}", code="import_rows")


@dataclass
class CatalogImportReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0


def catalog_import(*, actor: Any, organisation: Organisation, name: str, content: bytes) -> CatalogImportReport:
    """Read the catalogue layout back (XLSX or CSV, UTF-8 or GBK). Rows match entries by 领域 + 一级事项 +
    二级事项 (update) or add them; one bad row and nothing is written."""
    from gongkai.ledger.spreadsheet import _cell_text, read_sheet

    require_role(actor, organisation, EDITOR_ROLES, action="导入标准目录")
    rows = read_sheet(name, content, HEADERS)
    if not rows:
        raise DomainError("表格中没有目录事项。")
    domains = {d.name: d for d in Domain.objects.all()}
    planned: list[tuple[int, Domain, dict[str, Any]]] = []
    errors: list[tuple[int, str]] = []
    seen: set[tuple[str, str, str]] = set()
    for row in rows:
        v = {k: _cell_text(val) for k, val in row.values.items() if k != "__extra__"}
        problems = []
        if "__extra__" in row.values:
            problems.append("“公开层级”之后还有内容，请删除多余的列")
        domain = domains.get(v["领域"])
        if domain is None:
            problems.append(f"领域“{v['领域']}”不存在（26 个试点领域之外的领域请先在系统中新增）")
        data: dict[str, Any] = {"item_l1": v["一级事项"], "item_l2": v["二级事项"], "content": v["公开内容（要素）"],
                                "basis": v["公开依据"], "time_limit": v["公开时限"], "subject": v["公开主体"],
                                "channels": v["公开渠道和载体"]}
        for field, header in (("audience", "公开对象"), ("mode", "公开方式"), ("tier", "公开层级")):
            label = v[header].replace(" ", "")
            value = _LABELS[field].get(label) if label else None
            if label and value is None:
                problems.append(f"{header}“{label}”不是：{'、'.join(k for k in _LABELS[field])}")
            data[field] = value
        try:
            _clean(data)
        except DomainError as exc:
            problems.append(exc.message)
        key = (v["领域"], v["一级事项"], v["二级事项"])
        if key in seen:
            problems.append("与前面的行重复（领域、一级事项、二级事项相同）")
        seen.add(key)
        if problems:
            errors.extend((row.row, p) for p in problems)
        elif domain is not None:
            planned.append((row.row, domain, data))
    if errors:
        raise CatalogImportError(errors)
    report = CatalogImportReport()
    with transaction.atomic():
        for _row, domain, data in planned:
            entry = Entry.objects.filter(organisation=organisation, domain=domain, item_l1=data["item_l1"],
                                         item_l2=data["item_l2"]).first()
            values = _clean(data)
            if entry is not None and all(getattr(entry, f) == values[f] for f in values if f != "keywords"):
                report.unchanged += 1
                continue
            if entry is not None:
                data["keywords"] = entry.keywords
            entry_save(actor=actor, organisation=organisation, domain=domain, data=data, entry=entry)
            if entry is None:
                report.created += 1
            else:
                report.updated += 1
        audit(actor=actor, action=Action.IMPORT, object_type="catalog.entry", object_id=str(organisation.pk),
              object_repr=f"{organisation.name}标准目录", organisation=organisation,
              after={"file": name[:100], "created": report.created, "updated": report.updated})
    return report


def catalog_export_xlsx(entries: list[Entry], title: str) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    from gongkai.ledger.spreadsheet import _safe

    book = Workbook()
    sheet = book.active
    sheet.title = "标准目录"
    sheet.append([title])
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(HEADERS))
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.append(HEADERS)
    for cell in sheet[2]:
        cell.font = Font(bold=True)
    for e in entries:
        sheet.append([e.domain.name, _safe(e.item_l1), _safe(e.item_l2), _safe(e.content), _safe(e.basis),
                      _safe(e.time_limit), _safe(e.subject), _safe(e.channels), e.get_audience_display(),
                      e.get_mode_display(), e.get_tier_display()])
    for line in sheet.iter_rows(min_row=3):
        for cell in line:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    for letter, width in zip("ABCDEFGHIJK", (12, 16, 18, 40, 30, 20, 16, 20, 10, 10, 10), strict=True):
        sheet.column_dimensions[letter].width = width
    sheet.freeze_panes = "A3"
    import io

    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
