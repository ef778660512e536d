from __future__ import annotations

import json
from datetime import date

from django.core import mail
from django.core.cache import cache

from gongkai.applications import services
from gongkai.applications.models import Application
from gongkai.applications.tasks import send_due_alerts

FORM = {"applicant_kind": "natural", "name": "李四", "id_type": "居民身份证", "id_number": "320102198505054321",
        "phone": "13900139000", "email": "ls@example.com", "address": "青溪县文昌路 2 号", "postal_code": "211299",
        "description": "青溪县2026年部门预算", "form_wanted": "electronic", "delivery": "email"}


def test_portal_form_confirmation_and_tracking(cast, client) -> None:
    response = client.post("/apply/", FORM | {"organisation": cast.dept_a.pk})
    assert response.status_code == 302
    done = client.get("/apply/done/").content.decode()
    app = Application.objects.get()
    assert app.number in done
    code = client.session["last_application"]["code"]
    page = client.post("/apply/track/", {"number": app.number, "code": code}).content.decode()
    assert "待确认" in page and "等待工作人员确认" in page and "13900139000" not in page


def test_portal_form_missing_fields_keeps_input(cast, client) -> None:
    response = client.post("/apply/", FORM | {"organisation": cast.dept_a.pk, "description": ""})
    assert response.status_code == 400 and "青溪县文昌路 2 号" in response.content.decode()
    assert not Application.objects.exists()


def test_attachment_type_checked_by_content(cast, client) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    fake = SimpleUploadedFile("scan.pdf", b"MZ\x90\x00 this is an exe", content_type="application/pdf")
    response = client.post("/apply/", FORM | {"organisation": cast.dept_a.pk, "attachment": fake})
    assert response.status_code == 400 and "附件类型不允许" in response.content.decode()


def test_tracking_is_rate_limited(cast, client) -> None:
    cache.clear()
    for _ in range(10):
        assert client.post("/apply/track/", {"number": "2026-YSQ-000001", "code": "WRONG"}).status_code == 404
    assert client.post("/apply/track/", {"number": "2026-YSQ-000001", "code": "WRONG"}).status_code == 429
    cache.clear()


def test_queue_masks_and_orders_and_other_dept_404(cast, client) -> None:
    app, _ = services.application_submit(actor=cast.officer_a, organisation=cast.dept_a, data=FORM,
                                         channel="in_person", submitted_on=date(2026, 9, 30))
    client.force_login(cast.officer_a)
    body = client.get("/staff/applications/").content.decode()
    assert app.number in body and "13900139000" not in body
    detail = client.get(f"/staff/applications/{app.pk}/").content.decode()
    assert "3201**********4321" in detail and "2026-11-03" in detail
    client.force_login(cast.officer_b)
    assert client.get(f"/staff/applications/{app.pk}/").status_code == 404
    assert client.post(f"/staff/applications/{app.pk}/action/archive/").status_code == 404


def test_api_create_track_and_staff_list(cast, client) -> None:
    response = client.post("/api/v1/applications/", json.dumps(FORM | {"organisation": cast.dept_a.credit_code}),
                           content_type="application/json")
    assert response.status_code == 201
    created = response.json()
    tracked = client.post("/api/v1/applications/track", json.dumps({"number": created["number"],
                                                                    "code": created["tracking_code"]}),
                          content_type="application/json")
    assert tracked.status_code == 200 and tracked.json()["state"] == "待确认"
    bad = client.post("/api/v1/applications/", json.dumps(FORM | {"organisation": cast.dept_a.credit_code, "name": ""}),
                      content_type="application/json")
    assert bad.status_code == 400 and "第二十九条" in bad.json()["detail"]
    assert client.get("/api/v1/applications/").status_code == 401
    client.force_login(cast.officer_a)
    rows = client.get("/api/v1/applications/").json()
    assert rows[0]["phone"] == "139****9000"
    early = client.post(f"/api/v1/applications/{rows[0]['id']}/transition",
                        json.dumps({"action": "accept", "date": "2020-01-01"}), content_type="application/json")
    assert early.status_code == 400 and "第三十一条" in early.json()["detail"]
    moved = client.post(f"/api/v1/applications/{rows[0]['id']}/transition", json.dumps({"action": "accept"}),
                        content_type="application/json")
    assert moved.status_code == 200 and moved.json()["state"] == "已受理" and moved.json()["reply_due"]
    again = client.post(f"/api/v1/applications/{rows[0]['id']}/transition",
                        json.dumps({"action": "archive"}), content_type="application/json")
    assert again.status_code == 409


def test_daily_alerts_mail_once(cast) -> None:
    cast.officer_a.email = "officer@example.com"
    cast.officer_a.save()
    services.application_submit(actor=cast.officer_a, organisation=cast.dept_a, data=FORM, channel="in_person",
                                submitted_on=date(2026, 9, 30))
    assert send_due_alerts(date(2026, 10, 30)) == 1  # 2 working days left
    assert "剩余 2 个工作日" in mail.outbox[0].body
    assert send_due_alerts(date(2026, 10, 30)) == 0  # not twice the same day
