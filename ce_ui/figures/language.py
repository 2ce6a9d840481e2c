"""Figures of the Language models page: each character's surprisal, and cross-entropy against the
model's order on training and held-out text.

Pure functions: numbers and already-translated strings in, a Plotly figure out (built with
``style.figure``; the tests validate them with ``go.Figure(fig.to_dict())``).
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
import plotly.graph_objects as go

from ce_ui.figures import style
from ce_ui.figures.entropy import symbol_label
from ce_ui.format import sig

INFINITE_BAR = 1.25
"""An infinite surprisal is drawn this many times the tallest finite bar (and coloured)."""


def surprisal_bars(
    characters: Sequence[str],
    probabilities: Sequence[float],
    surprisal: Sequence[float],
    candidates: Sequence[Sequence[str]],
    candidate_probabilities: Sequence[Sequence[float]],
    *,
    title: str,
    x_title: str,
    y_title: str,
    unit: str,
    candidates_label: str,
    infinite_label: str,
) -> go.Figure:
    """One bar per character of the text, in order, its height the surprisal −log p in ``unit``
    and its tick label the character (whitespace made visible). Hovering shows the character's
    probability, its surprisal and the model's likeliest candidates at that position. A
    character of probability 0 (infinite surprisal) gets a bar taller than every other, in
    another colour, written ∞ above it and hovering ``infinite_label``."""
    probabilities = np.asarray(probabilities, dtype=float)
    surprisal = np.asarray(surprisal, dtype=float)
    finite = np.isfinite(surprisal)
    tallest = float(surprisal[finite].max()) if finite.any() else 1.0
    tallest = tallest if tallest > 0 else 1.0
    heights = np.where(finite, surprisal, tallest * INFINITE_BAR)
    labels = [symbol_label(character) for character in characters]
    hover = []
    for i, label in enumerate(labels):
        shown = ", ".join(
            f"{symbol_label(c)} {sig(p)}"
            for c, p in zip(candidates[i], candidate_probabilities[i], strict=True)
        )
        cost = f"{sig(surprisal[i])} {unit}" if finite[i] else infinite_label
        hover.append(f"{label}: p = {sig(probabilities[i])}, {cost}<br>{candidates_label}: {shown}")
    positions = list(range(len(labels)))
    bars = {
        "type": "bar",
        "x": positions,
        "y": heights,
        "marker": {"color": [style.BLUE if ok else style.VERMILLION for ok in finite]},
        # Not by colour alone: an infinite surprisal's bar also says so above it.
        "text": ["" if ok else "∞" for ok in finite],
        "textposition": "outside",
        "cliponaxis": False,
        "customdata": hover,
        "hovertemplate": "%{customdata}<extra></extra>",
    }
    return style.figure(
        [bars],
        title=title,
        x_title=x_title,
        y_title=y_title,
        layout={
            "xaxis": {
                "tickmode": "array",
                "tickvals": positions,
                "ticktext": labels,
                "tickangle": 0,
                "range": [-0.5, max(len(labels), 1) - 0.5],
            },
            "yaxis": {"rangemode": "tozero"},
            "bargap": 0.1,
            "showlegend": False,
        },
    )


def order_curves(
    orders: Sequence[int],
    curves: dict[str, Sequence[float]],
    *,
    current_order: int,
    title: str,
    x_title: str,
    y_title: str,
) -> go.Figure:
    """Cross-entropy against the model's order, one line per named curve (``{name: values}``,
    training curves dashed when their name is listed first of a pair). An infinite value leaves a
    gap; the chosen order is marked by a vertical line."""
    colours = (style.BLUE, style.BLUE, style.ORANGE, style.ORANGE)
    traces = []
    for index, (name, values) in enumerate(curves.items()):
        y = [float(v) if math.isfinite(v) else None for v in values]
        traces.append(
            {
                "type": "scatter",
                "mode": "lines+markers",
                "name": name,
                "x": [int(order) for order in orders],
                "y": y,
                "line": {
                    "color": colours[index % len(colours)],
                    "dash": "dash" if index % 2 == 0 else "solid",
                },
                "hovertemplate": f"{name}: %{{y:.4g}}<extra></extra>",
            }
        )
    return style.figure(
        traces,
        title=title,
        x_title=x_title,
        y_title=y_title,
        height=460,
        layout={
            "xaxis": {"tickmode": "array", "tickvals": [int(order) for order in orders]},
            "yaxis": {"rangemode": "tozero"},
            "shapes": [
                {
                    "type": "line",
                    "x0": current_order,
                    "x1": current_order,
                    "yref": "paper",
                    "y0": 0,
                    "y1": 1,
                    "line": {"color": style.GREY, "dash": "dot"},
                }
            ],
            # Four entries: the legend under the chart, where it cannot cover the title.
            "legend": {"x": 0, "xanchor": "left", "y": -0.18, "yanchor": "top"},
            "margin": {"b": 100},
        },
    )
