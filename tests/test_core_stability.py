"""Extreme logits, no warnings, dtype rules, result types, and the blocked fast path."""

import math
import warnings

import numpy as np
import pytest

import ce_core as cc

FLOATS = [np.float32, np.float64]


@pytest.fixture(autouse=True)
def warnings_are_errors():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        yield


@pytest.mark.parametrize("dtype", FLOATS)
def test_activations_at_1e4_are_exact(dtype):
    z = np.array([1e4, -1e4, 0], dtype=dtype)
    ln2 = np.log(dtype(2))
    np.testing.assert_array_equal(cc.log_softmax(z), [0, -20000, -10000])
    np.testing.assert_array_equal(cc.softmax(z), [1, 0, 0])
    assert cc.logsumexp(z) == 1e4
    np.testing.assert_array_equal(cc.sigmoid(z), [1, 0, 0.5])
    np.testing.assert_array_equal(cc.log_sigmoid(z), np.array([0, -1e4, -ln2], dtype=dtype))
    np.testing.assert_array_equal(cc.softplus(z), np.array([1e4, 0, ln2], dtype=dtype))
    assert math.copysign(1.0, cc.log_sigmoid(z)[0]) == 1.0  # 0, not -0
    for out in (cc.log_softmax(z), cc.softmax(z), cc.sigmoid(z), cc.log_sigmoid(z)):
        assert out.dtype == dtype


@pytest.mark.parametrize("dtype", FLOATS)
def test_losses_at_1e4_are_exact(dtype):
    z = np.array([[1e4, -1e4, 0], [-1e4, 1e4, 0]], dtype=dtype)
    ce = cc.categorical_cross_entropy([0, 0], z, from_logits=True, reduction="none")
    np.testing.assert_array_equal(ce, [0, 20000])
    assert ce.dtype == dtype
    # The same through the full log_softmax path (distribution targets, smoothing).
    ce_dist = cc.categorical_cross_entropy(np.eye(3)[[0, 0]], z, from_logits=True, reduction="none")
    np.testing.assert_array_equal(ce_dist, [0, 20000])
    smoothed = cc.categorical_cross_entropy([0, 0], z, from_logits=True, label_smoothing=0.3)
    assert np.isfinite(smoothed)
    bce = cc.binary_cross_entropy(
        [0, 1, 0], np.array([1e4, -1e4, -1e4], dtype=dtype), from_logits=True, reduction="none"
    )
    np.testing.assert_array_equal(bce, [10000, 10000, 0])
    # torchvision: z = 1e4, t = 0 gives 7500 (α_t = 0.75, (1 − p_t)^γ = 1).
    focal = cc.focal_loss([0.0], np.array([1e4], dtype=dtype), alpha=0.25, from_logits=True)
    assert focal == 7500
    cat_focal = cc.categorical_focal_loss([0, 0], z, from_logits=True, reduction="none")
    np.testing.assert_array_equal(cat_focal, [0, 20000])


@pytest.mark.parametrize("dtype", FLOATS)
@pytest.mark.parametrize("scale", [1e4, 1e3, 100.0])
def test_extreme_logits_give_no_nan_or_inf(dtype, scale):
    rng = np.random.default_rng(7)
    z = (rng.choice([-1.0, 1.0], (6, 5)) * scale).astype(dtype)
    z[2] = -scale  # a row where every logit is very negative
    z[3] = scale  # ...and one where every logit is very large
    y = rng.integers(0, 5, 6)
    t = rng.integers(0, 2, (6, 5)).astype(float)
    results = [
        cc.softmax(z),
        cc.log_softmax(z),
        cc.logsumexp(z),
        cc.categorical_cross_entropy(y, z, from_logits=True, reduction="none"),
        cc.categorical_cross_entropy(
            y, z, from_logits=True, weight=np.arange(1, 6), label_smoothing=0.1
        ),
        cc.binary_cross_entropy(t, z, from_logits=True, pos_weight=2.0, reduction="none"),
        cc.focal_loss(t, z, from_logits=True, alpha=0.25, reduction="none"),
        cc.focal_loss(t, z, from_logits=True, gamma=0.5, reduction="none"),
        cc.categorical_focal_loss(y, z, from_logits=True, gamma=0.5, reduction="none"),
        cc.cross_entropy_grad(y, z, label_smoothing=0.1),
        cc.binary_cross_entropy_grad(t, z, pos_weight=3.0),
        cc.focal_loss_grad(t, z, gamma=0.5, alpha=0.25),
        cc.focal_loss_grad(t, z, gamma=2.0),
        cc.categorical_focal_loss_grad(y, z, gamma=0.5),
        cc.categorical_focal_loss_grad(np.eye(5)[y], z, gamma=2.0, alpha=0.25),
    ]
    for i, result in enumerate(results):
        assert np.isfinite(result).all(), i
        assert np.asarray(result).dtype == dtype, i


def test_zero_probabilities_give_inf_without_warnings():
    assert (
        cc.categorical_cross_entropy([0, 1], [[0.0, 1.0], [0.0, 1.0]], reduction="none")[0]
        == np.inf
    )
    assert cc.categorical_cross_entropy([[1.0, 0.0]], [[0.0, 1.0]]) == np.inf
    assert cc.categorical_cross_entropy(0, [0.0, 1.0], label_smoothing=0.1) == np.inf
    assert cc.categorical_focal_loss(0, [0.0, 1.0]) == np.inf
    assert cc.focal_loss([1.0], [0.0]) == np.inf
    assert cc.cross_entropy([1.0, 0.0], [0.0, 1.0]) == np.inf
    assert cc.kl_divergence([0.5, 0.5], [1.0, 0.0]) == np.inf
    assert cc.kl_divergence([1.0, 0.0], [1.0, 0.0]) == 0.0
    assert cc.probability_grad(0, [0.0, 1.0])[0] == -np.inf


@pytest.mark.parametrize("dtype", FLOATS)
def test_fast_path_equals_textbook_log_sum_exp(dtype):
    # Enough rows for many blocks, with rows that overflow or underflow the unshifted sum.
    rng = np.random.default_rng(3)
    z = rng.standard_normal((9000, 13)) * 5
    z[10] += 500  # exp overflows
    z[20] -= 500  # exp underflows
    z[30, 4] = 200
    z[40] = -1e4
    z = z.astype(dtype)
    y = rng.integers(0, 13, 9000)
    got = cc.categorical_cross_entropy(y, z, from_logits=True, reduction="none")
    # The textbook formula in float64: in float32, logsumexp(z) - z_y rounds logsumexp to an ulp
    # of |z| (row 40, all -1e4: log 13 = 2.564949 comes out as 2.565430).
    z64 = z.astype(np.float64)
    expected = cc.logsumexp(z64) - z64[np.arange(9000), y]
    rtol = 1e-5 if dtype == np.float32 else 1e-13
    np.testing.assert_allclose(
        got, expected, rtol=rtol, atol=1e-5 if dtype == np.float32 else 1e-12
    )
    wide = (rng.standard_normal((70, 1001)) * 3).astype(dtype)
    y = rng.integers(0, 1001, 70)
    got = cc.categorical_cross_entropy(y, wide, from_logits=True, reduction="none")
    expected = -cc.log_softmax(wide)[np.arange(70), y]
    np.testing.assert_allclose(got, expected, rtol=rtol)


def test_non_contiguous_input():
    rng = np.random.default_rng(5)
    z = rng.standard_normal((8, 6))
    y = rng.integers(0, 8, 6)
    np.testing.assert_allclose(
        cc.categorical_cross_entropy(y, z.T, from_logits=True),
        cc.categorical_cross_entropy(y, np.ascontiguousarray(z.T), from_logits=True),
        rtol=1e-15,
    )


# --- dtype rules and result types ------------------------------------------------------------


def _all_calls(dtype):
    z = np.array([[2.0, 1.0, 0.1], [0.5, 2.5, -1.0]], dtype=dtype)
    p = cc.softmax(z)
    t = np.array([[1, 0, 0], [0, 1, 1]])
    y = np.array([0, 2])
    return {
        "ce_logits": lambda r: cc.categorical_cross_entropy(y, z, from_logits=True, reduction=r),
        "ce_probs": lambda r: cc.categorical_cross_entropy(y, p, reduction=r),
        "ce_dist": lambda r: cc.categorical_cross_entropy(p, p, eps=1e-7, reduction=r),
        "ce_weighted": lambda r: cc.categorical_cross_entropy(
            y, z, from_logits=True, weight=[1.0, 2.0, 3.0], label_smoothing=0.1, reduction=r
        ),
        "bce_logits": lambda r: cc.binary_cross_entropy(t, z, from_logits=True, reduction=r),
        "bce_probs": lambda r: cc.binary_cross_entropy(t, p, pos_weight=[1, 2, 3], reduction=r),
        "focal": lambda r: cc.focal_loss(t, z, from_logits=True, alpha=0.25, reduction=r),
        "focal_probs": lambda r: cc.focal_loss(t, p, reduction=r),
        "categorical_focal": lambda r: cc.categorical_focal_loss(y, p, reduction=r),
    }


@pytest.mark.parametrize("dtype", FLOATS)
@pytest.mark.parametrize("reduction", ["mean", "sum", "none"])
def test_dtype_in_is_dtype_out(dtype, reduction):
    for name, call in _all_calls(dtype).items():
        result = call(reduction)
        assert result.dtype == dtype, name
        if reduction == "none":
            assert isinstance(result, np.ndarray), name
        else:
            assert np.ndim(result) == 0 and isinstance(result, np.floating), name


def test_float32_targets_with_float64_predictions_compute_in_float64():
    y32 = np.array([[0.2, 0.8]], dtype=np.float32)
    assert cc.categorical_cross_entropy(y32, [[0.5, 0.5]]).dtype == np.float64
    assert cc.binary_cross_entropy(y32, [[0.5, 0.5]]).dtype == np.float64


@pytest.mark.parametrize(
    "values", [[0, 1, 2], [[1, 2], [3, 4]], np.array([1, 2], dtype=np.int8), np.float16([1, 2])]
)
def test_integers_lists_and_float16_compute_in_float64(values):
    assert cc.softmax(values).dtype == np.float64
    assert cc.log_softmax(values).dtype == np.float64
    assert cc.sigmoid(values).dtype == np.float64


@pytest.mark.parametrize("dtype", FLOATS)
def test_gradients_and_distributions_keep_dtype(dtype):
    z = np.array([[2.0, 1.0, 0.1], [0.5, 2.5, -1.0]], dtype=dtype)
    p = cc.softmax(z)
    t = np.array([[1.0, 0, 0], [0, 1, 1]])
    assert cc.cross_entropy_grad([0, 1], z).dtype == dtype
    assert cc.cross_entropy_grad(p, z, weight=[1, 2, 3]).dtype == dtype
    assert cc.binary_cross_entropy_grad(t, z, pos_weight=2).dtype == dtype
    assert cc.focal_loss_grad(t, z).dtype == dtype
    assert cc.categorical_focal_loss_grad([0, 1], z, alpha=[0.2, 0.3, 0.5]).dtype == dtype
    assert cc.probability_grad([0, 1], p).dtype == dtype
    assert cc.entropy(p).dtype == dtype
    assert cc.cross_entropy(p, p).dtype == dtype
    assert cc.kl_divergence(p, p).dtype == dtype
    assert cc.logsumexp(z).dtype == dtype


def test_single_example_shapes():
    assert np.ndim(cc.categorical_cross_entropy(1, [0.2, 0.8])) == 0
    none = cc.categorical_cross_entropy(1, [0.2, 0.8], reduction="none")
    assert isinstance(none, np.ndarray) and none.shape == ()
    assert cc.cross_entropy_grad(1, [0.0, 0.0]).shape == (2,)
    np.testing.assert_allclose(cc.cross_entropy_grad(1, [0.0, 0.0]), [0.5, -0.5])
    assert cc.entropy([[0.5, 0.5], [1.0, 0.0]]).shape == (2,)
    np.testing.assert_allclose(cc.entropy([[0.5, 0.5], [1.0, 0.0]], base=2), [1.0, 0.0])
    np.testing.assert_allclose(cc.entropy([[0.5, 1.0], [0.5, 0.0]], base=2, axis=0), [1.0, 0.0])


def test_perfect_prediction_is_positive_zero():
    for value in (
        cc.categorical_cross_entropy(0, [1.0, 0.0]),
        cc.categorical_cross_entropy(0, [1.0, 0.0], reduction="none"),
        cc.binary_cross_entropy([1.0], [1.0]),
        cc.entropy([1.0, 0.0]),
    ):
        assert value == 0 and math.copysign(1.0, float(value)) == 1.0


def test_nats_to_converts_units():
    assert cc.nats_to(math.log(1024), 2) == 10.0
    assert cc.nats_to(math.log(1000), 10) == pytest.approx(3.0, rel=1e-15)
    np.testing.assert_allclose(cc.nats_to([math.log(2), math.log(4)], 2), [1.0, 2.0])
    assert cc.nats_to(np.float32(1.0), 2).dtype == np.float32
