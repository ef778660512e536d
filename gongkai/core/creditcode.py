"""统一社会信用代码 (GB 32100-2015): structure and check character.

18 characters: 登记管理部门码 (1) + 机构类别码 (1) + 登记管理机关行政区划码 (6) + 主体标识码
(组织机构代码, 9, GB 11714) + 校验码 (1). The alphabet leaves out I, O, Z, S, V so that no
character can be misread. The check character is 31 - (Σ value·weight mod 31), weight = 3^i mod 31.
"""

from __future__ import annotations

ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_VALUE = {ch: i for i, ch in enumerate(ALPHABET)}
_WEIGHTS = [pow(3, i, 31) for i in range(17)]  # 1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28


def check_character(first17: str) -> str:
    """The 18th character for the first 17 (which must use the GB 32100 alphabet)."""
    total = sum(_VALUE[ch] * w for ch, w in zip(first17, _WEIGHTS, strict=True))
    return ALPHABET[(31 - total % 31) % 31]


def org_code_check(first8: str) -> str:
    """GB 11714 组织机构代码 check character for its first 8 characters (0-9, A-Z)."""
    weights = [3, 7, 9, 10, 5, 8, 4, 2]
    total = sum((int(ch) if ch.isdigit() else ord(ch) - 55) * w for ch, w in zip(first8, weights, strict=True))
    c = 11 - total % 11
    return "X" if c == 10 else "0" if c == 11 else str(c)


def credit_code_error(code: str) -> str | None:
    """None if `code` is a valid 统一社会信用代码, else a Chinese message saying what is wrong."""
    code = (code or "").strip().upper()
    if len(code) != 18:
        return f"统一社会信用代码应为 18 位，当前为 {len(code)} 位（GB 32100-2015）。"
    bad = sorted({ch for ch in code if ch not in _VALUE})
    if bad:
        return f"统一社会信用代码含有不允许的字符：{'、'.join(bad)}（GB 32100-2015 不使用 I、O、Z、S、V）。"
    if not code[2:8].isdigit():
        return "统一社会信用代码第 3–8 位应为登记管理机关行政区划码（6 位数字）。"
    expected = check_character(code[:17])
    if code[17] != expected:
        return f"统一社会信用代码校验码错误：最后一位应为 {expected}，而不是 {code[17]}（GB 32100-2015）。"
    return None


def make_credit_code(prefix2: str, region6: str, serial8: str) -> str:
    """Build a valid code for demo data: 2-char prefix (e.g. "11" 机关), region, 8-char org serial."""
    org9 = serial8 + org_code_check(serial8)
    first17 = f"{prefix2}{region6}{org9}"
    return first17 + check_character(first17)
