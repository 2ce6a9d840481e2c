"""ce_core.focal's gradient factor and the set of pₜ where focal loss pushes harder than CE."""

import math

import numpy as np
import pytest

import ce_core as cc
from ce_core import focal, scenarios


@pytest.mark.parametrize(("gamma", "alpha"), [(2.0, None), (3.0, 0.9), (0.5, 0.3), (5.0, 1.0)])
def test_factor_is_the_ratio_of_the_two_gradients(gamma, alpha):
    p = np.array([1e-6, 0.001, 0.01, 0.3, 0.5, 0.9, 0.999])
    z = scenarios.logit(p)
    ones = np.ones_like(z)
    ratio = cc.focal_loss_grad(ones, z, gamma=gamma, alpha=alpha, reduction="none") / (
        cc.binary_cross_entropy_grad(ones, z, reduction="none")
    )
    assert focal.focal_gradient_factor(p, gamma, alpha) == pytest.approx(ratio, rel=1e-12)


def test_factor_at_0_9_is_not_the_loss_factor():
    # γ = 2: the loss is 100× smaller, the gradient only 34.52× weaker.
    factor = float(focal.focal_gradient_factor(0.9, 2.0))
    assert factor == pytest.approx(0.01 * (1 + 2 * 0.9 * -math.log(0.9) / 0.1), rel=1e-14)
    assert 1 / factor == pytest.approx(34.5245537854, rel=1e-10)
    # Its limits: α as pₜ → 0, α (1 + γ)(1 − pₜ)^γ as pₜ → 1.
    assert focal.focal_gradient_factor([0.0, 1.0], 2.0, 0.25) == pytest.approx([0.25, 0.0])
    near_one = 1 - 1e-6
    assert float(focal.focal_gradient_factor(near_one, 2.0)) == pytest.approx(3 * 1e-12, rel=1e-5)


@pytest.mark.parametrize(
    ("gamma", "alpha", "expected"),
    [
        (1.0, None, ((0.0, 1 / math.e),)),
        (2.0, 1.0, ((0.0, 0.29763655498),)),
        (3.0, 0.9, ((0.01074403167, 0.20812069289),)),
        (2.0, 0.25, ()),
        (5.0, 0.71, ()),
        (0.0, None, ()),
        (2.0, 0.0, ()),
    ],
)
def test_stronger_set_and_both_sides_of_each_end(gamma, alpha, expected):
    intervals = focal.focal_gradient_stronger(gamma, alpha)
    assert len(intervals) == len(expected)
    for (low, high), (want_low, want_high) in zip(intervals, expected, strict=True):
        assert low == pytest.approx(want_low, rel=1e-9, abs=0)
        assert high == pytest.approx(want_high, rel=1e-9)
        for end, inside_is_above in ((high, True),) + (((low, False),) if low else ()):
            below, above = end * (1 - 1e-9), end * (1 + 1e-9)
            values = focal.focal_gradient_factor([below, above], gamma, alpha)
            assert (values > 1).tolist() == ([True, False] if inside_is_above else [False, True])


def test_stronger_from_0_when_alpha_is_1_even_for_a_tiny_gamma():
    ((low, high),) = focal.focal_gradient_stronger(0.01)
    assert low == 0.0 and 0.49 < high < 0.5
    assert float(focal.focal_gradient_factor(1e-300, 0.01)) >= 1


def test_alpha_just_below_1_moves_the_lower_end_towards_0():
    ((low, high),) = focal.focal_gradient_stronger(2.0, 1 - 1e-12)
    assert 0 < low < 1e-12 and high == pytest.approx(0.29763655498, rel=1e-9)


def test_without_alpha_focal_pushes_harder_below_one_crossover():
    # Without α: below 1/e for γ = 1, below about 0.2976 for γ = 2; never for γ = 0 or α = 0.25.
    ((low, high),) = focal.focal_gradient_stronger(1.0)
    assert low == 0 and high == pytest.approx(1 / math.e, abs=1e-9)
    ((low, high),) = focal.focal_gradient_stronger(2.0)
    assert low == 0 and high == pytest.approx(0.29763655498, abs=1e-9)
    assert focal.focal_gradient_stronger(0.0) == ()
    assert focal.focal_gradient_stronger(2.0, alpha=0.25) == ()
