"""The one Chinese analyzer, used at index time and at query time (rjieba + a policy dictionary).

- Segmentation: rjieba (jieba-rs) with `data/policy_terms.txt` (政务公开, 依申请公开, agency names …)
  so policy terms stay whole; each multi-character word also yields its search-mode sub-words at the
  same position, so "新媒体" still finds "政务新媒体".
- Synonyms (`data/synonyms.txt`): a query term expands to its group (政务微博 ↔ 政务新媒体 …).
- 文号: sources write 〔〕 [] ［］ () （） 【】 interchangeably; `normalise_doc_no` maps all to 〔〕.
- Highlights are computed on the original text with character offsets, so they always map back exactly.
"""

from __future__ import annotations

import html
import re
import unicodedata
from functools import cache, lru_cache
from pathlib import Path

import rjieba

DATA = Path(__file__).parent / "data"

# Query-only stop words: kept in the index (phrases need them) but not required in a query.
STOP_WORDS = frozenset(
    ["的", "了", "和", "与", "及", "或", "等", "对", "在", "是", "为", "有", "要", "将", "把", "被", "由", "从", "向", "以", "于", "其", "之", "而", "并", "也", "就", "都", "该", "各", "这", "那", "什么", "哪些", "怎么", "如何", "吗", "呢", "吧", "啊", "哪", "谁", "何时", "多少", "一个", "一些", "可以", "需要", "应该", "应当", "是否", "请问", "关于", "进行", "有关", "时候", "怎样"]
)


@cache
def _load_dictionary() -> bool:
    for line in (DATA / "policy_terms.txt").read_text(encoding="utf-8").splitlines():
        word = line.split("#", 1)[0].strip()
        if word:
            rjieba.add_word(word, 100000, None)
    for group in synonym_groups():
        for word in group:
            if len(word) > 1 and not word.isascii():
                rjieba.add_word(word, 100000, None)
    return True


@cache
def synonym_groups() -> tuple[tuple[str, ...], ...]:
    groups = []
    for line in (DATA / "synonyms.txt").read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            groups.append(tuple(w.strip().lower() for w in re.split(r"[,，]", line) if w.strip()))
    return tuple(groups)


@cache
def _synonym_index() -> dict[str, tuple[str, ...]]:
    index: dict[str, tuple[str, ...]] = {}
    for group in synonym_groups():
        for word in group:
            index[word] = group
    return index


# Full-width ASCII (ＩＰｖ６, １２３４５) folds to ASCII, one character for one, so offsets stay exact.
_FULL_WIDTH = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)}


# Only these full-width characters change how a text segments or matches (letters, digits and the
# symbols the segmenter keeps inside a word); the rest (，：（）) split words either way. A text
# without any is returned as is: translating every character costs more than segmenting it.
_FOLDING_MATTERS = re.compile("[０-９Ａ-Ｚａ-ｚ＋＃＆．％－＿]")


def normalise_text(text: str) -> str:
    """Fold full-width letters and digits to ASCII without changing the text's length."""
    return text.translate(_FULL_WIDTH) if _FOLDING_MATTERS.search(text) else text


# A word is a run of letters or digits: tantivy's "simple" tokenizer splits the indexed text the
# same way (on anything that is not alphanumeric), so punctuation never becomes a term and a query
# word is always one of the index's words.
_WORD = re.compile(r"[^\W_]+")


def index_strings(text: str) -> tuple[str, str]:
    """What the index is fed for one text field: (words, search_words), each joined by spaces.

    `words` is the default-mode segmentation (one word per position: phrases match on it);
    `search_words` adds each long word's search-mode sub-words (so 新媒体 finds 政务新媒体; single
    word queries match on it). HMM is off: unknown words split into single characters the same way
    in any context, so a phrase matches wherever it occurs (HMM would glue 以晓苏 together in one
    sentence and not another). tantivy then splits on the spaces and punctuation and lower-cases,
    in Rust: about 0.4 ms for a 2,000-character document, against 1.5 ms when we built a Python
    token object per word (see docs/decisions/0103-index-words-as-text.md).
    """
    if len(text) <= SHORT_TEXT:
        return _short_index_strings(text)
    return _segment_for_index(text)


def _segment_for_index(text: str) -> tuple[str, str]:
    _load_dictionary()
    if not text:
        return "", ""
    folded = normalise_text(text)
    return " ".join(rjieba.cut(folded, False)), _joined_search_words(folded)


def _joined_search_words(folded: str) -> str:
    return " ".join(rjieba.cut_for_search(folded, False))


# Titles and section headings repeat on every passage of a document: segment each short text once.
SHORT_TEXT = 120
_short_index_strings = lru_cache(maxsize=50_000)(_segment_for_index)


def _search_words(text: str) -> str:
    _load_dictionary()
    return _joined_search_words(normalise_text(text))


_short_search_words = lru_cache(maxsize=50_000)(_search_words)


def index_search_words(text: str) -> str:
    """The second half of `index_strings` alone, for fields searched only by word."""
    return _short_search_words(text) if len(text) <= SHORT_TEXT else _search_words(text)


def query_tokens(query: str) -> list[str]:
    """The query's words in order, as the index holds them (same segmentation, split, lower-case)."""
    _load_dictionary()
    return [part.lower() for word in rjieba.cut(normalise_text(query), False) for part in _WORD.findall(word)]


def query_terms(query: str) -> list[str]:
    """Distinct meaningful query words (stop words dropped unless nothing else is left)."""
    words = query_tokens(query)
    meaningful = [w for w in words if w not in STOP_WORDS]
    seen: dict[str, None] = {}
    for w in meaningful or words:
        seen.setdefault(w, None)
    return list(seen)


def synonyms_of(term: str) -> list[str]:
    """Other words of the term's synonym group (not the term itself)."""
    group = _synonym_index().get(term.lower(), ())
    return [w for w in group if w != term.lower()]


def expand(term: str) -> list[list[str]]:
    """A term and its synonyms, each as the token sequence the index holds for it."""
    alternatives = [[term]]
    for synonym in synonyms_of(term):
        alternatives.append(query_tokens(synonym) or [synonym])
    return alternatives


# --- 文号 -----------------------------------------------------------------------------------

_OPEN = "[［(（【〔"
_CLOSE = "]］)）】〕"
_DOC_NO = re.compile(
    r"([\u4e00-\u9fa5A-Za-z]{1,12}(?:发|函|字|令|办|规|通|电|明电|发电)?)\s*"
    r"[\[［(（【〔]\s*((?:19|20)\d{2})\s*[\]］)）】〕]\s*(\d{1,4})\s*号"
)


def normalise_doc_no(value: str) -> str:
    """`国办发[2021]12号` / `国办发（2021）12号` / `国办发 〔2021〕 12 号` → `国办发〔2021〕12号`."""
    text = normalise_text(value or "").strip()
    for ch in _OPEN:
        text = text.replace(ch, "〔")
    for ch in _CLOSE:
        text = text.replace(ch, "〕")
    text = unicodedata.normalize("NFKC", text).replace("(", "〔").replace(")", "〕")
    text = re.sub(r"\s+", "", text)
    return re.sub(r"〕0+(?=\d)", "〕", text)  # 〔2021〕012号 is 〔2021〕12号


_LEADING_NOISE = ("印发", "关于", "根据", "按照", "依据", "贯彻", "落实", "见", "和", "及", "与", "、")


# The bracketed year and serial (〔2021〕12号) is rare and cheap to find; the agency part of _DOC_NO
# ({1,12} characters) would otherwise be tried at every position of a long body (0.2 ms per body).
_DOC_NO_ANCHOR = re.compile(r"[\[［(（【〔]\s*(?:19|20)\d{2}\s*[\]］)）】〕]\s*\d{1,4}\s*号")
_DOC_NO_AT_END = re.compile(_DOC_NO.pattern + r"\Z")
_AGENCY_REACH = 24  # agency ({1,12}) + suffix (≤2) + spaces: how far before the bracket a match may start


def _doc_no_matches(text: str) -> list[re.Match[str]]:
    """The matches `_DOC_NO.finditer(text)` gives, found from their anchors."""
    matches = []
    done = 0
    for anchor in _DOC_NO_ANCHOR.finditer(text):
        lo = max(done, anchor.start() - _AGENCY_REACH)
        match = _DOC_NO_AT_END.search(text, lo, anchor.end())
        if match is not None:
            matches.append(match)
            done = match.end()
    return matches


def find_doc_nos(text: str) -> list[tuple[str, str, int, int]]:
    """Every 文号 quoted in `text`: (as written, normalised, start, end)."""
    found = []
    for match in _doc_no_matches(text or ""):
        agency = match.group(1)
        start = match.start(1)
        # The agency code is short (国办发, 苏政办发); trim words the regex swallowed before it.
        for noise in _LEADING_NOISE:
            idx = agency.rfind(noise)
            if idx >= 0:
                start += idx + len(noise)
                agency = agency[idx + len(noise):]
        if not agency:
            continue
        raw = text[start:match.end()]
        found.append((raw, normalise_doc_no(raw), start, match.end()))
    return found


# A 文号 as people type it into a search box: brackets of any kind or none, "年" or spaces between the
# year and the serial, full- or half-width ("国办发2021年12号", "国办发 2021 12", "国办发[2021]12号").
# With brackets any agency code will do; without, it must end like one (发, 函, 字, 令, 办…), so
# "要点2021年12月" is not taken for a 文号.
_DOC_NO_SUFFIX = "发|函|字|令|办|规|通|电|明电|发电|复|批|报|告"
_START = r"(?:^|(?<=[^\u4e00-\u9fa5A-Za-z]))"
_SERIAL = r"\s*(?:第\s*)?(\d{1,4})\s*号?(?![\d月日])"
_BRACKETED_DOC_NO = re.compile(_START + r"([\u4e00-\u9fa5A-Za-z]{2,12})\s*[\[［(（【〔]\s*((?:19|20)\d{2})\s*[\]］)）】〕]"
                               + _SERIAL)
_BARE_DOC_NO = re.compile(_START + r"([\u4e00-\u9fa5A-Za-z]{0,10}(?:" + _DOC_NO_SUFFIX + r"))\s*((?:19|20)\d{2})"
                          + r"\s*(?:年|\s)" + _SERIAL)


def loose_doc_no(query: str) -> str | None:
    """The canonical 文号 (〔〕, no spaces) in a query that spells one in some common way."""
    text = normalise_text(unicodedata.normalize("NFKC", query or "")).strip()
    match = _BRACKETED_DOC_NO.search(text) or _BARE_DOC_NO.search(text)
    if match is None:
        return None
    agency = match.group(1)
    for noise in _LEADING_NOISE:  # "关于国办发…" → "国办发"
        idx = agency.rfind(noise)
        if idx >= 0:
            agency = agency[idx + len(noise):]
    if len(agency) < 2:
        return None
    return f"{agency}〔{match.group(2)}〕{int(match.group(3))}号"


def looks_like_doc_no(query: str) -> str | None:
    hits = find_doc_nos(query)
    return hits[0][1] if hits else loose_doc_no(query)


# --- Highlighting ---------------------------------------------------------------------------

def _match_spans(text: str, needles: list[str]) -> list[tuple[int, int]]:
    lowered = normalise_text(text).lower()
    if len(lowered) != len(text):
        lowered = text.lower()
    spans: list[tuple[int, int]] = []
    for needle in sorted({n.lower() for n in needles if n}, key=len, reverse=True):
        start = lowered.find(needle)
        while start >= 0:
            end = start + len(needle)
            if not any(s < end and start < e for s, e in spans):
                spans.append((start, end))
            start = lowered.find(needle, end)
    return sorted(spans)


def highlight_needles(terms: list[str]) -> list[str]:
    needles: list[str] = []
    for term in terms:
        needles.append(term)
        needles.extend(synonyms_of(term))
    return needles


def _marked(text: str, spans: list[tuple[int, int]], lo: int, hi: int) -> str:
    """text[lo:hi], HTML-escaped, with the spans inside it wrapped in <mark>."""
    out, last = [], lo
    for start, end in spans:
        if start < lo or end > hi:
            continue
        out.append(html.escape(text[last:start]))
        out.append(f"<mark>{html.escape(text[start:end])}</mark>")
        last = end
    out.append(html.escape(text[last:hi]))
    return "".join(out)


def mark(text: str, terms: list[str]) -> str:
    """The whole `text`, HTML-escaped, with every term (and synonym) wrapped in <mark>."""
    return _marked(text, _match_spans(text, highlight_needles(terms)), 0, len(text))


def best_window(text: str, terms: list[str], max_chars: int = 160,
                spans: list[tuple[int, int]] | None = None) -> tuple[int, int]:
    """The [start, end) window of `text` holding the most distinct matched terms."""
    if spans is None:
        spans = _match_spans(text, highlight_needles(terms))
    if not spans or len(text) <= max_chars:
        return 0, min(len(text), max_chars)
    lowered = text.lower()
    best, best_score = (0, max_chars), -1
    distinct = {t.lower() for t in highlight_needles(terms) if t}
    for start, _ in spans[:12]:  # the first dozen matches are plenty to place a snippet
        lo = max(0, start - max_chars // 4)
        hi = min(len(text), lo + max_chars)
        window = lowered[lo:hi]
        score = sum(1 for t in distinct if t in window)
        if score > best_score:
            best, best_score = (lo, hi), score
    return best


def highlight(text: str, terms: list[str], max_chars: int = 160) -> str:
    """An HTML-escaped snippet of `text` around the best match, matches in <mark>.

    The text is scanned for matches once; the window and the marks reuse those spans.
    """
    text = re.sub(r"\s+", " ", text or "").strip()
    spans = _match_spans(text, highlight_needles(terms))
    lo, hi = best_window(text, terms, max_chars, spans)
    snippet = _marked(text, spans, lo, hi)
    return ("…" if lo > 0 else "") + snippet + ("…" if hi < len(text) else "")
