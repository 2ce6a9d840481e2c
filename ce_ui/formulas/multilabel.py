"""The Multi-label page's formulas: one example scored by a softmax and by independent sigmoids."""

from __future__ import annotations

import math

import numpy as np

from ce_core import scenarios
from ce_ui.format import digits_for, latex_sig, sig_padded


def true_probability_digits(p_true: float, base: float, loss: float) -> int:
    """The digits ``p_true`` needs for −log p_true to show as ``loss`` (17 when none do)."""
    return digits_for(p_true, lambda q: -math.log(q) / math.log(base), loss) or 17


def softmax(p_true: float, loss: float, base: float, log_tex: str) -> str:
    """``L_softmax = −log p_true = loss``."""
    digits = true_probability_digits(p_true, base, loss)
    return (
        rf"L_\text{{softmax}} = -{log_tex} {latex_sig(p_true, digits)}"
        rf" = {sig_padded(loss, latex=True)}"
    )


def sigmoids(y: np.ndarray, p: np.ndarray, binary: float, base: float, log_tex: str) -> str:
    """``L_sigmoids = −[log p₁ + log(1 − p₂) + …] = binary``, one term per class."""
    digits = (
        digits_for(
            p,
            lambda q: float(scenarios.binary_class_terms(y, np.array(q), base=base).sum()),
            binary,
        )
        or 17
    )
    parts = " + ".join(
        rf"{log_tex} {latex_sig(p[c], digits)}"
        if y[c]
        else rf"{log_tex}(1 - {latex_sig(p[c], digits)})"
        for c in range(y.size)
    )
    return rf"L_\text{{sigmoids}} = -\big[{parts}\big] = {sig_padded(binary, latex=True)}"
