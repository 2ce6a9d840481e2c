"""The Multi-label page's model: its fields, reading the typed example (with the last valid one
kept while a field cannot be read), scoring it both ways, the many-class scenario (constant
negatives in closed form, Beta-distributed ones cached), the numbers each quiz hides, and the
callbacks of its presets and bars. Pure functions and Frame-API callbacks, tested without AppTest
(tests/test_ui_multilabel.py)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import streamlit as st

from ce_core import scenarios
from ce_ui import fields
from ce_ui.format import sig, sig_padded
from ce_ui.i18n import translate
from ce_ui.inputs import InputProblem
from ce_ui.scenario_inputs import (
    CLASSES,
    CONCENTRATION,
    MAX_SEED,
    NEG_WEIGHT,
    P_NEG,
    P_POS,
    POSITIVES,
    REDUCTION,
    SEED,
    SPREAD,
    SPREADS,
    not_carried,
)
from ce_ui.url_state import format_number, quote_user_text

__all__ = ["CONCENTRATION", "MAX_SEED", "NEG_WEIGHT", "REDUCTION", "SEED", "SPREAD", "SPREADS"]

SINGLE = ("1,0,0,0,0", "0.1,0.5,0.1,0.1,0.2")
MULTI = ("1,0,0,0,1", "0.1,0.5,0.1,0.1,0.9")
BAR_DIGITS = 4
"""Significant digits a dragged bar writes into the typed field."""

Y = fields.vector_field("y", SINGLE[0], min_length=2, low=0, high=1)
P = fields.vector_field("p", SINGLE[1], min_length=2, low=0, high=1)
FIELDS = (
    Y,
    P,
    CLASSES,
    POSITIVES,
    P_POS,
    P_NEG,
    NEG_WEIGHT,
    REDUCTION,
    SPREAD,
    CONCENTRATION,
    SEED,
)
EXAMPLE_PRESETS = (("preset_single", SINGLE), ("preset_multi", MULTI))
SCENARIO_PRESETS = (
    ("preset_brief", {CLASSES: 1000, POSITIVES: 2, P_POS: 0.8, P_NEG: 0.1, NEG_WEIGHT: 1.0}),
    ("preset_huge", {CLASSES: 100_000, POSITIVES: 5, P_POS: 0.8, P_NEG: 0.01, NEG_WEIGHT: 1.0}),
)


def read_example(lang: str, y_text: str, p_text: str) -> tuple[np.ndarray, np.ndarray]:
    """The labels (0 or 1) and probabilities (strictly between 0 and 1) typed in, as many of
    each; raises InputProblem naming the field, the position and the value to fix."""
    y_field = translate(lang, "multilabel.y_label")
    p_field = translate(lang, "multilabel.p_label")
    y = Y.parse.read(y_text, y_field)
    p = P.parse.read(p_text, p_field)
    for rule, field, values, bad in (
        ("y_not_binary", y_field, y, (y != 0) & (y != 1)),
        ("p_not_open", p_field, p, (p == 0) | (p == 1)),
    ):
        if bad.any():
            first = int(np.argmax(bad))
            raise InputProblem(
                translate(
                    lang,
                    f"multilabel.{rule}",
                    field=field,
                    position=first + 1,
                    item=quote_user_text(format_number(values[first])),
                )
            )
    if y.size != p.size:
        raise InputProblem(
            translate(
                lang,
                "multilabel.length_mismatch",
                y_field=y_field,
                p_field=p_field,
                count=y.size,
                p_count=p.size,
            )
        )
    return y, p


@dataclass(frozen=True)
class Reading:
    """The example the results use, and (when a field could not be read) the problem and the
    text naming the example in use instead."""

    y: np.ndarray
    p: np.ndarray
    problem: str | None = None
    in_use: str | None = None


def example_text(lang: str, y: np.ndarray, p: np.ndarray) -> str:
    """``y = 1, 0, 0 and p = 0.1, 0.5, 0.4``: the example in use, for the bad-input message."""
    return translate(
        lang, "multilabel.example_in_use", y=fields.shown_values(y), p=fields.shown_values(p)
    )


def read_or_keep(lang: str, y_text: str, p_text: str, last_valid: dict) -> Reading:
    """The typed example; when it cannot be read, the last valid one (or the default) with the
    problem and the values in use (the one bad-input policy). ``last_valid`` is the page's dict."""
    try:
        y, p = read_example(lang, y_text, p_text)
    except InputProblem as problem:
        y, p = last_valid.get("example") or read_example(lang, *SINGLE)
        return Reading(y, p, str(problem), example_text(lang, y, p))
    last_valid["example"] = (y, p)
    return Reading(y, p)


@dataclass(frozen=True)
class Scores:
    """One example scored both ways: the per-class binary terms and their sum, the softmax view
    (None without a label), and what the absent classes add."""

    labels: int
    binary_terms: np.ndarray
    binary: float
    view: scenarios.CategoricalView | None

    @property
    def single_label(self) -> bool:
        return self.labels == 1

    @property
    def extra(self) -> float:
        """The absent classes' binary terms, summed (what categorical CE ignores)."""
        return float(self.binary_terms[self.view.target == 0].sum()) if self.view else self.binary


def score(y: np.ndarray, p: np.ndarray, base: float) -> Scores:
    labels = int(y.sum())
    terms = scenarios.binary_class_terms(y, p, base=base)
    view = scenarios.categorical_view(y, p, base=base) if labels else None
    return Scores(labels, terms, float(terms.sum()), view)


def single_answer(scores: Scores) -> float:
    """The answer to the single-label quiz: how much more the sigmoids cost than the softmax."""
    return scores.binary - scores.view.loss


def single_metrics(scores: Scores) -> tuple[tuple[str, str], ...]:
    """The single-label section's headline numbers: (metric name, shown value)."""
    return (
        ("metric_categorical", sig_padded(scores.view.loss)),
        ("metric_binary", sig_padded(scores.binary)),
        ("metric_difference", sig_padded(scores.extra)),
    )


def sum_metric(scores: Scores) -> tuple[tuple[str, str], ...]:
    """Section 1's headline number for no label or several: the sum of the binary CEs."""
    return (("metric_binary", sig_padded(scores.binary)),)


def multi_metrics(scores: Scores) -> tuple[tuple[str, str], ...]:
    """The several-labels section's headline numbers."""
    view = scores.view
    return (
        ("metric_multi_binary", sig_padded(scores.binary)),
        ("metric_forced", sig_padded(view.loss)),
        ("metric_floor", sig_padded(view.floor)),
        ("metric_best_p", sig(view.best_probability)),
    )


def scenario_metrics(loss) -> tuple[tuple[str, str], ...]:
    """The many-class scenario's headline numbers."""
    return (
        ("metric_pos", sig_padded(loss.positives)),
        ("metric_neg", sig_padded(loss.negatives)),
        ("metric_total", sig_padded(loss.total)),
        ("metric_share", f"{sig(100 * loss.negative_share)} %"),
    )


def share_answer(loss) -> float:
    """The answer to the many-class quiz, in per cent: the negatives' share of the loss."""
    return 100 * loss.negative_share


@st.cache_data(max_entries=64, show_spinner=False)
def _beta_scenario(classes, positives, p_pos, p_neg, neg_weight, reduction, base, kappa, seed):
    return scenarios.many_class_scenario(
        classes,
        positives,
        p_pos,
        p_neg,
        neg_weight=neg_weight,
        reduction=reduction,
        base=base,
        concentration=kappa,
        seed=seed,
    )


def scenario(
    classes: int,
    positives: int,
    p_pos: float,
    p_neg: float,
    neg_weight: float,
    reduction: str,
    base: float,
    concentration: float | None,
    seed: int,
):
    """The many-class scenario: constant negatives (``concentration`` None) in closed form
    (constant time, cheaper than a cache look-up), Beta-distributed ones vectorised and cached."""
    if concentration is None:
        return scenarios.many_class_scenario(
            classes, positives, p_pos, p_neg, neg_weight=neg_weight, reduction=reduction, base=base
        )
    return _beta_scenario(
        classes=classes,
        positives=positives,
        p_pos=p_pos,
        p_neg=p_neg,
        neg_weight=neg_weight,
        reduction=reduction,
        base=base,
        kappa=concentration,
        seed=seed,
    )


def balancing_weight(unweighted) -> float | None:
    """The negatives' weight that makes them half the loss; None when there is nothing to
    balance (no positives' loss, or the negatives already the smaller part)."""
    if unweighted.negatives > unweighted.positives > 0:
        return float(scenarios.negative_weight_for_share(unweighted, 0.5))
    return None


def split_rows(lang: str, loss, unweighted, *, neg_weight: float, reduction: str, classes: int):
    """The rows of the loss-split chart: your scenario, and (with a weight) the same without it,
    on the same scale (divided by C for the mean)."""
    rows = [(translate(lang, "multilabel.split_row"), loss.positives, loss.negatives)]
    if neg_weight != 1:
        scale = 1.0 if reduction == "sum" else 1.0 / classes
        rows.append(
            (
                translate(lang, "multilabel.split_row_unweighted"),
                unweighted.positives * scale,
                unweighted.negatives * scale,
            )
        )
    return rows


def not_carried_to_focal(lang: str, *, neg_weight: float, reduction: str, beta: bool) -> str | None:
    """The note beside the link to the Focal page: which of this scenario's settings focal loss's
    scenario does not model (it sums, weighs every negative 1 and gives them one p); None when
    the scenario has none of them."""
    query = {
        NEG_WEIGHT.key: NEG_WEIGHT.dump(neg_weight),
        REDUCTION.key: reduction,
        SPREAD.key: "beta" if beta else "constant",
    }
    dropped = not_carried(query, lang)
    if not dropped:
        return None
    return translate(lang, "multilabel.to_focal_dropped", dropped="; ".join(dropped))


# ---------------------------------------------------------------- callbacks (Frame API only)


def set_values(page, values: dict) -> None:
    """A preset's callback: set each field."""
    for field, value in values.items():
        page.set_value(field, value)


def load_example(page, example: tuple[str, str]) -> None:
    set_values(page, {Y: example[0], P: example[1]})


def bar_text(values) -> str:
    """Dragged sigmoid probabilities as the typed field holds them: four significant digits,
    kept strictly inside (0, 1) as the field requires."""
    low, high = scenarios.PROBABILITY_LOW, scenarios.PROBABILITY_HIGH
    rounded = (float(f"{v:.{BAR_DIGITS}g}") for v in np.clip(values, low, high))
    return fields.vector_text(min(max(v, low), high) for v in rounded)


def on_bars_change(values: list[float], page) -> None:
    """The dragged bars write the typed probabilities (and so the URL)."""
    page.set_value(P, bar_text(values))
