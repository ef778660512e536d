"""Rules of 依申请公开 (条例 arts 29–45; 国办函〔2020〕109号) as pure functions: no ORM.

Deadlines are counted in 工作日 with `gongkai.core.workdays` (receipt day = day 0):
- 补正 (art. 30): a single notice within 7 working days of receipt; the reply clock restarts from
  the day the corrected request is received.
- Reply (art. 33): 20 working days; one extension of at most 20 working days, approved by the head of
  the 政府信息公开工作机构 and notified to the applicant.
- Not counted (arts 32, 34; 109号 art. 5): time consulting third parties (15 working days) or other
  agencies, and the time from the fee notice to payment.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

from gongkai.core.workdays import Calendar, WorkdayResult, add_workdays, workdays_between

REPLY_WORKDAYS = 20  # 条例第三十三条第二款
EXTENSION_MAX_WORKDAYS = 20  # 条例第三十三条第二款
CORRECTION_NOTICE_WORKDAYS = 7  # 条例第三十条
CORRECTION_PERIOD_DEFAULT = 15  # 条例第三十条 "合理的补正期限": our default, in working days
CORRECTION_PERIOD_MIN, CORRECTION_PERIOD_MAX = 5, 30  # the office's choice, kept within a reasonable band
THIRD_PARTY_WORKDAYS = 15  # 条例第三十二条 (third party) and 第三十四条 (other agencies)
FEE_PAYMENT_WORKDAYS = 20  # 国办函〔2020〕109号 第六条

Pause = tuple[date, date]


@dataclass(frozen=True)
class Deadlines:
    received: date
    correction_notice_due: date
    clock_start: date  # receipt, or the day the corrected request arrived (art. 30)
    reply_due: date
    extended_reply_due: date | None
    paused_workdays: int
    provisional: bool
    missing_years: tuple[int, ...]
    reply: WorkdayResult = field(repr=False, compare=False)

    def as_dict(self) -> dict[str, object]:
        return {
            "received": self.received.isoformat(),
            "correction_notice_due": self.correction_notice_due.isoformat(),
            "reply_due": self.reply_due.isoformat(),
            "extended_reply_due": self.extended_reply_due.isoformat() if self.extended_reply_due else None,
            "paused_workdays": self.paused_workdays,
            "provisional": self.provisional,
            "missing_years": list(self.missing_years),
        }


def compute_deadlines(
    calendar: Calendar,
    *,
    received: date,
    correction_received: date | None = None,
    pauses: Sequence[Pause] = (),
    extension_workdays: int = 0,
    explain: bool = False,
) -> Deadlines:
    """All due dates of one request.

    `pauses` are inclusive periods not counted (third-party or other-agency consultation, arts 32/34;
    fee notice to payment). An extension adds at most 20 working days (art. 33) after the normal due date,
    with the pauses still excluded.
    """
    if correction_received is not None and correction_received < received:
        raise ValueError("补正后申请的收到日期不能早于原申请收到日期（条例第三十条）。")
    if not 0 <= extension_workdays <= EXTENSION_MAX_WORKDAYS:
        raise ValueError("延长答复期限最长不得超过 20 个工作日（条例第三十三条第二款）。")
    notice = add_workdays(received, CORRECTION_NOTICE_WORKDAYS, calendar)
    start = correction_received or received
    reply = add_workdays(start, REPLY_WORKDAYS, calendar, excluded=pauses, explain=explain)
    extended = None
    missing = set(notice.missing_years) | set(reply.missing_years)
    if extension_workdays:
        ext = add_workdays(start, REPLY_WORKDAYS + extension_workdays, calendar, excluded=pauses, explain=explain)
        extended = ext.result
        missing |= set(ext.missing_years)
        reply_for_explain = ext
    else:
        reply_for_explain = reply
    return Deadlines(
        received=received,
        correction_notice_due=notice.result,
        clock_start=start,
        reply_due=reply.result,
        extended_reply_due=extended,
        paused_workdays=reply_for_explain.paused_workdays,
        provisional=bool(missing),
        missing_years=tuple(sorted(missing)),
        reply=reply_for_explain,
    )


def fee_payment_due(notice_received: date, calendar: Calendar) -> WorkdayResult:
    """缴费期限: 20 working days from the day after the fee notice is received (109号 第六条)."""
    return add_workdays(notice_received, FEE_PAYMENT_WORKDAYS, calendar)


def cn_date(day: date) -> str:
    """成文日期 style, Arabic numerals without leading zeros: 2026年12月1日 (GB/T 9704-2012 7.3.5.1)."""
    return f"{day.year}年{day.month}月{day.day}日"


# --- Periods given to the applicant and to third parties -------------------------------------

def correction_due(notice_on: date, period_workdays: int, calendar: Calendar) -> WorkdayResult:
    """补正期限 (条例第三十条): the last day of the "合理的补正期限" stated in the notice, counted in working
    days from the day the notice is issued (day 0, like every period here)."""
    if not CORRECTION_PERIOD_MIN <= period_workdays <= CORRECTION_PERIOD_MAX:
        raise ValueError(f"补正期限应为 {CORRECTION_PERIOD_MIN}–{CORRECTION_PERIOD_MAX} 个工作日"
                         "（条例第三十条：告知合理的补正期限）。")
    return add_workdays(notice_on, period_workdays, calendar)


def period_over_from(due: date) -> date:
    """The first day on which a period ending on `due` (inclusive) has passed."""
    return due + timedelta(days=1)


def check_correction_period_over(today: date, due: date) -> None:
    """视为放弃 / 其他处理-1 (条例第三十条): only when the applicant did not correct "within the stated
    period", i.e. from the day after its last day."""
    if today <= due:
        raise ValueError(f"补正期限至{cn_date(due)}，期限届满前不能按视为放弃处理；自{cn_date(period_over_from(due))}"
                         "起方可办理（条例第三十条：无正当理由逾期不补正的，视为放弃申请）。")


def check_fee_period_over(today: date, due: date) -> None:
    """其他处理-2 (国办函〔2020〕109号 第六条): only after the 20 working days to pay have passed."""
    if today <= due:
        raise ValueError(f"缴费期限至{cn_date(due)}，期限届满前不能按逾期未缴费处理；自{cn_date(period_over_from(due))}"
                         "起方可办理（国办函〔2020〕109号：逾期未缴纳的，视为放弃申请）。")


def consultation_due(start: date, calendar: Calendar) -> WorkdayResult:
    """The last day a consulted third party (条例第三十二条) or agency (第三十四条) may answer: 15 working
    days after the consultation letter (day 0)."""
    return add_workdays(start, THIRD_PARTY_WORKDAYS, calendar)


def consultation_lapsed(due: date, today: date) -> bool:
    """No answer within the 15 working days: the consultation ends by itself (条例第三十二条: the office
    then decides; 第三十四条: the agency is deemed to agree) and the reply clock runs again."""
    return today > due


def counted_pause(start: date, end: date | None, due: date | None, today: date) -> tuple[date, date]:
    """The span a consultation keeps the reply clock stopped (条例第三十三条第三款): from the letter to the
    answer, but never past the 15th working day (arts 32, 34); while still running, up to today."""
    last = end if end is not None else max(today, start)
    if due is not None:
        last = min(last, due)
    return start, max(last, start)


def check_extension_in_time(today: date, reply_due: date) -> None:
    """延期 (条例第三十三条第二款) is decided and notified within the reply period, not after it."""
    if today > reply_due:
        raise ValueError(f"答复期限已于{cn_date(reply_due)}届满，不能再延期"
                         "（条例第三十三条第二款：延期须在答复期限内经负责人同意并告知申请人）。")


@dataclass(frozen=True)
class Timeliness:
    on_time: bool
    late_workdays: int  # working days after the due date (0 when on time, or late only by rest days)

    def describe(self) -> str:
        if self.on_time:
            return "在法定期限内答复"
        if self.late_workdays:
            return f"超过答复期限 {self.late_workdays} 个工作日"
        return "超过答复期限"


def reply_timeliness(replied_on: date, due: date, calendar: Calendar) -> Timeliness:
    """Whether a reply met its deadline (条例第三十三条): on or before the due date is on time."""
    if replied_on <= due:
        return Timeliness(True, 0)
    return Timeliness(False, workdays_between(due, replied_on, calendar))


# --- Receipt date (条例第三十一条) -------------------------------------------------------------

CHANNELS = {
    "in_person": "当面提交",
    "post_signed": "邮寄（需签收）",
    "post_ordinary": "平常信函",
    "online": "互联网渠道",
    "fax": "传真",
    "email": "电子邮件",
    "oral": "口头提出",
}


def receipt_date(channel: str, *, submitted: date, signed_for: date | None = None,
                 confirmed: date | None = None) -> date:
    """The legal receipt date per channel (条例第三十一条).

    当面提交 / 口头: the day submitted. 邮寄需签收: the day signed for. 平常信函: the day the office
    confirms with the applicant. 互联网、传真、电子邮件: the day both sides confirm receipt.
    """
    if channel in ("in_person", "oral"):
        return submitted
    if channel == "post_signed":
        if signed_for is None:
            raise ValueError("邮寄申请以签收之日为收到申请之日，请填写签收日期（条例第三十一条第二项）。")
        return signed_for
    if channel in ("post_ordinary", "online", "fax", "email"):
        if confirmed is None:
            raise ValueError("该渠道以双方确认之日为收到申请之日，请填写确认日期（条例第三十一条）。")
        return confirmed
    raise ValueError(f"未知的申请渠道：{channel}。")


# --- Fees (国办函〔2020〕109号 政府信息公开信息处理费管理办法) ---------------------------------------

@dataclass(frozen=True)
class Band:
    start: int
    end: int | None  # inclusive; None = no upper bound
    rate: int  # 元 per item/page

    def count_within(self, quantity: int) -> int:
        upper = quantity if self.end is None else min(quantity, self.end)
        return max(0, upper - self.start + 1)


PAGE_BANDS = (Band(1, 30, 0), Band(31, 100, 10), Band(101, 200, 20), Band(201, None, 40))


def piece_bands(up_to: int) -> list[Band]:
    """按件: per applicant per calendar month, 1–10 free, 11–30 100元, then +100元 every 10 (31–40 200元 …)."""
    bands = [Band(1, 10, 0), Band(11, 30, 100)]
    start, rate = 31, 200
    while start <= max(up_to, 31):
        bands.append(Band(start, start + 9, rate))
        start, rate = start + 10, rate + 100
    return bands


@dataclass(frozen=True)
class Fee:
    method: str  # "piece" | "page"
    amount_yuan: int
    bands: list[dict[str, int | None]]

    def as_dict(self) -> dict[str, object]:
        return {"method": self.method, "amount_yuan": self.amount_yuan, "bands": self.bands}


def fee_by_piece(month_count: int) -> Fee:
    """The fee for the `month_count`-th request of this applicant this calendar month (按件计收, 超额累进).

    The rate is that of the band the request falls in; requests 1–10 of a month are free.
    """
    if month_count < 1:
        raise ValueError("本月申请件数应为正整数。")
    band = next(b for b in piece_bands(month_count) if b.start <= month_count and
                (b.end is None or month_count <= b.end))
    return Fee("piece", band.rate, [{"from": band.start, "to": band.end, "count": 1, "rate": band.rate,
                                     "amount": band.rate}])


def fee_by_page(pages: int) -> Fee:
    """按量计收 per request (paper copies, e-mail, copied data): marginal page bands, ≤30 pages free."""
    if pages < 0:
        raise ValueError("页数不能为负数。")
    rows: list[dict[str, int | None]] = []
    total = 0
    for band in PAGE_BANDS:
        n = band.count_within(pages)
        if n <= 0:
            continue
        amount = n * band.rate
        total += amount
        rows.append({"from": band.start, "to": band.end, "count": n, "rate": band.rate, "amount": amount})
    return Fee("page", total, rows)


def check_single_fee_method(existing_methods: Iterable[str], method: str) -> None:
    """按件 and 按量 are alternatives: one request is charged by one method only (109号 第三条)."""
    others = {m for m in existing_methods if m != method}
    if others:
        raise ValueError("同一申请只能选择按件或按量一种方式计收信息处理费，不得同时适用（国办函〔2020〕109号）。")


# --- ID number (GB 11643-1999) --------------------------------------------------------------

_ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
_ID_CHECK = "10X98765432"


def id_number_warning(number: str) -> str | None:
    """A warning (never a refusal: foreign passports and old IDs exist) for a bad 居民身份证号码."""
    n = number.strip().upper()
    if len(n) != 18 or not n[:17].isdigit():
        return "身份证号码应为 18 位（前 17 位为数字），请核对；如使用其他证件请选择相应证件类型。"
    expected = _ID_CHECK[sum(int(c) * w for c, w in zip(n[:17], _ID_WEIGHTS, strict=True)) % 11]
    if n[17] != expected:
        return f"身份证号码校验位应为 {expected}，请核对（GB 11643）。"
    return None


def mask(value: str, keep_start: int = 4, keep_end: int = 4) -> str:
    """3201**********1234: personal information is masked in lists and exports (个人信息保护法)."""
    value = value or ""
    if len(value) <= keep_start + keep_end:
        return "*" * len(value)
    return value[:keep_start] + "*" * (len(value) - keep_start - keep_end) + value[-keep_end:]


# --- Outcomes (条例第三十六条、第三十七条 …) mapped one-to-one onto the annual report's rows ---------

@dataclass(frozen=True)
class Outcome:
    code: str
    report_row: str  # the row of 年度报告 table 三 (国办公开办函〔2021〕30号)
    label: str
    basis: str  # the article and what it says, quoted in the reply letter


OUTCOMES = [
    Outcome("disclose", "（一）予以公开", "予以公开",
            "《中华人民共和国政府信息公开条例》第三十六条第（二）项：所申请公开信息可以公开的，向申请人提供该政府信息，或者告知申请人获取该政府信息的方式、途径和时间。"),
    Outcome("already_public", "（一）予以公开", "已主动公开，告知获取方式",
            "《中华人民共和国政府信息公开条例》第三十六条第（一）项：所申请公开信息已经主动公开的，告知申请人获取该政府信息的方式、途径。"),
    Outcome("partial", "（二）部分公开", "部分公开（区分处理）",
            "《中华人民共和国政府信息公开条例》第三十七条：申请公开的信息中含有不应当公开或者不属于政府信息的内容，但是能够作区分处理的，行政机关应当向申请人提供可以公开的政府信息内容，并对不予公开的内容说明理由。"),
    Outcome("withheld_secret", "（三）不予公开 1 属于国家秘密", "不予公开：属于国家秘密", "《中华人民共和国政府信息公开条例》第十四条、第三十六条第（三）项。"),
    Outcome("withheld_law", "（三）不予公开 2 其他法律行政法规禁止公开", "不予公开：法律、行政法规禁止公开", "《中华人民共和国政府信息公开条例》第十四条、第三十六条第（三）项。"),
    Outcome("withheld_security", "（三）不予公开 3 危及“三安全一稳定”", "不予公开：危及“三安全一稳定”", "《中华人民共和国政府信息公开条例》第十四条、第三十六条第（三）项。"),
    Outcome("withheld_third_party", "（三）不予公开 4 保护第三方合法权益", "不予公开：保护第三方合法权益", "《中华人民共和国政府信息公开条例》第十五条、第三十二条、第三十六条第（三）项。"),
    Outcome("withheld_internal", "（三）不予公开 5 属于三类内部事务信息", "不予公开：内部事务信息", "《中华人民共和国政府信息公开条例》第十六条第一款、第三十六条第（三）项。"),
    Outcome("withheld_process", "（三）不予公开 6 属于四类过程性信息", "不予公开：过程性信息", "《中华人民共和国政府信息公开条例》第十六条第二款、第三十六条第（三）项。"),
    Outcome("withheld_enforcement", "（三）不予公开 7 属于行政执法案卷", "不予公开：行政执法案卷", "《中华人民共和国政府信息公开条例》第十六条第二款、第三十六条第（三）项。"),
    Outcome("withheld_query", "（三）不予公开 8 属于行政查询事项", "不予公开：行政查询事项", "《中华人民共和国政府信息公开条例》第三十六条第（七）项。"),
    Outcome("unavailable_not_held", "（四）无法提供 1 本机关不掌握相关政府信息", "无法提供：本机关不掌握（信息不存在或非本机关负责公开）",
            "《中华人民共和国政府信息公开条例》第三十六条第（四）项、第（五）项。"),
    Outcome("unavailable_needs_creation", "（四）无法提供 2 没有现成信息需要另行制作", "无法提供：需另行制作", "《中华人民共和国政府信息公开条例》第三十八条。"),
    Outcome("unavailable_unclear", "（四）无法提供 3 补正后申请内容仍不明确", "无法提供：补正后仍不明确", "《中华人民共和国政府信息公开条例》第三十条。"),
    Outcome("rejected_petition", "（五）不予处理 1 信访举报投诉类申请", "不予处理：信访、投诉、举报", "《中华人民共和国政府信息公开条例》第三十九条第一款。"),
    Outcome("rejected_repeat", "（五）不予处理 2 重复申请", "不予处理：重复申请", "《中华人民共和国政府信息公开条例》第三十六条第（六）项。"),
    Outcome("rejected_publication", "（五）不予处理 3 要求提供公开出版物", "不予处理：要求提供公开出版物", "《中华人民共和国政府信息公开条例》第三十九条第二款。"),
    Outcome("rejected_excessive", "（五）不予处理 4 无正当理由大量反复申请", "不予处理：无正当理由大量反复申请", "《中华人民共和国政府信息公开条例》第三十五条。"),
    Outcome("rejected_confirm", "（五）不予处理 5 要求行政机关确认或重新出具已获取信息", "不予处理：要求确认或重新出具已获取信息", "《中华人民共和国政府信息公开条例》第三十九条。"),
    Outcome("other_no_correction", "（六）其他处理 1 申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请", "视为放弃：逾期不补正", "《中华人民共和国政府信息公开条例》第三十条。"),
    Outcome("other_fee_unpaid", "（六）其他处理 2 申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请", "视为放弃：逾期未缴费", "《政府信息公开信息处理费管理办法》（国办函〔2020〕109号）。"),
    Outcome("other_special_law", "（六）其他处理 3 其他", "其他处理（如工商、不动产登记资料等依特别规定办理）", "《中华人民共和国政府信息公开条例》第三十六条第（七）项。"),
]
OUTCOME_BY_CODE = {o.code: o for o in OUTCOMES}
NOT_PROCESSED_OUTCOMES = {o.code for o in OUTCOMES if o.report_row.startswith("（五）")}
REMEDIES = ("如对本答复不服，可以自收到本答复之日起六十日内依法申请行政复议，或者自收到本答复之日起六个月内"
            "依法向人民法院提起行政诉讼。")


def outcome(code: str) -> Outcome:
    found = OUTCOME_BY_CODE.get(code)
    if found is None:
        raise ValueError(f"未知的办理结果：{code}。")
    return found
