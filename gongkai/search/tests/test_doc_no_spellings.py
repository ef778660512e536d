"""文号 in any common spelling finds its document (issue 14): brackets of any kind or none, 年 or spaces,
full- or half-width — in the analyzer, so /search/, the API and `search_documents` all benefit."""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.management import call_command
from hypothesis import given
from hypothesis import strategies as st

from gongkai.search.analysis import looks_like_doc_no, normalise_text

AGENCIES = ["国办发", "苏政办发", "国办函", "国发", "苏政发", "青政办发", "财预", "国办公开办函"]
OPEN_CLOSE = [("〔", "〕"), ("[", "]"), ("［", "］"), ("(", ")"), ("（", "）"), ("【", "】"), ("", "年"), (" ", " "),
              ("", " "), ("", "")]
FULL = str.maketrans("0123456789", "０１２３４５６７８９")


@given(st.sampled_from(AGENCIES), st.integers(1990, 2030), st.integers(1, 999), st.sampled_from(OPEN_CLOSE),
       st.booleans(), st.booleans(), st.booleans())
def test_every_common_spelling_reads_as_the_canonical_doc_no(agency: str, year: int, serial: int,
                                                              brackets: tuple[str, str], hao: bool, full: bool,
                                                              spaced: bool) -> None:
    opening, closing = brackets
    if not opening and not closing.strip() and not spaced:
        closing = " "  # "国办发202112" is ambiguous even to a person: year and serial need a separator
    sep = " " if spaced else ""
    text = f"{agency}{sep}{opening}{year}{closing}{sep}{serial}{'号' if hao else ''}"
    if full:
        text = text.translate(FULL)
    bare = opening.strip() == ""
    if bare and not agency.endswith(("发", "函", "字", "令", "办")):
        # Without brackets only an agency code ending like one (发, 函…) is read as a 文号: "财预1990年1"
        # could be ordinary text.
        assert looks_like_doc_no(text) is None, text
    else:
        assert looks_like_doc_no(text) == f"{agency}〔{year}〕{serial}号", text


@pytest.mark.parametrize("text", ["政务公开要点2021年12月", "2021年政务公开", "IPv6", "12345热线", "第十二条"])
def test_ordinary_queries_are_not_taken_for_a_doc_no(text: str) -> None:
    assert looks_like_doc_no(text) is None


def test_full_width_digits_fold_without_changing_length() -> None:
    assert normalise_text("国办发［２０２１］１２号") == "国办发[2021]12号"


@pytest.mark.parametrize("query", ["国办发2021年12号", "国办发 2021 12", "国办发[2021]12号", "国办发（2021）12号",
                                   "国办发［２０２１］１２号"])
def test_each_spelling_finds_the_document_first(library_docs, client, query: str) -> None:
    out = StringIO()
    call_command("search_documents", query, "--limit", "3", "--json", stdout=out)
    assert json.loads(out.getvalue())[0]["doc_no"] == "国办发〔2021〕12号"
    assert client.get("/api/v1/documents/", {"q": query}).json()["results"][0]["doc_no"] == "国办发〔2021〕12号"
    page = client.get("/search/", {"q": query}).content.decode()
    assert "国办发〔2021〕12号" in page
    if "苏政办发〔2021〕29号" in page:  # it cites 国办发〔2021〕12号, and ranks below it
        assert page.index("国办发〔2021〕12号") < page.index("苏政办发〔2021〕29号")


@pytest.fixture
def library_docs(db, seeds_dir) -> None:
    call_command("import_documents", str(seeds_dir), verbosity=0)
