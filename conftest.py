"""Shared test cast (healthchecks hc/test.py style): a county government with two departments,
and for department A an officer, a reviewer and a publisher; an officer of department B; a
supervisor of the government; an admin; a user with no role."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings

os.environ.setdefault("PLAYWRIGHT_BROWSERS_PATH", "0")


@dataclass
class Cast:
    gov: Any
    office: Any
    dept_a: Any
    dept_b: Any
    officer_a: Any
    reviewer_a: Any
    publisher_a: Any
    officer_b: Any
    supervisor: Any
    admin: Any
    nobody: Any


@pytest.fixture
def cast(db: Any) -> Cast:
    from django.contrib.auth import get_user_model

    from gongkai.core.creditcode import make_credit_code
    from gongkai.core.models import Membership, Organisation, Role

    def org(name: str, serial: str, kind: str, parent: Any = None) -> Any:
        return Organisation.objects.create(
            name=name, short_name=name[:6], credit_code=make_credit_code("11", "320199", serial), kind=kind,
            level=Organisation.Level.COUNTY, parent=parent, region_code="320199",
            address="江苏省青溪县人民路 1 号", phone="025-57210000", office_hours="工作日 8:30–17:30",
        )

    gov = org("青溪县人民政府", "TC000001", Organisation.Kind.GOVERNMENT)
    office = org("青溪县人民政府办公室", "TC000002", Organisation.Kind.OFFICE, gov)
    dept_a = org("青溪县财政局", "TC000003", Organisation.Kind.DEPARTMENT, gov)
    dept_b = org("青溪县市场监督管理局", "TC000004", Organisation.Kind.DEPARTMENT, gov)
    User = get_user_model()

    def user(username: str, role: str | None = None, organisation: Any = None, **extra: Any) -> Any:
        u = User.objects.create_user(username=username, password="Test-password-2026", first_name=username, **extra)
        if role:
            Membership.objects.create(user=u, organisation=organisation, role=role)
        return u

    return Cast(
        gov=gov, office=office, dept_a=dept_a, dept_b=dept_b,
        officer_a=user("officer_a", Role.OFFICER, dept_a),
        reviewer_a=user("reviewer_a", Role.REVIEWER, dept_a),
        publisher_a=user("publisher_a", Role.PUBLISHER, dept_a),
        officer_b=user("officer_b", Role.OFFICER, dept_b),
        supervisor=user("supervisor", Role.SUPERVISOR, gov),
        admin=user("org_admin", Role.ADMIN, gov),
        nobody=user("nobody"),
    )


@pytest.fixture
def seeds_dir() -> Path:
    path = Path(settings.SEEDS_DIR)
    assert path.is_dir(), f"seed documents not found at {path}: CI clones ../shared beside the repo"
    return path


# Reference rows written by data migrations (专栏 columns, pilot domains, the workday calendar). A
# transactional test (live server, two processes) ends with a flush that empties every table, so the next
# such test in the same worker would find no columns: seed them again, idempotently, before it runs.
REFERENCE_MIGRATIONS = [("publishing", "0002_columns", "seed"), ("catalog", "0002_pilot_domains", "add"),
                        ("core", "0002_seed_workday_calendar", "seed")]


def _reseed_reference_data() -> None:
    import importlib

    from django.apps import apps

    from gongkai.core.models import WorkdayCalendar
    from gongkai.publishing.models import Column

    if Column.objects.exists() and WorkdayCalendar.objects.exists():
        return
    for app, name, func in REFERENCE_MIGRATIONS:
        module = importlib.import_module(f"gongkai.{app}.migrations.{name}")
        getattr(module, func)(apps, None)


@pytest.fixture(autouse=True)
def _isolated_search_index(tmp_path: Path, settings: Any, request: Any) -> None:
    """Each test gets its own on-disk search index, so tests never see each other's documents.

    Side effects queued with core.services.on_commit run at once (the test transaction never
    commits). Also a fast password hasher: PBKDF2 would spend seconds per test creating the cast.
    """
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.RUN_ON_COMMIT_IMMEDIATELY = True
    settings.SEARCH_INDEX_DIR = tmp_path / "search-index"
    settings.MEDIA_ROOT = tmp_path / "media"
    from django.core.cache import caches
    from django.core.cache.backends.db import DatabaseCache

    cache = caches["default"]

    # Cached reads (library facets) must not leak from one test to the next. The database cache lives in
    # a table: a test in a transaction rolls it back anyway, a test without the database cannot touch it,
    # and a live-server test (committed data, the table not flushed) clears it once it has the database.
    if not isinstance(cache, DatabaseCache):
        cache.clear()
    marker = request.node.get_closest_marker("django_db")
    transactional = ("transactional_db" in request.fixturenames or "live_server" in request.fixturenames
                     or bool(marker and marker.kwargs.get("transaction")))
    if transactional:
        request.getfixturevalue("transactional_db")
        if isinstance(cache, DatabaseCache):
            cache.clear()
        _reseed_reference_data()
    from gongkai.portal.selectors import forget_site_frame

    forget_site_frame()  # nor the site frame each process keeps


# --- Browser tests: Playwright driving Debian's chromium (never `playwright install`) ---------
# Playwright's sync API runs an event loop in this thread; Django's ORM then refuses to run
# unless told the tests are single-threaded on purpose.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


@pytest.fixture(scope="session")
def chromium() -> Any:
    from playwright.sync_api import sync_playwright

    assert Path(CHROMIUM).exists(), f"{CHROMIUM} missing: `make test` installs Debian's chromium"
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def browser_context(chromium: Any, live_server: Any) -> Any:
    context = chromium.new_context(locale="zh-CN", timezone_id="Asia/Shanghai", base_url=live_server.url,
                                   viewport={"width": 1280, "height": 900})
    context.set_default_timeout(15_000)
    yield context
    context.close()


@pytest.fixture
def page(browser_context: Any) -> Any:
    """An anonymous visitor's tab; `page.goto("/")` is relative to the live server."""
    return browser_context.new_page()


@pytest.fixture
def login_as(browser_context: Any, live_server: Any) -> Any:
    """`login_as(user)` puts a logged-in session cookie in the context and returns a new tab."""
    from django.test import Client

    def _login(user: Any) -> Any:
        client = Client()
        client.force_login(user)
        cookie = client.cookies["sessionid"]
        host = live_server.url.split("//", 1)[1].split(":")[0]
        browser_context.add_cookies([{"name": "sessionid", "value": cookie.value, "domain": host, "path": "/"}])
        return browser_context.new_page()

    return _login


BROWSER_FIXTURES = {"chromium", "browser_context", "page", "login_as"}


def pytest_collection_modifyitems(items: list[Any]) -> None:
    """Every test that drives chromium carries the `browser` mark (the PostgreSQL run leaves them out:
    docs/decisions/0010-browser-tests-on-sqlite-only.md)."""
    for item in items:
        if BROWSER_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.browser)
