"""qa.rules, pure: the re-ranking factors, the calibrated decision, citations and input checks.

Each figure is computed from the constants the module documents (docs/qa.md), so a changed factor,
comparison or branch fails here; the end-to-end behaviour is in test_ask.py.
"""

from __future__ import annotations

import json
import math

import pytest

from gongkai.qa import rules
from gongkai.qa.rules import Candidate, Scope, Scored, Thresholds
from gongkai.qa.understanding import NATIONAL, Concept, Understanding


def _u(concepts=(), *, asks=None, kinds=(), whether=False) -> Understanding:
    return Understanding("问", "问", "问", tuple(concepts), (), False, None, asks, (), kinds, whether)


def _c(text: str, *, doc: int = 1, score: float = 1.0, year: int | None = 2025, region: str = NATIONAL, **kw) -> Candidate:
    return Candidate(f"{doc}-{text}", doc, text, "", score, year, region=region, **kw)


def _s(score: float, doc: int, quote: str, *, coverage: float = 0.9, in_scope: bool = True,
       kind_ok: bool = True) -> Scored:
    return Scored(_c(quote, doc=doc, score=score), score, coverage, in_scope, kind_ok, quote)


def test_idf_is_bm25s() -> None:
    assert rules.idf(1, 10) == pytest.approx(math.log(1 + 9.5 / 1.5))
    assert rules.idf(10, 10) == pytest.approx(math.log(1 + 0.5 / 10.5))


def test_concept_weight_uses_the_most_common_wording_and_discounts_unknown_words() -> None:
    df = {"公开": 5, "披露": 2, "从未": 0}.get
    concepts = [Concept("公开", ("公开", "披露", "没有"), 1.0), Concept("从未", ("从未",), 0.5)]
    weights = rules.concept_weights(concepts, lambda w: df(w, 0), 100)
    assert weights == pytest.approx([1.0 * rules.idf(5, 100), 0.5 * rules.idf(1, 100) * 0.4])
    # an empty library counts as one document
    assert rules.concept_weights(concepts[:1], lambda w: df(w, 0), 0) == pytest.approx([rules.idf(5, 1)])


def test_found_ignores_case() -> None:
    assert rules.found(Concept("ipv6", ("ipv6",), 1.0), "支持IPv6访问")
    assert not rules.found(Concept("ipv6", ("ipv6",), 1.0), "支持IPv4访问")


def test_coverage_weighs_where_each_concept_is_found() -> None:
    words = ["甲", "乙", "丙", "丁", "戊", "己"]
    concepts = [Concept(w, (w,), 1.0) for w in words]
    weights = [1, 2, 4, 8, 16, 32]
    c = _c("甲在句中", before="乙在前句", after="丙在后句", heading="丁在标题", title="戊在文件名")
    share, quote = rules.coverage(concepts, weights, c)
    assert share == pytest.approx((1 + 2 * 0.85 + 4 * 0.85 + 8 * 0.7 + 16 * 0.4) / 63)
    assert quote == "乙在前句甲在句中丙在后句"
    # found in the sentence itself: counted fully, no neighbour joined
    share, quote = rules.coverage(concepts[:1], [1], _c("甲", before="甲", after="甲", heading="甲", title="甲"))
    assert (share, quote) == (1.0, "甲")
    # a neighbour only when it holds something: the sentence alone
    assert rules.coverage(concepts[1:2], [1], _c("句", after="乙")) == (pytest.approx(0.85), "句乙")
    assert rules.coverage(concepts[1:2], [1], _c("句", before="乙")) == (pytest.approx(0.85), "乙句")
    assert rules.coverage(concepts[1:2], [1], _c("句", heading="乙")) == (pytest.approx(0.7), "句")
    assert rules.coverage(concepts[1:2], [1], _c("句", title="乙")) == (pytest.approx(0.4), "句")
    assert rules.coverage(concepts[1:2], [1], _c("句")) == (0.0, "句")
    assert rules.coverage(concepts[:1], [0], _c("甲")) == (0.0, "甲")  # nothing weighs: nothing covered


@pytest.mark.parametrize(("place", "region", "held", "factor"), [
    (None, NATIONAL, False, 1.0), (None, "江苏", True, 0.93), (NATIONAL, NATIONAL, True, 1.0),
    (NATIONAL, "江苏", True, 0.7), ("江苏", "浙江", False, 1.0), ("江苏", "江苏", True, 1.0), ("江苏", "浙江", True, 0.35),
])
def test_place_factor(place, region, held, factor) -> None:
    assert rules.place_factor(place, region, held) == factor


def test_rank_multiplies_the_factors_and_sorts_best_first() -> None:
    concept = Concept("公开", ("公开",), 1.0)
    u = _u([concept])
    scope = Scope(years=(2025,), years_asked=(2025,), place="江苏", place_held=True)
    here = _c("公开", doc=1, score=2.0, year=2025, region="江苏")
    old = _c("公开", doc=2, score=10.0, year=2024, region="江苏")
    away = _c("公开", doc=3, score=3.0, year=2025, region="浙江")
    ranked = rules.rank(u, [old, here, away], [1.0], scope)
    assert [s.candidate.doc_key for s in ranked] == [here.doc_key, old.doc_key, away.doc_key]
    by_doc = {s.candidate.doc_key: s for s in ranked}
    assert by_doc[1].score == pytest.approx(2.0 * 1.2 ** 3)
    assert by_doc[2].score == pytest.approx(10.0 * 1.2 ** 3 * 0.15)
    assert by_doc[3].score == pytest.approx(3.0 * 1.2 ** 3 * 0.35)
    assert [(s.in_scope, s.kind_ok, s.coverage) for s in ranked] == [(True, True, 1.0), (False, True, 1.0),
                                                                      (False, True, 1.0)]
    # another place is in scope when the library holds nothing of the place asked, or the nation is asked
    assert rules.rank(u, [away], [1.0], Scope(place="江苏", place_held=False))[0].in_scope
    assert rules.rank(u, [away], [1.0], Scope(place=NATIONAL, place_held=True))[0].in_scope
    assert rules.rank(u, [away], [1.0], Scope())[0].in_scope


def test_rank_penalises_a_passage_without_the_kind_of_fact_asked() -> None:
    u = _u([Concept("期限", ("期限",), 1.0)], asks="duration")
    with_days, without = _c("期限为20个工作日", doc=1), _c("期限另行规定", doc=2)
    ranked = rules.rank(u, [without, with_days], [1.0], Scope())
    assert [(s.candidate.doc_key, s.kind_ok) for s in ranked] == [(1, True), (2, False)]
    assert ranked[1].score == pytest.approx(1.2 ** 3 * 0.6)
    # every kind asked must be held
    both = _u([Concept("期限", ("期限",), 1.0)], asks="duration", kinds=("duration", "amount"))
    assert not rules.rank(both, [with_days], [1.0], Scope())[0].kind_ok


def test_margin() -> None:
    assert rules.margin([]) == 0.0
    assert rules.margin([_s(10, 1, "a"), _s(9, 1, "b")]) == 1.0  # one document only
    assert rules.margin([_s(0, 1, "a"), _s(0, 2, "b")]) == 1.0
    assert rules.margin([_s(10, 1, "a"), _s(9, 1, "b"), _s(4, 2, "c")]) == pytest.approx(0.6)
    assert rules.margin([_s(5, 1, "a"), _s(10, 2, "b")]) == 0.0


T = Thresholds(answer=0.6, related=0.3, margin=0.2)


def test_decide_outcomes_and_their_boundaries() -> None:
    u = _u([Concept("公开", ("公开",), 1.0)])
    alone = [_s(10, 1, "a", coverage=0.6), _s(8, 2, "b")]  # margin exactly 0.2
    assert rules.decide(u, alone, Scope(), T) == rules.Decision("answered", 0.6, "")
    assert rules.decide(u, [_s(10, 1, "a", coverage=0.6), _s(8.1, 2, "b")], Scope(), T).outcome == "related"
    assert rules.decide(u, [_s(10, 1, "a", coverage=0.59)], Scope(), T) == rules.Decision("related", 0.59, "")
    assert rules.decide(u, [_s(10, 1, "a", coverage=0.9, in_scope=False)], Scope(), T).outcome == "related"
    assert rules.decide(u, [_s(10, 1, "a", coverage=0.9, kind_ok=False)], Scope(), T).outcome == "related"
    assert rules.decide(u, [_s(10, 1, "a", coverage=0.3)], Scope(), T).outcome == "related"
    assert rules.decide(u, [_s(10, 1, "a", coverage=0.29)], Scope(), T) == rules.Decision("not_found", 0.29, "")


def test_decide_refuses_without_content_or_outside_the_library() -> None:
    u = _u([Concept("公开", ("公开",), 1.0)])
    nothing = rules.Decision("not_found", 0.0, "问题中没有可检索的内容")
    assert rules.decide(_u([Concept("问", ("问",), 0.1)]), [_s(10, 1, "a")], Scope(), T) == nothing
    assert rules.decide(u, [], Scope(), T) == nothing
    assert rules.decide(u, [_s(10, 1, "a")], Scope(unknown_place="苏州"), T) == rules.Decision(
        "not_found", 0.0, "政策文件库中没有苏州的相应文件")
    assert rules.decide(u, [_s(10, 1, "a")], Scope(years_asked=(2019, 2020)), T) == rules.Decision(
        "not_found", 0.0, "政策文件库中没有2019、2020 年的相应文件")


@pytest.mark.parametrize(("scope", "impossible"), [
    (Scope(), False), (Scope(unknown_place="苏州"), True), (Scope(years_asked=(2019,)), True),
    (Scope(years=(2019,), years_asked=(2019,)), False),
    (Scope(years=(2019,), years_asked=(2019,), place="江苏", place_held=False), True),
    (Scope(years=(2019,), years_asked=(2019,), place="江苏", place_held=True), False),
    (Scope(years=(2019,), years_asked=(2019,), place=NATIONAL, place_held=False), False),
    (Scope(place="江苏", place_held=False), False),
])
def test_scope_impossible(scope: Scope, impossible: bool) -> None:
    assert scope.impossible is impossible


def test_decide_a_whether_question_at_its_own_threshold() -> None:
    """A yes/no question asking no specific fact is answered at `answer_whether`; any other at `answer`."""
    t = Thresholds(answer=0.66, related=0.27, margin=0.0, answer_whether=0.52)
    whether = _u([Concept("公开", ("公开",), 1.0)], whether=True)
    which = _u([Concept("公开", ("公开",), 1.0)])
    assert rules.decide(whether, [_s(10, 1, "a", coverage=0.52)], Scope(), t).outcome == "answered"
    assert rules.decide(whether, [_s(10, 1, "a", coverage=0.51)], Scope(), t).outcome == "related"
    assert rules.decide(which, [_s(10, 1, "a", coverage=0.65)], Scope(), t).outcome == "related"
    assert rules.decide(which, [_s(10, 1, "a", coverage=0.66)], Scope(), t).outcome == "answered"
    # without its own threshold a whether question uses the answer threshold
    assert rules.decide(whether, [_s(10, 1, "a", coverage=0.6)], Scope(), T).outcome == "answered"
    assert rules.decide(whether, [_s(10, 1, "a", coverage=0.59)], Scope(), T).outcome == "related"


def test_thresholds_are_read_from_the_fitted_file() -> None:
    data = json.loads(rules.DECISION_FILE.read_text(encoding="utf-8"))
    assert rules.thresholds() == Thresholds(float(data["answer"]), float(data["related"]), float(data["margin"]),
                                            float(data["answer_whether"]))
    assert rules.thresholds().answer_whether is not None
    assert rules.thresholds().answer_whether < rules.thresholds().answer


def test_citations() -> None:
    ranked = [_s(10, 1, "甲"), _s(9, 1, "乙"), _s(8, 1, "丙"), _s(7, 2, "甲乙"), _s(6, 3, "丁"), _s(3.4, 4, "戊")]
    assert [s.quote for s in rules.citations_from(ranked)] == ["甲", "乙", "丁"]
    assert [s.quote for s in rules.citations_from(ranked, limit=2)] == ["甲", "乙"]
    assert [s.quote for s in rules.citations_from(ranked, limit=9, per_document=1)] == ["甲", "丁"]
    assert [s.quote for s in rules.citations_from([_s(10, 1, "a"), _s(3.5, 2, "b")])] == ["a", "b"]
    assert [s.quote for s in rules.citations_from([_s(10, 1, "a"), _s(3.4, 2, "b")])] == ["a"]
    assert [s.quote for s in rules.citations_from([_s(10, 1, "xay"), _s(9, 2, "a")])] == ["xay"]
    assert rules.citations_from([]) == []


def test_trim_question_key_and_term_coverage() -> None:
    assert rules.trim(" 甲 乙\n丙 ") == "甲乙丙"
    assert rules.trim("字" * 200) == "字" * 200
    assert rules.trim("字" * 201) == "字" * 199 + "…"
    assert rules.trim("字" * 12, limit=10) == "字" * 9 + "…"
    assert rules.question_key("IPv6_怎么 改造？") == "ipv6怎么改造"
    assert rules.question_key("字" * 600) == "字" * 500
    assert rules.term_coverage([], "任何") == 0.0
    assert rules.term_coverage(["ab", "c"], "AB") == pytest.approx(2 / 3)


def test_validate_question() -> None:
    assert rules.validate_question("") == "请输入您的问题。"
    assert rules.validate_question("   ") == "请输入您的问题。"
    assert rules.validate_question(None) == "请输入您的问题。"  # type: ignore[arg-type]
    short = "问题太短，请用一句话描述您想了解的政策，例如：“政务新媒体发布信息要标注哪些人？”"
    assert rules.validate_question("？a！") == short
    assert rules.validate_question("公开") is None
    assert rules.validate_question("问" * 500) is None
    assert rules.validate_question("问" * 501) == "问题过长（501 字），请控制在 500 字以内，只保留想问的要点。"


def test_survivors_of_the_first_mutation_run() -> None:
    """Cases the first run showed untested (issue 11): each line below failed a mutant that passed."""
    # three citations by default, however many documents qualify
    many = [_s(10 - i, i, f"第{i}段") for i in range(6)]
    assert len(rules.citations_from(many)) == 3
    # a word used in one passage is known, not discounted as unknown
    weights = rules.concept_weights([Concept("罕见", ("罕见",), 1.0)], lambda w: 1, 100)
    assert weights == pytest.approx([rules.idf(1, 100)])
    # every concept found in the sentence adds its weight
    both = [Concept("甲", ("甲",), 1.0), Concept("乙", ("乙",), 1.0)]
    assert rules.coverage(both, [1, 2], _c("甲乙")) == (1.0, "甲乙")
    with pytest.raises(ValueError):
        rules.coverage(both, [1], _c("甲乙"))  # one weight per concept, or a bug upstream
    # a small top score still has a relative lead
    assert rules.margin([_s(0.5, 1, "a"), _s(0.25, 2, "b")]) == pytest.approx(0.5)
    # the quote ranked is the widened window
    u = _u([Concept("乙", ("乙",), 1.0)])
    assert rules.rank(u, [_c("句", after="乙")], [1.0], Scope())[0].quote == "句乙"
