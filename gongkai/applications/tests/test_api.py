"""The 依申请公开 API: create and track (public), list (staff, masked), transition (the shared service)."""

from __future__ import annotations

import json
from datetime import date

from gongkai.applications.tests.test_view_apply import FORM


def _post(client, url, data):
    return client.post(url, json.dumps(data), content_type="application/json")


def test_create_track_list_and_transition(cast, client) -> None:
    response = _post(client, "/api/v1/applications/", FORM | {"organisation": cast.dept_a.credit_code})
    assert response.status_code == 201
    created = response.json()
    tracked = _post(client, "/api/v1/applications/track", {"number": created["number"], "code": created["tracking_code"]})
    assert tracked.status_code == 200 and tracked.json()["state"] == "待确认" and tracked.json()["result"] == ""
    bad = _post(client, "/api/v1/applications/", FORM | {"organisation": cast.dept_a.credit_code, "name": ""})
    assert bad.status_code == 400 and "第二十九条" in bad.json()["detail"]
    assert client.get("/api/v1/applications/").status_code == 401
    client.force_login(cast.officer_a)
    rows = client.get("/api/v1/applications/").json()
    assert rows[0]["phone"] == "139****9000" and rows[0]["actions"] == ["accept", "transfer"]
    url = f"/api/v1/applications/{rows[0]['id']}/transition"
    early = _post(client, url, {"action": "accept", "date": "2020-01-01"})
    assert early.status_code == 400 and "第三十一条" in early.json()["detail"]
    moved = _post(client, url, {"action": "accept"})
    assert moved.status_code == 200 and moved.json()["state"] == "已受理" and moved.json()["reply_due"]
    assert moved.json()["message"].startswith("已受理申请，收到申请之日为")
    assert set(moved.json()["actions"]) == {"correction", "consult", "extend", "fee", "reply", "transfer"}
    assert _post(client, url, {"action": "archive", "reason": "x", "confirm": True}).status_code == 409
    unconfirmed = _post(client, url, {"action": "reply", "outcome": "disclose"})
    assert unconfirmed.status_code == 400 and "须确认" in unconfirmed.json()["detail"]
    replied = _post(client, url, {"action": "reply", "outcome": "disclose", "confirm": True}).json()
    assert replied["replied_on"] and "在法定期限内答复" in replied["result"]


def test_hostile_values_are_4xx(app, cast, client) -> None:
    client.force_login(cast.officer_a)
    url = f"/api/v1/applications/{app.pk}/transition"
    assert _post(client, url, {"action": "extend", "workdays": 10**12}).status_code == 400
    assert _post(client, url, {"action": "x" * 500}).status_code == 400
    assert _post(client, url, {"action": "transfer", "to_org": "NOSUCHORG", "reason": "x", "confirm": True}).status_code == 400
    too_long = _post(client, url, {"action": "extend", "workdays": 25, "approved_by": "周主任", "reason": "x"})
    assert too_long.status_code in (400, 409) and "第三十三条" in too_long.json()["detail"]
    assert _post(client, url, {"action": "correction", "date": str(date(2026, 10, 9)), "reason": "x",
                               "period": 100}).status_code == 400
