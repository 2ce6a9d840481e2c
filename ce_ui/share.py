"""Share links: the full address of the current view, and a QR code of it for a lecture hall."""

from __future__ import annotations

import functools
import io
from urllib.parse import quote, urlencode

import segno

LOCAL_ORIGIN = "http://localhost:8501"
"""Used when the browser has not told us its address (the first run of a session, or tests)."""


def share_url(page_url: str | None, query: dict[str, str], *, page_path: str = "") -> str:
    """The address that reopens this view: the page's URL with every input in the query string."""
    base = page_url or f"{LOCAL_ORIGIN}/{page_path}".rstrip("/")
    if not query:
        return base
    return f"{base}?{urlencode(query, safe=',;', quote_via=quote)}"


@functools.lru_cache(maxsize=64)
def qr_png(text: str, *, scale: int = 8) -> bytes:
    """A QR code of ``text`` as PNG bytes, with medium error correction and a quiet zone.

    Encoding takes 15 to 30 ms, and every rerun of a page draws the code of its link; the cache
    makes reruns that leave the link unchanged free of that cost."""
    buffer = io.BytesIO()
    segno.make(text, error="m", micro=False).save(buffer, kind="png", scale=scale, border=4)
    return buffer.getvalue()
