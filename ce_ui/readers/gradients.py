"""The Gradients page's inputs: a prediction typed as probabilities or as logits."""

from __future__ import annotations

import re

import numpy as np

import ce_core as cc
from ce_core import descent
from ce_ui.i18n import t
from ce_ui.inputs import InputProblem, format_vector, parse_vector

DEFAULT_P = "0.1,0.5,0.1,0.1,0.2"
DEFAULT_Z = "2,1,0.1"
LOGIT_LIMIT = 1000.0
SUM_TOLERANCE = 1e-6  # how far from 1 the probabilities' sum may be (ce_core's own tolerance)
PROBABILITIES, LOGITS = "p", "z"


def compact_vector(text: str) -> str:
    """A typed vector as written in the URL: ``0.7, 0.2 0.1`` → ``0.7,0.2,0.1``."""
    return ",".join(item for item in re.split(r"[,;\s]+", text.strip()) if item)


def read_probabilities(text: str) -> np.ndarray:
    """The typed probabilities; raises InputProblem for text that cannot be used."""
    field = t("gradients.p_field")
    p = parse_vector(text, field, min_length=2, low=0, high=1)
    zeros = np.flatnonzero(p == 0)
    if zeros.size:
        raise InputProblem(t("gradients.zero_probability", field=field, position=int(zeros[0])))
    return p


def read_logits(text: str) -> np.ndarray:
    """The typed logits; raises InputProblem for text that cannot be used."""
    return parse_vector(
        text, t("gradients.z_field"), min_length=2, low=-LOGIT_LIMIT, high=LOGIT_LIMIT
    )


def is_normalised(p: np.ndarray) -> bool:
    return abs(p.sum() - 1.0) <= SUM_TOLERANCE


def normalised_text(p: np.ndarray) -> str:
    """The text of ``p`` divided by its sum (what the Normalise button writes)."""
    return format_vector(np.round(p / p.sum(), 10))


def converted(mode: str, p_text: str, z_text: str) -> str | None:
    """The prediction carried over to ``mode``: logits log ŷ from the probabilities, rounded to 4
    decimals, or probabilities softmax(z) from the logits, to 8 digits; None if the text of the
    other mode cannot be used."""
    try:
        if mode == LOGITS:
            p = read_probabilities(p_text)
            logits = descent.logits_from_probabilities(p / p.sum())
            return format_vector(np.round(logits, 4) + 0.0)
        logits = parse_vector(z_text, "z", min_length=2, low=-LOGIT_LIMIT, high=LOGIT_LIMIT)
        return format_vector([float(f"{value:.8g}") for value in cc.softmax(logits)])
    except InputProblem:
        return None
