"""The Focal page's tables: how much focal loss turns each pₜ down, the numbers of the paper's
Figure 1, and the many-class scenario before and after."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from ce_ui.explanations.focal import times
from ce_ui.format import sig, sig_padded
from ce_ui.i18n import translate
from ce_ui.url_state import format_number


def down_weighting_rows(
    table_p_t: Sequence[float],
    p_t: float,
    ce_terms: np.ndarray,
    fl_terms: np.ndarray,
    times_terms: np.ndarray,
) -> list[tuple[float, float, float, float, bool]]:
    """``(pₜ, CE, FL, CE / FL, yours)`` for the table's pₜ (the terms' first entry is yours, the
    rest those of ``table_p_t``), yours added in order unless it is one of them."""
    rows = [
        (float(row_p), float(ce), float(fl), float(ratio), False)
        for row_p, ce, fl, ratio in zip(
            table_p_t, ce_terms[1:], fl_terms[1:], times_terms[1:], strict=True
        )
    ]
    if p_t not in table_p_t:
        rows.append(
            (float(p_t), float(ce_terms[0]), float(fl_terms[0]), float(times_terms[0]), True)
        )
    return sorted(rows)


def down_weighting(
    lang: str, rows: list[tuple[float, float, float, float, bool]], unit: str
) -> tuple[dict[str, list[str]], list[int]]:
    """The columns of the down-weighting table and the index of your row (shaded), if any."""
    columns = {
        translate(lang, "focal.table_p_t"): [
            translate(lang, "focal.table_yours", p=sig(row_p)) if yours else sig(row_p)
            for row_p, *_, yours in rows
        ],
        translate(lang, "focal.table_ce", unit=unit): [sig_padded(row[1]) for row in rows],
        translate(lang, "focal.table_fl", unit=unit): [sig_padded(row[2]) for row in rows],
        translate(lang, "focal.table_times"): [times(lang, row[3]) for row in rows],
    }
    return columns, [index for index, row in enumerate(rows) if row[4]]


def figure1(
    gammas: Sequence[float], p_ts: Sequence[float], values: np.ndarray
) -> dict[str, list[str]]:
    """Rows γ, columns pₜ: the focal loss of the paper's Figure 1 at those points."""
    columns = {"γ": [format_number(gamma) for gamma in gammas]}
    for index, p_t in enumerate(p_ts):
        columns[sig(p_t)] = [sig(row[index]) for row in values]
    return columns


def scenario(lang: str, before, after, unit: str) -> tuple[dict[str, list[str]], list[int]]:
    """Positives, negatives, total and the negatives' share under cross-entropy and focal loss;
    the total row is set in bold."""
    names = ("row_positives", "row_negatives", "row_total")
    parts = [translate(lang, f"focal.{name}", unit=unit) for name in names]
    parts.append(translate(lang, "focal.row_share"))
    columns = {
        translate(lang, "focal.table_part"): parts,
        translate(lang, "focal.table_before"): [
            sig_padded(before.positives),
            sig_padded(before.negatives),
            sig_padded(before.total),
            f"{sig(100 * before.negative_share)} %",
        ],
        translate(lang, "focal.table_after"): [
            sig_padded(after.positives),
            sig_padded(after.negatives),
            sig_padded(after.total),
            f"{sig(100 * after.negative_share)} %",
        ],
    }
    return columns, [2]
