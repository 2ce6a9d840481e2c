"""What a chart says, in words and as a table, for readers who cannot see it (issue 18).

Every chart of the app is a Plotly figure built by ``ce_ui.figures`` from numbers computed by
``ce_core``; this module reads those numbers back out of the figure, so the words and the table
always say what the picture shows. :func:`describe` gives a short text alternative in the
session's language: the title, the axes, and for each series the numbers that matter (each bar's
label and value; a few points one by one; a long curve by its ends and its lowest and highest
values; a grid by its size and range), then the labels written on the chart. :func:`data_table`
gives every series' data as columns for a table. Both are pure: they only read the figure.
"""

from __future__ import annotations

import base64
import html
import math
import re
from dataclasses import dataclass

import numpy as np
import plotly.graph_objects as go

from ce_ui.format import sig
from ce_ui.i18n import t

MAX_LISTED = 12
"""A series of at most this many points (or bars) is read out point by point; a longer one by
its ends and extremes, and a bar chart's first bars then "and N more"."""
SHORT_AXIS = 16
"""An axis title of at most this many characters (two words) names a bar: "class 2"."""
TAG = re.compile(r"<[^>]+>")
NUMBER = re.compile(r"^[−\-+]?(\d|∞)")


@dataclass(frozen=True)
class Series:
    """One trace's data as the chart shows it: ``labels`` name its points along the category (or
    x) axis, ``values`` are their heights (a heatmap's are its cells, row by row)."""

    name: str
    kind: str
    labels: list[str]
    values: list[float]
    x_title: str
    y_title: str
    written: list[str] | None = None
    """The values as the chart writes them beside the points (an infinite loss's bar, drawn at
    a finite height, says ∞), when it does; "" where it writes nothing beside a point."""
    rows: int = 0
    """A heatmap's number of rows (0 for other traces)."""

    def shown(self, digits: int = 4) -> list[str]:
        """The values as text: as the chart writes them, or to ``digits`` significant digits."""
        written = self.written or [""] * len(self.values)
        pairs = zip(written, self.values, strict=True)
        return [text or sig(value, digits) for text, value in pairs]


def plain(text: object) -> str:
    """A chart text without its HTML (``<br>`` becomes a space, other tags go)."""
    if text is None:
        return ""
    return " ".join(TAG.sub("", str(text).replace("<br>", " ")).split())


def numbers(values: object) -> np.ndarray:
    """A trace's numbers as a float array, also from the typed-array form the figure builders
    use (``{"dtype": "f4", "bdata": ...}``, see :func:`ce_ui.figures.style.typed_array`)."""
    if values is None:
        return np.empty(0)
    if isinstance(values, dict) and "bdata" in values:
        raw = np.frombuffer(base64.b64decode(values["bdata"]), dtype=values["dtype"])
        shape = str(values.get("shape", "-1"))  # Plotly writes a grid's shape as "rows, columns"
        return raw.astype(float).reshape([int(size) for size in shape.split(",")])
    return np.asarray(values, dtype=float)


def _label(value: object, ticks: dict[str, str]) -> str:
    """A category or x value as the axis writes it (its tick text, when the axis has them)."""
    if isinstance(value, str):
        return plain(ticks.get(value, value))
    number = float(value)
    key = sig(number)
    return plain(ticks.get(key, key))


def _axis(layout: go.Layout, axis: str) -> tuple[str, dict[str, str]]:
    """An axis's title and its tick texts by tick value (``axis`` is "x", "x2", "y", …)."""
    name = f"{axis[0]}axis{axis[1:]}"
    found = layout[name] if name in layout else None
    if found is None:
        return "", {}
    ticks = {}
    if found.tickvals is not None and found.ticktext is not None:
        for value, text in zip(found.tickvals, found.ticktext, strict=False):
            ticks[value if isinstance(value, str) else sig(value)] = str(text)
    return plain(found.title.text), ticks


def _points(trace, layout: go.Layout) -> tuple[list, np.ndarray, str, str, dict[str, str]]:
    """A trace's positions along its category axis, its values, and the two axis titles."""
    x_title, x_ticks = _axis(layout, trace.xaxis or "x")
    y_title, y_ticks = _axis(layout, trace.yaxis or "y")
    horizontal = trace.type == "bar" and trace.orientation == "h"
    along, value = ("y", "x") if horizontal else ("x", "y")
    values = numbers(trace[value])
    positions = trace[along]
    if isinstance(positions, dict) and "bdata" in positions:
        positions = numbers(positions).tolist()
    positions = list(range(len(values))) if positions is None else list(positions)
    if horizontal:
        return positions, values, y_title, x_title, y_ticks
    return positions, values, x_title, y_title, x_ticks


def _written(trace, count: int) -> list[str] | None:
    """The trace's per-point texts when the chart writes them and they are numbers (a bar's
    label, say), else None."""
    text = trace.text
    if text is None or isinstance(text, str) or len(text) != count:
        return None
    if trace.type == "scatter" and "text" not in (trace.mode or ""):
        return None
    if trace.type == "bar" and trace.textposition == "none":
        return None
    written = [plain(one) for one in text]
    if not all(NUMBER.match(one) for one in written if one):
        return None
    return written if any(written) else None


def series(figure: go.Figure) -> list[Series]:
    """The figure's visible traces with data, in drawing order."""
    found = []
    for number, trace in enumerate(figure.data, start=1):
        if trace.visible in (False, "legendonly"):
            continue
        name = plain(trace.name) or t("accessibility.chart_series", number=number)
        if trace.type == "heatmap":
            grid = numbers(trace.z)
            if grid.ndim != 2 or not grid.size:
                continue
            x_title, x_ticks = _axis(figure.layout, trace.xaxis or "x")
            y_title, y_ticks = _axis(figure.layout, trace.yaxis or "y")
            columns = list(trace.x) if trace.x is not None else list(range(grid.shape[1]))
            rows = list(trace.y) if trace.y is not None else list(range(grid.shape[0]))
            labels = [
                f"{_label(row, y_ticks)}, {_label(column, x_ticks)}"
                for row in rows
                for column in columns
            ]
            found.append(
                Series(name, "heatmap", labels, grid.ravel().tolist(), x_title, y_title,
                       rows=grid.shape[0])
            )  # fmt: skip
            continue
        positions, values, x_title, y_title, ticks = _points(trace, figure.layout)
        if not values.size:
            continue
        count = min(len(positions), values.size)
        labels = [_label(position, ticks) for position in positions[:count]]
        found.append(
            Series(name, trace.type, labels, values[:count].tolist(), x_title, y_title,
                   written=_written(trace, count))
        )  # fmt: skip
    return found


def _listed(one: Series) -> str:
    shown = [
        f"{_named(label, one.x_title)}: {value}" if one.kind == "bar" else f"({label}; {value})"
        for label, value in zip(one.labels[:MAX_LISTED], one.shown()[:MAX_LISTED], strict=True)
    ]
    if len(one.values) > MAX_LISTED:
        shown.append(t("accessibility.chart_more", count=len(one.values) - MAX_LISTED))
    return ", ".join(shown)


def _named(label: str, axis: str) -> str:
    """A bar's label, after its axis's title when that is a short name and the label a bare
    number ("class 2")."""
    short = 0 < len(axis) <= SHORT_AXIS and len(axis.split()) <= 2
    return f"{axis} {label}" if short and label[:1].isdigit() else label


def _finite(values: list[float]) -> list[float]:
    return [value for value in values if math.isfinite(value)] or values


def summary(one: Series, *, written_only: bool = False) -> str:
    """One series in a sentence: its bars or points, or a long curve's ends and extremes; with
    ``written_only`` (a quiz, whose answer the chart does not write), a series whose values the
    chart does not write says only how many points it has."""
    if written_only and one.kind != "heatmap" and one.written is None:
        return t("accessibility.chart_count", name=one.name, count=len(one.values))
    if one.kind == "heatmap":
        finite = _finite(one.values)
        return t(
            "accessibility.chart_grid", name=one.name, rows=one.rows,
            columns=len(one.values) // max(one.rows, 1), low=sig(min(finite)),
            high=sig(max(finite)),
        )  # fmt: skip
    if one.kind == "bar" or len(one.values) <= MAX_LISTED:
        return t("accessibility.chart_values", name=one.name, values=_listed(one))
    finite = _finite(one.values)
    return t(
        "accessibility.chart_curve", name=one.name, count=len(one.values),
        first=f"({one.labels[0]}; {sig(one.values[0])})",
        last=f"({one.labels[-1]}; {sig(one.values[-1])})",
        low=sig(min(finite)), high=sig(max(finite)),
    )  # fmt: skip


def describe(figure: go.Figure, *, written_only: bool = False) -> str:
    """The chart's text alternative: what it shows, and the numbers that matter; with
    ``written_only``, only the numbers the chart writes (see :func:`summary`)."""
    layout = figure.layout
    title = plain(layout.title.text).rstrip(".。")
    parts = [t("accessibility.chart_title", title=title)]
    x_title, _ = _axis(layout, "x")
    y_title, _ = _axis(layout, "y")
    if x_title or y_title:
        parts.append(t("accessibility.chart_axes", x=x_title or "–", y=y_title or "–"))
    parts += [summary(one, written_only=written_only) for one in series(figure)]
    notes = [plain(note.text) for note in layout.annotations if plain(note.text)]
    if notes:
        parts.append(t("accessibility.chart_notes", notes="; ".join(notes)))
    return " ".join(parts)


def data_table(figure: go.Figure) -> dict[str, list]:
    """Every series' data as columns: the series, its point's label, its value."""
    found = series(figure)
    names = [t("accessibility.table_series"), t("accessibility.table_label"),
             t("accessibility.table_value")]  # fmt: skip
    if found and found[0].kind != "heatmap":  # the axes' titles, when they tell the columns apart
        titled = [names[0], found[0].x_title, found[0].y_title]
        if all(titled) and len(set(titled)) == len(titled):
            names = titled
    return {
        names[0]: [one.name for one in found for _ in one.values],
        names[1]: [label for one in found for label in one.labels],
        names[2]: [value for one in found for value in one.shown(6)],
    }


def hidden_text(text: str) -> str:
    """HTML for ``text`` that screen readers read and the page does not show (the class is
    styled in ``accessibility.css``), drawn with ``st.html`` (sanitised by Streamlit; the app
    never lets Markdown carry HTML). The text is escaped, never markup: it may hold what a user
    typed (the symbols of a text on the Entropy page)."""
    escaped = html.escape(text).replace("$", "&#36;")
    return f'<p class="ce-chart-text">{escaped}</p>'
