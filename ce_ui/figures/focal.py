"""Figures of the Focal page: a family of curves over p_t (the loss as in the paper's Figure 1,
or the modulating factor) with the chosen γ highlighted, and the gradients of focal loss and CE."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import plotly.graph_objects as go

from ce_ui.figures import style
from ce_ui.figures.multilabel import BOTTOM_LEGEND

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
