"""The website checker: availability, freshness, empty columns, dead links, IPv6, HTTPS expiry and the
专栏's four parts, for one site or many at once.

httpx's async client does the HTTP (a slow site waits on its own, never on the others), selectolax
(lexbor) parses the HTML. Every fetch is bounded in time (15 s, the 检查指标's limit) and size, redirects
are capped (a loop is reported, not followed forever), and the crawl never leaves the site's host.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import functools
import ipaddress
import re
import socket
import ssl
import time
from collections.abc import Awaitable, Callable, Coroutine, Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any, TypeVar
from urllib.parse import urlsplit

import httpx
from selectolax.lexbor import LexborHTMLParser

from gongkai.sitecheck import rules

T = TypeVar("T")
MAX_PAGE_BYTES = 5 * 1024 * 1024
MAX_PAGES = 30
MAX_LINKS = 120
MAX_DEPTH = 2
# Requests in flight to one site at a time: polite to the site, and what keeps a big crawl of one site
# from queueing another site's home page behind it.
PER_SITE_CONNECTIONS = 6
USER_AGENT = "gongkai-sitecheck/1 (government website check)"

# Column names sites use, and their kind for the 栏目不更新 rule (动态/要闻 two weeks, 通知公告/政策文件 six months).
KNOWN_COLUMNS = {
    "工作动态": "dynamic", "政务动态": "dynamic", "要闻": "dynamic", "今日要闻": "dynamic", "部门动态": "dynamic",
    "乡镇动态": "dynamic", "新闻动态": "dynamic", "通知公告": "notice", "公示公告": "notice", "政策文件": "notice",
    "政策法规": "notice", "文件": "notice", "政策解读": "notice", "领导信箱": "interaction", "互动交流": "interaction",
    "咨询投诉": "interaction",
}


@dataclass
class Page:
    url: str
    status: int = 0
    elapsed_ms: int = 0
    text: str = ""
    error: str = ""
    final_url: str = ""

    @property
    def ok(self) -> bool:
        return not self.error and 0 < self.status < 400


@dataclass
class Column:
    name: str
    url: str
    kind: str = "other"


@dataclass
class Target:
    url: str
    columns: list[Column] = field(default_factory=list)
    zhuanlan_url: str = ""


def _decode(body: bytes, header_charset: str | None) -> str:
    """Header charset if it decodes cleanly, else the page's <meta charset>, else detection: a GBK page
    served with a wrong "charset=utf-8" header is still read right."""
    candidates: list[str] = []
    if header_charset:
        candidates.append(header_charset)
    meta = re.search(rb"<meta[^>]+charset=[\"']?([A-Za-z0-9_-]+)", body[:4096], re.I)
    if meta:
        candidates.append(meta.group(1).decode("ascii", "ignore"))
    candidates.append("utf-8")
    for charset in candidates:
        try:
            return body.decode("gb18030" if charset.lower() in ("gbk", "gb2312") else charset)
        except (LookupError, UnicodeDecodeError):
            continue
    from charset_normalizer import from_bytes

    best = from_bytes(body).best()
    return str(best) if best is not None else body.decode("utf-8", "replace")


async def fetch(client: httpx.AsyncClient, url: str, *, limit: int = MAX_PAGE_BYTES,
                timeout: float = rules.PROBE_TIMEOUT_S, want_text: bool = True,
                slots: asyncio.Semaphore | None = None) -> Page:
    """GET one page within `timeout` seconds in all (a trickling server counts too) and `limit` bytes.

    With `slots` (the site's share of connections), the clock starts once a slot is free: waiting behind
    our own other requests is not the site's slowness."""
    if slots is not None:
        async with slots:
            return await fetch(client, url, limit=limit, timeout=timeout, want_text=want_text)
    page = Page(url=url)
    started = time.perf_counter()
    try:
        async with asyncio.timeout(timeout):
            async with client.stream("GET", url) as response:
                page.status, page.final_url = response.status_code, str(response.url)
                if want_text:
                    chunks, size = [], 0
                    async for chunk in response.aiter_bytes():
                        size += len(chunk)
                        if size > limit:
                            page.error = f"页面超过 {limit // 1024 // 1024} MB，已停止读取"
                            break
                        chunks.append(chunk)
                    if not page.error:
                        page.text = _decode(b"".join(chunks), response.charset_encoding)
    except TimeoutError:
        page.error = f"超过 {timeout:g} 秒未打开"
    except httpx.TooManyRedirects:
        page.error = "重定向次数过多（重定向循环）"
    except httpx.UnsupportedProtocol:
        page.error = "不是 http(s) 地址"
    except httpx.ConnectError as exc:
        page.error = f"无法连接（{_short(exc)}）"
    except httpx.HTTPError as exc:
        page.error = f"{type(exc).__name__}（{_short(exc)}）"
    page.elapsed_ms = round((time.perf_counter() - started) * 1000)
    return page


def _short(exc: Exception) -> str:
    return (str(exc) or type(exc).__name__)[:120]


def parse(html: str) -> LexborHTMLParser:
    return LexborHTMLParser(html)


def links(tree: LexborHTMLParser) -> list[tuple[str, str]]:
    return [(a.attributes.get("href") or "", (a.text(strip=True) or "")[:40]) for a in tree.css("a[href]")]


def page_text(tree: LexborHTMLParser) -> str:
    body = tree.body
    return body.text(separator="\n") if body is not None else ""


def discover_columns(base: str, tree: LexborHTMLParser) -> list[Column]:
    """Columns linked from the home page under the names sites use (when none are configured)."""
    found: dict[str, Column] = {}
    for href, text in links(tree):
        kind = KNOWN_COLUMNS.get(text)
        target = rules.same_site(base, href)
        if kind and target and text not in found:
            found[text] = Column(text, target, kind)
    return list(found.values())


def column_entries(tree: LexborHTMLParser) -> int:
    """How many list entries (links in li/tr/dd) the column page holds: 0 is an empty column."""
    return sum(1 for node in tree.css("li a[href], tr a[href], dd a[href]"))


async def ipv6_reachable(host: str, port: int, *, resolver: Callable[[str, int], list[str]] | None = None,
                         timeout: float = 5.0) -> dict[str, bool]:
    """An AAAA record (or an IPv6 literal) and a TCP connection over IPv6."""
    try:
        literal = ipaddress.ip_address(host.strip("[]"))
        addresses = [str(literal)] if literal.version == 6 else []
    except ValueError:
        lookup = resolver or _aaaa
        try:
            addresses = await asyncio.to_thread(lookup, host, port)
        except OSError:
            addresses = []
    if not addresses:
        return {"aaaa": False, "connect": False}
    for address in addresses[:2]:
        try:
            async with asyncio.timeout(timeout):
                _reader, writer = await asyncio.open_connection(address, port, family=socket.AF_INET6)
            writer.close()
            return {"aaaa": True, "connect": True}
        except (OSError, TimeoutError):
            continue
    return {"aaaa": True, "connect": False}


def _aaaa(host: str, port: int) -> list[str]:
    return sorted({str(info[4][0]) for info in socket.getaddrinfo(host, port, socket.AF_INET6, socket.SOCK_STREAM)})


def cert_days_left(host: str, port: int, now: datetime | None = None, timeout: float = 10.0) -> int:
    """Days until the HTTPS certificate expires (negative: expired). Read without verifying the chain:
    an expired or self-signed certificate must still be measured, not refused."""
    from cryptography import x509

    context = ssl.create_default_context()
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    with socket.create_connection((host.strip("[]"), port), timeout) as raw, \
            context.wrap_socket(raw, server_hostname=host.strip("[]")) as tls:
        der = tls.getpeercert(binary_form=True)
    if der is None:
        raise ssl.SSLError("no certificate")
    cert = x509.load_der_x509_certificate(der)
    return (cert.not_valid_after_utc - (now or datetime.now(UTC))).days


def cert_problem(host: str, port: int, timeout: float = 10.0) -> str | None:
    """Why a browser would refuse the certificate (expired, self-signed, wrong host), or None."""
    context = ssl.create_default_context()
    try:
        with socket.create_connection((host.strip("[]"), port), timeout) as raw, \
                context.wrap_socket(raw, server_hostname=host.strip("[]")):
            return None
    except ssl.SSLCertVerificationError as exc:
        return exc.verify_message or "证书校验失败"


async def check_site(target: Target | str, *, today: date, client: httpx.AsyncClient | None = None,
                     resolver: Callable[[str, int], list[str]] | None = None, max_pages: int = MAX_PAGES,
                     max_links: int = MAX_LINKS, max_depth: int = MAX_DEPTH,
                     timeout: float = rules.PROBE_TIMEOUT_S) -> dict[str, Any]:
    """The contract of `manage.py check_site URL --json`, plus the details the report needs."""
    if isinstance(target, str):
        target = Target(url=target)
    url = target.url.strip()
    result: dict[str, Any] = {
        "url": url, "reachable": False, "status": 0, "elapsed_ms": 0, "ipv6": False, "https_days_left": None,
        "home_updated_on": None, "dead_links": [], "empty_columns": [], "errors": [],
        "columns": [], "dead_link_details": [], "zhuanlan": None, "site_code": None, "pages_crawled": 0,
    }
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        result["errors"].append(f"“{url[:100]}”不是 http(s) 网址，未检查。")
        return result
    own_client = client is None
    client = client or new_client()
    get = functools.partial(fetch, client, timeout=timeout, slots=asyncio.Semaphore(PER_SITE_CONNECTIONS))
    try:
        home = await get(url)
        result.update(status=home.status, elapsed_ms=home.elapsed_ms)
        if not home.ok:
            result["errors"].append(f"首页：{home.error or f'HTTP {home.status}'}")
        else:
            result["reachable"] = True
            await _inspect(result, target, home, get, today, max_pages, max_links, max_depth)
        host, port = parts.hostname, parts.port or (443 if parts.scheme == "https" else 80)
        v6 = await ipv6_reachable(host, port, resolver=resolver)
        result["ipv6"] = v6["aaaa"] and v6["connect"]
        result["ipv6_detail"] = v6
        if parts.scheme == "https":
            try:
                result["https_days_left"] = await asyncio.to_thread(cert_days_left, host, port)
                problem = await asyncio.to_thread(cert_problem, host, port)
                if problem:
                    result["errors"].append(f"HTTPS 证书不受浏览器信任：{problem}")
            except (OSError, ssl.SSLError, ValueError) as exc:
                result["errors"].append(f"无法读取 HTTPS 证书：{_short(exc)}")
    finally:
        if own_client:
            await client.aclose()
    return result


Getter = Callable[..., Awaitable[Page]]


async def _inspect(result: dict[str, Any], target: Target, home: Page, get: Getter, today: date,
                   max_pages: int, max_links: int, max_depth: int) -> None:
    base = home.final_url or target.url
    tree = parse(home.text)
    updated = rules.latest_date(page_text(tree), today)
    result["home_updated_on"] = updated.isoformat() if updated else None
    meta = tree.css_first('meta[name="SiteIDCode"]')
    result["site_code"] = meta.attributes.get("content") if meta is not None else None
    columns = target.columns or discover_columns(base, tree)
    pages = {base: home}
    column_pages = await asyncio.gather(*(get(c.url) for c in columns))
    for column, page in zip(columns, column_pages, strict=True):
        pages[column.url] = page
        entry: dict[str, Any] = {"name": column.name, "url": column.url, "kind": column.kind,
                                 "kind_label": rules.COLUMN_KINDS.get(column.kind, column.kind),
                                 "updated_on": None, "entries": 0, "reachable": page.ok}
        if page.ok:
            ctree = parse(page.text)
            entry["entries"] = column_entries(ctree)
            latest = rules.latest_date(page_text(ctree), today)
            entry["updated_on"] = latest.isoformat() if latest else None
            if entry["entries"] == 0:
                result["empty_columns"].append(column.name)
        else:
            result["errors"].append(f"栏目“{column.name}”：{page.error or f'HTTP {page.status}'}")
        result["columns"].append(entry)
    result["zhuanlan"] = await _zhuanlan(target, base, tree, pages, get)
    await _crawl(result, base, pages, get, max_pages, max_links, max_depth)


async def _zhuanlan(target: Target, base: str, tree: LexborHTMLParser, pages: dict[str, Page],
                    get: Getter) -> dict[str, Any] | None:
    url = target.zhuanlan_url or next(
        (u for href, text in links(tree) if "信息公开" in text and (u := rules.same_site(base, href))), "")
    if not url:
        return {"url": None, "missing": list(rules.ZHUANLAN_PARTS), "note": "首页未找到政府信息公开专栏入口"}
    page = pages.get(url) or await get(url)
    pages[url] = page
    if not page.ok:
        return {"url": url, "missing": list(rules.ZHUANLAN_PARTS), "note": page.error or f"HTTP {page.status}"}
    return {"url": url, "missing": rules.zhuanlan_missing(page_text(parse(page.text))), "note": ""}


async def _crawl(result: dict[str, Any], base: str, pages: dict[str, Page], get: Getter,
                 max_pages: int, max_links: int, max_depth: int) -> None:
    """Breadth-first over the site's own pages (depth and count bounded), checking every internal link."""
    seen_links: dict[str, str] = {}  # link -> page it was found on
    frontier = [base]
    for depth in range(max_depth + 1):
        next_frontier: list[str] = []
        for page_url in frontier:
            page = pages.get(page_url)
            if page is None or not page.ok:
                continue
            for href, _text in links(parse(page.text)):
                link = rules.same_site(page_url, href)
                if link and link not in seen_links and len(seen_links) < max_links:
                    seen_links[link] = page_url
                    next_frontier.append(link)
        if depth == max_depth:
            break
        todo = [u for u in next_frontier if u not in pages][: max(0, max_pages - len(pages))]
        fetched = await asyncio.gather(*(get(u) for u in todo))
        pages.update({p.url: p for p in fetched})
        frontier = todo
    unchecked = [u for u in seen_links if u not in pages]
    checked = await asyncio.gather(*(get(u, want_text=False) for u in unchecked))
    pages.update({p.url: p for p in checked})
    result["pages_crawled"] = len(pages)
    for link, found_on in seen_links.items():
        page = pages[link]
        if not page.ok:
            result["dead_links"].append(link)
            result["dead_link_details"].append({"url": link, "status": page.status or None,
                                                "error": page.error, "found_on": found_on})


def run_sync(coro: Coroutine[Any, Any, T]) -> T:
    """Run a coroutine from synchronous code, also where an event loop already runs in this thread (a
    Playwright test driving the demo, a notebook): then in a thread of its own."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(coro)
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, coro).result()


def new_client(timeout: float = rules.PROBE_TIMEOUT_S) -> httpx.AsyncClient:
    return httpx.AsyncClient(timeout=httpx.Timeout(timeout), follow_redirects=True, max_redirects=10,
                             headers={"User-Agent": USER_AGENT}, verify=False,
                             # Bounded per site (PER_SITE_CONNECTIONS) and by check_many's concurrency instead.
                             limits=httpx.Limits(max_connections=None, max_keepalive_connections=100))


async def check_many(targets: Iterable[Target], *, today: date, concurrency: int = 50,
                     **kwargs: Any) -> list[dict[str, Any]]:
    """Check many sites at once; a slow or dead site holds only its own slot."""
    semaphore = asyncio.Semaphore(concurrency)
    async with new_client() as client:
        async def one(target: Target) -> dict[str, Any]:
            async with semaphore:
                return await check_site(target, today=today, client=client, **kwargs)

        return list(await asyncio.gather(*(one(t) for t in targets)))


async def probe(url: str, *, client: httpx.AsyncClient | None = None) -> Page:
    """One availability probe of the home page (status and time only)."""
    own = client is None
    client = client or new_client()
    try:
        return await fetch(client, url, want_text=False)
    finally:
        if own:
            await client.aclose()
