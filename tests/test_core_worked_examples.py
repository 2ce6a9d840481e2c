"""Every worked number of the concept brief, and the library reference values, from ce_core.

The numbers are copied here from the project brief and the reference-semantics notes (values run
with torch 2.13, scikit-learn 1.9.1 and Keras 3 sources), so that the tests stand alone.
"""

import math

import numpy as np
import pytest

import ce_core as cc

LN2 = math.log(2)


def printed(text: str):
    """``pytest.approx`` for a number as printed: within half a unit of its last digit."""
    mantissa = text.lower().split("e")[0]
    decimals = len(mantissa.split(".")[1]) if "." in mantissa else 0
    exponent = int(text.lower().split("e")[1]) if "e" in text.lower() else 0
    return pytest.approx(float(text), abs=0.5 * 10.0 ** (exponent - decimals))


# --- §1 categorical cross-entropy -------------------------------------------------------------


def test_three_classes():
    assert cc.categorical_cross_entropy(0, [0.7, 0.2, 0.1]) == printed("0.3567")
    assert cc.categorical_cross_entropy(0, [0.2, 0.4, 0.4]) == printed("1.609")
    assert cc.categorical_cross_entropy(0, [0.7, 0.2, 0.1]) == -math.log(0.7)


def test_five_classes_in_nats_and_bits():
    prediction = [0.1, 0.5, 0.1, 0.1, 0.2]
    assert cc.categorical_cross_entropy(0, prediction) == printed("2.303")
    assert cc.categorical_cross_entropy(0, prediction) == pytest.approx(-math.log(0.1), rel=1e-15)
    assert cc.categorical_cross_entropy(0, prediction, base=2) == printed("3.322")
    assert cc.categorical_cross_entropy(0, prediction, base=2) == pytest.approx(math.log2(10))


def test_only_the_true_class_counts():
    a = cc.categorical_cross_entropy(0, [0.1, 0.5, 0.1, 0.1, 0.2])
    b = cc.categorical_cross_entropy(0, [0.1, 0.6, 0.1, 0.1, 0.1])
    assert a == b
    # ...and a one-hot target gives the same as the index.
    assert cc.categorical_cross_entropy([1, 0, 0, 0, 0], [0.1, 0.5, 0.1, 0.1, 0.2]) == a


def test_dataset_cost_is_mean_of_examples():
    predictions = [[0.7, 0.2, 0.1], [0.2, 0.4, 0.4]]
    cost = cc.categorical_cross_entropy([0, 0], predictions)
    assert cost == pytest.approx((0.35667494393873245 + 1.6094379124341003) / 2, rel=1e-15)
    per_example = cc.categorical_cross_entropy([0, 0], predictions, reduction="none")
    np.testing.assert_allclose(per_example, [-math.log(0.7), -math.log(0.2)], rtol=1e-15)
    assert cc.categorical_cross_entropy([0, 0], predictions, reduction="sum") == pytest.approx(
        per_example.sum(), rel=1e-15
    )


def test_soft_targets_and_label_smoothing():
    # Label smoothing 0.1 over 3 classes is the soft target [0.9333, 0.0333, 0.0333].
    soft = [1 - 0.1 + 0.1 / 3, 0.1 / 3, 0.1 / 3]
    prediction = [0.7, 0.2, 0.1]
    expected = -sum(t * math.log(q) for t, q in zip(soft, prediction, strict=True))
    assert cc.categorical_cross_entropy([soft], [prediction]) == pytest.approx(expected)
    assert cc.categorical_cross_entropy(0, prediction, label_smoothing=0.1) == pytest.approx(
        expected, rel=1e-14
    )


def test_softmax_output_is_a_distribution_and_feeds_the_loss():
    logits = np.log([0.7, 0.2, 0.1]) + 3.0
    probabilities = cc.softmax(logits)
    np.testing.assert_allclose(probabilities, [0.7, 0.2, 0.1], rtol=1e-14)
    assert probabilities.sum() == pytest.approx(1.0, abs=1e-15)
    assert cc.categorical_cross_entropy(0, logits, from_logits=True) == pytest.approx(
        -math.log(0.7), rel=1e-14
    )


# --- §2 binary cross-entropy -------------------------------------------------------------------


def test_binary_examples():
    assert cc.binary_cross_entropy([1], [0.9]) == printed("0.105")
    assert cc.binary_cross_entropy([1], [0.1]) == printed("2.30")
    assert cc.binary_cross_entropy([0], [0.1]) == printed("0.105")


def test_the_minus_log_curve_is_unbounded():
    probabilities = np.array([0.5, 0.1, 1e-3, 1e-10, 1e-300, 0.0])
    losses = cc.binary_cross_entropy(np.ones(6), probabilities, reduction="none")
    assert np.all(np.diff(losses) > 0)
    np.testing.assert_allclose(losses[:-1], -np.log(probabilities[:-1]), rtol=1e-15)
    assert losses[-1] == np.inf


def test_sklearn_log_loss_example():
    # log_loss(y_true=[0, 1], y_pred=[[0.9, 0.1], [0.5, 0.5]]) = mean(0.105, 0.693) = 0.399
    value = cc.categorical_cross_entropy([0, 1], [[0.9, 0.1], [0.5, 0.5]])
    assert value == printed("0.399")
    assert value == pytest.approx((-math.log(0.9) - math.log(0.5)) / 2, rel=1e-15)
    assert cc.binary_cross_entropy([0, 1], [0.1, 0.5]) == pytest.approx(value, rel=1e-15)


# --- §3 numerical stability --------------------------------------------------------------------


def test_zero_probability_on_the_true_class_is_infinite():
    assert cc.categorical_cross_entropy(0, [0.0, 0.5, 0.5]) == np.inf
    assert cc.binary_cross_entropy([1.0], [0.0]) == np.inf
    # ...while a zero on a wrong class costs nothing (0 · log 0 = 0).
    assert cc.categorical_cross_entropy(0, [1.0, 0.0, 0.0]) == 0.0
    assert cc.binary_cross_entropy([0.0, 1.0], [0.0, 1.0]) == 0.0


def test_clipping_like_keras_caps_the_loss_at_16_12():
    assert cc.binary_cross_entropy([1.0], [0.0], eps=1e-7) == printed("16.12")
    assert cc.binary_cross_entropy([1.0], [0.0], eps=1e-7) == pytest.approx(16.118095650958319)
    assert cc.categorical_cross_entropy(0, [0.0, 1.0], eps=1e-7) == pytest.approx(-math.log(1e-7))


def test_clipping_like_sklearn():
    # log_loss([1, 0], [0, 0]): float64 clips at 2.2e-16, float32 at 1.19e-7 (REFERENCE §8 #16).
    f64 = cc.binary_cross_entropy([1, 0], [0.0, 0.0], eps=np.finfo(np.float64).eps)
    assert f64 == pytest.approx(18.021826694558577, rel=1e-14)
    p32 = np.zeros(2, dtype=np.float32)
    f32 = cc.binary_cross_entropy([1, 0], p32, eps=np.finfo(np.float32).eps)
    assert f32.dtype == np.float32
    assert f32 == pytest.approx(7.971192359924316, rel=1e-6)
    perfect = cc.binary_cross_entropy([1, 0], [1.0, 0.0], eps=np.finfo(np.float64).eps)
    assert perfect == pytest.approx(2.220446049250313e-16, rel=1e-6)


def test_logits_path_needs_no_clipping():
    # Logits of ±1e4 give the exact loss, where probabilities would underflow to 0.
    assert cc.categorical_cross_entropy(1, [1e4, -1e4, 0], from_logits=True) == 20000.0
    assert cc.binary_cross_entropy([1.0], [-1e4], from_logits=True) == 10000.0


# --- §4 per-class binary and multi-label -----------------------------------------------------


def test_per_class_binary_for_the_five_class_example():
    y = [1, 0, 0, 0, 0]
    p = [0.1, 0.5, 0.1, 0.1, 0.2]
    total = cc.binary_cross_entropy(y, p, reduction="sum")
    assert total == printed("3.430")
    expected = -(math.log(0.1) + math.log(0.5) + math.log(0.9) + math.log(0.9) + math.log(0.8))
    assert total == pytest.approx(expected, rel=1e-15)


def test_multi_label():
    total = cc.binary_cross_entropy([1, 0, 0, 0, 1], [0.1, 0.5, 0.1, 0.1, 0.9], reduction="sum")
    assert total == printed("3.312")


def test_many_classes_negatives_drown_the_positives():
    y = np.zeros(1000)
    y[[3, 500]] = 1
    p = np.full(1000, 0.1)
    p[[3, 500]] = 0.8
    per_class = cc.binary_cross_entropy(y, p, reduction="none")
    assert per_class[y == 1].sum() == printed("0.4463")
    assert per_class[y == 0].sum() == printed("105.1")
    assert cc.binary_cross_entropy(y, p, reduction="sum") == printed("105.6")
    # A multiplier that mutes the negatives: weight 0.01 on them.
    muted = cc.binary_cross_entropy(y, p, weight=np.where(y == 1, 1.0, 0.01), reduction="sum")
    assert muted == pytest.approx(-2 * math.log(0.8) - 998 * 0.01 * math.log(0.9), rel=1e-12)


# --- §5 focal loss (REFERENCE §4 table, Figure 1 of Lin et al.) --------------------------------

P_T = [0.1, 0.3, 0.5, 0.7, 0.9, 0.99]
FOCAL_TABLE = {
    0: ["2.302585", "1.203973", "0.693147", "0.356675", "0.105361", "0.010050"],
    0.5: ["2.184424", "1.007316", "0.490129", "0.195359", "0.033318", "0.001005"],
    1: ["2.072327", "0.842781", "0.346574", "0.107002", "0.010536", "1.005e-4"],
    2: ["1.865094", "0.589947", "0.173287", "0.032101", "0.001054", "1.005e-6"],
    5: ["1.359653", "0.202352", "0.021661", "0.000867", "1.05e-6", "1.0e-12"],
}


@pytest.mark.parametrize("gamma", FOCAL_TABLE)
def test_focal_loss_figure_1(gamma):
    binary = cc.focal_loss(np.ones(6), P_T, gamma=gamma, reduction="none")
    # The same curve from the softmax focal loss: p_t is the true class's probability.
    categorical = cc.categorical_focal_loss(
        np.zeros(6, dtype=int), [[p, 1 - p] for p in P_T], gamma=gamma, reduction="none"
    )
    for value, other, text in zip(binary, categorical, FOCAL_TABLE[gamma], strict=True):
        assert value == printed(text)
        assert other == pytest.approx(value, rel=1e-12)


def test_focal_gamma_2_is_100_times_less_at_p_t_0_9():
    ce = cc.binary_cross_entropy([1.0], [0.9])
    fl = cc.focal_loss([1.0], [0.9], gamma=2)
    assert ce / fl == pytest.approx(100, rel=1e-12)
    assert cc.focal_loss([0.0], [0.1], gamma=2) == pytest.approx(fl, rel=1e-12)


def test_focal_alpha_weights_positives_and_negatives():
    positive = cc.focal_loss([1.0], [0.3], gamma=2, alpha=0.25)
    negative = cc.focal_loss([0.0], [0.7], gamma=2, alpha=0.25)
    plain = cc.focal_loss([1.0], [0.3], gamma=2)
    assert positive == pytest.approx(0.25 * plain, rel=1e-15)
    assert negative == pytest.approx(0.75 * plain, rel=1e-15)


# --- §6 gradients -----------------------------------------------------------------------------


def test_probability_gradient_only_true_classes():
    grad = cc.probability_grad(0, [0.1, 0.5, 0.1, 0.1, 0.2])
    np.testing.assert_allclose(grad, [-10, 0, 0, 0, 0], rtol=1e-15)
    assert cc.probability_grad(0, [0.0, 1.0])[0] == -np.inf


def test_logit_gradient_is_softmax_minus_target():
    logits = np.array([2.0, 1.0, 0.1])
    grad = cc.cross_entropy_grad(0, logits)
    np.testing.assert_allclose(grad, cc.softmax(logits) - [1, 0, 0], rtol=1e-14, atol=1e-16)


def test_same_loss_different_gradients():
    a = np.log([0.1, 0.5, 0.1, 0.1, 0.2])
    b = np.log([0.1, 0.6, 0.1, 0.1, 0.1])
    loss_a = cc.categorical_cross_entropy(0, a, from_logits=True)
    loss_b = cc.categorical_cross_entropy(0, b, from_logits=True)
    assert loss_a == pytest.approx(loss_b, rel=1e-14)
    grad_a, grad_b = cc.cross_entropy_grad(0, a), cc.cross_entropy_grad(0, b)
    np.testing.assert_allclose(grad_a, [-0.9, 0.5, 0.1, 0.1, 0.2], atol=1e-14)
    np.testing.assert_allclose(grad_b, [-0.9, 0.6, 0.1, 0.1, 0.1], atol=1e-14)
    assert not np.allclose(grad_a, grad_b)


def test_sigmoid_binary_gradient_is_sigma_minus_target():
    z = np.array([-3.0, 0.0, 2.0])
    t = np.array([1.0, 0.0, 1.0])
    grad = cc.binary_cross_entropy_grad(t, z, reduction="sum")
    np.testing.assert_allclose(grad, cc.sigmoid(z) - t, rtol=1e-14)


# --- §7 entropy, bits, cross-entropy as a distance -------------------------------------------


def test_symbol_entropy_of_texts():
    info = cc.symbol_information("jteikfqa")
    assert info.entropy == 3.0
    assert info.total == 24.0
    assert info.fixed_length_bits == 3
    assert info.fixed_length_total_bits == 24
    assert info.symbols == tuple("jteikfqa")
    assert info.counts == (1,) * 8
    assert info.probabilities == (0.125,) * 8
    assert cc.symbol_entropy("jteikfqa") == 3.0
    repeated = cc.symbol_information("aaaaaaaa")
    assert repeated.entropy == 0.0 and repeated.total == 0.0
    assert repeated.fixed_length_bits == 0
    assert math.copysign(1, repeated.entropy) == 1  # +0.0, not -0.0
    assert cc.symbol_entropy("aab") == pytest.approx(0.9182958340544896, rel=1e-15)
    assert cc.symbol_entropy("aab", base=math.e) == pytest.approx(0.9182958340544896 * LN2)


def test_uniform_choices_need_log2_n_bits():
    assert cc.entropy(np.full(8, 1 / 8), base=2) == 3.0
    assert cc.entropy(np.full(1024, 1 / 1024), base=2) == pytest.approx(10.0, rel=1e-15)
    assert cc.nats_to(math.log(8), 2) == 3.0
    assert cc.entropy([1.0, 0.0, 0.0]) == 0.0


def test_cross_entropy_and_kl_identity():
    p = np.array([0.5, 0.25, 0.25])
    q = np.array([0.25, 0.5, 0.25])
    h_p = cc.entropy(p, base=2)
    h_pq = cc.cross_entropy(p, q, base=2)
    kl = cc.kl_divergence(p, q, base=2)
    assert h_p == 1.5
    assert h_pq == pytest.approx(1.75, rel=1e-15)
    assert kl == pytest.approx(0.25, rel=1e-15)
    assert kl == pytest.approx(h_pq - h_p, rel=1e-15)
    assert cc.cross_entropy(p, p) == pytest.approx(cc.entropy(p), rel=1e-15)
    assert cc.kl_divergence(p, p) == 0.0


def test_one_hot_cross_entropy_is_the_loss():
    q = [0.7, 0.2, 0.1]
    assert cc.cross_entropy([1, 0, 0], q) == cc.categorical_cross_entropy(0, q)


# --- library reference values (REFERENCE §8) ---------------------------------------------------


def test_sklearn_reference_cases():
    # #14: labels ["spam", "ham", "ham", "spam"], classes sorted: ham = 0, spam = 1.
    p = [[0.1, 0.9], [0.9, 0.1], [0.8, 0.2], [0.35, 0.65]]
    eps = np.finfo(float).eps
    assert cc.categorical_cross_entropy([1, 0, 0, 1], p, eps=eps) == pytest.approx(
        0.21616187468057912, rel=1e-14
    )
    # #15: binary, mean and sum (normalize=False).
    assert cc.binary_cross_entropy([1, 0, 1], [0.9, 0.2, 0.6], eps=eps) == pytest.approx(
        0.2797765635793423, rel=1e-14
    )
    assert cc.binary_cross_entropy(
        [1, 0, 1], [0.9, 0.2, 0.6], eps=eps, reduction="sum"
    ) == pytest.approx(0.8393296907380268, rel=1e-14)


def test_keras_reference_cases():
    # #18: CategoricalCrossentropy, probabilities clipped at 1e-7.
    y = [[0, 1, 0], [0, 0, 1]]
    p = [[0.05, 0.95, 0.0], [0.1, 0.8, 0.1]]
    none = cc.categorical_cross_entropy(y, p, eps=1e-7, reduction="none")
    np.testing.assert_allclose(none, [0.051293, 2.302585], rtol=1e-5)
    assert cc.categorical_cross_entropy(y, p, eps=1e-7) == pytest.approx(1.176939, rel=1e-6)
    assert cc.categorical_cross_entropy(y, p, eps=1e-7, reduction="sum") == pytest.approx(
        2.353878, rel=1e-6
    )
    # #21: CategoricalFocalCrossentropy (alpha 0.25, gamma 2) on the same, unclipped inputs.
    focal = cc.categorical_focal_loss(y, p, alpha=0.25, reduction="none")
    np.testing.assert_allclose(focal, [3.20583e-5, 0.466273], rtol=1e-5)


def test_torch_bce_matches_where_probabilities_are_inside_0_1():
    # #9 without the p = 0 element (torch clamps it to 100; the exact value is inf).
    value = cc.binary_cross_entropy([1, 0, 1, 0.3], [0.9, 0.2, 1.0, 0.5], reduction="none")
    np.testing.assert_allclose(
        value, [0.10536051565782628, 0.22314355131420976, 0, 0.6931471805599453], rtol=1e-15
    )
