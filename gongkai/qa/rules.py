"""How an answer is chosen (pure): re-ranking retrieved passages and the calibrated decision.

No invented text: an answer is always a cited passage. Three outcomes:
- answered — the best passage covers the question's rare words well enough (a threshold fitted on
  the tuning half of the development set, `data/decision.json`), within the question's scope
  (its year, its place) and holding the kind of fact asked for (a date, a duration);
- related — something close was found but not enough to answer: up to three passages are shown
  as "可能与您的问题有关" and the question still goes to an officer;
- not_found — nothing shown; queued.
A near-random passage presented as the answer is worse than an honest "we will answer you".
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from gongkai.qa.understanding import NATIONAL, Concept, Understanding, passage_answers_kind

MAX_ANSWER_CHARS = 200
DECISION_FILE = Path(__file__).parent / "data" / "decision.json"

# Re-ranking constants (see docs/qa.md). Where a concept is found: the sentence or its neighbours
# count fully, the section heading most, the document title a little.
FOUND_IN_NEIGHBOUR = 0.85  # the item's other sentences: the sentence itself should carry the answer
FOUND_IN_HEADING = 0.7
FOUND_IN_TITLE = 0.4
# A word the library never uses weighs as much as one used in a single passage, times this: it may
# be the asker's own wording (then the dictionary should learn it) or a topic the library lacks.
UNKNOWN_WORD = 0.4
OUT_OF_YEAR = 0.15  # a passage of another year than the one asked
OTHER_PLACE = 0.35  # a passage of another place than the one asked (when the library holds that place)
NOT_NATIONAL = 0.7  # a local passage when the question asks what the nation requires
NO_PLACE_LOCAL = 0.93  # no place asked: the national document wins narrowly when both say the same
WRONG_KIND = 0.6  # the question asks for a date, duration, sum or number and the passage holds none
COVERAGE_POWER = 3  # how much coverage re-orders BM25's ranking


@dataclass(frozen=True)
class Candidate:
    key: str
    doc_key: int
    text: str
    section: str
    score: float
    year: int | None
    heading: str = ""
    title: str = ""
    before: str = ""
    after: str = ""
    region: str = ""


@dataclass(frozen=True)
class Scope:
    """What the question restricts the answer to, as far as the library holds it."""

    years: tuple[int, ...] = ()  # asked years the library holds
    years_asked: tuple[int, ...] = ()
    place: str | None = None
    place_held: bool = False  # the library holds documents of that place (and year, if asked)
    unknown_place: str = ""  # a city or county the question names that no passage mentions

    @property
    def impossible(self) -> bool:
        """The question names a year (or a year and a place) or a city the library holds nothing of."""
        if self.unknown_place:
            return True
        return bool(self.years_asked) and (not self.years or (self.place is not None and self.place != NATIONAL
                                                               and not self.place_held))


@dataclass(frozen=True)
class Scored:
    candidate: Candidate
    score: float
    coverage: float
    in_scope: bool
    kind_ok: bool
    quote: str


@dataclass(frozen=True)
class Thresholds:
    answer: float  # coverage of the question's weighted rare words needed to answer
    related: float  # coverage needed to show related passages
    margin: float  # the best document's lead over the next one, below which the answer is "related"
    # The answer threshold for a yes/no question that asks no specific fact (`Understanding.whether`);
    # None: the same as `answer`.
    answer_whether: float | None = None

    def answer_for(self, whether: bool) -> float:
        """The answer threshold for a question (`whether`: `Understanding.whether`)."""
        return self.answer_whether if whether and self.answer_whether is not None else self.answer


@dataclass(frozen=True)
class Decision:
    outcome: str  # answered | related | not_found
    confidence: float
    reason: str


def idf(df: int, n: int) -> float:
    return math.log(1 + (n - df + 0.5) / (df + 0.5))


def concept_weights(concepts: Sequence[Concept], df: Callable[[str], int], n: int) -> list[float]:
    """Each concept's weight: its part-of-speech weight × the rarity (IDF) of its most common
    alternative in the library (a concept is as rare as its most usual wording); an unknown word
    weighs like a word of one passage, times UNKNOWN_WORD."""
    n = max(n, 1)
    out = []
    for concept in concepts:
        counts = [df(a) for a in concept.alternatives]
        known = [c for c in counts if c > 0]
        rarity = idf(max(known), n) if known else idf(1, n) * UNKNOWN_WORD
        out.append(concept.weight * rarity)
    return out


def found(concept: Concept, text: str) -> bool:
    lowered = text.lower()
    return any(a in lowered for a in concept.alternatives)


def coverage(concepts: Sequence[Concept], weights: Sequence[float], c: Candidate) -> tuple[float, str]:
    """(weighted share of the concepts found around the passage, the quote): the sentence, with a
    neighbour joined where that neighbour holds a concept the sentence lacks."""
    total = sum(weights)
    if not total:
        return 0.0, c.text
    got = 0.0
    before = after = False
    for concept, weight in zip(concepts, weights, strict=True):
        if found(concept, c.text):
            got += weight
        elif c.before and found(concept, c.before):
            got += weight * FOUND_IN_NEIGHBOUR
            before = True
        elif c.after and found(concept, c.after):
            got += weight * FOUND_IN_NEIGHBOUR
            after = True
        elif found(concept, c.heading):
            got += weight * FOUND_IN_HEADING
        elif found(concept, c.title):
            got += weight * FOUND_IN_TITLE
    quote = (c.before if before else "") + c.text + (c.after if after else "")
    return got / total, quote


def place_factor(place: str | None, region: str, place_held: bool) -> float:
    if place is None:
        return 1.0 if region == NATIONAL else NO_PLACE_LOCAL
    if place == NATIONAL:
        return 1.0 if region == NATIONAL else NOT_NATIONAL
    if not place_held:
        return 1.0
    return 1.0 if region == place else OTHER_PLACE


def rank(u: Understanding, candidates: Sequence[Candidate], weights: Sequence[float], scope: Scope) -> list[Scored]:
    """Candidates re-ranked, best first: BM25 × (0.2 + coverage)² × year × place × answer-kind factors."""
    ranked = []
    for c in candidates:
        cov, quote = coverage(u.concepts, weights, c)
        in_year = not scope.years or c.year in scope.years
        in_place = (scope.place is None or scope.place == NATIONAL or not scope.place_held
                    or c.region == scope.place)
        kind_ok = all(passage_answers_kind(k, quote) for k in (u.kinds or (u.asks,)))
        factor = (1.0 if in_year else OUT_OF_YEAR) * place_factor(scope.place, c.region, scope.place_held)
        factor *= 1.0 if kind_ok else WRONG_KIND
        ranked.append(Scored(c, c.score * (0.2 + cov) ** COVERAGE_POWER * factor, cov, in_year and in_place, kind_ok,
                             quote))
    ranked.sort(key=lambda s: s.score, reverse=True)
    return ranked


def margin(ranked: Sequence[Scored]) -> float:
    """The best document's relative lead over the best passage of any other document."""
    if not ranked:
        return 0.0
    top = ranked[0]
    other = next((s for s in ranked[1:] if s.candidate.doc_key != top.candidate.doc_key), None)
    if other is None or top.score <= 0:
        return 1.0
    return max(0.0, (top.score - other.score) / top.score)


def decide(u: Understanding, ranked: Sequence[Scored], scope: Scope, t: Thresholds) -> Decision:
    if u.frame_only or not ranked:
        return Decision("not_found", 0.0, "问题中没有可检索的内容")
    if scope.impossible:
        what = scope.unknown_place or f"{'、'.join(map(str, scope.years_asked))} 年"
        return Decision("not_found", 0.0, f"政策文件库中没有{what}的相应文件")
    top = ranked[0]
    if top.in_scope and top.kind_ok and top.coverage >= t.answer_for(u.whether) and margin(ranked) >= t.margin:
        return Decision("answered", top.coverage, "")
    if top.coverage >= t.related:
        return Decision("related", top.coverage, "")
    return Decision("not_found", top.coverage, "")


@cache
def thresholds() -> Thresholds:
    """The thresholds fitted on the tuning split (`python -m benchmarks.qa_eval --fit`)."""
    data = json.loads(DECISION_FILE.read_text(encoding="utf-8"))
    whether = data.get("answer_whether")
    return Thresholds(answer=float(data["answer"]), related=float(data["related"]), margin=float(data["margin"]),
                      answer_whether=None if whether is None else float(whether))


def citations_from(ranked: Sequence[Scored], limit: int = 3, per_document: int = 2,
                   floor: float = 0.35) -> list[Scored]:
    """The passages to cite: best first, at most `per_document` per document, none far below the best."""
    if not ranked:
        return []
    out: list[Scored] = []
    per: dict[int, int] = {}
    seen: set[str] = set()
    for s in ranked:
        if s.score < ranked[0].score * floor:
            break
        if per.get(s.candidate.doc_key, 0) >= per_document or any(s.quote in q or q in s.quote for q in seen):
            continue  # a sentence already quoted inside a wider window (or the reverse) says nothing new
        per[s.candidate.doc_key] = per.get(s.candidate.doc_key, 0) + 1
        seen.add(s.quote)
        out.append(s)
        if len(out) == limit:
            break
    return out


def trim(text: str, limit: int = MAX_ANSWER_CHARS) -> str:
    text = re.sub(r"\s+", "", text)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def question_key(question: str) -> str:
    """Normalised question for exact matches: no spaces or punctuation, lower-case."""
    return re.sub(r"[\W_]+", "", question.lower())[:500]


def term_coverage(terms: list[str], text: str) -> float:
    """Share of `terms` (by length, a rough specificity) found in `text`: for knowledge-base matches."""
    if not terms:
        return 0.0
    lowered = text.lower()
    total = sum(len(t) for t in terms)
    return sum(len(t) for t in terms if t in lowered) / total


def validate_question(question: str) -> str | None:
    """A Chinese message for unusable input, else None."""
    text = (question or "").strip()
    if not text:
        return "请输入您的问题。"
    if len(re.sub(r"[\W_]+", "", text)) < 2:
        return "问题太短，请用一句话描述您想了解的政策，例如：“政务新媒体发布信息要标注哪些人？”"
    if len(text) > 500:
        return f"问题过长（{len(text)} 字），请控制在 500 字以内，只保留想问的要点。"
    return None
