"""Formats of the site-frame items that 国办发〔2017〕47号《政府网站发展指引》 requires in every page
footer. Pure functions (no ORM); each returns None when the value is acceptable, else a Chinese
message naming the rule, so the page, the API and the admin refuse a value with the same words.
"""

from __future__ import annotations

import re

# 省级行政区划代码 (GB/T 2260): the first two digits of every 6-digit 行政区划码.
PROVINCE_CODES = frozenset({
    "11", "12", "13", "14", "15", "21", "22", "23", "31", "32", "33", "34", "35", "36", "37", "41", "42", "43",
    "44", "45", "46", "50", "51", "52", "53", "54", "61", "62", "63", "64", "65", "71", "81", "82",
})
# 省级简称 used as the first character of ICP and 公安机关 filing numbers.
PROVINCE_ABBREVIATIONS = "京津冀晋蒙辽吉黑沪苏浙皖闽赣鲁豫鄂湘粤桂琼渝川贵黔云滇藏陕秦甘陇青宁新港澳台"

SITE_ID_RULE = ("网站标识码为 10 位：6 位行政区划码加 4 位顺序号（如 3201990001），"
                "或中央部门网站的“bm”加 8 位数字（如 bm01000001）（国办发〔2017〕47号《政府网站发展指引》）。")
_ICP = re.compile(rf"^[{PROVINCE_ABBREVIATIONS}]ICP备\d{{6,10}}号(-\d{{1,3}})?$", re.ASCII)
_POLICE = re.compile(rf"^[{PROVINCE_ABBREVIATIONS}]公网安备\s?\d{{14}}号$", re.ASCII)


def normalise_site_id_code(value: str) -> str:
    """Strip spaces and write the `bm` prefix in lower case, as the national registry does."""
    code = re.sub(r"\s+", "", value or "")
    return "bm" + code[2:] if code[:2].lower() == "bm" else code


def site_id_code_error(value: str) -> str | None:
    """网站标识码 (《政府网站发展指引》: shown in the footer and in <meta name="SiteIDCode">).

    Either 6-digit 行政区划码 + 4-digit serial (the region's first two digits must be a province
    code of GB/T 2260) or `bm` + 8 digits for a central department.
    """
    code = normalise_site_id_code(value)
    if re.fullmatch(r"bm[0-9]{8}", code):
        return None
    if not re.fullmatch(r"[0-9]{10}", code):
        return f"网站标识码“{value}”格式不对。{SITE_ID_RULE}"
    if code[:2] not in PROVINCE_CODES:
        return f"网站标识码“{value}”的前 6 位不是有效的行政区划码（前两位 {code[:2]} 不是省级代码）。{SITE_ID_RULE}"
    if code[6:] == "0000":
        return f"网站标识码“{value}”的顺序号不能为 0000。{SITE_ID_RULE}"
    return None


def icp_number_error(value: str) -> str | None:
    """ICP备案编号 (《非经营性互联网信息服务备案管理办法》), e.g. 苏ICP备12345678号 or 苏ICP备12345678号-1."""
    if _ICP.fullmatch((value or "").strip()):
        return None
    return f"ICP备案编号“{value}”格式不对，应如“苏ICP备12345678号”或“苏ICP备12345678号-1”。"


def police_number_error(value: str) -> str | None:
    """公安机关备案号 (《计算机信息网络国际联网安全保护管理办法》), e.g. 苏公网安备 32019902000123号."""
    if _POLICE.fullmatch((value or "").strip()):
        return None
    return f"公安机关备案号“{value}”格式不对，应如“苏公网安备 32019902000123号”（省份简称 + 公网安备 + 14 位数字 + 号）。"


def police_record_code(value: str) -> str:
    """The 14 digits of a 公安机关备案号, for the link to the national filing system."""
    digits = re.sub(r"\D", "", value or "")
    return digits[:14]
