"""Rules of the 政府网站 checks: pure functions, no ORM, no network.

Sources: 国办秘函〔2019〕19号《政府网站与政务新媒体检查指标》 (单项否决 and 扣分 parts), 国办发〔2017〕47号
《政府网站发展指引》 (网站标识码, 专栏), the 2019–2021 政务公开工作要点 (IPv6, 专栏's four parts).

单项否决 (any one fails the site, no further scoring):
- 站点无法访问: monitored for a week, at least 20 probes a day; a page not open after 15 s is a failure;
  failures ≥ 5 % of probes.
- 首页不更新: the home page not updated in 2 weeks (an item without a visible date counts as not updated).
- 栏目不更新: 动态、要闻 columns not updated in 2 weeks plus 通知公告、政策文件 columns not updated in 6 months,
  together ≥ 5; or ≥ 10 columns that should update but long have not; or ≥ 5 empty columns.
- 互动回应差 and 服务不实用 and 安全、泄密事故 need a person's judgement: the report lists them as not
  checked automatically.
Then a 100-point deduction part: < 60 fails; > 80 goes on to the bonus part.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from urllib.parse import urljoin, urlsplit

PROBE_TIMEOUT_S = 15
MIN_PROBES_PER_DAY = 20
FAILURE_SHARE_VETO = 0.05
HOME_STALE_DAYS = 14
DYNAMIC_STALE_DAYS = 14
NOTICE_STALE_DAYS = 183  # 6 months
LONG_STALE_DAYS = 365  # "long not updated", for columns of any kind
STALE_COLUMNS_VETO = 5
LONG_STALE_COLUMNS_VETO = 10
EMPTY_COLUMNS_VETO = 5
CERT_WARN_DAYS = 30

ZHUANLAN_PARTS = ("政府信息公开指南", "政府信息公开制度", "法定主动公开内容", "政府信息公开工作年度报告")
# Sites write the fourth part as "年度报告" or "政府信息公开年报": accept the usual short forms.
_PART_ALIASES = {"政府信息公开工作年度报告": ("政府信息公开工作年度报告", "政府信息公开年度报告", "年度报告", "年报"),
                 "法定主动公开内容": ("法定主动公开内容", "法定主动公开")}

COLUMN_KINDS = {"dynamic": "动态、要闻类", "notice": "通知公告、政策文件类", "interaction": "互动交流类", "other": "其他"}

_DATE = re.compile(
    r"(?<!\d)(20\d{2}|19\d{2})\s*(?:[-/.年])\s*(\d{1,2})\s*(?:[-/.月])\s*(\d{1,2})(?!\d)\s*日?"
)
_SITE_CODE = re.compile(r"^(?:\d{10}|bm\d{8})$")


def dates_in(text: str, today: date) -> list[date]:
    """Every plausible date written in the text (2026-11-30, 2026/11/30, 2026年11月30日), none after today."""
    found = []
    for y, m, d in _DATE.findall(text or ""):
        try:
            day = date(int(y), int(m), int(d))
        except ValueError:
            continue
        if day <= today:
            found.append(day)
    return found


def latest_date(text: str, today: date) -> date | None:
    days = dates_in(text, today)
    return max(days) if days else None


def site_code_error(code: str) -> str | None:
    """网站标识码: 10 characters, a 6-digit 行政区划码 + 4-digit serial, or bm + 8 digits (central departments)."""
    if not _SITE_CODE.match(code or ""):
        return (f"网站标识码“{code}”格式不正确：应为 10 位，由 6 位行政区划码加 4 位顺序号组成，"
                f"国务院部门为 bm 加 8 位数字（国办发〔2017〕47号）。")
    return None


def zhuanlan_missing(text: str) -> list[str]:
    """Which of the 专栏's four first-level parts the page does not show."""
    return [part for part in ZHUANLAN_PARTS
            if not any(alias in (text or "") for alias in _PART_ALIASES.get(part, (part,)))]


def same_site(base: str, link: str) -> str | None:
    """The absolute URL of `link` if it stays on `base`'s scheme, host and port; None otherwise (a crawl
    never leaves the site), and None for mailto:, javascript:, fragments."""
    if not link or link.startswith(("#", "mailto:", "javascript:", "tel:", "data:")):
        return None
    absolute = urljoin(base, link.strip())
    a, b = urlsplit(base), urlsplit(absolute)
    if b.scheme not in ("http", "https") or (a.scheme, a.netloc.lower()) != (b.scheme, b.netloc.lower()):
        return None
    return absolute.split("#", 1)[0]


@dataclass(frozen=True)
class ColumnState:
    name: str
    kind: str
    updated_on: date | None
    empty: bool
    reachable: bool = True


def column_stale(column: ColumnState, today: date) -> bool:
    """动态、要闻: 2 weeks; 通知公告、政策文件: 6 months. An empty or undated column is not updated."""
    limit = {"dynamic": DYNAMIC_STALE_DAYS, "notice": NOTICE_STALE_DAYS}.get(column.kind)
    if limit is None:
        return False
    return column.updated_on is None or (today - column.updated_on).days > limit


def column_long_stale(column: ColumnState, today: date) -> bool:
    if column.kind == "other":
        return False
    return column.updated_on is None or (today - column.updated_on).days > LONG_STALE_DAYS


@dataclass
class WeeklyVerdict:
    vetoes: list[str] = field(default_factory=list)
    deductions: list[tuple[str, int]] = field(default_factory=list)
    not_checked: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    probes: int = 0
    failures: int = 0

    @property
    def score(self) -> int | None:
        """None when a 单项否决 applies (no further scoring)."""
        if self.vetoes:
            return None
        return max(0, 100 - sum(points for _, points in self.deductions))

    @property
    def result(self) -> str:
        if self.vetoes:
            return "单项否决，不合格"
        score = self.score or 0
        if score < 60:
            return "扣分后低于 60 分，不合格"
        if score > 80:
            return "合格（高于 80 分，可进入加分项评估）"
        return "合格"


def weekly_verdict(*, probes_by_day: Mapping[date, tuple[int, int]], home_updated_on: date | None,
                   columns: Iterable[ColumnState], today: date, dead_links: int = 0, ipv6: bool | None = None,
                   https_days_left: int | None = None, is_https: bool = False, zhuanlan_missing: Iterable[str] = (),
                   slow_share: float = 0.0, site_code_shown: bool = True) -> WeeklyVerdict:
    """Apply the 单项否决 rules to a week's probes and the latest check, then the deductions."""
    verdict = WeeklyVerdict()
    total = sum(t for t, _ in probes_by_day.values())
    failed = sum(f for _, f in probes_by_day.values())
    verdict.probes, verdict.failures = total, failed
    thin = sorted(d for d, (t, _) in probes_by_day.items() if t < MIN_PROBES_PER_DAY)
    if len(probes_by_day) < 7 or thin:
        verdict.notes.append(f"监测不足：一周应每天至少 {MIN_PROBES_PER_DAY} 次，"
                             f"实际 {len(probes_by_day)} 天有记录" + (f"，{len(thin)} 天不足" if thin else "") + "。")
    if total and failed / total >= FAILURE_SHARE_VETO:
        verdict.vetoes.append(f"站点无法访问：一周 {total} 次监测中 {failed} 次无法访问或超过 {PROBE_TIMEOUT_S} 秒未打开"
                              f"（{failed / total:.1%}，≥ 5%）。")
    if home_updated_on is None or (today - home_updated_on).days > HOME_STALE_DAYS:
        when = f"最近更新 {home_updated_on:%Y-%m-%d}" if home_updated_on else "首页信息无可见发布日期"
        verdict.vetoes.append(f"首页不更新：{when}，超过 2 周未更新。")
    cols = list(columns)
    stale = [c for c in cols if column_stale(c, today)]
    long_stale = [c for c in cols if column_long_stale(c, today)]
    empty = [c for c in cols if c.empty]
    if len(stale) >= STALE_COLUMNS_VETO:
        verdict.vetoes.append(f"栏目不更新：{len(stale)} 个栏目超期未更新（{'、'.join(c.name for c in stale[:8])}），≥ 5 个。")
    elif len(long_stale) >= LONG_STALE_COLUMNS_VETO:
        verdict.vetoes.append(f"栏目不更新：{len(long_stale)} 个应更新栏目长期未更新，≥ 10 个。")
    if len(empty) >= EMPTY_COLUMNS_VETO:
        verdict.vetoes.append(f"栏目不更新：{len(empty)} 个空白栏目（{'、'.join(c.name for c in empty[:8])}），≥ 5 个。")
    if not any(c.kind == "interaction" for c in cols):
        verdict.not_checked.append("互动回应差：未登记互动交流栏目，需人工检查留言办理情况。")
    verdict.not_checked += ["服务不实用：办事指南要素需人工核查。", "安全、泄密事故：需人工核查。"]
    # Deductions (our reading of the 100-point part; each item names what lost the points).
    for c in stale:
        verdict.deductions.append((f"栏目“{c.name}”超期未更新", 2))
    for c in empty:
        verdict.deductions.append((f"空白栏目“{c.name}”", 2))
    if dead_links:
        verdict.deductions.append((f"{dead_links} 个不可用链接", min(dead_links, 10)))
    if ipv6 is False:
        verdict.deductions.append(("不支持 IPv6 访问（2021年要点：县级以上政府门户网站）", 5))
    if not is_https:
        verdict.deductions.append(("未使用 HTTPS", 2))
    elif https_days_left is not None and https_days_left < 0:
        verdict.deductions.append(("HTTPS 证书已过期", 10))
    elif https_days_left is not None and https_days_left < CERT_WARN_DAYS:
        verdict.deductions.append((f"HTTPS 证书 {https_days_left} 天后到期", 2))
    for part in zhuanlan_missing:
        verdict.deductions.append((f"政府信息公开专栏缺少“{part}”", 5))
    if slow_share > 0.2:
        verdict.deductions.append((f"{slow_share:.0%} 的监测响应超过 3 秒", 5))
    if not site_code_shown:
        verdict.deductions.append(("页面未标注网站标识码（SiteIDCode）", 5))
    return verdict


def week_of(day: date) -> date:
    """The Monday starting the week that holds `day`."""
    return day - timedelta(days=day.weekday())
