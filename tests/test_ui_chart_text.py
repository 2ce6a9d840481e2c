"""Text alternatives and data tables of the charts (ce_ui/chart_text.py), over the figures the
pages really draw (tests/figure_calls.py) and in every language."""

import math

import numpy as np
import pytest

from ce_core import information
from ce_ui import chart_text, i18n
from ce_ui.figures.playground import batch_losses
from ce_ui.format import sig
from ce_ui.i18n import available_languages, translate
from tests.conftest import open_page
from tests.figure_calls import builders, record_page_charts


@pytest.fixture(scope="module")
def charts():
    with pytest.MonkeyPatch.context() as monkeypatch:
        calls = record_page_charts(monkeypatch)
    return [(build, build(*args, **kwargs)) for build, args, kwargs in calls]


@pytest.fixture
def language(request):
    token = i18n._thread_language.set(request.param)
    yield request.param
    i18n._thread_language.reset(token)


def test_every_figure_builder_is_among_the_charts(charts):
    assert builders() <= {build for build, _ in charts}


def test_the_text_names_the_chart_its_axes_and_every_bar(charts):
    for build, figure in charts:
        text = chart_text.describe(figure)
        assert chart_text.plain(figure.layout.title.text).rstrip(".") in text, build.__name__
        assert chart_text.plain(figure.layout.xaxis.title.text) in text, build.__name__
        for one in chart_text.series(figure):
            assert one.name in text, (build.__name__, one.name)
            if one.kind == "bar" or len(one.values) <= chart_text.MAX_LISTED:
                for value in one.shown()[: chart_text.MAX_LISTED]:
                    assert value in text, (build.__name__, one.name, value)
            elif one.kind != "heatmap":  # a curve: its extremes
                finite = [value for value in one.values if math.isfinite(value)]
                assert sig(min(finite)) in text and sig(max(finite)) in text, build.__name__


def test_the_series_hold_the_numbers_of_the_traces(charts):
    for build, figure in charts:
        drawn = [trace for trace in figure.data if trace.visible not in (False, "legendonly")]
        found = chart_text.series(figure)
        assert len(found) == len(drawn), build.__name__
        for one, trace in zip(found, drawn, strict=True):
            if one.kind == "heatmap":
                expected = chart_text.numbers(trace.z).ravel()
            else:
                along = "x" if one.kind == "bar" and trace.orientation == "h" else "y"
                expected = chart_text.numbers(trace[along])
            np.testing.assert_array_equal(one.values, expected, err_msg=build.__name__)


def test_the_data_table_has_a_row_for_every_point_of_every_series(charts):
    for build, figure in charts:
        table = chart_text.data_table(figure)
        found = chart_text.series(figure)
        assert len(table) == 3, build.__name__
        series, labels, values = table.values()
        assert len(series) == len(labels) == len(values) == sum(len(s.values) for s in found)
        assert values == [value for one in found for value in one.shown(6)], build.__name__


def test_an_infinite_loss_is_read_as_the_chart_writes_it():
    per_example = [float(information.cross_entropy([1.0, 0.0], [0.0, 1.0])), 0.5]
    figure = batch_losses(
        per_example, math.inf, title="L", x_title="i", y_title="loss", mean_label="J"
    )
    text = chart_text.describe(figure)
    assert "i 1: ∞" in text and "i 2: 0.5" in text
    assert chart_text.data_table(figure)["loss"] == ["∞", "0.5"]


@pytest.mark.parametrize("language", available_languages(), indirect=True)
def test_the_text_is_in_the_session_language(charts, language):
    _, figure = charts[0]
    text = chart_text.describe(figure)
    title = chart_text.plain(figure.layout.title.text)
    assert text.startswith(translate(language, "accessibility.chart_title", title=title))
    series_column = translate(language, "accessibility.table_series")
    assert list(chart_text.data_table(figure))[0] == series_column


def test_the_hidden_text_is_escaped():
    hidden = chart_text.hidden_text("<b>x</b> costs $5")
    assert "<b>" not in hidden and "$" not in hidden
    assert hidden.startswith('<p class="ce-chart-text">') and "&lt;b&gt;x" in hidden


def test_the_playground_page_speaks_its_chart_and_opens_its_data_table(monkeypatch):
    from ce_ui import frame

    calls = []
    draw = frame._draw_chart

    def recording(call):
        calls.append(frame.pickle.loads(call))
        draw(call=call)

    monkeypatch.setattr(frame, "_draw_chart", recording)
    at = open_page("pages/1_playground.py", **{"playground.chart_data.1": True})
    assert not at.exception
    _, (target, prediction), kwargs, *_ = calls[0]
    spoken = next(html.proto.body for html in at.html if "ce-chart-text" in html.proto.body)
    assert kwargs["prediction_name"] in spoken
    for value in prediction:
        assert f": {sig(value)}" in spoken
    labels = [expander.label for expander in at.expander]
    assert translate("en", "accessibility.data_table_of", title=kwargs["title"]) in labels
    (table,) = at.table
    assert list(table.value.iloc[:, 2])[-len(prediction) :] == [sig(v, 6) for v in prediction]
