"""Figures of the Focal page: a family of curves over p_t (the loss as in the paper's Figure 1,
or the modulating factor) with the chosen γ highlighted, and the gradients of focal loss and CE."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import plotly.graph_objects as go

from ce_ui.figures import style
from ce_ui.figures.multilabel import BOTTOM_LEGEND
from ce_ui.url_state import format_number

HIGHLIGHT_COLOUR = "#111111"


def gamma_family(
    p_t: np.ndarray,
    family: Sequence[tuple[str, np.ndarray]],
    highlight: tuple[str, np.ndarray],
    marker: tuple[float, float, str] | None,
    *,
    title: str,
    x_title: str,
    y_title: str,
    y_max: float | None = None,
) -> go.Figure:
    """Thin curves for ``family`` (name, values over ``p_t``), the chosen curve ``highlight`` bold
    on top, and a labelled marker ``(x, y, label)`` on it (None: no marker, as in a quiz before
    the reveal)."""
    traces = [
        {
            "type": "scatter",
            "mode": "lines",
            "name": name,
            "x": p_t,
            "y": values,
            "line": {"width": 2, "color": style.SEQUENCE[index % len(style.SEQUENCE)]},
            "opacity": 0.75,
            "hovertemplate": "p_t = %{x:.3f}: %{y:.4g}<extra>" + name + "</extra>",
        }
        for index, (name, values) in enumerate(family)
    ]
    name, values = highlight
    traces.append(
        {
            "type": "scatter",
            "mode": "lines",
            "name": name,
            "x": p_t,
            "y": values,
            "line": {"width": 5, "color": HIGHLIGHT_COLOUR},
            "hovertemplate": "p_t = %{x:.3f}: %{y:.4g}<extra>" + name + "</extra>",
        }
    )
    if marker is not None:
        traces.append(_labelled_marker(*marker))
    y_axis = {"rangemode": "tozero"}
    if y_max is not None:
        y_axis["range"] = [0, y_max]
    return style.figure(
        traces,
        title=title,
        x_title=x_title,
        y_title=y_title,
        height=470,
        layout={"xaxis": {"range": [0, 1]}, "yaxis": y_axis, "legend": BOTTOM_LEGEND},
    )


def _labelled_marker(x: float, y: float, label: str) -> dict:
    """The point at your pₜ, with its value written beside it."""
    return {
        "type": "scatter",
        "mode": "markers+text",
        "name": label,
        "x": [x],
        "y": [y],
        "text": [label],
        "textposition": "top right" if x < 0.6 else "top left",
        "marker": {
            "size": 14,
            "color": style.VERMILLION,
            "line": {"width": 2, "color": "white"},
        },
        "showlegend": False,
        "hovertemplate": "p_t = %{x:.4g}: %{y:.4g}<extra></extra>",
    }


def gradients(
    p_t: np.ndarray,
    ce_grad: np.ndarray,
    focal_grad: np.ndarray,
    marker: tuple[float, float, float] | None,
    *,
    ce_name: str,
    focal_name: str,
    title: str,
    x_title: str,
    y_title: str,
) -> go.Figure:
    """The gradients with respect to the logit of a positive example, CE's and focal loss's,
    over ``p_t``, with markers at ``(p_t, ce gradient, focal gradient)`` (None: no markers)."""
    traces = []
    ce_at, focal_at = (None, None) if marker is None else marker[1:]
    for name, values, at, colour, dash in (
        (ce_name, ce_grad, ce_at, style.BLUE, "dash"),
        (focal_name, focal_grad, focal_at, style.VERMILLION, "solid"),
    ):
        traces.append(
            {
                "type": "scatter",
                "mode": "lines",
                "name": name,
                "x": p_t,
                "y": values,
                "line": {"width": 3, "color": colour, "dash": dash},
                "hovertemplate": "p_t = %{x:.3f}: %{y:.4g}<extra>" + name + "</extra>",
            }
        )
        if marker is None:
            continue
        traces.append(
            {
                "type": "scatter",
                "mode": "markers",
                "x": [marker[0]],
                "y": [at],
                "marker": {"size": 12, "color": colour, "line": {"width": 2, "color": "white"}},
                "showlegend": False,
                "hovertemplate": "p_t = %{x:.4g}: %{y:.4g}<extra>" + name + "</extra>",
            }
        )
    return style.figure(
        traces,
        title=title,
        x_title=x_title,
        y_title=y_title,
        height=380,
        layout={"xaxis": {"range": [0, 1]}},
    )


BASE_FRAME_MS = 150
"""How long one γ step of the animation lasts at speed 1×."""
SPEEDS = (0.5, 1.0, 2.0, 4.0)


def _animate(frames: list[str] | None, speed: float) -> list:
    """The arguments of Plotly's ``animate``: play ``frames`` (None: all, from the current one)
    at ``speed``, the curve gliding between frames."""
    duration = round(BASE_FRAME_MS / speed)
    return [
        frames,
        {
            "frame": {"duration": duration, "redraw": False},
            "transition": {"duration": duration, "easing": "linear"},
            "fromcurrent": True,
            "mode": "immediate",
        },
    ]


def _pause() -> list:
    """The arguments of Plotly's ``animate`` that stop a running animation where it is."""
    return [[None], {"frame": {"duration": 0, "redraw": False}, "mode": "immediate",
                     "transition": {"duration": 0}}]  # fmt: skip


def gamma_animation(
    p_t: np.ndarray,
    family: Sequence[tuple[str, np.ndarray]],
    gammas: Sequence[float],
    curves: np.ndarray,
    names: Sequence[str],
    active: int,
    markers: Sequence[tuple[float, float, str]] | None,
    *,
    title: str,
    x_title: str,
    y_title: str,
    labels: dict[str, str],
    y_max: float | None = None,
    height: int = 440,
) -> go.Figure:
    """Figure 1 with a γ you can move in the browser: thin curves for ``family``, a bold curve
    with one frame per γ of ``gammas`` (``curves``, rows γ; legend ``names``), and a labelled
    marker per frame (``markers``, None: no marker, as in a quiz before the reveal).

    A slider over γ starts at frame ``active`` (your γ); Play and Pause buttons and a speed
    menu replay the frames client-side, no server round trip. ``labels`` holds the translated
    ``play``, ``pause``, ``speed`` (a ``{speed}`` template) and ``gamma`` (the slider's prefix)."""
    keys = [format_number(gamma) for gamma in gammas]
    figure = gamma_family(
        p_t,
        family,
        (names[active], curves[active]),
        None if markers is None else markers[active],
        title=title,
        x_title=x_title,
        y_title=y_title,
        y_max=y_max,
    )
    animated = [len(family)] if markers is None else [len(family), len(family) + 1]
    frames = []
    for index, key in enumerate(keys):
        data = [{"type": "scatter", "y": style.typed_array(curves[index]), "name": names[index]}]
        if markers is not None:
            x, y, text = markers[index]
            data.append({"type": "scatter", "x": [x], "y": [y], "text": [text]})
        frames.append({"name": key, "data": data, "traces": animated})
    steps = [
        {"label": key, "method": "animate", "args": [[key], _animate(None, 4.0)[1]]} for key in keys
    ]
    layout = figure.to_plotly_json()["layout"]
    # Under the x axis, two rows: the γ on the chart and the speed menu; Play and Pause, then
    # the slider over γ.
    top, bottom = 72, 102
    layout.update(
        height=height,
        margin={"l": 10, "r": 10, "t": 50, "b": 150},
        # Beside the plot: inside, it would cover the curves or the marker's label.
        legend={"x": 1.02, "xanchor": "left", "y": 1, "yanchor": "top"},
        sliders=[
            {
                "y": 0,
                "yanchor": "top",
                "x": 0.34,
                "len": 0.66,
                "active": active,
                "steps": steps,
                # 51 steps: their labels stay hidden, the value above the slider names γ.
                "font": {"color": "rgba(0,0,0,0)"},
                "currentvalue": {"prefix": labels["gamma"], "font": {"color": "#222"}},
                "pad": {"t": top, "b": 0, "l": 0, "r": 0},
                "transition": {"duration": 0},
            }
        ],
        updatemenus=[
            {
                "x": 0,
                "xanchor": "left",
                "y": 0,
                "yanchor": "top",
                "pad": {"t": bottom},
                "type": "buttons",
                "direction": "left",
                "showactive": False,
                "buttons": [
                    {"label": labels["play"], "method": "animate", "args": _animate(None, 1.0)},
                    {"label": labels["pause"], "method": "animate", "args": _pause()},
                ],
            },
            {
                "x": 1,
                "xanchor": "right",
                "y": 0,
                "yanchor": "top",
                "pad": {"t": top},
                "type": "dropdown",
                "direction": "up",
                "active": SPEEDS.index(1.0),
                "showactive": True,
                "buttons": [
                    {
                        "label": labels["speed"].format(speed=format_number(speed)),
                        "method": "animate",
                        "args": _animate(None, speed),
                    }
                    for speed in SPEEDS
                ],
            },
        ],
    )
    return go.Figure(data=list(figure.data), layout=layout, frames=frames, _validate=False)
