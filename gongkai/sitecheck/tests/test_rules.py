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


# --- mutation testing (issue 11): boundaries and the verdict's texts word for word ---


def test_a_bad_date_does_not_hide_later_ones_and_today_counts():
    assert rules.dates_in("2026-02-30 然后 2026-11-01 和 2026-12-01", TODAY) == [date(2026, 11, 1), TODAY]
    assert rules.latest_date("2026-03-05、2026-11-02、2026-10-01、2027-01-01", TODAY) == date(2026, 11, 2)


def test_same_site_over_https_and_with_upper_case_hosts():
    assert rules.same_site("https://www.Example.gov.cn/", "/a?x=1#p") == "https://www.Example.gov.cn/a?x=1"
    assert rules.same_site("http://WWW.EXAMPLE.GOV.CN/", "http://www.example.gov.cn/b") == "http://www.example.gov.cn/b"
    assert rules.same_site("http://www.example.gov.cn/", "c.html#a#b") == "http://www.example.gov.cn/c.html"
    assert rules.same_site("http://www.example.gov.cn/", "") is None


def test_week_starts_on_monday():
    assert rules.week_of(date(2026, 12, 6)) == date(2026, 11, 30)  # Sunday
    assert rules.week_of(date(2026, 11, 30)) == date(2026, 11, 30)


@pytest.mark.parametrize(("kind", "age", "stale", "long_stale"), [
    ("dynamic", 14, False, False), ("dynamic", 15, True, False), ("notice", 183, False, False),
    ("notice", 184, True, False), ("notice", 365, True, False), ("notice", 366, True, True),
    ("interaction", 366, False, True), ("interaction", 365, False, False), ("other", 1000, False, False),
    ("dynamic", None, True, True), ("interaction", None, False, True), ("other", None, False, False),
])
def test_column_staleness_limits(kind, age, stale, long_stale):
    column = rules.ColumnState("栏目", kind, None if age is None else TODAY - timedelta(days=age), False)
    assert rules.column_stale(column, TODAY) is stale
    assert rules.column_long_stale(column, TODAY) is long_stale


def test_failing_week_word_for_word():
    probes = {TODAY - timedelta(days=i): (20, 1) for i in range(1, 6)} | {TODAY: (10, 1)}  # 6 days, 110 probes
    columns = [rules.ColumnState(f"动态{i}", "dynamic", TODAY - timedelta(days=15), False) for i in range(1, 10)]
    columns += [rules.ColumnState(f"空{i}", "other", None, True) for i in range(1, 10)]
    verdict = rules.weekly_verdict(probes_by_day=probes, home_updated_on=TODAY - timedelta(days=15), columns=columns,
                                   today=TODAY, dead_links=12, ipv6=False, https_days_left=-1, is_https=True,
                                   zhuanlan_missing=["政府信息公开制度"], slow_share=0.25, site_code_shown=False)
    assert verdict.vetoes == [
        "站点无法访问：一周 110 次监测中 6 次无法访问或超过 15 秒未打开（5.5%，≥ 5%）。",
        "首页不更新：最近更新 2026-11-16，超过 2 周未更新。",
        "栏目不更新：9 个栏目超期未更新（动态1、动态2、动态3、动态4、动态5、动态6、动态7、动态8），≥ 5 个。",
        "栏目不更新：9 个空白栏目（空1、空2、空3、空4、空5、空6、空7、空8），≥ 5 个。",
    ]
    assert verdict.notes == ["监测不足：一周应每天至少 20 次，实际 6 天有记录，1 天不足。"]
    assert verdict.not_checked == ["互动回应差：未登记互动交流栏目，需人工检查留言办理情况。",
                                   "服务不实用：办事指南要素需人工核查。", "安全、泄密事故：需人工核查。"]
    assert verdict.deductions == (
        [(f"栏目“动态{i}”超期未更新", 2) for i in range(1, 10)] + [(f"空白栏目“空{i}”", 2) for i in range(1, 10)] + [
            ("12 个不可用链接", 10), ("不支持 IPv6 访问（2021年要点：县级以上政府门户网站）", 5), ("HTTPS 证书已过期", 10),
            ("政府信息公开专栏缺少“政府信息公开制度”", 5), ("25% 的监测响应超过 3 秒", 5),
            ("页面未标注网站标识码（SiteIDCode）", 5)])
    assert (verdict.probes, verdict.failures, verdict.score, verdict.result) == (110, 6, None, "单项否决，不合格")


def test_passing_week_boundaries():
    week = {TODAY - timedelta(days=i): (20, 0) for i in range(7)}
    week[TODAY] = (20, 1)  # 1 of 140: under 5 %
    columns = [rules.ColumnState("互动", "interaction", TODAY, False)]
    verdict = rules.weekly_verdict(probes_by_day=week, home_updated_on=TODAY - timedelta(days=14), columns=columns,
                                   today=TODAY, dead_links=3, https_days_left=29, is_https=True, slow_share=0.2)
    assert (verdict.vetoes, verdict.notes) == ([], [])
    assert verdict.not_checked == ["服务不实用：办事指南要素需人工核查。", "安全、泄密事故：需人工核查。"]
    assert verdict.deductions == [("3 个不可用链接", 3), ("HTTPS 证书 29 天后到期", 2)]
    assert (verdict.score, verdict.result) == (95, "合格（高于 80 分，可进入加分项评估）")
    undated = rules.weekly_verdict(probes_by_day=week, home_updated_on=None, columns=columns, today=TODAY,
                                   is_https=True, https_days_left=30)
    assert undated.vetoes == ["首页不更新：首页信息无可见发布日期，超过 2 周未更新。"]
    assert undated.deductions == []  # 30 days left: no warning yet
    plain = rules.weekly_verdict(probes_by_day=week, home_updated_on=TODAY, columns=columns, today=TODAY,
                                 is_https=True, https_days_left=0)
    assert plain.deductions == [("HTTPS 证书 0 天后到期", 2)]
    no_tls = rules.weekly_verdict(probes_by_day=week, home_updated_on=TODAY, columns=columns, today=TODAY, ipv6=True)
    assert no_tls.deductions == [("未使用 HTTPS", 2)]
    # exactly 5 % of the probes failed: the veto applies
    five = {TODAY - timedelta(days=i): (20, 1) for i in range(7)}
    assert rules.weekly_verdict(probes_by_day=five, home_updated_on=TODAY, columns=columns, today=TODAY,
                                is_https=True).vetoes == ["站点无法访问：一周 140 次监测中 7 次无法访问或超过 15 秒未打开（5.0%，≥ 5%）。"]


def test_long_stale_veto_from_ten_columns_and_a_week_of_thin_days():
    week = {TODAY - timedelta(days=i): (19, 0) for i in range(7)}
    old = [rules.ColumnState(f"互动{i}", "interaction", TODAY - timedelta(days=400), False) for i in range(10)]
    verdict = rules.weekly_verdict(probes_by_day=week, home_updated_on=TODAY, columns=old, today=TODAY, is_https=True)
    assert verdict.vetoes == ["栏目不更新：10 个应更新栏目长期未更新，≥ 10 个。"]
    assert verdict.notes == ["监测不足：一周应每天至少 20 次，实际 7 天有记录，7 天不足。"]
    assert rules.weekly_verdict(probes_by_day=week, home_updated_on=TODAY, columns=old[:9], today=TODAY,
                                is_https=True).vetoes == []
    full = {TODAY - timedelta(days=i): (20, 0) for i in range(7)}
    short = {TODAY - timedelta(days=i): (20, 0) for i in range(6)}
    assert rules.weekly_verdict(probes_by_day=full, home_updated_on=TODAY, columns=old, today=TODAY).notes == []
    assert rules.weekly_verdict(probes_by_day=short, home_updated_on=TODAY, columns=old, today=TODAY).notes == [
        "监测不足：一周应每天至少 20 次，实际 6 天有记录。"]


@pytest.mark.parametrize(("points", "score", "result"), [
    (19, 81, "合格（高于 80 分，可进入加分项评估）"), (20, 80, "合格"), (40, 60, "合格"), (41, 59, "扣分后低于 60 分，不合格"),
    (150, 0, "扣分后低于 60 分，不合格"),
])
def test_score_bands(points, score, result):
    verdict = rules.WeeklyVerdict(deductions=[("扣分", points)])
    assert (verdict.score, verdict.result) == (score, result)
