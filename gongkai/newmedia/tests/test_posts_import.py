from __future__ import annotations

import json
import threading
from datetime import date
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from gongkai.core.exceptions import DomainError
from gongkai.newmedia import services
from gongkai.newmedia.models import Message, Post

from .factories import live_account

CSV = ("编号,发布时间,标题,正文,拟稿人,审核人,发布人,是否转载,转载来源\n"
       "a1,2026-11-20 09:00,县财政局发布预算公开,正文一,张三,李四,王五,否,\n"
       "a2,2026/11/21 10:30,转发：省财政厅通知,正文二,,,,是,\n"
       "a3,不是时间,坏行,正文,,,,,\n")


def test_csv_import_with_chinese_headers_reports_bad_rows_and_keeps_good_ones(cast):
    account = live_account(cast)
    result = services.posts_import(actor=cast.officer_a, account=account, filename="export.csv", data=CSV.encode())
    assert (result.created, result.updated, result.unchanged) == (2, 0, 0)
    assert len(result.errors) == 1 and result.errors[0].startswith("第 4 行")
    post = Post.objects.get(external_id="a1")
    assert (post.drafter, post.reviewer, post.publisher) == ("张三", "李四", "王五")
    assert Post.objects.get(external_id="a2").is_repost


def test_reimport_changes_nothing_and_a_correction_updates(cast):
    account = live_account(cast)
    services.posts_import(actor=cast.officer_a, account=account, filename="e.csv", data=CSV.encode())
    again = services.posts_import(actor=cast.officer_a, account=account, filename="e.csv", data=CSV.encode())
    assert (again.created, again.updated, again.unchanged) == (0, 0, 2)
    fixed = CSV.replace("a2,2026/11/21 10:30,转发：省财政厅通知,正文二,,,,是,", "a2,2026/11/21 10:30,转发：省财政厅通知,正文二,,李四,,是,江苏省财政厅")
    third = services.posts_import(actor=cast.officer_a, account=account, filename="e.csv", data=fixed.encode())
    assert third.updated == 1 and Post.objects.get(external_id="a2").repost_source == "江苏省财政厅"


def test_gbk_csv_and_json_messages(cast):
    account = live_account(cast)
    result = services.posts_import(actor=cast.officer_a, account=account, filename="gbk.csv",
                                   data=CSV.encode("gbk"))
    assert result.created == 2
    messages = [{"id": "m1", "留言时间": "2026-10-01 08:00", "留言内容": "请问补贴什么时候发？"},
                {"id": "m2", "留言时间": "2026-10-02 08:00", "留言内容": "谢谢", "答复时间": "2026-10-02 09:00",
                 "答复内容": "不客气"}]
    result = services.posts_import(actor=cast.officer_a, account=account, filename="m.json",
                                   data=json.dumps(messages, ensure_ascii=False).encode(), kind="messages")
    assert result.created == 2 and Message.objects.filter(answered_at__isnull=True).count() == 1


def test_missing_columns_and_bad_files_are_refused_whole(cast):
    account = live_account(cast)
    with pytest.raises(DomainError, match="缺少必需的列：“发布时间”"):
        services.posts_import(actor=cast.officer_a, account=account, filename="e.csv", data="编号,标题\n1,x\n".encode())
    with pytest.raises(DomainError, match="JSON"):
        services.posts_import(actor=cast.officer_a, account=account, filename="e.json", data=b"{not json")
    with pytest.raises(DomainError, match="CSV 或 JSON"):
        services.posts_import(actor=cast.officer_a, account=account, filename="e.xlsx", data=b"PK\x03\x04")
    huge_field = "编号,发布时间,标题,正文\n1,2026-11-01,t," + "长" * 200_000 + "\n"
    with pytest.raises(DomainError, match="第 2 行"):
        services.posts_import(actor=cast.officer_a, account=account, filename="e.csv", data=huge_field.encode())
    assert not Post.objects.exists()


def test_annotation_and_repost_source_read_from_text(cast):
    account = live_account(cast)
    rows = [{"id": "x1", "发布时间": "2026-11-01", "标题": "通知", "正文": "内容。（拟稿人：赵六；审核人：钱七；发布人：孙八）"},
            {"id": "x2", "发布时间": "2026-11-02", "标题": "转载", "正文": "来源：新华社 审核：钱七"}]
    services.posts_import(actor=cast.officer_a, account=account, filename="p.json",
                          data=json.dumps(rows, ensure_ascii=False).encode())
    p1, p2 = Post.objects.get(external_id="x1"), Post.objects.get(external_id="x2")
    assert (p1.drafter, p1.reviewer, p1.publisher, p1.is_repost) == ("赵六", "钱七", "孙八", False)
    assert (p2.is_repost, p2.repost_source, p2.reviewer) == (True, "新华社", "钱七")


class _Feed(BaseHTTPRequestHandler):
    body = b""

    def do_GET(self):
        self.send_response(200)
        self.send_header("Content-Type", "application/rss+xml")
        self.end_headers()
        self.wfile.write(self.body)

    def log_message(self, *args):
        pass


@pytest.fixture
def feed_server():
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Feed)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()


RSS = """<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>青溪财政</title>
<item><guid>r1</guid><title>预算公开</title><link>http://127.0.0.1/p/1</link><pubDate>Mon, 23 Nov 2026 09:00:00 +0800</pubDate>
<description><![CDATA[<p>正文</p><p>拟稿：张三 审核：李四 发布：王五</p>]]></description></item>
<item><guid>r2</guid><title>第二条</title><pubDate>Tue, 24 Nov 2026 09:00:00 +0800</pubDate><description>无标注</description></item>
</channel></rss>"""


def test_feed_import_from_a_local_server(cast, feed_server):
    account = live_account(cast)
    _Feed.body = RSS.encode()
    url = f"http://127.0.0.1:{feed_server.server_address[1]}/feed.xml"
    result = services.feed_import(actor=cast.officer_a, account=account, url=url)
    assert result.created == 2 and not result.errors
    post = Post.objects.get(external_id="r1")
    assert post.published_at.date() == date(2026, 11, 23) and post.reviewer == "李四"


def test_feed_that_is_not_xml_is_refused(cast, feed_server):
    account = live_account(cast)
    _Feed.body = b"<html><body>not a feed"
    url = f"http://127.0.0.1:{feed_server.server_address[1]}/feed.xml"
    with pytest.raises(DomainError, match="不是有效的 RSS/Atom"):
        services.feed_import(actor=cast.officer_a, account=account, url=url)
    _Feed.body = b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]><rss><channel>&a;</channel></rss>'
    with pytest.raises(DomainError, match="不是有效的 RSS/Atom"):
        services.feed_import(actor=cast.officer_a, account=account, url=url)
    with pytest.raises(DomainError, match="http"):
        services.feed_import(actor=cast.officer_a, account=account, url="file:///etc/passwd")
    assert not Post.objects.exists()
