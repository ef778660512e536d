"""Rules for 政务新媒体 checks: pure functions, no ORM; the services feed them plain values.

Sources:
- 国办发〔2018〕123号《关于推进政务新媒体健康有序发展的意见》: 开设、变更、整合、关停、注销 are 备案 with the
  supervising office; "一个单位原则上在同一平台只开设一个政务新媒体账号"; 先审后发.
- 国办秘函〔2019〕19号《政府网站与政务新媒体检查指标》: 单项否决 for 政务新媒体 includes no update in the two
  weeks before the check, no effective interaction, and 严重表述错误; 娱乐化、空壳 accounts are cleaned up
  (2021 要点, seed 000 and the Sina repost 002).
- 江苏省2021年政务公开工作要点 (seed 001): every post annotated with 拟稿人、审核人、发布人; a repost with its
  source and 审核人.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from gongkai.core.workdays import Calendar, workdays_between

# No post for 14 days: the 检查指标's two-week line, so the account already fails that check (预警);
# twice that, the account is 空壳 in substance (严重) and the supervisor should consider 关停/整合.
STALE_WARN_DAYS = 14
STALE_SERIOUS_DAYS = 28
# A public message unanswered after 5 working days is late (预警); after 3 months it is the 检查指标's
# 互动回应差 line (严重), as for a website's 留言.
UNANSWERED_WARN_WORKDAYS = 5
UNANSWERED_SERIOUS_DAYS = 90

ANNOTATION_ROLES = (("drafter", "拟稿人"), ("reviewer", "审核人"), ("publisher", "发布人"))

# The annotation as offices write it at the end of a post: "拟稿：张三 审核：李四 发布：王五",
# "（拟稿人：张三；审核人：李四；发布人：王五）", "来源：新华社 审核：李四".
_LABELS = {"拟稿": "drafter", "撰稿": "drafter", "编辑": "drafter", "审核": "reviewer", "审校": "reviewer",
           "签发": "publisher", "发布": "publisher", "来源": "source", "转载自": "source", "转自": "source"}
_ANNOTATION = re.compile(r"(拟稿|撰稿|编辑|审核|审校|签发|发布|来源|转载自|转自)人?\s*[：:]\s*([^\s；;，,。|｜）)]{1,30})")
_REPOST_HINT = re.compile(r"(来源|转载自|转自)\s*[：:]|^【转载】|^转发|转载")


@dataclass(frozen=True)
class Finding:
    """One problem a rule found; `key` names its subject so a rerun finds the same finding."""

    kind: str
    severity: str
    key: str
    detail: str


def annotation_from_text(text: str) -> dict[str, str]:
    """The 拟稿/审核/发布 names and a repost's source written in the post itself (first one wins)."""
    found: dict[str, str] = {}
    for label, value in _ANNOTATION.findall(text or ""):
        found.setdefault(_LABELS[label], value.strip())
    return found


def looks_like_repost(text: str) -> bool:
    return bool(_REPOST_HINT.search(text or ""))


def annotation_missing(drafter: str, reviewer: str, publisher: str) -> list[str]:
    """The roles a post does not name (江苏2021要点: 拟稿人、审核人、发布人 on every post)."""
    values = {"drafter": drafter, "reviewer": reviewer, "publisher": publisher}
    return [label for field, label in ANNOTATION_ROLES if not values[field].strip()]


def repost_missing(is_repost: bool, source: str, reviewer: str) -> list[str]:
    """What a repost lacks: its source and its 审核人 (江苏2021要点)."""
    if not is_repost:
        return []
    missing = []
    if not source.strip():
        missing.append("转载来源")
    if not reviewer.strip():
        missing.append("审核人")
    return missing


def staleness(last_post: date | None, opened_on: date | None, today: date) -> Finding | None:
    """No post for two weeks (预警) or four (严重); an account that never posted counts from its opening."""
    since = last_post or opened_on
    if since is None:
        return None
    days = (today - since).days
    if days >= STALE_SERIOUS_DAYS:
        severity = "serious"
    elif days >= STALE_WARN_DAYS:
        severity = "warn"
    else:
        return None
    what = f"最近一次发布为 {since:%Y-%m-%d}" if last_post else f"自 {since:%Y-%m-%d} 开设以来未发布"
    return Finding("stale", severity, "", f"{what}，已 {days} 天未更新（检查指标：监测前 2 周内无更新即单项否决）。")


def unanswered(received: date, answered: date | None, today: date, calendar: Calendar) -> str | None:
    """Severity of a public message left unanswered: 5 working days late, or over three months."""
    if answered is not None:
        return None
    if (today - received).days > UNANSWERED_SERIOUS_DAYS:
        return "serious"
    if workdays_between(received, today, calendar) > UNANSWERED_WARN_WORKDAYS:
        return "warn"
    return None


@dataclass(frozen=True)
class WordHit:
    kind: str
    phrase: str
    suggestion: str


def word_hits(text: str, rules: Iterable[tuple[str, str, str]]) -> list[WordHit]:
    """Every maintained phrase (kind, phrase, suggestion) that occurs in the text, once each."""
    hits = []
    for kind, phrase, suggestion in rules:
        if phrase and phrase in text:
            hits.append(WordHit(kind, phrase, suggestion))
    return hits


# Titles written next to names in posts; a leader written with one of these that is not theirs is wrong.
COMMON_TITLES = ("省长", "副省长", "市长", "副市长", "县长", "副县长", "区长", "副区长", "镇长", "副镇长", "乡长",
                 "副乡长", "书记", "副书记", "局长", "副局长", "主任", "副主任", "厅长", "副厅长", "秘书长", "副秘书长")


def _title_fits(written: str, actual: str) -> bool:
    """"书记" is a fair short form of "县委书记"; "县长" for a "副县长" drops the 副 and is wrong."""
    if written == actual:
        return True
    return actual.endswith(written) and "副" not in actual[: -len(written)]


def _one_char_off(a: str, b: str) -> bool:
    return len(a) == len(b) and a != b and sum(x != y for x, y in zip(a, b, strict=True)) == 1


def leader_errors(text: str, leaders: Sequence[tuple[str, str]]) -> list[str]:
    """A leader's name or title written wrong: a known title preceded by a name that is one character
    off a leader's name (张叁县长 for 张三县长), or a leader's name followed by another leader's title
    that is not theirs (张三副县长 when 张三 is 县长)."""
    if not text:
        return []
    titles_of: dict[str, set[str]] = defaultdict(set)
    for name, title in leaders:
        titles_of[name].add(title)
    all_titles = sorted({t for _, t in leaders} | set(COMMON_TITLES), key=len, reverse=True)
    problems: list[str] = []
    for title in all_titles:
        for match in re.finditer(re.escape(title), text):
            # Chinese writes both "张三县长" and "县长张三": look on both sides of the title.
            before = text[max(0, match.start() - 4):match.start()]
            after = text[match.end():match.end() + 4]
            for name, titles in titles_of.items():
                for candidate, shown in ((before[-len(name):], "{n}{t}"), (after[:len(name)], "{t}{n}")):
                    if len(candidate) != len(name):
                        continue
                    if candidate == name:
                        if not any(_title_fits(title, t) for t in titles):
                            problems.append(f"“{shown.format(n=name, t=title)}”：{name}的职务应为"
                                            f"“{'、'.join(sorted(titles))}”")
                    elif title in titles and _one_char_off(candidate, name):
                        problems.append(f"“{shown.format(n=candidate, t=title)}”：姓名应为“{name}”")
    return sorted(set(problems))


def duplicate_platforms(accounts: Iterable[tuple[int, int, str]]) -> dict[tuple[int, str], list[int]]:
    """{(organisation id, platform): [account ids]} where a unit runs more than one live account on one
    platform (国办发〔2018〕123号: 原则上在同一平台只开设一个)."""
    groups: dict[tuple[int, str], list[int]] = defaultdict(list)
    for account_id, org_id, platform in accounts:
        if platform != "other":  # 其他 lumps different platforms together
            groups[(org_id, platform)].append(account_id)
    return {key: sorted(ids) for key, ids in groups.items() if len(ids) > 1}


# The 备案 lifecycle: which step a live account may file, and what status approval gives it.
FILING_FROM: dict[str, tuple[str, ...]] = {
    "open": ("pending",),
    "change": ("active",),
    "merge": ("active", "shut"),
    "shut": ("active",),
    "cancel": ("active", "shut", "merged"),
}
FILING_RESULT: dict[str, str] = {"open": "active", "change": "active", "merge": "merged", "shut": "shut",
                                 "cancel": "cancelled"}


def filing_allowed(kind: str, status: str) -> bool:
    return status in FILING_FROM.get(kind, ())
