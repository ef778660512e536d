"""Doubles left by the old concurrent-import bug (issue 11): migration 0006 refuses while they exist;
`dedupe_imported_documents` keeps the earliest, withdraws the others with an event, deletes nothing."""

from __future__ import annotations

import importlib
from io import StringIO

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import IntegrityError, connection, transaction

from gongkai.core.models import AuditEvent
from gongkai.publishing.models import Document, DocumentEvent, Status

migration = importlib.import_module("gongkai.publishing.migrations.0006_import_identity")
INDEXES = ("uniq_import_hash", "uniq_import_hash_no_org", "uniq_import_key", "uniq_import_key_no_org")


def imported(org, n: int, key: str, body: str = "正文相同的已公开文件内容，共二十个字以上，用于重复导入。") -> Document:
    return Document.objects.create(organisation=org, index_no=f"TEST-2025-{n:05d}", title="关于重复导入的通知",
                                   status=Status.PUBLISHED, import_key=key, body_text=body,
                                   content_hash=f"hash-of-{body}")


def test_the_constraints_refuse_a_second_import_of_the_same_text(cast) -> None:
    imported(cast.gov, 1, "a.txt")
    with pytest.raises(IntegrityError), transaction.atomic():
        imported(cast.gov, 2, "b.txt")
    with pytest.raises(IntegrityError), transaction.atomic():
        imported(cast.gov, 3, "a.txt", body="另一份正文")
    imported(cast.dept_a, 4, "a.txt")  # another 公开主体 may publish the same text
    Document.objects.create(organisation=cast.gov, index_no="TEST-2025-00005", title="编辑器拟稿",
                            content_hash="hash-of-正文相同的已公开文件内容，共二十个字以上，用于重复导入。")


def test_migration_refuses_doubles_until_deduplicated(cast) -> None:
    with connection.cursor() as cursor:  # the database as the old bug left it
        for name in INDEXES:
            cursor.execute(f"DROP INDEX {name}")
    first = imported(cast.gov, 1, "a.txt")
    second = imported(cast.gov, 2, "a-copy.txt")
    third = imported(cast.gov, 3, "a.txt", body="同名文件的另一份正文，也是重复导入留下的文件内容。")
    with pytest.raises(RuntimeError, match="dedupe_imported_documents"):
        migration.refuse_duplicates(apps, None)

    out = StringIO()
    call_command("dedupe_imported_documents", stdout=out)

    assert "已处理重复导入 2 份" in out.getvalue()
    migration.refuse_duplicates(apps, None)  # no longer refuses
    first.refresh_from_db(), second.refresh_from_db(), third.refresh_from_db()
    assert (first.status, first.import_key) == (Status.PUBLISHED, "a.txt")
    for copy in (second, third):
        assert (copy.status, copy.import_key) == (Status.WITHDRAWN, "")
        assert first.index_no in copy.withdrawn_reason
        event = DocumentEvent.objects.get(document=copy, kind="withdraw")
        assert (event.from_status, event.to_status) == (Status.PUBLISHED, Status.WITHDRAWN)
        assert AuditEvent.objects.filter(object_id=str(copy.pk), action="document.withdraw").exists()
    assert Document.objects.count() == 3
