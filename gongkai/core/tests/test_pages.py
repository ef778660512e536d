from __future__ import annotations

import pytest
from django.test import Client


def test_healthz_checks_database_and_lists_calendar_years(db, client: Client) -> None:
    data = client.get("/healthz").json()
    assert data["status"] == "ok" and data["calendar_years"][0] == 2004


def test_anonymous_is_sent_to_login(db, client: Client) -> None:
    response = client.get("/staff/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_user_without_membership_sees_clear_page(cast, client: Client) -> None:
    client.force_login(cast.nobody)
    response = client.get("/staff/")
    assert response.status_code == 403
    assert "尚未分配工作角色" in response.content.decode()


def test_dashboard_shows_roles(cast, client: Client) -> None:
    client.force_login(cast.officer_a)
    body = client.get("/staff/").content.decode()
    assert "青溪县财政局 · 经办人" in body


def test_login_is_throttled_after_five_failures(cast) -> None:
    client = Client(REMOTE_ADDR="10.9.9.9")
    for _ in range(5):
        client.post("/accounts/login/", {"username": "officer_a", "password": "wrong-password"})
    response = client.post("/accounts/login/", {"username": "officer_a", "password": "Test-password-2026"})
    assert response.status_code == 429
    assert "临时锁定" in response.content.decode()


def test_login_works(cast) -> None:
    client = Client()
    response = client.post("/accounts/login/", {"username": "officer_a", "password": "Test-password-2026"})
    assert response.status_code == 302 and response["Location"] == "/staff/"


@pytest.mark.django_db
def test_unknown_page_is_a_chinese_404(client: Client) -> None:
    response = client.get("/no-such-page/")
    assert response.status_code == 404 and "页面不存在" in response.content.decode()


@pytest.mark.django_db
def test_openapi_schema_is_served(client: Client) -> None:
    schema = client.get("/api/v1/openapi.json").json()
    assert "/api/v1/workdays/add" in schema["paths"]
