"""Hypothesis over every public form and query string: whatever a visitor sends, the answer is a
page or a 4xx with a message, never a 500. `FORMS` is the list counted in the closing figures."""

from __future__ import annotations

import os
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "15"))

# Text a browser can send (no lone surrogates), numbers far outside every range, and near-misses.
text = st.one_of(
    st.text(st.characters(blacklist_categories=("Cs",)), max_size=300),
    st.integers(min_value=-(10**30), max_value=10**30).map(str),
    st.sampled_from(["", "0", "-1", "1e9", "2026-02-30", "9999-12-31", "<script>", "' OR 1=1 --", "政务公开", "%00",
                     "99999999999999999999", "1949", "2100", "2101", "abc", " 12 ", "１２"]),
)

# (method, path, fields): every public page that reads user input.
FORMS: list[tuple[str, str, tuple[str, ...]]] = [
    ("get", "/search/", ("q", "page", "year", "topic", "genre", "validity", "sort")),
    ("get", "/policies/", ("page", "year", "topic", "genre", "validity", "publisher")),
    ("get", "/zhuanlan/{slug}/", ("page",)),
    ("get", "/", ("page",)),
    ("get", "/qa/", ("q",)),
    ("post", "/qa/", ("question", "email")),
    ("post", "/qa/subscribe/", ("email", "topics", "publishers", "keywords", "trade")),
    ("get", "/qa/feed/{token}/", ()),
    ("get", "/qa/unsubscribe/{token}/", ()),
    ("post", "/apply/", ("organisation", "applicant_kind", "name", "id_type", "id_number", "phone", "email", "address",
                         "postal_code", "description", "doc_no_hint", "purpose", "form_wanted", "delivery")),
    ("get", "/apply/", ("q",)),
    ("post", "/apply/track/", ("number", "code")),
    ("get", "/apply/track/", ("n", "c")),
    ("get", "/apply/letters/{token}/", ("n", "c")),
    ("get", "/documents/{token}/", ()),
    ("post", "/accounts/login/", ("username", "password")),
]


@pytest.fixture
def open_limits(settings):
    settings.RATELIMIT_ENABLE = False


@pytest.mark.parametrize(("method", "path", "fields"), FORMS, ids=[f"{m} {p}" for m, p, _ in FORMS])
def test_public_form_never_answers_500(method: str, path: str, fields: tuple[str, ...], db, client, open_limits) -> None:
    from gongkai.publishing.models import Column

    Column.objects.get_or_create(slug="zhengce", defaults={"name": "政策文件"})

    @settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck))
    @given(values=st.fixed_dictionaries({}, optional=dict.fromkeys(fields, text)), token=text)
    def run(values: dict[str, Any], token: str) -> None:
        url = path.replace("{slug}", "zhengce").replace("{token}", _path_safe(token))
        response = getattr(client, method)(url, values)
        assert response.status_code < 500, (url, values, response.status_code)

    run()


def _path_safe(token: str) -> str:
    from urllib.parse import quote

    return quote(token or "x", safe="") or "x"
