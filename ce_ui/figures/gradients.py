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


SPEEDS = (0.5, 1.0, 2.0, 4.0)
"""The animation's speeds, as multiples of one step per ``frame_ms``."""


def _descent_traces(
    probabilities: np.ndarray, losses: np.ndarray, names: Sequence[str], step: int
) -> list[dict]:
    """The moving traces at ``step``: the prediction's bars and the marker on the loss curve."""
    return [
        {
            "type": "bar",
            "name": names[step],
            "y": probabilities[step].tolist(),
            "text": [sig(value) for value in probabilities[step]],
        },
        {
            "type": "scatter",
            "x": [step],
            "y": [float(losses[step])],
            "text": [sig(losses[step])],
        },
    ]


def descent_animation(
    probabilities: Sequence[Sequence[float]],
    losses: Sequence[float],
    true_class: int,
    start_step: int,
    *,
    statuses: Sequence[str],
    x_title: str,
    y_title: str,
    step_title: str,
    loss_title: str,
    now_names: Sequence[str],
    start_name: str,
    play: str,
    pause: str,
    restart: str,
    speed: str,
    frame_ms: int = 200,
    height: int = 540,
) -> go.Figure:
    """Gradient descent as a Plotly animation played in the browser: one frame per step (row k of
    ``probabilities`` and ``losses``, computed once by ce_core), the prediction's bars over the
    starting prediction on the left, the whole run's loss against step on the right with a marker
    at the step, ``statuses[k]`` as the title and ``now_names[k]`` as the bars' legend. Buttons
    play, pause and play again from step 0; a row of speeds plays at that speed (``SPEEDS`` × one
    step per ``frame_ms``); a slider moves to any step. It opens at ``start_step``."""
    probabilities = np.asarray(probabilities, dtype=float)
    losses = np.asarray(losses, dtype=float)
    steps = len(losses) - 1
    if not probabilities.shape[0] == len(statuses) == len(now_names) == steps + 1:
        raise ValueError("one row of probabilities and one status per step")
    classes = probabilities.shape[1]
    labels = _class_labels(classes)
    top = float(losses.max())
    bars, marker = _descent_traces(probabilities, losses, now_names, start_step)
    traces = [
        {
            **bars,
            "x": labels,
            "marker": {"color": _colours(classes, true_class, true=style.GREEN, other=style.SKY)},
            "textposition": "outside",
            "textfont": {"size": style.FONT_SIZE - 2},
            "cliponaxis": False,
            "hovertemplate": "%{x}: %{y:.4g}<extra></extra>",
        },
        {
            "type": "scatter",
            "x": labels,
            "y": probabilities[0].tolist(),
            "name": start_name,
            "mode": "markers",
            "marker": {
                "symbol": "line-ew-open",
                "size": 26,
                "color": style.GREY,
                "line": {"width": 3, "color": style.GREY},
            },
            "hovertemplate": "%{x}: %{y:.4g}<extra></extra>",
        },
        {
            "type": "scatter",
            "x": list(range(steps + 1)),
            "y": losses.tolist(),
            "xaxis": "x2",
            "yaxis": "y2",
            "mode": "lines",
            "line": {"color": style.BLUE, "width": 3},
            "showlegend": False,
            "hovertemplate": "%{x}: %{y:.4g}<extra></extra>",
        },
        {
            **marker,
            "xaxis": "x2",
            "yaxis": "y2",
            "mode": "markers+text",
            "marker": {"size": 13, "color": style.VERMILLION},
            "textposition": "top right",
            "cliponaxis": False,
            "showlegend": False,
            "hovertemplate": "%{x}: %{y:.4g}<extra></extra>",
        },
    ]
    frames = [
        {
            "name": str(step),
            "data": _descent_traces(probabilities, losses, now_names, step),
            "traces": [0, 3],
            "layout": {"title": {"text": statuses[step]}},
        }
        for step in range(steps + 1)
    ]

    # Plotly plays on "from the current frame" only once a frame has been drawn by an animation:
    # listing the frames from the opening step makes the first Play start where the chart opened.
    onward = [str(step) for step in range(start_step, steps + 1)]

    def animate(duration: int, from_start: bool = False) -> list:
        options = {
            "frame": {"duration": duration, "redraw": True},
            "transition": {"duration": 0},
            "fromcurrent": not from_start,
            "mode": "immediate",
        }
        return [None if from_start else onward, options]

    pause_args = [[None], {"frame": {"duration": 0, "redraw": False}, "mode": "immediate"}]
    menu = {"type": "buttons", "direction": "left", "showactive": False, "x": 0, "y": -0.3}
    layout = {
        "xaxis": {"domain": [0, 0.46], "type": "category"},
        "yaxis": {"range": [0, 1.15]},
        "xaxis2": {
            "domain": [0.56, 1],
            "anchor": "y2",
            "range": [-1, steps + 2],
            "title": {"text": step_title},
        },
        "yaxis2": {
            "anchor": "x2",
            "range": [0, top * 1.15 if top > 0 else 1.0],
            "title": {"text": loss_title},
        },
        "margin": {"l": 10, "r": 10, "t": 60, "b": 150},
        "legend": {"orientation": "h", "yanchor": "bottom", "y": 1.0, "xanchor": "right", "x": 1},
        "updatemenus": [
            {
                **menu,
                "xanchor": "left",
                "yanchor": "top",
                "buttons": [
                    {"label": f"▶ {play}", "method": "animate", "args": animate(frame_ms)},
                    {"label": f"❚❚ {pause}", "method": "animate", "args": pause_args},
                    {"label": f"⟲ {restart}", "method": "animate", "args": animate(frame_ms, True)},
                ],
            },
            {
                **menu,
                "x": 1,
                "xanchor": "right",
                "yanchor": "top",
                "buttons": [
                    {
                        "label": f"{speed} {factor:g}×",
                        "method": "animate",
                        "args": animate(round(frame_ms / factor)),
                    }
                    for factor in SPEEDS
                ],
            },
        ],
        "sliders": [
            {
                "active": start_step,
                "x": 0,
                "y": -0.48,
                "len": 1,
                "pad": {"t": 10},
                "currentvalue": {"prefix": f"{step_title} ", "font": {"size": style.FONT_SIZE}},
                "steps": [
                    {
                        "label": str(step),
                        "method": "animate",
                        "args": [
                            [str(step)],
                            {
                                "frame": {"duration": 0, "redraw": True},
                                "transition": {"duration": 0},
                                "mode": "immediate",
                            },
                        ],
                    }
                    for step in range(steps + 1)
                ],
            }
        ],
    }
    fig = style.figure(
        traces,
        title=statuses[start_step],
        x_title=x_title,
        y_title=y_title,
        height=height,
        layout=layout,
    )
    return go.Figure(data=fig.data, layout=fig.layout, frames=frames, _validate=False)
