"""Properties that must hold for every input: checked with hypothesis on random cases."""

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import ce_core as cc

PROPERTY = settings(max_examples=40, deadline=None)
LN2 = math.log(2)


@st.composite
def problems(draw, max_rows=6, max_classes=6):
    """A random classification problem: logits, index and distribution targets, weights."""
    n = draw(st.integers(1, max_rows))
    c = draw(st.integers(2, max_classes))
    scale = draw(st.sampled_from([0.01, 1.0, 4.0, 30.0]))
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    return {
        "logits": rng.standard_normal((n, c)) * scale,
        "index": rng.integers(0, c, n),
        "dist": rng.dirichlet(np.full(c, 0.5), n),
        "weight": rng.uniform(0.1, 3.0, c),
        "binary": rng.integers(0, 2, (n, c)).astype(float),
        "soft": rng.uniform(0, 1, (n, c)),
        "pos_weight": rng.uniform(0.2, 4.0, c),
        "alpha": rng.uniform(0, 1, c),
        "rng": rng,
    }


def categorical_losses(pr):
    """(name, loss function of (targets, scores, reduction, base)) for every categorical loss."""
    p = cc.softmax(pr["logits"])
    return {
        "ce_logits": lambda r, b: cc.categorical_cross_entropy(
            pr["index"], pr["logits"], from_logits=True, reduction=r, base=b
        ),
        "ce_logits_weight_smoothing": lambda r, b: cc.categorical_cross_entropy(
            pr["index"],
            pr["logits"],
            from_logits=True,
            weight=pr["weight"],
            label_smoothing=0.2,
            reduction=r,
            base=b,
        ),
        "ce_logits_dist": lambda r, b: cc.categorical_cross_entropy(
            pr["dist"], pr["logits"], from_logits=True, weight=pr["weight"], reduction=r, base=b
        ),
        "ce_probs": lambda r, b: cc.categorical_cross_entropy(pr["index"], p, reduction=r, base=b),
        "ce_probs_dist_eps": lambda r, b: cc.categorical_cross_entropy(
            pr["dist"], p, eps=1e-7, label_smoothing=0.1, reduction=r, base=b
        ),
        "bce_logits": lambda r, b: cc.binary_cross_entropy(
            pr["soft"],
            pr["logits"],
            from_logits=True,
            pos_weight=pr["pos_weight"],
            reduction=r,
            base=b,
        ),
        "bce_probs": lambda r, b: cc.binary_cross_entropy(
            pr["binary"], cc.sigmoid(pr["logits"]), reduction=r, base=b
        ),
        "focal_logits": lambda r, b: cc.focal_loss(
            pr["binary"], pr["logits"], gamma=2, alpha=0.25, from_logits=True, reduction=r, base=b
        ),
        "focal_probs": lambda r, b: cc.focal_loss(
            pr["soft"], cc.sigmoid(pr["logits"]), gamma=0.5, reduction=r, base=b
        ),
        "categorical_focal_logits": lambda r, b: cc.categorical_focal_loss(
            pr["index"],
            pr["logits"],
            gamma=3,
            alpha=pr["alpha"],
            from_logits=True,
            reduction=r,
            base=b,
        ),
        "categorical_focal_dist": lambda r, b: cc.categorical_focal_loss(
            pr["dist"], p, gamma=1, alpha=0.5, reduction=r, base=b
        ),
    }


@PROPERTY
@given(problems())
def test_losses_are_non_negative_and_never_nan(pr):
    for name, loss in categorical_losses(pr).items():
        values = loss("none", math.e)
        assert not np.isnan(values).any(), name
        assert (values >= 0).all(), name


@PROPERTY
@given(problems(), st.sampled_from(["mean", "sum", "none"]))
def test_bits_are_nats_over_ln2(pr, reduction):
    for name, loss in categorical_losses(pr).items():
        nats = loss(reduction, math.e)
        np.testing.assert_array_equal(loss(reduction, 2), nats / LN2, err_msg=name)
        np.testing.assert_allclose(loss(reduction, 10), nats / math.log(10), rtol=1e-15)


@PROPERTY
@given(problems())
def test_batch_mean_is_mean_of_single_examples(pr):
    singles = [
        cc.categorical_cross_entropy(int(y), z, from_logits=True)
        for y, z in zip(pr["index"], pr["logits"], strict=True)
    ]
    batch = cc.categorical_cross_entropy(pr["index"], pr["logits"], from_logits=True)
    assert batch == pytest.approx(np.mean(singles), rel=1e-12, abs=1e-300)
    # Weighted: Σ_i w[y_i]·ℓ_i / Σ_i w[y_i], as PyTorch defines the mean.
    w = pr["weight"]
    weighted = cc.categorical_cross_entropy(pr["index"], pr["logits"], from_logits=True, weight=w)
    expected = np.dot(w[pr["index"]], singles) / w[pr["index"]].sum()
    assert weighted == pytest.approx(expected, rel=1e-12, abs=1e-300)
    for name, loss in categorical_losses(pr).items():
        if name == "ce_logits_weight_smoothing":
            continue  # divided by Σ w[y_i], checked above without smoothing
        expected = np.mean(loss("none", math.e))
        assert loss("mean", math.e) == pytest.approx(expected, rel=1e-12, abs=1e-300), name


@PROPERTY
@given(problems())
def test_permutation_invariance(pr):
    order = pr["rng"].permutation(len(pr["index"]))
    permuted = {
        **pr,
        **{k: pr[k][order] for k in ("logits", "index", "dist", "binary", "soft")},
    }
    original, shuffled = categorical_losses(pr), categorical_losses(permuted)
    for name in original:
        for reduction in ("mean", "sum"):
            a = original[name](reduction, math.e)
            b = shuffled[name](reduction, math.e)
            assert a == pytest.approx(b, rel=1e-12, abs=1e-300), name
        np.testing.assert_array_equal(
            original[name]("none", math.e)[order], shuffled[name]("none", math.e)
        )


@PROPERTY
@given(problems(), st.floats(-1e3, 1e3))
def test_softmax_is_shift_invariant(pr, shift):
    z = pr["logits"]
    np.testing.assert_allclose(cc.softmax(z + shift), cc.softmax(z), rtol=1e-9, atol=1e-15)
    np.testing.assert_allclose(cc.log_softmax(z + shift), cc.log_softmax(z), atol=1e-9)
    np.testing.assert_allclose(cc.logsumexp(z + shift), cc.logsumexp(z) + shift, rtol=1e-12)
    np.testing.assert_allclose(cc.softmax(z).sum(axis=-1), 1.0, rtol=1e-14)
    loss = cc.categorical_cross_entropy(pr["index"], z, from_logits=True)
    assert cc.categorical_cross_entropy(pr["index"], z + shift, from_logits=True) == pytest.approx(
        loss, rel=1e-9, abs=1e-9
    )


@PROPERTY
@given(problems(), st.sampled_from([0.5, 1.0, 2.0, 5.0]))
def test_temperature_divides_the_logits(pr, temperature):
    z = pr["logits"]
    np.testing.assert_array_equal(
        cc.softmax(z, temperature=temperature), cc.softmax(z / temperature)
    )
    np.testing.assert_array_equal(
        cc.log_softmax(z, temperature=temperature), cc.log_softmax(z / temperature)
    )


@PROPERTY
@given(problems())
def test_focal_with_gamma_0_is_cross_entropy(pr):
    z, y, t = pr["logits"], pr["index"], pr["binary"]
    p = cc.softmax(z)
    for reduction in ("none", "mean", "sum"):
        kw = {"gamma": 0.0, "reduction": reduction}
        np.testing.assert_array_equal(
            cc.focal_loss(t, z, from_logits=True, **kw),
            cc.binary_cross_entropy(t, z, from_logits=True, reduction=reduction),
        )
        np.testing.assert_array_equal(
            cc.focal_loss(pr["soft"], cc.sigmoid(z), **kw),
            cc.binary_cross_entropy(pr["soft"], cc.sigmoid(z), reduction=reduction),
        )
        np.testing.assert_array_equal(
            cc.categorical_focal_loss(y, z, from_logits=True, **kw),
            cc.categorical_cross_entropy(y, z, from_logits=True, reduction=reduction),
        )
        np.testing.assert_array_equal(
            cc.categorical_focal_loss(pr["dist"], p, **kw),
            cc.categorical_cross_entropy(pr["dist"], p, reduction=reduction),
        )
    # Gradients too.
    np.testing.assert_allclose(
        cc.focal_loss_grad(t, z, gamma=0.0),
        cc.binary_cross_entropy_grad(t, z),
        rtol=1e-12,
        atol=1e-17,
    )
    np.testing.assert_allclose(
        cc.categorical_focal_loss_grad(y, z, gamma=0.0),
        cc.cross_entropy_grad(y, z),
        rtol=1e-12,
        atol=1e-17,
    )


@PROPERTY
@given(problems(), st.sampled_from([0.5, 1.0, 2.0, 5.0]))
def test_focal_never_exceeds_cross_entropy(pr, gamma):
    z, t = pr["logits"], pr["binary"]
    focal = cc.focal_loss(t, z, gamma=gamma, from_logits=True, reduction="none")
    ce = cc.binary_cross_entropy(t, z, from_logits=True, reduction="none")
    assert (focal <= ce * (1 + 1e-12)).all()


def _central_difference(f, z, h=1e-6):
    """∂f/∂z by central differences, one coordinate at a time."""
    grad = np.zeros_like(z)
    for i in np.ndindex(z.shape):
        up, down = z.copy(), z.copy()
        up[i] += h
        down[i] -= h
        grad[i] = (f(up) - f(down)) / (2 * h)
    return grad


def _check_gradient(loss, grad, z):
    """``grad`` (from ce_core) against central differences of ``loss``."""
    np.testing.assert_allclose(grad, _central_difference(loss, z), rtol=1e-5, atol=1e-7)


@st.composite
def gradient_problems(draw):
    pr = draw(problems(max_rows=4, max_classes=5))
    # Moderate logits keep finite differences accurate.
    pr["logits"] = np.clip(pr["logits"], -8, 8)
    return pr


@PROPERTY
@given(gradient_problems(), st.sampled_from(["mean", "sum"]), st.booleans(), st.booleans())
def test_cross_entropy_grad_matches_finite_differences(pr, reduction, weighted, dist):
    target = pr["dist"] if dist else pr["index"]
    kw = {"reduction": reduction, "label_smoothing": 0.15}
    if weighted:
        kw["weight"] = pr["weight"]
    _check_gradient(
        lambda z: cc.categorical_cross_entropy(target, z, from_logits=True, **kw),
        cc.cross_entropy_grad(target, pr["logits"], **kw),
        pr["logits"],
    )


@PROPERTY
@given(gradient_problems(), st.sampled_from(["mean", "sum"]), st.booleans())
def test_binary_cross_entropy_grad_matches_finite_differences(pr, reduction, pos_weight):
    kw = {"reduction": reduction, "pos_weight": pr["pos_weight"] if pos_weight else None}
    _check_gradient(
        lambda z: cc.binary_cross_entropy(pr["soft"], z, from_logits=True, **kw),
        cc.binary_cross_entropy_grad(pr["soft"], pr["logits"], **kw),
        pr["logits"],
    )


@PROPERTY
@given(
    gradient_problems(),
    st.sampled_from(["mean", "sum"]),
    st.sampled_from([0.0, 0.5, 1.0, 2.0, 5.0]),
    st.sampled_from([None, 0.25, 0.9]),
    st.booleans(),
)
def test_focal_grad_matches_finite_differences(pr, reduction, gamma, alpha, soft):
    target = pr["soft"] if soft else pr["binary"]
    kw = {"reduction": reduction, "gamma": gamma, "alpha": alpha}
    _check_gradient(
        lambda z: cc.focal_loss(target, z, from_logits=True, **kw),
        cc.focal_loss_grad(target, pr["logits"], **kw),
        pr["logits"],
    )


@PROPERTY
@given(
    gradient_problems(),
    st.sampled_from(["mean", "sum"]),
    st.sampled_from([0.0, 0.5, 1.0, 2.0, 5.0]),
    st.sampled_from(["none", "scalar", "vector"]),
    st.booleans(),
)
def test_categorical_focal_grad_matches_finite_differences(pr, reduction, gamma, alpha, dist):
    target = pr["dist"] if dist else pr["index"]
    alpha = {"none": None, "scalar": 0.3, "vector": pr["alpha"]}[alpha]
    kw = {"reduction": reduction, "gamma": gamma, "alpha": alpha}
    _check_gradient(
        lambda z: cc.categorical_focal_loss(target, z, from_logits=True, **kw),
        cc.categorical_focal_loss_grad(target, pr["logits"], **kw),
        pr["logits"],
    )


@PROPERTY
@given(gradient_problems())
def test_probability_grad_matches_finite_differences(pr):
    # ∂/∂ŷ_c of −Σ y log ŷ, holding the other probabilities fixed: only term c changes.
    p = cc.softmax(pr["logits"])
    target = pr["dist"]
    grad = cc.probability_grad(target, p)
    h = 1e-6 * p  # relative steps: probabilities can be tiny
    numeric = -target * (np.log(p + h) - np.log(p - h)) / (2 * h)
    np.testing.assert_allclose(grad, numeric, rtol=1e-6, atol=1e-12)
    np.testing.assert_array_equal(grad, -target / p)


@PROPERTY
@given(gradient_problems())
def test_none_reduction_gradient_is_per_example(pr):
    y, z = pr["index"], pr["logits"]
    per_example = cc.cross_entropy_grad(y, z, reduction="none")
    np.testing.assert_array_equal(per_example, cc.cross_entropy_grad(y, z, reduction="sum"))
    np.testing.assert_allclose(per_example / len(y), cc.cross_entropy_grad(y, z), rtol=1e-15)
    np.testing.assert_allclose(per_example, cc.softmax(z) - np.eye(z.shape[1])[y], atol=1e-15)


@PROPERTY
@given(problems())
def test_kl_divergence_is_non_negative_and_zero_only_for_equal(pr):
    p, q = pr["dist"], cc.softmax(pr["logits"])
    kl = cc.kl_divergence(p, q)
    assert (kl >= 0).all()
    np.testing.assert_array_equal(cc.kl_divergence(p, p), 0.0)
    np.testing.assert_array_equal(cc.kl_divergence(q, q), 0.0)
    differ = np.abs(p - q).max(axis=-1) > 1e-3
    assert (kl[differ] > 0).all()
    # Gibbs' inequality and the identity KL = H(p, q) − H(p).
    h, hpq = cc.entropy(p), cc.cross_entropy(p, q)
    assert (hpq >= h - 1e-12).all()
    np.testing.assert_allclose(kl, hpq - h, rtol=1e-9, atol=1e-12)
    np.testing.assert_allclose(cc.kl_divergence(p, q, base=2), kl / LN2, rtol=1e-15)


@PROPERTY
@given(st.text(min_size=1, max_size=40), st.sampled_from([2, math.e, 10]))
def test_symbol_information_is_consistent(text, base):
    info = cc.symbol_information(text, base=base)
    assert sum(info.counts) == info.length == len(text)
    assert "".join(sorted(text)) == "".join(
        sorted("".join(s * n for s, n in zip(info.symbols, info.counts, strict=True)))
    )
    assert info.entropy == pytest.approx(cc.entropy(np.array(info.probabilities), base=base))
    assert info.total == pytest.approx(info.entropy * len(text))
    # An ideal code never needs more than a fixed-length one.
    assert info.entropy * math.log(base, 2) <= info.fixed_length_bits + 1e-12
    assert 2**info.fixed_length_bits >= len(info.symbols)
