"""Figures of the Entropy page: a text's symbol distribution, log₂ n, and H(p, q) = H(p) + KL.

Pure functions: numbers and already-translated strings in, a Plotly figure out (built with
``style.figure``, which skips Plotly's slow property checks; the tests validate them).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import plotly.graph_objects as go

from ce_ui.figures import style
from ce_ui.format import sig
from ce_ui.text import visible_symbol

VISIBLE_WHITESPACE = {" ": "␣", "\n": "↵", "\t": "⇥", "\r": "␍"}
"""How invisible symbols are labelled, so that a space is seen as a symbol of its own."""

MAX_SYMBOL_BARS = 40
"""The most frequent symbols get a bar each; the rest share one bar."""

MAX_LABELLED_BARS = 12
"""Above this many bars the frequencies are left to the hover and the table beside the chart."""


def symbol_label(symbol: str) -> str:
    """A symbol as it is labelled on screen: whitespace made visible, other invisible characters
    as their code point (U+200B). The stand-ins themselves (a typed ``␣``) are labelled with their
    code point too, so that no two symbols share a label (and a bar: the axis is by label)."""
    if symbol in VISIBLE_WHITESPACE:
        return VISIBLE_WHITESPACE[symbol]
    if symbol in _STAND_INS:
        return f"{symbol} U+{ord(symbol):04X}"
    return visible_symbol(symbol)  # a grapheme cluster may hold several code points


_STAND_INS = frozenset(VISIBLE_WHITESPACE.values())


def symbol_distribution(
    symbols: Sequence[str],
    probabilities: Sequence[float],
    information: Sequence[float],
    *,
    title: str,
    x_title: str,
    y_title: str,
    information_unit: str,
    other_label: str,
) -> go.Figure:
    """One bar per symbol, most frequent first, its frequency written on it; hovering adds the
    symbol's information −log₂ p in ``information_unit``. Beyond :data:`MAX_SYMBOL_BARS` symbols
    the rarest share one bar labelled ``other_label`` (which may use ``{count}``)."""
    probabilities = np.asarray(probabilities, dtype=float)
    information = np.asarray(information, dtype=float)
    order = np.argsort(-probabilities, kind="stable")
    shown, rest = order[:MAX_SYMBOL_BARS], order[MAX_SYMBOL_BARS:]
    labels = [symbol_label(symbols[index]) for index in shown]
    heights = probabilities[shown].tolist()
    hover = [
        f"p = {sig(probabilities[i])}, {sig(information[i])} {information_unit}" for i in shown
    ]
    if rest.size:
        labels.append(other_label.format(count=rest.size))
        heights.append(float(probabilities[rest].sum()))
        hover.append(f"p = {sig(heights[-1])}")
    bars = {
        "type": "bar",
        "x": labels,
        "y": heights,
        "marker": {"color": style.BLUE},
        "text": [sig(height) for height in heights] if len(heights) <= MAX_LABELLED_BARS else None,
        "textposition": "outside",
        "textfont": {"size": style.FONT_SIZE - 2},
        "cliponaxis": False,
        "customdata": hover,
        "hovertemplate": "%{x}: %{customdata}<extra></extra>",
    }
    return style.figure(
        [bars],
        title=title,
        x_title=x_title,
        y_title=y_title,
        layout={
            "xaxis": {"type": "category", "tickfont": {"size": style.FONT_SIZE + 3}},
            "yaxis": {"range": [0, max(heights, default=1.0) * 1.18]},
            "showlegend": False,
        },
    )


def uniform_bits(
    outcome_counts: Sequence[int],
    bits: Sequence[float],
    chosen_count: int,
    chosen_bits: float,
    *,
    title: str,
    x_title: str,
    y_title: str,
) -> go.Figure:
    """log₂ n against n on a logarithmic n axis (a straight line), with the chosen n marked."""
    counts = [int(count) for count in outcome_counts]
    traces = [
        {
            "type": "scatter",
            "x": counts,
            "y": np.asarray(bits, dtype=float).tolist(),
            "mode": "lines+markers",
            "line": {"color": style.BLUE, "width": 3},
            "marker": {"size": 7},
            "showlegend": False,
            "hovertemplate": "n = %{x}: %{y:.4g}<extra></extra>",
        },
        {
            "type": "scatter",
            "x": [int(chosen_count)],
            "y": [float(chosen_bits)],
            "mode": "markers+text",
            "marker": {"size": 15, "color": style.VERMILLION},
            "text": [f"n = {chosen_count}: {sig(chosen_bits)}"],
            "textposition": "top left",
            "cliponaxis": False,
            "showlegend": False,
            "hovertemplate": "n = %{x}: %{y:.4g}<extra></extra>",
        },
    ]
    ticks = counts[::2]
    return style.figure(
        traces,
        title=title,
        x_title=x_title,
        y_title=y_title,
        layout={
            "xaxis": {"type": "log", "tickvals": ticks, "ticktext": [str(n) for n in ticks]},
            "yaxis": {"rangemode": "tozero", "dtick": 2},
        },
    )


def entropy_stack(
    entropy: float,
    divergence: float,
    *,
    bar_labels: tuple[str, str],
    entropy_name: str,
    divergence_name: str,
    title: str,
    x_title: str,
    height: int = 280,
) -> go.Figure:
    """Two horizontal bars: H(p) alone, and H(p, q) stacked as H(p) + KL(p‖q), so that the
    cross-entropy bar is longer than the entropy bar by exactly the divergence."""
    entropy_label, cross_label = bar_labels
    traces = [
        {
            "type": "bar",
            "orientation": "h",
            "y": [entropy_label, cross_label],
            "x": [entropy, entropy],
            "name": entropy_name,
            "marker": {"color": style.BLUE},
            "text": [sig(entropy), sig(entropy)],
            "textposition": "inside",
            "insidetextanchor": "middle",
            "hovertemplate": f"{entropy_name}: %{{x:.4g}}<extra></extra>",
        },
        {
            "type": "bar",
            "orientation": "h",
            "y": [cross_label],
            "x": [divergence],
            "name": divergence_name,
            "marker": {"color": style.ORANGE},
            "text": [sig(divergence)],
            "textposition": "outside" if divergence < 0.2 * entropy else "inside",
            "textangle": 0,
            "cliponaxis": False,
            "hovertemplate": f"{divergence_name}: %{{x:.4g}}<extra></extra>",
        },
    ]
    return style.figure(
        traces,
        title=title,
        x_title=x_title,
        y_title="",
        height=height,
        layout={
            "barmode": "stack",
            # The legend on its own line under the title (a narrow column has no room for both).
            "legend": {"traceorder": "normal", "x": 0, "xanchor": "left"},
            "margin": {"t": 80},
            "yaxis": {"autorange": "reversed"},
            # Room to the right for the divergence's value when it sits outside its bar.
            "xaxis": {"range": [0, (entropy + divergence) * 1.2 or 1.0]},
        },
    )


def distribution_pair(
    p: Sequence[float],
    q: Sequence[float],
    *,
    names: tuple[str, str],
    title: str,
    x_title: str,
    y_title: str,
) -> go.Figure:
    """The two distributions outcome by outcome, p and q side by side."""
    traces = []
    for name, values, colour in ((names[0], p, style.BLUE), (names[1], q, style.ORANGE)):
        values = np.asarray(values, dtype=float)
        traces.append(
            {
                "type": "bar",
                "x": [str(index) for index in range(values.size)],
                "y": values.tolist(),
                "name": name,
                "marker": {"color": colour},
                "text": [sig(value) for value in values],
                "textposition": "outside",
                "textfont": {"size": style.FONT_SIZE - 2},
                "cliponaxis": False,
                "hovertemplate": f"{name}<br>%{{x}}: %{{y:.4g}}<extra></extra>",
            }
        )
    return style.figure(
        traces,
        title=title,
        x_title=x_title,
        y_title=y_title,
        layout={"barmode": "group", "xaxis": {"type": "category"}, "yaxis": {"range": [0, 1.15]}},
    )
