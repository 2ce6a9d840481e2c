"""Interactive widgets drawn in the browser (Streamlit components v2, plain ES modules kept as
files next to this package's Python; no build step)."""

from ce_ui.components.bars import (
    MODES,
    BarsChange,
    distribution_bars,
    exact_entropy,
    exact_scores,
)
from ce_ui.components.curve_handle import KINDS, HandleChange, curve_handle  # noqa: E402

__all__ = [
    "KINDS",
    "MODES",
    "BarsChange",
    "HandleChange",
    "curve_handle",
    "distribution_bars",
    "exact_entropy",
    "exact_scores",
]
