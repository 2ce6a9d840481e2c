"""Figure builders of the Gradients page, without Streamlit."""

import numpy as np
import plotly.graph_objects as go
import pytest

from ce_core import descent
from ce_ui.figures import gradients as figures
from ce_ui.figures import style
from ce_ui.format import sig

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


def animation(start_step=3, **options):
    run = descent.gradient_descent(1, np.array([0.5, -1.0, 0.2]), learning_rate=0.5, steps=10)
    statuses = [f"step {k}: {sig(run.losses[k])}" for k in range(11)]
    names = [f"after {k}" for k in range(11)]
    fig = figures.descent_animation(
        run.probabilities, run.losses, 1, start_step, statuses=statuses, now_names=names,
        x_title="X", y_title="Y", step_title="step", loss_title="L", start_name="start",
        play="Play", pause="Pause", restart="Again", speed="Speed", **options,
    )  # fmt: skip
    return run, validated(fig)


def test_descent_animation_has_one_frame_per_step_computed_by_ce_core():
    run, fig = animation()
    assert [frame.name for frame in fig.frames] == [str(k) for k in range(11)]
    for k, frame in enumerate(fig.frames):
        bars, marker = frame.data
        np.testing.assert_allclose(bars.y, run.probabilities[k])
        assert list(bars.text) == [sig(v) for v in run.probabilities[k]]
        assert bars.name == f"after {k}"
        assert list(marker.x) == [k] and list(marker.text) == [sig(run.losses[k])]
        assert frame.layout.title.text == f"step {k}: {sig(run.losses[k])}"
        assert list(frame.traces) == [0, 3]
    bars, start, curve, marker = fig.data  # it opens at the start step
    np.testing.assert_allclose(bars.y, run.probabilities[3])
    np.testing.assert_allclose(start.y, run.probabilities[0])
    np.testing.assert_allclose(curve.y, run.losses)  # the whole run, fixed axes
    assert fig.layout.title.text == "step 3: " + sig(run.losses[3])
    assert bars.marker.color[1] == style.GREEN and bars.marker.color[0] == style.SKY
    assert (curve.xaxis, curve.yaxis, marker.xaxis) == ("x2", "y2", "x2")
    assert fig.layout.yaxis2.range[1] > run.losses.max()


def test_descent_animation_plays_pauses_changes_speed_and_scrubs_in_the_browser():
    _, fig = animation(start_step=0, frame_ms=200)
    controls, speeds = fig.layout.updatemenus
    play, pause, again = controls.buttons
    assert [b.method for b in controls.buttons] == ["animate"] * 3
    assert "Play" in play.label and "Pause" in pause.label and "Again" in again.label
    assert list(play.args[0]) == [str(k) for k in range(11)] and play.args[1]["fromcurrent"]
    assert play.args[1]["frame"]["duration"] == 200
    assert again.args[0] is None and again.args[1]["fromcurrent"] is False  # from step 0
    _, later = animation(start_step=7)
    play = later.layout.updatemenus[0].buttons[0]
    assert list(play.args[0]) == ["7", "8", "9", "10"]  # the first Play starts where it opened
    assert list(pause.args[0]) == [None] and pause.args[1]["mode"] == "immediate"
    durations = [b.args[1]["frame"]["duration"] for b in speeds.buttons]
    assert durations == [round(200 / f) for f in figures.SPEEDS] == [400, 200, 100, 50]
    assert all("Speed" in b.label for b in speeds.buttons)
    (slider,) = fig.layout.sliders
    assert slider.active == 0
    assert [list(s.args[0]) for s in slider.steps] == [[str(k)] for k in range(11)]
    assert [s.label for s in slider.steps] == [str(k) for k in range(11)]


def test_descent_animation_refuses_mismatched_statuses():
    run = descent.gradient_descent(0, np.array([0.0, 0.0]), learning_rate=1, steps=2)
    with pytest.raises(ValueError):
        figures.descent_animation(
            run.probabilities, run.losses, 0, 0, statuses=["a"], now_names=["b"], x_title="X",
            y_title="Y", step_title="s", loss_title="L", start_name="s0", play="P",
            pause="Q", restart="R", speed="S",
        )  # fmt: skip
