"""The Gradients page's formulas."""

from __future__ import annotations

import math

from ce_ui.format import digits_for, latex_sig

DESCENT_UPDATE = r"z \leftarrow z - \eta\,\bigl(\operatorname{softmax}(z) - y\bigr)"
SIGMOID_GRADIENT = r"\frac{\partial L}{\partial z_c} = \sigma(z_c) - y_c"


def log_symbol(units: str) -> str:
    return r"\log_2" if units == "bits" else r"\ln"


def loss_formula(y: int, p_true: float, log_p_true: float, loss: float, units: str) -> str:
    """``L = −ln ŷ_y = −ln 0.6652 = 0.4076``: ŷ with the digits it takes to read the loss off it;
    when no double can (ŷ underflows, as for z = 1000, −1000), ŷ as a power of the base:
    −ln e^{−2000} = 2000. ``log_p_true`` is the log-softmax of the true class, in nats."""
    base = 2.0 if units == "bits" else math.e
    ln_base = math.log(base)
    p_digits = digits_for(p_true, lambda q: -math.log(q) / ln_base, loss)
    if p_digits is None:
        power = "e" if units == "nats" else "2"
        shown_p = rf"{power}^{{{latex_sig(log_p_true / ln_base, 6)}}}"
    else:
        shown_p = latex_sig(p_true, p_digits)
    log = log_symbol(units)
    return rf"L = -{log} \hat y_{{{y}}} = -{log} {shown_p} = {latex_sig(loss)}"


def true_logit_gradient_formula(y: int, gradient: float) -> str:
    """∂(−ln ŷ_y)/∂z_y = ŷ_y − 1, with its value."""
    return (
        rf"\frac{{\partial (-\ln \hat y_{{{y}}})}}{{\partial z_{{{y}}}}}"
        rf" = \hat y_{{{y}}} - 1 = {latex_sig(gradient)}"
    )
