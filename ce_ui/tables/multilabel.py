"""The Multi-label page's tables: the per-class terms of both views, and the forced softmax."""

from __future__ import annotations

import numpy as np

from ce_ui.format import sig, sig_padded
from ce_ui.i18n import translate


def class_terms(
    lang: str,
    *,
    names: list[str],
    y: np.ndarray,
    p: np.ndarray,
    logits: np.ndarray,
    binary_terms: np.ndarray,
    view,
    unit: str,
) -> tuple[dict[str, list[str]], int]:
    """One row per class (y, p, its logit, its sigmoid term and its softmax term, or — when no
    label is present), then the sums; returns the columns and the index of the sum row (bold)."""
    dash = "—"
    categorical = [sig(term) for term in view.terms] if view else [dash] * y.size
    columns = {
        translate(lang, "multilabel.table_class"): [*names, translate(lang, "multilabel.sum_row")],
        "y": [str(int(v)) for v in y] + [str(int(y.sum()))],
        "p": [sig(v) for v in p] + [sig(p.sum())],
        translate(lang, "multilabel.table_logit"): [sig(v) for v in logits] + [""],
        translate(lang, "multilabel.table_binary", unit=unit): [sig(v) for v in binary_terms]
        + [sig_padded(float(binary_terms.sum()))],
        translate(lang, "multilabel.table_categorical", unit=unit): categorical
        + [sig_padded(view.loss) if view else dash],
    }
    return columns, y.size


def forced_softmax(
    lang: str, *, names: list[str], y: np.ndarray, p: np.ndarray, view, unit: str
) -> dict[str, list[str]]:
    """Per class: the label, the softmax's target y / k, the typed p, the softmax's prediction
    and its term."""
    return {
        translate(lang, "multilabel.table_class"): list(names),
        "y": [str(int(v)) for v in y],
        translate(lang, "multilabel.forced_table_target"): [sig(v) for v in view.target],
        "p": [sig(v) for v in p],
        translate(lang, "multilabel.forced_table_prediction"): [sig(v) for v in view.prediction],
        translate(lang, "multilabel.forced_table_term", unit=unit): [sig(v) for v in view.terms],
    }
