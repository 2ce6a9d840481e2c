"""The Training page's loss formulas, with each run's own γ and ε in them."""

from __future__ import annotations

from ce_core import training
from ce_ui.format import latex_sig

FORMULAS = {
    "ce": r"L = -\log p_y",
    "focal": r"L = -(1 - p_y)^{{{gamma}}}\,\log p_y",
    "weighted": (r"L = -\,w_y \log p_y,\qquad \bar L = \frac{{\sum_i L_i}}{{\sum_i w_{{y_i}}}}"),
    "smoothing": (
        r"L = -\sum_{{c=0}}^{{9}} \Big[(1 - {eps})\,[c = y] + \frac{{{eps}}}{{10}}\Big] \log p_c"
    ),
}


def loss_formula(config: training.TrainingConfig) -> str:
    """The LaTeX of the loss ``config`` trains with."""
    return FORMULAS[config.loss].format(
        gamma=latex_sig(config.gamma), eps=latex_sig(config.label_smoothing)
    )
