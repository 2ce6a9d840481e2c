"""The Curves page's numbers, from ce_core: the binary cross-entropy and its slope over p, and
what each library's clipping or clamping does near 0. Pure (no Streamlit)."""

from __future__ import annotations

import math
from typing import NamedTuple

import numpy as np

import ce_core as cc
from ce_core import curves
from ce_ui.explanations.curves import clip_rule
from ce_ui.figures import style
from ce_ui.figures.curves import Cap
from ce_ui.format import sig
from ce_ui.i18n import t


def losses(y_true, p, *, eps=None, base=math.e) -> np.ndarray:
    """Element-wise binary cross-entropy of labels and probabilities of the same shape."""
    p = np.asarray(p, dtype=np.float64)
    y_true = np.broadcast_to(np.asarray(y_true, dtype=np.float64), p.shape)
    return cc.binary_cross_entropy(y_true, p, eps=eps, reduction="none", base=base)


def one_loss(y_true, p, *, eps=None, base=math.e) -> float:
    return float(losses([y_true], [p], eps=eps, base=base)[0])


def curve_data(eps: float | None, base: float):
    """The probability grid and, for y = 0 and y = 1, the loss and its slope on it."""
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
