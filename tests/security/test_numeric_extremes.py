"""The probe's numeric extremes: each is a 400 with a Chinese message (or a clamp), never a 500.

(On the first build the two `page=999999999999` probes aborted the process inside tantivy; the search
layer's own guard is tested in a child process in gongkai/search/tests/test_window.py.)
"""

from __future__ import annotations

import pytest

PAGES = [
    ("/search/?q=政务&page=999999999999", "页码"),
    ("/search/?q=政务&year=99999999999999999999", "年份"),
    ("/search/?q=政务&year=1900", "年份"),
    ("/search/?page=-3&q=政务", "页码"),
    ("/policies/?year=-1", "年份"),
    ("/policies/?year=99999999999999999999", "年份"),
    ("/policies/?page=99999999999999999999", "页码"),
    ("/zhuanlan/zhengce/?page=999999999999999", "页码"),
]
API = [
    ("/api/v1/workdays/add?start=9999-12-31&days=3660", "start"),
    ("/api/v1/workdays/add?start=2026-01-01&days=3661", "days"),
    ("/api/v1/workdays/add?start=0001-01-01&days=1", "start"),
    ("/api/v1/documents/?q=政务&page=999999999999", "page"),
    ("/api/v1/documents/?year=99999999999999999999", "year"),
    ("/api/v1/documents/?org=99999999999999999999999999", "org"),
    ("/api/v1/documents/?org=0", "org"),
    ("/api/v1/documents/?year=-1", "year"),
    ("/api/v1/documents/?page=2", "页码超出范围"),
]


@pytest.fixture
def column(db):
    from gongkai.publishing.models import Column

    Column.objects.get_or_create(slug="zhengce", defaults={"name": "政策文件"})


@pytest.mark.parametrize(("url", "word"), PAGES)
def test_page_extremes_are_400_in_chinese(url: str, word: str, column, client) -> None:
    response = client.get(url)
    assert response.status_code == 400, (url, response.status_code)
    assert word in response.content.decode()


@pytest.mark.parametrize(("url", "word"), API)
def test_api_extremes_are_400_in_chinese(url: str, word: str, db, client) -> None:
    response = client.get(url)
    assert response.status_code == 400, (url, response.status_code)
    body = response.json()
    assert word in body["detail"] and any("\u4e00" <= ch <= "\u9fff" for ch in body["detail"])


def test_search_page_past_the_results_shows_the_last_page(db, client) -> None:
    response = client.get("/search/", {"q": "政务", "page": "50"})
    assert response.status_code == 200 and response.context["page_no"] == 1


def test_ids_beyond_the_database_are_not_found_not_500(cast, client) -> None:
    client.force_login(cast.officer_a)
    for url in ("/staff/applications/99999999999999999999999/", "/staff/publishing/99999999999999999999999/",
                "/apply/letters/99999999999999999999999/?n=1&c=2"):
        assert client.get(url).status_code in (400, 404), url
