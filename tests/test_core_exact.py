"""ce_core's logits path against 60-digit mpmath references, and against PyTorch.

Errors are measured in ulps of the exact result in the output dtype: ``|ours − exact| /
spacing(exact)`` (``spacing`` of the dtype at ``|exact|``; for results that are 0 or subnormal it
is the smallest subnormal, the floor below which no float can be closer).

Tolerances, and why (``tolerance`` below):

- float32: 1 ulp of the exact result. ce_core computes float32 input in float64 and rounds once,
  so it is within 0.5 ulp plus about 1e-6 ulp (0.5 is what the draws reach).
- float64: 4 ulps, for everything that is a sum of same-signed terms (every loss,
  ``log_softmax``, ``softmax``, ``softplus``, ``log_sigmoid``, the gradients with hard targets,
  and ``logsumexp`` without cancellation). The evaluation is a chain of a few operations (exp,
  a sum, log1p, a division), each within one ulp, of either sign: the draws reach about 2.5.
  Focal terms get ``4 + 2γ``: the relative error of ``1 − p_t`` (about an ulp) is multiplied by
  γ in ``(1 − p_t)^γ`` (the draws reach about 7 at γ = 5).
- Where the exact result is a difference of terms that nearly cancel, no evaluation in the
  dtype can be accurate relative to the result: ``logsumexp`` near 0 (``m < 0 < m + log1p(s)``),
  and the gradients for smoothed targets (``A·q_c − a_c``). There the error is measured against
  the larger term instead (``scale``), with the same tolerance.
- Against PyTorch (same inputs, same dtype, one thread): every element satisfies
  ``err_ours <= max(err_torch, tolerance)``: ce_core is at least as close to the exact value as
  torch wherever torch is outside the tolerance (confident rows, large logits, where torch is
  often hundreds of ulps or 100 % off), and within the tolerance elsewhere.
"""

from __future__ import annotations

import mpmath
import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from mpmath import mp, mpf

import ce_core as cc

mp.dps = 60
FLOATS = [np.float32, np.float64]
SETTINGS = settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])


# --- measuring errors -------------------------------------------------------------------------


def ulps(ours, exact, dtype, scale=None) -> np.ndarray:
    """Error of each element of ``ours`` in ulps of ``exact`` (a list of mpf, same order), or of
    ``max(|exact|, scale)`` where a scale is given."""
    ours = np.asarray(ours, dtype=np.float64).reshape(-1)
    assert len(ours) == len(exact)
    out = np.empty(len(ours))
    for i, (got, ref) in enumerate(zip(ours, exact, strict=True)):
        if mpmath.isinf(ref) or np.isinf(got):
            out[i] = 0.0 if got == ref else np.inf
            continue
        size = abs(ref) if scale is None else max(abs(ref), scale[i])
        spacing = mpf(float(np.spacing(dtype(float(size)))))
        out[i] = float(abs(mpf(float(got)) - ref) / spacing)
    return out


def tolerance(name, dtype, gamma=0.0):
    """The allowed error in ulps (see the module docstring)."""
    if dtype == np.float32:
        return 1.0
    return 4.0 + 2.0 * gamma if "focal" in name else 4.0


def assert_exact(name, ours, exact, dtype, scale=None, gamma=0.0):
    err = ulps(ours, exact, dtype, scale)
    limit = tolerance(name, dtype, gamma)
    assert np.asarray(ours).dtype == dtype, f"{name}: dtype {np.asarray(ours).dtype}"
    assert err.max() <= limit, f"{name}: {err.max():.3g} ulps > {limit} ({np.asarray(ours)!r})"
    return err


# --- mpmath references ------------------------------------------------------------------------


def mp_row(w):
    """(shifts d_c = w_c − m, s = Σ over all but one maximal entry of exp(d)) of one row."""
    w = [mpf(float(x)) for x in w]
    m = max(w)
    d = [x - m for x in w]
    top = d.index(0)
    s = mpmath.fsum(mpmath.exp(x) for k, x in enumerate(d) if k != top and x != -mpmath.inf)
    return m, d, s


def mp_log_softmax(w):
    m, d, s = mp_row(w)
    return [x - mpmath.log1p(s) for x in d]


def mp_softmax(w):
    m, d, s = mp_row(w)
    return [mpmath.exp(x) / (1 + s) for x in d]


def mp_logsumexp(w):
    m, d, s = mp_row(w)
    return m + mpmath.log1p(s), max(abs(m), mpmath.log1p(s))


def mp_miss(lsm):
    """1 − q from log q, exactly also for q close to 1."""
    return -mpmath.expm1(lsm)


def mp_softplus(z):
    z = mpf(float(z))
    return z + mpmath.log1p(mpmath.exp(-z)) if z > 0 else mpmath.log1p(mpmath.exp(z))


def mp_sigmoid(z):
    return 1 / (1 + mpmath.exp(-mpf(float(z))))


# --- inputs -----------------------------------------------------------------------------------


@st.composite
def logit_rows(draw, dtype, max_rows=3, max_classes=7, min_classes=1):
    """Rows of logits up to ±1e4: wide uniform, ordinary, near-ties, saturated, with -inf."""
    n = draw(st.integers(1, max_rows))
    c = draw(st.integers(min_classes, max_classes))
    width = 32 if dtype == np.float32 else 64
    rows = []
    for _ in range(n):
        kind = draw(st.sampled_from(["wide", "normal", "ties", "saturated", "neginf"]))
        base = draw(st.floats(-1e4, 1e4, width=width))
        if kind == "wide":
            row = draw(st.lists(st.floats(-1e4, 1e4, width=width), min_size=c, max_size=c))
        elif kind == "normal":
            scale = draw(st.sampled_from([0.01, 1.0, 5.0, 30.0]))
            seed = draw(st.integers(0, 2**32 - 1))
            row = np.random.default_rng(seed).standard_normal(c) * scale + base * 0
        elif kind == "ties":
            steps = draw(st.lists(st.integers(-3, 0), min_size=c, max_size=c))
            row = [base] * c
            for i, k in enumerate(steps):
                for _ in range(-k):
                    row[i] = np.nextafter(dtype(row[i]), dtype(-np.inf))
        elif kind == "saturated":
            gaps = draw(st.lists(st.floats(0, 800, width=width), min_size=c - 1, max_size=c - 1))
            row = [base] + [base - g for g in gaps]
        else:
            row = draw(st.lists(st.floats(-50, 50, width=width), min_size=c, max_size=c))
            for i in draw(st.lists(st.integers(0, c - 1), max_size=c - 1)):
                row[i] = -np.inf
            if all(x == -np.inf for x in row):
                row[0] = 0.0
        rows.append(np.asarray(row, dtype=dtype))
    perm = draw(st.permutations(range(c)))
    return np.stack(rows)[:, list(perm)]


def targets(draw, z):
    finite = [np.flatnonzero(np.isfinite(row)) for row in z]
    return np.array([draw(st.sampled_from(list(f))) for f in finite])


temperatures = st.one_of(
    st.sampled_from([0.01, 0.1, 0.37, 1.0, 3.0, 100.0]), st.floats(0.01, 100.0)
)


# --- the checks, shared by the mpmath-only tests and the torch comparison -----------------------


def softmax_family(z, temperature):
    """(name, ours, exact, scale) for log_softmax, softmax and logsumexp of z / T."""
    dtype = z.dtype
    w = z.astype(np.float64) / temperature if temperature != 1.0 else z
    lsm = [x for row in w for x in mp_log_softmax(row)]
    sm = [x for row in w for x in mp_softmax(row)]
    lse = [mp_logsumexp(row) for row in w]
    out = [
        ("log_softmax", cc.log_softmax(z, temperature=temperature), lsm, None),
        ("softmax", cc.softmax(z, temperature=temperature), sm, None),
    ]
    if temperature == 1.0:
        out.append(("logsumexp", cc.logsumexp(z), [v for v, _ in lse], [c for _, c in lse]))
    del dtype
    return out


def categorical_cases(z, y, weight, smoothing, gamma, alpha):
    """(name, ours, exact, scale) for the categorical losses and gradients from logits."""
    n, c = z.shape
    lsm = [mp_log_softmax(row) for row in z]
    wts = [mpf(float(x)) for x in weight.astype(z.dtype)]
    eps = mpf(smoothing)
    cases = []

    nll = [-lsm[i][y[i]] for i in range(n)]
    cases.append(
        (
            "ce none",
            cc.categorical_cross_entropy(y, z, from_logits=True, reduction="none"),
            nll,
            None,
        )
    )
    cases.append(
        (
            "ce mean",
            cc.categorical_cross_entropy(y, z, from_logits=True),
            [mpmath.fsum(nll) / n],
            None,
        )
    )
    cases.append(
        (
            "ce bits",
            cc.categorical_cross_entropy(y, z, from_logits=True, reduction="sum", base=2),
            [mpmath.fsum(nll) / mpmath.log(2)],
            None,
        )
    )

    def smoothed(i, k):
        return (1 - eps) * (1 if k == y[i] else 0) + eps / c

    def term(i, k):  # 0·log 0 = 0
        coef = wts[k] * smoothed(i, k)
        return 0 if coef == 0 else -coef * lsm[i][k]

    per_row = [mpmath.fsum(term(i, k) for k in range(c)) for i in range(n)]
    denominator = mpmath.fsum(wts[y[i]] for i in range(n))
    ours = cc.categorical_cross_entropy(
        y, z, from_logits=True, weight=weight, label_smoothing=smoothing, reduction="none"
    )
    cases.append(("ce weight smoothing none", ours, per_row, None))
    if denominator > 0:
        ours = cc.categorical_cross_entropy(
            y, z, from_logits=True, weight=weight, label_smoothing=smoothing
        )
        cases.append(("ce weight smoothing mean", ours, [mpmath.fsum(per_row) / denominator], None))

    # Gradients. One-hot targets: softmax(z) − y, every entry relative to itself.
    q = [[mpmath.exp(x) for x in row] for row in lsm]
    grad = []
    for i in range(n):
        for k in range(c):
            grad.append(-mp_miss(lsm[i][k]) if k == y[i] else q[i][k])
    cases.append(("ce grad", cc.cross_entropy_grad(y, z, reduction="sum"), grad, None))
    ours = cc.cross_entropy_grad(y, z, weight=weight, reduction="none")
    cases.append(("ce grad weight", ours, [wts[y[i // c]] * g for i, g in enumerate(grad)], None))
    # Smoothed: A·q − a, which can cancel; measured against the larger term.
    grad, scale = [], []
    for i in range(n):
        a = [wts[k] * smoothed(i, k) for k in range(c)]
        total = mpmath.fsum(a)
        for k in range(c):
            grad.append(total * q[i][k] - a[k])
            scale.append(max(abs(total * q[i][k]), abs(a[k])))
    ours = cc.cross_entropy_grad(y, z, weight=weight, label_smoothing=smoothing, reduction="sum")
    cases.append(("ce grad weight smoothing", ours, grad, scale))

    # Categorical focal loss and its gradient, one true class.
    al = [mpf(float(x)) for x in alpha.astype(z.dtype)]
    g = mpf(gamma)
    focal, focal_grad = [], []
    for i in range(n):
        lq, miss = lsm[i][y[i]], mp_miss(lsm[i][y[i]])
        focal.append(-al[y[i]] * miss**g * lq)
        ratio = -1 if miss == 0 else q[i][y[i]] * lq / miss
        h = al[y[i]] * miss**g * (g * ratio - 1)
        for k in range(c):
            focal_grad.append(h * miss if k == y[i] else -h * q[i][k])
    ours = cc.categorical_focal_loss(
        y, z, gamma=gamma, alpha=alpha, from_logits=True, reduction="none"
    )
    cases.append(("focal none", ours, focal, None))
    ours = cc.categorical_focal_loss_grad(y, z, gamma=gamma, alpha=alpha, reduction="sum")
    cases.append(("focal grad", ours, focal_grad, None))
    return cases + distribution_cases(z, y, weight, gamma, alpha, lsm, q)


def distribution_cases(z, y, weight, gamma, alpha, lsm, q):
    """Soft targets: the losses (sums of non-negative terms) relative to themselves, the
    gradients (differences) against their larger terms."""
    n, c = z.shape
    rng = np.random.default_rng(int(y.sum()) + 7 * c)
    dist = rng.dirichlet(np.full(c, 0.5), n).astype(z.dtype)
    dist[~np.isfinite(z)] = 0  # no target mass on impossible classes
    dist /= dist.sum(axis=-1, keepdims=True)
    tm = [[mpf(float(x)) for x in row] for row in dist]
    wts = [mpf(float(x)) for x in weight.astype(z.dtype)]
    al = [mpf(float(x)) for x in alpha.astype(z.dtype)]
    g = mpf(gamma)

    def xlogy(coef, log_q):
        return 0 if coef == 0 else -coef * log_q

    ce = [mpmath.fsum(xlogy(wts[k] * tm[i][k], lsm[i][k]) for k in range(c)) for i in range(n)]
    ours = cc.categorical_cross_entropy(dist, z, from_logits=True, weight=weight, reduction="none")
    cases = [("ce dist weight none", ours, ce, None)]
    grad, scale = [], []
    for i in range(n):
        a = [wts[k] * tm[i][k] for k in range(c)]
        total = mpmath.fsum(a)
        grad += [total * q[i][k] - a[k] for k in range(c)]
        scale += [max(total * q[i][k], a[k]) for k in range(c)]
    ours = cc.cross_entropy_grad(dist, z, weight=weight, reduction="sum")
    cases.append(("ce grad dist weight", ours, grad, scale))
    focal, focal_grad, focal_scale = [], [], []
    for i in range(n):
        miss = [mp_miss(x) for x in lsm[i]]
        focal.append(
            mpmath.fsum(xlogy(al[k] * tm[i][k] * miss[k] ** g, lsm[i][k]) for k in range(c))
        )
        h = []
        for k in range(c):
            # q log q / (1 − q): −1 as q → 1, 0 for q = 0 (q log q → 0).
            ratio = -1 if miss[k] == 0 else 0 if q[i][k] == 0 else q[i][k] * lsm[i][k] / miss[k]
            h.append(al[k] * tm[i][k] * miss[k] ** g * (g * ratio - 1))
        h_sum, h_abs = mpmath.fsum(h), mpmath.fsum(abs(x) for x in h)
        focal_grad += [h[k] - q[i][k] * h_sum for k in range(c)]
        focal_scale += [max(abs(h[k]), q[i][k] * h_abs) for k in range(c)]
    ours = cc.categorical_focal_loss(
        dist, z, gamma=gamma, alpha=alpha, from_logits=True, reduction="none"
    )
    cases.append(("focal dist", ours, focal, None))
    ours = cc.categorical_focal_loss_grad(dist, z, gamma=gamma, alpha=alpha, reduction="sum")
    cases.append(("focal grad dist", ours, focal_grad, focal_scale))
    return cases


def binary_cases(z, t, pos_weight, gamma, alpha):
    """(name, ours, exact, scale) for the sigmoid losses and gradients (hard targets t)."""
    zs, ts = z.reshape(-1), t.reshape(-1)
    pw = [mpf(float(x)) for x in np.broadcast_to(pos_weight.astype(z.dtype), z.shape).reshape(-1)]
    sp_pos = [mp_softplus(x) for x in zs]
    sp_neg = [mp_softplus(-x) for x in zs]
    cases = [
        ("softplus", cc.softplus(z), sp_pos, None),
        ("log_sigmoid", cc.log_sigmoid(z), [-v for v in sp_neg], None),
        ("sigmoid", cc.sigmoid(z), [mp_sigmoid(x) for x in zs], None),
    ]
    tm = [mpf(float(x)) for x in ts]
    bce = [tm[i] * sp_neg[i] + (1 - tm[i]) * sp_pos[i] for i in range(len(zs))]
    cases.append(
        (
            "bce logits none",
            cc.binary_cross_entropy(t, z, from_logits=True, reduction="none"),
            bce,
            None,
        )
    )
    bce_pw = [pw[i] * tm[i] * sp_neg[i] + (1 - tm[i]) * sp_pos[i] for i in range(len(zs))]
    ours = cc.binary_cross_entropy(t, z, from_logits=True, pos_weight=pos_weight, reduction="none")
    cases.append(("bce logits pos_weight", ours, bce_pw, None))
    ours = cc.binary_cross_entropy(t, z, from_logits=True, pos_weight=pos_weight)
    cases.append(("bce logits mean", ours, [mpmath.fsum(bce_pw) / len(zs)], None))
    p = [mp_sigmoid(x) for x in zs]
    not_p = [mp_sigmoid(-x) for x in zs]
    grad = [(1 - tm[i]) * p[i] - pw[i] * tm[i] * not_p[i] for i in range(len(zs))]
    # Soft targets make the gradient a difference: measured against its larger term.
    scale = [max((1 - tm[i]) * p[i], pw[i] * tm[i] * not_p[i]) for i in range(len(zs))]
    ours = cc.binary_cross_entropy_grad(t, z, pos_weight=pos_weight, reduction="sum")
    cases.append(("bce grad", ours, grad, scale))
    a, g = mpf(alpha), mpf(gamma)
    focal, focal_grad, focal_scale = [], [], []
    for i in range(len(zs)):
        miss = tm[i] * not_p[i] + (1 - tm[i]) * p[i]
        a_t = a * tm[i] + (1 - a) * (1 - tm[i])
        focal.append(a_t * miss**g * bce[i])
        ratio = 0 if miss == 0 else p[i] * not_p[i] / miss
        terms = [(1 - tm[i]) * p[i], -tm[i] * not_p[i], g * bce[i] * (1 - 2 * tm[i]) * ratio]
        focal_grad.append(a_t * miss**g * mpmath.fsum(terms))
        focal_scale.append(a_t * miss**g * max(abs(x) for x in terms))
    ours = cc.focal_loss(t, z, gamma=gamma, alpha=alpha, from_logits=True, reduction="none")
    cases.append(("sigmoid focal", ours, focal, None))
    ours = cc.focal_loss_grad(t, z, gamma=gamma, alpha=alpha, reduction="sum")
    cases.append(("sigmoid focal grad", ours, focal_grad, focal_scale))
    return cases


@st.composite
def categorical_problems(draw, dtype):
    z = draw(logit_rows(dtype))
    y = targets(draw, z)
    c = z.shape[1]
    weight = np.asarray(draw(st.lists(st.floats(0.0, 3.0), min_size=c, max_size=c)))
    weight[y[0]] = max(weight[y[0]], 0.5)  # a positive total for the weighted mean
    smoothing = draw(st.sampled_from([0.0, 0.1, 0.37, 1.0]))
    gamma = draw(st.sampled_from([0.0, 0.5, 2.0, 5.0]))
    alpha = np.asarray(draw(st.lists(st.floats(0.0, 1.0), min_size=c, max_size=c)))
    return z, y, weight, smoothing, gamma, alpha


@st.composite
def binary_problems(draw, dtype):
    z = draw(logit_rows(dtype, min_classes=1))
    z[~np.isfinite(z)] = dtype(-30.0)  # binary losses take finite logits
    label = st.one_of(st.sampled_from([0.0, 1.0]), st.floats(0.0, 1.0))  # hard or soft
    t = draw(st.lists(label, min_size=z.size, max_size=z.size))
    t = np.asarray(t, dtype=dtype).reshape(z.shape)
    c = z.shape[1]
    pos_weight = np.asarray(draw(st.lists(st.floats(0.0, 4.0), min_size=c, max_size=c)))
    gamma = draw(st.sampled_from([0.0, 0.5, 2.0, 5.0]))
    alpha = draw(st.floats(0.0, 1.0))
    return z, t, pos_weight, gamma, alpha


# --- mpmath-only exactness (always run) -------------------------------------------------------


@pytest.mark.parametrize("dtype", FLOATS)
@SETTINGS
@given(data=st.data())
def test_softmax_family_is_exact(dtype, data):
    z = data.draw(logit_rows(dtype))
    temperature = data.draw(temperatures)
    for name, ours, exact, scale in softmax_family(z, temperature):
        assert_exact(f"{name} T={temperature}", ours, exact, dtype, scale)


@pytest.mark.parametrize("dtype", FLOATS)
@SETTINGS
@given(data=st.data())
def test_categorical_losses_and_gradients_are_exact(dtype, data):
    problem = data.draw(categorical_problems(dtype))
    for name, ours, exact, scale in categorical_cases(*problem):
        assert_exact(name, ours, exact, dtype, scale, gamma=problem[4])


@pytest.mark.parametrize("dtype", FLOATS)
@SETTINGS
@given(data=st.data())
def test_binary_losses_and_gradients_are_exact(dtype, data):
    problem = data.draw(binary_problems(dtype))
    for name, ours, exact, scale in binary_cases(*problem):
        assert_exact(name, ours, exact, dtype, scale, gamma=problem[3])


@pytest.mark.parametrize("dtype", FLOATS)
@SETTINGS
@given(data=st.data())
def test_never_negative_and_one_class_costs_nothing(dtype, data):
    z = data.draw(logit_rows(dtype))
    y = targets(data.draw, z)
    loss = cc.categorical_cross_entropy(y, z, from_logits=True, reduction="none")
    assert (loss >= 0).all()
    focal = cc.categorical_focal_loss(y, z, from_logits=True, reduction="none")
    assert (focal >= 0).all()
    one = z[np.arange(len(y)), y][:, None]  # the true classes are finite
    assert (cc.categorical_cross_entropy(0 * y, one, from_logits=True, reduction="none") == 0).all()
    assert (cc.log_softmax(one) == 0).all() and (cc.softmax(one) == 1).all()
    assert (cc.cross_entropy_grad(0 * y, one, reduction="none") == 0).all()
    grad = cc.cross_entropy_grad(y, z, reduction="none").astype(np.float64)
    # Each row sums to 0 up to the roundings of its entries.
    np.testing.assert_array_less(
        np.abs(grad.sum(axis=-1)), 4 * z.shape[1] * np.spacing(dtype(1)) + 1e-300
    )


# The findings of issue 12: (name, call, exact value).
ISSUE_CASES = [
    (
        "ce near tie f32",
        lambda: cc.categorical_cross_entropy(0, np.float32([1e4, 9999]), from_logits=True),
        [np.float32, [mpmath.log1p(mpmath.exp(-1))]],
    ),
    (
        "log_softmax f32",
        lambda: cc.log_softmax(np.float32([-1e4, -9999, -9998]))[:1],
        [np.float32, [-2 - mpmath.log1p(mpmath.exp(-1) + mpmath.exp(-2))]],
    ),
    (
        "ce f64 [700, 690]",
        lambda: cc.categorical_cross_entropy(0, np.float64([700, 690]), from_logits=True),
        [np.float64, [mpmath.log1p(mpmath.exp(-10))]],
    ),
    (
        "ce f32 saturated",
        lambda: cc.categorical_cross_entropy(
            0, np.float32([3.8354204, -56.16458]), from_logits=True
        ),
        [
            np.float32,
            [
                mpmath.log1p(
                    mpmath.exp(
                        mpf(float(np.float32(-56.16458))) - mpf(float(np.float32(3.8354204)))
                    )
                )
            ],
        ],
    ),
    (
        "ce one class",
        lambda: cc.categorical_cross_entropy(0, np.float64([-0.5565]), from_logits=True),
        [np.float64, [mpf(0)]],
    ),
    (
        "ce one class f32",
        lambda: cc.categorical_cross_entropy(0, np.float32([-0.5565]), from_logits=True),
        [np.float32, [mpf(0)]],
    ),
    (
        "playground row",
        lambda: cc.categorical_cross_entropy(0, np.float64([9000, 8975, 8970]), from_logits=True),
        [np.float64, [mpmath.log1p(mpmath.exp(-25) + mpmath.exp(-30))]],
    ),
]


@pytest.mark.parametrize("name, call, expected", ISSUE_CASES, ids=[c[0] for c in ISSUE_CASES])
def test_issue_findings(name, call, expected):
    dtype, exact = expected
    assert_exact(name, np.atleast_1d(call()), exact, dtype)


def test_issue_gradient_rows_sum_to_zero():
    grad = cc.cross_entropy_grad(0, np.float32([1e4, 9999]))
    assert grad.sum() == 0
    assert_exact(
        "grad", grad, [-mp_miss(-mpmath.log1p(mpmath.exp(-1))), 1 / (1 + mpmath.exp(1))], np.float32
    )


# --- at least as close as PyTorch ---------------------------------------------------------------


def torch_values(name, z, extra):
    """PyTorch's value for a case, from the same inputs in the same dtype (None: no twin)."""
    import torch
    import torch.nn.functional as F

    zt = torch.from_numpy(np.ascontiguousarray(z))
    if name.startswith("log_softmax"):
        return F.log_softmax(zt / extra["T"] if extra["T"] != 1 else zt, dim=-1).numpy()
    if name.startswith("softmax"):
        return F.softmax(zt / extra["T"] if extra["T"] != 1 else zt, dim=-1).numpy()
    if name.startswith("logsumexp"):
        return torch.logsumexp(zt, dim=-1).numpy()
    return None


def torch_categorical(name, z, y, weight, smoothing, gamma, alpha):
    import torch
    import torch.nn.functional as F

    zt = torch.from_numpy(np.ascontiguousarray(z)).requires_grad_(True)
    yt = torch.from_numpy(y)
    wt = torch.from_numpy(weight.astype(z.dtype))
    at = torch.from_numpy(alpha.astype(z.dtype))
    if name == "ce none":
        return F.cross_entropy(zt, yt, reduction="none").detach().numpy()
    if name == "ce mean":
        return F.cross_entropy(zt, yt).detach().numpy()
    if name == "ce weight smoothing none":
        return (
            F.cross_entropy(zt, yt, weight=wt, label_smoothing=smoothing, reduction="none")
            .detach()
            .numpy()
        )
    if name == "ce weight smoothing mean":
        return F.cross_entropy(zt, yt, weight=wt, label_smoothing=smoothing).detach().numpy()
    if name == "ce grad":
        F.cross_entropy(zt, yt, reduction="sum").backward()
        return zt.grad.numpy()
    if name == "ce grad weight smoothing":
        F.cross_entropy(zt, yt, weight=wt, label_smoothing=smoothing, reduction="sum").backward()
        return zt.grad.numpy()
    lq = F.log_softmax(zt, dim=-1).gather(1, yt[:, None])[:, 0]
    focal = -at[yt] * (1 - lq.exp()) ** gamma * lq
    if name == "focal none":
        return focal.detach().numpy()
    if name == "focal grad":
        focal.sum().backward()
        return zt.grad.numpy()
    return None


def torch_binary(name, z, t, pos_weight, gamma, alpha):
    import torch
    import torch.nn.functional as F

    zt = torch.from_numpy(np.ascontiguousarray(z)).requires_grad_(True)
    tt = torch.from_numpy(t)
    pw = torch.from_numpy(pos_weight.astype(z.dtype))
    if name == "softplus":
        return F.softplus(zt).detach().numpy()
    if name == "log_sigmoid":
        return F.logsigmoid(zt).detach().numpy()
    if name == "sigmoid":
        return torch.sigmoid(zt).detach().numpy()
    if name == "bce logits none":
        return F.binary_cross_entropy_with_logits(zt, tt, reduction="none").detach().numpy()
    if name == "bce logits pos_weight":
        return (
            F.binary_cross_entropy_with_logits(zt, tt, pos_weight=pw, reduction="none")
            .detach()
            .numpy()
        )
    if name == "bce grad":
        F.binary_cross_entropy_with_logits(zt, tt, pos_weight=pw, reduction="sum").backward()
        return zt.grad.numpy()
    # torchvision.ops.sigmoid_focal_loss, written out.
    p = torch.sigmoid(zt)
    ce = F.binary_cross_entropy_with_logits(zt, tt, reduction="none")
    p_t = p * tt + (1 - p) * (1 - tt)
    loss = ce * (1 - p_t) ** gamma * (alpha * tt + (1 - alpha) * (1 - tt))
    if name == "sigmoid focal":
        return loss.detach().numpy()
    if name == "sigmoid focal grad":
        loss.sum().backward()
        return zt.grad.numpy()
    return None


def assert_not_worse_than_torch(name, ours, theirs, exact, dtype, scale, gamma=0.0):
    err_ours = ulps(ours, exact, dtype, scale)
    err_torch = ulps(theirs, exact, dtype, scale)
    worse = err_ours > np.maximum(err_torch, tolerance(name, dtype, gamma))
    assert not worse.any(), f"{name}: ours {err_ours[worse]} ulps, torch {err_torch[worse]}"


@pytest.mark.parametrize("dtype", FLOATS)
@SETTINGS
@given(data=st.data())
def test_at_least_as_close_as_torch(dtype, data):
    pytest.importorskip("torch", reason="torch is not installed: only the mpmath checks ran")
    import torch

    torch.set_num_threads(1)
    z = data.draw(logit_rows(dtype))
    temperature = data.draw(temperatures)
    for name, ours, exact, scale in softmax_family(z, temperature):
        theirs = torch_values(name, z, {"T": temperature})
        assert_not_worse_than_torch(name, ours, theirs, exact, dtype, scale)
    problem = data.draw(categorical_problems(dtype))
    for name, ours, exact, scale in categorical_cases(*problem):
        theirs = torch_categorical(name, *problem)
        if theirs is not None:
            assert_not_worse_than_torch(name, ours, theirs, exact, dtype, scale, problem[4])
    problem = data.draw(binary_problems(dtype))
    for name, ours, exact, scale in binary_cases(*problem):
        theirs = torch_binary(name, *problem)
        if theirs is not None:
            assert_not_worse_than_torch(name, ours, theirs, exact, dtype, scale, problem[3])
