"""Figures of the Playground: target vs prediction per class, and the losses of a small batch."""

from __future__ import annotations

import math
from collections.abc import Sequence

import plotly.graph_objects as go

from ce_ui.figures import style
from ce_ui.format import sig

MAX_BAR_LABELS = 6
"""Up to this many classes the prediction bars carry their values as text; beyond, the hover
does."""

TRUE_CLASS_FILL = "rgba(0, 158, 115, 0.13)"


def target_vs_prediction(
    target: Sequence[float],
    prediction: Sequence[float],
    *,
    title: str,
    x_title: str,
    y_title: str,
    target_name: str,
    prediction_name: str,
    true_class_label: str,
    height: int = 380,
) -> go.Figure:
    """Grouped bars of the target y_c and the prediction ŷ_c for every class c = 0 … C − 1.

    The classes the target puts weight on are shaded; with a one-hot target that is the true class,
    labelled ``true_class_label`` above the bars.
    """
    classes = list(range(len(target)))
    traces = [
        {
            "type": "bar",
            "x": classes,
            "y": [float(v) for v in values],
            "name": name,
            "marker": {"color": colour},
            "text": [sig(v) for v in values] if labelled else None,
            "textposition": "outside",
            "constraintext": "none",
            "cliponaxis": False,
            "hovertemplate": f"{name}<br>c = %{{x}}: %{{y:.4g}}<extra></extra>",
        }
        for name, values, colour, labelled in (
            (target_name, target, style.BLUE, False),
            (prediction_name, prediction, style.ORANGE, len(classes) <= MAX_BAR_LABELS),
        )
    ]
    weighted = [c for c in classes if target[c] > 0]
    shapes = [
        {
            "type": "rect",
            "xref": "x",
            "yref": "paper",
            "x0": c - 0.5,
            "x1": c + 0.5,
            "y0": 0,
            "y1": 1,
            "fillcolor": TRUE_CLASS_FILL,
            "line": {"width": 0},
            "layer": "below",
        }
        for c in weighted
    ]
    annotations = []
    if len(weighted) == 1:
        annotations.append(
            {
                "x": weighted[0],
                "y": 1.2,
                "xref": "x",
                "yref": "y",
                "text": true_class_label,
                "showarrow": False,
                "font": {"color": style.GREEN},
            }
        )
    return style.figure(
        traces,
        title=title,
        x_title=x_title,
        y_title=y_title,
        height=height,
        layout={
            "barmode": "group",
            "bargap": 0.25,
            "shapes": shapes,
            "annotations": annotations,
            "xaxis": {
                "tickmode": "array",
                "tickvals": classes,
                "range": [-0.6, len(classes) - 0.4],
            },
            "yaxis": {"range": [0, 1.27], "tickvals": [0, 0.25, 0.5, 0.75, 1]},
        },
    )


def batch_losses(
    losses: Sequence[float],
    mean: float,
    *,
    title: str,
    x_title: str,
    y_title: str,
    mean_label: str,
) -> go.Figure:
    """One bar per example with its loss, and a dashed line at the mean loss (the cost).

    An infinite loss is drawn as a bar a quarter above the tallest finite one, labelled ∞.
    """
    examples = list(range(1, len(losses) + 1))
    tallest = max((v for v in losses if math.isfinite(v)), default=0.0) or 1.0
    heights = [float(v) if math.isfinite(v) else 1.25 * tallest for v in losses]
    traces = [
        {
            "type": "bar",
            "x": examples,
            "y": heights,
            "marker": {
                "color": [style.BLUE if math.isfinite(v) else style.VERMILLION for v in losses]
            },
            "text": [sig(v) for v in losses],
            "textposition": "outside",
            "cliponaxis": False,
            "hovertemplate": "i = %{x}: %{text}<extra></extra>",
            "showlegend": False,
        }
    ]
    shapes, annotations = [], []
    if math.isfinite(mean):
        shapes.append(
            {
                "type": "line",
                "xref": "paper",
                "yref": "y",
                "x0": 0,
                "x1": 1,
                "y0": mean,
                "y1": mean,
                "line": {"color": style.VERMILLION, "dash": "dash", "width": 2},
            }
        )
        annotations.append(
            {
                "xref": "paper",
                "yref": "y",
                "x": 0,
                "y": mean,
                "xanchor": "left",
                "yanchor": "bottom",
                "showarrow": False,
                "text": f"{mean_label} = {sig(mean)}",
                "font": {"color": style.VERMILLION},
            }
        )
    return style.figure(
        traces,
        title=title,
        x_title=x_title,
        y_title=y_title,
        height=320,
        layout={
            "shapes": shapes,
            "annotations": annotations,
            "xaxis": {"tickmode": "array", "tickvals": examples},
            "yaxis": {"range": [0, 1.3 * max([*heights, tallest])]},
        },
    )
