"""The Entropy page's model: its fields, presets, reading the two distributions, and the numbers of
each section, computed by ce_core. Pure functions (no Streamlit), tested without AppTest in
tests/test_formulas_entropy.py and tests/test_ui_entropy.py; ``pages/6_entropy.py`` only draws.

URL: ``text``, ``n``, ``p``, ``q`` (and the common ``units``, which the p/q part follows; the text
and n parts are in bits, the unit of codes).
"""

from __future__ import annotations

import math
from functools import lru_cache
from types import SimpleNamespace

import numpy as np

import ce_core as cc
from ce_ui.fields import normalised_text as _normalised_text
from ce_ui.fields import (
    number_field,
    off_one,
    vector_field,
    vector_from_url,
    vector_to_url,
)
from ce_ui.i18n import t
from ce_ui.inputs import InputProblem
from ce_ui.text import symbols
from ce_ui.url_state import MAX_QUERY_VALUE_CHARS, Field, link_length

__all__ = [
    "N",
    "P",
    "Q",
    "TEXT",
    "compact_vector",
    "fitting_text",
    "is_normalised",
    "normalised_text",
    "read_distribution",
    "read_distributions",
]

TEXT_LIMIT = MAX_QUERY_VALUE_CHARS
"""Longer texts would not fit in a link (see url_state.MAX_QUERY_VALUE_CHARS)."""
TEXT_LINK_LIMIT = 6000
"""Most characters the text may take in a link, percent-encoded: all of TEXT_LIMIT in ASCII, about
660 Chinese characters or 1,000 Cyrillic ones."""
TEXT_EXAMPLES = ("jteikfqa", "aaaaaaaa", "abracadabra", "to be or not to be")
MAX_OUTCOMES = 2**20
DEFAULT_P = "0.5,0.25,0.125,0.125"
DEFAULT_Q = "0.25,0.25,0.25,0.25"
PQ_PRESETS = {  # name: (p, q) as the URL writes them
    "preset_code": (DEFAULT_P, DEFAULT_Q),
    "preset_label": ("1,0,0", "0.7,0.2,0.1"),
}

TEXT = Field("text", "abracadabra", max_chars=TEXT_LIMIT, link_chars=TEXT_LINK_LIMIT)
N = number_field("n", 8, 1, MAX_OUTCOMES, integer=True)
P = vector_field("p", DEFAULT_P, min_length=2, low=0, high=1)
Q = vector_field("q", DEFAULT_Q, min_length=2, low=0, high=1)
FIELDS = (TEXT, N, P, Q)
TEXT_CUT = "text_cut"
"""The entry of ``page.last_valid`` saying that a typed text was cut: (its length, kept)."""

compact_vector = vector_to_url  # "0.5 ; 0.5" → "0.5,0.5", the URL's form of a vector field


# ---------------------------------------------------------------- the text


def fitting_text(text: str, max_chars: int, max_link_chars: int) -> str:
    """The longest start of ``text`` within ``max_chars`` characters and ``max_link_chars``
    once percent-encoded for a link."""
    kept = text[:max_chars]
    if link_length(kept) > max_link_chars:
        used = 0
        for end, character in enumerate(kept):
            used += link_length(character)
            if used > max_link_chars:
                return kept[:end]
    return kept


def cap_text(page) -> None:
    """The text area's ``on_change``: keep a typed or pasted text within what a link carries,
    remembering that it was cut (the page says so once)."""
    text = page.value(TEXT)
    kept = fitting_text(text, TEXT_LIMIT, TEXT_LINK_LIMIT)
    if len(kept) < len(text):
        page.last_valid[TEXT_CUT] = (len(text), len(kept))
        page.set_value(TEXT, kept)


def set_text(page, text: str) -> None:
    page.set_value(TEXT, text)


def text_numbers(text: str):
    """A text's symbol information in bits (``ce_core.symbol_information`` of the characters a
    reader sees), each symbol's probability and its information −log₂ p."""
    info = cc.symbol_information(symbols(text), base=2)
    probabilities = np.array(info.probabilities)
    information = cc.nats_to(-np.log(probabilities), 2)
    return info, probabilities, information


# ---------------------------------------------------------------- n equally likely outcomes


@lru_cache(maxsize=64)
def uniform_entropy(count: int, base: float) -> float:
    """The entropy of ``count`` equally likely outcomes, by ce_core."""
    return float(cc.entropy(np.full(count, 1.0 / count), base=base))


@lru_cache(maxsize=1)
def uniform_curve() -> tuple[tuple[int, ...], np.ndarray]:
    """log₂ n at n = 1, 2, 4, …, MAX_OUTCOMES: the entropy of each uniform distribution."""
    counts = tuple(2**power for power in range(MAX_OUTCOMES.bit_length()))
    return counts, np.array([uniform_entropy(count, 2.0) for count in counts])


# ---------------------------------------------------------------- two distributions


def read_distribution(text: str, label: str) -> np.ndarray:
    """A typed distribution (not yet normalised), read with the fields' rule; raises InputProblem
    for text that cannot be used, a sum of 0 included."""
    values = P.parse.read(text, label)
    if values.sum() == 0:
        raise InputProblem(t("entropy.zero_sum", field=label))
    return values


def is_normalised(values: np.ndarray) -> bool:
    return not off_one(values)


def normalised_text(values: np.ndarray) -> str:
    """The URL form of what the Normalise button writes (``ce_ui.fields.normalised_text``)."""
    return vector_to_url(_normalised_text(values))


def default_distribution(field: Field) -> np.ndarray:
    return read_distribution(field.default, field.key)


class Distribution(SimpleNamespace):
    """One typed distribution as the results use it."""

    typed: np.ndarray  # the numbers as read (or the fallback's)
    values: np.ndarray  # what the results use: ``typed`` divided by its sum
    problem: str | None  # why the text could not be read (the fallback is then in use)
    defaulted: bool  # the fallback in use is the field's default
    total: float | None  # the typed sum, when it is not 1 (the page offers to normalise)


def read_one(field: Field, text: str, label: str, last_valid: dict) -> Distribution:
    """``text`` read as a distribution; when it cannot be, the last valid one (kept in
    ``last_valid``, updated here) or the default, with the problem."""
    problem = None
    try:
        typed = read_distribution(text, label)
        last_valid[field.key] = typed
    except InputProblem as error:
        problem = str(error)
        typed = last_valid.get(field.key)
    defaulted = typed is None
    if defaulted:
        typed = default_distribution(field)
    total = float(typed.sum()) if off_one(typed) else None
    values = typed / typed.sum() if total is not None else typed
    return Distribution(
        typed=typed, values=values, problem=problem, defaulted=defaulted and problem is not None,
        total=total if problem is None else None,
    )  # fmt: skip


class Pair(SimpleNamespace):
    p: Distribution
    q: Distribution
    mismatch: bool  # p and q have different lengths: the defaults are in use

    @property
    def values(self) -> tuple[np.ndarray, np.ndarray]:
        if self.mismatch:
            return default_distribution(P), default_distribution(Q)
        return self.p.values, self.q.values


def read_distributions(p_text: str, q_text: str, labels: tuple[str, str], last_valid: dict) -> Pair:
    """Both typed distributions, each with its own fallback; of different lengths, the defaults."""
    p = read_one(P, p_text, labels[0], last_valid)
    q = read_one(Q, q_text, labels[1], last_valid)
    return Pair(p=p, q=q, mismatch=p.values.size != q.values.size)


class PQScores(SimpleNamespace):
    entropy: float  # H(p)
    cross_entropy: float  # H(p, q)
    divergence: float  # KL(p‖q)


def pq_scores(p: np.ndarray, q: np.ndarray, base: float) -> PQScores:
    return PQScores(
        entropy=float(cc.entropy(p, base=base)),
        cross_entropy=float(cc.cross_entropy(p, q, base=base)),
        divergence=float(cc.kl_divergence(p, q, base=base)),
    )


def pq_notes(p: np.ndarray, q: np.ndarray, scores: PQScores) -> list[tuple[str, str, str]]:
    """The notes under the numbers, as (kind, message key, icon): kind is ``success``, ``info``
    or ``warning``."""
    notes = []
    if np.array_equal(p, q):
        notes.append(("success", "entropy.equal_note", "check_circle"))
    elif scores.divergence == 0:  # q ≠ p, but too close for the KL divergence to show it
        notes.append(("info", "entropy.equal_note_rounded", "check_circle"))
    if math.isinf(scores.cross_entropy):
        notes.append(("warning", "entropy.infinite_note", "all_inclusive"))
    elif scores.entropy == 0:
        notes.append(("info", "entropy.one_hot_note", "label"))
    return notes


def set_distributions(page, p_text: str, q_text: str) -> None:
    """A preset's ``on_click``: both fields, given as the URL writes them."""
    page.set_value(P, vector_from_url(p_text))
    page.set_value(Q, vector_from_url(q_text))


def on_bars_change(values: list[float], page, field: Field) -> None:
    """Dragged bars write their field (and so the URL): six significant digits, summing to 1."""
    page.set_value(field, _normalised_text(np.array(values)))


def make_equal(page) -> None:
    """The "Set q = p" button's ``on_click``."""
    page.set_value(Q, page.value(P))
