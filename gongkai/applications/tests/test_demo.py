"""The demo data of 依申请公开: the 文书设置 of the demo government and 财政局 are filled in, and one request
is answered 部分公开 with a redacted 公开件 the applicant can receive (and the withheld strings gone)."""

from __future__ import annotations

from gongkai.applications import demo, letters, redaction
from gongkai.applications.models import Application, LetterSettings
from gongkai.core.demo import seed_organisations_and_users


def test_demo_sets_letter_settings_and_a_partial_reply_with_a_released_copy(db) -> None:
    orgs = seed_organisations_and_users()
    demo.seed_content(orgs)
    for key in ("gov", "县财政局"):
        resolved = letters.resolved_settings(orgs[key])
        assert resolved.configured and not resolved.missing, key
    assert LetterSettings.objects.get(organisation=orgs["县财政局"]).reply_prefix == "青财信复"
    partial = Application.objects.get(outcome="partial")
    copies = redaction.applicant_copies(partial)
    assert len(copies) == 1 and copies[0].filename.startswith(partial.number)
    released = redaction.pdf_all_text(redaction.released_file(copies[0])[0])
    assert "施工合同摘要" in released and not any(text in released for text in demo.WITHHELD)
    reply = partial.letters.get(kind="reply")
    text = "".join(letters.letter_text_of(reply).split())
    assert reply.number.startswith("青财信复〔") and "第三十七条" in text and "青溪县人民法院" in text
    # Handled by the 财政局's 工作机构, answered in the 财政局's name (decisions 0200, 0404).
    assert partial.organisation.kind == "office" and "青溪县财政局办公室" not in text
    assert text.startswith("青溪县财政局政府信息公开申请答复书") or "青溪县财政局\n" in letters.letter_text_of(reply)
