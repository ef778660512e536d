"""Understanding a question as people type it (pure functions, no ORM, no index).

People do not use the documents' words. Before retrieval a question is
- folded: traditional characters to simplified (OpenCC t2s) and full-width letters/digits to ASCII;
  only for matching — answers quote the document as it was written;
- read for its scope: the years it names ("2020年"; "去年"/"今年" relative to the day it is asked, an
  explicit year taking precedence) and its place (江苏…; 省里/我省 = the site's own province;
  国家/国务院/中央 = the national documents);
- read for the kind of answer it wants: a date ("最晚什么时候") or a duration ("多少天");
- stripped of its frame (有没有, 要不要, 是不是, 怎么, 我们, 请问…), which says nothing about the topic;
- mapped: everyday words to the documents' terms with the dictionary in `data/everyday_terms.txt`
  (one line per mapping, each with its source), and each remaining word to its synonym group.
The result is a list of concepts, each a set of alternative words with a weight from its part of speech.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

import rjieba

from gongkai.search.analysis import STOP_WORDS, _load_dictionary, normalise_text, synonyms_of

DICTIONARY = Path(__file__).parent / "data" / "everyday_terms.txt"

PROVINCES = ("北京", "天津", "河北", "山西", "内蒙古", "辽宁", "吉林", "黑龙江", "上海", "江苏", "浙江", "安徽", "福建",
             "江西", "山东", "河南", "湖北", "湖南", "广东", "广西", "海南", "重庆", "四川", "贵州", "云南", "西藏",
             "陕西", "甘肃", "青海", "宁夏", "新疆", "香港", "澳门", "台湾")
NATIONAL = "全国"
# The asker's own province, without naming it.
HOME_PROVINCE_WORDS = ("我们省", "咱们省", "咱省", "我省", "本省", "省里", "全省")
NATIONAL_WORDS = ("国家", "国务院", "中央", "国办")

# Interrogative frames: removed as phrases before segmentation (none occurs inside a policy term).
FRAME_PHRASES = (
    "有没有", "有木有", "要不要", "是不是", "能不能", "会不会", "可不可以", "可以不可以", "该不该", "需不需要",
    "用不用", "算不算", "还要不要", "准不准", "让不让", "给不给", "是否", "请问一下", "请问", "我想问问", "我想问一下",
    "我想问", "想问一下", "想问问", "想问", "想了解一下", "想了解", "想知道", "问一下", "老百姓问", "有人问",
    "有什么讲究", "有什么说法", "有什么要求", "有什么规定", "有啥", "咋办", "怎么办", "怎么样", "怎么回事",
)
# Words of the frame that survive segmentation as words of their own.
FRAME_WORDS = frozenset([
    "怎么", "怎样", "如何", "哪年", "哪一年", "哪些", "哪个", "哪里", "哪儿", "哪", "什么", "什么样", "啥", "多少",
    "多久", "最晚", "最迟", "最多", "最少", "我们", "咱们", "我", "你们", "他们", "大家", "自己", "人家", "吗", "呢",
    "啊", "吧", "呀", "嘛", "要求", "规定", "讲究", "说法", "有关", "相关", "情况", "问题", "一下", "现在", "到底",
    "究竟", "还是", "或者", "还有", "另外", "除了", "以外", "之外", "那个", "这个", "那些", "这些", "这种", "那种",
    "上面", "对此", "东西", "事情", "事儿", "事", "时候", "时间", "一般", "比如", "比较", "直接", "能够", "其实",
    "听说", "据说", "知道", "了解", "觉得", "以后", "之后", "之前", "以前", "现在", "目前", "已经", "一直",
    "没有", "不是", "不会", "不能", "会", "能", "要", "可以", "应该", "必须", "需要", "得", "让", "给", "去", "来",
    # the asked-for quantity itself (the kind of answer is read by `answer_kind`)
    "几天", "多少天", "多长时间", "多久", "几个月", "几年", "几号", "之内", "以内", "当中", "里面", "上面",
    # deixis and vague quantities
    "某个", "某些", "有人", "人家", "别人", "一家", "另一家", "那家", "这家", "那边", "这边", "那里", "这里", "各个",
    "一些", "有些", "很多", "许多", "所有", "全部", "一起", "一次", "一样", "这样", "那样", "怎么办",
])
# Parts of speech that carry a topic, and how much (rjieba/jieba tags). Others (pronouns,
# prepositions, particles, adverbs, measure words, punctuation) carry none.
POS_WEIGHT = {
    "n": 1.0, "nr": 1.0, "ns": 1.0, "nt": 1.0, "nz": 1.0, "nrt": 1.0, "nrfg": 1.0, "ng": 0.8, "vn": 1.0, "an": 0.9,
    "eng": 1.0, "j": 1.0, "l": 0.6, "i": 0.4, "v": 0.7, "vd": 0.6, "vg": 0.5, "a": 0.5, "ad": 0.5, "b": 0.7,
    "m": 0.6, "s": 0.5, "t": 0.4, "z": 0.3,
    # Words of the policy dictionary (政务公开, 一网通办, 信息处理费) come back untagged:
    # they are the library's own terms, the most telling words a question can hold.
    "": 1.2, "x": 1.2,
}
PLACE_WORD_WEIGHT = 0.3  # 国务院/江苏 also route the question (`place_asked`); as words they weigh little

_EXPLICIT_YEAR = re.compile(r"((?:19|20)\d{2})\s*(?:年|年度)")
_CN_DIGITS = {"〇": "0", "零": "0", "一": "1", "二": "2", "三": "3", "四": "4", "五": "5", "六": "6", "七": "7",
              "八": "8", "九": "9"}
_CN_YEAR = re.compile(r"([一二][〇零一二三四五六七八九]{3})年")
_RELATIVE_YEARS = {"前年": -2, "去年": -1, "上年": -1, "今年": 0, "本年": 0, "明年": 1}
_DURATION = re.compile(r"多少天|几天|多少个?工作日|几个工作日|多长时间|多久|几个月|多少个?月|几小时|多少小时|期限是多少|多少时间")
_WHEN = re.compile(r"什么时候|什么时间|哪年|哪一年|何时|最晚|最迟|截止|截至|几月|哪个月|多会儿|啥时候|时限")


@dataclass(frozen=True)
class Concept:
    """One thing the question is about: the word as asked and the words a document may use for it."""

    word: str
    alternatives: tuple[str, ...]
    weight: float
    mapped: bool = False  # came from the everyday-word dictionary


@dataclass(frozen=True)
class Understanding:
    question: str  # as asked
    folded: str  # simplified, full-width folded
    core: str  # without frame, years and place words
    concepts: tuple[Concept, ...]
    years: tuple[int, ...]
    year_explicit: bool
    place: str | None  # a province name, NATIONAL, or None
    asks: str | None  # the first kind asked: "duration" | "date" | "amount" | "count" | None
    places_named: tuple[str, ...] = ()  # other place names (cities, counties): the library may hold none
    kinds: tuple[str, ...] = ()  # every kind of fact asked (an answer must hold each)
    whether: bool = False  # a yes/no question about whether something holds (`asks_whether`)

    @property
    def frame_only(self) -> bool:
        """Nothing but the frame (and stray single characters such as 问, 说) is left."""
        return not any(c.weight >= 0.3 for c in self.concepts)


@dataclass(frozen=True)
class Mapping:
    everyday: tuple[str, ...]
    terms: tuple[str, ...]
    source: str


# --- folding ------------------------------------------------------------------------------------

@cache
def _t2s() -> Any:
    import opencc

    return opencc.OpenCC("t2s")


def fold(text: str) -> str:
    """Traditional → simplified (OpenCC t2s) and full-width letters/digits → ASCII, for matching only."""
    text = text or ""
    if any(ord(ch) > 0x2E7F for ch in text):  # CJK present: only then is OpenCC worth its cost
        text = _t2s().convert(text)
    return normalise_text(text)


# --- the dictionary -----------------------------------------------------------------------------

def parse_dictionary(text: str) -> tuple[Mapping, ...]:
    """Lines "说法|写法 => 用语, 用语 ; 来源"; a line without a source or a target is an error."""
    out = []
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if "=>" not in line or ";" not in line:
            raise ValueError(f"everyday_terms line {number}: expected '说法 => 用语 ; 来源': {line}")
        left, right = line.split("=>", 1)
        targets, source = right.split(";", 1)
        everyday = tuple(w.strip() for w in left.split("|") if w.strip())
        terms = tuple(dict.fromkeys(w.strip() for w in re.split(r"[,，]", targets) if w.strip()))
        if not everyday or not terms or not source.strip():
            raise ValueError(f"everyday_terms line {number}: a mapping needs words, terms and a source: {line}")
        if any(len(w) < 2 for w in everyday):
            raise ValueError(f"everyday_terms line {number}: an everyday word needs two characters at least")
        out.append(Mapping(everyday, terms, source.strip()))
    return tuple(out)


@cache
def dictionary() -> tuple[Mapping, ...]:
    return parse_dictionary(DICTIONARY.read_text(encoding="utf-8"))


@cache
def _everyday_pattern() -> tuple[re.Pattern[str], dict[str, Mapping]]:
    by_word: dict[str, Mapping] = {}
    for mapping in dictionary():
        for word in mapping.everyday:
            by_word.setdefault(word.lower(), mapping)
    words = sorted(by_word, key=len, reverse=True)  # longest first: 打一个号码 before 号码
    return re.compile("|".join(re.escape(w) for w in words), re.IGNORECASE), by_word


def map_everyday(text: str) -> tuple[list[Concept], str]:
    """Concepts for the dictionary's everyday words found in `text`, and the text without them."""
    pattern, by_word = _everyday_pattern()
    concepts: list[Concept] = []
    seen: set[tuple[str, ...]] = set()

    def take(match: re.Match[str]) -> str:
        mapping = by_word[match.group(0).lower()]
        if mapping.terms not in seen:
            seen.add(mapping.terms)
            word = match.group(0)
            concepts.append(Concept(word, tuple(dict.fromkeys((word.lower(), *mapping.terms))), 1.0, mapped=True))
        return "，"

    return concepts, pattern.sub(take, text)


# --- scope: years, place, the kind of answer -----------------------------------------------------

def years_asked(text: str, today: date) -> tuple[tuple[int, ...], bool]:
    """The years the question names and whether one was written out; an explicit year wins over
    去年/今年 (counted from `today`, the day the question is asked)."""
    explicit = {int(y) for y in _EXPLICIT_YEAR.findall(text)}
    explicit |= {int("".join(_CN_DIGITS[c] for c in y)) for y in _CN_YEAR.findall(text)}
    if explicit:
        return tuple(sorted(explicit)), True
    relative = {today.year + delta for word, delta in _RELATIVE_YEARS.items() if word in text}
    return tuple(sorted(relative)), False


def place_asked(text: str, home_province: str | None = None) -> str | None:
    """A province named (or meant by 省里/我省), else NATIONAL for 国家/国务院/中央, else None.
    A province is more specific than the nation: "除了国家那个，省里……" asks about the province."""
    for province in PROVINCES:
        if province in text:
            return province
    if home_province and any(w in text for w in HOME_PROVINCE_WORDS):
        return home_province
    if any(w in text for w in NATIONAL_WORDS):
        return NATIONAL
    return None


_AMOUNT = re.compile(r"多少钱|多少元|几块钱|几元钱|收多少|交多少|缴多少|花多少|多少费用|费用是多少|收费标准是|按什么标准收")
_COUNT = re.compile(r"(?<!哪)(?:多少|几)(?:个|家|人|次|条|项|件|份|名|所|批)|多大比例|比例是多少|百分之几|占多少")


_YES_NO = re.compile(r"吗|会不会|是不是|有没有|要不要|能不能|可不可以|是否|该不该|需不需要|用不用")
_WHETHER = re.compile(_YES_NO.pattern + r"|算不算|能否|可否|有无|行不行")
# Asking which, what, who, how, how much or how long: the answer is one specific fact.
_WH = re.compile(r"哪|什么|啥|谁|多少|几|多长|多久|多大|怎么|怎样|如何")
# "有什么要求/规定/讲究" only asks for the rule on the topic, not for a specific fact.
_TOPIC_FRAME = re.compile(r"有(?:什么|啥|哪些)(?:要求|规定|讲究|说法)")


def answer_kinds(text: str) -> tuple[str, ...]:
    """Every kind of fact the question asks for: "duration" (多少天, 多久), "date" (什么时候, 最晚, 哪年),
    "amount" (多少钱, 收费标准) and "count" (多少个, 几次, 比例; not 哪几个, which asks which). A yes/no
    question (吗, 会不会, 是否) asks no sum or number even when it names one."""
    kinds = []
    if _DURATION.search(text):
        kinds.append("duration")
    if _WHEN.search(text):
        kinds.append("date")
    # "政府借了多少钱会公开吗" asks whether, not how much: a yes/no question keeps no sum or number kind.
    if not _YES_NO.search(text):
        if _AMOUNT.search(text):
            kinds.append("amount")
        if _COUNT.search(text):
            kinds.append("count")
    return tuple(kinds)


def asks_whether(text: str) -> bool:
    """A yes/no question about whether something holds ("会不会公开…", "有没有要求…", "…吗") that asks for
    no specific fact (which body, what material, how many days). The documents answer such a question
    with any passage on its topic ("推进…公开" is the yes), so less of its wording needs finding; a
    question asking which/what/how much needs that fact, and the near misses the library cannot answer
    ask exactly such facts (decision 0501, round 4)."""
    return bool(_WHETHER.search(text)) and not _WH.search(_TOPIC_FRAME.sub("", text))


def answer_kind(text: str) -> str | None:
    """The first kind of fact asked (see `answer_kinds`), else None."""
    kinds = answer_kinds(text)
    return kinds[0] if kinds else None


_HAS_DURATION = re.compile(r"[\d一二三四五六七八九十两]+\s*个?(?:工作日|日|天|小时|个月|周)")
_HAS_DATE = re.compile(r"(?:19|20)\d{2}\s*年|年底|年内|年前|月底|月前|上半年|下半年|\d+\s*月|季度|之前|前完成|前出台|前建成|前实现")


_HAS_AMOUNT = re.compile(r"[\d一二三四五六七八九十百千万两]+(?:\.\d+)?\s*(?:元|万元|亿元|角)|不收取?费|免费|免收")
_HAS_COUNT = re.compile(r"\d|[一二三四五六七八九十两百千万]+\s*(?:个|家|人|次|条|项|件|份|名|所|批|类)|百分之|%|全部|所有|每一")


def passage_answers_kind(kind: str | None, text: str) -> bool:
    """Whether `text` holds the kind of fact the question asks for (any text does when none is asked):
    a number of days or hours, a date or deadline, a sum of money (or that there is no charge), a number."""
    if kind == "duration":
        return bool(_HAS_DURATION.search(text))
    if kind == "date":
        return bool(_HAS_DATE.search(text))
    if kind == "amount":
        return bool(_HAS_AMOUNT.search(text))
    if kind == "count":
        return bool(_HAS_COUNT.search(text))
    return True


# --- the frame and the words ---------------------------------------------------------------------

_FRAME = re.compile("|".join(sorted((re.escape(p) for p in FRAME_PHRASES), key=len, reverse=True)))
_YEAR_WORDS = re.compile(_EXPLICIT_YEAR.pattern + "|" + _CN_YEAR.pattern + "|" + "|".join(_RELATIVE_YEARS)
                         + r"|(?:19|20)\d{2}")
_PLACE_WORDS = re.compile("|".join([*(re.escape(p) + "省?" for p in PROVINCES), *HOME_PROVINCE_WORDS, *NATIONAL_WORDS]))


def drop_frame(text: str) -> str:
    """The question without its interrogative frame phrases (有没有, 要不要, 请问…)."""
    return _FRAME.sub("，", text)


def _words(text: str) -> list[tuple[str, str]]:
    _load_dictionary()
    return [(w.lower(), tag) for w, tag in rjieba.tag(text, False) if w.strip()]


def places_named(text: str) -> tuple[str, ...]:
    """Place names below the province (无锡市, 青溪县) the question names."""
    return tuple(dict.fromkeys(
        w for w, tag in _words(text)
        if tag == "ns" and len(w) >= 2 and not any(p in w for p in PROVINCES) and w not in ("中国", "全国", "国家")))


def word_concepts(text: str) -> list[Concept]:
    """The topic words of `text` (frame words and particles dropped), each with its synonyms."""
    out: dict[str, Concept] = {}
    for word, tag in _words(text):
        if word in FRAME_WORDS or word in STOP_WORDS or not re.search(r"[^\W_]", word):
            continue
        weight = POS_WEIGHT[tag] if tag in POS_WEIGHT else POS_WEIGHT.get(tag[:1], 0.0)
        if len(word) == 1 and not word.isdigit():
            weight *= 0.15  # a single character says little on its own (会, 发, 网)
        if weight <= 0 or word in out:
            continue
        out[word] = Concept(word, (word, *synonyms_of(word)), weight)
    return list(out.values())


def understand(question: str, *, today: date, home_province: str | None = None) -> Understanding:
    folded = fold(question)
    years, explicit = years_asked(folded, today)
    place = place_asked(folded, home_province)
    kinds = answer_kinds(folded)
    asks = kinds[0] if kinds else None
    core = drop_frame(folded)
    core = _YEAR_WORDS.sub("，", core)
    places = [Concept(w, (w,), PLACE_WORD_WEIGHT) for w in dict.fromkeys(_PLACE_WORDS.findall(core))
              if w not in HOME_PROVINCE_WORDS]
    core = _PLACE_WORDS.sub("，", core)
    mapped, rest = map_everyday(core)
    concepts = mapped + [c for c in word_concepts(rest) if all(c.word not in m.alternatives for m in mapped)]
    concepts += places
    return Understanding(question=question, folded=folded, core=re.sub(r"[，\s]+", "，", core).strip("，"),
                         concepts=tuple(concepts), years=years, year_explicit=explicit, place=place, asks=asks,
                         places_named=places_named(rest), kinds=kinds, whether=asks_whether(folded))
