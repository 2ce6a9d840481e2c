"""ce_core.scenarios: the many-class scenario, its class profile, the softmax view of 0/1 labels
and the focal-loss helpers, checked against explicit per-class computations with ce_core."""

import math
import tracemalloc

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import ce_core as cc
from ce_core import scenarios

SINGLE_Y, SINGLE_P = [1, 0, 0, 0, 0], [0.1, 0.5, 0.1, 0.1, 0.2]
MULTI_Y, MULTI_P = [1, 0, 0, 0, 1], [0.1, 0.5, 0.1, 0.1, 0.9]

# The paper's Figure 1 at p_t = 0.1, 0.3, 0.5, 0.7, 0.9, 0.99 (REFERENCE-SEMANTICS §4), in nats.
FIGURE1 = {
    0.0: [2.302585, 1.203973, 0.693147, 0.356675, 0.105361, 0.010050],
    0.5: [2.184424, 1.007316, 0.490129, 0.195359, 0.033318, 0.001005],
    1.0: [2.072327, 0.842781, 0.346574, 0.107002, 0.010536, 1.005e-4],
    2.0: [1.865094, 0.589947, 0.173287, 0.032101, 0.001054, 1.005e-6],
    5.0: [1.359653, 0.202352, 0.021661, 0.000867, 1.05e-6, 1.0e-12],
}
FIGURE1_P_T = [0.1, 0.3, 0.5, 0.7, 0.9, 0.99]


def explicit(
    classes,
    positives,
    p_pos,
    negative_p,
    *,
    neg_weight=1.0,
    gamma=0.0,
    alpha=None,
    reduction="sum",
    base=math.e,
):
    """The scenario's loss the slow way: one label and one prediction per class, scored by
    ce_core's own loss functions over the whole vector."""
    y = np.r_[np.ones(positives), np.zeros(classes - positives)]
    p = np.r_[np.full(positives, p_pos), np.broadcast_to(negative_p, (classes - positives,))]
    weight = np.r_[np.ones(positives), np.full(classes - positives, neg_weight)]
    if gamma == 0 and alpha is None:
        terms = cc.binary_cross_entropy(y, p, weight=weight, reduction="none", base=base)
    else:
        terms = weight * cc.focal_loss(y, p, gamma=gamma, alpha=alpha, reduction="none", base=base)
    scale = 1.0 if reduction == "sum" else 1.0 / classes
    return terms[:positives].sum() * scale, terms[positives:].sum() * scale


def test_brief_numbers_for_1000_classes_2_positives():
    loss = scenarios.many_class_scenario(1000, 2, 0.8, 0.1).loss
    assert loss.positives == pytest.approx(2 * -math.log(0.8), rel=1e-13)
    assert loss.negatives == pytest.approx(998 * -math.log(0.9), rel=1e-13)
    assert f"{loss.positives:.4g} {loss.negatives:.4g} {loss.total:.4g}" == "0.4463 105.1 105.6"
    assert loss.negative_share == pytest.approx(0.99577, abs=1e-5)


@pytest.mark.parametrize(
    "options",
    [
        {},
        {"reduction": "mean"},
        {"neg_weight": 0.25},
        {"neg_weight": 0.0, "reduction": "mean"},
        {"gamma": 2.0},
        {"gamma": 2.0, "alpha": 0.25},
        {"gamma": 0.5, "alpha": 0.9, "neg_weight": 0.5},
        {"base": 2.0},
    ],
)
def test_closed_form_equals_the_explicit_sum_over_1000_classes(options):
    loss = scenarios.many_class_scenario(1000, 7, 0.8, 0.1, **options).loss
    positives, negatives = explicit(1000, 7, 0.8, 0.1, **options)
    assert loss.positives == pytest.approx(positives, rel=1e-12)
    assert loss.negatives == pytest.approx(negatives, rel=1e-12, abs=1e-300)


@settings(deadline=None, max_examples=40)
@given(
    classes=st.integers(1, 300),
    fraction=st.floats(0, 1),
    p_pos=st.floats(1e-6, 1 - 1e-6),
    p_neg=st.floats(1e-6, 1 - 1e-6),
    gamma=st.sampled_from([0.0, 1.0, 2.0]),
    reduction=st.sampled_from(["sum", "mean"]),
)
def test_closed_form_property(classes, fraction, p_pos, p_neg, gamma, reduction):
    positives = round(fraction * classes)
    result = scenarios.many_class_scenario(
        classes, positives, p_pos, p_neg, gamma=gamma, reduction=reduction
    )
    expected = explicit(classes, positives, p_pos, p_neg, gamma=gamma, reduction=reduction)
    assert result.loss.positives == pytest.approx(expected[0], rel=1e-11, abs=1e-300)
    assert result.loss.negatives == pytest.approx(expected[1], rel=1e-11, abs=1e-300)
    assert 0 <= result.loss.negative_share <= 1
    assert result.profile.total.sum() == pytest.approx(
        (expected[0] + expected[1]) * (classes if reduction == "mean" else 1), rel=1e-11
    )


def test_constant_predictions_take_constant_memory_even_at_a_billion_classes():
    tracemalloc.start()
    result = scenarios.many_class_scenario(10**9, 5, 0.8, 0.001)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert peak < 200_000  # an array per class would need 8 GB
    assert result.loss.negatives == pytest.approx((10**9 - 5) * -math.log(0.999), rel=1e-12)
    assert len(result.profile.total) <= 2 * scenarios.MAX_BINS_PER_GROUP


def test_beta_negatives_are_deterministic_with_their_seed():
    first = scenarios.beta_negatives(10_000, 0.1, 10.0, seed=3)
    np.testing.assert_array_equal(first, scenarios.beta_negatives(10_000, 0.1, 10.0, seed=3))
    assert not np.array_equal(first, scenarios.beta_negatives(10_000, 0.1, 10.0, seed=4))
    assert np.all((first >= 0) & (first < 1))
    assert first.mean() == pytest.approx(0.1, abs=0.003)
    # Beta(1, 9): variance m(1 − m)/(κ + 1) = 0.09/11.
    assert first.var() == pytest.approx(0.09 / 11, rel=0.05)
    assert scenarios.beta_negatives(0, 0.1, 10.0).shape == (0,)


def test_beta_scenario_equals_the_explicit_sum_over_its_draws():
    options = {"neg_weight": 0.5, "gamma": 2.0, "alpha": 0.25}
    result = scenarios.many_class_scenario(
        1000, 4, 0.7, 0.05, concentration=5.0, seed=11, **options
    )
    draws = scenarios.beta_negatives(996, 0.05, 5.0, seed=11)
    positives, negatives = explicit(1000, 4, 0.7, draws, **options)
    assert result.loss.positives == pytest.approx(positives, rel=1e-12)
    assert result.loss.negatives == pytest.approx(negatives, rel=1e-12)
    assert result.negative_p_mean == pytest.approx(draws.mean())
    assert result.negative_p_low < result.negative_p_mean < result.negative_p_high
    again = scenarios.many_class_scenario(1000, 4, 0.7, 0.05, concentration=5.0, seed=11, **options)
    assert again.loss == result.loss


def test_profile_of_100000_beta_negatives_is_small_sorted_and_complete():
    result = scenarios.many_class_scenario(100_000, 5, 0.8, 0.01, concentration=10.0)
    profile = result.profile
    assert len(profile.total) == 5 + scenarios.MAX_BINS_PER_GROUP
    positive, negative = profile.is_positive, ~profile.is_positive
    assert positive.sum() == 5
    for group, size in ((positive, 5), (negative, 99_995)):
        assert profile.first[group][0] == 1 and profile.last[group][-1] == size
        np.testing.assert_array_equal(profile.first[group][1:], profile.last[group][:-1] + 1)
    assert np.all(np.diff(profile.mean[negative]) <= 0)  # largest terms first
    assert np.all(profile.low <= profile.mean) and np.all(profile.mean <= profile.high + 1e-15)
    assert profile.total.sum() == pytest.approx(result.loss.total, rel=1e-12)
    assert profile.cumulative_share[-1] == pytest.approx(1.0)
    assert np.all(np.diff(profile.cumulative_share) >= 0)


def test_profile_of_a_few_classes_has_one_bin_per_class():
    profile = scenarios.many_class_scenario(5, 2, 0.8, 0.1).profile
    np.testing.assert_array_equal(profile.first, [1, 2, 1, 2, 3])
    np.testing.assert_array_equal(profile.last, profile.first)
    np.testing.assert_allclose(profile.mean, [-math.log(0.8)] * 2 + [-math.log(0.9)] * 3)


def test_profile_without_positives_or_without_negatives():
    assert not scenarios.many_class_scenario(10, 0, 0.8, 0.1).profile.is_positive.any()
    all_positive = scenarios.many_class_scenario(10, 10, 0.8, 0.1)
    assert all_positive.profile.is_positive.all()
    assert all_positive.loss.negative_share == 0
    assert math.isnan(all_positive.negative_p_mean)


def test_negative_weight_for_share_gives_that_share():
    unweighted = scenarios.many_class_scenario(1000, 2, 0.8, 0.1).loss
    for share in (0.5, 0.1, 0.9):
        weight = scenarios.negative_weight_for_share(unweighted, share)
        weighted = scenarios.many_class_scenario(1000, 2, 0.8, 0.1, neg_weight=weight).loss
        assert weighted.negative_share == pytest.approx(share, rel=1e-12)


def test_class_terms_give_the_brief_sums():
    assert scenarios.binary_class_terms(SINGLE_Y, SINGLE_P).sum() == pytest.approx(3.4296, abs=1e-4)
    assert scenarios.binary_class_terms(MULTI_Y, MULTI_P).sum() == pytest.approx(3.3118, abs=1e-4)


def test_categorical_view_of_one_label_is_categorical_cross_entropy():
    view = scenarios.categorical_view(SINGLE_Y, SINGLE_P)
    assert view.loss == pytest.approx(float(cc.categorical_cross_entropy(0, SINGLE_P)))
    assert f"{view.loss:.4g}" == "2.303"
    assert view.floor == 0 and view.best_probability == 1
    np.testing.assert_allclose(view.terms, [-math.log(0.1), 0, 0, 0, 0])


def test_categorical_view_of_two_labels_rescales_target_and_prediction():
    view = scenarios.categorical_view(MULTI_Y, MULTI_P, base=2)
    np.testing.assert_allclose(view.target, [0.5, 0, 0, 0, 0.5])
    np.testing.assert_allclose(view.prediction, np.array(MULTI_P) / 1.7)
    assert view.loss == pytest.approx(
        float(cc.categorical_cross_entropy(view.target, view.prediction, base=2)), rel=1e-12
    )
    assert view.terms.sum() == pytest.approx(view.loss, rel=1e-12)
    assert view.floor == pytest.approx(1.0)  # H([0.5, 0.5]) = 1 bit
    assert view.best_probability == 0.5


def test_down_weighting_of_gamma_2():
    ce, focal, times = scenarios.down_weighting([0.5, 0.9, 0.968, 0.99], gamma=2.0)
    np.testing.assert_allclose(times, [4, 100, 1 / 0.032**2, 1e4], rtol=1e-9)
    np.testing.assert_allclose(ce, -np.log([0.5, 0.9, 0.968, 0.99]))
    assert focal[1] == pytest.approx(0.0010536051565782623)
    _, zero, infinite = scenarios.down_weighting([0.9], gamma=2.0, alpha=0.0)
    assert zero[0] == 0 and infinite[0] == math.inf


@pytest.mark.parametrize("gamma", sorted(FIGURE1))
def test_figure_1_values(gamma):
    values = scenarios.binary_class_terms(np.ones(6), FIGURE1_P_T, gamma=gamma)
    np.testing.assert_allclose(values, FIGURE1[gamma], rtol=6e-3)


def test_modulating_factor_and_logit():
    np.testing.assert_allclose(
        scenarios.modulating_factor([0.0, 0.5, 0.9, 1.0], 2.0), [1, 0.25, 0.01, 0]
    )
    np.testing.assert_array_equal(scenarios.modulating_factor([0.3, 1.0], 0.0), [1, 1])
    p = np.array([1e-12, 0.1, 0.5, 0.9, 1 - 1e-12])
    np.testing.assert_allclose(cc.sigmoid(scenarios.logit(p)), p, rtol=1e-9)
    assert scenarios.logit([0.5])[0] == 0


@pytest.mark.parametrize(
    ("call", "words"),
    [
        (lambda: scenarios.many_class_scenario(3, 5, 0.8, 0.1), "cannot exceed classes"),
        (
            lambda: scenarios.many_class_scenario(0, 0, 0.8, 0.1),
            r"classes must be in \[1, 9007199254740992\], got 0",
        ),
        (lambda: scenarios.many_class_scenario(10.5, 1, 0.8, 0.1), "whole number"),
        (lambda: scenarios.many_class_scenario(True, 1, 0.8, 0.1), "whole number"),
        (lambda: scenarios.many_class_scenario(10, 1, 1.0, 0.1), "p_pos"),
        (lambda: scenarios.many_class_scenario(10, 1, 0.8, 0.0), "p_neg"),
        (lambda: scenarios.many_class_scenario(10, 1, 0.8, math.nan), "p_neg"),
        (lambda: scenarios.many_class_scenario(10, 1, 0.8, 0.1, neg_weight=-1), "neg_weight"),
        (lambda: scenarios.many_class_scenario(10, 1, 0.8, 0.1, gamma=-1), "gamma"),
        (lambda: scenarios.many_class_scenario(10, 1, 0.8, 0.1, alpha=2), "alpha"),
        (lambda: scenarios.many_class_scenario(10, 1, 0.8, 0.1, reduction="none"), "reduction"),
        (lambda: scenarios.beta_negatives(10, 0.1, 0.0), "concentration"),
        (lambda: scenarios.beta_negatives(10, 0.1, 5.0, seed=-1), "seed"),
        (lambda: scenarios.categorical_view([0, 0], [0.1, 0.2]), "no 1"),
        (lambda: scenarios.categorical_view([1, 2], [0.1, 0.2]), "only 0"),
        (lambda: scenarios.categorical_view([1, 0], [0.1, 0.2, 0.3]), "same length"),
        (lambda: scenarios.categorical_view([1, 0], [1.0, 0.2]), "strictly between"),
        (lambda: scenarios.logit([1.0]), "strictly between"),
        (lambda: scenarios.modulating_factor([0.5], -1), "gamma"),
        (lambda: scenarios.negative_weight_for_share(scenarios.ScenarioLoss(1, 1), 1), "share"),
    ],
)
def test_bad_input_raises_a_value_error_naming_the_problem(call, words):
    with pytest.raises(ValueError, match=words):
        call()
