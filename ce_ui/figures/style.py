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

PATTERNS = ("", "/", ".", "x", "\\", "+", "-", "|")
"""Bar fills, one per colour of a chart in order: the first colour's bars are plain."""
SYMBOLS = ("circle", "square", "diamond", "triangle-up", "x", "star", "cross", "pentagon")
"""Marker shapes, one per colour of a chart in order."""
DASHES = ("solid", "dash", "dot", "dashdot", "longdash", "longdashdot", "solid", "dash")
"""Line styles, one per colour of a chart in order."""

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
    return go.Figure(data=colour_cues(traces, SEQUENCE), layout=shared, _validate=False)


def trace_colour(trace: dict) -> str | None:
    """The one colour a trace sets for itself (its marker's, else its line's); None for none,
    or for a colour per point."""
    for part in ("marker", "line"):
        colour = (trace.get(part) or {}).get("color")
        if colour is not None:
            return colour if isinstance(colour, str) else None
    return None


def colour_cues(traces: list[dict], colorway: tuple[str, ...]) -> list[dict]:
    """The traces, each colour after the first also told apart by a shape (WCAG 1.4.1: colour
    is never the only carrier of meaning): bars of the n-th colour get the n-th fill pattern of
    :data:`PATTERNS`, markers the n-th shape of :data:`SYMBOLS`, lines the n-th style of
    :data:`DASHES`, wherever the trace does not set its own. A trace without a colour of its own
    takes the next of ``colorway``, as Plotly draws it."""
    order: list[str] = []
    cued = []
    defaults = 0
    for trace in traces:
        if trace.get("type") not in ("bar", "scatter"):
            cued.append(trace)
            continue
        colour = trace_colour(trace)
        if colour is None and isinstance((trace.get("marker") or {}).get("color"), list | tuple):
            cued.append(trace)  # a colour per point: its points carry their own labels
            continue
        if colour is None:
            colour = colorway[defaults % len(colorway)]
            defaults += 1
        if colour not in order:
            order.append(colour)
        cued.append(_cue(trace, order.index(colour) % len(SYMBOLS)))
    return cued


def _cue(trace: dict, index: int) -> dict:
    """``trace`` with the index-th pattern, shape or line style where it sets none."""
    if index == 0:
        return trace
    trace = dict(trace)
    marker = dict(trace.get("marker") or {})
    if trace["type"] == "bar":
        pattern = dict(marker.get("pattern") or {})
        pattern.setdefault("shape", PATTERNS[index])
        marker["pattern"] = pattern
        trace["marker"] = marker
        return trace
    mode = trace.get("mode", "lines+markers")
    if "markers" in mode:
        marker.setdefault("symbol", SYMBOLS[index])
        trace["marker"] = marker
    if "lines" in mode:
        line = dict(trace.get("line") or {})
        line.setdefault("dash", DASHES[index])
        trace["line"] = line
    return trace
