"""application_extend (条例第三十三条第二款): once, at most 20 working days, approved by the head of the
工作机构, decided within the reply period; the 延期答复告知书 comes with it."""

from __future__ import annotations

from datetime import date

import pytest

from gongkai.applications.models import Letter, State
from gongkai.applications.tests.conftest import in_correction, transition
from gongkai.core.exceptions import DomainError, PermissionDeniedError, StateError


def test_extension_with_its_notice(app, cast, today) -> None:
    today(date(2026, 10, 20))
    result = transition(cast.officer_a, app, "extend", workdays=20, approved_by="周主任", reason="材料较多")
    assert app.state == State.EXTENDED and app.reply_due == date(2026, 12, 1)
    assert result.message == "已延期 20 个工作日，答复期限至2026年12月1日，延期答复告知书已生成。"
    letter = app.letters.get()
    assert letter.kind == Letter.Kind.EXTENSION and letter.event == app.events.get(kind="extend")
    assert app.letter_jobs.get().params == {"what": "材料较多", "days": 20, "due": "2026-12-01",
                                           "approved_by": "周主任"}


def test_twice_is_refused(app, cast, today) -> None:
    today(date(2026, 10, 20))
    transition(cast.officer_a, app, "extend", workdays=10, approved_by="周主任", reason="材料较多")
    with pytest.raises(StateError, match="只能延长一次（条例第三十三条第二款）"):
        transition(cast.officer_a, app, "extend", workdays=5, approved_by="周主任", reason="再延")
    assert app.extension_workdays == 10 and app.letters.count() == 1


def test_too_early_before_acceptance_or_while_paused(online, app, cast, today) -> None:
    today(date(2026, 10, 12))
    with pytest.raises(StateError, match="尚未受理"):
        transition(cast.officer_a, online[0], "extend", workdays=20, approved_by="周主任", reason="x")
    in_correction(app, cast.officer_a)
    with pytest.raises(StateError, match="暂停计算，此时不能延期"):
        transition(cast.officer_a, app, "extend", workdays=20, approved_by="周主任", reason="x")
    assert app.extension_workdays == 0


def test_too_late_after_the_reply_period(app, cast, today) -> None:
    today(date(2026, 11, 4))  # due 2026-11-03
    with pytest.raises(DomainError, match="已于2026年11月3日届满，不能再延期"):
        transition(cast.officer_a, app, "extend", workdays=20, approved_by="周主任", reason="x")
    app.refresh_from_db()
    assert app.state == State.ACCEPTED and not app.letter_jobs.exists()


@pytest.mark.parametrize(("days", "by", "why", "message"), [
    (21, "周主任", "x", "最长不得超过 20 个工作日"), (0, "周主任", "x", "最长不得超过 20 个工作日"),
    (10, "", "x", "负责人同意"), (10, "周主任", " ", "负责人同意")])
def test_bad_extension_input(app, cast, today, days, by, why, message) -> None:
    today(date(2026, 10, 20))
    with pytest.raises(DomainError, match=message):
        transition(cast.officer_a, app, "extend", workdays=days, approved_by=by, reason=why)
    assert app.state == State.ACCEPTED


def test_role_is_checked(app, cast, today) -> None:
    today(date(2026, 10, 20))
    with pytest.raises(PermissionDeniedError, match="经办人"):
        transition(cast.reviewer_a, app, "extend", workdays=20, approved_by="周主任", reason="x")
    assert app.extension_workdays == 0
