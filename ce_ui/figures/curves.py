"""Figures of the Curves page: both branches of the binary cross-entropy, their slopes, and the
ceilings that clipping and clamping put on the loss.

Pure functions: numbers and already-translated strings in, a Plotly figure out. They are built
from plain dicts with :func:`style.figure`, which skips Plotly's slow property checks.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import plotly.graph_objects as go

from ce_ui.figures import style

BRANCH_COLOURS = {1: style.BLUE, 0: style.ORANGE}
CHOSEN_COLOUR = style.VERMILLION
HEIGHT = 430
HEADROOM = 1.1
"""Space above the highest thing an axis must show, as a factor."""
PIN_FACTOR = 6.0
"""A point further out than this many times an axis's usual extent is pinned to the chart's edge
(its label still gives its true value) rather than stretching the axis until the curves are flat."""
SAME_POINT = 0.02
"""Worked points closer than this (in p) to the chosen point are not labelled twice."""
LEGEND_INSIDE = {"orientation": "v", "bgcolor": "rgba(255,255,255,0.85)"}


@dataclass(frozen=True)
class Point:
    """A labelled point on a chart."""

    x: float
    y: float
    label: str


@dataclass(frozen=True)
class Cap:
    """A library's ceiling on the loss: the loss is flat at ``value`` wherever the probability on
    the truth is below ``onset``."""

    name: str
    value: float
    onset: float
    colour: str


def _hover(x_name: str, y_name: str) -> str:
    return f"{x_name} = %{{x:.4g}}<br>{y_name} = %{{y:.4g}}<extra></extra>"


def _branches(
    p: np.ndarray,
    values: Mapping[int, Sequence[float]],
    names: Mapping[int, str],
    active: int,
    hover: str,
) -> list[dict]:
    """One line per label, y = 0 then y = 1; the active one bold and solid, the other dotted."""
    return [
        {
            "type": "scatter",
            "x": p,
            "y": np.asarray(values[label], dtype=float),
            "mode": "lines",
            "name": names[label],
            "line": {
                "color": BRANCH_COLOURS[label],
                "width": 3.5 if label == active else 2,
                "dash": "solid" if label == active else "dot",
            },
            "opacity": 1.0 if label == active else 0.75,
            "hovertemplate": hover,
        }
        for label in (0, 1)
    ]


def _chosen(point: Point, *, low: float, high: float, hover: str) -> tuple[dict, dict]:
    """The chosen point's marker and its boxed label: above it in the lower part of the y range
    [low, high], below it in the upper part. A point outside the range is pinned to the nearer
    edge as a triangle pointing off the chart; its label still gives the true value."""
    symbol, y = "circle", point.y
    if point.y > high:
        symbol, y = "triangle-up", high
    elif point.y < low:
        symbol, y = "triangle-down", low
    above = y < low + 0.6 * (high - low)
    marker = {
        "type": "scatter",
        "x": [point.x],
        "y": [y],
        "mode": "markers",
        "name": point.label,
        "marker": {
            "color": CHOSEN_COLOUR,
            "size": 15,
            "symbol": symbol,
            "line": {"color": "white", "width": 2},
        },
        "cliponaxis": False,
        "showlegend": False,
        "hovertemplate": hover,
    }
    label = {
        "x": point.x,
        "y": y,
        "text": f"<b>{point.label}</b>",
        "showarrow": True,
        "arrowhead": 0,
        "arrowwidth": 1.5,
        "arrowcolor": CHOSEN_COLOUR,
        "ax": -50 if point.x > 0.5 else 50,
        "ay": -45 if above else 45,
        "font": {"color": CHOSEN_COLOUR},
        "bgcolor": "rgba(255,255,255,0.9)",
        "bordercolor": CHOSEN_COLOUR,
        "borderpad": 3,
    }
    return marker, label


def _axis_top(usual: float, *others: float | None) -> float:
    """The top of an axis whose usual extent is ``usual``: high enough for every value in
    ``others`` that is not absurdly far out."""
    wanted = [value for value in others if value is not None and value <= PIN_FACTOR * usual]
    return HEADROOM * max([usual, *wanted])


def _horizontal_line(y: float, *, colour: str, width: float, dash: str = "solid") -> dict:
    return {
        "type": "line",
        "xref": "x domain",
        "x0": 0,
        "x1": 1,
        "yref": "y",
        "y0": y,
        "y1": y,
        "line": {"color": colour, "width": width, "dash": dash},
    }


def loss_figure(
    p: Sequence[float],
    losses: Mapping[int, Sequence[float]],
    *,
    y: int,
    chosen: Point,
    worked: Sequence[Point],
    cap: Point | None,
    usual_top: float,
    branch_names: Mapping[int, str],
    title: str,
    x_title: str,
    y_title: str,
) -> go.Figure:
    """Both branches of the binary cross-entropy over p, the active one (label ``y``) in bold.

    ``losses[label]`` holds the loss of each grid probability in ``p`` for that label. ``worked``
    points are marked and labelled; ``chosen`` gets a large marker; ``cap`` (the clipping
    ceiling, ``cap.y`` its height) a dashed horizontal line. The y axis reaches ``usual_top`` and
    stretches for the chosen point and the cap unless they are far above it, in which case the
    chosen point is pinned to the top edge.

    Traces: branch y = 0, branch y = 1, the worked points, the chosen point.
    """
    p = np.asarray(p, dtype=float)
    hover = _hover(x_title, y_title)
    top = _axis_top(usual_top, chosen.y, None if cap is None else cap.y)
    colour = BRANCH_COLOURS[y]
    worked_marks = {
        "type": "scatter",
        "x": [point.x for point in worked],
        "y": [point.y for point in worked],
        "mode": "markers",
        "name": "",
        "marker": {
            "color": colour,
            "size": 10,
            "symbol": "diamond",
            "line": {"color": "white", "width": 1.5},
        },
        "showlegend": False,
        "hovertemplate": hover,
    }
    annotations = [
        {
            "x": point.x,
            "y": point.y,
            "text": point.label,
            "showarrow": True,
            "arrowhead": 0,
            "arrowwidth": 1.5,
            "arrowcolor": colour,
            "ax": 0,
            "ay": -38,
            "font": {"color": colour},
            "bgcolor": "rgba(255,255,255,0.85)",
        }
        for point in worked
        if abs(point.x - chosen.x) >= SAME_POINT  # else the chosen point's label says the same
    ]
    shapes = []
    if cap is not None:
        shapes.append(_horizontal_line(cap.y, colour=style.GREY, width=2, dash="dash"))
        annotations.append(
            {
                "xref": "x domain",
                "x": 1,
                "y": cap.y,
                "xanchor": "right",
                "yanchor": "bottom",
                "text": cap.label,
                "showarrow": False,
                "font": {"color": style.GREY},
            }
        )
    chosen_mark, chosen_label = _chosen(chosen, low=0.0, high=top, hover=hover)
    return style.figure(
        [*_branches(p, losses, branch_names, y, hover), worked_marks, chosen_mark],
        title=title,
        x_title=x_title,
        y_title=y_title,
        height=HEIGHT,
        layout={
            "xaxis": {"range": [0, 1], "dtick": 0.1, "zeroline": False},
            "yaxis": {"range": [0, top]},
            "shapes": shapes,
            "annotations": [*annotations, chosen_label],
            "legend": {
                **LEGEND_INSIDE,
                "yanchor": "middle",
                "y": 0.7,
                "xanchor": "center",
                "x": 0.5,
            },
        },
    )


def slope_figure(
    p: Sequence[float],
    slopes: Mapping[int, Sequence[float]],
    *,
    y: int,
    chosen: Point,
    usual_extent: float,
    branch_names: Mapping[int, str],
    title: str,
    x_title: str,
    y_title: str,
) -> go.Figure:
    """The slope dL/dp of both branches (−1/p for y = 1, 1/(1 − p) for y = 0, in nats), the active
    one in bold, and the chosen point. The y axis is symmetric, ±``usual_extent`` or more for the
    chosen point; a point far beyond that is pinned to the edge with its value in its label.

    Traces: branch y = 0, branch y = 1, the chosen point.
    """
    p = np.asarray(p, dtype=float)
    hover = _hover(x_title, y_title)
    extent = _axis_top(usual_extent, abs(chosen.y))
    chosen_mark, chosen_label = _chosen(chosen, low=-extent, high=extent, hover=hover)
    return style.figure(
        [*_branches(p, slopes, branch_names, y, hover), chosen_mark],
        title=title,
        x_title=x_title,
        y_title=y_title,
        height=HEIGHT,
        layout={
            "xaxis": {"range": [0, 1], "dtick": 0.1, "zeroline": False},
            "yaxis": {"range": [-extent, extent], "zeroline": False},
            "shapes": [_horizontal_line(0.0, colour=style.GREY, width=1)],
            "annotations": [chosen_label],
            "legend": {**LEGEND_INSIDE, "yanchor": "top", "y": 0.98, "xanchor": "left", "x": 0.03},
        },
    )


def cap_figure(
    p_true: Sequence[float],
    exact: Sequence[float],
    caps: Sequence[Cap],
    *,
    chosen: Point,
    exact_name: str,
    title: str,
    x_title: str,
    y_title: str,
) -> go.Figure:
    """The exact loss −log pₜ against the probability on the truth pₜ on a log axis, where it is a
    straight line, and each library's ceiling as a flat dashed segment from the left edge to the
    point where it takes over. ``chosen`` marks the current prediction on the exact line.

    Traces: the exact line, one per cap, the chosen point.
    """
    p_true = np.asarray(p_true, dtype=float)
    exact = np.asarray(exact, dtype=float)
    hover = _hover(x_title, y_title)
    left = float(p_true.min())
    top = HEADROOM * max(float(exact.max()), chosen.y, *(cap.value for cap in caps))
    exact_line = {
        "type": "scatter",
        # A list, not an array: the shared style sends arrays as float32, which cannot hold
        # probabilities below about 1e−45 that this log axis reaches.
        "x": p_true.tolist(),
        "y": exact,
        "mode": "lines",
        "name": exact_name,
        "line": {"color": style.GREY, "width": 3},
        "hovertemplate": hover,
    }
    segments = [
        {
            "type": "scatter",
            "x": [left, cap.onset],
            "y": [cap.value, cap.value],
            "mode": "lines+markers",
            "name": cap.name,
            "line": {"color": cap.colour, "width": 3, "dash": "dash"},
            "marker": {"size": [0, 11], "color": cap.colour},
            "hovertemplate": hover,
        }
        for cap in caps
    ]
    chosen_mark, chosen_label = _chosen(chosen, low=0.0, high=top, hover=hover)
    decades = -np.log10(left)
    return style.figure(
        [exact_line, *segments, chosen_mark],
        title=title,
        x_title=x_title,
        y_title=y_title,
        height=HEIGHT,
        layout={
            "xaxis": {
                "type": "log",
                "exponentformat": "power",
                "showexponent": "all",
                "dtick": max(1, int(np.ceil(decades / 6))),
            },
            "yaxis": {"range": [0, top]},
            "annotations": [chosen_label],
            "legend": {**LEGEND_INSIDE, "yanchor": "top", "y": 0.98, "xanchor": "right", "x": 0.99},
        },
    )
