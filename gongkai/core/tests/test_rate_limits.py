"""The limits hold: per client IP (a forged X-Forwarded-For does not reset them), per request number
(a new IP does not reset that one), page and API counting together, in the shared cache."""

from __future__ import annotations

import json
from datetime import date

import pytest
from django.core.cache import cache

from gongkai.applications import services

FORM = {"applicant_kind": "natural", "name": "李四", "id_type": "居民身份证", "id_number": "320102198505054321",
        "phone": "13900139000", "email": "ls@example.com", "address": "青溪县文昌路 2 号", "postal_code": "211299",
        "description": "青溪县2026年部门预算", "form_wanted": "electronic", "delivery": "email"}


@pytest.fixture
def small_limits(settings):
    settings.TRUSTED_PROXIES = []
    settings.RATE_LIMITS = {"track": "3/10m", "track_number": "5/h", "letter": "3/10m", "letter_number": "5/h",
                            "submit": "2/h", "ask": "3/m"}


def _track(client, number: str, ip: str, forged: str = "") -> int:
    extra = {"HTTP_X_FORWARDED_FOR": forged} if forged else {}
    return client.post("/apply/track/", {"number": number, "code": "WRONG-CODE"}, REMOTE_ADDR=ip, **extra).status_code


def test_the_cache_is_shared_and_counts_atomically() -> None:
    from django.core.cache import caches

    from gongkai.core.cache import AtomicDatabaseCache

    assert isinstance(caches["default"], AtomicDatabaseCache)


@pytest.mark.django_db
def test_database_cache_incr_keeps_the_expiry() -> None:
    cache.set("n", 1, 600)
    assert cache.incr("n") == 2 and cache.incr("n", 5) == 7 and cache.get("n") == 7
    with pytest.raises(ValueError):
        cache.incr("missing")


def test_tracking_page_limit_survives_a_forged_forwarded_for(cast, client, small_limits) -> None:
    for i in range(3):
        assert _track(client, "2026-YSQ-000001", "203.0.113.1", forged=f"10.9.9.{i}") == 404
    response = client.post("/apply/track/", {"number": "2026-YSQ-000009", "code": "X"}, REMOTE_ADDR="203.0.113.1",
                           HTTP_X_FORWARDED_FOR="10.9.9.99")
    assert response.status_code == 429 and "过于频繁" in response.content.decode()
    # Opening the empty form is not an attempt.
    assert client.get("/apply/track/", REMOTE_ADDR="203.0.113.1").status_code == 200


def test_tracking_limit_per_request_number_across_ips(cast, client, small_limits) -> None:
    for i in range(5):
        assert _track(client, "2026-YSQ-000001", f"198.51.100.{i}") == 404
    assert _track(client, "2026-ysq-000001 ", "198.51.100.77") == 429  # same number, however typed
    assert _track(client, "2026-YSQ-000002", "198.51.100.78") == 404  # another number is not blocked


def test_tracking_api_is_limited_and_shares_the_page_bucket(cast, client, small_limits) -> None:
    def api(number: str, ip: str) -> int:
        return client.post("/api/v1/applications/track", json.dumps({"number": number, "code": "WRONG"}),
                           content_type="application/json", REMOTE_ADDR=ip, HTTP_X_FORWARDED_FOR="1.1.1.1").status_code

    assert _track(client, "2026-YSQ-000001", "203.0.113.2") == 404
    assert api("2026-YSQ-000001", "203.0.113.2") == 404
    assert api("2026-YSQ-000001", "203.0.113.2") == 404
    blocked = client.post("/api/v1/applications/track", json.dumps({"number": "2026-YSQ-000003", "code": "W"}),
                          content_type="application/json", REMOTE_ADDR="203.0.113.2")
    assert blocked.status_code == 429 and "过于频繁" in blocked.json()["detail"]


def test_letter_downloads_are_limited(cast, client, small_limits) -> None:
    app, _code = services.application_submit(actor=cast.officer_a, organisation=cast.dept_a, data=FORM,
                                             channel="in_person", submitted_on=date(2026, 9, 30))
    # Letters are fetched through the tracking session (no number or code in the URL): without one, 404,
    # and every try counts against the client.
    for _ in range(3):
        assert client.get("/apply/letters/1/", {"n": app.number, "c": "WRONG"}, REMOTE_ADDR="203.0.113.3").status_code == 404
    assert client.get("/apply/letters/1/", REMOTE_ADDR="203.0.113.3").status_code == 429
    assert client.get("/apply/letters/1/", REMOTE_ADDR="203.0.113.50").status_code == 404  # another client


def test_submission_is_limited_on_page_and_api(cast, client, small_limits) -> None:
    ip = {"REMOTE_ADDR": "203.0.113.4"}
    assert client.post("/apply/", FORM | {"organisation": cast.dept_a.pk}, **ip).status_code == 302
    body = json.dumps(FORM | {"organisation": cast.dept_a.credit_code})
    assert client.post("/api/v1/applications/", body, content_type="application/json", **ip).status_code == 201
    assert client.post("/api/v1/applications/", body, content_type="application/json", **ip).status_code == 429
    assert client.post("/apply/", FORM | {"organisation": cast.dept_a.pk}, **ip).status_code == 429
    assert client.get("/apply/", **ip).status_code == 200  # the form itself stays open


def test_ask_is_limited_on_page_and_api(db, client, small_limits) -> None:
    ip = {"REMOTE_ADDR": "203.0.113.5"}
    assert client.post("/qa/", {"question": "政务公开工作要点有哪些？"}, **ip).status_code == 200
    assert client.get("/qa/", {"q": "政务公开工作要点有哪些？"}, **ip).status_code == 200
    api = client.post("/api/v1/qa/ask", json.dumps({"question": "政务公开工作要点有哪些？"}),
                      content_type="application/json", **ip)
    assert api.status_code == 200
    assert client.post("/qa/", {"question": "政务公开工作要点有哪些？"}, **ip).status_code == 429
    assert client.post("/api/v1/qa/ask", json.dumps({"question": "政务公开要点？"}), content_type="application/json",
                       **ip).status_code == 429
    assert client.get("/qa/", **ip).status_code == 200
