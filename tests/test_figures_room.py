"""The projector's histogram of a room poll."""

import base64

import numpy as np
import plotly.graph_objects as go

from ce_ui import room_store as rs
from ce_ui.figures import room


def decoded(values) -> np.ndarray:
    if isinstance(values, dict):
        return np.frombuffer(base64.b64decode(values["bdata"]), dtype=values["dtype"])
    return np.asarray(values)


def test_histogram_counts_every_answer_and_spans_the_truth():
    bins = rs.histogram([1.0, 1.2, 2.0, 2.0, 3.0], truth=5.0, bins=8)
    assert bins.counts.sum() == 5
    assert bins.lefts[0] == 1.0 and bins.rights[-1] == 5.0
    single = rs.histogram([2.0, 2.0])
    assert single.counts.sum() == 2 and single.rights[-1] - single.lefts[0] == 1.0
    assert rs.histogram([]).counts.size == 0


def test_choices_get_one_bar_each():
    choices = rs.choices_for(2.303)
    bins = rs.histogram([2.303, 2.303, 3.323], choices=choices)
    assert list(bins.counts) == [0, 2, 1, 0]
    centres = (bins.lefts + bins.rights) / 2
    np.testing.assert_allclose(centres, choices)
    assert np.all(bins.rights[:-1] < bins.lefts[1:])  # bars do not overlap


def test_figure_before_the_reveal_has_bars_only():
    bins = rs.histogram([1.0, 2.0, 2.0], bins=4)
    fig = room.answers_histogram(
        bins.lefts, bins.rights, bins.counts, truth=None, band=None,
        title="3 answers", x_title="guess", y_title="students",
    )  # fmt: skip
    go.Figure(fig.to_dict())
    assert fig.layout.title.text == "3 answers"
    assert decoded(fig.data[0].y).sum() == 3
    assert not fig.layout.shapes


def test_figure_after_the_reveal_marks_the_truth_and_the_close_band():
    bins = rs.histogram([1.0, 2.0, 2.2], truth=2.303, bins=4)
    fig = room.answers_histogram(
        bins.lefts, bins.rights, bins.counts, truth=2.303, band=(2.0727, 2.5333),
        title="T", x_title="X", y_title="Y", truth_label="answer: 2.303",
    )  # fmt: skip
    go.Figure(fig.to_dict())
    kinds = [shape.type for shape in fig.layout.shapes]
    assert kinds == ["rect", "line"]
    assert fig.layout.shapes[1].x0 == 2.303
    assert fig.layout.annotations[0].text == "answer: 2.303"
    low, high = fig.layout.xaxis.range
    assert low < 1.0 and high > 2.5333
