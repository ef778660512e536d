"""Pure rules of the 基层政务公开标准目录 (no ORM).

- 公开时限: "自信息形成或者变更之日起20个工作日内予以公开" (条例第二十六条) is the default; an entry may
  name another number of 工作日 ("5个工作日内"); "及时公开" or any text without a number keeps the default.
- Completeness (国办发〔2019〕54号 全面推进基层政务公开标准化规范化: 按照目录公开, 动态更新): an entry
  published actively (主动公开) is 已按时公开 when every item linked to it was published within its 公开时限
  counted in working days from the day the information was formed (day 0, as in core.workdays);
  逾期公开 when any was late; 未公开 when nothing was published under it; 缺形成日期 when an item has no
  date to count from. Entries published on request (依申请公开) are not checked.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from gongkai.core.workdays import Calendar, add_workdays

DEFAULT_LIMIT_WORKDAYS = 20  # 条例第二十六条

ON_TIME, LATE, MISSING, UNDATED, ON_REQUEST = "on_time", "late", "missing", "undated", "on_request"
LABELS = {ON_TIME: "已按时公开", LATE: "逾期公开", MISSING: "未公开", UNDATED: "缺形成日期", ON_REQUEST: "依申请公开（不检查）"}

# The 26 domains of the national pilot (国办发〔2017〕42号 开展基层政务公开标准化规范化试点工作方案), named as
# the State Council departments' 标准指引 name them (2019–2020).
PILOT_DOMAINS = (
    "城乡规划", "重大建设项目", "公共资源交易", "财政预决算", "安全生产", "税收管理", "征地补偿", "国有土地上房屋征收与补偿",
    "农村危房改造", "环境保护", "公共文化服务", "扶贫", "救灾", "食品药品监管", "城市综合执法", "就业", "社会救助", "养老服务",
    "户籍管理", "涉农补贴", "义务教育", "卫生健康", "市政服务", "公共法律服务", "社会保险", "保障性住房",
)

_WORKDAYS = re.compile(r"(\d{1,3})\s*个?\s*工作日")


def time_limit_workdays(text: str) -> int:
    """The 公开时限 in working days: the number before 工作日, else the 条例第二十六条 default (20)."""
    m = _WORKDAYS.search((text or "").translate({0xFF10 + i: 0x30 + i for i in range(10)}))
    if m and 0 < int(m.group(1)) <= 365:
        return int(m.group(1))
    return DEFAULT_LIMIT_WORKDAYS


@dataclass(frozen=True)
class PublicationCheck:
    status: str  # ON_TIME, LATE or UNDATED
    due: date | None
    provisional: bool = False  # the calendar for a year counted is not loaded


def check_publication(formed_on: date | None, published_on: date | None, limit: int, calendar: Calendar,
                      today: date) -> PublicationCheck:
    """One published item against its entry's 公开时限 (day 0 = the day the information was formed)."""
    if formed_on is None:
        return PublicationCheck(UNDATED, None)
    result = add_workdays(formed_on, limit, calendar)
    when = published_on or today
    return PublicationCheck(ON_TIME if when <= result.result else LATE, result.result, result.provisional)


def entry_status(mode_active: bool, checks: list[PublicationCheck]) -> str:
    if not mode_active:
        return ON_REQUEST
    if not checks:
        return MISSING
    statuses = {c.status for c in checks}
    if LATE in statuses:
        return LATE
    if UNDATED in statuses:
        return UNDATED
    return ON_TIME
