"""部分公开 redaction (条例第三十七条): the released copy holds none of the withheld text anywhere (text
layer, metadata, outline, notes, fields, XML parts, file name); the original is kept unchanged and private;
bad input is refused with a clear message and nothing is lost."""

from __future__ import annotations

import hashlib
from datetime import date
from pathlib import Path

import pymupdf
import pytest

from gongkai.applications import letters, redaction, services
from gongkai.applications.models import ApplicationEvent, RedactionMark, ReleasedCopy
from gongkai.applications.tests.letters_support import (
    PERSON,
    SECRET,
    configure,
    docx_text,
    make_docx,
    make_encrypted_pdf,
    make_pdf,
    make_scanned_pdf,
    submitted,
    through_everything,
    upload,
)
from gongkai.core.exceptions import DomainError, NotFoundError
from gongkai.core.models import AuditEvent

THIRD = "art15_third_party"


def _released_bytes(copy: ReleasedCopy) -> bytes:
    return redaction.released_file(copy)[0]


def test_pdf_release_removes_the_text_everywhere_and_keeps_the_original(cast) -> None:
    app = submitted(cast)
    # PERSON wraps over a line break on page 1: it must be found and removed all the same.
    original = make_pdf([f"合同摘要：{SECRET}。联系人{PERSON}。", f"附件二：{SECRET}", "第三页没有秘密"],
                        with_extras=True)
    disclosure = redaction.disclosure_upload(actor=cast.officer_a, application=app,
                                             file=upload(f"{SECRET}.pdf", original), title="施工合同")
    assert disclosure.pages == 3 and disclosure.has_text
    text_mark = redaction.redaction_mark_add(actor=cast.officer_a, disclosure=disclosure, kind="text",
                                             reason=THIRD, text=SECRET)
    assert text_mark.hits == 3  # page 1, page 2, and the form field that shows it
    person = redaction.redaction_mark_add(actor=cast.officer_a, disclosure=disclosure, kind="text", reason=THIRD,
                                          text=PERSON)
    copy = redaction.redaction_release(actor=cast.officer_a, disclosure=disclosure)
    released = _released_bytes(copy)
    everything = redaction.pdf_all_text(released)
    assert SECRET not in everything and PERSON not in everything and person.hits == 1
    assert PERSON[-8:] not in everything and "王五的身份" not in everything  # both halves of the wrapped one
    assert "合同摘要" in everything and "第三页没有秘密" in everything  # the rest is still disclosed
    with pymupdf.open(stream=released, filetype="pdf") as doc:
        assert not any(doc.metadata.values()) or set(doc.metadata.values()) <= {"", None, "PDF 1.7"} | {
            v for k, v in doc.metadata.items() if k in ("format", "encryption")}
        assert doc.get_toc() == [] and not any(list(p.annots()) for p in doc) and len(doc) == 3
    # The name says nothing of the original's, which itself held the secret.
    assert copy.filename == f"{app.number}-公开件-1.pdf" and SECRET not in copy.file.name
    assert SECRET not in disclosure.original.name
    # The original is unchanged, private (outside MEDIA_ROOT) and the staff can still read it.
    assert hashlib.sha256(redaction.original_for_staff(actor=cast.officer_a, disclosure=disclosure)).hexdigest() \
        == disclosure.sha256 == hashlib.sha256(original).hexdigest()
    from django.conf import settings

    assert not Path(disclosure.original.path).resolve().is_relative_to(Path(settings.MEDIA_ROOT).resolve())
    assert ApplicationEvent.objects.filter(application=app, kind="redaction_release").exists()
    assert AuditEvent.objects.filter(action=redaction.RedactionAction.RELEASE, object_id=str(copy.pk)).exists()
    assert AuditEvent.objects.filter(action=redaction.RedactionAction.VIEW_ORIGINAL).count() == 1
    assert copy.summary == [{"reason": THIRD, "article": "第十五条", "where": f"中{3 + person.hits}处文字", "count": 2}]


def test_docx_release_removes_split_runs_headers_comments_deletions_and_properties(cast) -> None:
    app = submitted(cast)
    original = make_docx()
    assert SECRET in redaction.docx_all_text(original) and PERSON in redaction.docx_all_text(original)
    disclosure = redaction.disclosure_upload(actor=cast.officer_a, application=app,
                                             file=upload("合同.docx", original), title="合同")
    redaction.redaction_mark_add(actor=cast.officer_a, disclosure=disclosure, kind="text", reason=THIRD, text=SECRET)
    redaction.redaction_mark_add(actor=cast.officer_a, disclosure=disclosure, kind="text", reason="art15_third_party",
                                 text=PERSON)
    released = _released_bytes(redaction.redaction_release(actor=cast.officer_a, disclosure=disclosure))
    everything = redaction.docx_all_text(released)
    assert SECRET not in everything and PERSON not in everything
    assert "合同约定：【不予公开】，工期180天。" in docx_text(released)
    letters.check_docx_wellformed(released)
    import io

    from docx import Document

    doc = Document(io.BytesIO(released))  # Word can still open it
    assert doc.core_properties.title == "" and doc.core_properties.author == ""


def test_scanned_pdf_says_it_has_no_text_and_region_redaction_blanks_the_pixels(cast) -> None:
    app = submitted(cast)
    scan = make_scanned_pdf(SECRET)
    disclosure = redaction.disclosure_upload(actor=cast.officer_a, application=app, file=upload("scan.pdf", scan))
    assert disclosure.has_text is False
    with pytest.raises(DomainError, match="没有文字层"):
        redaction.redaction_mark_add(actor=cast.officer_a, disclosure=disclosure, kind="text", reason=THIRD,
                                     text=SECRET)
    region = (60, 60, 540, 140)
    redaction.redaction_mark_add(actor=cast.officer_a, disclosure=disclosure, kind="region", reason=THIRD, page=1,
                                 rect=region)
    released = _released_bytes(redaction.redaction_release(actor=cast.officer_a, disclosure=disclosure))

    def ink(data: bytes) -> int:
        with pymupdf.open(stream=data, filetype="pdf") as doc:
            xref = doc[0].get_images()[0][0]
            pix = pymupdf.Pixmap(doc, xref)
            dark = 0
            for y in range(65, 135, 3):
                for x in range(65, 535, 3):
                    if sum(pix.pixel(x, y)[:3]) < 300:
                        dark += 1
            return dark

    # The image itself changed: the pixels of the text under the region are gone from it (not only covered),
    # and the page shows the black box there.
    assert ink(scan) > 50 and ink(released) == 0
    with pymupdf.open(stream=released, filetype="pdf") as doc:
        shown = doc[0].get_pixmap(dpi=36, clip=pymupdf.Rect(70, 70, 530, 130))
        assert max(sum(shown.pixel(x, y)[:3]) for x in range(shown.width) for y in range(shown.height)) < 60


@pytest.mark.parametrize("name, data, message", [
    ("secret.pdf", make_encrypted_pdf(), "已加密"),
    ("notes.txt", "纯文本".encode(), "不是 PDF 或 Word"),
    ("fake.pdf", b"<html>not a pdf</html>", "不是 PDF 或 Word"),
    ("old.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "旧版 Word"),
    ("empty.pdf", b"", "空的"),
])
def test_bad_files_are_refused_and_nothing_is_stored(cast, name, data, message) -> None:
    app = submitted(cast)
    with pytest.raises(DomainError, match=message):
        redaction.disclosure_upload(actor=cast.officer_a, application=app, file=upload(name, data))
    assert not app.disclosures.exists()


def test_a_redaction_that_covers_nothing_is_refused(cast) -> None:
    app = submitted(cast)
    disclosure = redaction.disclosure_upload(actor=cast.officer_a, application=app,
                                             file=upload("a.pdf", make_pdf([f"正文{SECRET}"])))
    with pytest.raises(DomainError, match="没有找到"):
        redaction.redaction_mark_add(actor=cast.officer_a, disclosure=disclosure, kind="text", reason=THIRD,
                                     text="并不存在的文字")
    with pytest.raises(DomainError, match="没有文字或图像"):
        redaction.redaction_mark_add(actor=cast.officer_a, disclosure=disclosure, kind="region", reason=THIRD,
                                     page=1, rect=(300, 600, 500, 700))
    with pytest.raises(DomainError, match="页码应在 1 至 1"):
        redaction.redaction_mark_add(actor=cast.officer_a, disclosure=disclosure, kind="page", reason=THIRD, page=2)
    with pytest.raises(DomainError, match="理由"):
        redaction.redaction_mark_add(actor=cast.officer_a, disclosure=disclosure, kind="text", reason="because",
                                     text=SECRET)
    with pytest.raises(DomainError, match="尚未标出"):
        redaction.redaction_release(actor=cast.officer_a, disclosure=disclosure)
    docx = redaction.disclosure_upload(actor=cast.officer_a, application=app, file=upload("b.docx", make_docx()))
    with pytest.raises(DomainError, match="只能按文字"):
        redaction.redaction_mark_add(actor=cast.officer_a, disclosure=docx, kind="page", reason=THIRD, page=1)
    assert not RedactionMark.objects.exists() and not ReleasedCopy.objects.exists()


def test_page_marks_withdrawal_and_a_new_release_replaces_the_old(cast) -> None:
    app = submitted(cast)
    disclosure = redaction.disclosure_upload(actor=cast.officer_a, application=app,
                                             file=upload("a.pdf", make_pdf(["公开的第一页", f"第二页：{SECRET}"])))
    page = redaction.redaction_mark_add(actor=cast.officer_a, disclosure=disclosure, kind="page", reason=THIRD, page=2)
    first = redaction.redaction_release(actor=cast.officer_a, disclosure=disclosure)
    assert SECRET not in redaction.pdf_all_text(_released_bytes(first))
    redaction.redaction_mark_withdraw(actor=cast.officer_a, mark=page, reason="第三方同意公开")
    with pytest.raises(DomainError, match="尚未标出"):
        redaction.redaction_release(actor=cast.officer_a, disclosure=disclosure)
    redaction.redaction_mark_add(actor=cast.officer_a, disclosure=disclosure, kind="text", reason=THIRD,
                                 text="第二页")
    second = redaction.redaction_release(actor=cast.officer_a, disclosure=disclosure)
    first.refresh_from_db()
    assert not first.is_current and second.is_current and redaction.current_released(app) == [second]
    assert RedactionMark.objects.filter(pk=page.pk, withdrawn=True).exists()  # withdrawn, never deleted


def test_outsiders_cannot_touch_a_disclosure(cast) -> None:
    app = submitted(cast)
    disclosure = redaction.disclosure_upload(actor=cast.officer_a, application=app,
                                             file=upload("a.pdf", make_pdf([f"正文{SECRET}"])))
    with pytest.raises(NotFoundError):
        redaction.original_for_staff(actor=cast.officer_b, disclosure=disclosure)
    with pytest.raises(NotFoundError):
        redaction.redaction_mark_add(actor=cast.officer_b, disclosure=disclosure, kind="text", reason=THIRD,
                                     text=SECRET)
    with pytest.raises(NotFoundError):
        redaction.disclosure_upload(actor=cast.officer_b, application=app, file=upload("a.pdf", make_pdf(["x"])))


def test_partial_reply_names_the_released_copy_and_the_reasons(cast) -> None:
    configure(cast)
    app = through_everything(cast, outcome="partial")
    disclosure = redaction.disclosure_upload(actor=cast.officer_a, application=app,
                                             file=upload("a.pdf", make_pdf([f"正文{SECRET}"])), title="施工合同")
    redaction.redaction_mark_add(actor=cast.officer_a, disclosure=disclosure, kind="text", reason=THIRD, text=SECRET)
    copy = redaction.redaction_release(actor=cast.officer_a, disclosure=disclosure)
    letter = letters.letter_issue(actor=cast.officer_a, application=app, kind="reply")
    text = "".join(letters.letter_text_of(letter).split())
    assert "第三十七条" in text and f"附件：{copy.filename}" in text
    assert "（一）施工合同中1处文字：涉及商业秘密、个人隐私，公开会损害第三方合法权益，依据《条例》第十五条不予公开" in text
    assert SECRET not in text
    assert services.application_archive  # the reply can now be archived by the workflow
    assert app.replied_on == date(2026, 11, 20)


def test_a_docx_bomb_is_refused_on_upload_by_the_shared_bounds(cast, settings) -> None:
    """The disclosed file goes through core.safefiles like every other office file: here 20,000 empty
    paragraphs, far under the size limits, against an element cap lowered for the test."""
    from gongkai.applications.letter_models import Disclosure
    from gongkai.core.tests.test_safefiles import docx_bytes, replace_member

    settings.SAFEFILES_MAX_XML_ELEMENTS = 5_000
    app = submitted(cast)
    body = (b'<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/'
            b'wordprocessingml/2006/main"><w:body>' + b"<w:p/>" * 20_000 + b"</w:body></w:document>")
    bomb = replace_member(docx_bytes(), "word/document.xml", body)
    with pytest.raises(DomainError, match="元素"):
        redaction.disclosure_upload(actor=cast.officer_a, application=app, file=upload("合同.docx", bomb), title="合同")
    assert not Disclosure.objects.filter(application=app).exists()
