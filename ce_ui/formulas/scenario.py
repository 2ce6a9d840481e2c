"""The many-class scenario's formula, shared by the Multi-label and Focal pages: C classes, the
present ones predicted ``p_pos``, the absent ones ``p_neg`` (or Beta-distributed around it)."""

from __future__ import annotations

import math

from ce_ui.format import digits_for, latex_sig, sig_padded


def log_symbol(units: str) -> str:
    """The logarithm of the units switch in LaTeX: ``\\ln`` for nats, ``\\log_2`` for bits."""
    return r"\ln" if units == "nats" else r"\log_2"


def log_word(units: str) -> str:
    """The logarithm of the units switch in running text: ln or log₂."""
    return "ln" if units == "nats" else "log₂"


def many_class(
    *,
    classes: int,
    positives: int,
    p_pos: float,
    p_neg: float,
    neg_weight: float,
    reduction: str,
    base: float,
    loss,
    beta: bool,
    log_tex: str,
) -> str:
    """``L = [k·(−log p_pos) + w·(C − k)·(−log(1 − p_neg))] = positives + negatives = total``
    (divided by C for the mean), each operand with the digits it takes to read the next number
    off it; with Beta negatives their sum is written as a sum over the classes."""
    negatives = classes - positives
    divisor = "" if reduction == "sum" else rf"\frac{{1}}{{{classes}}}"
    per = math.log(base) * (1 if reduction == "sum" else classes)
    pos_digits = digits_for(p_pos, lambda q: positives * -math.log(q) / per, loss.positives)
    neg_digits = digits_for(
        [neg_weight, p_neg],
        lambda w: w[0] * negatives * -math.log1p(-w[1]) / per,
        loss.negatives,
    )
    sum_digits = digits_for([loss.positives, loss.negatives], sum, loss.total) or 17
    weight_tex = "" if neg_weight == 1 else rf"{latex_sig(neg_weight, neg_digits or 17)} \cdot "
    pos_tex, neg_tex = (
        sig_padded(value, latex=True) if sum_digits == 4 else latex_sig(value, sum_digits)
        for value in (loss.positives, loss.negatives)
    )
    total_tex = sig_padded(loss.total, latex=True)
    if beta:
        negatives_tex = rf"\sum_{{c=1}}^{{{negatives}}} -{log_tex}(1 - p_c)"
    else:
        negatives_tex = (
            rf"{negatives} \cdot \big(-{log_tex}(1 - {latex_sig(p_neg, neg_digits or 17)})\big)"
        )
    return (
        rf"L = {divisor}\Big[{positives} \cdot \big(-{log_tex} "
        rf"{latex_sig(p_pos, pos_digits or 17)}\big) + "
        rf"{weight_tex}{negatives_tex}\Big] = {pos_tex} + {neg_tex} = {total_tex}"
    )
