"""The Multi-label page's inputs and scoring: its fields, reading the typed example, and the
many-class scenario (constant negatives in closed form, Beta-distributed ones cached)."""

from __future__ import annotations

import numpy as np
import streamlit as st

from ce_core import scenarios
from ce_ui.i18n import translate
from ce_ui.inputs import MAX_VECTOR_CHARS, InputProblem, parse_vector
from ce_ui.scenario_inputs import CLASSES, P_NEG, P_POS, POSITIVES
from ce_ui.url_state import Field, choice, format_number, number, quote_user_text

SINGLE = ("1,0,0,0,0", "0.1,0.5,0.1,0.1,0.2")
MULTI = ("1,0,0,0,1", "0.1,0.5,0.1,0.1,0.9")
SPREADS = ("constant", "beta")
MAX_SEED = 1_000_000

Y = Field("y", SINGLE[0], max_chars=MAX_VECTOR_CHARS)
P = Field("p", SINGLE[1], max_chars=MAX_VECTOR_CHARS)
NEG_WEIGHT = Field("neg_weight", 1.0, number(0, 1), format_number)
REDUCTION = Field("reduction", "sum", choice(scenarios.REDUCTIONS))
SPREAD = Field("neg_dist", "constant", choice(SPREADS))
CONCENTRATION = Field("kappa", 10.0, number(1, 1000), format_number)
SEED = Field("seed", 0, number(0, MAX_SEED, integer=True))
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
SCENARIO_PRESETS = (
    ("preset_brief", {CLASSES: 1000, POSITIVES: 2, P_POS: 0.8, P_NEG: 0.1, NEG_WEIGHT: 1.0}),
    ("preset_huge", {CLASSES: 100_000, POSITIVES: 5, P_POS: 0.8, P_NEG: 0.01, NEG_WEIGHT: 1.0}),
)


def read_example(lang: str, y_text: str, p_text: str) -> tuple[np.ndarray, np.ndarray]:
    """The labels (0 or 1) and probabilities (strictly between 0 and 1) typed in, as many of
    each; raises InputProblem naming the field, the position and the value to fix."""
    y_field = translate(lang, "multilabel.y_label")
    p_field = translate(lang, "multilabel.p_label")
    y = parse_vector(y_text, y_field, min_length=2, low=0, high=1)
    p = parse_vector(p_text, p_field, min_length=2, low=0, high=1)
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
                y_count=y.size,
                p_count=p.size,
            )
        )
    return y, p


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


def not_carried_to_focal(lang: str, *, neg_weight: float, reduction: str, beta: bool) -> str | None:
    """The note beside the link to the Focal page: which of this scenario's settings focal loss's
    scenario does not model (it sums, weighs every negative 1 and gives them one p); None when
    the scenario has none of them."""
    dropped = []
    if neg_weight != 1:
        dropped.append(
            translate(lang, "multilabel.dropped_weight", weight=format_number(neg_weight))
        )
    if reduction != "sum":
        dropped.append(translate(lang, "multilabel.dropped_mean"))
    if beta:
        dropped.append(translate(lang, "multilabel.dropped_beta"))
    if not dropped:
        return None
    return translate(lang, "multilabel.to_focal_dropped", dropped="; ".join(dropped))
