"""GB/T 9704-2012 layout of the letters: every kind's PDF drawn to PNG (PyMuPDF), all text inside the
版心 (37 mm top, 28 mm left, 156 × 225 mm) except the page number "— n —" below it, and no page holding
only the signature block; the DOCX is A4 with the same margins, East-Asian fonts and zh-CN."""

from __future__ import annotations

import re

import pymupdf
import pytest
from lxml import etree

from gongkai.applications import letters, services
from gongkai.applications.tests.letters_support import configure, docx_xml_parts, submitted, through_everything

MM = 72 / 25.4
LEFT, TOP, RIGHT, BOTTOM = 28 * MM, 37 * MM, (28 + 156) * MM, (37 + 225) * MM
TOLERANCE = 1.5  # pt: glyph boxes of full-width punctuation reach a little past the advance width
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _lines(page: pymupdf.Page) -> list[tuple[str, pymupdf.Rect]]:
    out = []
    for block in page.get_text("dict")["blocks"]:
        for line in block.get("lines", []):
            text = "".join(span["text"] for span in line["spans"]).strip()
            if text:
                out.append((text, pymupdf.Rect(line["bbox"])))
    return out


def check_layout(pdf: bytes, signing_name: str, date_text: str) -> list[bytes]:
    pngs = []
    with pymupdf.open(stream=pdf, filetype="pdf") as doc:
        for number, page in enumerate(doc, 1):
            assert (round(page.rect.width / MM), round(page.rect.height / MM)) == (210, 297)  # A4
            pngs.append(page.get_pixmap(dpi=40).tobytes("png"))
            body = []
            for text, box in _lines(page):
                if box.y0 >= BOTTOM:  # below the 版心: only the page number, 7 mm under it
                    assert re.fullmatch(rf"—\s*{number}\s*—", text), text
                    assert box.y0 >= BOTTOM + 5 * MM
                    continue
                assert box.x0 >= LEFT - TOLERANCE and box.x1 <= RIGHT + TOLERANCE, (text, box)
                assert box.y0 >= TOP - TOLERANCE, (text, box)
                body.append(text)
            closing = {signing_name, date_text}
            others = [t for t in body if t not in closing and not t.startswith(("（联系人", "省", "号）"))]
            if closing & set(body):
                assert len(others) >= 2, f"page {number} holds the signature block alone: {body}"
    return pngs


@pytest.mark.parametrize("outcome", ["partial", "withheld_third_party", "disclose"])
def test_every_kind_stays_in_the_type_area_and_never_orphans_the_signature(cast, outcome) -> None:
    configure(cast)
    app = through_everything(cast, outcome=outcome)
    kinds = ["correction", "consultation", "extension", "fee", "reply"] if outcome == "partial" else ["reply"]
    for kind in kinds:
        letter = letters.letter_issue(actor=cast.officer_a, application=app, kind=kind)
        with letter.pdf.open("rb") as fh:
            pngs = check_layout(fh.read(), "青溪县财政局", letter.number and letters.letter_text.cn_date(
                letters.default_issue_date(app, kind)))
        assert all(p.startswith(b"\x89PNG") for p in pngs)


def test_descriptions_of_every_length_keep_the_signature_with_text(cast) -> None:
    """Whatever the length pushes onto the last page, the signature has text above it on its page."""
    configure(cast)
    app = submitted(cast)
    services.application_reply(actor=cast.officer_a, application=app, outcome_code="disclose",
                               replied_on=app.received_on)
    lengths = range(260, 860, 56)  # walks the last lines across the bottom of page 1 and page 2
    for n in lengths:
        app.description = "老旧小区改造项目立项批复及其附件清单" * (n // 18)
        letter, _context = letters.compose_letter(app, "reply", number="青财信复〔2026〕1号",
                                                  issued_on=app.received_on)
        check_layout(letters.render_pdf(letter), letter.signing_name, letter.date_text)


def test_tight_setting_is_used_when_it_saves_a_page(cast) -> None:
    configure(cast)
    app = submitted(cast)
    services.application_reply(actor=cast.officer_a, application=app, outcome_code="disclose",
                               replied_on=app.received_on)
    saved = 0
    for n in range(560, 760, 40):
        app.description = "改" * n
        letter, _ = letters.compose_letter(app, "reply", number="青财信复〔2026〕1号", issued_on=app.received_on)
        normal = letters.html_to_pdf(letters.letter_html(letter))
        chosen = letters.render_pdf(letter)
        with pymupdf.open(stream=normal, filetype="pdf") as a, pymupdf.open(stream=chosen, filetype="pdf") as b:
            assert len(b) <= len(a)
            saved += len(a) - len(b)
    assert saved >= 1  # somewhere the tighter setting kept the signature on the text's page


def test_docx_is_a4_with_official_margins_fonts_and_language(cast) -> None:
    configure(cast)
    app = through_everything(cast, outcome="disclose")
    letter = letters.letter_issue(actor=cast.officer_a, application=app, kind="reply")
    with letter.docx.open("rb") as fh:
        parts = docx_xml_parts(fh.read())
    document = etree.fromstring(parts["word/document.xml"])
    size = document.find(f".//{W}pgSz")
    margins = document.find(f".//{W}pgMar")
    grid = document.find(f".//{W}docGrid")
    assert (size.get(f"{W}w"), size.get(f"{W}h")) == ("11906", "16838")  # A4 in twips
    assert abs(int(margins.get(f"{W}top")) - 37 * 56.7) < 30 and abs(int(margins.get(f"{W}left")) - 28 * 56.7) < 30
    assert abs(int(margins.get(f"{W}right")) - 26 * 56.7) < 30 and abs(int(margins.get(f"{W}bottom")) - 35 * 56.7) < 30
    assert grid.get(f"{W}linePitch") == "579" and grid.get(f"{W}type") == "linesAndChars"
    styles = parts["word/styles.xml"].decode()
    assert 'w:eastAsia="仿宋"' in styles and 'w:val="zh-CN"' in styles and "en-US" not in styles
    body = parts["word/document.xml"].decode()
    assert 'w:eastAsia="方正小标宋简体"' in body and f">{letter.number}<" in body
    footers = [v.decode() for k, v in parts.items() if k.startswith("word/footer")]
    assert sum("PAGE" in f and "— " in f for f in footers) == 2  # odd and even page numbers
    assert "w:evenAndOddHeaders" in parts["word/settings.xml"].decode()
