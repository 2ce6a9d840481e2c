"""The Playground's formulas with the user's numbers: the loss term by term, softmax with a
temperature, the log-sum-exp form, the binary form, clipping, and a batch's mean."""

from __future__ import annotations

import numpy as np

from ce_ui.format import latex_sig

COLLAPSE_ZERO_TERMS_ABOVE = 6
"""With more classes than this, the loss formula counts its zero terms with a brace."""
TERMS_PER_LINE = 3
NUMBERS_PER_LINE = 4


def log_symbol(bits: bool) -> str:
    return r"\log_2" if bits else r"\ln"


def lines(terms: list[str]) -> str:
    """Terms joined by +, a new aligned line every few terms."""
    chunks = [
        " + ".join(terms[i : i + TERMS_PER_LINE]) for i in range(0, len(terms), TERMS_PER_LINE)
    ]
    return r" \\ &\qquad + ".join(chunks)


def vector_lines(values) -> str:
    """A vector's entries, comma-separated, a new aligned line every few entries."""
    numbers = [latex_sig(v) for v in values]
    chunks = [
        ", ".join(numbers[i : i + NUMBERS_PER_LINE])
        for i in range(0, len(numbers), NUMBERS_PER_LINE)
    ]
    return r", \\ &\qquad ".join(chunks)


def loss_formula(
    target: np.ndarray, probabilities: np.ndarray, terms: np.ndarray, loss: float, *, bits: bool
) -> str:
    """``L = −Σ y_c log ŷ_c`` with the user's numbers: zero terms greyed (#595959, 7:1 on white,
    so still readable: WCAG AA asks 4.5:1; a brace counts them when there are many classes), then
    the surviving terms, then the result."""
    log = log_symbol(bits)
    classes = len(target)
    collapse = classes > COLLAPSE_ZERO_TERMS_ABOVE
    shown, zero_run = [], 0

    def close_run() -> None:
        nonlocal zero_run
        if zero_run == 1:
            shown.append(r"\textcolor{#595959}{0}")
        elif zero_run:
            shown.append(rf"\textcolor{{#595959}}{{\underbrace{{0 + \cdots + 0}}_{{{zero_run}}}}}")
        zero_run = 0

    for c in range(classes):
        term = rf"{latex_sig(target[c])} \cdot {log} {latex_sig(probabilities[c])}"
        if target[c] > 0:
            close_run()
            shown.append(term)
        elif collapse:
            zero_run += 1
        else:
            shown.append(rf"\textcolor{{#595959}}{{{term}}}")
    close_run()
    rows = [
        rf"L &= -\sum_{{c=0}}^{{{classes - 1}}} y_c \, {log} \hat y_c",
        rf"&= -\big({lines(shown)}\big)",
    ]
    weighted = np.flatnonzero(target > 0)
    if len(weighted) > 1:
        rows.append("&= " + lines([latex_sig(terms[c]) for c in weighted]))
    elif target[weighted[0]] == 1:
        rows.append(rf"&= -{log} {latex_sig(probabilities[weighted[0]])}")
    rows.append(rf"&= {latex_sig(loss)}")
    return r"\begin{aligned}" + r" \\ ".join(rows) + r"\end{aligned}"


def softmax_formula(logits: np.ndarray, temperature: float, probabilities: np.ndarray) -> str:
    """``ŷ = softmax(z / T)`` with the logits, the temperature and the probabilities."""
    return (
        r"\begin{aligned}\hat y &= \operatorname{softmax}(z / T) \\ &= "
        rf"\operatorname{{softmax}}\big([{vector_lines(logits)}]"
        rf" / {latex_sig(temperature)}\big) \\ &= "
        rf"[{vector_lines(probabilities)}]\end{{aligned}}"
    )


def log_sum_exp_formula(lse: float, true_logit: float, target: int, loss: float, *, bits: bool):
    """``L = ln Σ e^{z_j/T} − z_y/T`` with log-sum-exp and the true class's scaled logit."""
    difference = rf"{latex_sig(lse)} - {latex_sig(true_logit)}"
    if bits:
        return (
            rf"L = \frac{{1}}{{\ln 2}}\Big(\ln \sum_j e^{{z_j/T}} - z_{{{target}}}/T"
            rf"\Big) = \frac{{{difference}}}{{\ln 2}} = {latex_sig(loss)}"
        )
    return rf"L = \ln \sum_j e^{{z_j/T}} - z_{{{target}}}/T = {difference} = {latex_sig(loss)}"


def binary_formula(target: int, probabilities: np.ndarray, loss: float, *, bits: bool) -> str:
    """Two classes as binary cross-entropy of ``p = ŷ_1``."""
    log = log_symbol(bits)
    return (
        rf"L = -\big[y \, {log} p + (1 - y) \, {log} (1 - p)\big] = -\big[{target}"
        rf" \cdot {log} {latex_sig(probabilities[1])} + {1 - target} \cdot {log} "
        rf"{latex_sig(probabilities[0])}\big] = {latex_sig(loss)}"
    )


def clipped_formula(
    eps: float, true_probability: float | None, clipped_loss: float, *, bits: bool
) -> str:
    """The clipped loss; with one true class, its probability clipped to [ε, 1 − ε]."""
    log, eps_tex = log_symbol(bits), latex_sig(eps)
    rows = [
        rf"L_\varepsilon &= -\sum_c y_c \, {log} \operatorname{{clip}}(\hat y_c,"
        r" \varepsilon, 1 - \varepsilon)"
    ]
    if true_probability is not None:
        rows.append(
            rf"&= -{log} \operatorname{{clip}}({latex_sig(true_probability)},"
            rf" {eps_tex}, 1 - {eps_tex})"
        )
    rows.append(rf"&= {latex_sig(clipped_loss)}")
    return r"\begin{aligned}" + r" \\ ".join(rows) + r"\end{aligned}"


def batch_formula(losses: np.ndarray, cost: float) -> str:
    """``J = (1/N) Σ L_i`` with every example's loss."""
    n = len(losses)
    return (
        rf"J = \frac{{1}}{{{n}}}\sum_{{i=1}}^{{{n}}} L_i = \frac{{1}}{{{n}}}\big("
        + lines([latex_sig(v) for v in losses])
        + rf"\big) = {latex_sig(cost)}"
    )
