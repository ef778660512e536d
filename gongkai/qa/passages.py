"""Split a document's text into sentence passages that keep their section path (pure).

A 工作要点 is a tree: 一、 → （一） → 1. / sentence-level tasks. Each sentence becomes a passage;
its `section` is the path of headings above it (e.g. "二、（三）"), and `heading` the titles of those
headings, which are indexed with the passage so a sentence inside "（二）完善政务公开平台" is found by
questions about 政务公开平台 even when the sentence itself does not repeat it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_LEVEL1 = re.compile(r"^([一二三四五六七八九十]{1,3})、\s*(.*)$")
_LEVEL2 = re.compile(r"^[（(]([一二三四五六七八九十]{1,3})[）)]\s*(.*)$")
_LEVEL3 = re.compile(r"^(\d{1,2})[.．、]\s*(.*)$")
_SENTENCE_END = re.compile(r"(?<=[。！？；])")
MAX_PASSAGE = 220


@dataclass(frozen=True)
class Passage:
    ordinal: int
    section: str  # e.g. "二、（三）"
    heading: str  # heading titles along the path
    text: str


def _heading_title(rest: str) -> tuple[str, str]:
    """Split "完善政务公开平台。全面推行……" into ("完善政务公开平台", "全面推行……")."""
    match = re.match(r"^([^。；！？]{2,40}?)[。；]\s*(.*)$", rest)
    if match:
        return match.group(1), match.group(2)
    return rest if len(rest) <= 40 else "", "" if len(rest) <= 40 else rest


def sentences(paragraph: str) -> list[str]:
    parts = [p.strip() for p in _SENTENCE_END.split(paragraph) if p.strip()]
    out: list[str] = []
    for part in parts:
        while len(part) > MAX_PASSAGE:
            cut = max(part.rfind("，", 0, MAX_PASSAGE), 60)
            out.append(part[: cut + 1])
            part = part[cut + 1:]
        if part:
            out.append(part)
    return out


def split_passages(text: str) -> list[Passage]:
    path: list[tuple[str, str]] = []  # (marker, title) per level
    passages: list[Passage] = []
    for raw in (text or "").split("\n"):
        line = raw.strip().strip("\u3000").strip()
        if not line:
            continue
        level, marker, rest = 0, "", line
        if m := _LEVEL1.match(line):
            level, marker, rest = 1, f"{m.group(1)}、", m.group(2)
        elif m := _LEVEL2.match(line):
            level, marker, rest = 2, f"（{m.group(1)}）", m.group(2)
        elif m := _LEVEL3.match(line):
            level, marker, rest = 3, f"{m.group(1)}.", m.group(2)
        if level:
            title, rest = _heading_title(rest)
            path = list(path[: level - 1])
            while len(path) < level - 1:
                path.append(("", ""))
            path.append((marker, title))
            if title and not rest:
                # A heading alone on its line: it is also a passage (questions often echo headings).
                rest = title
        section = "".join(m for m, _ in path)
        heading = " ".join(t for _, t in path if t)
        for sentence in sentences(rest):
            if len(sentence) < 6:
                continue
            passages.append(Passage(len(passages), section, heading, sentence))
    return passages
