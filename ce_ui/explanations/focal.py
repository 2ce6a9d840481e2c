"""The Focal page's sentences: how focal loss compares with cross-entropy, in words."""

from __future__ import annotations

import math

from ce_ui.format import oriented_ratio, sig, sig_padded, whole
from ce_ui.i18n import translate
from ce_ui.url_state import format_number


def times(lang: str, value: float) -> str:
    """How many times smaller: 4×, 976.6×, 10 000× (whole thousands written out in full)."""
    if 9999.5 <= value < 1e9:
        return translate(lang, "focal.times_value", value=whole(value))
    return translate(lang, "focal.times_value", value=sig(value))


def settings(gamma: float, alpha: float | None) -> str:
    """``γ = 2`` or ``γ = 2, α = 0.25``."""
    return f"γ = {format_number(gamma)}" + (
        "" if alpha is None else f", α = {format_number(alpha)}"
    )


def loss_comparison(lang: str, ratio: float, gamma: float, alpha: float | None) -> str:
    """Cross-entropy over focal loss at one pₜ, in words: "**4× less**", nothing left (α = 0),
    the same (γ = 0, no α), or about the same (the ratio rounds to 1)."""
    if alpha == 0:
        return translate(lang, "focal.nothing_left")
    if gamma == 0 and alpha in (None, 1.0):
        return translate(lang, "focal.same_loss")
    if oriented_ratio(ratio)[0] == 0:
        return translate(lang, "focal.same_loss_rounded")
    return translate(lang, "focal.less_by", times=times(lang, ratio))


def point(
    lang: str,
    *,
    p_t: float,
    factor: float,
    alpha: float | None,
    gamma: float,
    fl: float,
    ce: float,
    ratio: float,
    unit: str,
) -> str:
    """What the modulating factor (and α) leave of cross-entropy at one pₜ."""
    alpha_part = (
        ""
        if alpha is None
        else translate(
            lang, "focal.point_explained_alpha", alpha=sig(alpha), alpha_percent=sig(100 * alpha)
        )
    )
    return translate(
        lang,
        "focal.point_explained",
        p=sig(p_t),
        factor_percent=sig(100 * factor),
        alpha_part=alpha_part,
        fl=sig_padded(fl),
        ce=sig_padded(ce),
        unit=unit,
        comparison=loss_comparison(lang, ratio, gamma, alpha),
    )


def crossover(
    lang: str, gamma: float, alpha: float | None, intervals: tuple[tuple[float, float], ...]
) -> str:
    """Where focal loss pushes a positive example harder than cross-entropy (``intervals``, from
    ``ce_core.focal.focal_gradient_stronger``): nowhere, below one pₜ, or between two; and the
    cases γ = 0 and α = 0."""
    weight = 1.0 if alpha is None else alpha
    if weight == 0:
        return translate(lang, "focal.crossover_alpha0")
    if gamma == 0:
        if weight == 1:
            return translate(lang, "focal.crossover_gamma0")
        return translate(lang, "focal.crossover_gamma0_alpha", alpha=sig(weight))
    if not intervals:
        return translate(lang, "focal.crossover_none", alpha=sig(weight))
    return " ".join(
        translate(lang, "focal.crossover_below", high=sig(high))
        if low == 0
        else translate(
            lang, "focal.crossover_between", low=sig(low), high=sig(high), alpha=sig(weight)
        )
        for low, high in intervals
    )


def table_conclusion(lang: str, gamma: float, alpha: float | None, at_01: float) -> str:
    """What the table shows: nothing turned down (γ = 0, no α), everything by the same factor
    (γ = 0 with α), or the easy examples more than the hard ones, which keep most of their
    cross-entropy (more than half at pₜ = 0.1) or, with a small α, not."""
    if alpha == 0:
        return translate(lang, "focal.table_zero")
    if gamma == 0:
        if alpha in (None, 1.0):
            return translate(lang, "focal.table_gamma0")
        return translate(
            lang, "focal.table_gamma0_alpha", alpha=sig(alpha), times=times(lang, at_01)
        )
    if at_01 < 2:
        return translate(lang, "focal.table_conclusion_kept")
    return translate(lang, "focal.table_conclusion_alpha", alpha=sig(alpha), kept=sig(100 / at_01))


def table_summary(
    lang: str, gamma: float, alpha: float | None, at_01: float, at_09: float, at_0968: float
) -> str:
    """The sentence under the down-weighting table: by how much pₜ = 0.9, 0.968 and 0.1 are
    turned down, and what that means; only the conclusion when nothing depends on pₜ."""
    conclusion = table_conclusion(lang, gamma, alpha, at_01)
    if not (gamma > 0 and alpha != 0):
        return conclusion
    summary = translate(
        lang,
        "focal.table_summary",
        gamma=format_number(gamma),
        at_09=times(lang, at_09),
        at_0968=times(lang, at_0968),
        at_01=times(lang, at_01),
    )
    return f"{summary} {conclusion}"


def change(lang: str, before: float, after: float) -> str:
    """How focal loss changed one part of the scenario's loss: "4× smaller", or unchanged."""
    ratio = before / after
    if oriented_ratio(ratio)[0] == 0:
        return translate(lang, "focal.change_none")
    return translate(lang, "focal.change_smaller", times=times(lang, ratio))


def gradient_comparison(lang: str, ratio: float) -> str:
    """Cross-entropy's gradient against focal loss's, from ``ratio`` = FL's over CE's: "4×
    weaker", "1.2× stronger" (focal loss pushes the hardest examples harder), the same, or no
    push at all (α = 0)."""
    weaker_by = 1 / ratio if ratio else math.inf
    if math.isinf(weaker_by):
        return translate(lang, "focal.gradient_none")
    direction, value = oriented_ratio(weaker_by)
    if direction == 0:
        return translate(lang, "focal.gradient_same")
    key = "focal.gradient_weaker" if direction > 0 else "focal.gradient_stronger"
    return translate(lang, key, times=times(lang, value))


def scenario(lang: str, before, after) -> str | None:
    """How focal loss changed the positives' and negatives' parts of the scenario and the
    negatives' share; None when a part is zero (no ratio to speak of)."""
    if not (before.positives > 0 and before.negatives > 0 and after.positives > 0):
        return None
    if not after.negatives > 0:
        return None
    return translate(
        lang,
        "focal.scenario_explained",
        pos_change=change(lang, before.positives, after.positives),
        neg_change=change(lang, before.negatives, after.negatives),
        before=sig(100 * before.negative_share),
        after=sig(100 * after.negative_share),
    )
