"""A 政务公开工作要点 as a tree: 一、 sections → （一） items → tasks. Pure functions of text.

The 要点 are written in the 党政机关公文 heading hierarchy (GB/T 9704-2012 §7.3.3: "一、" "（一）"
"1." "（1）"), and each 要点 asks that its tasks become a 工作台账 (国办发〔2021〕12号 五（三）). Sources
differ in small ways this module absorbs:
- numbering in full- or half-width brackets, "一." for "一、", Arabic numbers for items, missing levels
  (a section without （一） items gets one implicit item; a document whose items are "1." has them as
  items);
- run-on paragraphs: the 2021 national 要点 puts an item's heading and its whole text on one line
  ("（一）做好各类规划主动公开。县级以上…"); the 2019/2020 ones put the heading on a line of its own;
- page breaks from PDF copies that cut a sentence in two ("…政府信息公开\n\n专栏集中公开"): a line that
  does not start with a number is joined to the previous one unless that one ended a sentence;
- the cover notice (印发通知) before the 要点's own title and the 抄送/印发 lines after it are not tasks;
  nor is the closing sentence that puts the 要点 into the annual report (the report does that itself).

Tasks are the sentences of an item (its lead phrase is the item's title), or its numbered paragraphs
when it has them. Each task carries its deadline (rules.find_deadline) and owners (rules.find_owners).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from gongkai.core.exceptions import DomainError
from gongkai.ledger import rules


class NotAWorkplanError(DomainError):
    """The document is not a 工作要点 (or nothing could be read from it): no ledger can come from it."""

    def __init__(self, message: str) -> None:
        super().__init__(message, code="not_a_workplan")


@dataclass
class Task:
    path: str
    text: str
    deadline: rules.Deadline
    owners: list[str]

    def as_dict(self) -> dict[str, Any]:
        d = self.deadline.as_dict()
        return {"path": self.path, "text": self.text, "deadline": d["deadline"], "deadline_text": d["deadline_text"],
                "continuous": d["continuous"], "owners": list(self.owners), "needs_review": d["needs_review"]}


@dataclass
class Item:
    path: str
    title: str
    tasks: list[Task] = field(default_factory=list)
    implicit: bool = False  # the section had no （一） items: one stands in for them

    @property
    def text(self) -> str:
        return self.title + "。" + "".join(t.text for t in self.tasks)

    def as_dict(self) -> dict[str, Any]:
        return {"path": self.path, "title": self.title, "tasks": [t.as_dict() for t in self.tasks]}


@dataclass
class Section:
    path: str
    title: str
    items: list[Item] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {"path": self.path, "title": self.title, "items": [i.as_dict() for i in self.items]}


@dataclass
class Plan:
    title: str
    doc_no: str
    year: int
    sections: list[Section]
    warnings: list[str] = field(default_factory=list)

    def items(self) -> list[Item]:
        return [item for section in self.sections for item in section.items]

    def tasks(self) -> list[Task]:
        return [task for item in self.items() for task in item.tasks]

    def as_dict(self) -> dict[str, Any]:
        return {"title": self.title, "doc_no": self.doc_no or None, "year": self.year,
                "sections": [s.as_dict() for s in self.sections], "warnings": list(self.warnings)}


# --- numbering ----------------------------------------------------------------------------------

CN_NUM = "一二三四五六七八九十"
_SECTION = re.compile(rf"^([{CN_NUM}]{{1,3}})\s*[、.．,，]\s*(.*)$")
_CN_PAREN = re.compile(rf"^[（(]\s*([{CN_NUM}]{{1,3}})\s*[)）]\s*[、.．]?\s*(.*)$")
_AR_PAREN = re.compile(r"^[（(]\s*(\d{1,2})\s*[)）]\s*[、.．]?\s*(.*)$")
_NUM = re.compile(r"^(\d{1,2})\s*[.．、](?!\d+(?:\.\d|%|倍|个|万|亿))\s*(.*)$")
_CIRCLED = re.compile(r"^([①-⑳])\s*(.*)$")
MARKERS = (("section", _SECTION), ("cn_paren", _CN_PAREN), ("ar_paren", _AR_PAREN), ("num", _NUM),
           ("circled", _CIRCLED))
# The hierarchy of GB/T 9704-2012 §7.3.3: 一、 > （一） > 1. > （1）; then ①.
RANK = {"section": 0, "cn_paren": 1, "num": 2, "ar_paren": 3, "circled": 4}
PAREN = ("cn_paren", "ar_paren")


def number_value(number: str) -> int:
    """"三" → 3, "十二" → 12, "12" → 12, "③" → 3."""
    if number.isdigit():
        return int(number)
    if "①" <= number <= "⑳":
        return ord(number) - ord("①") + 1
    digits = {c: i for i, c in enumerate(CN_NUM, start=1)}
    if number.startswith("十"):
        return 10 + (digits.get(number[1:], 0) if len(number) > 1 else 0)
    if "十" in number:
        tens, _, ones = number.partition("十")
        return digits.get(tens, 0) * 10 + digits.get(ones, 0)
    return digits.get(number, 0)


def marker(line: str) -> tuple[str, str, str] | None:
    """(kind, number as written, rest of the line) when the line starts with a heading number."""
    folded = rules.fold_digits(line)
    for kind, pattern in MARKERS:
        m = pattern.match(folded)
        if m:
            offset = m.start(2)
            return kind, m.group(1), line[offset:].strip()
    return None


def path_part(kind: str, number: str, *, top: bool = False) -> str:
    """How a number appears in a path: sections bare ("三"), items in full-width brackets ("（二）"),
    numbered tasks as written ("2", "（1）", "①")."""
    if top:
        return number
    if kind in ("cn_paren", "ar_paren"):
        return f"（{number}）"
    return number


# --- lines → paragraphs -------------------------------------------------------------------------

_TERMINAL = tuple("。！？；：!?;:”」』）)")
_END_LINE = re.compile(r"^(?:抄送|抄报|附件)\s*[:：]?|^[\u4e00-\u9fa5（）()]{2,40}(?:办公厅|办公室)\s*\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日\s*印发$"
                       r"|^\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日\s*印发$")
_CLOSING = re.compile(r"(?:本要点|工作要点).{0,40}(?:年度报告)|(?:年度报告).{0,40}(?:本要点)")
_HEADING = re.compile(r"^[^《》“”，。]{0,30}?(?:\d{4}\s*年)?[^《》“”，。]{0,30}?工作要点$")
_GLUED_HEADING = re.compile(rf"(?<=[^\s])[ \t\u3000]+(?=[（(][{CN_NUM}]{{1,3}}[)）]|[{CN_NUM}]{{1,3}}、)")
PREAMBLE_TITLES = re.compile(r"^(?:总体要求|指导思想|基本原则|工作目标|目标要求|总体目标|主要目标)$")


def _clean_line(line: str) -> str:
    return line.replace("\u3000", " ").replace("\xa0", " ").strip()


def find_heading(lines: list[str]) -> int | None:
    """Index of the 要点's own title line ("2021年政务公开工作要点", "江苏省2021年政务公开工作要点"),
    which follows the cover notice; None when the text has none."""
    for i, line in enumerate(lines[:80]):
        compact = re.sub(r"\s+", "", line)
        if "要点" in compact and _HEADING.match(compact) and not re.search(r"关于|印发|通知", compact):
            return i
    return None


def _is_heading_only(paragraph: str) -> bool:
    found = marker(paragraph)
    if found is None:
        return False
    kind, _number, rest = found
    if kind == "section":
        return "。" not in rest
    return "。" not in rest and len(rest) <= 40


def paragraphs(lines: list[str]) -> list[str]:
    """Join lines cut by page breaks or hard wraps back into paragraphs (see module docstring)."""
    out: list[str] = []
    for raw in lines:
        line = _clean_line(raw)
        if not line:
            continue
        if out and marker(line) is None and not out[-1].endswith(_TERMINAL) and not _is_heading_only(out[-1]):
            out[-1] += line
        else:
            out.append(line)
    return out


# --- sentences ----------------------------------------------------------------------------------

# Quotation marks are not counted: sources pair them badly ("“四方机制〞"), and a 要点 never puts a
# full stop inside quotes; brackets and 《》 titles are.
_OPEN = "（(《「【"
_CLOSE = "）)》」】"


def sentences(text: str) -> list[str]:
    """Split on 。！？ outside brackets, keeping the stop; a bracketed note after a stop
    ("…清单。（国务院审改办负责）") comes out as a piece of its own."""
    result: list[str] = []
    depth = 0
    start = 0
    for i, ch in enumerate(text):
        if ch in _OPEN:
            if depth == 0 and ch in "（(" and i > start and text[start:i].strip() == "":
                start = i
            depth += 1
        elif ch in _CLOSE:
            depth = max(0, depth - 1)
            if depth == 0 and ch in "）)" and text[start:start + 1] in ("（", "("):
                piece = text[start:i + 1].strip()
                _, notes = rules.split_notes(piece)
                if notes and rules.split_notes(piece)[0].strip() == "":
                    result.append(piece)
                    start = i + 1
        elif ch in "。！？!?" and depth == 0:
            piece = text[start:i + 1].strip()
            if piece:
                result.append(piece)
            start = i + 1
    tail = text[start:].strip()
    if tail:
        result.append(tail)
    return result


# A sentence that asks someone to act: it names an action (most do) rather than only describing.
_ACTION = re.compile(
    r"要|应|须|推进|推动|加强|加大|加快|做好|完善|建立|健全|开展|落实|公开|发布|解读|回应|提升|提高|强化|深化|规范|编制|"
    r"制定|出台|修订|更新|梳理|整合|清理|建设|实现|确保|探索|鼓励|组织|督促|指导|实行|执行|坚持|增强|优化|拓宽|丰富|创新|"
    r"聚焦|围绕|办好|抓好|用好|统筹|严格|持续|防范|保障|引导|支持|配合|报送|备案|报告|核查|总结|关注|注重|避免|扩大|细化|"
    r"打造|集中|归集|设立|依托|构建|发挥|做到|保护|妥善|正确|切实|及时|全面|大力|积极|进一步|不得|禁止|严禁"
)


def is_task_sentence(sentence: str) -> bool:
    return len(sentence) >= 6 and bool(_ACTION.search(sentence))


def _is_note(piece: str) -> bool:
    rest, notes = rules.split_notes(piece)
    return bool(notes) and not rest.strip(" 。；;")


def _note_deadline(note: str, year: int) -> rules.Deadline:
    return rules.find_deadline(note, year)


def tasks_from_text(text: str, item_path: str, year: int, *, first: int = 1, prefix: str = "") -> list[Task]:
    """The task sentences of an item's text, numbered from `first`. A responsibility note applies to
    the sentences since the previous note ("…。…。（市财政局牵头，各县区政府负责）")."""
    tasks: list[Task] = []
    group: list[Task] = []
    n = first
    for piece in sentences(text):
        if _is_note(piece):
            _, notes = rules.split_notes(piece)
            for note in notes:
                deadline = _note_deadline(note, year)
                owners = rules.note_owners(note)
                for task in group:
                    if task.deadline.due is None and deadline.due is not None:
                        task.deadline = deadline
                    task.owners += [o for o in owners if o not in task.owners]
            group = []
            continue
        if not is_task_sentence(piece):
            continue
        plain, _ = rules.split_notes(piece)
        task = Task(path=f"{item_path}.{prefix}{n}", text=piece, deadline=rules.find_deadline(plain, year),
                    owners=rules.find_owners(piece))
        tasks.append(task)
        group.append(task)
        n += 1
    return tasks


def lead_phrase(head: str) -> tuple[str, str]:
    """(title, remaining text) of an item's first line: "做好各类规划主动公开。县级以上…" gives the
    title "做好各类规划主动公开". A first sentence too long to be a heading is not one: then the title is
    its opening words and the whole line is text."""
    head = head.strip()
    cut = head.find("。")
    first = head if cut < 0 else head[:cut]
    rest = "" if cut < 0 else head[cut + 1:]
    first = first.strip().rstrip("：:；;，,")
    if len(first) <= 40:
        return first, rest.strip()
    clause = re.split(r"[，,；;：:]", first, maxsplit=1)[0]
    return (clause[:30] + "…" if len(clause) > 30 else clause), head


# --- the tree -----------------------------------------------------------------------------------

@dataclass
class _ItemDraft:
    path: str
    head: str
    kind: str = ""
    value: int = 0
    body: list[str] = field(default_factory=list)
    numbered: list[tuple[str, list[str]]] = field(default_factory=list)  # (path part, texts)
    implicit: bool = False


@dataclass
class _SectionDraft:
    path: str
    title: str
    intro: list[str] = field(default_factory=list)
    items: list[_ItemDraft] = field(default_factory=list)


def _levels(paras: list[str]) -> list[str]:
    present = sorted({found[0] for p in paras if (found := marker(p))}, key=RANK.__getitem__)
    return present[:3]


def _section_title(rest: str) -> tuple[str, str]:
    cut = rest.find("。")
    if cut < 0:
        return rest.strip().rstrip("：:"), ""
    return rest[:cut].strip(), rest[cut + 1:].strip()


def build(paras: list[str]) -> list[_SectionDraft]:
    levels = _levels(paras)
    if not levels:
        return []
    top = levels[0]
    second = levels[1] if len(levels) > 1 else None
    third = levels[2] if len(levels) > 2 else None
    sections: list[_SectionDraft] = []
    for para in paras:
        found = marker(para)
        kind = found[0] if found else ""
        current = sections[-1] if sections else None
        item = current.items[-1] if current and current.items else None
        if found and kind == top:
            title, intro = _section_title(found[2])
            sections.append(_SectionDraft(path=path_part(kind, found[1], top=True), title=title,
                                          intro=[intro] if intro else []))
        elif current is None:
            continue  # preamble before the first section
        elif found and (kind == second or (
                # Mixed numerals at one level: "（一）…（2）…" — an item whose number continues the last one's.
                kind in PAREN and second in PAREN and item is not None and not item.implicit
                and number_value(found[1]) == item.value + 1 and number_value(found[1]) > 1)):
            current.items.append(_ItemDraft(path=f"{current.path}.{path_part(kind, found[1])}", head=found[2], kind=kind,
                                            value=number_value(found[1])))
        elif found and kind == third:
            if item is None:
                item = _ItemDraft(path=current.path, head=current.title, implicit=True)
                current.items.append(item)
            item.numbered.append((path_part(kind, found[1]), [found[2]]))
        elif item is not None and item.numbered:
            item.numbered[-1][1].append(para)
        elif item is not None:
            item.body.append(para)
        else:
            current.intro.append(para)
    return sections


def _finish_item(draft: _ItemDraft, year: int) -> Item:
    if draft.implicit:
        title, text = draft.head, ""
    else:
        title, text = lead_phrase(draft.head)
    text = "".join([text, *draft.body])
    if draft.numbered:
        tasks = tasks_from_text(text, draft.path, year, prefix="0.") if text else []
        for part, texts in draft.numbered:
            whole = "".join(texts)
            plain, notes = rules.split_notes(whole)
            deadline = rules.find_deadline(plain, year)
            owners = rules.find_owners(whole)
            if deadline.due is None:
                for note in notes:
                    from_note = rules.find_deadline(note, year)
                    if from_note.due is not None:
                        deadline = from_note
                        break
            tasks.append(Task(path=f"{draft.path}.{part}", text=whole, deadline=deadline, owners=owners))
    else:
        tasks = tasks_from_text(text, draft.path, year)
    return Item(path=draft.path, title=title, tasks=tasks, implicit=draft.implicit)


def clean_title(title: str) -> str:
    """A title as the 要点 is cited: no spaces, no outer 《》 (〈〉 inside become 《》); a sentence that an
    extractor took for a title ("《…要点》已经市政府同意，现印发给你们") is no title."""
    title = re.sub(r"\s+", "", title or "")
    if re.search(r"[，,。]|已经|现印发|现将", title):
        return ""
    if title.startswith("《") and title.endswith("》"):
        title = title[1:-1].replace("〈", "《").replace("〉", "》")
    return title


def find_year(title: str, heading: str, written_on: date | None) -> int | None:
    for source in (title, heading):
        m = re.search(r"((?:19|20)\d{2})\s*年[^年]{0,20}工作要点", rules.fold_digits(source))
        if m:
            return int(m.group(1))
    return written_on.year if written_on else None


def parse_plan(text: str, *, title: str = "", doc_no: str = "", written_on: date | None = None) -> Plan:
    """Parse a 工作要点's text (already decoded and cleaned of markup) into sections, items and tasks.

    `title`, `doc_no` and `written_on` come from the library or a metadata sidecar when the text lacks
    them (the 2021 national seed has no title line and no 文号). Raises NotAWorkplanError for a text
    that is not a 工作要点 or has no tasks, so no empty ledger is ever created from it.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    # A heading glued to the previous line by a lost line break ("…质量 (一)标准财政…").
    text = _GLUED_HEADING.sub("\n", text)
    lines = [_clean_line(line) for line in text.split("\n")]
    heading_at = find_heading(lines)
    heading = lines[heading_at] if heading_at is not None else ""
    title = clean_title(title)
    if "工作要点" not in title and heading_at is None:
        raise NotAWorkplanError(
            "这份文件不是政务公开工作要点：标题和正文中都没有“……工作要点”，无法据此建立工作台账"
            "（工作台账依据工作要点建立，见国办发〔2021〕12号第五部分第（三）项）。")
    body = lines[heading_at + 1:] if heading_at is not None else lines
    kept: list[str] = []
    for line in body:
        if _END_LINE.match(re.sub(r"\s+", "", line)):
            break
        kept.append(line)
    paras = paragraphs(kept)
    # The closing sentence ("各地区、各部门要将本要点落实情况纳入…年度报告") ends the tree.
    for i, para in enumerate(paras):
        if marker(para) is None and _CLOSING.search(para) and i > 0:
            paras = paras[:i]
            break
    year = find_year(title, heading, written_on)
    if year is None:
        raise NotAWorkplanError("无法确定工作要点的年份：标题中没有“××××年”，也没有成文日期。")
    plan = Plan(title=clean_title(title) or re.sub(r"\s+", "", heading), doc_no=doc_no, year=year, sections=[])
    for draft in build(paras):
        if PREAMBLE_TITLES.match(draft.title):
            continue
        section = Section(path=draft.path, title=draft.title)
        items = [d for d in draft.items if not PREAMBLE_TITLES.match(lead_phrase(d.head)[0])]
        if not items and draft.intro:
            items = [_ItemDraft(path=draft.path, head=draft.title, body=draft.intro, implicit=True)]
        elif draft.intro and items:
            plan.warnings.append(f"第{draft.path}部分在第一项之前有一段说明，未作为任务。")
        section.items = [_finish_item(d, year) for d in items]
        plan.sections.append(section)
    if not any(item.tasks for item in plan.items()):
        raise NotAWorkplanError("没有从这份文件中识别出任何“一、（一）”层级下的任务，无法建立工作台账。"
                                "请检查文件是否为工作要点全文。")
    for task in plan.tasks():
        if task.deadline.needs_review:
            plan.warnings.append(f"{task.path}：时限“{task.deadline.text}”无法识别为具体日期，请人工确认。")
    return plan
