"""imported_duplicates_withdraw (called directly, as `dedupe_imported_documents` does before migration 0006):
per 公开主体 the earliest of the imported documents sharing a content hash or an import key is kept; each later
copy is 撤回 with a reason naming the kept 索引号, loses its import key, and gets its event and audit row in the
same transaction. Nothing is deleted. An operator's command: no role is checked, and there is no input to refuse;
the first version of the tables has no doubles, so a second run does nothing."""

from __future__ import annotations

import pytest
from django.db import connection

from gongkai.core.models import AuditEvent
from gongkai.publishing.models import Document, DocumentEvent, Status
from gongkai.publishing.services import imported_duplicates_withdraw

INDEXES = ("uniq_import_hash", "uniq_import_hash_no_org", "uniq_import_key", "uniq_import_key_no_org")
BODY = "正文相同的已公开文件内容，共二十个字以上，用于重复导入。"


@pytest.fixture
def old_tables(cast) -> None:
    with connection.cursor() as cursor:  # the database as the old concurrent-import bug left it
        for name in INDEXES:
            cursor.execute(f"DROP INDEX {name}")


def imported(org, n: int, key: str, body: str = BODY, status: str = Status.PUBLISHED) -> Document:
    return Document.objects.create(organisation=org, index_no=f"TEST-2025-{n:05d}", title="关于重复导入的通知",
                                   status=status, import_key=key, body_text=body, content_hash=f"hash-of-{body}")


def test_later_copies_are_withdrawn_with_event_and_audit(cast, old_tables) -> None:
    kept = imported(cast.gov, 1, "a.txt")
    same_text = imported(cast.gov, 2, "a-copy.txt")
    same_key = imported(cast.gov, 3, "a.txt", body="同名文件的另一份正文，也是重复导入留下的文件内容。")
    draft_copy = imported(cast.gov, 4, "a-draft.txt", status=Status.DRAFT)
    other_unit = imported(cast.dept_a, 5, "a.txt")  # another 公开主体 may publish the same text

    pairs = imported_duplicates_withdraw(actor=cast.admin)

    assert sorted((c.pk, k.pk) for c, k in pairs) == [(same_text.pk, kept.pk), (same_key.pk, kept.pk),
                                                      (draft_copy.pk, kept.pk)]
    for doc in (kept, same_text, same_key, draft_copy, other_unit):
        doc.refresh_from_db()
    assert (kept.status, kept.import_key) == (Status.PUBLISHED, "a.txt")
    assert (other_unit.status, other_unit.import_key) == (Status.PUBLISHED, "a.txt")
    for copy in (same_text, same_key):
        assert (copy.status, copy.import_key) == (Status.WITHDRAWN, "")
        assert kept.index_no in copy.withdrawn_reason and copy.withdrawn_at is not None
        event = DocumentEvent.objects.get(document=copy, kind="withdraw")
        assert (event.from_status, event.to_status) == (Status.PUBLISHED, Status.WITHDRAWN)
        row = AuditEvent.objects.get(action="document.withdraw", object_id=str(copy.pk))
        assert row.actor == cast.admin and row.organisation == cast.gov and kept.index_no in row.reason
    assert (draft_copy.status, draft_copy.import_key) == (Status.DRAFT, "")  # not published: only the key goes
    assert not AuditEvent.objects.filter(object_id__in=[str(kept.pk), str(other_unit.pk)],
                                         action="document.withdraw").exists()
    assert Document.objects.count() == 5


def test_a_second_run_and_a_clean_library_do_nothing(cast, old_tables) -> None:
    imported(cast.gov, 1, "a.txt")
    imported(cast.gov, 2, "a-copy.txt")
    assert len(imported_duplicates_withdraw()) == 1
    assert AuditEvent.objects.get(action="document.withdraw").actor_name == "系统"
    assert imported_duplicates_withdraw() == []
    assert AuditEvent.objects.filter(action="document.withdraw").count() == 1
