"""The look shared by every chart: a colour-blind-safe palette and a projector-friendly layout."""

from __future__ import annotations

import base64
import functools

import numpy as np
import plotly.graph_objects as go

# Okabe & Ito's palette, distinguishable with the common colour-vision deficiencies.
BLUE = "#0072B2"
ORANGE = "#E69F00"
GREEN = "#009E73"
VERMILLION = "#D55E00"
SKY = "#56B4E9"
PURPLE = "#CC79A7"
YELLOW = "#F0E442"
GREY = "#7F7F7F"
SEQUENCE = (BLUE, ORANGE, GREEN, VERMILLION, SKY, PURPLE, YELLOW, GREY)

FONT_SIZE = 15

PLOTLY_CONFIG = {
    "displaylogo": False,
    "toImageButtonOptions": {"format": "png", "scale": 2},
    "modeBarButtonsToRemove": ["select2d", "lasso2d"],
}
"""Passed to ``st.plotly_chart(config=...)``: the toolbar keeps its PNG download."""


def base_layout(fig: go.Figure, *, title: str, x_title: str, y_title: str, height: int = 380):
    """Apply the shared layout to ``fig`` and return it."""
    fig.update_layout(
        title={"text": title, "x": 0, "xanchor": "left"},
        xaxis_title=x_title,
        yaxis_title=y_title,
        height=height,
        margin={"l": 10, "r": 10, "t": 50, "b": 10},
        font={"size": FONT_SIZE},
        colorway=SEQUENCE,
        template="plotly_white",
        legend={"orientation": "h", "yanchor": "bottom", "y": 1.0, "xanchor": "right", "x": 1},
        hoverlabel={"font_size": FONT_SIZE},
    )
    return fig


_CARTESIAN_LAYOUT = (
    "autotypenumbers",
    "colorway",
    "font",
    "hovermode",
    "hoverlabel",
    "paper_bgcolor",
    "plot_bgcolor",
    "xaxis",
    "yaxis",
    "shapedefaults",
    "annotationdefaults",
    "title",
)


@functools.cache
def _white_template(trace_types: frozenset[str]) -> dict:
    """The part of Plotly's ``plotly_white`` template that a 2-D chart of these trace types uses:
    its layout for x/y axes, and its defaults for these trace types only (the whole template is
    7 kB, mostly defaults for maps, 3-D scenes and trace types a chart does not have)."""
    import plotly.io as pio

    white = pio.templates["plotly_white"].to_plotly_json()
    return {
        "layout": {key: white["layout"][key] for key in _CARTESIAN_LAYOUT},
        "data": {
            kind: white["data"][kind] for kind in sorted(trace_types) if kind in white["data"]
        },
    }


def typed_array(values) -> dict | object:
    """Numbers as a Plotly.js typed array (``{"dtype": "f4", "bdata": <base64>}``), the form
    Plotly itself sends NumPy arrays in, here in float32 (7 significant digits, more than a chart
    shows) to halve the payload. Anything but a numeric NumPy array is returned unchanged."""
    if not isinstance(values, np.ndarray) or values.dtype.kind not in "fiu" or values.ndim != 1:
        return values
    data = np.ascontiguousarray(values, dtype="<f4")
    return {"dtype": "f4", "bdata": base64.b64encode(data.tobytes()).decode("ascii")}


def figure(
    traces: list[dict],
    *,
    title: str,
    x_title: str,
    y_title: str,
    height: int = 380,
    layout: dict | None = None,
) -> go.Figure:
    """A 2-D figure with the look of :func:`base_layout`, built fast from plain Plotly dicts.

    Plotly checks every property it is handed, which with the shared template costs about 25 ms a
    figure, more than the rest of a page's rerun; and the full template makes most of a small
    figure's payload. This builds the figure without the check and with only the part of the
    template that x/y charts of the given trace types use, so it looks the same. ``traces`` are
    trace dicts such as ``{"type": "bar", "x": ..., "y": ...}`` (NumPy arrays among their values
    are sent as :func:`typed_array` s) and ``layout`` holds extra layout properties, merged one
    level deep over the shared ones. Tests should rebuild the result with
    ``go.Figure(fig.to_dict())``, which validates every property.
    """
    shared = {
        "title": {"text": title, "x": 0, "xanchor": "left"},
        "xaxis": {"title": {"text": x_title}},
        "yaxis": {"title": {"text": y_title}},
        "height": height,
        "margin": {"l": 10, "r": 10, "t": 50, "b": 10},
        "font": {"size": FONT_SIZE},
        "colorway": list(SEQUENCE),
        "template": _white_template(frozenset(trace["type"] for trace in traces)),
        "legend": {"orientation": "h", "yanchor": "bottom", "y": 1.0, "xanchor": "right", "x": 1},
        "hoverlabel": {"font": {"size": FONT_SIZE}},
    }
    for key, value in (layout or {}).items():
        if isinstance(value, dict) and isinstance(shared.get(key), dict):
            shared[key] = {**shared[key], **value}
        else:
            shared[key] = value
    traces = [{key: typed_array(value) for key, value in trace.items()} for trace in traces]
    return go.Figure(data=traces, layout=shared, _validate=False)
