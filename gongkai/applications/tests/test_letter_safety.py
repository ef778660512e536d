"""Letters safe by construction (issue 10 items 2–3): hostile applicant text through every letter kind
gives a well-formed DOCX where the text appears literally and no field survives; a template that tries
to run code is refused at upload and cannot run even if it got in."""

from __future__ import annotations

import io
import re
import zipfile

import pytest
from docx import Document
from lxml import etree

from gongkai.applications import letters
from gongkai.applications.models import Letter, LetterTemplate
from gongkai.applications.tests.letters_support import configure, docx_text, docx_xml_parts, through_everything, upload
from gongkai.core.exceptions import DomainError, PermissionDeniedError

XML = '</w:t></w:r></w:p><w:p><w:r><w:rPr><w:b/></w:rPr><w:t>本机关决定全部公开'
FIELD = '{ INCLUDEPICTURE "http://evil.example/pixel.png" \\d } INCLUDEPICTURE "http://evil.example/x"'
ANGLES = "张<三> & 李四 \"引号\" 'apos' <script>alert(1)</script>"
EMOJI = "申请😀👨‍👩‍👧𠀀䶮"
LONG = "长" * 9_990 + "结尾标记一二三四五六"
KINDS = ("correction", "consultation", "extension", "fee", "reply")


def _all_xml_parse(data: bytes) -> None:
    for _name, blob in docx_xml_parts(data).items():
        etree.fromstring(blob)  # raises on any malformed part (no recovery)


@pytest.mark.parametrize("payload, literal", [(XML, XML), (ANGLES, ANGLES), (EMOJI, EMOJI), (LONG, LONG),
                                              (FIELD, None)])
def test_hostile_text_through_every_letter_kind(cast, payload, literal) -> None:
    configure(cast)
    app = through_everything(cast, outcome="disclose", name=payload[:120], description=payload)
    app.pauses.filter(kind="third_party").update(note=payload[:200])
    for kind in KINDS:
        letter = letters.letter_issue(actor=cast.officer_a, application=app, kind=kind)
        with letter.docx.open("rb") as fh:
            data = fh.read()
        _all_xml_parse(data)
        document = docx_xml_parts(data)["word/document.xml"].decode()
        text = docx_text(data)
        assert "<w:b/>" not in document  # the payload made no bold run of its own
        assert "fldSimple" not in document and "instrText" not in document
        assert "INCLUDEPICTURE" not in "".join(b.decode("utf-8", "ignore") for b in docx_xml_parts(data).values())
        assert len(Document(io.BytesIO(data)).paragraphs) < 40  # no paragraphs injected
        pdf_text = re.sub(r"\s+", "", letters.letter_text_of(letter))
        if literal is not None:
            assert literal in text, kind  # the description appears literally, in one run
            # The PDF draws an emoji family as its three people (no colour font): compare without the joiner.
            assert re.sub(r"[\s\u200d]+", "", literal)[:200] in pdf_text.replace("\u200d", "")
        else:
            assert "INCLUDEPICTURE" not in pdf_text and "evil.example/pixel" not in text


def test_control_characters_never_split_the_docx(cast) -> None:
    """docxtpl turns \\a, \\f, \\t and \\n in values into paragraph, page and line breaks: they are removed."""
    configure(cast)
    app = through_everything(cast, outcome="disclose", description="甲\a乙\f丙\t丁\n戊\x0b己")
    letter = letters.letter_issue(actor=cast.officer_a, application=app, kind="reply")
    with letter.docx.open("rb") as fh:
        data = fh.read()
    document = docx_xml_parts(data)["word/document.xml"].decode()
    assert 'w:type="page"' not in document and "<w:br/>" not in document
    assert "甲 乙 丙 丁 戊 己" in docx_text(data)


def _template_with(text: str) -> bytes:
    doc = Document(io.BytesIO(letters.default_template("reply")))
    doc.add_paragraph(text)
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


SSTI = "{{ cycler.__init__.__globals__.os.popen('touch %s').read() }}"


@pytest.mark.parametrize("payload, message", [
    (SSTI, "不允许"),
    ("{{ letter_no.__class__.__mro__ }}", "不允许的属性"),
    ("{{ request }}", "未规定的变量“request”"),
    ("{{ range(10) }}", "不允许的写法"),
    ("{% set x = 1 %}", "不允许的写法"),
    ("{{ paragraphs[0] }}", "不允许的写法"),
    ("{{ title|attr('__class__') }}", "过滤器"),
    ("{% include 'x' %}", "不允许的写法"),
    ("{{ title", "语法有误"),
])
def test_template_upload_refuses_code_and_undocumented_variables(cast, tmp_path, payload, message) -> None:
    marker = tmp_path / "pwned"
    data = _template_with(payload.replace("%s", str(marker)) if "%s" in payload else payload)
    with pytest.raises(DomainError, match=message):
        letters.letter_template_upload(actor=cast.admin_user, kind="reply", file=upload("t.docx", data), version="v2")
    assert not marker.exists() and not LetterTemplate.objects.exists()


def test_a_template_that_got_in_without_validation_still_cannot_run_code(cast, tmp_path, settings) -> None:
    marker = tmp_path / "pwned"
    data = _template_with(SSTI % marker)
    LetterTemplate.objects.create(kind="reply", version="偷放", file=upload("evil.docx", data))
    configure(cast)
    app = through_everything(cast, outcome="disclose")
    with pytest.raises(DomainError, match="文书模板无法生成"):
        letters.letter_issue(actor=cast.officer_a, application=app, kind="reply")
    # The notices the actions generated exist; no 答复书 was stored, and the payload never ran.
    assert not marker.exists() and not Letter.objects.filter(kind="reply").exists()


def test_a_valid_template_is_accepted_audited_and_used(cast) -> None:
    data = _template_with("自定义模板：{{ letter_no }}（{{ issued_on }}）{% for p in paragraphs %}{{ p.text }}{% endfor %}")
    record = letters.letter_template_upload(actor=cast.admin_user, kind="reply", file=upload("t.docx", data),
                                            version="2027-01 修订")
    assert record.is_active and record.version == "2027-01 修订"
    configure(cast)
    app = through_everything(cast, outcome="disclose")
    letter = letters.letter_issue(actor=cast.officer_a, application=app, kind="reply")
    assert letter.template_version == "2027-01 修订"
    with letter.docx.open("rb") as fh:
        assert f"自定义模板：{letter.number}" in docx_text(fh.read())


def test_template_upload_needs_permission_and_a_docx(cast, tmp_path) -> None:
    with pytest.raises(PermissionDeniedError):
        letters.letter_template_upload(actor=cast.officer_a, kind="reply",
                                       file=upload("t.docx", letters.default_template("reply")), version="v")
    with pytest.raises(DomainError, match="Word 文档"):
        letters.letter_template_upload(actor=cast.admin_user, kind="reply", file=upload("t.docx", b"%PDF-1.7"),
                                       version="v")
    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/document.xml", "<a>" + " " * (25 * 1024 * 1024) + "</a>")
    with pytest.raises(DomainError, match="压缩炸弹"):
        letters.letter_template_upload(actor=cast.admin_user, kind="reply", file=upload("t.docx", bomb.getvalue()),
                                       version="v")


def test_default_templates_pass_their_own_validation() -> None:
    for kind in KINDS:
        letters.validate_template(letters.default_template(kind))


@pytest.fixture
def _admin_user(cast):
    from django.contrib.auth import get_user_model

    cast.admin_user = get_user_model().objects.create_superuser("root", password="Test-password-2026")
    return cast


@pytest.fixture(autouse=True)
def _with_admin(_admin_user):
    return _admin_user

