"""The wording rules of the letters (letter_text.py): dates, numbers, punctuation, citations, remedies,
and the cleaning of user text. Pure functions, checked against simple oracles with hypothesis."""

from __future__ import annotations

import re
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gongkai.applications import letter_text, rules
from gongkai.applications.letter_text import Facts

DOUBLED = re.compile(r"[，。；：！？、][，。；：！？、]|[。！？][”’）][。；，]")


@given(st.dates(min_value=date(1949, 10, 1), max_value=date(2100, 12, 31)))
def test_dates_have_no_leading_zeros_gbt_9704(day: date) -> None:
    text = letter_text.cn_date(day)
    assert text == f"{day.year}年{day.month}月{day.day}日"
    assert not re.search(r"[年月]0", text)


def test_worked_dates_and_numbers() -> None:
    assert letter_text.cn_date(date(2026, 12, 1)) == "2026年12月1日"
    assert letter_text.cn_date(date(2026, 1, 5)) == "2026年1月5日"
    assert letter_text.letter_number("青政信复", 2026, 6) == "青政信复〔2026〕6号"
    with pytest.raises(ValueError):
        letter_text.letter_number("青政信复", 2026, 0)


@given(st.lists(st.sampled_from(["结果", "。", "”", "，", "；", "》", "申请", "（", "）", "、", "！"]), max_size=12))
def test_tidy_leaves_no_doubled_punctuation(pieces: list[str]) -> None:
    text = letter_text.tidy("".join(pieces))
    assert not DOUBLED.search(text), text


def test_sentence_ends_once() -> None:
    assert letter_text.sentence("现答复如下：予以公开。”") == "现答复如下：予以公开。”"
    assert letter_text.sentence("结果。”。") == "结果。”"
    assert letter_text.sentence("不予公开；") == "不予公开。"
    assert letter_text.sentence("特此告知") == "特此告知。"
    assert letter_text.quote("老旧小区改造批复。") == "“老旧小区改造批复”"


def test_signature_is_centred_over_the_date_which_is_four_characters_from_the_right() -> None:
    name, when = letter_text.signature_indents("青溪县财政局", "2026年12月1日")
    assert when == 4.0
    assert name == 4.0 + (letter_text.char_width("2026年12月1日") - 6) / 2
    long_name, long_date = letter_text.signature_indents("青溪县人民政府办公室政府信息公开科", "2026年12月1日")
    assert long_name == 2.0 and long_date > 4.0


@pytest.mark.parametrize("payload, gone", [
    ('{ INCLUDEPICTURE "http://evil.example/p.png" \\d }', "INCLUDEPICTURE"),
    ('INCLUDEPICTURE "http://evil.example/p.png"', "INCLUDEPICTURE"),
    ("｛DDEAUTO c:\\\\windows\\\\system32\\\\cmd.exe \"/k calc\"｝", "DDEAUTO"),
    ('<w:fldSimple w:instr="PAGE">', "fldSimple"),
    ("<w:instrText>HYPERLINK</w:instrText>", "instrText"),
    ("申请\x07人\x0c张三\x00\u202e", "\x07"),
])
def test_clean_text_strips_field_syntax_and_control_characters(payload: str, gone: str) -> None:
    cleaned = letter_text.clean_text(payload)
    assert gone not in cleaned
    assert not re.search("[\x00-\x08\x0b-\x1f\u202e]", cleaned)


def test_clean_text_keeps_markup_as_text() -> None:
    hostile = "</w:t></w:r></w:p><w:p><w:r><w:t>本机关决定全部公开 <b>&amp;</b> 😀"
    assert letter_text.clean_text(hostile) == hostile


def _facts(**extra: object) -> Facts:
    base: dict[str, object] = {
        "kind": "reply", "org_name": "青溪县财政局", "signing_name": "青溪县财政局", "number": "青财信复〔2026〕6号",
        "issued_on": date(2026, 12, 1), "applicant_name": "张三", "application_number": "2026-YSQ-000006",
        "channel": "online", "received_on": date(2026, 9, 30), "description": "老旧小区改造批复。",
        "reconsideration_body": "青溪县人民政府", "court": "青溪县人民法院"}
    return Facts(**(base | extra))  # type: ignore[arg-type]


@pytest.mark.parametrize("outcome", [o.code for o in rules.OUTCOMES])
def test_every_outcome_has_its_reply_with_the_article_and_no_doubled_punctuation(outcome: str) -> None:
    letter = letter_text.compose(_facts(outcome=outcome, outcome_note="详见附件说明。"))
    text = letter.all_text()
    assert not DOUBLED.search(text), text
    decision = letter.paragraphs[1].text
    assert re.search("第[一二三四五六七八九十]+条", decision) or "国办函〔2020〕109号" in decision
    assert "青溪县人民政府" in letter.remedies and "青溪县人民法院" in letter.remedies


def test_articles_for_third_party_and_partial_disclosure() -> None:
    third = letter_text.compose(_facts(outcome="withheld_third_party",
                                       consultations=[("third_party", date(2026, 10, 14), date(2026, 10, 20), "某公司")]))
    assert "第十五条" in third.body and "2026年10月14日" in third.body and "某公司" not in third.body
    partial = letter_text.compose(_facts(outcome="partial", attachments=["2026-YSQ-000006-公开件-1.pdf"],
                                         withheld=[letter_text.Withheld("合同", "中2处文字", "涉及商业秘密（第十五条）",
                                                                        "第十五条")]))
    assert "第三十七条" in partial.body and "（一）合同中2处文字" in partial.body and "第十五条" in partial.body
    assert partial.attachments == ["2026-YSQ-000006-公开件-1.pdf"]


def test_withholding_replies_name_reconsideration_first_others_either_remedy() -> None:
    withheld = letter_text.compose(_facts(outcome="withheld_process")).remedies
    assert "对行政复议决定不服的" in withheld and "或者自收到本答复之日起六个月内" not in withheld
    disclosed = letter_text.compose(_facts(outcome="disclose")).remedies
    assert "或者自收到本答复之日起六个月内向青溪县人民法院提起行政诉讼" in disclosed


def test_law_is_named_in_full_once_then_short() -> None:
    letter = letter_text.compose(_facts(outcome="disclose", correction_notice_on=date(2026, 10, 9),
                                        correction_received_on=date(2026, 10, 12), extension_days=10,
                                        extension_reason="材料较多", extension_on=date(2026, 10, 30)))
    assert letter.body.count("《中华人民共和国政府信息公开条例》") == 1
    assert letter.body.index("以下简称《条例》") < letter.body.index("《条例》第三十三条第二款")


def test_unknown_outcome_and_kind_are_refused() -> None:
    with pytest.raises(ValueError):
        letter_text.compose(_facts(outcome="nonsense"))
    with pytest.raises(ValueError):
        letter_text.compose(_facts(kind="memo"))
