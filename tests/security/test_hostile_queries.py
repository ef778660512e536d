"""The probe's hostile query strings, kept as a regression: FTS syntax, huge numbers, unicode oddities,
XSS, SQL-ish text and 10,000-character inputs against /search/, /api/v1/documents/, /qa/ and
`manage.py search_documents`. No 5xx, and no input comes back as live markup."""

from __future__ import annotations

import json
from io import StringIO
from pathlib import Path

import lxml.html
import pytest
from django.core.management import call_command

HOSTILE: list[str] = json.loads(Path(__file__).with_name("hostile_queries.json").read_text(encoding="utf-8"))


def test_the_list_is_long_enough() -> None:
    assert len(HOSTILE) >= 82 and len(set(HOSTILE)) == len(HOSTILE)


@pytest.fixture
def library(db, seeds_dir, settings):
    settings.RATELIMIT_ENABLE = False
    call_command("import_documents", str(seeds_dir), "--json", stdout=StringIO())


def _no_live_markup(body: str) -> None:
    doc = lxml.html.fromstring(body)
    assert not [s for s in doc.iter("script") if not s.get("src") and s.get("type") != "application/json"]
    assert not [el for el in doc.iter() if isinstance(el.tag, str) and any(a.startswith("on") for a in el.attrib)]
    assert not doc.xpath("//iframe | //svg | //img[@src='x']")


def test_hostile_queries_everywhere(library, client) -> None:
    for q in HOSTILE:
        page = client.get("/search/", {"q": q})
        assert page.status_code in (200, 400), (q, page.status_code)
        _no_live_markup(page.content.decode())
        page = client.get("/search/", {"q": q, "sort": "date", "page": "2"})
        assert page.status_code in (200, 400), (q, page.status_code)
        api = client.get("/api/v1/documents/", {"q": q})
        assert api.status_code in (200, 400) and "application/json" in api["Content-Type"], (q, api.status_code)
        ask = client.post("/qa/", {"question": q})
        assert ask.status_code in (200, 400), (q, ask.status_code)
        _no_live_markup(ask.content.decode())
        out = StringIO()
        call_command("search_documents", "--json", "--", q, stdout=out)  # "--": a query may start with "-"
        assert isinstance(json.loads(out.getvalue()), list)
