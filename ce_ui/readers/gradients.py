"""The Gradients page's model: its fields, declared once with their bounds, reading the typed
prediction (probabilities or logits) into what the results use, and the callbacks of its widgets.
Pure functions (no Streamlit), tested in tests/test_ui_gradients.py; ``pages/5_gradients.py``
only draws.

URL: ``y`` (the true class), ``p`` (probabilities) or ``z`` (logits), ``lr`` (learning rate) and
``steps`` (the descent state shown). Whether ``p`` or ``z`` is in a link decides the input mode;
with both, ``p`` is used.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

import ce_core as cc
from ce_core import descent
from ce_ui.fields import (
    OneOf,
    choice_field,
    normalised_text,
    number_field,
    off_one,
    vector_field,
    vector_text,
    vector_to_url,
)
from ce_ui.i18n import t
from ce_ui.inputs import MAX_VECTOR_LENGTH, InputProblem

DEFAULT_P = "0.1,0.5,0.1,0.1,0.2"
DEFAULT_Z = "2,1,0.1"
LOGIT_LIMIT = 1000.0
MAX_STEPS = 100
MODES = PROBABILITIES, LOGITS = "p", "z"

Y = number_field("y", 0, 0, MAX_VECTOR_LENGTH - 1, integer=True)
P = vector_field("p", DEFAULT_P, min_length=2, low=0, high=1)
Z = vector_field("z", DEFAULT_Z, min_length=2, low=-LOGIT_LIMIT, high=LOGIT_LIMIT)
MODE = choice_field("mode", PROBABILITIES, MODES)
LR = number_field("lr", 0.5, 0.001, 10, step=0.1)
STEPS = number_field("steps", 0, 0, MAX_STEPS, integer=True)
PREDICTION = OneOf(
    MODE, ((PROBABILITIES, (P,)), (LOGITS, (Z,))), both_message="gradients.both_given"
)
BOUND = (PREDICTION, Y, LR, STEPS)
"""What the page binds; the link's ``p`` or ``z`` decides the input mode."""

compact_vector = vector_to_url
"""A typed vector as the URL writes it (kept for :mod:`ce_ui.readers.entropy`)."""

PAIR = ((0.1, 0.5, 0.1, 0.1, 0.2), (0.1, 0.6, 0.1, 0.1, 0.1))
PAIR_TRUE_CLASS = 0


def read_probabilities(text: str) -> np.ndarray:
    """The typed probabilities; raises InputProblem for text that cannot be used."""
    field = t("gradients.p_field")
    p = P.parse.read(text, field)
    zeros = np.flatnonzero(p == 0)
    if zeros.size:
        raise InputProblem(t("gradients.zero_probability", field=field, position=int(zeros[0])))
    return p


def read_logits(text: str) -> np.ndarray:
    """The typed logits; raises InputProblem for text that cannot be used."""
    return Z.parse.read(text, t("gradients.z_field"))


@dataclass(frozen=True)
class Prediction:
    """What the results use, read from the field of the current mode."""

    logits: np.ndarray
    """The logits every number is computed from (log ŷ of the probabilities in use)."""
    in_use: np.ndarray
    """The prediction as its field would show what is used: the probabilities after
    normalisation, or the logits (the bad-input message names these)."""
    problem: str | None = None
    """Why the typed text could not be read (the last valid reading, or the default, is used)."""
    total: float | None = None
    """The sum of the probabilities in use when it is not 1 (the page offers to normalise)."""
    typed: np.ndarray | None = None
    """The probabilities before normalisation (what Normalise divides)."""


def read_prediction(mode: str, text: str, last_valid: dict) -> Prediction:
    """The prediction typed in ``mode``; a text that cannot be read leaves the last valid reading
    (kept in ``last_valid``, updated here) or the default in use, with the problem."""
    logits_mode = mode == LOGITS
    field, read = (Z, read_logits) if logits_mode else (P, read_probabilities)
    problem = None
    try:
        values = read(text)
        last_valid[field.key] = values
    except InputProblem as error:
        problem = str(error)
        values = last_valid.get(field.key)
        if values is None:
            values = read(field.default)
    if logits_mode:
        return Prediction(logits=values, in_use=values, problem=problem)
    total = float(values.sum()) if off_one(values) else None
    probabilities = values / values.sum() if total is not None else values
    return Prediction(
        logits=descent.logits_from_probabilities(probabilities),
        in_use=probabilities,
        problem=problem,
        total=total,
        typed=values,
    )


def class_problem(y: int, classes: int) -> str | None:
    """Why the true class ``y`` cannot be used with ``classes`` classes, or None."""
    if y < classes:
        return None
    return t("gradients.class_out_of_range", count=classes, y=y, last=classes - 1)


def converted(mode: str, p_text: str, z_text: str) -> str | None:
    """The prediction carried over to ``mode``: logits log ŷ from the probabilities, rounded to 4
    decimals, or probabilities softmax(z) from the logits, to 8 digits; None if the text of the
    other mode cannot be used."""
    try:
        if mode == LOGITS:
            p = read_probabilities(p_text)
            logits = descent.logits_from_probabilities(p / p.sum())
            return vector_text(np.round(logits, 4) + 0.0)
        logits = read_logits(z_text)
        return vector_text(float(f"{value:.8g}") for value in cc.softmax(logits))
    except InputProblem:
        return None


def true_class_gradient_curves() -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """∂L/∂ŷ and ∂L/∂z of the true class over a grid of its probability ŷ (the rest of the mass
    on one other class: the true class's gradients do not depend on how the rest is shared)."""
    grid = np.geomspace(1e-3, 0.999, 200)
    predictions = np.column_stack([grid, 1.0 - grid])
    true_class = np.zeros(grid.size, dtype=int)
    probability_gradient = cc.probability_grad(true_class, predictions)[:, 0]
    logit_gradient = cc.cross_entropy_grad(true_class, np.log(predictions), reduction="sum")[:, 0]
    return grid, probability_gradient, logit_gradient


# ---------------------------------------------------------------- callbacks (run before a rerun)
# They change the page only through its Frame (``value``, ``set_value``), so a test drives them
# with a stand-in page.


def on_mode_change(page) -> None:
    """On a switch of input mode, carry the prediction over (the text is left alone if the other
    mode's is unusable)."""
    mode = page.value(MODE)
    text = converted(mode, page.value(P), page.value(Z))
    if text is not None:
        page.set_value(Z if mode == LOGITS else P, text)


def use_pair(page, probabilities: tuple[float, ...]) -> None:
    page.set_value(MODE, PROBABILITIES)
    page.set_value(P, vector_text(probabilities))
    page.set_value(Y, PAIR_TRUE_CLASS)


def on_bars_change(values: list[float], page) -> None:
    """The dragged logit bars write the field of the current mode (and so the URL): the logits
    to six significant digits, or their softmax with the one rounding rule of Normalise."""
    logits = np.clip(np.array(values, dtype=float), -LOGIT_LIMIT, LOGIT_LIMIT)
    if page.value(MODE) == LOGITS:
        page.set_value(Z, vector_text(float(f"{v:.6g}") + 0.0 for v in logits))
    else:  # a probability that underflows would have no logit: kept at the smallest normal
        probabilities = np.maximum(cc.softmax(logits), np.finfo(float).tiny)
        page.set_value(P, normalised_text(probabilities))
