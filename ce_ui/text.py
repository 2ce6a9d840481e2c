"""Text as a reader sees it: a typed text split into the symbols a person counts (grapheme
clusters: a letter with its accents, a flag, an emoji with its skin tone or joined family), and
each symbol labelled so that it can be seen on a chart.

ce_core stays NumPy-only and counts whatever symbols it is given; the splitting is done here, with
the ``regex`` package's ``\\X`` (Unicode's extended grapheme clusters, UAX #29), which Python's
own ``re`` does not have.
"""

from __future__ import annotations

import unicodedata

import regex

_CLUSTER = regex.compile(r"\X")

LINE_BREAKS = {"\r\n": "↵"}
"""Clusters of more than one code point that are shown as one whitespace symbol."""

DOTTED_CIRCLE = "◌"
"""Written before a combining mark that has no letter to sit on (U+25CC, as type designers do)."""


def symbols(text: str) -> tuple[str, ...]:
    """The grapheme clusters of ``text``, in order: ``"été"`` typed with combining accents
    (5 code points) is ``("é", "t", "é")``, the flag 🇫🇷 (two regional indicators) is one symbol,
    and ``"\\r\\n"`` is one line break. Each cluster is put in Unicode's composed form (NFC), so
    an é typed as one code point and one typed as e + accent, which look the same, are one symbol.
    """
    return tuple(unicodedata.normalize("NFC", cluster) for cluster in _CLUSTER.findall(text))


def visible_symbol(symbol: str) -> str:
    """A symbol that is not whitespace, written so it can be seen: itself when it has something
    visible in it, a lone combining mark on a dotted circle (◌́), and an invisible one as its
    code points (U+200B)."""
    if symbol in LINE_BREAKS:
        return LINE_BREAKS[symbol]
    visible = [c for c in symbol if c.isprintable() and not c.isspace()]
    if not visible:
        return " ".join(f"U+{ord(c):04X}" for c in symbol)
    if unicodedata.combining(symbol[0]):
        return DOTTED_CIRCLE + symbol
    return symbol
