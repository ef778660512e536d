"""How an answer is chosen (pure): re-ranking of retrieved passages and the "good enough" test.

No invented text: an answer is always a cited passage, trimmed. When the best passage does not
cover the question's specific words, the answer is "not found" and the question is queued for an
officer — a near-random passage is worse than an honest "we will answer you".
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Words so common in policy text that matching them says little about relevance.
GENERIC = frozenset(
    ["政府", "工作", "公开", "政务", "信息", "要求", "开展", "推进", "加强", "做好", "进一步", "落实", "建设", "相关", "有关", "部门", "各地", "地区", "单位", "机关", "人员", "情况", "问题", "规定", "国家", "我们", "你们", "办理", "服务", "管理", "时间", "什么", "哪些", "怎么", "如何", "要", "能", "会", "年", "月", "日", "人"]
)
MIN_COVERAGE = 0.6
MAX_ANSWER_CHARS = 200


@dataclass(frozen=True)
class Candidate:
    key: str
    doc_key: int
    text: str
    section: str
    score: float
    year: int | None


def term_weight(term: str) -> float:
    # Numbers (years, counts) are matched by the year factor in `rerank`, not by coverage.
    if term in GENERIC or term.isdigit():
        return 0.3
    return min(3.0, 0.8 + 0.4 * len(term))


def coverage(terms: list[str], text: str, alternatives: dict[str, list[str]] | None = None) -> float:
    """Weighted share of the question's words (or their synonyms) found in `text`."""
    if not terms:
        return 0.0
    lowered = text.lower()
    alternatives = alternatives or {}
    total = sum(term_weight(t) for t in terms)
    found = sum(term_weight(t) for t in terms
                if t in lowered or any(a in lowered for a in alternatives.get(t, [])))
    return found / total if total else 0.0


def years_in(question: str) -> set[int]:
    return {int(y) for y in re.findall(r"((?:19|20)\d{2})\s*年", question)}


def rerank(question: str, terms: list[str], candidates: list[Candidate],
           alternatives: dict[str, list[str]] | None = None) -> list[tuple[float, float, Candidate]]:
    """(final score, coverage, candidate), best first.

    Final = BM25 × coverage² × year factor: a question naming a year ("2021年") goes to that
    year's documents; otherwise newer documents win narrowly when passages say the same thing.
    """
    wanted = years_in(question)
    ranked = []
    for c in candidates:
        cov = coverage(terms, c.text + " " + c.section, alternatives)
        factor = 1.0
        if wanted:
            factor = 1.6 if c.year in wanted else 0.5
        elif c.year:
            factor = 1.0 + 0.03 * max(0, c.year - 2015)
        ranked.append((c.score * (0.2 + cov) ** 2 * factor, cov, c))
    ranked.sort(key=lambda item: item[0], reverse=True)
    return ranked


def good_enough(cov: float, terms: list[str]) -> bool:
    specific = [t for t in terms if t not in GENERIC]
    return bool(specific) and cov >= MIN_COVERAGE


def trim(text: str, limit: int = MAX_ANSWER_CHARS) -> str:
    text = re.sub(r"\s+", "", text)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def question_key(question: str) -> str:
    """Normalised question for exact matches: no spaces or punctuation, lower-case."""
    return re.sub(r"[\W_]+", "", question.lower())[:500]


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
