"""Web addresses from untrusted text: only http(s), with a plain host, percent-encoded for a link."""

from __future__ import annotations

import re
from urllib.parse import quote, urlsplit

URL_SAFE_CHARACTERS = "/:?#@!&*+,;=%-._~"
"""Kept as they are in a link target; everything else, ``( ) < > " ' $ `` included, is percent-encoded."""


def safe_url(url: str) -> str | None:
    """An http(s) URL fit for a markdown link target, or None for any other scheme or a bad host."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https"):
        return None
    if not re.fullmatch(r"[A-Za-z0-9.-]+(:\d{1,5})?", parts.netloc or ""):
        return None
    return quote(url, safe=URL_SAFE_CHARACTERS)
