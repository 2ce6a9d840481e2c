"""Colour is never the only carrier of meaning (WCAG 1.4.1): in every chart the pages draw
(tests/figure_calls.py), traces of different colours also differ in kind, fill pattern, marker
shape or line style; a colour per point comes with a pattern per point or the value written on
it, and a heatmap writes its numbers in its cells."""

import plotly.graph_objects as go
import pytest

from ce_ui.figures import style
from tests.figure_calls import builders, record_page_charts


@pytest.fixture(scope="module")
def charts():
    with pytest.MonkeyPatch.context() as monkeypatch:
        calls = record_page_charts(monkeypatch)
    # Rebuilt with Plotly's checks: every pattern, shape and dash given is a valid one.
    return [(build, go.Figure(build(*args, **kwargs).to_dict())) for build, args, kwargs in calls]


def colour(trace, index: int, colorway) -> object:
    for part in ("marker", "line"):
        if part in trace and trace[part].color is not None:
            given = trace[part].color
            return given if isinstance(given, str) else tuple(given)
    return colorway[index % len(colorway)]


def look(trace) -> tuple:
    """Everything but colour that tells a trace apart on the chart."""
    if trace.type == "bar":
        return ("bar", trace.orientation, trace.marker.pattern.shape or "")
    mode = trace.mode or "lines+markers"
    symbol = str(trace.marker.symbol or "circle") if "markers" in mode else None
    dash = str(trace.line.dash or "solid") if "lines" in mode else None
    return ("scatter", "text" in mode, symbol, dash)


def writes_its_values(trace) -> bool:
    if trace.type == "heatmap":
        return trace.texttemplate is not None and trace.text is not None
    if trace.type == "bar":
        patterned = trace.marker.pattern.shape is not None
        return patterned or (trace.text is not None and trace.textposition != "none")
    return trace.text is not None and "text" in (trace.mode or "")


def test_the_charts_cover_every_figure_builder(charts):
    assert builders() <= {build for build, _ in charts}


def test_traces_of_different_colours_also_differ_in_shape(charts):
    for build, figure in charts:
        drawn = [
            trace
            for trace in figure.data
            if trace.type in ("bar", "scatter") and trace.visible not in (False, "legendonly")
        ]
        colorway = figure.layout.colorway or style.SEQUENCE
        unset = iter(range(len(drawn)))
        looks = []
        for trace in drawn:
            own = colour(trace, 0, colorway) if _sets_colour(trace) else None
            looks.append((own or colour(trace, next(unset), colorway), look(trace), trace.name))
        clashes = [
            (first[2], second[2])
            for index, first in enumerate(looks)
            for second in looks[index + 1 :]
            if first[0] != second[0] and first[1] == second[1]
        ]
        assert not clashes, f"{build.__name__}: told apart by colour alone: {clashes}"


def _sets_colour(trace) -> bool:
    return any(part in trace and trace[part].color is not None for part in ("marker", "line"))


def test_a_colour_per_point_or_cell_comes_with_the_values_written(charts):
    for build, figure in charts:
        for trace in figure.data:
            given = trace.marker.color if "marker" in trace else None
            per_point = not isinstance(given, str | type(None)) and len(set(given)) > 1
            if trace.type == "heatmap" or per_point:
                assert writes_its_values(trace), (build.__name__, trace.name)


def test_the_colour_cues_follow_the_order_of_the_colours():
    traces = [
        {"type": "bar", "y": [1], "marker": {"color": style.BLUE}},
        {"type": "bar", "y": [2], "marker": {"color": style.ORANGE}},
        {"type": "scatter", "y": [1], "mode": "lines", "line": {"color": style.GREEN}},
        {"type": "scatter", "y": [1], "mode": "markers"},  # the colorway's first: BLUE
        {"type": "scatter", "y": [1], "mode": "lines", "line": {"dash": "dot"}},  # ORANGE
    ]
    plain, patterned, dashed, first_colour, own_dash = style.colour_cues(traces, style.SEQUENCE)
    assert plain == traces[0]
    assert patterned["marker"]["pattern"]["shape"] == style.PATTERNS[1]
    assert dashed["line"]["dash"] == style.DASHES[2]
    assert first_colour == traces[3]
    assert own_dash["line"]["dash"] == "dot"
