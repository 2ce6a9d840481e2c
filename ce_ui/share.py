"""Share links: the full address of the current view, and a QR code of it for a lecture hall."""

from __future__ import annotations

import functools
import io
import ipaddress
import re
from urllib.parse import quote, urlencode, urlsplit

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


PRESENTER_ONLY = ("present", "quiz", "public")
"""Settings of the lecturer's screen that a student's link leaves out: presenter mode and quizzes
would open every phone big and with the answers hidden, and the public address is the link's own
origin already."""
PUBLIC_ADDRESS_CHARS = 300
"""The most characters of a public address typed into the share panel (a host name takes at most
253, a port 6, a scheme and a path prefix the rest)."""
_LABEL = re.compile(r"(?!-)[A-Za-z0-9-]{1,63}(?<!-)")


class AddressProblem(ValueError):
    """A public address that cannot be used; ``rule`` names the message (``common.share_public_*``)
    that says why."""

    def __init__(self, rule: str) -> None:
        super().__init__(rule)
        self.rule = rule


def _loopback(host: str) -> bool:
    host = host.strip("[]").lower().rstrip(".")
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return False
    return address.is_loopback or address.is_unspecified


def is_local(page_url: str | None) -> bool:
    """Whether the address the browser used names this computer only (localhost, 127.0.0.1, ::1,
    0.0.0.0), so that a phone scanning a link built from it would not reach the app. An unknown
    address (the first run of a session) counts as local: links then use :data:`LOCAL_ORIGIN`."""
    if not page_url:
        return True
    try:
        host = urlsplit(page_url).hostname
    except ValueError:
        return True
    return host is None or _loopback(host)


def _valid_host(host: str) -> bool:
    try:
        ipaddress.ip_address(host.strip("[]"))
        return True
    except ValueError:
        pass
    name = host.rstrip(".")
    return 0 < len(name) <= 253 and all(_LABEL.fullmatch(label) for label in name.split("."))


def public_base(text: str) -> str | None:
    """The origin (and path prefix) of a public address typed as ``host``, ``host:port`` or a URL
    (``https://host[:port][/prefix]``), normalised without a trailing slash; None for empty text.

    Raises :class:`AddressProblem` for anything a phone could not open: another scheme, a user
    name or password, a query or fragment, a bad host name or port, a loopback address."""
    text = text.strip()
    if not text:
        return None
    if len(text) > PUBLIC_ADDRESS_CHARS or any(ch.isspace() for ch in text):
        raise AddressProblem("share_public_bad_host")
    if "://" not in text:
        text = f"http://{text}"
    try:
        parts = urlsplit(text)
        port = parts.port
    except ValueError:
        raise AddressProblem("share_public_bad_port") from None
    if parts.scheme.lower() not in ("http", "https"):
        raise AddressProblem("share_public_bad_scheme")
    if parts.username is not None or parts.password is not None or parts.query or parts.fragment:
        raise AddressProblem("share_public_extra")
    host = parts.hostname
    if not host or not _valid_host(host):
        raise AddressProblem("share_public_bad_host")
    if port == 0:
        raise AddressProblem("share_public_bad_port")
    if _loopback(host):
        raise AddressProblem("share_public_loopback")
    netloc = f"[{host}]" if ":" in host else host
    if port is not None:
        netloc += f":{port}"
    return f"{parts.scheme.lower()}://{netloc}{parts.path.rstrip('/')}"


def student_url(
    page_url: str | None,
    query: dict[str, str],
    *,
    page_path: str = "",
    public: str | None = None,
) -> str:
    """The link for students' phones: this view without the lecturer's settings
    (:data:`PRESENTER_ONLY`), at the ``public`` origin (from :func:`public_base`) when given."""
    kept = {key: value for key, value in query.items() if key not in PRESENTER_ONLY}
    if public is None:
        return share_url(page_url, kept, page_path=page_path)
    path = page_path.strip("/")
    if page_url:
        path = urlsplit(page_url).path.strip("/")
    base = f"{public}/{path}".rstrip("/")
    return share_url(base, kept)


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
