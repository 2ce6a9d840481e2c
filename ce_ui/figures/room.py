"""The projector's chart of a room poll: the answers arriving as a histogram, and after the
reveal the true value with the band of answers counted as close.

Pure: bins (from :func:`ce_ui.room_store.histogram`), numbers and already-translated strings in,
a Plotly figure out.
"""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

from ce_ui.figures import style

HEIGHT = 360
BAR_COLOUR = style.BLUE
TRUTH_COLOUR = style.VERMILLION
BAND_COLOUR = "rgba(0, 158, 115, 0.18)"
"""The palette's green, faint: the band of answers within the closeness rule."""


def answers_histogram(
    lefts: np.ndarray,
    rights: np.ndarray,
    counts: np.ndarray,
    *,
    truth: float | None,
    band: tuple[float, float] | None,
    title: str,
    x_title: str,
    y_title: str,
    truth_label: str = "",
) -> go.Figure:
    """Bars of ``counts`` over the bins [lefts, rights); with ``truth``, a vertical line at it
    labelled ``truth_label``, and ``band`` (low, high) shaded behind the bars."""
    lefts, rights = np.asarray(lefts, dtype=float), np.asarray(rights, dtype=float)
    counts = np.asarray(counts, dtype=float)
    traces = [
        {
            "type": "bar",
            "x": (lefts + rights) / 2,
            "y": counts,
            "width": rights - lefts,
            "marker": {"color": BAR_COLOUR},
            "hovertemplate": "%{y}<extra></extra>",
            "showlegend": False,
        }
    ]
    top = max(float(counts.max()) if counts.size else 0.0, 1.0)
    shapes, annotations = [], []
    x_range = None
    if truth is not None:
        if band is not None:
            shapes.append(
                {
                    "type": "rect",
                    "xref": "x",
                    "yref": "paper",
                    "x0": band[0],
                    "x1": band[1],
                    "y0": 0,
                    "y1": 1,
                    "fillcolor": BAND_COLOUR,
                    "line": {"width": 0},
                    "layer": "below",
                }  # fmt: skip
            )
        shapes.append(
            {
                "type": "line",
                "xref": "x",
                "yref": "paper",
                "x0": truth,
                "x1": truth,
                "y0": 0,
                "y1": 1,
                "line": {"color": TRUTH_COLOUR, "width": 3},
            }  # fmt: skip
        )
        annotations.append(
            {
                "x": truth,
                "y": 1,
                "xref": "x",
                "yref": "paper",
                "text": truth_label,
                "showarrow": False,
                "yanchor": "bottom",
                "font": {"color": TRUTH_COLOUR},
            }  # fmt: skip
        )
        points = [truth, *(band or ()), *lefts, *rights]
        low, high = min(points), max(points)
        pad = 0.05 * (high - low or 1.0)
        x_range = [low - pad, high + pad]
    layout = {
        "yaxis": {"range": [0, top * 1.15], "rangemode": "tozero"},
        "shapes": shapes,
        "annotations": annotations,
        "bargap": 0,
        "margin": {"t": 70},
    }
    if x_range is not None:
        layout["xaxis"] = {"range": x_range}
    return style.figure(
        traces, title=title, x_title=x_title, y_title=y_title, height=HEIGHT, layout=layout
    )
