"""Share links: the full address of the current view, and a QR code of it for a lecture hall."""

from __future__ import annotations

import functools
import io
from urllib.parse import quote, urlencode

import segno
import segno.encoder

LOCAL_ORIGIN = "http://localhost:8501"
"""Used when the browser has not told us its address (the first run of a session, or tests)."""


def share_url(page_url: str | None, query: dict[str, str], *, page_path: str = "") -> str:
    """The address that reopens this view: the page's URL with every input in the query string."""
    base = page_url or f"{LOCAL_ORIGIN}/{page_path}".rstrip("/")
    if not query:
        return base
    return f"{base}?{urlencode(query, safe=',;', quote_via=quote)}"


QR_ERROR = "m"
"""Medium error correction: a code still scans with about 15 % of it smudged or glared."""
QR_MAX_BYTES = 2331
"""The most bytes a QR code holds with medium error correction (version 40, 177 × 177 modules);
a link's ASCII characters each take a byte."""


def fits_qr(text: str) -> bool:
    """Whether ``text`` fits in one QR code (see :data:`QR_MAX_BYTES`)."""
    return len(text.encode("utf-8")) <= QR_MAX_BYTES


@functools.lru_cache(maxsize=64)
def qr_png(text: str, *, scale: int = 8) -> bytes | None:
    """A QR code of ``text`` as PNG bytes, with medium error correction and a quiet zone, or None
    when the text is too long for a QR code (the page then shows the link alone, and says why).

    Encoding takes 15 to 30 ms, and every rerun of a page draws the code of its link; the cache
    makes reruns that leave the link unchanged free of that cost."""
    if not fits_qr(text):
        return None
    buffer = io.BytesIO()
    try:
        code = segno.make(text, error=QR_ERROR, micro=False)
    except segno.encoder.DataOverflowError:  # a mode segno picks may hold fewer bytes
        return None
    code.save(buffer, kind="png", scale=scale, border=4)
    return buffer.getvalue()
