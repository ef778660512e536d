"""Pure rules of the 工作台账 (no ORM): deadline phrases, responsible subjects, task status.

Every 政务公开工作要点 closes with the same duty (国办发〔2021〕12号 五（三）; 国办发〔2020〕17号 and
苏政办发〔2021〕29号 likewise): "对本要点提出的…重点任务，梳理形成工作台账，实时跟进推动", and
"对上一年度工作要点落实情况开展'回头看'，重点针对有明确责任主体和时限要求的工作任务，逐项核查".
So each task needs the two things that paragraph names: its 时限 (a deadline phrase, read here into a
date while keeping the phrase) and its 责任主体 (the subjects the sentence names).

Reading deadlines (the phrases the 要点 use):
- "2021年底前" / "2020年年底前" / "到2023年底" / "到2023年，" → 12-31 of that year; "年底前" / "年内" / "今年底" → 12-31 of
  the document's year; "明年底前" → the next year's;
- "10月底前" → the last day of that month of the document's year (or of the year written before it);
  "6月30日前" → that day; "9月中旬前" → the 20th, "上旬" the 10th, "下旬" the month's last day;
- "上半年" → 06-30, "下半年" → 12-31, "一季度"…"四季度" → the quarter's last day;
- "持续" / "长期" (and "常态化") with no date → a continuous task, no date;
- dates that are not deadlines (发布日期, "施行后", "提前", "学前", a bare year such as "明确2021年工作重点")
  → no deadline;
- a phrase that looks like a time limit but cannot be read into a date ("春节前", "三年内", "6月前") →
  no date, the phrase kept and `needs_review` set, for a person to decide.
"""

from __future__ import annotations

import calendar as _calendar
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

# --- text normalisation ------------------------------------------------------------------------

_FULL_WIDTH_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")
_HAS_FULL_WIDTH_DIGIT = re.compile("[０-９]")


def fold_digits(text: str) -> str:
    """Full-width digits → ASCII, one character for one (offsets into the original stay valid)."""
    return text.translate(_FULL_WIDTH_DIGITS) if _HAS_FULL_WIDTH_DIGIT.search(text) else text


# --- deadlines -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Deadline:
    """What a task's text says about its 时限."""

    due: date | None = None
    text: str | None = None  # the phrase exactly as written
    continuous: bool = False
    needs_review: bool = False  # a time phrase that could not be read into a date

    def as_dict(self) -> dict[str, object]:
        return {"deadline": self.due.isoformat() if self.due else None, "deadline_text": self.text,
                "continuous": self.continuous, "needs_review": self.needs_review}


NO_DEADLINE = Deadline()

_BEFORE = r"(?:之前|以前|前)"
_Y = r"(?:(?P<y>(?:19|20)\d{2})\s*年|(?P<rel>今|本|明|当)年)"
# Order matters only for overlapping matches: the longest match at a position wins (see _candidates).
_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    # 2021年4月30日前 / 6月30日前 (a bare date without 前 is a 成文日期 or 发布日期, not a deadline)
    ("day", re.compile(rf"(?:{_Y}\s*)?(?P<m>\d{{1,2}})\s*月\s*(?P<d>\d{{1,2}})\s*日\s*{_BEFORE}")),
    # 10月底前 / 2022年6月底前 / 到6月底 / 9月末
    ("month_end", re.compile(rf"(?:{_Y}\s*)?(?P<m>\d{{1,2}})\s*月(?:份)?\s*(?:底|末){_BEFORE}?")),
    # 9月中旬前
    ("dekad", re.compile(rf"(?:{_Y}\s*)?(?P<m>\d{{1,2}})\s*月\s*(?P<dekad>上|中|下)旬\s*{_BEFORE}?")),
    # 2021年底前 / 2020年年底前 / 到2023年底 / 年底前 / 年末
    ("year_end", re.compile(rf"(?:{_Y}\s*)?(?:年)?(?:底|末){_BEFORE}?")),
    # 到2023年，… (a target year: by its end)
    ("by_year", re.compile(r"到\s*(?P<y>(?:19|20)\d{2})\s*年(?=\s*[，,])")),
    # 年内 / 今年内 / 2021年内 (not 三年内, which counts from an unknown start)
    ("within_year", re.compile(r"(?:(?P<y>(?:19|20)\d{2})\s*年?|(?P<rel>今|本|明|当))?年内")),
    # 上半年 / 2021年下半年 / 三季度 / 第一季度末
    ("half", re.compile(rf"(?:{_Y}\s*)?(?P<half>上|下)半年(?:底|末)?{_BEFORE}?")),
    ("quarter", re.compile(rf"(?:{_Y}\s*)?(?:第)?(?P<q>[一二三四1-4])\s*季度(?:底|末)?{_BEFORE}?")),
]
_CN_DIGIT = {"一": 1, "二": 2, "三": 3, "四": 4, "1": 1, "2": 2, "3": 3, "4": 4}
# Time limits that cannot be read into a calendar date without more facts.
_UNREADABLE = re.compile(
    r"(?:[0-9一二两三四五六七八九十几数]+\s*(?:个)?\s*(?:年|月|周|星期)内"
    r"|(?:春节|元旦|清明|国庆|中秋|汛期|换届|届满|开学|年中|月中|本月底|下月底|本季度末?)\s*" + _BEFORE +
    r"|\d{1,2}\s*月(?:份)?\s*" + _BEFORE + r")"
)
_CONTINUOUS = re.compile(r"持续|长期|常态化")
# 持续/长期 describing an outcome ("长期向好态势", "营商环境持续改善"), not how the task is run.
_NOT_CONTINUOUS = re.compile(r"长期向好|持续改善|持续健康|持续向好|持续稳定|长期稳定")


def _year_of(match: re.Match[str], doc_year: int) -> int:
    groups = match.groupdict()
    if groups.get("y"):
        return int(groups["y"])
    return doc_year + 1 if groups.get("rel") == "明" else doc_year


def _resolve(kind: str, match: re.Match[str], doc_year: int) -> date | None:
    """The date a matched phrase names, or None when the phrase does not name one."""
    year = _year_of(match, doc_year)
    text = match.group(0)
    if kind == "year_end":
        # A bare "底前" needs its 年: "2021年底前" or "年底前", never "月底前" (handled by month_end).
        if not (match.groupdict().get("y") or match.groupdict().get("rel") or "年" in text):
            return None
        return date(year, 12, 31)
    if kind in ("within_year", "by_year"):
        return date(year, 12, 31)
    if kind == "half":
        return date(year, 6, 30) if match.group("half") == "上" else date(year, 12, 31)
    if kind == "quarter":
        q = _CN_DIGIT[match.group("q")]
        month = q * 3
        return date(year, month, _calendar.monthrange(year, month)[1])
    month = int(match.group("m"))
    if not 1 <= month <= 12:
        return None
    last = _calendar.monthrange(year, month)[1]
    if kind == "month_end":
        return date(year, month, last)
    if kind == "dekad":
        return date(year, month, {"上": 10, "中": 20, "下": last}[match.group("dekad")])
    day = int(match.group("d"))
    return date(year, month, day) if 1 <= day <= last else None


def _candidates(text: str, doc_year: int) -> list[tuple[int, int, date | None]]:
    """(start, end, date) of every deadline phrase, longest match first at each position,
    overlapping shorter ones dropped."""
    folded = fold_digits(text)
    found: list[tuple[int, int, date | None]] = []
    for kind, pattern in _PATTERNS:
        for match in pattern.finditer(folded):
            if kind == "within_year" and match.start() > 0 and re.match(
                    r"[0-9一二两三四五六七八九十几数个近多]", folded[match.start() - 1]):
                continue  # "三年内", "近年内": counted from an unknown start
            due = _resolve(kind, match, doc_year)
            if due is None:
                continue
            found.append((match.start(), match.end(), due))
    found.sort(key=lambda f: (f[0], -(f[1] - f[0])))
    kept: list[tuple[int, int, date | None]] = []
    for start, end, due in found:
        if any(start < k_end and k_start < end for k_start, k_end, _ in kept):
            continue
        kept.append((start, end, due))
    return kept


def find_deadline(text: str, doc_year: int) -> Deadline:
    """The deadline a task's text states (the earliest, when it names several), keeping the phrase.

    `doc_year` is the 要点's own year: "年底前" in the 2019 要点 means 2019-12-31.
    """
    phrases = _candidates(text, doc_year)
    if phrases:
        start, end, due = min(phrases, key=lambda p: (p[2] or date.max, p[0]))
        return Deadline(due=due, text=text[start:end].strip())
    unreadable = _UNREADABLE.search(fold_digits(text))
    if unreadable:
        return Deadline(text=text[unreadable.start():unreadable.end()].strip(), needs_review=True)
    continuous = bool(_CONTINUOUS.search(_NOT_CONTINUOUS.sub("", text)))
    return Deadline(continuous=continuous)


def deadline_phrases(text: str, doc_year: int) -> list[tuple[str, date]]:
    """Every readable deadline phrase in a text with its date (for measuring precision and recall)."""
    return [(text[s:e].strip(), due) for s, e, due in _candidates(text, doc_year) if due is not None]


# --- responsible subjects (责任主体) ----------------------------------------------------------------

# Subjects the 要点 name again and again; matched where a clause starts.
KNOWN_SUBJECTS = (
    "各地区各部门", "各地区、各部门", "各地各部门", "各地、各部门", "各级政府及其部门", "各级政府部门", "各级行政机关",
    "县级以上各级人民政府", "县级以上地方人民政府", "县级以上地方政府", "县级以上政府", "县级政府", "基层政府",
    "地方各级政府", "国务院有关主管部门", "国务院有关部门", "国务院相关部门", "国务院各部门", "国务院部门",
    "省政府办公厅", "省级部门", "各设区市", "设区市", "中国政府网", "政务公开工作机构", "政府信息公开工作主管部门",
    "有条件的地方", "试点地区", "各地", "各部门",
)
_KNOWN_NORMALISED = frozenset(re.sub(r"、(?=各)", "", s) for s in KNOWN_SUBJECTS)
# Longest first, so "各地区各部门" wins over "各地".
_KNOWN_AT_START = re.compile("|".join(re.escape(s) for s in sorted(KNOWN_SUBJECTS, key=len, reverse=True)))
# What a named subject ends with: a government, an organ, a body, a place.
_SUBJECT_END = re.compile(
    r"(?:政府|部门|机关|机构|办公厅|办公室|单位|地区|地方|各地|设区市|各市|市|县|区|乡镇|街道|小组|中心|网|委员会|"
    r"局|厅|委|办|编辑部门|主管部门)$"
)
_ADVERBS = re.compile(r"^(?:同时|此外|另外|其中|并且|并|要|还要|尤其|特别是|对此|为此|今年|全年|鼓励|支持|推动|指导|督促|由|请)+")
_CLAUSE_SUBJECT = re.compile(
    r"^(?P<s>[^，,。；：、“”《》（）]{2,32}?)\s*(?:[，,]\s*)?(?:要(?![求素点闻])|应当|应(?![急用对])|须|必须|负责|牵头|会同"
    r"|在\s*\d{4}\s*年|于\s*\d{4}\s*年"
    r"|在年底前|年底前|以适当方式|按照|根据|定期|积极|加快|稳步|进一步)"
)
# A clause that opens with a verb or a preposition has no named subject before it.
_VERB_START = re.compile(
    r"^(?:编制|公开|推进|推动|加强|加大|做好|完善|建立|健全|开展|落实|发布|提升|提高|强化|深化|规范|制定|出台|修订|更新|梳理|"
    r"整合|清理|建设|实现|确保|探索|组织|坚持|增强|优化|聚焦|围绕|加快|严格|持续|引导|对|把|将|以|在|按照|根据|通过|结合|"
    r"进一步|全面|及时|积极|切实|认真|大力)"
)
_SPLIT_SUBJECTS = re.compile(r"及其|及|和|与|以及|、")
_NOTE_WORDS = re.compile(r"负责|牵头|配合|责任单位|责任部门|责任时限|完成时限")
_NOTE_LABEL = re.compile(r"(?:责任时限|完成时限|时限要求|牵头单位|牵头部门|责任单位|责任部门|配合单位)\s*[:：]")
_NOTE_TRAIL = re.compile(r"(?:分别|共同|按职责)?(?:牵头落实|牵头负责|负责落实|牵头|负责|配合|落实)$")


def normalise_subject(name: str) -> str:
    """"各地区、各部门" and "各地区各部门" are one subject."""
    name = re.sub(r"\s+", "", name)
    return re.sub(r"、(?=各)", "", name)


def _split_subject(phrase: str) -> list[str]:
    # "县级政府信息公开工作主管部门及财政部门" → two subjects; "各地区、各部门" stays one.
    phrase = normalise_subject(phrase)
    if phrase in _KNOWN_NORMALISED:
        return [phrase]
    parts = [p for p in _SPLIT_SUBJECTS.split(phrase) if p]
    if all(_SUBJECT_END.search(p) and len(p) > 2 for p in parts):
        return parts
    return [phrase] if _SUBJECT_END.search(phrase) else []


def find_owners(text: str) -> list[str]:
    """The responsible subjects a task's sentence names, in order of appearance, without repeats.

    A subject is named where a clause starts: either one of the usual subjects (各地区各部门,
    县级以上地方人民政府, 国务院有关主管部门, 省政府办公厅, 各设区市…), or a phrase ending in an organ's
    name followed by 要/应/负责/在…年底前 ("国务院行政复议机构在2021年底前制定…"). A note such as
    "（市财政局牵头，各县（区）政府负责）" or "（牵头单位：…）" names its owners too.
    """
    owners: list[str] = []

    def add(names: Iterable[str]) -> None:
        for name in names:
            name = normalise_subject(name)
            if name and name not in owners:
                owners.append(name)

    body, notes = split_notes(text)
    for clause in re.split(r"[。；;！？]|(?<=[^\d])[，,]", body):
        clause = _ADVERBS.sub("", clause.strip())
        if not clause:
            continue
        found = _KNOWN_AT_START.match(clause)
        known = found.group(0) if found else None
        match = None if _VERB_START.match(clause) else _CLAUSE_SUBJECT.match(clause)
        if match and _SUBJECT_END.search(match.group("s").strip()):
            add(_split_subject(match.group("s").strip()))
        elif known:
            add([known])
        elif (_SUBJECT_END.search(clause) and len(clause) <= 32 and not re.search(r"[要应须]", clause)
              and not _VERB_START.match(clause)):
            # A clause that is only a subject ("尚未出台…标准指引的国务院部门，在2021年底前…").
            nxt = body[body.find(clause) + len(clause):].lstrip("，, ")
            if re.match(r"(?:要|应|须|在\s*\d{4}\s*年|于\s*\d{4}\s*年)", nxt):
                add(_split_subject(clause))
    for note in notes:
        add(note_owners(note))
    return owners


def split_notes(text: str) -> tuple[str, list[str]]:
    """Take responsibility notes out of a text: "（…牵头，…负责）", "(责任时限:2022年底前,牵头单位:…)".

    Brackets nest ("各县（区）政府" inside a note), so the notes are found by counting brackets.
    Returns the text without the notes and the notes' bodies.
    """
    kept: list[str] = []
    notes: list[str] = []
    depth = 0
    start = 0
    last = 0
    for i, ch in enumerate(text):
        if ch in "（(":
            if depth == 0:
                start = i
            depth += 1
        elif ch in "）)" and depth:
            depth -= 1
            if depth == 0:
                body = text[start + 1:i]
                if _NOTE_WORDS.search(body):
                    kept.append(text[last:start])
                    notes.append(body)
                    last = i + 1
    kept.append(text[last:])
    return "".join(kept), notes


def note_owners(note: str) -> list[str]:
    """Owners named in a responsibility note: "市财政局牵头，各县（区）政府负责" or "牵头单位：市财政局、…"."""
    names: list[str] = []
    for part in re.split(r"[，,；;。]", _NOTE_LABEL.sub("，", note)):
        part = _NOTE_TRAIL.sub("", part.strip())
        if not part or part.startswith("以下") or re.search(r"\d{4}\s*年|底前|持续", part):
            continue
        for name in re.split(r"[、]", part):
            name = _NOTE_TRAIL.sub("", name.strip())
            if len(name) >= 2 and name not in names:
                names.append(name)
    return names


# --- task status ---------------------------------------------------------------------------------


class StatusCode:
    """The five states of a 台账 task (the 台账's 完成状态 column)."""

    NOT_STARTED = "not_started"
    IN_PROGRESS = "in_progress"
    DONE = "done"
    ONGOING = "ongoing"  # 长期坚持: continuous tasks
    OVERDUE = "overdue"  # 未按期完成: derived when read, never stored


STATUS_LABELS = {
    StatusCode.NOT_STARTED: "未开始",
    StatusCode.IN_PROGRESS: "推进中",
    StatusCode.DONE: "已完成",
    StatusCode.ONGOING: "长期坚持",
    StatusCode.OVERDUE: "未按期完成",
}
STORED_STATUSES = (StatusCode.NOT_STARTED, StatusCode.IN_PROGRESS, StatusCode.DONE, StatusCode.ONGOING)


def effective_status(stored: str, due: date | None, today: date, completed_on: date | None = None) -> str:
    """未按期完成 is read off the date, not set by a job (alaveteli's derived "overdue").

    A task not done whose 完成时限 has passed is 未按期完成; a task finished after its deadline
    also shows 未按期完成 (it was not done 按期), so the supervisor's count matches the 回头看 rule
    ("逐项核查落实情况"). A continuous task (长期坚持) has no deadline and is never overdue.
    """
    if stored == StatusCode.ONGOING or due is None:
        return stored
    if stored == StatusCode.DONE:
        return StatusCode.OVERDUE if completed_on is not None and completed_on > due else StatusCode.DONE
    return StatusCode.OVERDUE if today > due else stored


def is_unfinished(stored: str) -> bool:
    """Carried into next year's 回头看: anything not 已完成 (长期坚持 tasks are carried too: they go on)."""
    return stored != StatusCode.DONE


def days_until(due: date, today: date) -> int:
    return (due - today).days


# --- provincial items ↔ the national items they implement ------------------------------------------

_NOT_TEXT = re.compile(r"[^\u4e00-\u9fff0-9A-Za-z]")
# Words every item of every 要点 uses: they say nothing about which item is which.
_COMMON = frozenset(["政务", "务公", "公开", "信息", "加强", "推进", "做好", "工作", "政府", "进一", "一步", "各地", "部门"])


def bigrams(text: str) -> dict[str, int]:
    """Character bigrams of the Chinese/alphanumeric text (punctuation dropped), with counts."""
    chars = _NOT_TEXT.sub("", fold_digits(text))
    counts: dict[str, int] = {}
    for i in range(len(chars) - 1):
        gram = chars[i:i + 2]
        if gram not in _COMMON:
            counts[gram] = counts.get(gram, 0) + 1
    return counts


@dataclass(frozen=True)
class ItemMatch:
    path: str
    origin_path: str | None
    score: float


LINK_THRESHOLD = 0.12  # below this cosine no national item is suggested (measured on the 2021 seeds)


def match_items(provincial: list[tuple[str, str]], national: list[tuple[str, str]],
                threshold: float = LINK_THRESHOLD) -> list[ItemMatch]:
    """For each provincial item (path, text), the national item (path, text) whose text is closest.

    A province's 要点 restates the national one item by item in its own order and words (苏政办发〔2021〕29号
    "根据…国办发〔2021〕12号精神"), so the closest item by TF-IDF-weighted character bigrams is the one it
    implements; weights come from both documents' items, so words every item uses count for little.
    """
    import math

    docs = [bigrams(text) for _, text in provincial] + [bigrams(text) for _, text in national]
    n_docs = len(docs)
    df: dict[str, int] = {}
    for counts in docs:
        for gram in counts:
            df[gram] = df.get(gram, 0) + 1

    def vector(counts: dict[str, int]) -> dict[str, float]:
        vec = {g: (1 + math.log(c)) * math.log((1 + n_docs) / (1 + df[g])) for g, c in counts.items()}
        norm = math.sqrt(sum(v * v for v in vec.values())) or 1.0
        return {g: v / norm for g, v in vec.items()}

    p_vecs = [vector(c) for c in docs[:len(provincial)]]
    n_vecs = [vector(c) for c in docs[len(provincial):]]
    result = []
    for (path, _), pv in zip(provincial, p_vecs, strict=True):
        best_path, best = None, 0.0
        for (n_path, _), nv in zip(national, n_vecs, strict=True):
            score = sum(v * nv.get(g, 0.0) for g, v in pv.items())
            if score > best:
                best_path, best = n_path, score
        result.append(ItemMatch(path, best_path if best >= threshold else None, round(best, 4)))
    return result
