"""条例第二十六条: items published more than 20 working days after being formed or changed are listed."""

from __future__ import annotations

from datetime import date, timedelta

from gongkai.core.selectors import get_calendar
from gongkai.core.workdays import add_workdays
from gongkai.publishing.models import Document, Status
from gongkai.publishing.selectors import late_publications


def _doc(org, serial: int, changed: date, published: date | None) -> Document:
    return Document.objects.create(organisation=org, index_no=f"{org.credit_code}/2025-{serial:05d}",
                                   title=f"第{serial}号文件", changed_on=changed, published_on=published,
                                   status=Status.PUBLISHED if published else Status.DRAFT)


def test_late_items_are_listed_for_their_department_only(cast, client) -> None:
    changed = date(2025, 3, 3)
    due = add_workdays(changed, 20, get_calendar()).result
    on_time = _doc(cast.dept_a, 1, changed, due)
    late = _doc(cast.dept_a, 2, changed, due + timedelta(days=1))
    unpublished = _doc(cast.dept_a, 3, changed, None)
    listed = {doc.pk: d for doc, d in late_publications(cast.officer_a, today=date(2025, 6, 1))}
    assert set(listed) == {late.pk, unpublished.pk} and on_time.pk not in listed
    assert listed[late.pk] == due
    assert late_publications(cast.officer_b, today=date(2025, 6, 1)) == []
    client.force_login(cast.officer_a)
    assert late.title in client.get("/staff/publishing/late/").content.decode()
