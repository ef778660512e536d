"""Simulated government websites on loopback, for the tests, the demo and the benchmark.

A `SimulatedSite` serves a home page, columns and the 专栏 from memory on 127.0.0.1 (or ::1), and can be
made slow, stale, empty, broken-linked, GBK-encoded with a wrong charset header, oversized, redirecting in
a loop or down. Nothing here touches an outside address.
"""

from __future__ import annotations

import socket
import threading
import time
from dataclasses import dataclass, field
from datetime import date, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import unquote


@dataclass
class Route:
    body: bytes = b""
    status: int = 200
    content_type: str = "text/html; charset=utf-8"
    delay: float = 0.0
    location: str = ""
    stream_bytes: int = 0  # serve this many bytes of filler instead of body (an oversized page)


@dataclass
class SiteSpec:
    """What the simulated site looks like; every failure kind is one flag."""

    name: str = "青溪县人民政府"
    site_code: str = "3201990001"
    today: date = field(default_factory=date.today)
    home_age_days: int = 1
    dynamic_age_days: int = 2
    notice_age_days: int = 20
    empty_columns: int = 0
    dead_links: int = 0
    zhuanlan_parts: int = 4
    gbk_wrong_header: bool = False
    slow_seconds: float = 0.0
    redirect_loop: bool = False
    huge_home_bytes: int = 0
    down: bool = False
    latency: float = 0.0  # seconds added to every response (a real site is not on loopback)


class Handler(BaseHTTPRequestHandler):
    server: _Server

    def do_GET(self) -> None:
        self._serve(head=False)

    def do_HEAD(self) -> None:
        self._serve(head=True)

    def _serve(self, *, head: bool) -> None:
        site = self.server.site
        path = unquote(self.path.split("?", 1)[0])
        route = site.routes.get(path)
        if site.down:
            route = Route(body="服务暂不可用".encode(), status=503)
        if route is None:
            route = Route(body="<html><body>页面不存在</body></html>".encode(), status=404)
        if route.delay or site.spec.latency:
            time.sleep(route.delay + site.spec.latency)
        self.send_response(route.status)
        if route.location:
            self.send_header("Location", route.location)
        self.send_header("Content-Type", route.content_type)
        length = route.stream_bytes or len(route.body)
        self.send_header("Content-Length", str(length))
        self.end_headers()
        if head:
            return
        try:
            if route.stream_bytes:
                chunk = b"<p>" + b"x" * 65530 + b"</p>"
                sent = 0
                while sent < route.stream_bytes:
                    part = chunk[: route.stream_bytes - sent]
                    self.wfile.write(part)
                    sent += len(part)
            else:
                self.wfile.write(route.body)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the checker stopped reading an oversized page: that is the point

    def log_message(self, *args: Any) -> None:
        pass


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    # socketserver's default backlog of 5 drops connections when a checker opens many at once, and the
    # client then waits a TCP retransmission (1 s, 3 s…): a real web server listens with a deep backlog.
    request_queue_size = 1024
    site: SimulatedSite


class _Server6(_Server):
    address_family = socket.AF_INET6


class SimulatedSite:
    """A running simulated site: `url` is its home page; `stop()` ends it."""

    def __init__(self, spec: SiteSpec | None = None, *, host: str = "127.0.0.1") -> None:
        self.spec = spec or SiteSpec()
        self.routes: dict[str, Route] = {}
        self.down = self.spec.down
        server_class = _Server6 if ":" in host else _Server
        self.server = server_class((host, 0), Handler)
        self.server.site = self
        port = self.server.server_address[1]
        self.url = f"http://[{host}]:{port}/" if ":" in host else f"http://{host}:{port}/"
        self._build()
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def __enter__(self) -> SimulatedSite:
        return self

    def __exit__(self, *exc: Any) -> None:
        self.stop()

    def _day(self, age: int) -> str:
        return (self.spec.today - timedelta(days=age)).isoformat()

    def _list_page(self, title: str, age: int, count: int = 5) -> bytes:
        items = "".join(f'<li><a href="/a/{title}-{i}.html">{title}第{i}条</a><span>{self._day(age + i)}</span></li>'
                        for i in range(count))
        return _html(title, f"<h1>{title}</h1><ul>{items}</ul>")

    def _build(self) -> None:
        s = self.spec
        columns = [("工作动态", "/col/dynamic/", "dynamic", s.dynamic_age_days),
                   ("通知公告", "/col/notice/", "notice", s.notice_age_days),
                   ("政策文件", "/col/policy/", "notice", s.notice_age_days)]
        for i in range(s.empty_columns):
            columns.append((f"专题栏目{i + 1}", f"/col/empty{i + 1}/", "other", 0))
        nav = "".join(f'<li><a href="{path}">{name}</a></li>' for name, path, _k, _a in columns)
        dead = "".join(f'<li><a href="/missing/{i}.html">失效链接{i}</a></li>' for i in range(s.dead_links))
        news = "".join(f'<li><a href="/a/home-{i}.html">首页要闻{i}</a><span>{self._day(s.home_age_days + i)}</span></li>'
                       for i in range(5))
        home = _html(s.name, f'<ul class="nav">{nav}<li><a href="/zhuanlan/">政府信息公开</a></li>{dead}</ul>'
                             f"<ul>{news}</ul>", site_code=s.site_code)
        if s.gbk_wrong_header:
            self.routes["/"] = Route(home.decode().replace("utf-8", "gbk").encode("gbk"),
                                     content_type="text/html; charset=utf-8")
        else:
            self.routes["/"] = Route(home)
        if s.slow_seconds:
            self.routes["/"].delay = s.slow_seconds
        if s.huge_home_bytes:
            self.routes["/"] = Route(stream_bytes=s.huge_home_bytes)
        if s.redirect_loop:
            self.routes["/"] = Route(status=302, location="/loop")
            self.routes["/loop"] = Route(status=302, location="/")
        for name, path, _kind, age in columns:
            if path.startswith("/col/empty"):
                self.routes[path] = Route(_html(name, f"<h1>{name}</h1><p>暂无内容</p>"))
            else:
                self.routes[path] = Route(self._list_page(name, age))
                for i in range(5):
                    self.routes[f"/a/{name}-{i}.html"] = Route(_html(name, f"<p>{name}正文</p>"))
        for i in range(5):
            self.routes[f"/a/home-{i}.html"] = Route(_html("要闻", "<p>正文</p>"))
        parts = ["政府信息公开指南", "政府信息公开制度", "法定主动公开内容", "政府信息公开工作年度报告"][: s.zhuanlan_parts]
        self.routes["/zhuanlan/"] = Route(_html("政府信息公开", "".join(f"<h2>{p}</h2>" for p in parts)))

    def columns(self) -> list[tuple[str, str, str]]:
        """(name, absolute url, kind) of the site's columns, as a site record would configure them."""
        base = self.url.rstrip("/")
        out = [("工作动态", f"{base}/col/dynamic/", "dynamic"), ("通知公告", f"{base}/col/notice/", "notice"),
               ("政策文件", f"{base}/col/policy/", "notice")]
        out += [(f"专题栏目{i + 1}", f"{base}/col/empty{i + 1}/", "other") for i in range(self.spec.empty_columns)]
        return out


def _html(title: str, body: str, *, site_code: str = "") -> bytes:
    meta = f'<meta name="SiteIDCode" content="{site_code}">' if site_code else ""
    return (f'<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8">{meta}<title>{title}</title></head>'
            f"<body>{body}<footer>网站标识码：{site_code}</footer></body></html>").encode()
