from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from gongkai.core.creditcode import ALPHABET, check_character, credit_code_error, make_credit_code

REAL = ["91350100M000100Y43", "111000000000132387", "91110000600037341L"]


def test_real_codes_validate() -> None:
    for code in REAL:
        assert credit_code_error(code) is None, code


def test_wrong_check_character_names_the_right_one() -> None:
    message = credit_code_error("91350100M000100Y44")
    assert message is not None and "校验码错误" in message and "最后一位应为 3" in message


def test_length_and_alphabet_errors_are_chinese() -> None:
    assert "18 位" in (credit_code_error("123") or "")
    assert "不允许的字符" in (credit_code_error("9135010OM000100Y43") or "")


@given(st.text(alphabet=ALPHABET, min_size=17, max_size=17).filter(lambda s: s[2:8].isdigit()))
def test_generated_check_character_always_validates(first17: str) -> None:
    assert credit_code_error(first17 + check_character(first17)) is None


@given(st.text(alphabet=ALPHABET, min_size=17, max_size=17).filter(lambda s: s[2:8].isdigit()),
       st.sampled_from(ALPHABET))
def test_any_other_check_character_is_refused(first17: str, other: str) -> None:
    if other != check_character(first17):
        assert credit_code_error(first17 + other) is not None


def test_make_credit_code_builds_valid_codes() -> None:
    assert credit_code_error(make_credit_code("11", "320199", "MB123456")) is None
