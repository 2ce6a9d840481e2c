"""ce_core against scikit-learn and SciPy, live, on fixed and random inputs."""

import math
import warnings

import numpy as np
import pytest
import scipy.special
import scipy.stats
from hypothesis import given, settings
from hypothesis import strategies as st
from sklearn.metrics import log_loss

import ce_core as cc

CROSSCHECK = settings(max_examples=60, deadline=None)


@st.composite
def probability_problems(draw):
    n = draw(st.integers(1, 30))
    c = draw(st.integers(2, 8))
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    concentration = draw(st.sampled_from([0.05, 0.5, 1.0, 10.0]))
    p = rng.dirichlet(np.full(c, concentration), n)
    if draw(st.booleans()):
        # Exact zeros and ones: sklearn clips them, so must we (eps = machine epsilon).
        p[rng.random(n) < 0.3] = np.eye(c)[rng.integers(0, c)]
    return rng.integers(0, c, n), p, rng


@CROSSCHECK
@given(probability_problems())
def test_categorical_equals_sklearn_log_loss(problem):
    y, p, _ = problem
    c = p.shape[1]
    eps = np.finfo(np.float64).eps
    expected = log_loss(y, p, labels=np.arange(c))
    assert cc.categorical_cross_entropy(y, p, eps=eps) == pytest.approx(expected, rel=1e-12)
    expected_sum = log_loss(y, p, labels=np.arange(c), normalize=False)
    assert cc.categorical_cross_entropy(y, p, eps=eps, reduction="sum") == pytest.approx(
        expected_sum, rel=1e-12
    )
    # Without clipping ce_core is exact: equal wherever no true-class probability is 0.
    if (p[np.arange(len(y)), y] > eps).all():
        assert cc.categorical_cross_entropy(y, p) == pytest.approx(expected, rel=1e-12)


@CROSSCHECK
@given(probability_problems())
def test_one_hot_targets_equal_sklearn_log_loss(problem):
    y, p, _ = problem
    c = p.shape[1]
    one_hot = np.eye(c)[y]
    eps = np.finfo(np.float64).eps
    assert cc.categorical_cross_entropy(one_hot, p, eps=eps) == pytest.approx(
        log_loss(y, p, labels=np.arange(c)), rel=1e-12
    )


@CROSSCHECK
@given(st.integers(2, 40), st.integers(0, 2**32 - 1), st.booleans())
def test_binary_equals_sklearn_log_loss(n, seed, extremes):
    rng = np.random.default_rng(seed)
    y = rng.integers(0, 2, n)
    p = rng.random(n)
    if extremes:
        p[rng.random(n) < 0.3] = rng.integers(0, 2)
    eps = np.finfo(np.float64).eps
    expected = log_loss(y, p, labels=[0, 1])
    assert cc.binary_cross_entropy(y, p, eps=eps) == pytest.approx(expected, rel=1e-12)
    # The two-column categorical form is the same number.
    two_columns = np.column_stack([1 - p, p])
    assert cc.categorical_cross_entropy(y, two_columns, eps=eps) == pytest.approx(
        expected, rel=1e-12
    )


@CROSSCHECK
@given(probability_problems())
def test_sklearn_recipe_uses_the_input_dtypes_eps_in_float32(problem):
    """README: ``eps=np.finfo(y_pred.dtype).eps`` is ``log_loss(y, p, labels=range(C))``.
    scikit-learn clips at the eps of the array's dtype (1.19e−7 for float32), so float64's eps
    is not the recipe for float32 arrays. rtol 1e-6 (8 float32 ulps): both sum ≤ 30 float32
    terms, in different orders. The binary form also gets atol = float32's eps: scikit-learn
    forms 1 − p in float32 (off by up to eps/2 for p < 1/2, so its log by up to eps), where
    ce_core takes log1p(−p)."""
    y, p, _ = problem
    p = p.astype(np.float32)
    c = p.shape[1]
    eps = np.finfo(p.dtype).eps
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # sklearn warns when float32 rows miss 1 by its rtol
        expected = log_loss(y, p, labels=np.arange(c))
        expected_binary = log_loss(y % 2, p[:, 1], labels=[0, 1])
    ours = cc.categorical_cross_entropy(y, p, eps=eps)
    assert ours.dtype == np.float32
    assert ours == pytest.approx(expected, rel=1e-6)
    binary = cc.binary_cross_entropy((y % 2).astype(np.float32), p[:, 1], eps=eps)
    assert binary == pytest.approx(expected_binary, rel=1e-6, abs=float(eps))


def test_sklearn_does_not_renormalise_rows_ce_core_accepts():
    """categorical.py: log_loss clips but does not renormalise, so unlike Keras it equals ce_core
    on a row that sums to 1 only within ce_core's 1e−6."""
    p = np.array([[0.5 - 9e-7, 0.5], [0.2, 0.8 + 9e-7]])
    y = np.array([0, 1])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # sklearn warns that the rows do not sum to 1
        expected = log_loss(y, p, labels=[0, 1])
    assert expected == pytest.approx(-(math.log(0.5 - 9e-7) + math.log(0.8 + 9e-7)) / 2, rel=1e-14)
    assert cc.categorical_cross_entropy(y, p, eps=np.finfo(p.dtype).eps) == pytest.approx(
        expected, rel=1e-14
    )


def test_float64_eps_is_not_the_float32_recipe():
    p = np.array([[0.0, 1.0], [0.3, 0.7]], dtype=np.float32)
    y = np.array([0, 1])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        expected = log_loss(y, p, labels=[0, 1])
    # Row 0 is clipped at float32's eps: (15.94 + 0.3567) / 2.
    eps32 = float(np.finfo(np.float32).eps)
    assert expected == pytest.approx((-math.log(eps32) - math.log(0.7)) / 2, rel=1e-6)
    assert cc.categorical_cross_entropy(y, p, eps=np.finfo(np.float32).eps) == pytest.approx(
        expected, rel=1e-6
    )
    assert cc.categorical_cross_entropy(y, p, eps=np.finfo(float).eps) > 18  # not sklearn's


@CROSSCHECK
@given(probability_problems(), st.sampled_from([math.e, 2, 10, 3.5]))
def test_entropy_and_kl_equal_scipy(problem, base):
    _, p, rng = problem
    q = rng.dirichlet(np.ones(p.shape[1]), len(p))
    np.testing.assert_allclose(
        cc.entropy(p, base=base), scipy.stats.entropy(p, base=base, axis=-1), rtol=1e-12, atol=1e-15
    )
    np.testing.assert_allclose(
        cc.kl_divergence(p, q, base=base),
        scipy.stats.entropy(p, q, base=base, axis=-1),
        rtol=1e-10,
        atol=1e-14,
    )
    np.testing.assert_allclose(
        cc.cross_entropy(p, q, base=base),
        scipy.stats.entropy(p, base=base, axis=-1) + scipy.stats.entropy(p, q, base=base, axis=-1),
        rtol=1e-12,
        atol=1e-14,
    )
    # axis=0: columns are the distributions.
    np.testing.assert_allclose(
        cc.entropy(p.T, base=base, axis=0),
        scipy.stats.entropy(p.T, base=base, axis=0),
        rtol=1e-12,
        atol=1e-15,
    )


def test_kl_to_a_zero_probability_is_inf_like_scipy():
    assert cc.kl_divergence([0.5, 0.5], [1.0, 0.0]) == scipy.stats.entropy([0.5, 0.5], [1.0, 0.0])


@CROSSCHECK
@given(
    st.integers(1, 8), st.integers(1, 8), st.integers(0, 2**32 - 1), st.sampled_from([1, 10, 300])
)
def test_activations_equal_scipy(n, c, seed, scale):
    z = np.random.default_rng(seed).standard_normal((n, c)) * scale
    np.testing.assert_allclose(cc.logsumexp(z), scipy.special.logsumexp(z, axis=-1), rtol=1e-14)
    np.testing.assert_allclose(
        cc.softmax(z), scipy.special.softmax(z, axis=-1), rtol=1e-12, atol=1e-300
    )
    np.testing.assert_allclose(
        cc.log_softmax(z), scipy.special.log_softmax(z, axis=-1), rtol=1e-12, atol=1e-12
    )
    np.testing.assert_allclose(cc.sigmoid(z), scipy.special.expit(z), rtol=1e-14, atol=1e-300)
    np.testing.assert_allclose(
        cc.log_sigmoid(z), scipy.special.log_expit(z), rtol=1e-14, atol=1e-300
    )
    np.testing.assert_allclose(cc.softplus(z), np.logaddexp(0, z), rtol=1e-14, atol=1e-300)


def test_entropy_of_text_equals_scipy_on_counts():
    text = "the quick brown fox jumps over the lazy dog"
    info = cc.symbol_information(text)
    assert info.entropy == pytest.approx(scipy.stats.entropy(info.counts, base=2), rel=1e-14)
