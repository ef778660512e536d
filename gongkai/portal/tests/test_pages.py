"""Public portal pages over the imported seeds: home, 专栏, library filters, item/print, feeds, sitemap."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command

from gongkai.publishing.models import Column, Document, Kind


@pytest.fixture
def library(db, seeds_dir) -> list[Document]:
    call_command("import_documents", str(seeds_dir), "--json", stdout=StringIO())
    return list(Document.objects.all())


def test_home_lists_latest_and_has_search_box(library, client) -> None:
    body = client.get("/").content.decode()
    # The home page's own search box (the header's is on every page).
    assert '<form action="/search/" method="get" role="search" class="hero-search">' in body
    assert any(doc.title in body for doc in library)


def test_zhuanlan_and_each_first_level_column(library, client) -> None:
    assert client.get("/zhuanlan/").status_code == 200
    firsts = Column.objects.filter(parent__isnull=True)
    assert firsts.count() == 4
    for col in firsts:
        assert client.get(f"/zhuanlan/{col.slug}/").status_code == 200
        feed = client.get(f"/zhuanlan/{col.slug}/feed/")
        assert feed.status_code == 200 and b"<rss" in feed.content
    assert client.get("/zhuanlan/no-such-column/").status_code == 404


def test_library_filters_narrow_the_list(library, client) -> None:
    policy = next(d for d in library if d.kind == Kind.POLICY and d.written_on)
    body = client.get("/policies/", {"year": policy.written_on.year}).content.decode()
    assert policy.title in body
    other_year = client.get("/policies/", {"year": 1990}).content.decode()
    assert policy.title not in other_year
    bad = client.get("/policies/", {"year": "abc", "topic": "<script>"})
    assert bad.status_code == 400 and "年份应为整数" in bad.content.decode()


def test_item_and_print_pages_show_metadata(library, client) -> None:
    doc = next(d for d in library if d.doc_no)
    for url in (doc.get_absolute_url(), doc.get_absolute_url() + "print/"):
        body = client.get(url).content.decode()
        assert doc.index_no in body and doc.doc_no in body
    assert client.get("/documents/000000000/1999-99999/").status_code == 404


def test_latest_feed_and_sitemap_list_public_items(library, client) -> None:
    feed = client.get("/feed/").content.decode()
    sitemap = client.get("/sitemap.xml").content.decode()
    for doc in library:
        assert doc.get_absolute_url() in sitemap
    assert any(d.title in feed for d in library)
