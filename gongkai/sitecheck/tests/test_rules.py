from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gongkai.sitecheck import rules

TODAY = date(2026, 12, 1)


def test_dates_in_every_common_spelling_and_never_in_the_future():
    text = "发布于 2026-11-30；2026/11/2；2026年3月5日；2026.10.01；未来 2027-01-01；错误 2026-02-30"
    assert sorted(rules.dates_in(text, TODAY)) == [date(2026, 3, 5), date(2026, 10, 1), date(2026, 11, 2),
                                                   date(2026, 11, 30)]
    assert rules.latest_date("没有日期", TODAY) is None


@pytest.mark.parametrize(("code", "ok"), [("3201990001", True), ("bm01000001", True), ("320199001", False),
                                          ("BM01000001", False), ("32019900a1", False), ("", False)])
def test_site_code_format(code, ok):
    assert (rules.site_code_error(code) is None) == ok


def test_zhuanlan_parts_with_short_forms():
    assert rules.zhuanlan_missing("政府信息公开指南 政府信息公开制度 法定主动公开内容 政府信息公开年度报告") == []
    assert rules.zhuanlan_missing("政府信息公开指南 法定主动公开") == ["政府信息公开制度", "政府信息公开工作年度报告"]


def test_same_site_never_leaves_the_host():
    base = "http://127.0.0.1:8123/index.html"
    assert rules.same_site(base, "/col/a/") == "http://127.0.0.1:8123/col/a/"
    assert rules.same_site(base, "b.html#top") == "http://127.0.0.1:8123/b.html"
    for outside in ("http://127.0.0.1:9999/", "https://127.0.0.1:8123/", "http://evil.example/", "mailto:a@b",
                    "javascript:alert(1)", "#top", "//other.host/x"):
        assert rules.same_site(base, outside) is None


def _cols(n_dynamic_stale=0, n_empty=0):
    cols = [rules.ColumnState(f"动态{i}", "dynamic", TODAY - timedelta(days=30), False) for i in range(n_dynamic_stale)]
    cols += [rules.ColumnState(f"空{i}", "other", None, True) for i in range(n_empty)]
    return cols


FULL_WEEK = {TODAY - timedelta(days=i): (24, 0) for i in range(7)}


def test_clean_week_scores_100_and_passes():
    verdict = rules.weekly_verdict(probes_by_day=FULL_WEEK, home_updated_on=TODAY, columns=[], today=TODAY,
                                   ipv6=True, is_https=True, https_days_left=200)
    assert verdict.vetoes == [] and verdict.score == 100 and "合格" in verdict.result and not verdict.notes


def test_failure_share_veto_at_five_percent():
    week = dict(FULL_WEEK)
    week[TODAY] = (24, 8)  # 8 of 168 = 4.8 %
    assert not rules.weekly_verdict(probes_by_day=week, home_updated_on=TODAY, columns=[], today=TODAY).vetoes
    week[TODAY] = (24, 9)  # 9 of 168 = 5.4 %
    verdict = rules.weekly_verdict(probes_by_day=week, home_updated_on=TODAY, columns=[], today=TODAY)
    assert verdict.vetoes[0].startswith("站点无法访问") and verdict.score is None


def test_home_not_updated_and_undated_home():
    assert rules.weekly_verdict(probes_by_day=FULL_WEEK, home_updated_on=TODAY - timedelta(days=14), columns=[],
                                today=TODAY).vetoes == []
    for stale in (TODAY - timedelta(days=15), None):
        verdict = rules.weekly_verdict(probes_by_day=FULL_WEEK, home_updated_on=stale, columns=[], today=TODAY)
        assert verdict.vetoes[0].startswith("首页不更新")


def test_column_vetoes():
    ok = rules.weekly_verdict(probes_by_day=FULL_WEEK, home_updated_on=TODAY, columns=_cols(4, 4), today=TODAY)
    assert ok.vetoes == [] and ok.score == 100 - 8 * 2 - 2
    stale = rules.weekly_verdict(probes_by_day=FULL_WEEK, home_updated_on=TODAY, columns=_cols(5), today=TODAY)
    assert stale.vetoes[0].startswith("栏目不更新：5 个栏目超期")
    empty = rules.weekly_verdict(probes_by_day=FULL_WEEK, home_updated_on=TODAY, columns=_cols(0, 5), today=TODAY)
    assert "空白栏目" in empty.vetoes[0]


def test_thin_monitoring_is_noted():
    verdict = rules.weekly_verdict(probes_by_day={TODAY: (19, 0)}, home_updated_on=TODAY, columns=[], today=TODAY)
    assert verdict.notes and "监测不足" in verdict.notes[0]


@given(st.integers(0, 40), st.booleans(), st.integers(-30, 400), st.integers(0, 4))
def test_score_between_0_and_100_and_none_only_with_veto(dead, ipv6, days, missing):
    verdict = rules.weekly_verdict(probes_by_day=FULL_WEEK, home_updated_on=TODAY, columns=[], today=TODAY,
                                   dead_links=dead, ipv6=ipv6, is_https=True, https_days_left=days,
                                   zhuanlan_missing=list(rules.ZHUANLAN_PARTS[:missing]))
    assert verdict.vetoes == [] and verdict.score is not None and 0 <= verdict.score <= 100
    assert verdict.score == 100 - sum(p for _, p in verdict.deductions)
