"""The Curves page's captions and tables."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from ce_core import curves
from ce_ui.format import sig, unrounded
from ce_ui.i18n import t


def loss_caption(
    p: float,
    y: int,
    loss: float,
    unit: str,
    worked: Sequence[tuple[float, float]],
    eps: float | None = None,
    cap: float | None = None,
) -> str:
    """The sentence under the loss chart: your loss, the two worked probabilities on the truth and
    their losses (``worked``: ``(p on the truth, loss)`` pairs), and the cap when clipping is on."""
    (high, high_loss), (low, low_loss) = worked
    caption = t(
        "curves.loss_caption",
        p=unrounded(p, 0, 1),
        y=y,
        loss=sig(loss),
        unit=unit,
        high=sig(high),
        high_loss=sig(high_loss),
        low=sig(low),
        low_loss=sig(low_loss),
    )
    if cap is not None:
        caption += " " + t("curves.loss_caption_cap", eps=sig(eps), cap=sig(cap), unit=unit)
    return caption


def slope_caption(
    p: float,
    y: int,
    slope: float,
    unit: str,
    reference_p: float,
    reference_slope: float,
    clipped_at: float | None = None,
    exact_slope: float | None = None,
) -> str:
    """The sentence under the slope chart: the slope as a multiple of the slope at
    ``reference_p``, or, where clipping (at ``clipped_at``) flattens it, the slope it hides."""
    if clipped_at is not None:
        return t(
            "curves.slope_caption_flat",
            p=unrounded(p, 0, 1),
            y=y,
            eps=sig(clipped_at),
            exact=sig(exact_slope),
            unit=unit,
        )
    return t(
        "curves.slope_caption",
        p=unrounded(p, 0, 1),
        y=y,
        slope=sig(slope),
        unit=unit,
        ratio=sig(abs(slope / reference_slope)),
        reference=sig(reference_p),
    )


def ladder_table(
    on_truth: Sequence[float], losses: np.ndarray, slopes: np.ndarray, unit: str
) -> dict[str, list[str]]:
    """Ever more confident mistakes: each probability on the truth, its loss, its slope, and the
    slope as a multiple of the first row's."""
    return {
        t("curves.ladder_p_true"): [sig(value) for value in on_truth],
        t("curves.ladder_loss", unit=unit): [sig(value) for value in losses],
        t("curves.ladder_slope"): [sig(value) for value in slopes],
        t("curves.ladder_ratio", reference=sig(on_truth[0])): [
            t("curves.ladder_times", value=sig(value / slopes[0])) for value in slopes
        ],
    }


def library_table(rows: Sequence[tuple[str, str, float, float]], unit: str) -> dict[str, list]:
    """What each library does near 0: ``(library, rule, cap, loss at your p)`` rows."""
    names, rules, caps, here = zip(*rows, strict=True)
    return {
        t("curves.table_library"): list(names),
        t("curves.table_rule"): list(rules),
        t("curves.table_cap", unit=unit): [sig(value) for value in caps],
        t("curves.table_here", unit=unit): [sig(value) for value in here],
    }


def clip_rule(eps: float, dtype) -> str:
    return t("curves.rule_clip", eps=sig(eps), dtype=np.dtype(dtype).name)


def clip_dtype_note(base: float, unit: str) -> str:
    """Why Keras's cap depends on the label: 1 − ε rounds in float32."""
    keras, f32 = curves.KERAS_EPSILON, np.float32
    return t(
        "curves.clip_dtype_note",
        eps=sig(keras),
        gap=sig(curves.clip_floor_on_truth(keras, 0, dtype=f32)),
        keras_zero=sig(curves.clip_cap(keras, 0, dtype=f32, base=base)),
        keras_one=sig(curves.clip_cap(keras, 1, dtype=f32, base=base)),
        keras64=sig(curves.clip_cap(keras, 0, dtype=np.float64, base=base)),
        sklearn32=sig(curves.clip_cap(float(np.finfo(f32).eps), 0, dtype=f32, base=base)),
        unit=unit,
    )
