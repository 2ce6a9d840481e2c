"""The Playground's figure builders, without Streamlit."""

import math

import plotly.graph_objects as go

from ce_ui.figures.playground import MAX_BAR_LABELS, batch_losses, target_vs_prediction

LABELS = {
    "title": "Target and prediction",
    "x_title": "class",
    "y_title": "probability",
    "target_name": "target",
    "prediction_name": "prediction",
    "true_class_label": "true class",
}


def validated(fig: go.Figure) -> go.Figure:
    """The figure rebuilt with Plotly's property checks (the builders skip them for speed)."""
    return go.Figure(fig.to_dict())


def test_bars_show_target_and_prediction_per_class_and_mark_the_true_class():
    fig = validated(target_vs_prediction([1, 0, 0, 0, 0], [0.1, 0.5, 0.1, 0.1, 0.2], **LABELS))
    target, prediction = fig.data
    assert (target.name, prediction.name) == ("target", "prediction")
    assert list(target.x) == [0, 1, 2, 3, 4]
    assert list(target.y) == [1, 0, 0, 0, 0]
    assert list(prediction.y) == [0.1, 0.5, 0.1, 0.1, 0.2]
    assert list(prediction.text) == ["0.1", "0.5", "0.1", "0.1", "0.2"]
    assert target.text is None
    (shade,) = fig.layout.shapes
    assert (shade.x0, shade.x1) == (-0.5, 0.5)
    (label,) = fig.layout.annotations
    assert label.text == "true class" and label.x == 0
    assert fig.layout.title.text == "Target and prediction"
    assert fig.layout.barmode == "group"


def test_a_soft_target_shades_every_class_it_weighs_and_labels_none():
    fig = validated(target_vs_prediction([0.9, 0.05, 0.05, 0], [0.7, 0.2, 0.1, 0], **LABELS))
    assert [shape.x0 for shape in fig.layout.shapes] == [-0.5, 0.5, 1.5]
    assert not fig.layout.annotations


def test_many_classes_leave_the_values_to_the_hover():
    classes = MAX_BAR_LABELS + 1
    fig = validated(
        target_vs_prediction([1] + [0] * (classes - 1), [1 / classes] * classes, **LABELS)
    )
    assert all(trace.text is None for trace in fig.data)
    assert len(fig.data[0].x) == classes


def test_batch_losses_draw_one_bar_per_example_and_the_mean():
    losses = [-math.log(0.9), -math.log(0.5)]
    mean = sum(losses) / 2
    fig = validated(
        batch_losses(
            losses,
            mean,
            title="Loss",
            x_title="example",
            y_title="loss (nats)",
            mean_label="mean J",
        )
    )
    (bars,) = fig.data
    assert list(bars.x) == [1, 2]
    assert list(bars.text) == ["0.1054", "0.6931"]
    (line,) = fig.layout.shapes
    assert line.y0 == line.y1 == mean
    assert fig.layout.annotations[0].text == "mean J = 0.3993"
    assert fig.layout.yaxis.range[1] > max(losses)


def test_an_infinite_loss_is_drawn_above_the_rest_and_labelled():
    fig = validated(
        batch_losses(
            [0.5, math.inf],
            math.inf,
            title="Loss",
            x_title="example",
            y_title="loss",
            mean_label="mean",
        )
    )
    (bars,) = fig.data
    assert list(bars.text) == ["0.5", "∞"]
    assert bars.y[1] > bars.y[0]
    assert all(math.isfinite(v) for v in bars.y)
    assert not fig.layout.shapes  # no mean line at infinity


def test_zero_losses_still_get_a_usable_axis():
    fig = validated(
        batch_losses(
            [0.0, 0.0], 0.0, title="Loss", x_title="example", y_title="loss", mean_label="mean"
        )
    )
    assert fig.layout.yaxis.range[1] > 0
