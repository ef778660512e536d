"""Deadline and fee rules: worked dates (incl. 2026 National Day, Spring Festival, a year-end request
reaching an unloaded year) and properties against a naive oracle."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gongkai.applications.rules import (
    PAGE_BANDS,
    check_single_fee_method,
    compute_deadlines,
    fee_by_page,
    fee_by_piece,
    id_number_warning,
    mask,
    receipt_date,
)
from gongkai.core.selectors import get_calendar
from gongkai.core.workdays import Calendar

# received, correction_received, pauses, extended, reply_due, extended_due, why
WORKED = [
    (date(2026, 9, 18), None, [], False, date(2026, 10, 22), None, "BRIEF: Sun 09-20 is a make-up workday"),
    (date(2026, 9, 30), None, [], False, date(2026, 11, 3), None, "BRIEF: National Day skipped, Sat 10-10 counts"),
    (date(2026, 9, 30), None, [], True, date(2026, 11, 3), date(2026, 12, 1), "art. 33 extension: 20 more"),
    (date(2026, 2, 10), None, [], False, date(2026, 3, 16), None, "Spring Festival 02-15..23; Sats 02-14/28 count"),
    (date(2026, 9, 18), date(2026, 9, 25), [(date(2026, 10, 12), date(2026, 10, 16))], False, date(2026, 11, 5),
     None, "art. 30 restart from correction + art. 32 consultation week not counted"),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("received", "corrected", "pauses", "extended", "due", "ext_due", "why"), WORKED)
def test_worked_deadlines(received, corrected, pauses, extended, due, ext_due, why) -> None:
    d = compute_deadlines(get_calendar(), received=received, correction_received=corrected, pauses=pauses,
                          extension_workdays=20 if extended else 0)
    assert (d.reply_due, d.extended_reply_due) == (due, ext_due), why
    assert not d.provisional


@pytest.mark.django_db
def test_year_end_request_reaching_2027_is_provisional() -> None:
    d = compute_deadlines(get_calendar(), received=date(2026, 12, 20))
    assert d.provisional and d.missing_years == (2027,)
    assert d.reply_due.year == 2027 and d.correction_notice_due == date(2026, 12, 29)


@pytest.mark.django_db
def test_correction_notice_due_is_seven_workdays() -> None:
    assert compute_deadlines(get_calendar(), received=date(2026, 9, 30)).correction_notice_due == date(2026, 10, 15)


def test_extension_over_20_and_correction_before_receipt_are_refused() -> None:
    with pytest.raises(ValueError, match="第三十三条"):
        compute_deadlines(Calendar.empty(), received=date(2026, 1, 5), extension_workdays=21)
    with pytest.raises(ValueError, match="第三十条"):
        compute_deadlines(Calendar.empty(), received=date(2026, 1, 5), correction_received=date(2026, 1, 4))


def naive_due(start: date, n: int, is_work, pauses) -> date:
    """Oracle: walk day by day, looking the calendar up each day (the way spreadsheets do it)."""
    day, counted = start, 0
    while counted < n:
        day += timedelta(days=1)
        if is_work(day) and not any(lo <= day <= hi for lo, hi in pauses):
            counted += 1
    return day


dates = st.dates(min_value=date(2025, 1, 1), max_value=date(2026, 10, 31))


@settings(max_examples=200, deadline=None)
@given(received=dates, corr_days=st.one_of(st.none(), st.integers(0, 30)),
       pauses=st.lists(st.tuples(dates, st.integers(0, 20)), max_size=2), extended=st.booleans())
def test_deadlines_match_naive_oracle(received, corr_days, pauses, extended) -> None:
    cal = _calendar()
    corrected = received + timedelta(days=corr_days) if corr_days is not None else None
    spans = [(lo, lo + timedelta(days=n)) for lo, n in pauses]
    d = compute_deadlines(cal, received=received, correction_received=corrected, pauses=spans,
                          extension_workdays=20 if extended else 0)
    start = corrected or received
    assert d.reply_due == naive_due(start, 20, cal.is_workday, spans)
    assert cal.is_workday(d.reply_due)
    if extended:
        assert d.extended_reply_due == naive_due(start, 40, cal.is_workday, spans)
        assert d.extended_reply_due > d.reply_due
    else:
        assert d.extended_reply_due is None
    # pauses never shorten a deadline
    assert d.reply_due >= compute_deadlines(cal, received=received, correction_received=corrected).reply_due


_CAL: list[Calendar] = []


def _calendar() -> Calendar:
    if not _CAL:
        import chinese_calendar

        days = {}
        day = date(2025, 1, 1)
        while day.year <= 2026:
            days[day] = chinese_calendar.is_workday(day)
            day += timedelta(days=1)
        _CAL.append(Calendar(days))
    return _CAL[0]


@pytest.mark.parametrize(("n", "fee"), [(1, 0), (10, 0), (11, 100), (30, 100), (31, 200), (35, 200), (40, 200),
                                        (41, 300), (55, 400)])
def test_piece_fee_bands(n: int, fee: int) -> None:
    assert fee_by_piece(n).amount_yuan == fee


@pytest.mark.parametrize(("pages", "fee"), [(0, 0), (30, 0), (31, 10), (100, 700), (150, 1700), (200, 2700),
                                            (201, 2740)])
def test_page_fee_bands(pages: int, fee: int) -> None:
    assert fee_by_page(pages).amount_yuan == fee


@given(st.integers(0, 5000))
def test_page_fee_is_marginal_and_monotone(pages: int) -> None:
    fee = fee_by_page(pages)
    assert sum(b["count"] for b in fee.bands) == pages
    assert fee_by_page(pages + 1).amount_yuan - fee.amount_yuan == next(
        b.rate for b in PAGE_BANDS if b.start <= pages + 1 and (b.end is None or pages + 1 <= b.end))


@given(st.sampled_from(["piece", "page"]), st.lists(st.sampled_from(["piece", "page"]), max_size=3))
def test_piece_and_page_never_both(method, existing) -> None:
    if any(m != method for m in existing):
        with pytest.raises(ValueError, match="109号"):
            check_single_fee_method(existing, method)
    else:
        check_single_fee_method(existing, method)


def test_receipt_date_per_channel_art_31() -> None:
    d1, d2, d3 = date(2026, 9, 1), date(2026, 9, 3), date(2026, 9, 4)
    assert receipt_date("in_person", submitted=d1) == d1
    assert receipt_date("post_signed", submitted=d1, signed_for=d2) == d2
    assert receipt_date("online", submitted=d1, confirmed=d3) == d3
    with pytest.raises(ValueError, match="第三十一条"):
        receipt_date("post_signed", submitted=d1)


def test_id_number_check_digit_warns_only() -> None:
    assert id_number_warning("11010519491231002X") is None
    assert "校验位应为 X" in (id_number_warning("110105194912310021") or "")
    assert id_number_warning("E12345678") is not None


def test_mask() -> None:
    assert mask("320102199001011234") == "3201**********1234"
    assert mask("123") == "***"


# --- periods given to the applicant and third parties (arts 30, 32, 33, 34; 109号) ------------------

from gongkai.applications import rules  # noqa: E402

PERIODS = [  # worked 2026 examples: (function, start, expected last day, why)
    (lambda cal: rules.correction_due(date(2026, 10, 9), 15, cal).result, date(2026, 10, 29),
     "补正 15 working days; Sat 10-10 is a make-up workday"),
    (lambda cal: rules.consultation_due(date(2026, 10, 12), cal).result, date(2026, 11, 2), "art. 32: 15 working days"),
    (lambda cal: rules.fee_payment_due(date(2026, 10, 9), cal).result, date(2026, 11, 5), "109号: 20 working days"),
    (lambda cal: rules.correction_due(date(2026, 9, 30), 5, cal).result, date(2026, 10, 13),
     "National Day 10-01..10-07 skipped, Sat 10-10 counted"),
]


@pytest.mark.parametrize(("compute", "expected", "why"), PERIODS)
def test_worked_periods(compute, expected, why) -> None:
    assert compute(_calendar()) == expected, why


@pytest.mark.parametrize(("day", "text"), [(date(2026, 12, 1), "2026年12月1日"), (date(2026, 10, 29), "2026年10月29日"),
                                           (date(2027, 1, 9), "2027年1月9日")])
def test_cn_date_has_no_leading_zeros(day, text) -> None:
    assert rules.cn_date(day) == text


@settings(max_examples=150, deadline=None)
@given(notice=dates, period=st.integers(rules.CORRECTION_PERIOD_MIN, rules.CORRECTION_PERIOD_MAX))
def test_correction_due_matches_naive_oracle(notice, period) -> None:
    cal = _calendar()
    due = rules.correction_due(notice, period, cal).result
    assert due == naive_due(notice, period, cal.is_workday, [])
    assert cal.is_workday(due) and due > notice


@given(period=st.one_of(st.integers(-5, rules.CORRECTION_PERIOD_MIN - 1), st.integers(rules.CORRECTION_PERIOD_MAX + 1, 400)))
def test_correction_period_outside_the_band_is_refused(period) -> None:
    with pytest.raises(ValueError, match="第三十条"):
        rules.correction_due(date(2026, 10, 9), period, Calendar.empty())


@given(due=dates, offset=st.integers(-40, 40))
def test_abandon_only_after_the_period(due, offset) -> None:
    today = due + timedelta(days=offset)
    if offset <= 0:
        with pytest.raises(ValueError, match=f"自{rules.cn_date(due + timedelta(days=1))}起方可办理（条例第三十条"):
            rules.check_correction_period_over(today, due)
        with pytest.raises(ValueError, match="109号"):
            rules.check_fee_period_over(today, due)
    else:
        rules.check_correction_period_over(today, due)
        rules.check_fee_period_over(today, due)


@settings(max_examples=150, deadline=None)
@given(start=dates)
def test_consultation_due_matches_naive_oracle(start) -> None:
    cal = _calendar()
    due = rules.consultation_due(start, cal).result
    assert due == naive_due(start, 15, cal.is_workday, [])
    assert rules.consultation_lapsed(due, due + timedelta(days=1)) and not rules.consultation_lapsed(due, due)


@given(start=dates, answer=st.one_of(st.none(), st.integers(0, 60)), due_days=st.one_of(st.none(), st.integers(0, 40)),
       today_days=st.integers(-5, 80))
def test_counted_pause_never_runs_past_the_15_working_days(start, answer, due_days, today_days) -> None:
    end = start + timedelta(days=answer) if answer is not None else None
    due = start + timedelta(days=due_days) if due_days is not None else None
    today = start + timedelta(days=today_days)
    lo, hi = rules.counted_pause(start, end, due, today)
    # naive: walk the days the consultation stops the clock
    last = start
    day = start
    while day <= (end if end is not None else max(today, start)):
        if due is None or day <= due:
            last = day
        day += timedelta(days=1)
    assert (lo, hi) == (start, last)


@settings(max_examples=150, deadline=None)
@given(due=dates, offset=st.integers(-30, 30))
def test_reply_timeliness_matches_naive_count(due, offset) -> None:
    cal = _calendar()
    replied = due + timedelta(days=offset)
    result = rules.reply_timeliness(replied, due, cal)
    late = sum(1 for n in range(1, offset + 1) if cal.is_workday(due + timedelta(days=n)))
    assert result.on_time == (replied <= due)
    assert result.late_workdays == (0 if replied <= due else late)
    assert ("超过" in result.describe()) != result.on_time


@given(due=dates, offset=st.integers(-30, 30))
def test_extension_only_within_the_reply_period(due, offset) -> None:
    today = due + timedelta(days=offset)
    if offset > 0:
        with pytest.raises(ValueError, match="第三十三条第二款"):
            rules.check_extension_in_time(today, due)
    else:
        rules.check_extension_in_time(today, due)


# --- exact texts and records (mutation testing, issue 11: each line below kills mutants that survived) -----
# The messages are what the user reads; each names the rule, so the whole text is checked, not a fragment.

WEEKDAYS = Calendar.empty()


def _message(call) -> str:
    with pytest.raises(ValueError) as caught:
        call()
    return str(caught.value)


def test_refusal_messages_name_their_rule_word_for_word() -> None:
    d = date(2026, 3, 2)
    later = date(2026, 3, 20)
    assert _message(lambda: compute_deadlines(WEEKDAYS, received=d, correction_received=d - timedelta(days=1))) == (
        "补正后申请的收到日期不能早于原申请收到日期（条例第三十条）。")
    assert _message(lambda: compute_deadlines(WEEKDAYS, received=d, extension_workdays=21)) == (
        "延长答复期限最长不得超过 20 个工作日（条例第三十三条第二款）。")
    assert _message(lambda: compute_deadlines(WEEKDAYS, received=d, extension_workdays=-1)) == (
        "延长答复期限最长不得超过 20 个工作日（条例第三十三条第二款）。")
    assert _message(lambda: rules.correction_due(d, 4, WEEKDAYS)) == (
        "补正期限应为 5–30 个工作日（条例第三十条：告知合理的补正期限）。")
    assert _message(lambda: rules.check_correction_period_over(later, later)) == (
        "补正期限至2026年3月20日，期限届满前不能按视为放弃处理；自2026年3月21日起方可办理"
        "（条例第三十条：无正当理由逾期不补正的，视为放弃申请）。")
    assert _message(lambda: rules.check_fee_period_over(later, later)) == (
        "缴费期限至2026年3月20日，期限届满前不能按逾期未缴费处理；自2026年3月21日起方可办理"
        "（国办函〔2020〕109号：逾期未缴纳的，视为放弃申请）。")
    assert _message(lambda: rules.check_extension_in_time(later, d)) == (
        "答复期限已于2026年3月2日届满，不能再延期（条例第三十三条第二款：延期须在答复期限内经负责人同意并告知申请人）。")
    assert _message(lambda: receipt_date("post_signed", submitted=d)) == (
        "邮寄申请以签收之日为收到申请之日，请填写签收日期（条例第三十一条第二项）。")
    assert _message(lambda: receipt_date("fax", submitted=d)) == (
        "该渠道以双方确认之日为收到申请之日，请填写确认日期（条例第三十一条）。")
    assert _message(lambda: receipt_date("pigeon", submitted=d)) == "未知的申请渠道：pigeon。"
    assert _message(lambda: fee_by_piece(0)) == "本月申请件数应为正整数。"
    assert _message(lambda: fee_by_page(-1)) == "页数不能为负数。"
    assert _message(lambda: check_single_fee_method(["page"], "piece")) == (
        "同一申请只能选择按件或按量一种方式计收信息处理费，不得同时适用（国办函〔2020〕109号）。")
    assert _message(lambda: rules.outcome("nope")) == "未知的办理结果：nope。"


def test_extension_of_exactly_20_and_zero_are_accepted() -> None:
    d = date(2026, 3, 2)  # Monday
    assert compute_deadlines(WEEKDAYS, received=d, extension_workdays=20).extended_reply_due == date(2026, 4, 27)
    assert compute_deadlines(WEEKDAYS, received=d).extended_reply_due is None


def test_deadlines_as_dict_for_the_api() -> None:
    d = compute_deadlines(WEEKDAYS, received=date(2026, 3, 2), pauses=[(date(2026, 3, 9), date(2026, 3, 13))],
                          extension_workdays=5)
    assert d.as_dict() == {
        "received": "2026-03-02", "correction_notice_due": "2026-03-11", "reply_due": "2026-04-06",
        "extended_reply_due": "2026-04-13", "paused_workdays": 5, "provisional": True, "missing_years": [2026],
    }
    assert compute_deadlines(WEEKDAYS, received=date(2026, 3, 2)).as_dict()["extended_reply_due"] is None


@pytest.mark.parametrize(("n", "start", "end", "rate"), [(1, 1, 10, 0), (10, 1, 10, 0), (11, 11, 30, 100),
                                                         (31, 31, 40, 200), (40, 31, 40, 200), (41, 41, 50, 300)])
def test_piece_fee_record_names_its_band(n: int, start: int, end: int, rate: int) -> None:
    fee = fee_by_piece(n)
    assert fee == rules.Fee("piece", rate, [{"from": start, "to": end, "count": 1, "rate": rate, "amount": rate}])
    assert fee.as_dict() == {"method": "piece", "amount_yuan": rate, "bands": fee.bands}


def test_page_fee_record_lists_each_band_used() -> None:
    fee = fee_by_page(205)
    assert fee == rules.Fee("page", 2900, [
        {"from": 1, "to": 30, "count": 30, "rate": 0, "amount": 0},
        {"from": 31, "to": 100, "count": 70, "rate": 10, "amount": 700},
        {"from": 101, "to": 200, "count": 100, "rate": 20, "amount": 2000},
        {"from": 201, "to": None, "count": 5, "rate": 40, "amount": 200},
    ])
    assert fee_by_page(0) == rules.Fee("page", 0, [])
    assert fee.as_dict() == {"method": "page", "amount_yuan": 2900, "bands": fee.bands}


def test_receipt_date_every_channel() -> None:
    d1, d2, d3 = date(2026, 9, 1), date(2026, 9, 3), date(2026, 9, 4)
    assert receipt_date("oral", submitted=d1, signed_for=d2, confirmed=d3) == d1
    assert receipt_date("in_person", submitted=d1, signed_for=d2, confirmed=d3) == d1
    assert receipt_date("post_signed", submitted=d1, signed_for=d2, confirmed=d3) == d2
    for channel in ("post_ordinary", "online", "fax", "email"):
        assert receipt_date(channel, submitted=d1, signed_for=d2, confirmed=d3) == d3


def test_timeliness_descriptions() -> None:
    assert rules.Timeliness(True, 0).describe() == "在法定期限内答复"
    assert rules.Timeliness(False, 3).describe() == "超过答复期限 3 个工作日"
    assert rules.Timeliness(False, 0).describe() == "超过答复期限"
    # due Friday 2026-03-06, replied Saturday: late by a rest day only; Monday: one working day
    assert rules.reply_timeliness(date(2026, 3, 7), date(2026, 3, 6), WEEKDAYS) == rules.Timeliness(False, 0)
    assert rules.reply_timeliness(date(2026, 3, 9), date(2026, 3, 6), WEEKDAYS) == rules.Timeliness(False, 1)
    assert rules.reply_timeliness(date(2026, 3, 6), date(2026, 3, 6), WEEKDAYS) == rules.Timeliness(True, 0)


def test_mask_edges() -> None:
    assert mask("12345678") == "********"  # no longer than what would be kept: all masked
    assert mask("123456789") == "1234*6789"
    assert mask("") == ""
    assert mask("13812345678", keep_start=3, keep_end=2) == "138******78"


def test_id_number_messages() -> None:
    assert id_number_warning("110105194912310021") == "身份证号码校验位应为 X，请核对（GB 11643）。"
    assert id_number_warning(" 11010519491231002x ") is None
    assert id_number_warning("11010519491231002") == (
        "身份证号码应为 18 位（前 17 位为数字），请核对；如使用其他证件请选择相应证件类型。")
    assert id_number_warning("1101051949123100AX") is not None


def test_outcome_lookup() -> None:
    assert rules.outcome("partial").report_row == "（二）部分公开"
    assert rules.outcome("rejected_repeat").code == "rejected_repeat"
    assert "rejected_repeat" in rules.NOT_PROCESSED_OUTCOMES and "disclose" not in rules.NOT_PROCESSED_OUTCOMES


def test_day_by_day_explanation_only_when_asked() -> None:
    plain = compute_deadlines(WEEKDAYS, received=date(2026, 3, 2))
    explained = compute_deadlines(WEEKDAYS, received=date(2026, 3, 2), explain=True)
    assert plain.reply.explained == ()
    assert [d.ordinal for d in explained.reply.explained if d.ordinal] == list(range(1, 21))
    assert explained.reply.explained[-1].day == explained.reply_due == plain.reply_due
    extended = compute_deadlines(WEEKDAYS, received=date(2026, 3, 2), extension_workdays=5, explain=True)
    assert [d.ordinal for d in extended.reply.explained if d.ordinal] == list(range(1, 26))
    assert extended.reply.result == extended.extended_reply_due == date(2026, 4, 6)


def test_unloaded_years_of_every_period_are_reported_and_the_clock_restarts_on_correction() -> None:
    only_2026 = Calendar({date(2026, 1, 1) + timedelta(n): (date(2026, 1, 1) + timedelta(n)).weekday() < 5
                          for n in range(365)})
    # received in 2025 (not loaded): the 补正 notice period walks through it; corrected and replied in 2026
    d = compute_deadlines(only_2026, received=date(2025, 12, 29), correction_received=date(2026, 1, 5),
                          extension_workdays=5)
    assert d.clock_start == date(2026, 1, 5)
    assert (d.missing_years, d.provisional) == ((2025,), True)
    assert d.reply.result == d.extended_reply_due
