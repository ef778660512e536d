"""rules.py: deadline phrases, responsible subjects, derived status, item matching."""

from __future__ import annotations

import calendar
from datetime import date

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from gongkai.ledger import rules
from gongkai.ledger.rules import StatusCode, effective_status, find_deadline, find_owners, match_items

# (text, document year, expected date, expected phrase)
DEADLINES = [
    ("具有规章制定权的地方政府在2021年底前将现行有效规章集中公开。", 2021, date(2021, 12, 31), "2021年底前"),
    ("试点地区要在年底前全面完成政府网站集约化试点任务。", 2019, date(2019, 12, 31), "年底前"),
    ("年内完成政务新媒体清理整合。", 2022, date(2022, 12, 31), "年内"),
    ("10月底前完成专栏检查。", 2021, date(2021, 10, 31), "10月底前"),
    ("2月底前报送总结。", 2024, date(2024, 2, 29), "2月底前"),
    ("上半年完成目录编制。", 2021, date(2021, 6, 30), "上半年"),
    ("下半年开展评估。", 2021, date(2021, 12, 31), "下半年"),
    ("三季度末前完成。", 2021, date(2021, 9, 30), "三季度末前"),
    ("2020年年底前，我市初步建成目录体系。", 2020, date(2020, 12, 31), "2020年年底前"),
    ("2022年6月底前，制定完成标准。", 2020, date(2022, 6, 30), "2022年6月底前"),
    ("明年3月底前完成验收。", 2020, date(2021, 3, 31), "明年3月底前"),
    ("6月30日前报送自查报告。", 2021, date(2021, 6, 30), "6月30日前"),
    ("9月中旬前完成。", 2021, date(2021, 9, 20), "9月中旬前"),
    ("到2023年底，工作机制趋于完善。", 2023, date(2023, 12, 31), "2023年底"),
    ("到2025年，基本建成标准体系。", 2023, date(2025, 12, 31), "到2025年"),
    ("２０２１年底前完成。", 2021, date(2021, 12, 31), "２０２１年底前"),
    ("2022 年底前完成。", 2022, date(2022, 12, 31), "2022 年底前"),
]


@pytest.mark.parametrize(("text", "year", "due", "phrase"), DEADLINES)
def test_deadline_phrases_are_read_into_dates_and_kept(text, year, due, phrase) -> None:
    deadline = find_deadline(text, year)
    assert (deadline.due, deadline.text, deadline.continuous, deadline.needs_review) == (due, phrase, False, False)


@pytest.mark.parametrize("text", [
    "国务院办公厅 2021年4月9日",  # 成文日期
    "发布日期：2021年4月23日",
    "新修订的政府信息公开条例施行后，要加强培训。",
    "对不符合工作要求的政务新媒体提前预警。",
    "多渠道扩大学前教育供给。",
    "明确2021年工作重点，分阶段推进。",
    "在实事求是的前提下统一发声。",
    "底数不清、体系不完善等问题。",
    "围绕2019年经济社会发展总体要求。",
    "公布2016年版市政府部门权力清单。",
])
def test_dates_that_are_not_deadlines_give_none(text) -> None:
    deadline = find_deadline(text, 2021)
    assert deadline.due is None and deadline.text is None and not deadline.needs_review


@pytest.mark.parametrize(("text", "phrase"), [
    ("春节前完成走访。", "春节前"),
    ("三年内建成统一平台。", "三年内"),
    ("6月前报送方案。", "6月前"),
    ("本季度末前完成。", "本季度末前"),
])
def test_unreadable_time_limits_are_kept_and_flagged(text, phrase) -> None:
    deadline = find_deadline(text, 2021)
    assert deadline.due is None and deadline.text == phrase and deadline.needs_review


@pytest.mark.parametrize(("text", "continuous"), [
    ("持续深化地方政府债务信息公开。", True),
    ("长期坚持政策解读工作。", True),
    ("做好常态化疫情防控信息公开。", True),
    ("充分阐释经济运行稳中有进、长期向好态势。", False),
    ("助力营商环境持续改善。", False),
    ("持续推进，2021年底前完成。", False),  # a date wins: the task has a deadline
])
def test_continuous_tasks(text, continuous) -> None:
    assert find_deadline(text, 2021).continuous is continuous


@given(year=st.integers(2000, 2099), doc_year=st.integers(2000, 2099),
       before=st.sampled_from(["", "在", "于", "到"]), after=st.sampled_from(["前", "之前", "以前", ""]),
       filler=st.text(alphabet="政务公开信息平台建设完成，", max_size=20))
def test_year_end_property(year, doc_year, before, after, filler) -> None:
    """Any "YYYY年底前" means 31 December of YYYY, whatever the 要点's own year and the words around."""
    deadline = find_deadline(f"{filler}{before}{year}年底{after}{filler}", doc_year)
    assert deadline.due == date(year, 12, 31)


@given(month=st.integers(1, 12), doc_year=st.integers(2000, 2099), year=st.none() | st.integers(2000, 2099))
def test_month_end_property_against_the_calendar(month, doc_year, year) -> None:
    """"N月底前" is the last day of month N (oracle: calendar.monthrange), of the year written or else
    of the 要点's year."""
    written = f"{year}年" if year else ""
    deadline = find_deadline(f"各地要在{written}{month}月底前完成。", doc_year)
    target = year or doc_year
    assert deadline.due == date(target, month, calendar.monthrange(target, month)[1])


@given(text=st.text(alphabet="发布日期施行后提前学前前提目前当前此前之前事前政务公开要求工作推进。，", max_size=60),
       doc_year=st.integers(2000, 2099))
def test_non_deadline_words_never_make_a_date(text, doc_year) -> None:
    assert find_deadline(text, doc_year).due is None


@pytest.mark.parametrize(("text", "owners"), [
    ("县级以上各级人民政府要主动公开国民经济和社会发展规划纲要。", ["县级以上各级人民政府"]),
    ("国务院有关主管部门在2021年底前出台教育、卫生健康等领域的公共企事业单位信息公开规定。", ["国务院有关主管部门"]),
    ("加大惠民惠农政策公开力度，县级政府信息公开工作主管部门及财政部门要推动补贴信息公开向村和社区延伸。",
     ["县级政府信息公开工作主管部门", "财政部门"]),
    ("各地区、各部门要将本要点落实情况纳入年度报告。", ["各地区各部门"]),
    ("尚未出台本领域基层政务公开标准指引的国务院部门，在2021年底前编制完成标准指引。",
     ["尚未出台本领域基层政务公开标准指引的国务院部门"]),
    ("各设区市要加强指导协调和监督检查。", ["各设区市"]),
    ("省政府办公厅牵头组织开展专项检查。", ["省政府办公厅"]),
    ("中国政府网以适当方式归集整理省级政府网站主动公开的规划。", ["中国政府网"]),
    ("编制城市应急管理、环境保护等重点领域专项责任清单。", []),
    ("全面推进规章集中统一公开。", []),
    ("做好财政信息公开。（市财政局牵头，各县（区）政府负责）", ["市财政局", "各县（区）政府"]),
])
def test_responsible_subjects(text, owners) -> None:
    assert find_owners(text) == owners


def test_split_notes_counts_nested_brackets() -> None:
    body, notes = rules.split_notes("扎实做好清单公开。(责任时限:2022年底前,牵头单位:市财政局,责任单位:各县(区)政府)")
    assert body == "扎实做好清单公开。"
    assert notes == ["责任时限:2022年底前,牵头单位:市财政局,责任单位:各县(区)政府"]
    assert rules.note_owners(notes[0]) == ["市财政局", "各县(区)政府"]


TODAY = date(2021, 11, 1)


@pytest.mark.parametrize(("stored", "due", "completed", "expected"), [
    (StatusCode.NOT_STARTED, date(2021, 10, 31), None, StatusCode.OVERDUE),
    (StatusCode.IN_PROGRESS, date(2021, 10, 31), None, StatusCode.OVERDUE),
    (StatusCode.IN_PROGRESS, date(2021, 11, 1), None, StatusCode.IN_PROGRESS),  # due today: not yet late
    (StatusCode.NOT_STARTED, None, None, StatusCode.NOT_STARTED),
    (StatusCode.ONGOING, date(2021, 1, 1), None, StatusCode.ONGOING),
    (StatusCode.DONE, date(2021, 10, 31), date(2021, 10, 30), StatusCode.DONE),
    (StatusCode.DONE, date(2021, 10, 31), date(2021, 11, 1), StatusCode.OVERDUE),  # finished late
])
def test_overdue_is_derived_from_the_date(stored, due, completed, expected) -> None:
    assert effective_status(stored, due, TODAY, completed) == expected


@given(days=st.integers(-400, 400), stored=st.sampled_from(rules.STORED_STATUSES))
def test_overdue_property(days, stored) -> None:
    """Oracle: not done, not continuous, and today after the due date ⇔ 未按期完成."""
    from datetime import timedelta

    due = TODAY + timedelta(days=days)
    naive = stored not in (StatusCode.DONE, StatusCode.ONGOING) and due < TODAY
    assert (effective_status(stored, due, TODAY) == StatusCode.OVERDUE) is naive


@given(st.lists(st.text(alphabet="政务公开平台网站新媒体财政预算规划疫情防控解读回应舆情依申请培训考核", min_size=8,
                        max_size=40), min_size=2, max_size=6, unique=True))
def test_matching_a_plan_against_itself_finds_each_item(texts) -> None:
    """Oracle: an item with a bigram no other item has is closest to itself (cosine 1)."""
    grams = [set(rules.bigrams(t)) for t in texts]
    assume(all(g - set().union(*(o for j, o in enumerate(grams) if j != i)) for i, g in enumerate(grams)))
    items = [(f"一.（{i}）", t) for i, t in enumerate(texts)]
    matches = match_items(items, items, threshold=0.0)
    assert [m.origin_path for m in matches] == [p for p, _ in items]


# --- mutation testing (issue 11): cases the first full run showed untested ------------------------------------


def test_deadline_record_for_the_api() -> None:
    assert find_deadline("2021年底前完成", 2021).as_dict() == {
        "deadline": "2021-12-31", "deadline_text": "2021年底前", "continuous": False, "needs_review": False}
    assert rules.Deadline(continuous=True).as_dict() == {
        "deadline": None, "deadline_text": None, "continuous": True, "needs_review": False}
    assert rules.Deadline(text="春节前", needs_review=True).as_dict() == {
        "deadline": None, "deadline_text": "春节前", "continuous": False, "needs_review": True}


@pytest.mark.parametrize(("text", "due", "phrase"), [
    ("年内完成第3", date(2021, 12, 31), "年内"),  # 年内 at the start: nothing before it to count from
    ("三年内建成，今年内先试点", date(2021, 12, 31), "今年内"),  # 三年内 skipped, the next 年内 still read
    ("13月底前无效，6月底前完成", date(2021, 6, 30), "6月底前"),  # an impossible month does not stop the reading
    ("重点任务之二上半年完成", date(2021, 6, 30), "上半年"),  # only 年内 looks at the character before it
    ("上半年底前完成", date(2021, 6, 30), "上半年底前"),  # the longer phrase at the earlier start wins
    ("10月底前部署，6月底前试点", date(2021, 6, 30), "6月底前"),  # several: the earliest date
    ("9月上旬前", date(2021, 9, 10), "9月上旬前"),
    ("9月中旬前", date(2021, 9, 20), "9月中旬前"),
    ("2月下旬前", date(2021, 2, 28), "2月下旬前"),
    ("6月1日前", date(2021, 6, 1), "6月1日前"),
    ("2024年2月29日前", date(2024, 2, 29), "2024年2月29日前"),
])
def test_deadline_reading_edge_cases(text, due, phrase) -> None:
    deadline = find_deadline(text, 2021)
    assert (deadline.due, deadline.text) == (due, phrase)


@pytest.mark.parametrize("text", ["2月30日前", "6月0日前", "2021年2月29日前"])
def test_impossible_days_are_not_deadlines(text) -> None:
    assert find_deadline(text, 2021).due is None


def test_every_phrase_is_listed_with_its_date() -> None:
    assert rules.deadline_phrases("2021年6月底前启动，年底前完成，长期坚持", 2021) == [
        ("2021年6月底前", date(2021, 6, 30)), ("年底前", date(2021, 12, 31))]
    assert rules.deadline_phrases("明年底前", 2021) == [("明年底前", date(2022, 12, 31))]


@pytest.mark.parametrize(("text", "owners"), [
    ("财政局和税务局要加强协作。", ["财政局", "税务局"]),
    ("市委和县委要加强领导。", ["市委和县委"]),
    ("市 财政局要加强协作。", ["市财政局"]),
    ("同时，各部门要落实。各部门要总结。", ["各部门"]),
])
def test_subjects_split_only_into_named_organs(text, owners) -> None:
    assert find_owners(text) == owners


def test_notes_and_their_owners() -> None:
    assert rules.note_owners("牵头单位：市财政局、市税务局；责任时限：2022年底前") == ["市财政局", "市税务局"]
    assert rules.note_owners("以下单位负责，市委") == ["市委"]  # "以下…" introduces, it names no one
    assert rules.note_owners("县委、县委牵头") == ["县委"]
    assert rules.note_owners("市局负责，区配合") == ["市局"]  # a one-character name is not a subject
    body, notes = rules.split_notes("甲（说明）乙(市财政局牵头)丙")
    assert (body, notes) == ("甲（说明）乙丙", ["市财政局牵头"])
    assert rules.split_notes("(市财政局负责)做好") == ("做好", ["市财政局负责"])


def test_status_helpers() -> None:
    due = date(2021, 6, 30)
    assert effective_status(StatusCode.DONE, due, date(2022, 1, 1), completed_on=due) == StatusCode.DONE
    assert rules.is_unfinished(StatusCode.IN_PROGRESS) and not rules.is_unfinished(StatusCode.DONE)
    assert rules.days_until(date(2021, 7, 10), date(2021, 7, 1)) == 9
    assert rules.days_until(date(2021, 7, 1), date(2021, 7, 10)) == -9


def test_bigrams_count_pairs_without_punctuation_or_common_words() -> None:
    assert rules.bigrams("甲乙丙甲乙") == {"甲乙": 2, "乙丙": 1, "丙甲": 1}
    assert rules.bigrams("甲，乙") == {"甲乙": 1}
    assert rules.bigrams("政务公开") == {}
    assert rules.bigrams("２０") == {"20": 1}
    assert rules.bigrams("甲") == {}


def _oracle(provincial, national):
    import math

    docs = [rules.bigrams(t) for _, t in provincial + national]
    df: dict[str, int] = {}
    for d in docs:
        for g in d:
            df[g] = df.get(g, 0) + 1

    def vec(d):
        v = {g: (1 + math.log(c)) * math.log((1 + len(docs)) / (1 + df[g])) for g, c in d.items()}
        n = math.sqrt(sum(x * x for x in v.values())) or 1.0
        return {g: x / n for g, x in v.items()}

    ps, ns = [vec(d) for d in docs[:len(provincial)]], [vec(d) for d in docs[len(provincial):]]
    return [[sum(x * nv.get(g, 0.0) for g, x in pv.items()) for nv in ns] for pv in ps]


def test_match_scores_against_a_tf_idf_oracle() -> None:
    provincial = [("p1", "推进财政预算公开公开预算"), ("p2", "规范政务新媒体新媒体管理"), ("p3", "完全无关的内容")]
    national = [("n1", "财政预算决算公开"), ("n2", "政务新媒体管理"), ("n3", "财政新媒体")]
    scores = _oracle(provincial, national)
    got = match_items(provincial, national, threshold=0.0)
    for m, row in zip(got, scores, strict=True):
        best = max(row)
        assert m.score == round(best, 4)
        assert m.origin_path == (national[row.index(best)][0] if best > 0 else None)
    assert [m.path for m in got] == ["p1", "p2", "p3"]
    assert got[0].score == round(max(scores[0]), 4) and got[0].score != max(scores[0])
    # the threshold: at the score itself the link is made, just above it is not
    p1 = got[0].score
    assert match_items(provincial, national, threshold=max(scores[0]))[0].origin_path == "n1"
    assert match_items(provincial, national, threshold=p1 + 0.001)[0].origin_path is None


def test_an_equal_later_score_does_not_replace_the_first() -> None:
    got = match_items([("p", "财政预算"), ("q", "其他内容")], [("n1", "财政预算"), ("n2", "财政预算")], threshold=0.0)
    assert got[0].origin_path == "n1"


def test_second_round_of_survivors() -> None:
    # adjacent phrases are both read; a dropped overlapping phrase does not end the reading
    assert rules.deadline_phrases("6月底前年底前", 2021) == [("6月底前", date(2021, 6, 30)), ("年底前", date(2021, 12, 31))]
    assert rules.deadline_phrases("上半年底前完成，10月底前总结", 2021) == [
        ("上半年底前", date(2021, 6, 30)), ("10月底前", date(2021, 10, 31))]
    # an opening adverb is dropped, not replaced
    assert find_owners("同时各部门要落实。") == ["各部门"]
    # a clause opening with a verb names no subject, even when an organ follows
    assert find_owners("建立市级部门应当公开的清单。") == []
    # a subject-only clause must not itself say 要/应/须
    assert find_owners("负责重要事项的部门，要在年底前公开。") == []
    # notes: trailing 牵头/配合 on each name, and a date part is not a name
    assert rules.note_owners("市财政局牵头、县财政局配合") == ["市财政局", "县财政局"]
    assert rules.note_owners("完成时限：2022年6月，牵头单位：市财政局") == ["市财政局"]
    # only brackets open and close a note
    assert rules.split_notes("X(市财政局负责)") == ("X", ["市财政局负责"])
    assert rules.split_notes("做好(X市负责)") == ("做好", ["X市负责"])


def test_a_subject_only_clause_is_at_most_32_characters() -> None:
    c32 = "本市" + "甲" * 28 + "部门"
    assert find_owners(c32 + "，在2021年底前完成。") == [c32]
    assert find_owners("本市" + "甲" * 29 + "部门，在2021年底前完成。") == []
