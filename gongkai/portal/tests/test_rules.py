"""portal.rules: the footer items of 国办发〔2017〕47号《政府网站发展指引》 (网站标识码, ICP备案编号, 公安机关备案号).

Pure: each refusal is checked word for word, since the page, the API and the admin show the same text.
"""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gongkai.portal.rules import (
    PROVINCE_CODES,
    SITE_ID_RULE,
    icp_number_error,
    normalise_site_id_code,
    police_number_error,
    police_record_code,
    site_id_code_error,
)


@pytest.mark.parametrize(("value", "normal"), [
    ("3201990001", "3201990001"), (" 3201 99 0001 ", "3201990001"), ("BM01000001", "bm01000001"),
    ("Bm 0100 0001", "bm01000001"), ("", ""), (None, ""), ("b", "b"), ("x1bm", "x1bm"),
])
def test_normalise_site_id_code(value, normal) -> None:
    assert normalise_site_id_code(value) == normal


@pytest.mark.parametrize("value", ["3201990001", "bm01000001", "BM01000001", "1100000001", "8200000010"])
def test_valid_site_id_codes(value) -> None:
    assert site_id_code_error(value) is None


def test_site_id_code_refusals_word_for_word() -> None:
    assert site_id_code_error("320199001") == f"网站标识码“320199001”格式不对。{SITE_ID_RULE}"
    assert site_id_code_error("bm0100000") == f"网站标识码“bm0100000”格式不对。{SITE_ID_RULE}"
    assert site_id_code_error("32019900011") == f"网站标识码“32019900011”格式不对。{SITE_ID_RULE}"
    assert site_id_code_error("bm010000011") == f"网站标识码“bm010000011”格式不对。{SITE_ID_RULE}"
    assert site_id_code_error("9901990001") == (
        f"网站标识码“9901990001”的前 6 位不是有效的行政区划码（前两位 99 不是省级代码）。{SITE_ID_RULE}")
    assert site_id_code_error("3201990000") == f"网站标识码“3201990000”的顺序号不能为 0000。{SITE_ID_RULE}"
    assert site_id_code_error("3200000001") is None  # only the serial (last 4) may not be 0000


@given(st.text(alphabet="0123456789", min_size=10, max_size=10))
def test_ten_digits_are_valid_exactly_when_province_and_serial_are(code: str) -> None:
    valid = code[:2] in PROVINCE_CODES and code[6:] != "0000"
    assert (site_id_code_error(code) is None) is valid


@pytest.mark.parametrize("value", ["苏ICP备12345678号", "苏ICP备123456号", "京ICP备1234567890号", "苏ICP备12345678号-1",
                                   "苏ICP备12345678号-123", " 苏ICP备12345678号 "])
def test_valid_icp_numbers(value) -> None:
    assert icp_number_error(value) is None


@pytest.mark.parametrize("value", ["苏ICP备12345号", "苏ICP备12345678901号", "苏ICP备12345678号-1234", "XICP备12345678号",
                                   "苏ICP备12345678", "苏ICP备１２３４５６７８号", "", None])
def test_bad_icp_numbers_word_for_word(value) -> None:
    assert icp_number_error(value) == (
        f"ICP备案编号“{value}”格式不对，应如“苏ICP备12345678号”或“苏ICP备12345678号-1”。")


@pytest.mark.parametrize("value", ["苏公网安备 32019902000123号", "苏公网安备32019902000123号", " 京公网安备 11010502000001号 "])
def test_valid_police_numbers(value) -> None:
    assert police_number_error(value) is None


@pytest.mark.parametrize("value", ["苏公网安备 3201990200012号", "苏公网安备 320199020001234号", "苏公网安备  32019902000123号",
                                   "X公网安备 32019902000123号", "苏公网安备 32019902000123", "", None])
def test_bad_police_numbers_word_for_word(value) -> None:
    assert police_number_error(value) == (
        f"公安机关备案号“{value}”格式不对，应如“苏公网安备 32019902000123号”（省份简称 + 公网安备 + 14 位数字 + 号）。")


def test_police_record_code_keeps_the_14_digits() -> None:
    assert police_record_code("苏公网安备 32019902000123号") == "32019902000123"
    assert police_record_code("苏公网安备 320199020001239号") == "32019902000123"
    assert police_record_code("") == "" and police_record_code(None) == ""  # type: ignore[arg-type]
