"""Figure builders of the Training page, without Streamlit. Every figure is rebuilt with
validation (the builders skip it for speed), so a property Plotly does not know fails here."""

import numpy as np
import plotly.graph_objects as go
import pytest

from ce_ui.figures import style
from ce_ui.figures import training as figures
from ce_ui.figures.training import MODEL_COLOURS, Line

TITLES = {"title": "Title", "x_title": "X", "y_title": "Y"}


def validated(fig: go.Figure) -> go.Figure:
    assert isinstance(fig, go.Figure)
    return go.Figure(fig.to_dict())


def test_epoch_curves_draws_one_line_per_series_against_epoch():
    lines = [
        Line("train", np.array([2.3, 1.0, 0.5]), style.BLUE, dashed=True),
        Line("test", [2.3, 1.2, 0.8], style.BLUE),
    ]
    fig = validated(figures.epoch_curves(lines, **TITLES))
    train, test = fig.data
    assert train.name == "train" and test.name == "test"
    assert list(train.x) == [0, 1, 2]
    assert list(train.y) == [2.3, 1.0, 0.5]
    assert list(test.y) == [2.3, 1.2, 0.8]
    assert train.line.dash == "dash" and test.line.dash == "solid"
    assert fig.layout.title.text == "Title"
    assert fig.layout.xaxis.title.text == "X" and fig.layout.yaxis.title.text == "Y"
    assert fig.layout.yaxis.rangemode == "tozero"


def test_epoch_curves_fixed_range():
    lines = [Line("a", [0.1, 0.9], style.BLUE)]
    fig = validated(figures.epoch_curves(lines, **TITLES, y_range=(0, 1.02)))
    assert list(fig.layout.yaxis.range) == [0, 1.02]


def test_recall_bars_group_models_and_shade_rare_classes():
    recalls = [("CE", np.linspace(0.5, 1, 10)), ("Weighted", np.linspace(0.6, 1, 10))]
    fig = validated(
        figures.recall_bars(recalls, reduced_classes=[2, 0, 1], reduced_label="made rare", **TITLES)
    )
    assert [bar.name for bar in fig.data] == ["CE", "Weighted"]
    assert list(fig.data[0].x) == [str(digit) for digit in range(10)]
    assert list(fig.data[0].y) == pytest.approx(np.linspace(0.5, 1, 10))
    assert fig.data[0].text[0] == "0.50" and fig.data[1].text[-1] == "1.00"
    assert [bar.marker.color for bar in fig.data] == list(MODEL_COLOURS)
    assert [(shape.x0, shape.x1) for shape in fig.layout.shapes] == [
        (-0.5, 0.5),
        (0.5, 1.5),
        (1.5, 2.5),
    ]
    assert fig.layout.annotations[0].text == "made rare"
    assert fig.layout.barmode == "group"


def test_recall_bars_without_rare_classes_have_no_shading():
    fig = validated(
        figures.recall_bars([("CE", np.ones(10))], reduced_classes=[], reduced_label="x", **TITLES)
    )
    assert len(fig.data) == 1
    assert not fig.layout.shapes and not fig.layout.annotations


def test_confusion_heatmap_writes_the_counts():
    confusion = np.array([[5, 1], [0, 7]])
    fig = validated(
        figures.confusion_heatmap(confusion, title="M", x_title="Predicted", y_title="True")
    )
    (heatmap,) = fig.data
    assert np.array_equal(np.asarray(heatmap.z), confusion)
    assert np.array_equal(np.asarray(heatmap.text), confusion)
    assert heatmap.texttemplate == "%{text}"
    colours = heatmap.colorscale
    assert colours[0][1] == "rgb(247,251,255)" and colours[-1][1] == "rgb(8,48,107)"
    assert list(heatmap.x) == ["0", "1"] and list(heatmap.y) == ["0", "1"]
    assert fig.layout.yaxis.autorange == "reversed"  # true class 0 on top
    assert "True %{y}, Predicted %{x}" in heatmap.hovertemplate


def test_reliability_diagram_skips_empty_bins_and_sizes_markers_by_count():
    confidence = np.array([np.nan, 0.55, 0.95])
    accuracy = np.array([np.nan, 0.5, 0.97])
    counts = np.array([0, 10, 90])
    fig = validated(
        figures.reliability_diagram(
            [("CE", confidence, accuracy, counts), ("Focal", confidence, accuracy - 0.1, counts)],
            diagonal_name="perfect",
            count_label="n",
            **TITLES,
        )
    )
    diagonal, first, second = fig.data
    assert diagonal.name == "perfect" and list(diagonal.x) == [0, 1] and list(diagonal.y) == [0, 1]
    assert list(first.x) == [0.55, 0.95] and list(first.y) == [0.5, 0.97]
    assert list(second.y) == pytest.approx([0.4, 0.87])
    assert list(first.customdata) == [10, 90]
    small, large = first.marker.size
    assert small < large
    assert first.line.color == MODEL_COLOURS[0] and second.line.color == MODEL_COLOURS[1]
    assert list(fig.layout.xaxis.range) == [0, 1.02]


def test_digit_pixels_upscales_with_dark_ink_on_white():
    image = np.zeros((8, 8))
    image[2, 3] = 16
    image[5, 5] = 8
    pixels = figures.digit_pixels(image, scale=4)
    assert pixels.shape == (32, 32) and pixels.dtype == np.uint8
    assert np.all(pixels[8:12, 12:16] == 0)  # full ink is black
    assert np.all(pixels[20:24, 20:24] == 128)  # half ink is mid grey
    assert pixels[0, 0] == 255
    assert int(pixels.sum(dtype=np.int64)) == 255 * (32 * 32 - 32) + 128 * 16


def test_the_accuracy_axis_tells_0_960_from_0_956():
    early = [0.1, 0.6, 0.85, 0.93, 0.95, 0.958, 0.960]
    other = [0.1, 0.55, 0.84, 0.92, 0.951, 0.955, 0.956]
    axis = figures.accuracy_axis([early, other, [0.2, 0.9, 0.97, 0.98, 0.99, 0.995, 0.998]])
    low, high = axis["range"]  # fitted to the last half of the epochs: 0.92 to 0.998
    assert 0.9 < low < 0.92 and 0.998 < high <= 1.0 + 0.15 * (0.998 - 0.92) + 1e-12
    plot_height = 360 - 100  # the figure's height less its title, legend and axis margins
    assert (0.960 - 0.956) / (high - low) * plot_height >= 10  # pixels between the two ends
    ticks = np.arange(np.ceil(low / axis["dtick"]), np.floor(high / axis["dtick"]) + 1)
    assert 4 <= ticks.size <= 10
    assert axis["tickformat"] == ".3f" and f"{0.956:{axis['tickformat']}}" == "0.956"


def test_the_accuracy_axis_keeps_a_margin_and_stays_within_0_and_1():
    flat = figures.accuracy_axis([[0.5, 1.0, 1.0, 1.0]])
    low, high = flat["range"]
    assert low < 1.0 < high and high - low >= 0.01 and low >= 0
    spread = figures.accuracy_axis([[0.0, 0.0, 0.02, 0.9]])
    assert spread["range"][0] == 0 and spread["range"][1] > 0.9
    small_steps = figures.accuracy_axis([[0.5, 0.9600, 0.9601]])
    assert int(small_steps["tickformat"][1:-1]) >= 3


def test_epoch_curves_label_the_end_of_each_test_line():
    lines = [
        Line("train", [0.1, 0.99], style.BLUE, dashed=True),
        Line("test A", [0.1, 0.96], style.BLUE),
        Line("test B", [0.1, 0.956], style.VERMILLION),
    ]
    axis = figures.accuracy_axis([line.values for line in lines])
    fig = validated(figures.epoch_curves(lines, **TITLES, y_axis=axis, end_labels=True))
    assert [note.text for note in fig.layout.annotations] == ["0.960", "0.956"]
    assert list(fig.layout.yaxis.range) == axis["range"] and fig.layout.yaxis.dtick == axis["dtick"]
    assert fig.layout.legend.y < 0  # under the axis, where its rows cannot cover the title
