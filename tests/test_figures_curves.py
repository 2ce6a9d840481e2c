"""Figure builders of the Curves page, without Streamlit: traces, the chosen point, the caps."""

import base64
import math

import numpy as np
import plotly.graph_objects as go
import pytest

import ce_core as cc
from ce_core import curves
from ce_ui.figures import curves as figures
from ce_ui.figures import style
from ce_ui.figures.curves import Cap, Point
from ce_ui.format import latex_sig

GRID = curves.probability_grid()
NAMES = {1: "y = 1", 0: "y = 0"}
TEXT = {"title": "Loss", "x_title": "p", "y_title": "loss"}


def losses(eps=None):
    return {
        label: cc.binary_cross_entropy(np.full_like(GRID, label), GRID, eps=eps, reduction="none")
        for label in (0, 1)
    }


def slopes():
    return {label: curves.binary_cross_entropy_slope(label, GRID) for label in (0, 1)}


def loss_figure(chosen, *, y=1, cap=None, worked=()):
    return figures.loss_figure(
        GRID,
        losses(),
        y=y,
        chosen=chosen,
        worked=list(worked),
        cap=cap,
        usual_top=6.9,
        branch_names=NAMES,
        **TEXT,
    )


def values(data) -> np.ndarray:
    """Trace data as numbers, whether sent as a list or as a Plotly typed array."""
    if isinstance(data, dict):
        return np.frombuffer(base64.b64decode(data["bdata"]), dtype=data["dtype"]).astype(float)
    return np.asarray(data, dtype=float)


def chosen_trace(fig):
    (trace,) = [trace for trace in fig.data if trace.marker.color == figures.CHOSEN_COLOUR]
    return trace


def test_loss_figure_has_both_branches_the_worked_points_and_the_chosen_point():
    worked = [Point(0.9, 0.10536, "0.9 → 0.1054"), Point(0.1, 2.302585, "0.1 → 2.303")]
    fig = loss_figure(Point(0.3, 1.204, "p = 0.3: 1.204"), worked=worked)
    assert len(fig.data) == 4
    branch_0, branch_1 = fig.data[:2]
    assert (branch_0.name, branch_1.name) == ("y = 0", "y = 1")
    np.testing.assert_allclose(values(branch_1.y), -np.log(GRID), rtol=1e-6)
    np.testing.assert_allclose(values(branch_0.y), -np.log1p(-GRID), rtol=1e-6)
    assert branch_1.line.width > branch_0.line.width  # the active branch is bold
    assert branch_0.line.dash == "dot"
    assert list(fig.data[2].x) == [0.9, 0.1]
    labels = [annotation.text for annotation in fig.layout.annotations]
    assert "0.9 → 0.1054" in labels and "0.1 → 2.303" in labels
    assert "<b>p = 0.3: 1.204</b>" in labels


def test_the_active_branch_follows_y():
    fig = loss_figure(Point(0.3, 0.3567, "x"), y=0)
    assert fig.data[0].line.width > fig.data[1].line.width
    assert fig.data[1].line.dash == "dot"


def test_the_chosen_point_sits_at_its_p_and_loss():
    fig = loss_figure(Point(0.9, 0.1053605, "p = 0.9: 0.1054"))
    trace = chosen_trace(fig)
    assert (trace.x[0], trace.y[0]) == (0.9, 0.1053605)
    assert trace.marker.symbol == "circle"
    assert fig.layout.yaxis.range == (0, pytest.approx(6.9 * figures.HEADROOM))


def test_a_worked_point_under_the_chosen_point_is_not_labelled_twice():
    worked = [Point(0.9, 0.10536, "0.9 → 0.1054"), Point(0.1, 2.302585, "0.1 → 2.303")]
    fig = loss_figure(Point(0.9, 0.10536, "p = 0.9: 0.1054"), worked=worked)
    labels = [annotation.text for annotation in fig.layout.annotations]
    assert "0.9 → 0.1054" not in labels and "0.1 → 2.303" in labels


def test_the_cap_is_a_dashed_line_at_its_height_and_the_axis_makes_room_for_it():
    fig = loss_figure(Point(1e-9, 16.118, "p = 1e−9: 16.12"), cap=Point(0, 16.118, "ε cap: 16.12"))
    (line,) = fig.layout.shapes
    assert line.y0 == line.y1 == 16.118
    assert line.line.dash == "dash"
    assert "ε cap: 16.12" in [annotation.text for annotation in fig.layout.annotations]
    assert fig.layout.yaxis.range[1] == pytest.approx(16.118 * figures.HEADROOM)
    assert chosen_trace(fig).y[0] == 16.118


def test_no_cap_line_without_clipping():
    assert not loss_figure(Point(0.5, 0.693, "x")).layout.shapes


def test_a_point_far_above_the_chart_is_pinned_to_the_top_with_its_true_value():
    fig = loss_figure(Point(1e-50, 115.13, "p = 1e−50: 115.1"))
    trace = chosen_trace(fig)
    top = fig.layout.yaxis.range[1]
    assert top == pytest.approx(6.9 * figures.HEADROOM)
    assert trace.y[0] == top
    assert trace.marker.symbol == "triangle-up"
    assert "<b>p = 1e−50: 115.1</b>" in [annotation.text for annotation in fig.layout.annotations]


def test_slope_figure_shows_both_branches_a_zero_line_and_the_chosen_slope():
    fig = figures.slope_figure(
        GRID,
        slopes(),
        y=1,
        chosen=Point(0.9, -1.1111, "p = 0.9: −1.111"),
        usual_extent=20,
        branch_names=NAMES,
        **TEXT,
    )
    assert len(fig.data) == 3
    np.testing.assert_allclose(values(fig.data[1].y), -1 / GRID, rtol=1e-6)
    np.testing.assert_allclose(values(fig.data[0].y), 1 / (1 - GRID), rtol=1e-6)
    trace = chosen_trace(fig)
    assert (trace.x[0], trace.y[0]) == (0.9, -1.1111)
    assert fig.layout.yaxis.range == (pytest.approx(-22), pytest.approx(22))
    assert any(shape.y0 == shape.y1 == 0 for shape in fig.layout.shapes)


def test_a_steep_slope_stretches_the_axis_and_an_extreme_one_is_pinned_to_the_bottom():
    def figure(slope):
        return figures.slope_figure(
            GRID,
            slopes(),
            y=1,
            chosen=Point(0.01, slope, "s"),
            usual_extent=20,
            branch_names=NAMES,
            **TEXT,
        )

    assert figure(-100.0).layout.yaxis.range[0] == pytest.approx(-110)
    pinned = figure(-1e9)
    assert pinned.layout.yaxis.range[0] == pytest.approx(-22)
    assert chosen_trace(pinned).y[0] == pytest.approx(-22)
    assert chosen_trace(pinned).marker.symbol == "triangle-down"


def test_cap_figure_draws_each_library_as_a_flat_segment_up_to_where_it_takes_over():
    p_true = np.geomspace(1e-50, 1, 121)
    exact = cc.binary_cross_entropy(np.ones_like(p_true), p_true, reduction="none")
    keras = float(cc.binary_cross_entropy([1.0], [0.0], eps=curves.KERAS_EPSILON))
    torch = float(curves.log_clamped_binary_cross_entropy(1, 0.0))
    caps = [
        Cap("Keras: 16.12", keras, curves.KERAS_EPSILON, style.BLUE),
        Cap("PyTorch: 100", torch, curves.TORCH_CLAMP_ONSET, style.PURPLE),
    ]
    fig = figures.cap_figure(
        p_true,
        exact,
        caps,
        chosen=Point(0.9, 0.10536, "you: 0.1054"),
        exact_name="exact",
        **TEXT,
    )
    assert len(fig.data) == 4
    assert fig.layout.xaxis.type == "log"
    keras_trace, torch_trace = fig.data[1:3]
    assert list(keras_trace.x) == [1e-50, curves.KERAS_EPSILON]
    assert list(keras_trace.y) == [keras, keras]
    assert torch_trace.y[0] == 100.0 and torch_trace.x[1] == pytest.approx(3.72e-44, rel=1e-3)
    # Where each cap takes over it meets the exact curve: −ln(onset) = cap.
    for cap in caps:
        assert -math.log(cap.onset) == pytest.approx(cap.value, rel=1e-9)
    assert fig.layout.yaxis.range[1] == pytest.approx(figures.HEADROOM * exact.max())
    assert chosen_trace(fig).x[0] == 0.9
    # The log axis reaches 1e−50: its x values must not pass through float32 (which flushes
    # them to 0).
    assert values(fig.data[0].x)[0] == 1e-50


def all_figures():
    p_true = np.geomspace(1e-50, 1, 121)
    return [
        loss_figure(
            Point(1e-9, 16.1, "c"), cap=Point(0, 16.1, "cap"), worked=[Point(0.1, 2.3, "w")]
        ),
        figures.slope_figure(
            GRID,
            slopes(),
            y=0,
            chosen=Point(0.5, 2, "s"),
            usual_extent=20,
            branch_names=NAMES,
            **TEXT,
        ),
        figures.cap_figure(
            p_true,
            -np.log(p_true),
            [Cap("k", 16.1, 1e-7, style.BLUE)],
            chosen=Point(1e-9, 20.7, "y"),
            exact_name="exact",
            **TEXT,
        ),
    ]


def test_figures_are_valid_plotly_and_use_the_shared_look():
    for fig in all_figures():
        checked = go.Figure(fig.to_dict())  # raises on any invalid property
        assert checked.layout.font.size == style.FONT_SIZE
        assert checked.layout.height == figures.HEIGHT
        assert checked.layout.title.text == "Loss"


def test_figures_stay_small():
    for fig in all_figures():
        assert len(fig.to_json()) < 40_000


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (2.302585092994046, "2.303"),
        (-0.9, "-0.9"),
        (1e-7, r"1 \times 10^{-7}"),
        (1.0536e-6, r"1.054 \times 10^{-6}"),
        (math.inf, r"\infty"),
    ],
)
def test_latex_sig_writes_numbers_for_formulas(value, text):
    assert latex_sig(value) == text
