"""application_correction_submit: the applicant corrects online (条例第三十条). In time, the clock restarts
that day; late, the correction is kept and the officer decides. The officer hears of it either way."""

from __future__ import annotations

from datetime import date

import pytest
from django.core import mail

from gongkai.applications import services
from gongkai.applications.models import ApplicantAttachment, State
from gongkai.applications.tests.conftest import PDF, in_correction, transition
from gongkai.core.exceptions import DomainError, StateError


@pytest.fixture
def waiting(app, cast):
    cast.officer_a.email = "officer@example.com"
    cast.officer_a.save()
    return in_correction(app, cast.officer_a)  # notice 2026-10-09, due 2026-10-29


def test_in_time_restarts_the_clock_that_day(waiting, today) -> None:
    today(date(2026, 10, 20))
    assert services.application_correction_submit(application=waiting, text="2025年人民路项目的立项批复",
                                                  attachments=[("补正说明.pdf", PDF)]) is True
    assert waiting.state == State.ACCEPTED and waiting.correction_received_on == date(2026, 10, 20)
    assert waiting.correction_text == "2025年人民路项目的立项批复"
    assert waiting.reply_due == date(2026, 11, 17)  # 20 working days from 10-20
    kinds = list(waiting.events.values_list("kind", "actor_role"))[-2:]
    assert kinds == [("correction_submitted", "申请人"), ("correction_received", "系统")]
    attachment = waiting.attachments.get()
    assert attachment.source == ApplicantAttachment.Source.CORRECTION and attachment.event.kind == "correction_submitted"
    assert mail.outbox[0].to == ["officer@example.com"] and waiting.number in mail.outbox[0].subject


def test_after_the_period_it_is_kept_and_the_officer_decides(waiting, cast, today) -> None:
    today(date(2026, 11, 2))
    assert services.application_correction_submit(application=waiting, text="补充说明：人民路项目") is False
    waiting.refresh_from_db()
    assert waiting.state == State.CORRECTION and waiting.correction_text == "补充说明：人民路项目"
    assert "已超过补正期限" in mail.outbox[0].body
    event = waiting.events.get(kind="correction_submitted")
    assert "2026年10月29日已过" in event.reason and "是否受理由工作人员决定" in event.public_note
    # the officer decides to accept it, dated the day it came
    transition(cast.officer_a, waiting, "correction_received", date=date(2026, 11, 2))
    assert waiting.state == State.ACCEPTED and waiting.reply_due == date(2026, 11, 30)


def test_after_the_period_the_officer_may_instead_close_it(waiting, cast, today) -> None:
    today(date(2026, 11, 2))
    services.application_correction_submit(application=waiting, text="迟到的补正")
    transition(cast.officer_a, waiting, "abandon", reason="逾期补正且未说明正当理由")
    assert waiting.state == State.ABANDONED and waiting.correction_text == "迟到的补正"


def test_empty_correction_is_refused_and_nothing_is_written(waiting, today) -> None:
    today(date(2026, 10, 20))
    before = waiting.events.count()
    with pytest.raises(DomainError, match="第三十条"):
        services.application_correction_submit(application=waiting, text="   ")
    with pytest.raises(DomainError, match="类型不允许"):
        services.application_correction_submit(application=waiting, text="x", attachments=[("a.pdf", b"MZ exe")])
    waiting.refresh_from_db()
    assert waiting.events.count() == before and waiting.state == State.CORRECTION and not waiting.correction_text
    assert not mail.outbox


def test_refused_when_no_correction_is_asked(app) -> None:
    with pytest.raises(StateError, match="不需要补正"):
        services.application_correction_submit(application=app, text="补正")


def test_the_dashboard_tells_the_officer(waiting, cast, today) -> None:
    from gongkai.applications.panels import workbench_panel

    assert workbench_panel(cast.officer_a) is None
    today(date(2026, 11, 2))
    services.application_correction_submit(application=waiting, text="迟到的补正")
    panel = workbench_panel(cast.officer_a)
    assert panel is not None and ("逾期补正待决定", "1", "/staff/applications/?state=correction") in panel.items
    assert "第三十条" in panel.alert
    assert workbench_panel(cast.officer_b) is None
