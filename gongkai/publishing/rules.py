"""Pure rules of 主动公开.

- 条例第二十六条: information is published within 20 working days of being formed or changed.
- 索引号: `{统一社会信用代码 or 组织机构代码}/{year}-{5-digit serial}`, unique, never reused.
- 文号 matching uses the bracket-normalised form (gongkai.search.analysis.normalise_doc_no).
- Documents not to publish (arts 14–16) are caught by the reviewer's 保密审查 confirmation.
"""

from __future__ import annotations

from datetime import date

from gongkai.core.workdays import Calendar, WorkdayResult, add_workdays

PUBLISH_WITHIN_WORKDAYS = 20  # 条例第二十六条

# Central-government pages still show the 9-digit 组织机构代码 (BRIEF); used when no owner is known.
KNOWN_PUBLISHER_CODES = {"国务院办公厅": "000014349", "国务院": "000014349"}
UNKNOWN_PREFIX = "000000000"


def publication_due(changed_on: date, calendar: Calendar) -> WorkdayResult:
    """Last day to publish information formed or changed on `changed_on` (条例第二十六条)."""
    return add_workdays(changed_on, PUBLISH_WITHIN_WORKDAYS, calendar)


def is_late(changed_on: date | None, published_on: date | None, calendar: Calendar, today: date) -> bool:
    """Published (or, if unpublished, still waiting today) after the art. 26 deadline."""
    if changed_on is None:
        return False
    due = publication_due(changed_on, calendar).result
    return (published_on or today) > due


def format_index_no(prefix: str, year: int, serial: int) -> str:
    return f"{prefix}/{year}-{serial:05d}"
