"""Reads of the 基层政务公开标准目录: the catalogue by 领域, its links to published items (the public sees
public items only) and the completeness check per organisation."""

from __future__ import annotations

from collections import OrderedDict
from datetime import date
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from gongkai.catalog import rules
from gongkai.catalog.models import Domain, Entry, EntryDocument, Mode
from gongkai.core.models import Organisation
from gongkai.core.selectors import first_or_404, get_calendar, visible_org_ids


def domains() -> QuerySet[Domain]:
    return Domain.objects.all()


def entries_of(organisation: Organisation) -> QuerySet[Entry]:
    return Entry.objects.filter(organisation=organisation).select_related("domain").order_by("domain__order", "order", "pk")


def by_domain(entries: Any) -> list[tuple[Domain, list[Entry]]]:
    grouped: OrderedDict[int, tuple[Domain, list[Entry]]] = OrderedDict()
    for entry in entries:
        grouped.setdefault(entry.domain_id, (entry.domain, []))[1].append(entry)
    return list(grouped.values())


def entry_for(user: Any, pk: int) -> Entry:
    return first_or_404(
        Entry.objects.filter(pk=pk, organisation_id__in=visible_org_ids(user)).select_related("domain", "organisation"))


def _public_links(entry_ids: list[int]) -> dict[int, list[Any]]:
    from gongkai.publishing.selectors import public_documents

    # Published items only: a withdrawn item is no longer what the catalogue points the public to.
    public = set(public_documents().filter(status="published", pk__in=EntryDocument.objects.filter(
        entry_id__in=entry_ids).values("document_id")).values_list("pk", flat=True))
    result: dict[int, list[Any]] = {}
    for link in EntryDocument.objects.filter(entry_id__in=entry_ids).select_related("document").order_by("-document__published_on"):
        if link.document_id in public:
            result.setdefault(link.entry_id, []).append(link.document)
    return result


def completeness(organisation: Organisation, *, year: int | None = None, today: date | None = None) -> dict[str, Any]:
    """For each entry: the items published under it, each checked against the entry's 公开时限 on the
    working-day calendar, and the entry's status (rules.entry_status). `year` limits to items formed
    (or, without that date, published) in that year."""
    today = today or timezone.localdate()
    calendar = get_calendar()
    entries = list(entries_of(organisation))
    links = _public_links([e.pk for e in entries])
    rows = []
    counts = dict.fromkeys(rules.LABELS, 0)
    for entry in entries:
        checks = []
        for doc in links.get(entry.pk, []):
            formed = doc.changed_on or doc.written_on
            when = formed or doc.published_on
            if year and (when is None or when.year != year):
                continue
            check = rules.check_publication(formed, doc.published_on, entry.time_limit_workdays, calendar, today)
            checks.append({"document": doc, "formed_on": formed, "check": check,
                           "label": rules.LABELS[check.status]})
        status = rules.entry_status(entry.mode == Mode.ACTIVE, [c["check"] for c in checks])
        counts[status] += 1
        rows.append({"entry": entry, "status": status, "label": rules.LABELS[status], "items": checks})
    checked = len(rows) - counts[rules.ON_REQUEST]
    rate = round(100 * counts[rules.ON_TIME] / checked, 1) if checked else 0.0
    return {"rows": rows, "counts": [(rules.LABELS[k], v, k) for k, v in counts.items()], "rate": rate,
            "organisation": organisation, "year": year}


def public_catalogue(organisation: Organisation) -> list[tuple[Domain, list[dict[str, Any]]]]:
    entries = list(entries_of(organisation))
    links = _public_links([e.pk for e in entries])
    return [(domain, [{"entry": e, "documents": links.get(e.pk, [])} for e in group])
            for domain, group in by_domain(entries)]


def catalogue_organisations() -> QuerySet[Organisation]:
    """Organisations that have a catalogue (for the public page)."""
    return Organisation.objects.filter(pk__in=Entry.objects.values("organisation_id"), is_active=True).order_by("path")


def suggestions(entry: Entry, limit: int = 30) -> list[Any]:
    """Public items of the organisation (and its departments) not yet filed under the entry."""
    from gongkai.publishing.selectors import public_documents

    linked = EntryDocument.objects.filter(entry=entry).values("document_id")
    return list(public_documents().filter(organisation__path__startswith=entry.organisation.path, status="published")
                .exclude(pk__in=linked).exclude(kind="news").order_by("-published_on")[:limit])
