"""Figures of the Gradients page: where the learning signal goes, and gradient descent on logits.

Pure functions: numbers and already-translated strings in, a Plotly figure out (built with
``style.figure``, which skips Plotly's slow property checks; the tests validate them).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import plotly.graph_objects as go

from ce_ui.figures import style
from ce_ui.format import sig

GRADIENT_AXIS = {
    "range": [-1.15, 1.15],
    "zeroline": True,
    "zerolinecolor": style.GREY,
    "zerolinewidth": 1.5,
}
"""Gradients of softmax cross-entropy lie in [−1, 1]: a fixed axis keeps charts comparable."""


def _class_labels(count: int) -> list[str]:
    return [str(index) for index in range(count)]


def _colours(count: int, true_class: int, *, true: str, other: str) -> list[str]:
    return [true if index == true_class else other for index in range(count)]


def _bars(values, *, name: str | None = None, colour, hover: str = "%{x}: %{y:.4g}") -> dict:
    values = np.asarray(values, dtype=float)
    trace = {
        "type": "bar",
        "x": _class_labels(len(values)),
        "y": values.tolist(),
        "marker": {"color": colour},
        "text": [sig(value + 0.0) for value in values],
        "textposition": "outside",
        "textfont": {"size": style.FONT_SIZE - 2},
        "cliponaxis": False,
        "hovertemplate": hover + "<extra></extra>",
    }
    if name is not None:
        trace["name"] = name
    return trace


def logit_gradient_bars(
    gradient: Sequence[float],
    true_class: int,
    *,
    title: str,
    x_title: str,
    y_title: str,
    height: int = 380,
) -> go.Figure:
    """One bar per class: ∂L/∂z_c = ŷ_c − y_c, the true class highlighted, values on the bars."""
    colours = _colours(len(gradient), true_class, true=style.VERMILLION, other=style.BLUE)
    return style.figure(
        [_bars(gradient, colour=colours)],
        title=title,
        x_title=x_title,
        y_title=y_title,
        height=height,
        layout={"yaxis": GRADIENT_AXIS, "xaxis": {"type": "category"}, "showlegend": False},
    )


def probability_vs_logit_gradient(
    probabilities: Sequence[float],
    probability_gradient: Sequence[float],
    logit_gradient: Sequence[float],
    current_probability: float | None,
    current_gradients: tuple[float, float] | None,
    *,
    title: str,
    x_title: str,
    y_title: str,
    probability_name: str,
    logit_name: str,
) -> go.Figure:
    """How big the true class's gradient gets as its probability ŷ shrinks: |∂L/∂ŷ| = 1/ŷ grows
    without bound, |∂L/∂z| = 1 − ŷ never exceeds 1. Log y axis; markers at the current ŷ with
    ``current_gradients`` = (∂L/∂ŷ, ∂L/∂z) there (none when ``current_probability`` is None: a
    quiz's answer not yet revealed)."""
    probabilities = np.asarray(probabilities, dtype=float).tolist()
    traces = [
        {
            "type": "scatter",
            "x": probabilities,
            "y": np.abs(np.asarray(sizes, dtype=float)).tolist(),
            "mode": "lines",
            "name": name,
            "line": {"color": colour, "width": 3},
            "hovertemplate": "ŷ = %{x:.3g}: %{y:.4g}<extra></extra>",
        }
        for name, sizes, colour in (
            (probability_name, probability_gradient, style.VERMILLION),
            (logit_name, logit_gradient, style.BLUE),
        )
    ]
    marked = [abs(value) for value in current_gradients or ()]
    traces += (
        []
        if current_probability is None
        else [
            {
                "type": "scatter",
                "x": [current_probability, current_probability],
                "y": marked,
                "mode": "markers+text",
                "text": [sig(value) for value in marked],
                "textposition": "middle right",
                "marker": {
                    "size": 13,
                    "color": [style.VERMILLION, style.BLUE],
                    "line": {"width": 2, "color": "white"},
                },
                "showlegend": False,
                "hovertemplate": "ŷ = %{x:.4g}: %{y:.4g}<extra></extra>",
            }
        ]
    )
    return style.figure(
        traces,
        title=title,
        x_title=x_title,
        y_title=y_title,
        layout={"xaxis": {"range": [0, 1]}, "yaxis": {"type": "log", "exponentformat": "power"}},
    )


def gradient_pair(
    first: Sequence[float],
    second: Sequence[float],
    *,
    names: tuple[str, str],
    title: str,
    x_title: str,
    y_title: str,
) -> go.Figure:
    """Two gradients side by side, class by class (two predictions, or softmax and sigmoid)."""
    traces = [
        _bars(values, name=name, colour=colour, hover=f"{name}<br>%{{x}}: %{{y:.4g}}")
        for name, values, colour in (
            (names[0], first, style.BLUE),
            (names[1], second, style.ORANGE),
        )
    ]
    return style.figure(
        traces,
        title=title,
        x_title=x_title,
        y_title=y_title,
        layout={"barmode": "group", "yaxis": GRADIENT_AXIS, "xaxis": {"type": "category"}},
    )


def descent_probabilities(
    probabilities: Sequence[float],
    start_probabilities: Sequence[float],
    true_class: int,
    *,
    title: str,
    x_title: str,
    y_title: str,
    now_name: str,
    start_name: str,
) -> go.Figure:
    """The prediction after some descent steps (bars, true class in green) over the starting
    prediction (grey ticks)."""
    colours = _colours(len(probabilities), true_class, true=style.GREEN, other=style.SKY)
    start = {
        "type": "scatter",
        "x": _class_labels(len(start_probabilities)),
        "y": np.asarray(start_probabilities, dtype=float).tolist(),
        "name": start_name,
        "mode": "markers",
        "marker": {
            "symbol": "line-ew-open",
            "size": 30,
            "color": style.GREY,
            "line": {"width": 3, "color": style.GREY},
        },
        "hovertemplate": "%{x}: %{y:.4g}<extra></extra>",
    }
    return style.figure(
        [_bars(probabilities, name=now_name, colour=colours), start],
        title=title,
        x_title=x_title,
        y_title=y_title,
        layout={"yaxis": {"range": [0, 1.12]}, "xaxis": {"type": "category"}},
    )


def loss_curve(
    losses: Sequence[float],
    step: int,
    *,
    title: str,
    x_title: str,
    y_title: str,
) -> go.Figure:
    """Loss against step for the steps taken so far, on axes fixed to the whole run so that the
    picture does not jump while the animation plays; a marker at the current step."""
    losses = np.asarray(losses, dtype=float)
    top = float(losses.max())
    traces = [
        {
            "type": "scatter",
            "x": list(range(step + 1)),
            "y": losses[: step + 1].tolist(),
            "mode": "lines",
            "line": {"color": style.BLUE, "width": 3},
            "showlegend": False,
            "hovertemplate": "%{x}: %{y:.4g}<extra></extra>",
        },
        {
            "type": "scatter",
            "x": [step],
            "y": [float(losses[step])],
            "mode": "markers+text",
            "marker": {"size": 13, "color": style.VERMILLION},
            "cliponaxis": False,
            "text": [sig(losses[step])],
            "textposition": "top right",
            "showlegend": False,
            "hovertemplate": "%{x}: %{y:.4g}<extra></extra>",
        },
    ]
    return style.figure(
        traces,
        title=title,
        x_title=x_title,
        y_title=y_title,
        layout={
            "xaxis": {"range": [-1, len(losses) + 2]},
            "yaxis": {"range": [0, top * 1.12 if top > 0 else 1.0]},
        },
    )
