"""Figure builders of the Gradients page, without Streamlit."""

import numpy as np
import plotly.graph_objects as go

from ce_ui.figures import gradients as figures
from ce_ui.figures import style

LABELS = {"title": "T", "x_title": "X", "y_title": "Y"}


def validated(fig: go.Figure) -> go.Figure:
    """The figure rebuilt with Plotly's property checks (style.figure skips them)."""
    return go.Figure(fig.to_dict())


def test_gradient_bars_show_each_class_with_the_true_class_highlighted():
    fig = validated(figures.logit_gradient_bars([-0.9, 0.5, 0.1, 0.1, 0.2], 0, **LABELS))
    (bars,) = fig.data
    assert list(bars.x) == ["0", "1", "2", "3", "4"]
    np.testing.assert_allclose(bars.y, [-0.9, 0.5, 0.1, 0.1, 0.2])
    assert list(bars.text) == ["−0.9", "0.5", "0.1", "0.1", "0.2"]
    assert bars.marker.color[0] == style.VERMILLION
    assert set(bars.marker.color[1:]) == {style.BLUE}
    assert fig.layout.title.text == "T" and fig.layout.yaxis.range == (-1.15, 1.15)


def test_probability_gradient_curves_and_markers_are_magnitudes():
    grid = np.array([0.01, 0.1, 0.5, 0.99])
    fig = validated(
        figures.probability_vs_logit_gradient(
            grid,
            -1 / grid,
            grid - 1,
            0.1,
            (-10.0, -0.9),
            probability_name="dp",
            logit_name="dz",
            **LABELS,
        )
    )
    probability_curve, logit_curve, markers = fig.data
    assert (probability_curve.name, logit_curve.name) == ("dp", "dz")
    np.testing.assert_allclose(probability_curve.y, 1 / grid)
    np.testing.assert_allclose(logit_curve.y, 1 - grid)
    assert list(markers.y) == [10.0, 0.9] and list(markers.text) == ["10", "0.9"]
    assert fig.layout.yaxis.type == "log"
    hidden = figures.probability_vs_logit_gradient(
        grid, -1 / grid, grid - 1, None, None, probability_name="dp", logit_name="dz", **LABELS
    )
    assert len(validated(hidden).data) == 2  # a quiz not yet revealed: the curves, no marker


def test_gradient_pair_groups_two_named_series():
    fig = validated(
        figures.gradient_pair(
            [-0.9, 0.5, 0.1, 0.1, 0.2], [-0.9, 0.6, 0.1, 0.1, 0.1], names=("A", "B"), **LABELS
        )
    )
    assert [trace.name for trace in fig.data] == ["A", "B"]
    assert fig.layout.barmode == "group"
    assert list(fig.data[1].text) == ["−0.9", "0.6", "0.1", "0.1", "0.1"]


def test_descent_probabilities_show_now_and_start():
    fig = validated(
        figures.descent_probabilities(
            [0.6, 0.3, 0.1], [0.2, 0.5, 0.3], 0, now_name="now", start_name="start", **LABELS
        )
    )
    now, start = fig.data
    assert (now.name, start.name) == ("now", "start")
    np.testing.assert_allclose(now.y, [0.6, 0.3, 0.1])
    np.testing.assert_allclose(start.y, [0.2, 0.5, 0.3])
    assert now.marker.color[0] == style.GREEN


def test_loss_curve_draws_the_steps_taken_on_fixed_axes():
    losses = np.linspace(2.0, 0.5, 11)
    early = validated(figures.loss_curve(losses, 3, **LABELS))
    late = validated(figures.loss_curve(losses, 10, **LABELS))
    line, marker = early.data
    assert list(line.x) == [0, 1, 2, 3]
    np.testing.assert_allclose(line.y, losses[:4])
    assert list(marker.x) == [3] and list(marker.text) == ["1.55"]
    assert early.layout.xaxis.range == late.layout.xaxis.range
    assert early.layout.yaxis.range == late.layout.yaxis.range
    assert early.layout.yaxis.range[1] > 2.0
