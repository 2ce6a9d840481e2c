"""Every "equals <library>" claim of README's "The ce_core API" and of ce_core's docstrings, checked
by running that library: PyTorch (CPU), Keras 3 on its torch backend, torchvision where it imports,
and mpmath for exact values. scikit-learn and SciPy are checked in tests/test_core_crosschecks.py.

Inputs are seeded random NumPy arrays in float32 and float64; each library gets the same array in
the same dtype. Where a library is missing the test is skipped with the reason; CI installs them
all from requirements-crosscheck.txt.

Tolerances, and why (ulp = unit in the last place; eps = np.finfo(dtype).eps):
- float64, rtol 1e-12: both sides round each exp/log to within an ulp, so they differ by a few
  ulp (~1e-15); 1e-12 leaves room for sums of a few hundred terms. Gradients use rtol 1e-12 with
  atol 1e-15 for entries that are sums of cancelling terms near 0.
- float32, rtol 4e-6 (about 32 ulp): NumPy and PyTorch use different float32 exp/log kernels
  (each good to 1-2 ulp) and sum in different orders; a mean of 200 values, each off by 2 ulp,
  can then differ by up to ~10 ulp, and a softmax of one exp divided by a rounded sum by ~4 ulp.
- torch's float32 exp flushes results below finfo.tiny (1.2e−38) to 0; ce_core keeps the
  subnormal: atol = finfo.tiny for probabilities.
- Where a value is a difference of larger numbers (z − logsumexp(z), softmax − y) the rounding
  is relative to the larger numbers: atol = that rtol × the largest |input| in the row.
"""

from __future__ import annotations

import importlib
import math
import os

# Keras picks its backend when it is first imported; TensorFlow is not a dependency here.
os.environ["KERAS_BACKEND"] = "torch"

import numpy as np
import pytest

import ce_core as cc
from ce_core import curves

INSTALL = "pip install -r requirements-crosscheck.txt"
DTYPES = (np.float32, np.float64)
RTOL = {np.float32: 4e-6, np.float64: 1e-12}
SEEDS = range(4)


def _library(name: str):
    """The module, or a skip that says why it is missing and how to install it."""
    try:
        return importlib.import_module(name)
    except ImportError as error:
        pytest.skip(f"{name} does not import ({error}); {INSTALL}")


@pytest.fixture(scope="module")
def torch():
    torch = _library("torch")
    torch.set_num_threads(1)
    return torch


@pytest.fixture(scope="module")
def F(torch):
    import torch.nn.functional as functional

    return functional


@pytest.fixture(scope="module")
def keras():
    _library("torch")
    keras = _library("keras")
    if keras.backend.backend() != "torch":
        pytest.skip(f"keras was imported with the {keras.backend.backend()} backend, not torch")
    assert keras.config.epsilon() == curves.KERAS_EPSILON
    return keras


@pytest.fixture(scope="module")
def mpmath():
    return _library("mpmath")


def _tensor(torch, array, requires_grad=False):
    return torch.tensor(np.asarray(array), requires_grad=requires_grad)


def _close(got, expected, dtype, atol=0.0, rtol=None):
    got = np.asarray(got)
    expected = np.asarray(expected.detach().numpy() if hasattr(expected, "detach") else expected)
    assert got.dtype == dtype
    if rtol is None:  # a library computing in dtype returns dtype
        assert expected.dtype == dtype
    np.testing.assert_allclose(got, expected, rtol=RTOL[dtype] if rtol is None else rtol, atol=atol)


# Keras 3.15.1 on the torch backend promotes float64 with "float32" to float32
# (keras.src.backend.common.dtypes.result_type), so keras.ops.mean, and products with Python
# floats such as the focal alpha, round float64 losses to float32 on the way: its float64 results
# are float32-accurate, and are compared at float32's tolerance.
KERAS_RTOL = RTOL[np.float32]


def _logits(rng, dtype, n=40, c=6):
    """Rows of logits at every scale from 0.1 to 1e4 (the README's stated range)."""
    scale = 10.0 ** rng.uniform(-1, 4, (n, 1))
    return (rng.standard_normal((n, c)) * scale).astype(dtype)


def _row_atol(z, dtype):
    return RTOL[dtype] * float(np.abs(z).max())


def _close_softmax(got, expected, z, dtype):
    """ce_core's softmax is at least as close as PyTorch's to softmax(z) computed in float64 from
    the same input, give or take RTOL. PyTorch rounds z_c − m (and z / T) in ``dtype`` before the
    exp, an error that grows with |z|; ce_core forms z_c − m exactly, so they may differ by more
    than RTOL, but only in ce_core's favour."""
    got, expected = np.asarray(got), expected.detach().numpy()
    assert got.dtype == expected.dtype == dtype
    z = np.asarray(z, dtype=np.float64)
    e = np.exp(z - z.max(axis=-1, keepdims=True))
    exact = e / e.sum(axis=-1, keepdims=True)
    ours, theirs = np.abs(got - exact), np.abs(expected - exact)
    slack = RTOL[dtype] * exact + float(np.finfo(dtype).tiny)
    assert (ours <= theirs + slack).all(), (
        got[ours > theirs + slack],
        exact[ours > theirs + slack],
    )


def _probability_rows(rng, dtype, n=40, c=5):
    """Rows summing to 1 in ``dtype``, from nearly uniform to nearly one-hot."""
    p = rng.dirichlet(np.full(c, rng.choice([0.2, 1.0, 10.0])), n).astype(dtype)
    return p / p.sum(axis=-1, keepdims=True)


# --- Activations: "Mirrors torch.softmax / F.log_softmax / torch.logsumexp / torch.sigmoid /
#     F.logsigmoid / F.softplus", stable for logits up to ±1e4 (README, activations.py). ---------


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("dtype", DTYPES)
def test_activations_equal_torch(torch, F, dtype, seed):
    z = _logits(np.random.default_rng(seed), dtype)
    zt = _tensor(torch, z)
    atol, tiny = _row_atol(z, dtype), float(np.finfo(dtype).tiny)
    _close(cc.logsumexp(z), torch.logsumexp(zt, dim=-1), dtype)
    _close(cc.log_softmax(z), F.log_softmax(zt, dim=-1), dtype, atol=atol)
    _close_softmax(cc.softmax(z), torch.softmax(zt, dim=-1), z, dtype)
    # With a temperature T: softmax(z / T), as on the Playground.
    for temperature in (0.5, 3.0):
        scaled = zt / temperature
        _close_softmax(
            cc.softmax(z, temperature=temperature),
            scaled.softmax(-1),
            z.astype(np.float64) / temperature,
            dtype,
        )
        _close(
            cc.log_softmax(z, temperature=temperature),
            F.log_softmax(scaled, dim=-1),
            dtype,
            atol=atol / temperature,
        )
    # torch's vectorised float32 exp flushes results below the smallest normal number to 0,
    # where ce_core returns the subnormal, and subnormals keep fewer digits: atol = finfo.tiny.
    _close(cc.sigmoid(z), torch.sigmoid(zt), dtype, atol=tiny)
    _close(cc.log_sigmoid(z), F.logsigmoid(zt), dtype, atol=tiny)
    # torch's softplus returns z itself above its threshold (20): a relative error of
    # log1p(e^−z)/z < 1e-10 there, which float64 resolves. Compare where torch computes it.
    below = z <= 20
    _close(cc.softplus(z)[below], F.softplus(zt)[torch.from_numpy(below)], dtype, atol=tiny)


@pytest.mark.parametrize("dtype", DTYPES)
def test_the_readme_log_softmax_example_equals_torch(torch, F, dtype):
    z = np.array([1e4, -1e4, 0], dtype=dtype)
    expected = F.log_softmax(_tensor(torch, z), dim=-1).numpy()
    assert expected.tolist() == [0, -20000, -10000]
    np.testing.assert_array_equal(cc.log_softmax(z), expected)


# --- categorical_cross_entropy(from_logits=True) is F.cross_entropy "exactly, incl. its weighted
#     mean and label smoothing" (README, categorical.py). ----------------------------------------


@pytest.mark.parametrize("reduction", ["mean", "sum", "none"])
@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("dtype", DTYPES)
def test_categorical_from_logits_equals_torch_cross_entropy(torch, F, dtype, seed, reduction):
    rng = np.random.default_rng(seed)
    z = _logits(rng, dtype)
    n, c = z.shape
    y = rng.integers(0, c, n)
    weight = rng.uniform(0.1, 3, c).astype(dtype)
    soft = _probability_rows(rng, dtype, n, c)
    smoothing = float(rng.uniform(0, 0.5))
    zt, yt, wt = _tensor(torch, z), torch.from_numpy(y), _tensor(torch, weight)
    # The loss of a row is a difference of logits of that row's size.
    atol = _row_atol(z, dtype) if reduction == "none" else 0.0
    for target, target_t in ((y, yt), (soft, _tensor(torch, soft))):
        for kwargs in ({}, {"weight": weight}, {"label_smoothing": smoothing}):
            torch_kwargs = {k: wt if k == "weight" else v for k, v in kwargs.items()}
            ours = cc.categorical_cross_entropy(
                target, z, from_logits=True, reduction=reduction, **kwargs
            )
            theirs = F.cross_entropy(zt, target_t, reduction=reduction, **torch_kwargs)
            if reduction != "none":
                # A mean or sum of rows of very different sizes: relative to the largest term.
                atol = RTOL[dtype] * float(np.abs(theirs.numpy()).max() + np.abs(z).max())
            _close(ours, theirs, dtype, atol=atol)


# --- binary_cross_entropy(from_logits=True) is F.binary_cross_entropy_with_logits, pos_weight over
#     the last axis (README, binary.py). ---------------------------------------------------------


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("dtype", DTYPES)
def test_binary_from_logits_equals_torch(torch, F, dtype, seed):
    rng = np.random.default_rng(seed)
    z = _logits(rng, dtype, n=30, c=4)
    t = rng.choice([0.0, 1.0, 0.3], z.shape).astype(dtype)
    pos_weight = rng.uniform(0.2, 5, z.shape[-1]).astype(dtype)
    weight = rng.uniform(0, 2, z.shape).astype(dtype)
    zt, tt = _tensor(torch, z), _tensor(torch, t)
    for reduction in ("none", "sum", "mean"):
        ours = cc.binary_cross_entropy(
            t, z, from_logits=True, pos_weight=pos_weight, weight=weight, reduction=reduction
        )
        theirs = F.binary_cross_entropy_with_logits(
            zt,
            tt,
            weight=_tensor(torch, weight),
            pos_weight=_tensor(torch, pos_weight),
            reduction=reduction,
        )
        _close(ours, theirs, dtype, atol=_row_atol(z, dtype) * (reduction == "none"))


# --- binary_cross_entropy on probabilities is F.binary_cross_entropy wherever every log it takes
#     is at least −100, i.e. e^−100 ≤ p when t > 0 and e^−100 ≤ 1 − p when t < 1; everywhere in
#     [0, 1] the clamped loss is curves.log_clamped_binary_cross_entropy (README, binary.py,
#     curves.py). --------------------------------------------------------------------------------


def _probabilities_down_to(rng, dtype, shape, smallest_exponent):
    """Probabilities log-uniform from 10^smallest_exponent to 1/2, mirrored to 1 − p half the
    time, plus exact 0s and 1s."""
    p = 10.0 ** rng.uniform(smallest_exponent, math.log10(0.5), shape)
    p = np.where(rng.random(shape) < 0.5, p, 1 - p)
    p[rng.random(shape) < 0.05] = 0.0
    p[rng.random(shape) < 0.05] = 1.0
    return p.astype(dtype)


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("dtype", DTYPES)
def test_binary_on_probabilities_equals_torch_where_no_log_is_clamped(torch, F, dtype, seed):
    rng = np.random.default_rng(seed)
    smallest = -60 if dtype == np.float64 else -44  # float32's smallest subnormal is 1.4e-45
    p = _probabilities_down_to(rng, dtype, (200,), smallest)
    t = rng.choice([0.0, 1.0, 0.25], p.shape).astype(dtype)
    theirs = F.binary_cross_entropy(_tensor(torch, p), _tensor(torch, t), reduction="none")
    floor = np.exp(curves.TORCH_LOG_FLOOR)
    # Inside the stated domain: the same numbers as torch.
    inside = ((t == 0) | (p >= floor)) & ((t == 1) | (1 - p.astype(np.float64) >= floor))
    assert 20 < inside.sum() < len(p)
    ours = cc.binary_cross_entropy(t[inside], p[inside], reduction="none")
    _close(ours, theirs[torch.from_numpy(inside)], dtype)
    # Everywhere in [0, 1], 0 and 1 included: the log-clamped loss is torch's (it is computed in
    # float64, so it is compared with float32 torch at float32's tolerance).
    clamped = curves.log_clamped_binary_cross_entropy(t, p)
    np.testing.assert_allclose(clamped, theirs.numpy().astype(np.float64), rtol=RTOL[dtype])
    # Outside it they differ: ce_core is exact (115.1 nats for p = 1e−50), torch stops at 100.
    outside = ~inside & (p > 0) & (t == 1)
    if outside.any():
        exact = cc.binary_cross_entropy(t[outside], p[outside], reduction="none")
        assert (exact > 100).all() and (theirs.numpy()[outside] == 100).all()


def test_the_docstring_example_below_the_torch_floor(torch, F):
    p, t = np.array([1e-50]), np.array([1.0])
    assert F.binary_cross_entropy(_tensor(torch, p), _tensor(torch, t)).item() == 100.0
    assert float(cc.binary_cross_entropy(t, p)) == pytest.approx(50 * math.log(10), rel=1e-15)
    assert float(curves.log_clamped_binary_cross_entropy(t, p)[0]) == 100.0


# --- focal_loss(from_logits=True) is torchvision.ops.sigmoid_focal_loss with alpha=None as -1
#     (README, focal.py). torchvision is optional: its PyPI wheels need the CUDA build of torch,
#     so the function's body (torchvision 0.28, ops/focal_loss.py) also runs here on torch. -------


def _torchvision_focal_body(torch, F, inputs, targets, alpha, gamma, reduction):
    """torchvision.ops.sigmoid_focal_loss's computation, line for line."""
    p = torch.sigmoid(inputs)
    ce_loss = F.binary_cross_entropy_with_logits(inputs, targets, reduction="none")
    p_t = p * targets + (1 - p) * (1 - targets)
    loss = ce_loss * ((1 - p_t) ** gamma)
    if alpha >= 0:
        alpha_t = alpha * targets + (1 - alpha) * (1 - targets)
        loss = alpha_t * loss
    return {"none": loss, "mean": loss.mean(), "sum": loss.sum()}[reduction]


def _torchvision_focal(torch, F):
    try:
        from torchvision.ops import sigmoid_focal_loss
    except Exception as error:  # its compiled ops fail to load against a CPU-only torch
        pytest.skip(f"torchvision does not import here ({type(error).__name__}: {error})")
    return sigmoid_focal_loss


def _focal_problem(rng, dtype):
    # Logits up to ±30: beyond that torchvision's 1 − σ(z) is exactly 0 in float32, and the
    # comparison would be with a rounding error rather than with the formula.
    z = np.clip(_logits(rng, dtype, n=30, c=4), -30, 30).astype(dtype)
    t = rng.choice([0.0, 1.0], z.shape).astype(dtype)
    gamma = float(rng.choice([0.0, 0.5, 1.0, 2.0, 5.0]))
    alpha = float(rng.choice([-1, 0.25, 0.9]))
    return z, t, gamma, alpha


def _focal_tolerance(torch, F, zt, tt, gamma, dtype):
    """torchvision forms 1 − p_t as 1 − σ(±z): an absolute error of eps/2 where p_t ≈ 1 (ce_core
    uses σ(∓z), exact). It multiplies the cross-entropy through d(1 − p_t)^γ = γ(1 − p_t)^(γ−1):
    absolute tolerance γ · eps · max(ce) (γ < 1: the error is below eps^γ · ce, bounded alike)."""
    ce = F.binary_cross_entropy_with_logits(zt, tt, reduction="none").detach().numpy()
    eps = float(np.finfo(dtype).eps)
    return max(gamma, 1.0) * eps ** min(gamma, 1.0) * float(ce.max()) + RTOL[dtype] * ce.max()


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("dtype", DTYPES)
def test_binary_focal_equals_torchvision_body_on_torch(torch, F, dtype, seed):
    z, t, gamma, alpha = _focal_problem(np.random.default_rng(seed), dtype)
    zt, tt = _tensor(torch, z), _tensor(torch, t)
    atol = _focal_tolerance(torch, F, zt, tt, gamma, dtype)
    for reduction in ("none", "mean", "sum"):
        ours = cc.focal_loss(
            t,
            z,
            gamma=gamma,
            alpha=None if alpha == -1 else alpha,
            from_logits=True,
            reduction=reduction,
        )
        theirs = _torchvision_focal_body(torch, F, zt, tt, alpha, gamma, reduction)
        _close(ours, theirs, dtype, atol=atol * (z.size if reduction == "sum" else 1))


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("dtype", DTYPES)
def test_binary_focal_equals_torchvision(torch, F, dtype, seed):
    sigmoid_focal_loss = _torchvision_focal(torch, F)
    z, t, gamma, alpha = _focal_problem(np.random.default_rng(seed), dtype)
    zt, tt = _tensor(torch, z), _tensor(torch, t)
    for reduction in ("none", "mean"):
        ours = cc.focal_loss(
            t,
            z,
            gamma=gamma,
            alpha=None if alpha == -1 else alpha,
            from_logits=True,
            reduction=reduction,
        )
        theirs = sigmoid_focal_loss(zt, tt, alpha=alpha, gamma=gamma, reduction=reduction)
        _close(ours, theirs, dtype, atol=_focal_tolerance(torch, F, zt, tt, gamma, dtype))


# --- Gradients "equal to PyTorch autograd with the same reduction" (README, gradients.py). -------


def _autograd(torch, loss_of, z):
    zt = _tensor(torch, z, requires_grad=True)
    loss_of(zt).backward()
    return zt.grad


def _torch_reduced(loss, reduction):
    """autograd needs a scalar: "none" is checked as the gradient of the sum (row i of ce_core's
    "none" gradient is ∂ℓ_i/∂z_i, and ℓ_j does not depend on z_i)."""
    return loss.sum() if reduction == "none" else loss


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("dtype", DTYPES)
def test_gradients_equal_torch_autograd(torch, F, dtype, seed):
    rng = np.random.default_rng(seed)
    z = _logits(rng, dtype, n=30, c=5)
    n, c = z.shape
    y = rng.integers(0, c, n)
    soft = _probability_rows(rng, dtype, n, c)
    weight = rng.uniform(0.1, 3, c).astype(dtype)
    smoothing = float(rng.uniform(0, 0.5))
    wt = _tensor(torch, weight)
    # softmax(z) − y: entries of size up to max(weight) per row (÷ N for "mean"), differences of
    # probabilities that lose digits relative to that size.
    atol = RTOL[dtype] * float(weight.max())
    for target, target_t in ((y, torch.from_numpy(y)), (soft, _tensor(torch, soft))):
        for reduction in ("mean", "sum", "none"):
            ours = cc.cross_entropy_grad(
                target, z, weight=weight, label_smoothing=smoothing, reduction=reduction
            )
            theirs = _autograd(
                torch,
                lambda zt, target_t=target_t, reduction=reduction: _torch_reduced(
                    F.cross_entropy(
                        zt, target_t, weight=wt, label_smoothing=smoothing, reduction=reduction
                    ),
                    reduction,
                ),
                z,
            )
            _close(ours, theirs, dtype, atol=atol / (n if reduction == "mean" else 1))

    t = rng.choice([0.0, 1.0, 0.4], z.shape).astype(dtype)
    tt, pos_weight = _tensor(torch, t), rng.uniform(0.2, 5, c).astype(dtype)
    for reduction in ("mean", "sum", "none"):
        ours = cc.binary_cross_entropy_grad(t, z, pos_weight=pos_weight, reduction=reduction)
        theirs = _autograd(
            torch,
            lambda zt, reduction=reduction: _torch_reduced(
                F.binary_cross_entropy_with_logits(
                    zt, tt, pos_weight=_tensor(torch, pos_weight), reduction=reduction
                ),
                reduction,
            ),
            z,
        )
        scale = float(pos_weight.max()) / (z.size if reduction == "mean" else 1)
        _close(ours, theirs, dtype, atol=RTOL[dtype] * scale)


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("dtype", DTYPES)
def test_focal_gradients_equal_torch_autograd(torch, F, dtype, seed):
    rng = np.random.default_rng(seed)
    z, t, gamma, alpha = _focal_problem(rng, dtype)
    gamma = max(gamma, 1.0)  # autograd of (1 − p_t)^γ at 1 − p_t = 0 is nan for γ < 1
    tt = _tensor(torch, t)
    ours = cc.focal_loss_grad(t, z, gamma=gamma, alpha=None if alpha == -1 else alpha)
    theirs = _autograd(
        torch, lambda zt: _torchvision_focal_body(torch, F, zt, tt, alpha, gamma, "mean"), z
    )
    _close(ours, theirs, dtype, atol=RTOL[dtype] / z.size)

    y = rng.integers(0, z.shape[-1], len(z))
    class_alpha = rng.uniform(0.1, 1, z.shape[-1]).astype(dtype)
    one_hot = np.eye(z.shape[-1], dtype=dtype)[y]
    for target in (one_hot, _probability_rows(rng, dtype, *z.shape)):
        target_t, alpha_t = _tensor(torch, target), _tensor(torch, class_alpha)

        def categorical_focal(zt, target_t=target_t, alpha_t=alpha_t):
            log_q = F.log_softmax(zt, dim=-1)
            return (-(alpha_t * target_t * (1 - log_q.exp()) ** gamma * log_q).sum(-1)).mean()

        # Index targets for the one-hot rows: the same gradient by the other code path.
        ours = cc.categorical_focal_loss_grad(
            y if target is one_hot else target, z, gamma=gamma, alpha=class_alpha
        )
        _close(ours, _autograd(torch, categorical_focal, z), dtype, atol=RTOL[dtype] / len(z))


@pytest.mark.parametrize("dtype", DTYPES)
def test_probability_grad_equals_torch_autograd(torch, dtype):
    rng = np.random.default_rng(7)
    p = _probability_rows(rng, dtype, 20, 4)
    target = _probability_rows(rng, dtype, 20, 4)
    target[:5] = np.eye(4, dtype=dtype)[rng.integers(0, 4, 5)]  # zeros: their gradient is 0
    tt = _tensor(torch, target)
    theirs = _autograd(torch, lambda pt: -(tt * pt.log()).sum(), p)
    _close(cc.probability_grad(target, p), theirs, dtype)


# --- Keras: eps=1e-7 "is Keras's clip". Keras divides each row by its sum before clipping, so for
#     rows ce_core accepts (within 1e−6 of 1) Keras is categorical_cross_entropy of the rows
#     divided by their sums, in the same dtype (README, losses.py). -------------------------------


def _rows_off_by_up_to_1e6(rng, dtype, n=40, c=5):
    """Valid rows for ce_core whose sums are 1 ± up to 1e−6, with some entries clipped by Keras."""
    p = rng.dirichlet(np.full(c, 0.3), n)
    p[rng.random(n) < 0.2] = np.eye(c)[rng.integers(0, c)]  # exact 0s and 1s: clipped
    p = p * (1 + rng.uniform(-9e-7, 9e-7, (n, 1)))
    return p.astype(dtype)


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("dtype", DTYPES)
def test_keras_categorical_is_clip_1e7_of_renormalised_rows(keras, dtype, seed):
    rng = np.random.default_rng(seed)
    p = _rows_off_by_up_to_1e6(rng, dtype)
    n, c = p.shape
    y = rng.integers(0, c, n)
    renormalised = p / p.sum(axis=-1, keepdims=True)
    name = np.dtype(dtype).name
    for target, loss in (
        (y, keras.losses.SparseCategoricalCrossentropy(reduction=None, dtype=name)),
        (
            np.eye(c, dtype=dtype)[y],
            keras.losses.CategoricalCrossentropy(reduction=None, dtype=name),
        ),
        (
            _probability_rows(rng, dtype, n, c),
            keras.losses.CategoricalCrossentropy(reduction=None, dtype=name),
        ),
    ):
        theirs = loss(target, p).numpy()
        ours = cc.categorical_cross_entropy(target, renormalised, eps=1e-7, reduction="none")
        _close(ours, theirs, dtype, rtol=KERAS_RTOL)
    mean = keras.losses.SparseCategoricalCrossentropy(dtype=name)(y, p).numpy()
    _close(cc.categorical_cross_entropy(y, renormalised, eps=1e-7), mean, dtype, rtol=KERAS_RTOL)


def test_keras_differs_on_rows_that_are_not_renormalised(keras):
    """Why the README says "rows divided by their sums": a row ce_core accepts as it is."""
    p = np.array([[0.5, 0.5 + 9e-7]], dtype=np.float32)  # sums to 1 + 9e−7: ce_core accepts it
    keras_loss = float(keras.losses.SparseCategoricalCrossentropy()(np.array([0]), p).numpy())
    as_given = float(cc.categorical_cross_entropy([0], p, eps=1e-7))
    renormalised = float(cc.categorical_cross_entropy([0], p / p.sum(), eps=1e-7))
    assert keras_loss == pytest.approx(renormalised, rel=KERAS_RTOL)
    # ln 2 + 9.5e−7 against ln 2: 16 float32 ulps of ln 2 apart, beyond the 1-ulp rounding.
    assert abs(keras_loss - as_given) > 5e-7


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("dtype", DTYPES)
def test_keras_binary_is_clip_1e7(keras, dtype, seed):
    rng = np.random.default_rng(seed)
    p = _probabilities_down_to(rng, dtype, (50, 3), -30)
    t = rng.choice([0.0, 1.0, 0.7], p.shape).astype(dtype)
    loss = keras.losses.BinaryCrossentropy(reduction=None, dtype=np.dtype(dtype).name)
    theirs = loss(t, p).numpy()  # Keras averages over the last axis
    ours = cc.binary_cross_entropy(t, p, eps=1e-7, reduction="none").mean(axis=-1)
    _close(ours, theirs, dtype, rtol=KERAS_RTOL)


@pytest.mark.parametrize("dtype", DTYPES)
def test_keras_caps_per_dtype_are_the_curves_caps(keras, dtype):
    """In float32, 1 − 1e−7 rounds to 1 − 2^−23 = 0.99999988: a confident wrong p → 1 on a
    negative stops at −ln(2^−23) = 15.94 nats, not −ln(1e−7) = 16.12 (the positive branch)."""
    name = np.dtype(dtype).name
    loss = keras.losses.BinaryCrossentropy(reduction=None, dtype=name)
    for label in (0, 1):
        wrong = np.array([[1.0 - label]], dtype=dtype)
        theirs = float(loss(np.array([[label]], dtype=dtype), wrong).numpy()[0])
        cap = curves.clip_cap(curves.KERAS_EPSILON, label, dtype=dtype)
        assert cap == pytest.approx(theirs, rel=KERAS_RTOL)
        floor = curves.clip_floor_on_truth(curves.KERAS_EPSILON, label, dtype=dtype)
        assert cap == pytest.approx(-math.log(floor), rel=RTOL[dtype])
    assert curves.clip_cap(curves.KERAS_EPSILON, 0, dtype=np.float32) == pytest.approx(
        15.942385, abs=5e-6
    )
    assert curves.clip_cap(curves.KERAS_EPSILON, 1, dtype=dtype) == pytest.approx(
        16.118096, abs=5e-6
    )


# --- categorical_focal_loss is Keras CategoricalFocalCrossentropy "without its clipping": equal
#     on rows that sum to 1 with every entry in [1e−7, 1 − 1e−7] (Keras then neither renormalises
#     nor clips anything); α = None is Keras's alpha=1 (README, focal.py). -----------------------


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("dtype", DTYPES)
def test_categorical_focal_equals_keras_inside_the_clip(keras, dtype, seed):
    rng = np.random.default_rng(seed)
    p = _probability_rows(rng, dtype)
    p = p[(p >= 1e-7).all(axis=-1) & (p <= 1 - 1e-7).all(axis=-1)]
    n, c = p.shape
    y = rng.integers(0, c, n)
    gamma = float(rng.choice([0.0, 0.5, 2.0, 5.0]))
    name = np.dtype(dtype).name
    for ours_alpha, keras_alpha in ((None, 1.0), (0.25, 0.25), (rng.uniform(0, 1, c), None)):
        keras_alpha = list(ours_alpha) if keras_alpha is None else keras_alpha
        loss = keras.losses.CategoricalFocalCrossentropy(
            alpha=keras_alpha, gamma=gamma, reduction=None, dtype=name
        )
        for target in (np.eye(c, dtype=dtype)[y], _probability_rows(rng, dtype, n, c)):
            ours = cc.categorical_focal_loss(
                target, p, gamma=gamma, alpha=ours_alpha, reduction="none"
            )
            _close(ours, loss(target, p).numpy(), dtype, rtol=KERAS_RTOL)


# --- kl_divergence keeps tiny positive values: checked against mpmath's exact Σ p log(p/q) of the
#     same floating-point numbers (information.py). ----------------------------------------------


def _exact_kl(mpmath, p, q):
    with mpmath.workdps(60):
        terms = [
            mpmath.mpf(float(a)) * mpmath.log(mpmath.mpf(float(a)) / mpmath.mpf(float(b)))
            for a, b in zip(p, q, strict=True)
            if a > 0
        ]
        return mpmath.fsum(terms), mpmath.fsum(abs(term) for term in terms)


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("dtype", DTYPES)
def test_kl_of_nearly_equal_distributions_equals_mpmath(mpmath, dtype, seed):
    rng = np.random.default_rng(seed)
    eps = float(np.finfo(dtype).eps)
    for _ in range(20):
        c = int(rng.integers(2, 8))
        p = rng.dirichlet(np.ones(c)).astype(dtype)
        delta = 10.0 ** rng.uniform(math.log10(eps) + 1, -1)
        q = (p * (1 + delta * rng.standard_normal(c))).astype(dtype)
        q = q / q.sum(dtype=dtype)
        exact, size = _exact_kl(mpmath, p, q)
        ours = cc.kl_divergence(p, q)
        assert ours.dtype == dtype and ours >= 0
        # Error bound of a sum of c terms each rounded a few times: (c + 4) · eps · Σ|terms|.
        bound = (c + 4) * eps * float(size)
        assert abs(float(ours) - float(max(exact, 0))) <= bound, (p, q, ours, exact)


def test_kl_keeps_a_divergence_of_2e_18(mpmath):
    # Exactly representable, so p and q both sum to exactly 1: KL ≈ 2·δ²/1 with δ = 2^−30.
    delta = 2.0**-30
    p = np.array([0.5 + delta, 0.5 - delta])
    q = np.array([0.5, 0.5])
    exact, _ = _exact_kl(mpmath, p, q)
    assert float(exact) == pytest.approx(2 * delta**2, rel=1e-8)  # 1.73e−18
    assert float(cc.kl_divergence(p, q)) == pytest.approx(float(exact), rel=1e-12)
    assert float(cc.kl_divergence(p, q, base=2)) == pytest.approx(
        float(exact) / math.log(2), rel=1e-12
    )
    # The same in float32 with δ = 2^−14: 2·δ² = 2^−27 ≈ 7.45e−9.
    p32 = np.array([0.5 + 2.0**-14, 0.5 - 2.0**-14], dtype=np.float32)
    q32 = q.astype(np.float32)
    exact32, _ = _exact_kl(mpmath, p32, q32)
    assert float(cc.kl_divergence(p32, q32)) == pytest.approx(float(exact32), rel=1e-6)


def test_kl_of_floats_whose_exact_sum_is_negative_is_0(mpmath):
    # 0.5 ± 1e−9 round to numbers summing to 1 − 2^−54: the exact Σ p log(p/q) is −5.35e−17.
    p, q = np.array([0.5 + 1e-9, 0.5 - 1e-9]), np.array([0.5, 0.5])
    exact, _ = _exact_kl(mpmath, p, q)
    assert float(exact) == pytest.approx(-5.3511151233e-17, rel=1e-9)
    assert cc.kl_divergence(p, q) == 0.0


# --- Keras BinaryFocalCrossentropy: α only with apply_class_balancing=True; for p inside
#     [1e−7, 1 − 1e−7] it is focal_loss averaged over the last axis (focal.py). --------------


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("dtype", DTYPES)
def test_keras_binary_focal_is_focal_loss_inside_the_clip(keras, dtype, seed):
    rng = np.random.default_rng(seed)
    p = rng.uniform(1e-7, 1 - 1e-7, (30, 4)).astype(dtype)
    t = rng.choice([0.0, 1.0], p.shape).astype(dtype)
    gamma = float(rng.choice([0.0, 0.5, 2.0, 5.0]))
    name = np.dtype(dtype).name
    for balancing, alpha in ((False, None), (True, 0.25), (True, 0.8)):
        loss = keras.losses.BinaryFocalCrossentropy(
            apply_class_balancing=balancing,
            alpha=0.25 if alpha is None else alpha,  # ignored without balancing
            gamma=gamma,
            reduction=None,
            dtype=name,
        )
        ours = cc.focal_loss(t, p, gamma=gamma, alpha=alpha, reduction="none").mean(axis=-1)
        _close(ours, loss(t, p).numpy(), dtype, rtol=KERAS_RTOL)
