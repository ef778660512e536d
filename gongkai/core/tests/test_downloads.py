"""core.downloads.content_disposition: the Chinese name in filename* (RFC 5987), an ASCII fallback that keeps
the extension, and nothing that could break the header (quotes, CR/LF, path separators)."""

from __future__ import annotations

from urllib.parse import unquote

import pytest

from gongkai.core.downloads import content_disposition


def _star(header: str) -> str:
    return unquote(header.split("filename*=UTF-8''", 1)[1])


def test_chinese_name_round_trips_and_fallback_keeps_extension() -> None:
    header = content_disposition("青溪县2026年部门预算表.pdf")
    assert header.startswith("attachment; filename=\"2026.pdf\"; filename*=UTF-8''")
    assert _star(header) == "青溪县2026年部门预算表.pdf"
    assert content_disposition("预算.xlsx").split(";")[1].strip() == 'filename="attachment.xlsx"'
    assert content_disposition("report.pdf", inline=True).startswith('inline; filename="report.pdf"')


@pytest.mark.parametrize("name", ['a"b.pdf', "a\r\nSet-Cookie: x=1.pdf", "..\\..\\boot.ini", "../../etc/passwd", ""])
def test_hostile_names_cannot_break_the_header(name: str) -> None:
    header = content_disposition(name)
    assert "\r" not in header and "\n" not in header
    fallback = header.split('filename="', 1)[1].split('"', 1)[0]
    assert fallback and "/" not in fallback and "\\" not in fallback
    assert "/" not in _star(header) and "\\" not in _star(header) and '"' not in _star(header)
