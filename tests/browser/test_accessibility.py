"""axe-core over every page that exists (crawled from / and /staff/): 0 serious or critical violations."""

from __future__ import annotations

import re
from urllib.parse import urljoin, urlparse

import pytest
from axe_playwright_python.sync_playwright import Axe

SKIP = ("/admin/", "/accounts/logout/", "/static/", "/media/", "/api/", "/feed/", "/sitemap.xml", "/letters/",
        "/personal-data/", "/apply/done/")
MAX_PAGES = 60
PER_PATTERN = 3


def pattern(path: str) -> str:
    """Collapse ids and numbers so each kind of page is checked once."""
    return re.sub(r"\d+", "N", path.split("?")[0])


def crawl(page, start: list[str], base: str) -> dict[str, list[str]]:
    """Breadth-first over same-origin links; up to PER_PATTERN pages of each id pattern (a case page
    shows different forms in different states), MAX_PAGES in all."""
    axe = Axe()
    visits: dict[str, int] = {}
    checked: set[str] = set()
    queue = list(start)
    problems: dict[str, list[str]] = {}
    while queue and len(checked) < MAX_PAGES:
        path = queue.pop(0)
        key = pattern(path)
        if path in checked or visits.get(key, 0) >= (PER_PATTERN if "N" in key else 1):
            continue
        visits[key] = visits.get(key, 0) + 1
        checked.add(path)
        response = page.goto(path)
        assert response is not None and response.status < 500, f"{path}: HTTP {response.status if response else '-'}"
        results = axe.run(page)
        bad = [f"{v['id']} ({v['impact']}): {', '.join(str(n['target']) for n in v['nodes'][:3])}"
               for v in results.response["violations"] if v["impact"] in ("serious", "critical")]
        if bad:
            problems[path] = bad
        for href in page.eval_on_selector_all("a[href]", "els => els.map(e => e.getAttribute('href'))"):
            url = urlparse(urljoin(base + path, href))
            if url.netloc != urlparse(base).netloc or any(url.path.startswith(s) or s in url.path for s in SKIP):
                continue
            if url.path.endswith((".pdf", ".docx", ".xlsx", ".xml")):
                continue
            target = url.path + (f"?{url.query}" if url.query and "page=" not in url.query else "")
            if target not in checked:
                queue.append(target)
    print(f"axe checked {len(checked)} pages of {len(visits)} kinds:", *sorted(checked), sep="\n  ")  # -rP shows it
    assert len(visits) >= 8, f"crawled only {sorted(visits)}"
    return problems


@pytest.mark.browser
def test_public_pages_have_no_serious_violations(demo_data, page, live_server) -> None:
    problems = crawl(page, ["/", "/search/?q=政务新媒体", "/qa/?q=政务新媒体发布信息要标注哪些人", "/apply/track/"],
                     live_server.url)
    assert not problems, problems


@pytest.mark.browser
@pytest.mark.parametrize("username", ["admin", "jingban"])  # government admin (widest menu) and an officer
def test_staff_pages_have_no_serious_violations(demo_data, login_as, live_server, username: str) -> None:
    from django.contrib.auth import get_user_model

    tab = login_as(get_user_model().objects.get(username=username))
    problems = crawl(tab, ["/staff/", "/staff/applications/", "/staff/publishing/", "/staff/qa/"], live_server.url)
    assert not problems, problems


def serious(page) -> list[str]:
    results = Axe().run(page)
    return [f"{v['id']} ({v['impact']}): {', '.join(str(n['target']) for n in v['nodes'][:3])}"
            for v in results.response["violations"] if v["impact"] in ("serious", "critical")]


@pytest.mark.browser
def test_states_the_crawl_does_not_reach_have_no_serious_violations(demo_data, page, login_as) -> None:
    """Pages shown only after an action: a failed login, a 404, a search with no hits, the working-day
    explanation, the no-role page."""
    from django.contrib.auth import get_user_model

    problems: dict[str, list[str]] = {}
    page.goto("/accounts/login/")
    page.fill("#id_username", "jingban")
    page.fill("#id_password", "wrong-password")
    page.click("main button[type=submit]")
    assert page.locator("main [role=alert]").count() == 1
    problems["login failed"] = serious(page)
    response = page.goto("/documents/no-such-document/")
    assert response is not None and response.status == 404
    problems["404"] = serious(page)
    page.goto("/search/?q=没有这样的词语组合xyz")
    problems["search, no hits"] = serious(page)

    admin = login_as(get_user_model().objects.get(username="admin"))
    admin.goto("/staff/calendar/?year=2026&start=2026-09-30&days=20")
    admin.click("summary")  # open the day-by-day explanation
    problems["calendar explain"] = serious(admin)

    get_user_model().objects.create_user("norole", password="Norole-password-2026")
    nobody = login_as(get_user_model().objects.get(username="norole"))
    nobody.goto("/staff/")
    assert "尚未分配" in nobody.locator("h1").inner_text()
    problems["no role"] = serious(nobody)
    problems = {k: v for k, v in problems.items() if v}
    assert not problems, problems


@pytest.mark.browser
def test_axe_reports_a_known_violation(page) -> None:
    """Guard: the checker itself runs and sees problems (an unlabelled input, light grey text on white)."""
    page.set_content('<html lang="zh-Hans"><head><title>t</title></head><body><main><h1>测试</h1>'
                     '<input type="text"><p style="color:#bbb;background:#fff">看不见</p></main></body></html>')
    found = " ".join(serious(page))
    assert "label" in found and "color-contrast" in found
