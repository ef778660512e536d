"""axe-core over every page that exists (crawled from / and /staff/): 0 serious or critical violations."""

from __future__ import annotations

import re
from urllib.parse import urljoin, urlparse

import pytest
from axe_playwright_python.sync_playwright import Axe

SKIP = ("/admin/", "/accounts/logout/", "/static/", "/media/", "/api/", "/feed/", "/sitemap.xml", "/letters/",
        "/personal-data/", "/apply/done/")
MAX_PAGES = 60


def pattern(path: str) -> str:
    """Collapse ids and numbers so each kind of page is checked once."""
    return re.sub(r"\d+", "N", path.split("?")[0])


def crawl(page, start: list[str], base: str) -> dict[str, list[str]]:
    axe = Axe()
    seen: set[str] = set()
    queue = list(start)
    problems: dict[str, list[str]] = {}
    while queue and len(seen) < MAX_PAGES:
        path = queue.pop(0)
        key = pattern(path)
        if key in seen:
            continue
        seen.add(key)
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
            if pattern(target) not in seen:
                queue.append(target)
    print(f"axe checked {len(seen)} page kinds:", *sorted(seen), sep="\n  ")  # shown with -s / -rP
    assert len(seen) >= 8, f"crawled only {sorted(seen)}"
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
