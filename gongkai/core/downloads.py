"""File downloads: one Content-Disposition for every file the site hands out."""

from __future__ import annotations

import re
from urllib.parse import quote


def content_disposition(filename: str, *, inline: bool = False) -> str:
    """`attachment; filename="ascii fallback"; filename*=UTF-8''percent-encoded` (RFC 6266 / RFC 5987).

    Browsers that read `filename*` (all current ones) save the Chinese name; the ASCII fallback keeps the
    extension for the rest. Quotes, backslashes and control characters never reach the header."""
    cleaned = re.sub(r"[\x00-\x1f\x7f\"\\/]", "_", filename).strip() or "attachment"
    ascii_name = cleaned.encode("ascii", "ignore").decode().strip(" .") or "attachment"
    if "." in cleaned and "." not in ascii_name.lstrip("."):
        ascii_name = f"attachment.{cleaned.rsplit('.', 1)[1].encode('ascii', 'ignore').decode() or 'bin'}"
    kind = "inline" if inline else "attachment"
    return f"{kind}; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(cleaned, safe='')}"
