"""The officer's queue: 收到日期 and 所需信息 columns, search by number, name or text, no personal data."""

from __future__ import annotations

from datetime import date

from gongkai.applications import services
from gongkai.applications.tests.conftest import DATA, transition


def test_columns_search_and_masking(app, cast, client) -> None:
    other, _ = services.application_submit(actor=cast.officer_a, organisation=cast.dept_a, channel="in_person",
                                           submitted_on=date(2026, 10, 8),
                                           data=DATA | {"name": "李四", "description": "人民路拓宽工程征收补偿方案"})
    client.force_login(cast.officer_a)
    body = client.get("/staff/applications/").content.decode()
    assert "<th scope=\"col\">收到日期</th>" in body and "<th scope=\"col\">所需信息</th>" in body
    assert "2026年9月30日" in body and "青溪县2025年老旧小区改造项目立项批复" in body and "13800138000" not in body
    for q in (other.number, "李四", "征收补偿"):
        found = client.get("/staff/applications/", {"q": q}).content.decode()
        assert other.number in found and app.number not in found, q
    assert "没有找到" in client.get("/staff/applications/", {"q": "不存在的内容"}).content.decode()


def test_replied_rows_show_the_reply_not_a_deadline(app, cast, client) -> None:
    transition(cast.officer_a, app, "reply", outcome="disclose", date=date(2026, 11, 6))
    client.force_login(cast.officer_a)
    assert app.number not in client.get("/staff/applications/").content.decode()  # the default is open requests
    body = client.get("/staff/applications/", {"state": "all"}).content.decode()
    assert "已于2026年11月6日答复，超过答复期限 3 个工作日" in body and "None" not in body


def test_other_departments_requests_are_not_listed(app, cast, client) -> None:
    client.force_login(cast.officer_b)
    assert app.number not in client.get("/staff/applications/", {"state": "all"}).content.decode()
    assert client.get(f"/staff/applications/{app.pk}/").status_code == 404
    assert client.post(f"/staff/applications/{app.pk}/action/archive/").status_code == 404
