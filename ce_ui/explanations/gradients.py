"""The Gradients page's sentences and table."""

from __future__ import annotations

import numpy as np

from ce_ui.format import sig
from ce_ui.i18n import t


def values_text(values) -> str:
    """Numbers as a list in a sentence: ``0.1, −0.5``."""
    return ", ".join(sig(value + 0.0) for value in values)


def true_probability_text(p_true: float, log_p_true: float) -> str:
    """ŷ of the true class; below the smallest double, written as e^(log-softmax)."""
    return f"e^{sig(log_p_true)}" if p_true == 0 else sig(p_true)


def probability_gradient_text(p_true: float, probability_gradient: float, log_p_true: float) -> str:
    """∂L/∂ŷ of the true class, −1/ŷ; where that overflows, −e^(−log ŷ)."""
    return sig(probability_gradient) if p_true > 0 else f"−e^{sig(-log_p_true)}"


def gradient_explanation(gradient: np.ndarray, probabilities: np.ndarray, y: int) -> str:
    """What the bars of ∂L/∂z say; when ŷ of the true class is 1 in double precision, why
    nothing shows a push."""
    if gradient[y] == 0:
        others = np.delete(probabilities, y)
        return t("gradients.gradient_explanation_saturated", largest_other=sig(others.max()))
    return t("gradients.gradient_explanation")


def underflow_note(probabilities: np.ndarray, y: int) -> str | None:
    """The classes other than y whose probability underflows to 0, or None."""
    underflow = [str(c) for c in range(probabilities.size) if c != y and probabilities[c] == 0]
    if not underflow:
        return None
    return t("gradients.gradient_underflow", count=len(underflow), classes=", ".join(underflow))


def loss_change(start: float, end: float, step: int, unit: str) -> str:
    """How the loss moved from step 0 to ``step``."""
    if sig(start) == sig(end):  # a loss already near 0, or a tiny learning rate
        key = "gradients.loss_same"
    elif end > start:  # rounding noise near 0 can lift it
        key = "gradients.loss_rose"
    else:
        key = "gradients.loss_gone"
    return t(key, start=sig(start), end=sig(end), unit=unit, step=step)


def gradient_table(
    target: np.ndarray,
    probabilities: np.ndarray,
    logits: np.ndarray,
    gradient: np.ndarray,
    probability_gradient: np.ndarray,
    *,
    revealed: bool = True,
) -> dict[str, list[str]]:
    """The columns of the class-by-class table; before a quiz's reveal only the inputs (class,
    y, z), none of the numbers the answer is read from."""
    columns = {
        t("gradients.column_class"): [str(index) for index in range(target.size)],
        t("gradients.column_y"): [sig(value) for value in target],
        t("gradients.column_p"): [sig(value) for value in probabilities],
        t("gradients.column_z"): [sig(value + 0.0) for value in logits],
        t("gradients.column_logit_gradient"): [sig(value + 0.0) for value in gradient],
        t("gradients.column_probability_gradient"): [
            sig(value + 0.0) for value in probability_gradient
        ],
    }
    if not revealed:
        del columns[t("gradients.column_p")]
        del columns[t("gradients.column_logit_gradient")]
        del columns[t("gradients.column_probability_gradient")]
    return columns


def descent_statuses(losses, true_probabilities, unit: str) -> list[str]:
    """One line per descent step: the step, the loss and ŷ of the true class (from ce_core)."""
    last = len(losses) - 1
    return [
        t("gradients.descent_status", step=step, max=last, loss=sig(loss), unit=unit, p=sig(p))
        for step, (loss, p) in enumerate(zip(losses, true_probabilities, strict=True))
    ]
