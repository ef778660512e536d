"""Split a document's text into sentence passages that carry their context (pure).

A 工作要点 is a tree: 一、 → （一） → 1. / sentence-level tasks; a regulation (条例, 办法) is 第X章 →
第X条. Each sentence becomes a passage; its `section` is the path of markers above it ("二、（三）",
"第四十二条"), `heading` the titles of those headings, and `before` / `after` the neighbouring
sentences of the same item (paragraph): an item whose subject and deadline sit in different
sentences is still found as one window ("各地区各部门要……。2021年底前完成。").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_LEVEL1 = re.compile(r"^([一二三四五六七八九十]{1,3})、\s*(.*)$")
_LEVEL2 = re.compile(r"^[（(]([一二三四五六七八九十]{1,3})[）)]\s*(.*)$")
_LEVEL3 = re.compile(r"^(\d{1,2})[.．、]\s*(.*)$")
_CHAPTER = re.compile(r"^第([一二三四五六七八九十百零〇]{1,4})章\s*(.*)$")
_ARTICLE = re.compile(r"^第([一二三四五六七八九十百零〇]{1,5})条\s*(.*)$")
_SENTENCE_END = re.compile(r"(?<=[。！？；])")
MAX_PASSAGE = 220


@dataclass(frozen=True)
class Passage:
    ordinal: int
    section: str  # e.g. "二、（三）" or "第四十二条"
    heading: str  # heading titles along the path
    text: str
    before: str = ""  # the previous sentence of the same item, if any
    after: str = ""  # the next sentence of the same item, if any


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


def _marker(line: str) -> tuple[int, str, str, bool]:
    """(level, marker, rest, has_title) of a heading line; level 0 for body text.

    Levels: 一、=1, （一）=2, 1.=3; a regulation's 第X章 = 1 and 第X条 = 2 (an article has no title:
    its first sentence is already the rule)."""
    if m := _CHAPTER.match(line):
        return 1, f"第{m.group(1)}章", m.group(2), True
    if m := _ARTICLE.match(line):
        return 2, f"第{m.group(1)}条", m.group(2), False
    if m := _LEVEL1.match(line):
        return 1, f"{m.group(1)}、", m.group(2), True
    if m := _LEVEL2.match(line):
        return 2, f"（{m.group(1)}）", m.group(2), True
    if m := _LEVEL3.match(line):
        return 3, f"{m.group(1)}.", m.group(2), True
    return 0, "", line, False


def split_passages(text: str) -> list[Passage]:
    path: list[tuple[str, str]] = []  # (marker, title) per level
    passages: list[Passage] = []
    for raw in (text or "").split("\n"):
        line = raw.strip().strip("\u3000").strip()
        if not line:
            continue
        level, marker, rest, has_title = _marker(line)
        if level:
            title = ""
            if has_title:
                title, rest = _heading_title(rest)
            path = list(path[: level - 1])
            while len(path) < level - 1:
                path.append(("", ""))
            path.append((marker, title))
            if title and not rest:
                # A heading alone on its line: it is also a passage (questions often echo headings).
                rest = title
        # A chapter marker is not part of an article's citation ("第四十二条", not "第五章第四十二条").
        section = "".join(m for m, _ in path if not m.endswith("章")) or "".join(m for m, _ in path)
        heading = " ".join(t for _, t in path if t)
        item = [s for s in sentences(rest) if len(s) >= 6]
        for i, sentence in enumerate(item):
            passages.append(Passage(len(passages), section, heading, sentence,
                                    before=item[i - 1] if i > 0 else "",
                                    after=item[i + 1] if i + 1 < len(item) else ""))
    return passages
