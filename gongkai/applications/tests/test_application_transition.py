"""application_transition: the one service the staff page and the API both call, tested once for both;
the transitions table decides which actions exist, for whom and in which state."""

from __future__ import annotations

import json
from datetime import date

import pytest

from gongkai.applications import transitions
from gongkai.applications.models import State
from gongkai.applications.tests.conftest import transition
from gongkai.core.exceptions import DomainError, NotFoundError, PermissionDeniedError


def _page(client, app, action, data):
    data = {k: (v.isoformat() if isinstance(v, date) else v) for k, v in data.items()}
    if transitions.ACTIONS[action].terminal:
        data["confirm"] = "on"
    return client.post(f"/staff/applications/{app.pk}/action/{action}/", data)


def _api(client, app, action, data):
    data = {k: (v.isoformat() if isinstance(v, date) else v) for k, v in data.items()}
    if transitions.ACTIONS[action].terminal:
        data["confirm"] = True
    return client.post(f"/api/v1/applications/{app.pk}/transition", json.dumps({"action": action, **data}),
                       content_type="application/json")


STEPS = [  # (action, parameters, the day it is done, the state after)
    ("correction", {"date": date(2026, 10, 9), "reason": "请写明项目名称", "period": 15,
                    "delivery_method": "在线下载"}, date(2026, 10, 9), State.CORRECTION),
    ("correction_received", {"date": date(2026, 10, 12)}, date(2026, 10, 12), State.ACCEPTED),
    ("consult", {"date": date(2026, 10, 14), "kind": "third_party", "party": "青溪县某公司",
                 "delivery_method": "邮寄"}, date(2026, 10, 14), State.CONSULTING),
    ("consult_done", {"date": date(2026, 10, 20), "reason": "不同意公开"}, date(2026, 10, 20), State.ACCEPTED),
    ("extend", {"workdays": 20, "approved_by": "周主任", "reason": "材料较多", "delivery_method": "在线下载"},
     date(2026, 11, 2), State.EXTENDED),
    ("reply", {"outcome": "partial", "date": date(2026, 11, 20), "reason": "部分涉及商业秘密"}, date(2026, 11, 20),
     State.REPLIED),
    ("letter", {"kind": "reply", "delivery_method": "在线下载"}, date(2026, 11, 20), State.REPLIED),
    ("archive", {"reason": "办理完毕"}, date(2026, 11, 23), State.ARCHIVED),
]


@pytest.mark.parametrize("via", [_page, _api], ids=["page", "api"])
def test_the_same_path_through_the_page_and_the_api(app, cast, client, today, via) -> None:
    client.force_login(cast.officer_a)
    for action, data, day, state in STEPS:
        today(day)
        response = via(client, app, action, data)
        assert response.status_code in (200, 302), (action, response.content.decode()[:300])
        app.refresh_from_db()
        assert app.state == state, action
    assert list(app.events.values_list("kind", flat=True)) == [
        "submit", "accept", "correction_requested", "correction_received", "consult", "consult_done", "extend",
        "reply", "archive"]
    assert sorted(app.letters.values_list("kind", flat=True)) == ["consultation", "correction", "extension", "reply"]
    assert all(letter.event_id for letter in app.letters.all())


@pytest.mark.parametrize("via", [_page, _api], ids=["page", "api"])
def test_refusals_read_the_same_through_both(app, cast, client, via) -> None:
    client.force_login(cast.officer_a)
    response = via(client, app, "archive", {"reason": "x"})
    body = response.content.decode()
    assert response.status_code == 409 and "尚未办结，不能归档" in (json.loads(body)["detail"] if via is _api else body)
    app.refresh_from_db()
    assert app.state == State.ACCEPTED


def test_unknown_action_role_and_scope(app, cast) -> None:
    with pytest.raises(DomainError, match="未知操作"):
        transition(cast.officer_a, app, "delete")
    with pytest.raises(PermissionDeniedError, match="答复申请人需要“经办人、管理员”角色"):
        transition(cast.reviewer_a, app, "reply", outcome="disclose")
    with pytest.raises(NotFoundError):
        transition(cast.officer_b, app, "reply", outcome="disclose")
    transition(cast.supervisor, app, "transfer", to_org=cast.dept_b, reason="职责调整")
    assert app.organisation == cast.dept_b


def test_terminal_actions_need_confirmation(app, cast) -> None:
    for name in ("reply", "transfer"):
        with pytest.raises(DomainError, match="须确认"):
            transition(cast.officer_a, app, name, outcome="disclose", to_org=cast.dept_b, reason="x", confirm=False)
    assert app.state == State.ACCEPTED and app.organisation == cast.dept_a


def test_every_action_moves_along_the_state_graph() -> None:
    targets = {"accept": State.ACCEPTED, "correction": State.CORRECTION, "correction_received": State.ACCEPTED,
               "abandon": State.ABANDONED, "consult": State.CONSULTING, "extend": State.EXTENDED,
               "fee": State.FEE_PENDING, "archive": State.ARCHIVED}
    for name, target in targets.items():
        for source in transitions.ACTIONS[name].sources:
            assert target in transitions.TRANSITIONS[source], (name, source)
    assert State.ACCEPTED not in transitions.TRANSITIONS[State.REPLIED]  # decided requests never reopen
    assert set(transitions.PRIMARY) <= set(State.values) and set(transitions.PRIMARY.values()) <= set(transitions.ACTIONS)


def test_the_page_and_the_api_offer_what_the_table_allows(app, cast) -> None:
    from gongkai.applications.selectors import workbench

    bench = workbench(app, cast.officer_a)
    offered = {a.name for a in ([bench.primary] if bench.primary else []) + bench.others}
    assert offered == {a.name for a in transitions.ACTIONS.values() if a.allows(State.ACCEPTED)}
    assert bench.primary.name == "reply"
    reviewer = workbench(app, cast.reviewer_a)
    assert reviewer.primary is None and reviewer.others == [] and "只能查看" in reviewer.role_note
    supervisor = workbench(app, cast.supervisor)
    assert [a.name for a in supervisor.others] == ["transfer"] and supervisor.primary is None
