"""An imported item edited to the text of another imported item of the same 公开主体 would break the import
identity (decision 0110): the edit and the publication are refused with a message naming the other item,
instead of a database error (a 500 on the page)."""

from __future__ import annotations

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from gongkai.core.exceptions import DomainError
from gongkai.publishing import services
from gongkai.publishing.models import Document

FIRST = "青溪县财政局关于预算公开的通知\n各单位：请按时公开部门预算，接受社会监督。特此通知。"
SECOND = "青溪县财政局关于决算公开的通知\n各单位：请按时公开部门决算，接受社会监督。特此通知。"


@pytest.fixture
def two_imported(cast, tmp_path: Path) -> tuple[Document, Document]:
    (tmp_path / "a.txt").write_text(FIRST, encoding="utf-8")
    (tmp_path / "b.txt").write_text(SECOND, encoding="utf-8")
    call_command("import_documents", str(tmp_path), "--org", cast.dept_a.credit_code, stdout=StringIO())
    docs = list(Document.objects.filter(organisation=cast.dept_a).exclude(import_key="").order_by("import_key"))
    assert [d.import_key for d in docs] == ["a.txt", "b.txt"]
    return docs[0], docs[1]


def test_an_edit_to_another_imported_text_is_refused_and_nothing_is_saved(cast, two_imported) -> None:
    first, second = two_imported
    revisions = second.revisions.count()
    with pytest.raises(DomainError, match=f"与已导入的《{first.title}》（{first.index_no}）相同"):
        services.document_edit(actor=cast.admin, document=second, data={"body_html": f"<p>{first.body_text}</p>"},
                               change_note="一般修改")
    second.refresh_from_db()
    assert second.revisions.count() == revisions and "决算" in second.body_text


def test_an_edit_to_a_new_text_goes_through(cast, two_imported) -> None:
    _first, second = two_imported
    revision = services.document_edit(actor=cast.admin, document=second,
                                      data={"body_html": "<p>各单位：请于6月底前公开部门决算。</p>"}, change_note="一般修改")
    assert revision.data["body_text"].startswith("各单位：请于6月底前")
