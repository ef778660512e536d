"""The applicant receives the 公开件 (the redacted copy, 条例第三十七条) through the tracking session, once
the request is answered: never the original, never with the code in a URL. What the applicant downloads
holds none of the withheld strings anywhere a reader could look (text, metadata, XMP, outline, notes,
form fields, attachments, every decompressed stream, the file name), read with a second PDF library."""

from __future__ import annotations

import io
from datetime import date

from django.test import Client

from gongkai.applications import redaction, services
from gongkai.applications.tests.conftest import DATA, transition
from gongkai.applications.tests.letters_support import PERSON, SECRET, make_pdf, upload

THIRD = "art15_third_party"


def _everything(data: bytes) -> str:
    """All text and metadata pypdf can get out of a PDF (independent of the PyMuPDF code under test)."""
    from pypdf import PdfReader
    from pypdf.generic import ContentStream, IndirectObject, StreamObject

    reader = PdfReader(io.BytesIO(data))
    parts = [page.extract_text() or "" for page in reader.pages]
    parts += [f"{k}={v}" for k, v in (reader.metadata or {}).items()]
    xmp = reader.trailer["/Root"].get("/Metadata")
    parts += [xmp.get_object().get_data().decode("utf-8", "ignore") if xmp else ""]
    parts += [str(item) for item in reader.outline]
    parts += [f"{k}={v.get('/V')}" for k, v in (reader.get_fields() or {}).items()]
    parts += [f"{name}" for name in reader.attachments]
    for page in reader.pages:
        for annot in page.get("/Annots") or []:
            obj = annot.get_object()
            parts += [str(obj.get(key, "")) for key in ("/Contents", "/T", "/V", "/RC")]
    numbers = set(reader.xref_objStm) | {(num, gen) for gen, table in reader.xref.items() for num in table}
    for entry in numbers:
        num, gen = entry if isinstance(entry, tuple) else (entry, 0)
        try:
            obj = reader.get_object(IndirectObject(num, gen, reader))
        except Exception:  # noqa: BLE001 - free or missing object numbers
            continue
        parts.append(str(obj))
        if isinstance(obj, StreamObject) and not isinstance(obj, ContentStream):
            raw = obj.get_data()
            parts += [raw.decode("utf-8", "ignore"), raw.decode("utf-16-be", "ignore")]
    return "\n".join(parts)


def _answered_with_a_released_copy(cast):
    app, code = services.application_submit(actor=cast.officer_a, organisation=cast.dept_a, data=DATA,
                                            channel="in_person", submitted_on=date(2026, 9, 30))
    original = make_pdf([f"合同摘要：{SECRET}。联系人{PERSON}。", f"附件二：{SECRET}", "第三页没有秘密"],
                        with_extras=True)
    disclosure = redaction.disclosure_upload(actor=cast.officer_a, application=app,
                                             file=upload(f"{SECRET}.pdf", original), title="施工合同")
    for text in (SECRET, PERSON):
        redaction.redaction_mark_add(actor=cast.officer_a, disclosure=disclosure, kind="text", reason=THIRD, text=text)
    copy = redaction.redaction_release(actor=cast.officer_a, disclosure=disclosure)
    return app, code, disclosure, copy


def test_the_applicant_downloads_the_released_copy_and_finds_nothing_withheld(cast, client) -> None:
    app, code, disclosure, copy = _answered_with_a_released_copy(cast)
    page = client.post("/apply/track/", {"number": app.number, "code": code}).content.decode()
    url = f"/apply/released/{copy.pk}/"
    assert url not in page and client.get(url).status_code == 404  # not before the reply
    transition(cast.officer_a, app, "reply", outcome="partial", date=date(2026, 10, 20), reason="部分涉及商业秘密")
    page = client.get("/apply/track/").content.decode()
    assert f'href="{url}"' in page and code not in page and SECRET not in page
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff" and "no-store" in response["Cache-Control"]
    assert copy.filename in response["Content-Disposition"] or "%E5%85%AC%E5%BC%80%E4%BB%B6" in response[
        "Content-Disposition"]
    data = response.content
    assert data == redaction.released_file(copy)[0]
    found = _everything(data) + redaction.pdf_all_text(data) + response["Content-Disposition"]
    for withheld in (SECRET, PERSON, PERSON[-8:], "宏达建设"):
        assert withheld not in found, withheld
    assert "合同摘要" in found and "第三页没有秘密" in found  # the rest is disclosed
    original = redaction.original_for_staff(actor=cast.officer_a, disclosure=disclosure)
    assert all(withheld in _everything(original) for withheld in (SECRET, PERSON))  # the reader sees them there
    # The original stays with the staff: no applicant URL serves it, the staff URL sends them to log in.
    assert client.get(f"/staff/applications/{app.pk}/redact/{disclosure.pk}/original/").status_code == 302
    client.post("/apply/track/exit/")
    assert client.get(url).status_code == 404


def test_another_requests_copy_and_a_withdrawn_copy_are_not_served(cast) -> None:
    app, _code, disclosure, copy = _answered_with_a_released_copy(cast)
    transition(cast.officer_a, app, "reply", outcome="partial", date=date(2026, 10, 20))
    other, other_code = services.application_submit(actor=None, organisation=cast.dept_a, data=DATA)
    stranger = Client()
    stranger.post("/apply/track/", {"number": other.number, "code": other_code})
    assert stranger.get(f"/apply/released/{copy.pk}/").status_code == 404
    owner = Client()
    session = owner.session
    session["tracked_application"] = app.pk
    session.save()
    assert owner.get(f"/apply/released/{copy.pk}/").status_code == 200
    redaction.disclosure_withdraw(actor=cast.officer_a, disclosure=disclosure, reason="上传错了文件")
    assert owner.get(f"/apply/released/{copy.pk}/").status_code == 404
