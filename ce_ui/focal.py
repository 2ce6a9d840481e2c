"""The Focal page's model: its fields (declared once, with their bounds), the presets' callbacks,
and the numbers the page shows, computed by ce_core (one positive example at pₜ, the curves of
the paper's γ, the gradients, the many-class scenario's check)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import streamlit as st

import ce_core as cc
from ce_core import focal, scenarios
from ce_ui import fields
from ce_ui.i18n import t
from ce_ui.scenario_inputs import CLASSES, P_NEG, P_POS, POSITIVES
from ce_ui.url_state import format_number

P_T_MIN, P_T_MAX, P_T_STEP = 0.001, 0.999, 0.001
PAPER_GAMMAS = (0.0, 0.5, 1.0, 2.0, 5.0)
FIGURE1_P_T = (0.1, 0.3, 0.5, 0.7, 0.9, 0.99)
TABLE_P_T = (0.1, 0.5, 0.9, 0.968, 0.99)
GRID = np.linspace(P_T_MIN, P_T_MAX, 150)
DEFAULT_ALPHA = 0.25
FIGURE1_TOP_NATS = 5.0  # the paper's Figure 1 shows losses up to 5 nats

GAMMA = fields.number_field("gamma", 2.0, 0, 5, step=0.1)
ALPHA = fields.Optional(
    fields.flag_field("alpha_on"),  # the switch: never in the URL
    fields.number_field("alpha", DEFAULT_ALPHA, 0, 1, step=0.01),
    off="none",  # links written before α became optional say alpha=none for "no α"
)
P_T = fields.number_field("p", 0.9, P_T_MIN, P_T_MAX, step=P_T_STEP)
FIELDS = (GAMMA, ALPHA, P_T, CLASSES, POSITIVES, P_POS, P_NEG)
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


# ---------------------------------------------------------------- presets (Frame API only)


def set_setting(page, gamma: float, alpha: float | None) -> None:
    """A settings preset: γ, and α switched off (None) or on at ``alpha``."""
    page.set_value(GAMMA, gamma)
    page.set_value(ALPHA.switch, alpha is not None)
    if alpha is not None:
        page.set_value(ALPHA.value, alpha)


def on_handle(value: float, page) -> None:
    """pₜ was dragged (or moved by a key) on the curve handle: the pₜ slider takes it, on the
    slider's own steps and within its range."""
    steps = round((float(value) - P_T_MIN) / P_T_STEP)
    page.set_value(P_T, min(P_T_MAX, max(P_T_MIN, round(P_T_MIN + steps * P_T_STEP, 6))))


def set_scenario(page, values: dict) -> None:
    """A scenario preset: each of the scenario's fields set to its value."""
    for field, value in values.items():
        page.set_value(field, value)


def alpha_in_use(page) -> float | None:
    """α as the numbers use it: None while the switch is off."""
    return page.value(ALPHA.value) if page.value(ALPHA.switch) else None


# ---------------------------------------------------------------- the numbers


@dataclass(frozen=True)
class Point:
    """One positive example at ``p_t`` under cross-entropy and focal loss, and the table's pₜ."""

    p_t: float
    ce: float
    fl: float
    times: float  # CE / FL
    factor: float  # (1 − pₜ)^γ
    ce_terms: np.ndarray  # yours first, then TABLE_P_T's
    fl_terms: np.ndarray
    times_terms: np.ndarray

    def at(self, p_t: float) -> tuple[float, float, float]:
        """``(CE, FL, CE / FL)`` at one of :data:`TABLE_P_T`."""
        index = 1 + TABLE_P_T.index(p_t)
        return (
            float(self.ce_terms[index]),
            float(self.fl_terms[index]),
            float(self.times_terms[index]),
        )


def point(p_t: float, gamma: float, alpha: float | None, base: float) -> Point:
    ce, fl, times = scenarios.down_weighting([p_t, *TABLE_P_T], gamma=gamma, alpha=alpha, base=base)
    return Point(
        p_t=float(p_t),
        ce=float(ce[0]),
        fl=float(fl[0]),
        times=float(times[0]),
        factor=float(scenarios.modulating_factor(p_t, gamma)),
        ce_terms=ce,
        fl_terms=fl,
        times_terms=times,
    )


@st.cache_data(max_entries=4, show_spinner=False)
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


def curve_name(gamma: float, alpha: float | None) -> str:
    """The legend's name of your curve: ``yours: γ = 2`` (with ``, α = 0.25`` when α is on)."""
    if alpha is None:
        return t("focal.yours_curve", gamma=format_number(gamma))
    return t("focal.yours_curve_alpha", gamma=format_number(gamma), alpha=format_number(alpha))


def animation_labels() -> dict[str, str]:
    """The words of the γ animation's controls (the speed a ``{speed}`` template)."""
    return {
        "play": t("focal.anim_play"),
        "pause": t("focal.anim_pause"),
        "speed": t("focal.anim_speed", speed="{speed}"),
        "gamma": t("focal.anim_gamma"),
    }


@dataclass(frozen=True)
class Gradient:
    """The gradients with respect to the logit of a positive example, over GRID and at pₜ, and
    the exact factor between them with its two parts."""

    ce: np.ndarray
    fl: np.ndarray
    ce_at: float
    fl_at: float
    factor: float  # ∂FL/∂z over ∂CE/∂z at pₜ
    lift: float  # 1 + γ pₜ (−ln pₜ) / (1 − pₜ): what differentiating (1 − pₜ)^γ adds


def gradient(p_t: float, gamma: float, alpha: float | None) -> Gradient:
    logits = scenarios.logit(np.append(GRID, p_t))  # over GRID and, last, at your p_t
    positive = np.ones_like(logits)
    ce = cc.binary_cross_entropy_grad(positive, logits, reduction="none")
    fl = cc.focal_loss_grad(positive, logits, gamma=gamma, alpha=alpha, reduction="none")
    factor_at = float(scenarios.modulating_factor(p_t, gamma))
    return Gradient(
        ce=ce[:-1],
        fl=fl[:-1],
        ce_at=float(ce[-1]),
        fl_at=float(fl[-1]) + 0.0,  # −0 shows as 0
        factor=float(focal.focal_gradient_factor(p_t, gamma, alpha)),
        lift=float(focal.focal_gradient_factor(p_t, gamma)) / factor_at,
    )


@st.cache_data(max_entries=64, show_spinner=False)
def stronger(gamma: float, alpha: float | None) -> tuple[tuple[float, float], ...]:
    """Where focal loss's gradient is stronger than cross-entropy's (cached: a root search)."""
    return focal.focal_gradient_stronger(gamma, alpha)


def positives_in_use(classes: int, positives: int) -> tuple[int, tuple[str, str] | None]:
    """The scenario's positives as the numbers use them (at most ``classes``), and, when there
    were more, the problem and the value in use for ``page.bad_input``."""
    if positives <= classes:
        return positives, None
    problem = t("focal.too_many_positives", positives=positives, classes=classes)
    return classes, (problem, t("focal.positives_used", count=classes))


GAMMA_STEPS = tuple(round(0.1 * step, 1) for step in range(51))
"""The γ of the Figure-1 animation's frames: the γ slider's own steps, 0 to 5 by 0.1."""


@dataclass(frozen=True)
class GammaFrames:
    """Focal loss of a positive example over GRID for each γ of the animation (your α), and its
    value at your pₜ; ``active`` is the frame of your γ (added when it is between two steps)."""

    gammas: tuple[float, ...]
    curves: np.ndarray  # rows γ, columns GRID
    at_p_t: np.ndarray
    active: int


@st.cache_data(max_entries=64, show_spinner=False)
def gamma_frames(gamma: float, alpha: float | None, p_t: float, base: float) -> GammaFrames:
    """The animation's frames for these inputs (cached: 51 curves of focal loss)."""
    gammas = tuple(sorted({*GAMMA_STEPS, float(gamma)}))
    points = np.append(GRID, p_t)
    ones = np.ones_like(points)
    rows = np.array(
        [
            scenarios.binary_class_terms(ones, points, gamma=g, alpha=alpha, base=base)
            for g in gammas
        ]
    )
    return GammaFrames(gammas, rows[:, :-1], rows[:, -1], gammas.index(float(gamma)))
