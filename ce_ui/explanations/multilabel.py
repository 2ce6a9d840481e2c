"""The Multi-label page's sentences: one label scored two ways, several labels, and the
many-class scenario where the negatives drown the positives."""

from __future__ import annotations

import numpy as np

from ce_core import scenarios
from ce_ui.format import oriented_ratio, sig, sig_padded, sum_text
from ce_ui.formulas.multilabel import true_probability_digits
from ce_ui.i18n import translate


def class_names(lang: str, classes: int) -> list[str]:
    """``class 0``, ``class 1``, … in ``lang``."""
    return [translate(lang, "multilabel.class_name", index=index) for index in range(classes)]


def weight_comparison(lang: str, ratio: float) -> str:
    """ "One positive weighs 2.5 times as much as one negative", the other way round when the
    negatives are the heavier, or "as much" when the ratio shows as 1."""
    direction, times = oriented_ratio(ratio)
    if direction == 0:
        return translate(lang, "multilabel.equally_heavy")
    key = "multilabel.positive_heavier" if direction > 0 else "multilabel.negative_heavier"
    return translate(lang, key, ratio=sig(times))


def single_label(
    lang: str,
    *,
    y: np.ndarray,
    p: np.ndarray,
    binary_terms: np.ndarray,
    view,
    base: float,
    log: str,
    unit: str,
) -> str:
    """Why the sigmoids cost more than the softmax for one label: the absent classes' terms, and
    (when p does not sum to 1) the softmax's rescaling of the true class's probability."""
    names = class_names(lang, y.size)
    binary = float(binary_terms.sum())
    true_class = int(np.flatnonzero(y)[0])
    absent = np.flatnonzero(y == 0)
    extra = float(binary_terms[absent].sum())
    worst = int(absent[np.argmax(binary_terms[absent])])
    # Binary CE − categorical CE: the absent classes' terms, plus (when p does not sum to 1)
    # the difference between −log p and −log(p / Σp) on the true class.
    difference = binary - view.loss
    same_true_term = sig_padded(binary_terms[true_class]) == sig_padded(view.loss)
    rescaled = not (same_true_term and sig_padded(extra) == sig_padded(difference))
    p_true = view.prediction[true_class]
    return translate(
        lang,
        "multilabel.single_explained_rescaled" if rescaled else "multilabel.single_explained",
        true_class=names[true_class],
        total=sum_text(p.sum()),
        p_typed=sig(
            p[true_class], true_probability_digits(p[true_class], base, binary_terms[true_class])
        ),
        difference=sig_padded(difference),
        log=log,
        p_true=sig(p_true, true_probability_digits(p_true, base, view.loss)),
        categorical=sig_padded(view.loss),
        unit=unit,
        true_term=sig_padded(binary_terms[true_class]),
        absent_terms=", ".join(
            translate(
                lang, "multilabel.absent_term", name=names[c], term=sig_padded(binary_terms[c])
            )
            for c in absent
        ),
        binary=sig_padded(binary),
        extra=sig_padded(extra),
        worst_class=names[worst],
        worst_p=sig(p[worst]),
        worst_term=sig_padded(binary_terms[worst]),
    )


def several_labels(lang: str, *, labels: int, binary: float, view, log: str, unit: str) -> str:
    """What a softmax forced onto several labels does: the target y / k, its best prediction and
    the floor it cannot go below."""
    return translate(
        lang,
        "multilabel.multi_explained",
        labels=labels,
        log=log,
        binary=sig_padded(binary),
        unit=unit,
        target=", ".join(sig(v) for v in view.target),
        prediction=", ".join(sig(v) for v in view.prediction),
        best_p=sig(view.best_probability),
        floor=sig_padded(view.floor),
        forced=sig_padded(view.loss),
    )


def scenario(
    lang: str,
    *,
    classes: int,
    positives: int,
    neg_weight: float,
    reduction: str,
    loss,
    unit: str,
) -> str | None:
    """One positive's and one negative's term, how many of each, and who carries the loss; None
    when there is no positive, no negative or no negatives' loss to compare."""
    negatives = classes - positives
    if not (positives and negatives and loss.negatives > 0):
        return None
    scale = 1.0 if reduction == "sum" else classes
    pos_each = loss.positives * scale / positives
    neg_each = loss.negatives * scale / negatives
    weighted = (
        translate(lang, "multilabel.weighted_note", weight=sig(neg_weight))
        if neg_weight != 1
        else ""
    )
    text = translate(
        lang,
        "multilabel.scenario_explained",
        pos_each=sig_padded(pos_each),
        neg_each=sig_padded(neg_each),
        unit=unit,
        weighted=weighted,
        comparison=weight_comparison(lang, pos_each / neg_each),
        negatives=translate(lang, "multilabel.negatives_count", count=negatives),
        positives=translate(lang, "multilabel.positives_count", count=positives),
        neg=sig_padded(loss.negatives),
        pos=sig_padded(loss.positives),
        share=sig(100 * loss.negative_share),
    )
    conclusion = (
        "multilabel.conclusion_drowned"
        if loss.negative_share > 0.5
        else "multilabel.conclusion_balanced"
    )
    return f"{text} {translate(lang, conclusion)}"


def beta_negatives(lang: str, negatives: int, result) -> str:
    """How the Beta-distributed negatives' probabilities spread, and (when both terms are above
    zero) how much the most confident mistakes cost against one at the mean."""
    text = translate(
        lang,
        "multilabel.beta_explained",
        count=negatives,
        mean=sig(result.negative_p_mean),
        low=sig(result.negative_p_low),
        high=sig(result.negative_p_high),
    )
    high_term, mean_term = scenarios.binary_class_terms(
        [0, 0], [result.negative_p_high, result.negative_p_mean]
    )
    if high_term > 0 and mean_term > 0:  # both can underflow to 0 for tiny p_neg and κ
        text += " " + translate(
            lang,
            "multilabel.beta_ratio",
            high=sig(result.negative_p_high),
            ratio=sig(high_term / mean_term),
        )
    return text


def profile_caption(lang: str, bars: int, classes: int) -> str:
    """How many bars stand for how many classes in the profile chart (the bars' plural form)."""
    return translate(
        lang,
        "multilabel.profile_caption",
        count=bars,
        classes=classes,
    )
