"""Search ranking rules (issue 13): a repost never ranks above its source and is folded under it; title
and 文号 matches weigh more than body matches."""

from __future__ import annotations

import json
from io import StringIO

from django.core.management import call_command

from gongkai.publishing.selectors import document_search


def test_repost_is_folded_under_its_source_on_every_path(library, client) -> None:
    total, rows = document_search("政务新媒体")
    listed = [d.doc_no or d.kind for d, _h in rows]
    assert set(listed[:2]) == {"国办发〔2021〕12号", "苏政办发〔2021〕29号"}  # the national and Jiangsu policies
    assert "news" not in listed and total == len(listed)
    source = next(d for d, _h in rows if d.doc_no == "国办发〔2021〕12号")
    assert [r.kind for r in source.folded_reposts] == ["news"]
    page = client.get("/search/", {"q": "政务新媒体"}).content.decode()
    assert "另有 1 篇转载" in page and page.index("国办发〔2021〕12号") < page.index("另有 1 篇转载")
    out = StringIO()
    call_command("search_documents", "政务新媒体", "--json", stdout=out)
    items = json.loads(out.getvalue())
    assert all(i["doc_no"] for i in items) and any(i.get("reposts") for i in items)


def test_source_is_lifted_when_only_the_repost_matches(library) -> None:
    # Words of the repost's own headline that the policy does not hold still list the policy, not the repost.
    _total, rows = document_search("国办 娱乐化 空壳")
    assert rows and rows[0][0].doc_no == "国办发〔2021〕12号"
    assert all(d.kind != "news" for d, _h in rows)


def test_title_match_outranks_body_match(library) -> None:
    _total, rows = document_search("江苏省政务公开工作要点")
    assert rows[0][0].doc_no == "苏政办发〔2021〕29号"


def test_doc_no_match_ranks_first(library) -> None:
    _total, rows = document_search("国办发〔2020〕17号")
    assert rows[0][0].doc_no == "国办发〔2020〕17号"
