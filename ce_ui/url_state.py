"""Every widget's value lives in the URL query string.

A page declares its inputs as :class:`Field` s. :func:`bind` runs before the widgets are drawn: it
gives each widget its starting value, taken from the query string when the page is opened from a
link, otherwise from this session's last value on that page, otherwise the default. An invalid
query value produces one clear on-page message and falls back. :func:`publish` runs after the
widgets: it writes the current values back to the query string, so the address bar always
reproduces the view, and remembers them for when the user comes back to the page.

Widgets use the session-state key ``"<page>.<field>"`` so that pages never share widget state.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

import streamlit as st

from ce_ui.i18n import t

MAX_QUERY_VALUE_CHARS = 2000
"""A field's default ``max_chars``: the longest query value read (counted as the link writes it,
percent-encoded); longer ones are refused with a message giving the limit. Text widgets take the
same number as their ``max_chars``, so what can be typed can be carried by a link."""
MAX_QUERY_CHARS = 8000
"""The longest query string (percent-encoded) :func:`publish` writes. With the page's path this
keeps a share link within the 8 KB request line that nginx (``large_client_header_buffers``) and
most proxies accept; far longer ones are refused by the server with HTTP 400 or 414. The fields
of every page are bounded so that their valid values fit (tests/test_safety.py checks the sum)."""
SAVED_STATE_KEY = "saved"
"""The session-state entry holding every field's remembered value, one dict keyed like the
widgets. One entry rather than one per field: each keyed Streamlit widget reads the whole session
state when it is drawn, so every extra entry makes every widget slower."""


class InvalidValue(ValueError):
    """A query value that does not fit its field; ``rule`` says what is allowed, in the catalogue's
    words: it is the key of a message in ``common.toml`` and ``values`` fill it in."""

    def __init__(self, rule: str, **values: Any) -> None:
        super().__init__(rule)
        self.rule = rule
        self.values = values


@dataclass(frozen=True)
class Field:
    """One input of a page: its query-string key, default, and how to read and write it."""

    key: str
    default: Any
    parse: Callable[[str], Any] = str
    dump: Callable[[Any], str] = str
    max_chars: int = MAX_QUERY_VALUE_CHARS
    """The most characters of this field's value, in its text widget (give it the same
    ``max_chars``) and in a link."""
    link_chars: int | None = None
    """The most characters the value may take as a link writes it (see :func:`link_length`); None
    for ``max_chars``, right for numbers (ASCII, one character each). Free text needs more room:
    a character outside ASCII takes 6 to 12."""

    @property
    def link_limit(self) -> int:
        return self.max_chars if self.link_chars is None else self.link_chars


SEPARATORS = re.compile(r"[,;\s]+")
"""What separates the numbers of a typed vector: commas, semicolons or spaces (the one rule)."""


def split_items(text: str) -> list[str]:
    """The words of a typed vector: ``"0.7, 0.2 0.1"`` → ``["0.7", "0.2", "0.1"]``."""
    return [item for item in SEPARATORS.split(text.strip()) if item]


_LINK_SAFE = re.compile(r"[A-Za-z0-9_.~,;-]*")
"""Characters a link writes as they are."""


def link_length(text: str) -> int:
    """How many characters ``text`` takes in a link's query string (UTF-8, percent-encoded, as
    ``ce_ui.share.share_url`` writes it): one per ASCII letter, digit, comma or point, up to twelve
    for a character outside ASCII."""
    if _LINK_SAFE.fullmatch(text):
        return len(text)
    return len(quote(text, safe=",;"))


def fits_link(field: Field, text: str) -> bool:
    """Whether a link may carry ``text`` as the value of ``field``."""
    return len(text) <= field.max_chars and link_length(text) <= field.link_limit


def format_number(value: float) -> str:
    """The shortest text that reads back as ``value``: ``2``, ``0.1``, ``1e-07``."""
    value = float(value)
    if value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    return repr(value)


class NumberRule:
    """The parser :func:`number` returns: it reads a number in a range, and keeps its bounds
    (``low``, ``high``, ``step``, ``integer``, ``low_open``, ``high_open``) for widget factories,
    so that a slider or number box is drawn with the same bounds the link is checked against."""

    def __init__(self, low, high, *, integer=False, low_open=False, high_open=False, step=None):
        self.low, self.high, self.integer = low, high, integer
        self.low_open, self.high_open, self.step = low_open, high_open, step
        self.rule = "rule_integer" if integer else "rule_number"
        self.bounds = {
            "low": format_number(low),
            "high": format_number(high),
            "low_bracket": "(" if low_open else "[",
            "high_bracket": ")" if high_open else "]",
        }

    def _typed(self, value: float) -> float | int:
        """Widgets want bounds of the value's type: whole numbers for an integer field."""
        return int(value) if self.integer else float(value)

    @property
    def widget_low(self) -> float | int:
        """The smallest value a widget offers: ``low``, or one step above an open end (without a
        step, the nearest number above it: (0, 1) offers 5e-324)."""
        if not self.low_open:
            return self._typed(self.low)
        return self._typed(
            self.low + self.step if self.step else math.nextafter(self.low, math.inf)
        )

    @property
    def widget_high(self) -> float | int:
        if not self.high_open:
            return self._typed(self.high)
        return self._typed(
            self.high - self.step if self.step else math.nextafter(self.high, -math.inf)
        )

    def __call__(self, text: str) -> float | int:
        try:
            value = float(text.strip())
        except ValueError:
            raise InvalidValue(self.rule, **self.bounds) from None
        if not math.isfinite(value) or (self.integer and not value.is_integer()):
            raise InvalidValue(self.rule, **self.bounds)
        below = value <= self.low if self.low_open else value < self.low
        above = value >= self.high if self.high_open else value > self.high
        if below or above:
            raise InvalidValue(self.rule, **self.bounds)
        return int(value) if self.integer else value


def number(
    low: float,
    high: float,
    *,
    integer: bool = False,
    low_open: bool = False,
    high_open: bool = False,
    step: float | None = None,
) -> NumberRule:
    """A parser for a number in a range; the ``*_open`` flags exclude an end point, ``step`` is
    the widgets' step."""
    return NumberRule(low, high, integer=integer, low_open=low_open, high_open=high_open, step=step)


class ChoiceRule:
    """The parser :func:`choice` returns; ``options`` are the stable ids a widget offers."""

    def __init__(self, options: Sequence[str]) -> None:
        self.options = tuple(options)

    def __call__(self, text: str) -> str:
        word = text.strip().lower()
        if word not in self.options:
            raise InvalidValue("rule_choice", options=", ".join(self.options))
        return word


def choice(options: Sequence[str]) -> ChoiceRule:
    """A parser for one of a fixed set of words."""
    return ChoiceRule(options)


def integer_list(low: int, high: int) -> Callable[[str], list[int]]:
    """A parser for a set of whole numbers in [low, high] separated by commas (``0,3,4``; empty
    text is the empty set), returned sorted without repeats."""
    bounds = {"low": format_number(low), "high": format_number(high)}

    def parse(text: str) -> list[int]:
        values = set()
        for item in split_items(text):
            try:
                value = float(item)
            except ValueError:
                raise InvalidValue("rule_integer_list", **bounds) from None
            if not (math.isfinite(value) and value.is_integer() and low <= value <= high):
                raise InvalidValue("rule_integer_list", **bounds)
            values.add(int(value))
        return sorted(values)

    return parse


def dump_integer_list(values: Iterable[int]) -> str:
    return ",".join(str(int(value)) for value in values)


def flag(text: str) -> bool:
    """A parser for an on/off switch written ``1``/``0`` (``true``/``false`` also accepted)."""
    word = text.strip().lower()
    if word in ("1", "true", "yes", "on"):
        return True
    if word in ("0", "false", "no", "off"):
        return False
    raise InvalidValue("rule_flag")


def dump_flag(value: bool) -> str:
    return "1" if value else "0"


_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()<>#+\-.!|~$:&=^%@/,;?\"'])")
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def quote_user_text(text: str, limit: int = 60) -> str:
    """User text made safe to show inside a Markdown message: control characters removed, every
    Markdown, LaTeX and Streamlit directive character escaped, long text shortened."""
    text = _CONTROL.sub("", text)
    if len(text) > limit:
        text = text[:limit] + "…"
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text)


def widget_key(page: str, field: Field) -> str:
    return f"{page}.{field.key}"


def _saved() -> dict[str, Any]:
    saved = st.session_state.get(SAVED_STATE_KEY)
    if saved is None:
        saved = st.session_state[SAVED_STATE_KEY] = {}
    return saved


def _read_query(field: Field) -> Any:
    raw = st.query_params.get(field.key)
    if raw is None:
        return None
    if len(raw) > field.max_chars:
        raise InvalidValue("rule_too_long", limit=field.max_chars)
    if link_length(raw) > field.link_limit:
        raise InvalidValue("rule_too_long_link", length=link_length(raw), limit=field.link_limit)
    return field.parse(raw)


def bind(page: str, fields: Iterable[Field], *, arriving: bool, relabel: bool = False) -> None:
    """Give every field's widget its starting value; warn about query values that do not fit.

    ``arriving`` is true on the first run of a page after the user came to it (a new session or a
    page switch): then every widget is set up afresh, because Streamlit does not carry widget
    values from one page to another. ``relabel`` is true on the run after a language switch.
    """
    problems = []
    for field in fields:
        key = widget_key(page, field)
        if key in st.session_state and not arriving:
            if relabel:
                # A radio or select box keeps its choice in the browser by the option's label,
                # which the new language has changed: setting the value again from here sends
                # the choice to the browser under its new label.
                st.session_state[key] = st.session_state[key]
            continue
        value = _saved().get(key, field.default)
        try:
            from_query = _read_query(field)
        except InvalidValue as problem:
            problems.append(
                t(
                    "common.invalid_query_value",
                    key=quote_user_text(field.key),
                    value=quote_user_text(st.query_params.get(field.key, "")),
                    rule=t(f"common.{problem.rule}", **problem.values),
                    fallback=quote_user_text(field.dump(value)),
                )
            )
        else:
            if from_query is not None:
                value = from_query
        st.session_state[key] = value
    for problem in problems:
        st.warning(problem, icon="⚠️")


_ABSENT = object()


def value(page: str, field: Field) -> Any:
    """The current value of a field (its widget's, or the remembered one if it is not drawn)."""
    key = widget_key(page, field)
    current = st.session_state.get(key, _ABSENT)
    if current is _ABSENT:
        return _saved().get(key, field.default)
    return current


def current_values(page: str, fields: Iterable[Field]) -> dict[str, str]:
    """The query-string form of the fields' current values."""
    return {field.key: field.dump(value(page, field)) for field in fields}


def publishable(field: Field, current: Any) -> str | None:
    """The query-string form of a field's value, or None when a link could not carry it back: too
    long (only a client that ignores the widget's ``max_chars`` can send that) or refused by the
    field's parser. :func:`publish` never writes a value that :func:`bind` would refuse."""
    text = field.dump(current)
    if not fits_link(field, text):
        return None
    try:
        field.parse(text)
    except (InvalidValue, ValueError):
        return None
    return text


def query_length(query: dict[str, str]) -> int:
    """The length of ``query`` as a link writes it (``key=value&...``)."""
    return sum(len(key) + 1 + link_length(text) for key, text in query.items()) + max(
        len(query) - 1, 0
    )


def fit_query(query: dict[str, str]) -> list[str]:
    """Leave out of ``query`` its longest values until it fits :data:`MAX_QUERY_CHARS`; returns
    the keys left out."""
    dropped = []
    while query and query_length(query) > MAX_QUERY_CHARS:
        longest = max(query, key=lambda key: link_length(query[key]))
        del query[longest]
        dropped.append(longest)
    return dropped


def publish(
    groups: Iterable[tuple[str, Iterable[Field]]], *, omit: Iterable[str] = ()
) -> list[str]:
    """Remember the values of each ``(page, fields)`` group and write them all to the query string,
    leaving out the keys in ``omit``. The query string is replaced as a whole, so stale and unknown
    keys disappear from the address bar.

    A value a link could not carry back is left out, and so are the longest values while the query
    would be longer than :data:`MAX_QUERY_CHARS` (valid values of every page fit; only text that is
    not valid anyway, typed in characters outside ASCII, can take that much). Returns the keys
    left out that way, for the page to say so."""
    query: dict[str, str] = {}
    dropped: list[str] = []
    saved = _saved()
    for page, fields in groups:
        for field in fields:
            current = value(page, field)
            saved[widget_key(page, field)] = current
            text = publishable(field, current)
            if text is None:
                dropped.append(field.key)
            else:
                query[field.key] = text
    for key in omit:
        query.pop(key, None)
        if key in dropped:
            dropped.remove(key)
    dropped += fit_query(query)
    if st.query_params.to_dict() != query:
        st.query_params.from_dict(query)
    return dropped
