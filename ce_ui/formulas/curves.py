"""The Curves page's formulas: the binary cross-entropy with the user's p, and the short formulas
of each branch and its slope that name the curves."""

from __future__ import annotations

import math

from ce_ui.format import digits_for, latex_sig


def log_symbol(units: str) -> str:
    return r"\ln" if units == "nats" else r"\log_2"


def p_digits(clipped_p: float, y: int, loss: float, base: float) -> int:
    """The digits p and 1 − p need for the loss to be read off them (0.99999 is not 1); all 17
    when no rounding does."""
    digits = digits_for(
        [clipped_p, 1 - clipped_p],
        lambda written: -(y * math.log(written[0]) if y else math.log(written[1])) / math.log(base),
        loss,
    )
    return digits or 17


def definition(units: str, eps: float | None, clipped_p: float, digits: int) -> str:
    """L = −[y log p + (1 − y) log(1 − p)], with p̃ = clip(p, ε, 1 − ε) when clipping is on."""
    log = log_symbol(units)
    shown_p = "p" if eps is None else r"\tilde p"
    formula = rf"L = -\big[\,y\,{log} {shown_p} + (1-y)\,{log}(1-{shown_p})\,\big]"
    if eps is not None:
        formula += (
            rf",\qquad \tilde p = \operatorname{{clip}}(p,\ \varepsilon,\ 1-\varepsilon)"
            rf" = {latex_sig(clipped_p, digits)}"
        )
    return formula


def with_numbers(y: int, clipped_p: float, loss: float, units: str, digits: int) -> str:
    """The definition with the user's y and p in it, and its value."""
    log = log_symbol(units)
    return (
        rf"L = -\big[\,{y}\cdot{log}({latex_sig(clipped_p, digits)}) + {1 - y}\cdot"
        rf"{log}({latex_sig(1 - clipped_p, digits)})\,\big] = {latex_sig(loss)}"
    )


def loss_branches(units: str) -> dict[int, str]:
    """The loss of each label as a short plain-text formula (legend names)."""
    log = "ln" if units == "nats" else "log₂"
    return {1: f"−{log} p", 0: f"−{log}(1 − p)"}


def slope_branches(units: str) -> dict[int, str]:
    """The slope of each label's loss as a short plain-text formula (legend names)."""
    if units == "nats":
        return {1: "−1/p", 0: "1/(1 − p)"}
    return {1: "−1/(p·ln 2)", 0: "1/((1 − p)·ln 2)"}


def truth_slope(units: str) -> str:
    """The slope on the truth's branch, −1/pₜ, in plain text."""
    return "−1/pₜ" if units == "nats" else "−1/(pₜ·ln 2)"
