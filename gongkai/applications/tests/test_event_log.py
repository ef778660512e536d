"""The event log reads in Chinese for every kind of event ("12月1日 经办人 张三 受理申请"), never in codes;
every action, event, state and audit action has a Chinese label; whatever the services write is a known
event kind."""

from __future__ import annotations

import re
from datetime import date, datetime
from zoneinfo import ZoneInfo

from gongkai.applications import redaction, selectors
from gongkai.applications.actions import Action
from gongkai.applications.letters import LetterAction
from gongkai.applications.models import ApplicationEvent, EventKind, State
from gongkai.applications.tests.letters_support import SECRET, make_pdf, through_everything, upload
from gongkai.applications.transitions import ACTIONS

CJK = re.compile(r"[\u4e00-\u9fff]")
CODE = re.compile(r"[A-Za-z_]{3,}")  # a raw code such as "accept", "pending", "disclosure_upload"


def _chinese(label: str) -> bool:
    return bool(CJK.search(label)) and not CODE.search(label)


def test_every_kind_has_a_chinese_label() -> None:
    labels = {f"event {k}": str(label) for k, label in EventKind.choices}
    labels |= {f"state {k}": str(label) for k, label in State.choices}
    labels |= {f"action {a.name}": a.label for a in ACTIONS.values()}
    labels |= {f"audit {k}": str(label) for enum in (Action, LetterAction, redaction.RedactionAction)
               for k, label in enum.choices}
    wrong = [key for key, label in labels.items() if not _chinese(label)]
    assert not wrong, wrong
    # Each event the workflow writes is audited under an action of the same name (services._event).
    workflow = set(EventKind.values) - {"alert_due_soon", "alert_overdue", "disclosure_upload", "redaction_release",
                                        "disclosure_withdraw"}
    assert {f"application.{k}" for k in workflow} <= set(Action.values)


def test_the_log_shows_every_kind_in_words(app, cast, client, today) -> None:
    today(date(2026, 12, 2))
    app.events.all().delete()
    states = State.values
    for i, kind in enumerate(EventKind.values):
        ApplicationEvent.objects.create(application=app, kind=kind, actor_name="张三", actor_role="经办人",
                                        from_state=states[i % len(states)], to_state=states[(i + 1) % len(states)])
    ApplicationEvent.objects.filter(application=app).update(
        created_at=datetime(2026, 12, 1, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai")))
    client.force_login(cast.officer_a)
    body = client.get(f"/staff/applications/{app.pk}/").content.decode()
    log = body[body.index('id="event-log">') + len('id="event-log">'):]
    log = re.sub(r"<[^>]+>", " ", log[:log.index("</ol>")])  # the text the officer reads
    for kind, label in EventKind.choices:
        assert f"12月1日 经办人 张三 {label}" in " ".join(log.split()), kind
    assert not CODE.search(log), CODE.search(log)
    assert "办理记录" not in log  # the fallback for an unknown kind is never needed


def test_whatever_the_services_write_is_a_known_kind(cast) -> None:
    """The whole path (补正, consultation, extension, fee, reply) and a redaction: every event it writes is
    an EventKind, so the log never falls back to a code or to a vague word."""
    app = through_everything(cast, outcome="partial")
    disclosure = redaction.disclosure_upload(actor=cast.officer_a, application=app,
                                             file=upload("a.pdf", make_pdf([f"正文{SECRET}"])), title="施工合同")
    redaction.redaction_mark_add(actor=cast.officer_a, disclosure=disclosure, kind="text", reason="art15_third_party",
                                 text=SECRET)
    redaction.redaction_release(actor=cast.officer_a, disclosure=disclosure)
    redaction.disclosure_withdraw(actor=cast.officer_a, disclosure=disclosure, reason="上传错了文件")
    written = set(app.events.values_list("kind", flat=True))
    assert {"disclosure_upload", "redaction_release", "disclosure_withdraw", "reply"} <= written
    assert written <= set(EventKind.values), written - set(EventKind.values)
    lines = selectors.event_lines(app)
    assert all(line.what != "办理记录" for line in lines)
    release = next(line for line in lines if line.what == "区分处理，生成公开件")
    assert release.who.startswith("经办人 ")  # the role as it was, like every other event
