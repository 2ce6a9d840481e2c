"""The Focal page's inputs and numbers: its fields (α is one URL value, a number or none) and
the curves of the paper's γ."""

from __future__ import annotations

import numpy as np
import streamlit as st

from ce_core import focal, scenarios
from ce_ui.scenario_inputs import CLASSES, P_NEG, P_POS, POSITIVES
from ce_ui.url_state import Field, format_number, number

P_T_MIN, P_T_MAX, P_T_STEP = 0.001, 0.999, 0.001
PAPER_GAMMAS = (0.0, 0.5, 1.0, 2.0, 5.0)
FIGURE1_P_T = (0.1, 0.3, 0.5, 0.7, 0.9, 0.99)
TABLE_P_T = (0.1, 0.5, 0.9, 0.968, 0.99)
GRID = np.linspace(P_T_MIN, P_T_MAX, 150)
DEFAULT_ALPHA = 0.25
FIGURE1_TOP_NATS = 5.0  # the paper's Figure 1 shows losses up to 5 nats

_parse_weight = number(0, 1)


def parse_alpha(text: str) -> float | None:
    """``none`` (no α factor) or a number in [0, 1]."""
    if text.strip().lower() == "none":
        return None
    return _parse_weight(text)


def dump_alpha(alpha: float | None) -> str:
    return "none" if alpha is None else format_number(alpha)


GAMMA = Field("gamma", 2.0, number(0, 5), format_number)
ALPHA = Field("alpha", None, parse_alpha, dump_alpha)
P_T = Field("p", 0.9, number(P_T_MIN, P_T_MAX), format_number)
FIELDS = (GAMMA, ALPHA, P_T, CLASSES, POSITIVES, P_POS, P_NEG)
ALPHA_ON_KEY, ALPHA_VALUE_KEY = "focal.alpha_on", "focal.alpha_value"
SETTING_PRESETS = (
    ("preset_ce", 0.0, None),
    ("preset_paper", 2.0, DEFAULT_ALPHA),
    ("preset_strong", 5.0, None),
)
SCENARIO_PRESETS = (
    ("preset_brief", {CLASSES: 1000, POSITIVES: 2, P_POS: 0.8, P_NEG: 0.1}),
    ("preset_easy", {CLASSES: 1000, POSITIVES: 2, P_POS: 0.8, P_NEG: 0.01}),
    ("preset_huge", {CLASSES: 100_000, POSITIVES: 5, P_POS: 0.8, P_NEG: 0.01}),
)


def paper_curves(base: float) -> tuple[list[np.ndarray], list[np.ndarray], np.ndarray]:
    """For each γ of the paper, over GRID: focal loss (no α) of a positive example, and the
    modulating factor; and the loss at the pₜ of the paper's Figure 1 (rows γ, columns pₜ)."""
    points = np.concatenate([GRID, FIGURE1_P_T])  # one call per γ for the curve and the table
    values = [
        scenarios.binary_class_terms(np.ones_like(points), points, gamma=gamma, base=base)
        for gamma in PAPER_GAMMAS
    ]
    factors = [scenarios.modulating_factor(GRID, gamma) for gamma in PAPER_GAMMAS]
    losses = [row[: GRID.size] for row in values]
    table = np.array([row[GRID.size :] for row in values])
    return losses, factors, table


@st.cache_data(max_entries=64, show_spinner=False)
def stronger(gamma: float, alpha: float | None) -> tuple[tuple[float, float], ...]:
    """Where focal loss's gradient is stronger than cross-entropy's (cached: a root search)."""
    return focal.focal_gradient_stronger(gamma, alpha)
