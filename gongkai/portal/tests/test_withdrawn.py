"""A withdrawn item (撤回) leaves lists, feeds, the sitemap and search unless 含已撤回 is asked for; it is
marked 已撤回 wherever cited; its page stays at its old address with the banner, reason and metadata,
有效性 已撤回, no text and no apply link (decision 0553)."""

from __future__ import annotations

import pytest

from gongkai.publishing import selectors
from gongkai.publishing import services as publishing
from gongkai.publishing.models import Column, Document


def _publish(cast, title: str, body: str, doc_no: str = "", column: Column | None = None) -> Document:
    doc = publishing.document_create(actor=cast.officer_a, organisation=cast.dept_a, data={
        "title": title, "doc_no": doc_no, "body_html": body, "column_id": column.pk if column else None,
        "genre": "通知"})
    publishing.document_submit(actor=cast.officer_a, document=doc)
    publishing.document_review(actor=cast.reviewer_a, document=doc, approve=True, secrecy_checked=True, opinion="同意")
    return publishing.document_publish(actor=cast.publisher_a, document=doc)


@pytest.fixture
def pair(cast):
    column = Column.objects.filter(parent__isnull=False).first()
    old = _publish(cast, "青溪县财政局关于预算公开的通知", "<p>附表一：部门收支总表。</p>", "青财发〔2026〕3号", column)
    citing = _publish(cast, "青溪县财政局关于执行预算公开通知的补充说明",
                      "<p>根据青财发[2026]3号，补充说明如下。</p>")
    publishing.document_withdraw(actor=cast.publisher_a, document=old, reason="附表数据有误，更正后重新发布。")
    old.refresh_from_db()
    return old, citing, column


def test_withdrawn_item_leaves_every_list_by_default(pair, client) -> None:
    old, citing, column = pair
    assert old not in selectors.latest(50) and old not in selectors.policy_library()
    pages = {"home": "/", "library": "/policies/", "feed": "/feed/", "sitemap": "/sitemap.xml",
             "search": "/search/?q=财政局", "column": column.get_absolute_url(),
             "column feed": column.get_absolute_url() + "feed/"}
    for name, url in pages.items():
        body = client.get(url).content.decode()
        assert old.get_absolute_url() not in body, name
    assert citing.get_absolute_url() in client.get("/search/?q=财政局").content.decode()  # search itself works
    api = client.get("/api/v1/documents/", {"q": "财政局"}).json()
    assert old.index_no not in {r["index_no"] for r in api["results"]}


def test_the_withdrawn_filter_brings_it_back_marked(pair, client) -> None:
    old, _citing, column = pair
    for url in ("/policies/?withdrawn=1", "/search/?q=预算公开&withdrawn=1", column.get_absolute_url() + "?withdrawn=1"):
        body = client.get(url).content.decode()
        assert old.get_absolute_url() in body and "已撤回" in body, url
    assert old in selectors.policy_library(include_withdrawn=True)
    api = client.get("/api/v1/documents/", {"withdrawn": "true"}).json()
    assert old.index_no in {r["index_no"] for r in api["results"]}


def test_old_url_shows_banner_reason_and_metadata_never_a_404(pair, client) -> None:
    old, _citing, _column = pair
    response = client.get(old.get_absolute_url())
    body = response.content.decode()
    assert response.status_code == 200
    assert "本信息已于" in body and "附表数据有误，更正后重新发布。" in body
    assert old.index_no in body and "青财发〔2026〕3号" in body
    assert "<th scope=\"row\">有效性</th><td><strong class=\"text-danger\">已撤回</strong>" in body
    assert "附表一：部门收支总表" not in body  # the text is no longer published
    assert "对本信息申请公开" not in body and "/apply/?doc=" not in body
    assert client.get(old.get_absolute_url() + "print/").status_code == 200
    assert client.get(f"/api/v1/documents/{old.index_no}").json()["validity"] == "已撤回"


def test_withdrawn_item_is_marked_where_it_is_cited(pair, client) -> None:
    old, citing, _column = pair
    body = client.get(citing.get_absolute_url()).content.decode()
    assert f'<a href="{old.get_absolute_url()}" class="citation citation-withdrawn">' in body
    cites = body[body.index("<h3>本文引用</h3>"):body.index("<h3>被以下文件引用</h3>")]
    assert old.title in cites and "已撤回" in cites


def test_a_withdrawn_citing_item_is_marked_in_cited_by(cast, client) -> None:
    target = _publish(cast, "青溪县预算管理办法", "<p>正文。</p>", "青政发〔2026〕1号")
    citing = _publish(cast, "关于执行预算管理办法的通知", "<p>依据青政发〔2026〕1号执行。</p>")
    publishing.document_withdraw(actor=cast.publisher_a, document=citing, reason="内容重复。")
    body = client.get(target.get_absolute_url()).content.decode()
    cited_by = body[body.index("<h3>被以下文件引用</h3>"):]
    assert citing.title in cited_by and "已撤回" in cited_by.split("</ul>")[0]
