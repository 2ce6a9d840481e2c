"""The Entropy page's inputs: a text that must fit in a link, and two distributions."""

from __future__ import annotations

import numpy as np

from ce_ui.i18n import t
from ce_ui.inputs import InputProblem, format_vector, parse_vector
from ce_ui.readers.gradients import compact_vector
from ce_ui.url_state import link_length

__all__ = ["compact_vector", "fitting_text", "read_distribution", "is_normalised"]

SUM_TOLERANCE = 1e-6  # how far from 1 a distribution's sum may be (ce_core's own tolerance)


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


def read_distribution(text: str, label: str) -> np.ndarray:
    """A typed distribution (not yet normalised); raises InputProblem for text that cannot be
    used, a sum of 0 included."""
    values = parse_vector(text, label, min_length=2, low=0, high=1)
    if values.sum() == 0:
        raise InputProblem(t("entropy.zero_sum", field=label))
    return values


def is_normalised(values: np.ndarray) -> bool:
    return abs(values.sum() - 1.0) <= SUM_TOLERANCE


def normalised_text(values: np.ndarray) -> str:
    """The text of ``values`` divided by their sum (what the Normalise button writes)."""
    return format_vector(np.round(values / values.sum(), 10))
