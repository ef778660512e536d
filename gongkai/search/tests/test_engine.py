"""The writer rules: one writer per index inside `bulk()`, every write visible at once, merges at the end."""

from __future__ import annotations

from datetime import date

from gongkai.search import documents as index
from gongkai.search import engine


def doc(pk: int, title: str) -> index.IndexedDocument:
    return index.IndexedDocument(pk=pk, index_no=f"X/{pk}", title=title, doc_no="", publisher="青溪县人民政府", org_id=1,
                                 written_on=date(2025, 1, 1), published_on=date(2025, 1, 2), topic="综合政务",
                                 genre="通知", validity="valid", kind="policy", rank_penalty=0, keywords="",
                                 body=f"{title}。全面推进政务公开标准化规范化。", url=f"/documents/X/{pk}/")


def test_writes_inside_bulk_are_searchable_at_once_and_replace_by_pk(settings, tmp_path) -> None:
    settings.SEARCH_INDEX_DIR = str(tmp_path)
    with engine.bulk():
        index.index_documents([doc(1, "关于政务新媒体管理的通知")])
        assert [h.pk for h in index.search("政务新媒体").hits] == [1]
        with engine.bulk():  # nested: the same writer
            index.index_documents([doc(1, "关于政务公开平台建设的通知"), doc(2, "关于政务新媒体考核的通知")])
        assert [h.pk for h in index.search("政务新媒体").hits] == [2]
    index.index_documents([doc(3, "关于政务新媒体年报的通知")])  # outside: its own writer, lock released
    assert {h.pk for h in index.search("政务新媒体").hits} == {2, 3}
    assert index.indexed_pks() == {1, 2, 3}
