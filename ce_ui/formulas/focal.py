"""The Focal page's formulas: focal loss at one pₜ, and its gradient over cross-entropy's."""

from __future__ import annotations

import math
from collections.abc import Callable

from ce_ui.format import digits_for, latex_sig, sig_padded

DEFINITION = r"\mathrm{FL}(p_t) = -\,\alpha_t\,(1 - p_t)^{\gamma}\,\log p_t"


def written(values: list[float], function: Callable, result: float) -> list[str]:
    """``values`` for a formula, each with the digits it takes for ``function`` of the written
    numbers to show as ``result`` (four at least)."""
    digits = digits_for(values, function, result) or 17
    return [latex_sig(value, digits) for value in values]


def point(
    *,
    p_t: float,
    gamma: float,
    alpha: float | None,
    factor: float,
    ce: float,
    fl: float,
    base: float,
    log_tex: str,
) -> str:
    """``FL = −α(1 − pₜ)^γ log pₜ = α · factor · CE = FL``, the operands of each step with the
    digits it takes to read FL off them."""
    weight = 1.0 if alpha is None else alpha
    alpha_shown, p_shown, gamma_shown = written(
        [weight, p_t, gamma],
        lambda w: w[0] * (1 - w[1]) ** w[2] * -math.log(w[1]) / math.log(base),
        fl,
    )
    alpha_shown_2, factor_shown, ce_shown = written(
        [weight, factor, ce], lambda w: w[0] * w[1] * w[2], fl
    )
    alpha_tex = "" if alpha is None else rf"{alpha_shown} \cdot "
    alpha_tex_2 = "" if alpha is None else rf"{alpha_shown_2} \cdot "
    return (
        rf"\mathrm{{FL}} = -\,{alpha_tex}(1 - {p_shown})^{{{gamma_shown}}}"
        rf"\,{log_tex} {p_shown} = {alpha_tex_2}{factor_shown} \cdot "
        rf"{ce_shown} = {sig_padded(fl, latex=True)}"
    )


def gradient_ratio(*, alpha: float | None, factor: float, lift: float, ratio: float) -> str:
    """The exact factor between the two gradients, ``α · (1 − pₜ)^γ · lift``, where ``lift`` is
    the term 1 + γ pₜ (−ln pₜ) / (1 − pₜ) that differentiating the factor adds."""
    alpha_shown, factor_shown, lift_shown = written(
        [1.0 if alpha is None else alpha, factor, lift], lambda w: w[0] * w[1] * w[2], ratio
    )
    alpha_tex = "" if alpha is None else rf"{alpha_shown} \cdot "
    return (
        r"\frac{\partial \mathrm{FL} / \partial z}{\partial \mathrm{CE} / \partial z} = "
        r"\alpha_t\,(1 - p_t)^{\gamma} \Big(1 + \gamma\,\frac{p_t\,(-\ln p_t)}{1 - p_t}\Big) = "
        rf"{alpha_tex}{factor_shown} \cdot {lift_shown} = {latex_sig(ratio)}"
    )
