"""The Curves page's model: its fields and their callbacks, and its numbers from ce_core (the
binary cross-entropy and its slope over p, what each library's clipping or clamping does near 0),
with the arguments of its charts. Pure (no Streamlit), tested in tests/test_formulas_curves.py and
tests/test_ui_curves.py; ``pages/2_curves.py`` only draws.

URL: ``p`` (any float strictly between 0 and 1), ``y`` (0 or 1), ``eps`` (clipping; absent when
it is off, 0 in a link also means off).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, NamedTuple

import numpy as np
import streamlit as st

import ce_core as cc
from ce_core import curves
from ce_ui.explanations.curves import clip_rule
from ce_ui.fields import View, number_field
from ce_ui.figures import style
from ce_ui.figures.curves import Cap, Point
from ce_ui.format import sig, unrounded
from ce_ui.formulas import curves as formulas
from ce_ui.i18n import t
from ce_ui.url_state import InvalidValue, format_number, number, quote_user_text

EPS_MAX = 0.1
# The exact field: every float strictly between 0 and 1 (its widget offers 5e-324 to 1 − 2⁻⁵³).
P = number_field("p", 0.9, 0, 1, low_open=True, high_open=True)
Y = number_field("y", 1, 0, 1, integer=True)
EPS = number_field("eps", 0.0, 0, EPS_MAX, step=0.001)
FIELDS = (P, Y, EPS)
# The slider: a coarse view of the exact p, kept in step with it (never in the URL).
SLIDER = View("p_slider", rule=number(0.001, 0.999, step=0.001))
LABELS = tuple(range(Y.parse.high, Y.parse.low - 1, -1))
"""The radio's options, y = 1 first (the branch −log p)."""

# Preset buttons (p, y): the two worked numbers, the mirror branch, a confident mistake.
WORKED = ((0.9, 1), (0.1, 1), (0.9, 0), (0.001, 1))
# Probabilities on the true class whose losses (0.105 and 2.30 nats) are annotated.
WORKED_ON_TRUTH = (0.9, 0.1)
EPS_PRESETS = (
    ("eps_off", 0.0),
    ("eps_keras", curves.KERAS_EPSILON),
    ("eps_sklearn", curves.SKLEARN_EPSILON),
    ("eps_visible", 0.01),
)
# Probabilities on the truth for the table of ever more confident mistakes.
LADDER = (0.9, 0.5, 0.1, 0.01, 0.001)
# The loss chart's y axis reaches the loss at this probability on the truth, or higher.
USUAL_TOP_P = 0.001
# The slope chart's y axis reaches ±the slope at this probability on the truth, or further.
USUAL_SLOPE_P = 0.05
# The log-scale chart starts here (below PyTorch's e^−100), or lower for a smaller pₜ.
CAP_CHART_SMALLEST = 1e-50


def losses(y_true, p, *, eps=None, base=math.e) -> np.ndarray:
    """Element-wise binary cross-entropy of labels and probabilities of the same shape."""
    p = np.asarray(p, dtype=np.float64)
    y_true = np.broadcast_to(np.asarray(y_true, dtype=np.float64), p.shape)
    return cc.binary_cross_entropy(y_true, p, eps=eps, reduction="none", base=base)


def one_loss(y_true, p, *, eps=None, base=math.e) -> float:
    return float(losses([y_true], [p], eps=eps, base=base)[0])


@st.cache_data(max_entries=16, show_spinner=False)
def curve_data(eps: float | None, base: float):
    """The probability grid and, for y = 0 and y = 1, the loss and its slope on it (cached: both
    charts draw them, and only ε and the units change them)."""
    grid = curves.probability_grid()
    loss = {label: losses(label, grid, eps=eps, base=base) for label in (0, 1)}
    slopes = {
        label: curves.binary_cross_entropy_slope(label, grid, eps=eps, base=base)
        for label in (0, 1)
    }
    return grid, loss, slopes


def exact_against_truth(smallest: float, base: float):
    """Probabilities on the truth from ``smallest`` to 1, evenly in log, and −log of each."""
    grid = np.geomspace(smallest, 1.0, 121)
    return grid, losses(1, grid, base=base)


class Libraries(NamedTuple):
    caps: list[Cap]  # one per library, for the chart
    rows: list[tuple[str, str, float, float]]  # (library, rule, cap, loss at p), for the table
    torch_cap: float


def libraries_near_zero(eps: float | None, y: int, p: float, base: float) -> Libraries:
    """Each library's ceiling on the branch y shown and its loss at ``p``; the user's ε gets its
    own row when it is neither Keras's nor scikit-learn's.

    Each clip runs in the dtype that library computes in (Keras: float32; scikit-learn: its
    input's, and the p typed here is float64), so in float32 the cap depends on y."""
    libraries = [
        (t("curves.library_keras"), curves.KERAS_EPSILON, style.BLUE, curves.KERAS_DTYPE),
        (t("curves.library_sklearn"), curves.SKLEARN_EPSILON, style.GREEN, np.float64),
    ]
    if eps is not None and eps not in (curves.KERAS_EPSILON, curves.SKLEARN_EPSILON):
        libraries.insert(0, (t("curves.library_yours"), eps, style.ORANGE, np.float64))
    exact_loss = one_loss(y, p, base=base)
    rows = [
        (t("curves.library_exact"), t("curves.rule_none"), one_loss(1, 0.0, base=base), exact_loss)
    ]
    caps = []
    for name, clip_eps, colour, dtype in libraries:
        cap = float(curves.clip_cap(clip_eps, y, dtype=dtype, base=base))
        onset = curves.clip_floor_on_truth(clip_eps, y, dtype=dtype)
        caps.append(Cap(t("curves.cap_trace", library=name, value=sig(cap)), cap, onset, colour))
        here = cc.binary_cross_entropy(
            [float(y)], np.array([p], dtype=dtype), eps=clip_eps, base=base
        )
        rows.append((name, clip_rule(clip_eps, dtype), cap, float(here)))
    torch = t("curves.library_torch")
    torch_cap = float(curves.log_clamped_binary_cross_entropy(1, 0.0, base=base))
    torch_name = t("curves.cap_trace", library=torch, value=sig(torch_cap))
    caps.append(Cap(torch_name, torch_cap, curves.TORCH_CLAMP_ONSET, style.PURPLE))
    torch_here = float(curves.log_clamped_binary_cross_entropy(y, p, base=base))
    rows.append((torch, t("curves.rule_clamp"), torch_cap, torch_here))
    return Libraries(caps, rows, torch_cap)


# ---------------------------------------------------------------- the fields' callbacks


def slider_shown(p: float) -> float:
    """The slider's position for the exact ``p``: rounded to its step, inside its range."""
    rule = SLIDER.rule
    return min(max(round(p, 3), rule.widget_low), rule.widget_high)


def on_slider(page) -> None:
    """The slider moved: p becomes its value (rounded to the step, as the slider shows it)."""
    page.set_value(P, round(float(page.view_value(SLIDER)), 3))


def on_handle(value: float, page) -> None:
    """The point was dragged (or moved by a key) on the curve handle: p becomes its value."""
    page.set_value(P, float(value))


def set_example(page, p: float, y: int) -> None:
    page.set_value(P, p)
    page.set_value(Y, y)


def read_p(value: Any, page) -> tuple[float, str | None]:
    """The p the results use, and what is wrong with ``value`` (None when nothing is): a value
    that is not a number strictly between 0 and 1 keeps the page's last valid p (or the
    default), for ``page.bad_input``."""
    try:
        p = P.parse(format_number(value))
    except (InvalidValue, TypeError, ValueError):
        shown = quote_user_text(str(value))
        rule = t("common.rule_number", **P.parse.bounds)
        return page.last_valid.get(P.key, P.default), t("curves.p_invalid", value=shown, rule=rule)
    page.last_valid[P.key] = p
    return p, None


# ---------------------------------------------------------------- the numbers of one view


@dataclass(frozen=True)
class Result:
    """Everything the page shows about one (p, y, ε), in the units of ``base``."""

    p: float
    y: int
    eps: float | None
    base: float
    loss: float
    exact_loss: float
    slope: float
    exact_slope: float
    p_true: float
    clipped_p: float
    digits: int
    worked: tuple[Point, ...]
    cap_height: float | None

    @property
    def is_clipped(self) -> bool:
        return self.clipped_p != self.p


def result(p: float, y: int, eps_setting: float, base: float) -> Result:
    eps = eps_setting if eps_setting > 0 else None
    loss = one_loss(y, p, eps=eps, base=base)
    clipped_p = p if eps is None else min(max(p, eps), 1 - eps)
    worked = []
    for on_truth in WORKED_ON_TRUTH:
        worked_p = on_truth if y == 1 else 1 - on_truth
        worked_loss = one_loss(y, worked_p, eps=eps, base=base)
        label = t("curves.worked_point", p=sig(worked_p), loss=sig(worked_loss))
        worked.append(Point(worked_p, worked_loss, label))
    return Result(
        p=p,
        y=y,
        eps=eps,
        base=base,
        loss=loss,
        exact_loss=one_loss(y, p, base=base),
        slope=float(curves.binary_cross_entropy_slope(y, p, eps=eps, base=base)),
        exact_slope=float(curves.binary_cross_entropy_slope(y, p, base=base)),
        p_true=float(curves.probability_of_truth(y, p)),
        clipped_p=clipped_p,
        digits=formulas.p_digits(clipped_p, y, loss, base),
        worked=tuple(worked),
        cap_height=None if eps is None else one_loss(1, 0.0, eps=eps, base=base),
    )


def worked_buttons(base: float, unit: str, *, hide_losses: bool = False) -> list[tuple]:
    """The worked examples' buttons: ``(p, y, label)``; a quiz hides their losses."""
    buttons = []
    for p, y in WORKED:
        if hide_losses:
            label = t("curves.worked_button_quiz", p=format_number(p), y=y)
        else:
            loss = f"{sig(one_loss(y, p, base=base))} {unit}"
            label = t("curves.worked_button", p=format_number(p), y=y, loss=loss)
        buttons.append((p, y, label))
    return buttons


def ladder(base: float) -> tuple[np.ndarray, np.ndarray]:
    """The losses and slopes of ever more confident mistakes (:data:`LADDER` on the truth)."""
    on_truth = np.array(LADDER)
    return losses(1, on_truth, base=base), curves.binary_cross_entropy_slope(1, on_truth, base=base)


def _branch_names(branches: dict[int, str]) -> dict[int, str]:
    return {label: t("curves.branch_name", y=label, formula=branches[label]) for label in (0, 1)}


def chosen_label(p: float, value: str) -> str:
    return t("curves.chosen_loss", p=unrounded(p, 0, 1), loss=value)


def loss_chart(r: Result, units: str, unit: str, *, hidden: bool = False) -> tuple[tuple, dict]:
    """The arguments of ``figures.loss_figure`` for ``r``; ``hidden`` (a quiz before Reveal)
    labels the chosen point with p alone and leaves out every loss written as a number."""
    grid, loss_values, _ = curve_data(r.eps, r.base)
    label = (
        t("curves.chosen_hidden", p=unrounded(r.p, 0, 1))
        if hidden
        else chosen_label(r.p, sig(r.loss))
    )
    cap = None
    if r.cap_height is not None and not hidden:
        cap = Point(0.0, r.cap_height, t("curves.cap_line", value=sig(r.cap_height)))
    kwargs = {
        "y": r.y,
        "chosen": Point(r.p, r.loss, label),
        "worked": [] if hidden else list(r.worked),
        "cap": cap,
        "usual_top": one_loss(1, USUAL_TOP_P, base=r.base),
        "branch_names": _branch_names(formulas.loss_branches(units)),
        "title": t("curves.loss_title"),
        "x_title": t("curves.axis_p"),
        "y_title": t("curves.axis_loss", unit=unit),
    }
    return (grid, loss_values), kwargs


def slope_chart(r: Result, units: str, unit: str) -> tuple[tuple, dict]:
    grid, _, slopes = curve_data(r.eps, r.base)
    label = t("curves.chosen_slope", p=unrounded(r.p, 0, 1), slope=sig(r.slope))
    kwargs = {
        "y": r.y,
        "chosen": Point(r.p, r.slope, label),
        "usual_extent": abs(
            float(curves.binary_cross_entropy_slope(1, USUAL_SLOPE_P, base=r.base))
        ),
        "branch_names": _branch_names(formulas.slope_branches(units)),
        "title": t("curves.slope_title"),
        "x_title": t("curves.axis_p"),
        "y_title": t("curves.axis_slope", unit=unit),
    }
    return (grid, slopes), kwargs


def reference_slope(base: float) -> float:
    """The slope of a confident right answer (pₜ = the first worked probability)."""
    return float(curves.binary_cross_entropy_slope(1, WORKED_ON_TRUTH[0], base=base))


def truth_slope_at_one(base: float) -> float:
    """The slope of −log pₜ at pₜ = 1: −1 nat (−1/ln 2 bits) per unit of pₜ."""
    return float(curves.binary_cross_entropy_slope(1, 1.0, base=base))


def cap_chart(
    r: Result, libraries: Libraries, unit: str, *, hidden: bool = False
) -> tuple[tuple, dict]:
    truth_grid, truth_losses = exact_against_truth(min(CAP_CHART_SMALLEST, r.p_true), r.base)
    label = (
        t("curves.chosen_cap_hidden") if hidden else t("curves.chosen_cap", loss=sig(r.exact_loss))
    )
    caps = [] if hidden else libraries.caps
    kwargs = {
        "chosen": Point(r.p_true, r.exact_loss, label),
        "exact_name": t("curves.cap_exact"),
        "title": t("curves.cap_title"),
        "x_title": t("curves.cap_axis_p"),
        "y_title": t("curves.axis_loss", unit=unit),
    }
    return (truth_grid, truth_losses, caps), kwargs
