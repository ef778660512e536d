from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gongkai.core.workdays import Calendar
from gongkai.newmedia import rules


def test_annotation_read_from_the_post_text():
    text = "……全文完。（拟稿人：张三；审核人：李四；发布人：王五）"
    assert rules.annotation_from_text(text) == {"drafter": "张三", "reviewer": "李四", "publisher": "王五"}
    assert rules.annotation_from_text("来源：新华社 审核：李四") == {"source": "新华社", "reviewer": "李四"}
    assert rules.annotation_from_text("今天天气晴") == {}


def test_annotation_missing_names_each_role():
    assert rules.annotation_missing("张三", "", " ") == ["审核人", "发布人"]
    assert rules.annotation_missing("张三", "李四", "王五") == []


def test_repost_needs_source_and_reviewer():
    assert rules.repost_missing(True, "", "") == ["转载来源", "审核人"]
    assert rules.repost_missing(True, "新华社", "李四") == []
    assert rules.repost_missing(False, "", "") == []


@pytest.mark.parametrize(("days", "expected"), [(13, None), (14, "warn"), (27, "warn"), (28, "serious"), (200, "serious")])
def test_staleness_thresholds(days, expected):
    today = date(2026, 12, 1)
    finding = rules.staleness(today - timedelta(days=days), None, today)
    assert (finding.severity if finding else None) == expected


def test_never_posted_counts_from_opening_and_unknown_opening_is_no_finding():
    today = date(2026, 12, 1)
    finding = rules.staleness(None, today - timedelta(days=20), today)
    assert finding is not None and "开设以来未发布" in finding.detail
    assert rules.staleness(None, None, today) is None


@given(st.integers(min_value=0, max_value=400), st.integers(min_value=0, max_value=400))
def test_staleness_never_improves_with_time(a, b):
    today = date(2026, 12, 1)
    rank = {None: 0, "warn": 1, "serious": 2}
    earlier, later = sorted((a, b))
    f1, f2 = (rules.staleness(today - timedelta(days=d), None, today) for d in (earlier, later))
    assert rank[f1.severity if f1 else None] <= rank[f2.severity if f2 else None]


def test_unanswered_counts_working_days_then_three_months():
    cal = Calendar.empty()  # weekends only
    received = date(2026, 11, 2)  # a Monday
    assert rules.unanswered(received, None, date(2026, 11, 9), cal) is None  # 5 working days
    assert rules.unanswered(received, None, date(2026, 11, 10), cal) == "warn"
    assert rules.unanswered(received, None, received + timedelta(days=91), cal) == "serious"
    assert rules.unanswered(received, date(2026, 11, 3), date(2027, 3, 1), cal) is None


def test_word_hits_and_leader_errors():
    hits = rules.word_hits("家人们，冲鸭！", [("entertainment", "冲鸭", ""), ("severe", "习大大", "习近平总书记")])
    assert [(h.kind, h.phrase) for h in hits] == [("entertainment", "冲鸭")]
    leaders = [("张三", "县长"), ("李四", "副县长"), ("王五", "县委书记")]
    assert rules.leader_errors("张三县长出席", leaders) == []
    assert rules.leader_errors("张叁县长出席", leaders) == ["“张叁县长”：姓名应为“张三”"]
    assert rules.leader_errors("县长张叁出席", leaders) == ["“县长张叁”：姓名应为“张三”"]
    assert rules.leader_errors("李四县长主持会议", leaders) == ["“李四县长”：李四的职务应为“副县长”"]
    assert rules.leader_errors("张三副县长调研", leaders) == ["“张三副县长”：张三的职务应为“县长”"]
    assert rules.leader_errors("王五书记讲话", leaders) == []


def test_duplicate_platforms_ignores_other_and_single_accounts():
    groups = rules.duplicate_platforms([(1, 10, "wechat"), (2, 10, "wechat"), (3, 10, "weibo"), (4, 10, "other"),
                                        (5, 10, "other"), (6, 11, "wechat")])
    assert groups == {(10, "wechat"): [1, 2]}


def test_lifecycle_table():
    assert rules.filing_allowed("open", "pending")
    assert not rules.filing_allowed("open", "active")
    assert rules.filing_allowed("shut", "active") and not rules.filing_allowed("shut", "cancelled")
    assert rules.filing_allowed("cancel", "merged")
    assert not any(rules.filing_allowed(k, "cancelled") for k in rules.FILING_FROM)


# --- mutation testing (issue 11): exact findings, boundaries and the cases the survivors showed untested ---


def test_repost_recognised_by_source_line_or_marker():
    assert rules.looks_like_repost("来源：新华社")
    assert rules.looks_like_repost("转自: 人民网")
    assert rules.looks_like_repost("【转载】关于……")
    assert rules.looks_like_repost("转发：省政府通知")
    assert not rules.looks_like_repost("本机关发布的通知")
    assert not rules.looks_like_repost("")
    assert not rules.looks_like_repost(None)  # type: ignore[arg-type]


def test_staleness_finding_word_for_word():
    today = date(2026, 12, 1)
    assert rules.staleness(date(2026, 11, 1), date(2020, 1, 1), today) == rules.Finding(
        "stale", "serious", "", "最近一次发布为 2026-11-01，已 30 天未更新（检查指标：监测前 2 周内无更新即单项否决）。")
    assert rules.staleness(None, date(2026, 11, 15), today) == rules.Finding(
        "stale", "warn", "", "自 2026-11-15 开设以来未发布，已 16 天未更新（检查指标：监测前 2 周内无更新即单项否决）。")


def test_unanswered_three_months_boundary():
    cal = Calendar.empty()
    received = date(2026, 1, 5)
    assert rules.unanswered(received, None, received + timedelta(days=90), cal) == "warn"
    assert rules.unanswered(received, None, received + timedelta(days=91), cal) == "serious"


def test_word_hit_keeps_the_suggestion():
    assert rules.word_hits("习大大来了", [("severe", "习大大", "习近平总书记"), ("x", "", "空词不算")]) == [
        rules.WordHit("severe", "习大大", "习近平总书记")]


def test_leader_errors_three_character_names_long_titles_and_titles_after_names():
    leaders = [("王小明", "县长"), ("赵六", "常务副县长"), ("张三", "县委书记"), ("钱七", "县长"), ("钱七", "县委书记")]
    assert rules.leader_errors("王小名县长出席", leaders) == ["“王小名县长”：姓名应为“王小明”"]
    assert rules.leader_errors("王大名县长出席", leaders) == []  # two characters off: another person
    assert rules.leader_errors("赵六县长出席", leaders) == ["“赵六县长”：赵六的职务应为“常务副县长”"]
    assert rules.leader_errors("张叁县委书记出席", leaders) == ["“张叁县委书记”：姓名应为“张三”"]
    assert rules.leader_errors("会议由县长张叁主持", [("张三", "县长")]) == ["“县长张叁”：姓名应为“张三”"]
    assert rules.leader_errors("钱七副县长出席", leaders) == ["“钱七副县长”：钱七的职务应为“县委书记、县长”"]
    assert rules.leader_errors("", leaders) == []


def test_unknown_filing_kind_is_refused():
    assert not rules.filing_allowed("rename", "active")
