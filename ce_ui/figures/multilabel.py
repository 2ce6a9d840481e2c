"""Figures of the Multi-label page: per-class terms, where the loss comes from, and a class
profile that stays small at any number of classes."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import plotly.graph_objects as go

from ce_core.scenarios import ClassProfile
from ce_ui.figures import style
from ce_ui.format import sig

POSITIVE_COLOUR = style.BLUE
NEGATIVE_COLOUR = style.VERMILLION
BOTTOM_LEGEND = {"orientation": "h", "yanchor": "top", "y": -0.3, "xanchor": "left", "x": 0}
"""For charts in a narrow column, where a legend at the top would run into the title."""
COMPACT_HEIGHT = 245
"""The per-class chart beside the bars and the headline numbers: one screen at 1366×768."""


def class_terms(
    class_names: Sequence[str],
    binary_terms: np.ndarray,
    categorical_terms: np.ndarray,
    *,
    binary_name: str,
    categorical_name: str,
    title: str,
    x_title: str,
    y_title: str,
    height: int = 360,
) -> go.Figure:
    """Each class's term under the two ways of scoring, side by side (with the values on the
    bars)."""
    traces = [
        {
            "type": "bar",
            "name": name,
            "x": list(class_names),
            "y": terms,
            "text": [sig(value) for value in terms],
            "textposition": "outside",
            "marker": {"color": colour},
            "hovertemplate": "%{x}: %{y:.4g}<extra>" + name + "</extra>",
        }
        for name, terms, colour in (
            (binary_name, binary_terms, style.BLUE),
            (categorical_name, categorical_terms, style.ORANGE),
        )
    ]
    top = max(float(np.max(binary_terms)), float(np.max(categorical_terms)), 1e-12)
    return style.figure(
        traces,
        title=title,
        x_title=x_title,
        y_title=y_title,
        height=height,
        layout={
            "barmode": "group",
            "yaxis": {"range": [0, top * 1.2]},
            "legend": {**BOTTOM_LEGEND, "y": -0.42 if height < 360 else -0.25},
        },
    )


def loss_split(
    rows: Sequence[tuple[str, float, float]],
    *,
    positives_name: str,
    negatives_name: str,
    title: str,
    x_title: str,
    as_share: bool = False,
) -> go.Figure:
    """One stacked horizontal bar per row ``(label, positives' loss, negatives' loss)``; with
    ``as_share`` the bars show percentages of each row's total (for rows of different scales)."""
    labels = [label for label, _, _ in rows]
    parts = np.array([[pos, neg] for _, pos, neg in rows], dtype=float)
    totals = parts.sum(axis=1, keepdims=True)
    shown = (
        100 * np.divide(parts, totals, out=np.zeros_like(parts), where=totals > 0)
        if as_share
        else parts
    )
    traces = []
    for column, (name, colour) in enumerate(
        ((positives_name, POSITIVE_COLOUR), (negatives_name, NEGATIVE_COLOUR))
    ):
        values = shown[:, column]
        text = [f"{sig(v)} %" if as_share else sig(v) for v in values]
        traces.append(
            {
                "type": "bar",
                "orientation": "h",
                "name": name,
                "y": labels,
                "x": values,
                "text": text,
                "textposition": "auto",
                "marker": {"color": colour},
                "customdata": parts[:, column],
                "hovertemplate": "%{y}: %{customdata:.4g}<extra>" + name + "</extra>",
            }
        )
    return style.figure(
        traces,
        title=title,
        x_title=x_title,
        y_title="",
        height=200 + 60 * len(rows),
        layout={
            "barmode": "stack",
            "legend": {**BOTTOM_LEGEND, "y": -0.7 if len(rows) == 1 else -0.45},
            "yaxis": {"autorange": "reversed"},
            "xaxis": {"range": [0, 100]} if as_share else {"rangemode": "tozero"},
        },
    )


def class_profile(
    profile: ClassProfile,
    *,
    positives_name: str,
    negatives_name: str,
    share_name: str,
    title: str,
    x_title: str,
    y_title: str,
    share_title: str,
    hover: str,
) -> go.Figure:
    """The per-class terms as binned bars (height: the mean term of the classes in the bin), in
    order from the largest term to the smallest within each group, with the cumulative share of
    the total as a line on a second axis.

    ``hover`` is a template with the placeholders ``{group}``, ``{first}``, ``{last}``, ``{count}``,
    ``{mean}``, ``{low}``, ``{high}`` and ``{total}``, filled in for every bar.
    """
    index = np.arange(len(profile.total))
    traces = []
    for is_positive, name, colour in (
        (True, positives_name, POSITIVE_COLOUR),
        (False, negatives_name, NEGATIVE_COLOUR),
    ):
        chosen = profile.is_positive == is_positive
        texts = [
            hover.format(
                group=name,
                first=first,
                last=last,
                count=last - first + 1,
                mean=sig(mean),
                low=sig(low),
                high=sig(high),
                total=sig(total),
            )
            for first, last, mean, low, high, total in zip(
                profile.first[chosen],
                profile.last[chosen],
                profile.mean[chosen],
                profile.low[chosen],
                profile.high[chosen],
                profile.total[chosen],
                strict=True,
            )
        ]
        traces.append(
            {
                "type": "bar",
                "name": name,
                "x": index[chosen],
                "y": profile.mean[chosen],
                "marker": {"color": colour},
                "hovertext": texts,
                "hoverinfo": "text",
            }
        )
    traces.append(
        {
            "type": "scatter",
            "mode": "lines+markers",
            "name": share_name,
            "x": index,
            "y": 100 * profile.cumulative_share,
            "yaxis": "y2",
            "line": {"color": style.GREY, "width": 2},
            "marker": {"size": 4},
            "hovertemplate": "%{y:.4g} %<extra>" + share_name + "</extra>",
        }
    )
    positive_bins = int(profile.is_positive.sum())
    groups = [
        (name, (first + last) / 2)
        for name, first, last in (
            (positives_name, 0, positive_bins - 1),
            (negatives_name, positive_bins, len(index) - 1),
        )
        if last >= first
    ]
    return style.figure(
        traces,
        title=title,
        x_title=x_title,
        y_title=y_title,
        height=420,
        layout={
            "bargap": 0.1,
            "legend": BOTTOM_LEGEND,
            "xaxis": {
                "tickvals": [centre for _, centre in groups],
                "ticktext": [name for name, _ in groups],
                "tickangle": 0,
            },
            "yaxis": {"rangemode": "tozero"},
            "yaxis2": {
                "title": {"text": share_title},
                "overlaying": "y",
                "side": "right",
                "range": [0, 105],
                "dtick": 25,
                "showgrid": False,
            },
        },
    )
