"""ce_core.curves: the probability grid, the slope of the binary cross-entropy, PyTorch's log clamp,
and the clipping constants of Keras and scikit-learn."""

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import ce_core as cc
from ce_core import curves

LN2 = math.log(2)


def test_grid_is_sorted_inside_the_open_interval_and_symmetric():
    grid = curves.probability_grid()
    assert np.all(np.diff(grid) > 0)
    assert grid[0] > 0 and grid[-1] < 1
    np.testing.assert_allclose(grid, (1 - grid)[::-1], atol=1e-15)
    assert 0.5 in grid


def test_grid_is_small_dense_near_the_ends_and_reaches_the_tails():
    grid = curves.probability_grid()
    assert 300 <= grid.size <= 400
    assert grid[0] == pytest.approx(1e-16)
    near_zero = grid[(grid > 1e-4) & (grid < 0.01)]
    middle = grid[(grid > 0.4) & (grid < 0.6)]
    assert near_zero.size > 20
    assert np.diff(middle).max() < 0.02  # smooth in the middle too
    assert np.diff(grid[grid < 0.01]).max() < 0.001


@pytest.mark.parametrize(
    "arguments",
    [
        {"n_core": 1},
        {"n_core": 2.5},
        {"n_tail": -1},
        {"core_limit": 0.5},
        {"core_limit": 0},
        {"smallest": 1e-3, "core_limit": 1e-4},
        {"smallest": 0},
    ],
)
def test_grid_rejects_bad_arguments(arguments):
    with pytest.raises(ValueError):
        curves.probability_grid(**arguments)


def test_slope_is_minus_one_over_p_for_positives_and_one_over_one_minus_p_for_negatives():
    p = np.array([0.1, 0.5, 0.9])
    np.testing.assert_allclose(curves.binary_cross_entropy_slope(1, p), -1 / p, rtol=1e-15)
    np.testing.assert_allclose(curves.binary_cross_entropy_slope(0, p), 1 / (1 - p), rtol=1e-15)
    assert float(curves.binary_cross_entropy_slope(1, 0.9)) == pytest.approx(-1.1111111111111112)


def test_slope_in_bits_is_the_slope_in_nats_over_ln2():
    p = np.array([0.01, 0.3, 0.99])
    nats = curves.binary_cross_entropy_slope(1, p)
    np.testing.assert_allclose(curves.binary_cross_entropy_slope(1, p, base=2), nats / LN2)


@settings(deadline=None, max_examples=60)
@given(
    y=st.sampled_from([0.0, 1.0, 0.3]),
    p=st.floats(0.001, 0.999),
)
def test_slope_matches_central_differences_of_the_loss(y, p):
    step = 1e-6 * min(p, 1 - p)
    ahead = float(cc.binary_cross_entropy([y], [p + step]))
    behind = float(cc.binary_cross_entropy([y], [p - step]))
    numeric = (ahead - behind) / (2 * step)
    # Where the slope crosses zero (p = y) the difference quotient is only rounding noise.
    assert float(curves.binary_cross_entropy_slope(y, p)) == pytest.approx(
        numeric, rel=1e-5, abs=1e-6
    )


@settings(deadline=None, max_examples=40)
@given(y=st.sampled_from([0, 1]), p=st.floats(1e-6, 1 - 1e-6))
def test_slope_agrees_with_probability_grad_through_the_two_class_chain_rule(y, p):
    # L(p) = CE([1 − y, y], [1 − p, p]), so dL/dp = ∂L/∂ŷ₁ − ∂L/∂ŷ₀.
    grad = cc.probability_grad([1 - y, y], [1 - p, p])
    assert float(curves.binary_cross_entropy_slope(y, p)) == pytest.approx(
        grad[1] - grad[0], rel=1e-12
    )


def test_clipping_flattens_the_loss_so_the_slope_is_zero_outside_the_clip_range():
    p = np.array([1e-9, 0.5, 1 - 1e-9])
    slope = curves.binary_cross_entropy_slope(1, p, eps=1e-7)
    np.testing.assert_array_equal(slope[[0, 2]], [0.0, 0.0])
    assert slope[1] == pytest.approx(-2.0)


def test_slope_at_the_edges_is_infinite_never_nan_and_warns_nothing():
    with np.errstate(all="raise"):
        slope = curves.binary_cross_entropy_slope([1, 0, 1, 0, 0.5], [0.0, 1.0, 1.0, 0.0, 0.0])
        tiny = curves.binary_cross_entropy_slope(1, np.finfo(float).smallest_subnormal)
    np.testing.assert_array_equal(slope, [-np.inf, np.inf, -1.0, 1.0, -np.inf])
    assert float(tiny) == -np.inf


@pytest.mark.parametrize(
    ("arguments", "fragment"),
    [
        ({"y_true": 1, "y_pred": 1.5}, "outside [0, 1]"),
        ({"y_true": 2, "y_pred": 0.5}, "y_true has values outside [0, 1]"),
        ({"y_true": 1, "y_pred": np.nan}, "NaN or inf"),
        ({"y_true": 1, "y_pred": []}, "empty"),
        ({"y_true": 1, "y_pred": 0.5, "eps": 0.5}, "eps"),
        ({"y_true": 1, "y_pred": 0.5, "eps": 0}, "eps"),
        ({"y_true": 1, "y_pred": 0.5, "base": 1}, "base"),
    ],
)
def test_slope_rejects_bad_input_with_a_message_naming_the_argument(arguments, fragment):
    with pytest.raises(ValueError, match=fragment.replace("[", r"\[").replace("]", r"\]")):
        curves.binary_cross_entropy_slope(**arguments)


def test_log_clamp_reproduces_torch_binary_cross_entropy():
    # torch.nn.functional.binary_cross_entropy(p, t, reduction="none"), torch 2.13.
    p = np.array([0.9, 0.2, 0.0, 1.0, 0.5])
    t = np.array([1.0, 0.0, 1.0, 1.0, 0.3])
    np.testing.assert_allclose(
        curves.log_clamped_binary_cross_entropy(t, p),
        [0.10536051565782628, 0.22314355131420976, 100.0, 0.0, 0.6931471805599453],
        rtol=1e-12,
    )


def test_log_clamp_caps_the_loss_at_100_nats_below_e_to_the_minus_100():
    assert curves.TORCH_CLAMP_ONSET == pytest.approx(3.720075976020836e-44)
    above = np.array([1e-40, 1e-20, 0.3])
    np.testing.assert_allclose(
        curves.log_clamped_binary_cross_entropy(1, above),
        cc.binary_cross_entropy(np.ones(3), above, reduction="none"),
        rtol=1e-14,
    )
    below = np.array([1e-50, 1e-300, 0.0])
    np.testing.assert_array_equal(curves.log_clamped_binary_cross_entropy(1, below), 100.0)
    assert float(curves.log_clamped_binary_cross_entropy(0, 1.0)) == 100.0
    assert float(curves.log_clamped_binary_cross_entropy(1, 0.0, base=2)) == pytest.approx(
        100 / LN2
    )


def test_log_clamp_rejects_a_bad_floor():
    with pytest.raises(ValueError, match="log_floor"):
        curves.log_clamped_binary_cross_entropy(1, 0.5, log_floor=0.0)


def test_library_epsilons_give_the_known_caps():
    keras = float(cc.binary_cross_entropy([1.0], [0.0], eps=curves.KERAS_EPSILON))
    sklearn = float(cc.binary_cross_entropy([1.0], [0.0], eps=curves.SKLEARN_EPSILON))
    assert keras == pytest.approx(16.11809565095832, rel=1e-12)
    assert sklearn == pytest.approx(36.04365338911715, rel=1e-12)
    assert curves.SKLEARN_EPSILON == 2.220446049250313e-16


def test_probability_of_truth():
    np.testing.assert_allclose(
        curves.probability_of_truth([1, 0, 1], [0.9, 0.9, 1e-9]), [0.9, 0.1, 1e-9]
    )
    with pytest.raises(ValueError, match="hard labels"):
        curves.probability_of_truth(0.5, 0.9)
