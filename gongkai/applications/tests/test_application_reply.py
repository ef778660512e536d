"""application_reply: one of the art. 36/37 outcomes; afterwards pages show the reply date and whether it
was on time (条例第三十三条), never a deadline."""

from __future__ import annotations

from datetime import date

import pytest

from gongkai.applications import selectors
from gongkai.applications.models import State
from gongkai.applications.tests.conftest import transition
from gongkai.core.exceptions import DomainError


def test_reply_on_time(app, cast) -> None:
    result = transition(cast.officer_a, app, "reply", outcome="partial", date=date(2026, 11, 3), reason="第5页涉及个人隐私")
    assert app.state == State.REPLIED and "第三十七条" in app.outcome_basis and "个人隐私" in app.outcome_basis
    assert result.message == "已答复（部分公开（区分处理）），答复日期2026年11月3日，在法定期限内答复。下一步：出具答复书。"
    assert selectors.outcome_text(app) == "已于2026年11月3日答复，在法定期限内答复"


def test_late_reply_says_by_how_much(app, cast) -> None:
    transition(cast.officer_a, app, "reply", outcome="disclose", date=date(2026, 11, 6))
    assert selectors.outcome_text(app) == "已于2026年11月6日答复，超过答复期限 3 个工作日"


def test_not_processed_outcome(app, cast) -> None:
    transition(cast.officer_a, app, "reply", outcome="rejected_repeat", date=date(2026, 10, 20))
    assert app.state == State.NOT_PROCESSED


@pytest.mark.parametrize(("outcome", "day", "message"), [
    ("disclose", date(2026, 9, 1), "不能早于收到申请之日"), ("nonsense", date(2026, 10, 20), "未知的办理结果"),
    ("other_no_correction", date(2026, 10, 20), "视为放弃"), ("disclose", date(2099, 1, 1), "不能晚于今天")])
def test_bad_replies_are_refused_and_nothing_changes(app, cast, outcome, day, message) -> None:
    with pytest.raises(DomainError, match=message):
        transition(cast.officer_a, app, "reply", outcome=outcome, date=day)
    app.refresh_from_db()
    assert app.state == State.ACCEPTED and not app.outcome and not app.replied_on
