"""The body of a 公开信息 as HTML: what the editor, a Word paste, plain text or an import turns into.

Everything stored goes through `clean_html`, which ends in nh3 (the Rust `ammonia` sanitiser) with an
allow-list: no script, style, iframe, form or event attribute survives, links keep only http(s), mailto
and tel addresses, and images only this site's own paths (another host's image, a `data:` or a
`javascript:` URL is dropped; the CSP's img-src is 'self'). Before nh3, a structural pass
makes pasted Word and web HTML fit the allow-list without merging its paragraphs: `<div>` becomes a
paragraph, `<h1>` a second-level heading (the page title is the only h1), Word's `mso-` styles,
classes, `<o:p>` and conditional comments go.
"""

from __future__ import annotations

import html
import re

import lxml.html  # type: ignore[import-untyped]
import nh3
from lxml import etree

ALLOWED_TAGS = {
    "p", "br", "hr", "strong", "b", "em", "i", "u", "s", "sub", "sup", "ul", "ol", "li", "h2", "h3", "h4",
    "blockquote", "table", "caption", "thead", "tbody", "tfoot", "tr", "th", "td", "a", "img",
}
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "width", "height"},
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan", "scope"},
    "ol": {"start"},
    "*": set(),  # no attribute on every tag (nh3 would otherwise keep lang and title anywhere)
}
URL_SCHEMES = {"http", "https", "mailto", "tel"}
# Elements removed with everything inside them (Word's <xml> holds its settings as text).
DROP_WITH_CONTENT = {"script", "style", "xml", "head", "title", "meta", "link", "iframe", "frame", "frameset",
                     "object", "embed", "noscript", "template", "svg", "math", "form", "button", "select",
                     "textarea", "input", "canvas", "audio", "video", "applet"}
_BLOCKS = {"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "table", "blockquote", "section",
           "article", "header", "footer", "aside", "main", "nav", "figure", "pre", "hr"}
# Markup with its own paragraphs; anything else keeps one paragraph per line.
_HAS_BLOCKS = re.compile(r"<\s*(p|div|br|h[1-6]|ul|ol|li|table|tr|blockquote|section|article)\b", re.IGNORECASE)
_EMPTY_PARAGRAPH = re.compile(r"<p>(?:\s|&nbsp;|\u00a0|\u3000|<br\s*/?>)*</p>")
# Leading blanks of a paragraph: Word and typed text indent with spaces; the page indents by CSS.
_LEADING_BLANKS = re.compile(r"<p>(?:\s|&nbsp;|\u00a0|\u3000)+")


_IMG_WITHOUT_SRC = re.compile(r"<img(?![^>]*\ssrc=)[^>]*>")
# An address with a scheme (http:, data:, javascript:) or protocol-relative (//host): not this site's.
_EXTERNAL = re.compile(r"^\s*(//|[a-z][a-z0-9+.-]*:)", re.IGNORECASE)


def is_external_image(src: str) -> bool:
    """An image this site does not serve itself: another host's (a tracking pixel on a government page,
    refused by the CSP's img-src 'self') or inline data. Only this site's own paths stay."""
    return bool(_EXTERNAL.match(src or ""))


def _keep_attribute(element: str, attribute: str, value: str) -> str | None:
    if element == "img" and attribute == "src" and is_external_image(value):
        return None
    return value


def external_images(value: str) -> list[str]:
    """The image addresses a body as submitted would lose on saving, for the note to the editor."""
    found: list[str] = []

    def collect(element: str, attribute: str, src: str) -> str | None:
        if element == "img" and attribute == "src" and is_external_image(src):
            found.append(src[:80])
        return src

    # Every scheme reaches the filter here (nh3 would drop data: before it), so the note names them all.
    nh3.clean(value or "", tags={"img"}, attributes={"img": {"src"}}, attribute_filter=collect,
              url_schemes={"http", "https", "data", "ftp", "file", "javascript"})
    return found
_LINK_WITHOUT_HREF = re.compile(r'<a rel="noopener noreferrer">(.*?)</a>', re.DOTALL)


def has_blocks(value: str) -> bool:
    return bool(_HAS_BLOCKS.search(value or ""))


def text_to_html(text: str) -> str:
    """Plain text → one paragraph per non-empty line (the text is escaped, never interpreted)."""
    lines = (line.strip().strip("\u3000") for line in (text or "").splitlines())
    return "".join(f"<p>{html.escape(line)}</p>" for line in lines if line)


def _normalise_structure(value: str) -> str:
    """Reshape pasted markup so the allow-list keeps its structure (nh3 still decides what is safe)."""
    # Word's conditional comments (<!--[if …]>…<![endif]-->, <![if …]>) are no content.
    value = re.sub(r"<!\[if[^>]*\]>|<!\[endif\]>", "", value, flags=re.IGNORECASE)
    try:
        root = lxml.html.fragment_fromstring(value, create_parent="div")
    except (etree.ParserError, ValueError):
        return value
    for element in list(root.iter()):
        if element is root or not isinstance(element.tag, str):
            continue
        tag = element.tag.lower().split(":")[-1] if ":" not in element.tag else element.tag.lower()
        if tag in DROP_WITH_CONTENT:
            element.drop_tree()
        elif ":" in tag:  # <o:p>, <w:sdt>…: Office namespaces
            element.drop_tag()
        elif tag == "h1":
            element.tag = "h2"
        elif tag in ("h5", "h6"):
            element.tag = "h4"
        elif tag == "div":
            if any(isinstance(child.tag, str) and child.tag.lower() in _BLOCKS for child in element):
                element.drop_tag()
            else:
                element.tag = "p"
    out = "".join(etree.tostring(child, encoding="unicode", method="html") for child in root)
    return (root.text or "") + out


def clean_html(value: str) -> str:
    """Stored body HTML: the structural pass, then nh3 with the allow-list, then empty paragraphs
    and leading indentation removed."""
    if not (value or "").strip():
        return ""
    cleaned = nh3.clean(_normalise_structure(value), tags=ALLOWED_TAGS, attributes=ALLOWED_ATTRIBUTES,
                        url_schemes=URL_SCHEMES, clean_content_tags=DROP_WITH_CONTENT - ALLOWED_TAGS,
                        strip_comments=True, link_rel="noopener noreferrer", attribute_filter=_keep_attribute)
    # What the allow-list emptied: an image whose data: source went, a link whose address went.
    cleaned = _LINK_WITHOUT_HREF.sub(r"\1", _IMG_WITHOUT_SRC.sub("", cleaned))
    cleaned = _LEADING_BLANKS.sub("<p>", cleaned)
    return _EMPTY_PARAGRAPH.sub("", cleaned).strip()


def body_to_html(value: str) -> str:
    """What the body field holds, as stored HTML. Markup with paragraphs is cleaned as it is; text
    without them (typed without the editor, pasted as plain text) keeps one paragraph per line
    instead of collapsing into one block, inline markup included."""
    if has_blocks(value):
        return clean_html(value)
    lines = (line.strip() for line in (value or "").splitlines())
    return clean_html("".join(f"<p>{line}</p>" for line in lines if line))


def html_to_text(value: str) -> str:
    """Plain text for search, the content hash and Q&A passages: one line per block, cells apart."""
    text = re.sub(r"<(br|/p|/li|/h\d|/tr|/blockquote|/caption|/table)\s*/?>", "\n", value or "", flags=re.I)
    text = re.sub(r"</t[dh]>", "\t", text, flags=re.I)
    text = re.sub(r"<[^>]+>", "", text)
    lines = (line.strip() for line in html.unescape(text).splitlines())
    return "\n".join(line for line in lines if line)
