"""Figures of the Training page: learning curves, per-class recall, confusion matrix, reliability
diagram, and the pixels of a digit for the gallery.

Built from plain dicts with :func:`style.figure`, which skips Plotly's slow property checks (the
tests validate every figure)."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import plotly.colors
import plotly.graph_objects as go

from ce_ui.figures import style

MODEL_COLOURS = (style.BLUE, style.VERMILLION)
"""The first and the second loss of a comparison, in every chart."""
COUNT_COLOURS = plotly.colors.make_colorscale(plotly.colors.sequential.Blues)
"""White for 0 to dark blue for the largest count (spelled out: Plotly.js's own "Blues" runs
the other way)."""


@dataclass(frozen=True)
class Line:
    """One curve against epoch: its legend name, values, colour, and dashed or solid."""

    name: str
    values: Sequence[float]
    colour: str
    dashed: bool = False


def accuracy_axis(
    series: Sequence[Sequence[float]], *, margin: float = 0.15, min_span: float = 0.01
) -> dict:
    """A y axis for accuracies that tells close results apart (0.960 from 0.956): its range is
    fitted to the last half of the epochs of every series (where runs are compared; the first,
    lower epochs may run below it), widened by ``margin`` of the span on each side (at least
    ``min_span`` in all), within [0, 1] plus the margin, with about six ticks at a round step and
    at least three decimals."""
    tails = [np.asarray(values, dtype=np.float64) for values in series if len(values)]
    tails = np.concatenate([values[len(values) // 2 :] for values in tails])
    low, high = float(tails.min()), float(tails.max())
    span = max(high - low, min_span)
    pad = margin * span
    middle = (low + high) / 2
    low, high = min(low, middle - span / 2) - pad, max(high, middle + span / 2) + pad
    if high > 1.0 + pad:  # near 1: the window slides down rather than shrinking
        low, high = low - (high - 1.0 - pad), 1.0 + pad
    low = max(low, 0.0)
    raw = (high - low) / 6
    power = 10.0 ** math.floor(math.log10(raw))
    step = min((m * power for m in (1, 2, 5, 10) if m * power >= raw), default=10 * power)
    decimals = max(3, -math.floor(math.log10(step)))
    return {"range": [low, high], "dtick": step, "tickformat": f".{decimals}f"}


def epoch_curves(
    lines: Sequence[Line],
    *,
    title: str,
    x_title: str,
    y_title: str,
    y_range: tuple[float, float] | None = None,
    y_axis: dict | None = None,
    end_labels: bool = False,
    height: int = 360,
) -> go.Figure:
    """Scores against epoch (0 = before training), one line each. ``y_axis`` (say
    :func:`accuracy_axis`) replaces the axis from 0; ``end_labels`` writes the last value of each
    solid line beside its end, with the axis's decimals."""
    traces = [
        {
            "type": "scatter",
            "x": list(range(len(line.values))),
            "y": np.asarray(line.values, dtype=np.float64).tolist(),
            "name": line.name,
            # Dashes tell training from test; the markers' shapes (style.colour_cues), the models.
            "mode": "lines+markers",
            "marker": {"size": 7, "color": line.colour},
            "line": {"color": line.colour, "width": 3, "dash": "dash" if line.dashed else "solid"},
            "hovertemplate": "%{x}: %{y:.4g}<extra>" + line.name + "</extra>",
        }
        for line in lines
    ]
    if y_axis is None:
        y_axis = {"range": list(y_range)} if y_range is not None else {"rangemode": "tozero"}
    decimals = y_axis.get("tickformat", ".4g")
    annotations = [
        {
            "x": len(line.values) - 1,
            "y": float(line.values[-1]),
            "text": f"{float(line.values[-1]):{decimals}}",
            "showarrow": False,
            "xanchor": "left",
            "xshift": 4,
            "font": {"color": line.colour, "size": style.FONT_SIZE},
        }
        for line in lines
        if end_labels and not line.dashed and len(line.values)
    ]
    return style.figure(
        traces,
        title=title,
        x_title=x_title,
        y_title=y_title,
        height=height,
        layout={
            "xaxis": {"rangemode": "tozero"},
            "yaxis": y_axis,
            "annotations": annotations,
            "margin": {"r": 60 if annotations else 10},
            # Below the axis: four entries wrap to four rows on a phone, which would cover the
            # title if the legend sat above the plot (the margin grows to fit it).
            "legend": {"yanchor": "top", "y": -0.3, "xanchor": "left", "x": 0},
        },
    )


def recall_bars(
    recalls: Sequence[tuple[str, Sequence[float]]],
    *,
    reduced_classes: Sequence[int],
    reduced_label: str,
    title: str,
    x_title: str,
    y_title: str,
    height: int = 360,
) -> go.Figure:
    """Recall of every class as bars, one group per class and one colour per model; the classes
    made rare in training are shaded and labelled ``reduced_label``."""
    traces = []
    for (name, values), colour in zip(recalls, MODEL_COLOURS, strict=False):
        values = np.asarray(values, dtype=np.float64)
        traces.append(
            {
                "type": "bar",
                "x": [str(cls) for cls in range(values.size)],
                "y": values.tolist(),
                "name": name,
                "marker": {"color": colour},
                "text": [f"{value:.2f}" for value in values],
                "textposition": "outside",
                "cliponaxis": False,
                "hovertemplate": "%{x}: %{y:.4f}<extra>" + name + "</extra>",
            }
        )
    reduced = sorted(set(reduced_classes))
    shapes = [
        {
            "type": "rect",
            "xref": "x",
            "yref": "paper",
            "x0": cls - 0.5,
            "x1": cls + 0.5,
            "y0": 0,
            "y1": 1,
            "fillcolor": style.YELLOW,
            "opacity": 0.25,
            "line": {"width": 0},
            "layer": "below",
        }
        for cls in reduced
    ]
    annotations = (
        [
            {
                "x": reduced[0] - 0.45,
                "y": 1.0,
                "xref": "x",
                "yref": "paper",
                "xanchor": "left",
                "yanchor": "bottom",
                "text": reduced_label,
                "showarrow": False,
                "font": {"size": style.FONT_SIZE - 2},
            }
        ]
        if reduced
        else []
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
            "xaxis": {"type": "category"},
            "yaxis": {"range": [0, 1.12]},
        },
    )


def confusion_heatmap(
    confusion: np.ndarray,
    *,
    title: str,
    x_title: str,
    y_title: str,
    height: int = 440,
) -> go.Figure:
    """The confusion matrix as a heatmap with its counts written in the cells (rows: true
    class from the top, columns: predicted class)."""
    confusion = np.asarray(confusion)
    names = [str(cls) for cls in range(confusion.shape[0])]
    trace = {
        "type": "heatmap",
        "z": confusion.tolist(),
        "x": names,
        "y": names,
        "colorscale": COUNT_COLOURS,
        "showscale": False,
        "text": confusion.tolist(),
        "texttemplate": "%{text}",
        "hovertemplate": f"{y_title} %{{y}}, {x_title} %{{x}}: %{{z}}<extra></extra>",
        "xgap": 1,
        "ygap": 1,
    }
    return style.figure(
        [trace],
        title=title,
        x_title=x_title,
        y_title=y_title,
        height=height,
        layout={
            "xaxis": {"type": "category", "showgrid": False},
            "yaxis": {"type": "category", "autorange": "reversed", "showgrid": False},
        },
    )


def reliability_diagram(
    models: Sequence[tuple[str, np.ndarray, np.ndarray, np.ndarray]],
    *,
    diagonal_name: str,
    title: str,
    x_title: str,
    y_title: str,
    count_label: str,
    height: int = 440,
) -> go.Figure:
    """Accuracy against mean confidence per confidence bin, one line per model
    ``(name, confidence, accuracy, counts)``, and the diagonal of perfect calibration.

    Points below the diagonal are overconfident bins, points above it underconfident ones; a
    marker's area grows with its bin's count. Empty bins (NaN) are left out.
    """
    traces = [
        {
            "type": "scatter",
            "x": [0, 1],
            "y": [0, 1],
            "mode": "lines",
            "name": diagonal_name,
            "line": {"color": style.GREY, "dash": "dot", "width": 2},
            "hoverinfo": "skip",
        }
    ]
    for (name, confidence, accuracy, counts), colour in zip(models, MODEL_COLOURS, strict=False):
        confidence = np.asarray(confidence, dtype=np.float64)
        accuracy = np.asarray(accuracy, dtype=np.float64)
        counts = np.asarray(counts)
        filled = counts > 0
        # Marker area in proportion to the bin's share of predictions: nearly empty bins are noisy.
        sizes = 6 + 24 * np.sqrt(counts[filled] / counts.sum())
        traces.append(
            {
                "type": "scatter",
                "x": confidence[filled].tolist(),
                "y": accuracy[filled].tolist(),
                "customdata": counts[filled].tolist(),
                "name": name,
                "mode": "lines+markers",
                "line": {"color": colour, "width": 3},
                "marker": {"size": sizes.tolist()},
                "cliponaxis": False,
                "hovertemplate": (
                    f"{x_title} %{{x:.3f}}, {y_title} %{{y:.3f}}, {count_label} %{{customdata}}"
                    f"<extra>{name}</extra>"
                ),
            }
        )
    return style.figure(
        traces,
        title=title,
        x_title=x_title,
        y_title=y_title,
        height=height,
        layout={"xaxis": {"range": [0, 1.02]}, "yaxis": {"range": [0, 1.02]}},
    )


def digit_pixels(image: np.ndarray, scale: int = 12) -> np.ndarray:
    """An 8×8 digit (ink 0–16) as a greyscale picture ``scale`` times larger, dark ink on white,
    with sharp pixel edges: an array of uint8, shape (8·scale, 8·scale)."""
    image = np.asarray(image, dtype=np.float64)
    shade = np.round(255 * (1 - np.clip(image, 0, 16) / 16)).astype(np.uint8)
    return np.kron(shade, np.ones((scale, scale), dtype=np.uint8))
