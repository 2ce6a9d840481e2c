"""Focal loss (Lin, Goyal, Girshick, He, Dollár, "Focal Loss for Dense Object Detection", 2017).

``FL(p_t) = −α_t · (1 − p_t)^γ · log p_t``, where ``p_t`` is the probability given to the true
outcome. The factor ``(1 − p_t)^γ`` shrinks the loss of examples that are already classified
well (γ = 2: 100× less at ``p_t = 0.9``), so that many easy negatives no longer drown the few
hard examples. γ = 0 and no α is plain cross-entropy.

Each loss sits beside its gradient with respect to the logits (:func:`focal_loss_grad`,
:func:`categorical_focal_loss_grad`), equal to PyTorch autograd through the same loss; they share
the binary and categorical terms of :mod:`ce_core.binary` and :mod:`ce_core.categorical`.

Libraries differ in where α goes:

- ``torchvision.ops.sigmoid_focal_loss`` (mirrored by :func:`focal_loss`) applies
  ``α_t = α·t + (1 − α)·(1 − t)`` by default (α = 0.25); its ``alpha=-1`` is our ``alpha=None``.
- Keras ``BinaryFocalCrossentropy`` applies α only with ``apply_class_balancing=True``, and takes
  the log of probabilities clipped to [1e−7, 1 − 1e−7]; for p inside that range it is
  :func:`focal_loss` averaged over the last axis.
- Keras ``CategoricalFocalCrossentropy`` (mirrored by :func:`categorical_focal_loss`) multiplies
  every class by α (a scalar or one value per class); there is no ``1 − α`` term.
"""

from __future__ import annotations

import math

import numpy as np
from numpy.typing import ArrayLike

from ._numerics import WORK, neg_xlogy, reduce_loss, softmax_terms, weigh
from ._validation import (
    FROM_LOGITS_HINT,
    Reduction,
    as_float_array,
    check_binary_alpha,
    check_binary_targets,
    check_bool,
    check_class_alpha,
    check_class_scores_shape,
    check_finite,
    check_gamma,
    check_logit_rows,
    check_probabilities,
    check_reduction,
    class_targets,
    log_of_base,
)
from .activations import _sigmoid
from .binary import _bce_from_logits, _bce_from_probabilities, _binary_logits_and_targets
from .categorical import (
    _class_logits_and_targets,
    _log_probabilities,
    _reduce_rows,
    _true_class_nll,
)


def focal_loss(
    y_true: ArrayLike,
    y_pred: ArrayLike,
    *,
    gamma: float = 2.0,
    alpha: float | None = None,
    from_logits: bool = False,
    reduction: Reduction = "mean",
    base: float = math.e,
) -> np.floating | np.ndarray:
    """Sigmoid (binary, element-wise) focal loss ``−α_t · (1 − p_t)^γ · log p_t``.

    Computed as torchvision does, which also covers soft targets ``t ∈ [0, 1]``:
    ``ce = binary_cross_entropy(t, p)``, ``1 − p_t = t·(1 − p) + (1 − t)·p``,
    ``loss = α_t · (1 − p_t)^γ · ce`` with ``α_t = α·t + (1 − α)·(1 − t)``.
    With ``from_logits=True`` it equals ``torchvision.ops.sigmoid_focal_loss(z, t, alpha=-1 if
    alpha is None else alpha, gamma=gamma, reduction=...)`` for 0/1 targets, up to torchvision's
    rounding: it forms ``1 − p_t`` as ``1 − σ(±z)``, which is off by up to half an ulp of 1 where
    ``p_t ≈ 1`` (and exactly 0 in float32 beyond |z| ≈ 17), where this uses ``σ(∓z)``.
    γ = 0 with ``alpha=None`` is :func:`binary_cross_entropy` exactly.

    Parameters
    ----------
    y_true : array_like
        Targets in [0, 1], same shape as ``y_pred``.
    y_pred : array_like
        Probabilities of class 1, or logits with ``from_logits=True``.
    gamma : float >= 0, default 2.0
        Focusing parameter.
    alpha : float in [0, 1], optional
        Weight of the positive class (the negatives get ``1 − alpha``); None: no α factor.
    from_logits : bool, default False
    reduction : {"mean", "sum", "none"}, default "mean"
        ``"mean"`` averages over all elements, as torchvision does.
    base : float, default math.e
        Log base of the result: ``math.e`` nats, ``2`` bits, ``10``.

    Returns
    -------
    float32 or float64 scalar, or ndarray of ``y_pred``'s shape for ``reduction="none"``.
    """
    reduction = check_reduction(reduction)
    ln_base = log_of_base(base)
    gamma = check_gamma(gamma)
    alpha = check_binary_alpha(alpha)
    from_logits = check_bool(from_logits, "from_logits")
    scores = as_float_array(y_pred, "y_pred")
    target = check_binary_targets(y_true, scores)
    if from_logits:
        check_finite(scores, "y_pred", "logits")
        # In float64 (rounded once, in reduce_loss). σ(−z) rather than 1 − σ(z): no
        # cancellation when σ(z) is close to 1.
        target = target.astype(WORK, copy=False)
        ce = _bce_from_logits(target, scores)
        p, not_p = _sigmoid(scores), _sigmoid(-scores)
    else:
        check_probabilities(scores, "y_pred", rows=False, hint=FROM_LOGITS_HINT)
        ce = _bce_from_probabilities(target, scores)
        p, not_p = scores, 1 - scores
    factor = (target * not_p + (1 - target) * p) ** gamma
    if alpha is not None:
        factor = factor * (alpha * target + (1 - alpha) * (1 - target))
    return reduce_loss(weigh(ce, factor), reduction, ln_base, dtype=scores.dtype)


def categorical_focal_loss(
    y_true: ArrayLike,
    y_pred: ArrayLike,
    *,
    gamma: float = 2.0,
    alpha: float | ArrayLike | None = None,
    from_logits: bool = False,
    reduction: Reduction = "mean",
    base: float = math.e,
) -> np.floating | np.ndarray:
    """Softmax focal loss ``ℓ_i = −Σ_c α_c · t_ic · (1 − q_ic)^γ · log q_ic``.

    With one true class ``y`` this is ``−α_y · (1 − q_y)^γ · log q_y``. It mirrors Keras
    ``CategoricalFocalCrossentropy`` without its clipping: equal, in the same dtype, for rows that
    sum to 1 with every entry in [1e−7, 1 − 1e−7] (Keras divides rows by their sums and clips
    to that range before both the log and ``1 − q``). α multiplies every class; Keras's default
    is α = 0.25, ours is None, which is Keras's ``alpha=1``. γ = 0 with ``alpha=None`` is
    :func:`categorical_cross_entropy` exactly.

    Parameters
    ----------
    y_true : int or array_like
        Class indices of shape (N,) (an int for one example), or target distributions of the
        same shape as ``y_pred``.
    y_pred : array_like, shape (N, C) or (C,)
        Probabilities, or logits with ``from_logits=True``.
    gamma : float >= 0, default 2.0
        Focusing parameter.
    alpha : float in [0, 1] or array_like of shape (C,), optional
        Weight of every class, or one per class; None: no α factor.
    from_logits : bool, default False
    reduction : {"mean", "sum", "none"}, default "mean"
        ``"mean"`` averages over the N examples.
    base : float, default math.e
        Log base of the result: ``math.e`` nats, ``2`` bits, ``10``.

    Returns
    -------
    float32 or float64 scalar, or ndarray of shape (N,) for ``reduction="none"``.
    """
    reduction = check_reduction(reduction)
    ln_base = log_of_base(base)
    gamma = check_gamma(gamma)
    from_logits = check_bool(from_logits, "from_logits")
    scores = as_float_array(y_pred, "y_pred")
    check_class_scores_shape(scores, "y_pred")
    if not from_logits:
        check_probabilities(scores, "y_pred", rows=True, hint=FROM_LOGITS_HINT, source=y_pred)
    indices, dist = class_targets(y_true, scores)
    alpha = check_class_alpha(alpha, scores.shape[-1], scores.dtype)

    if dist is None:
        nll = _true_class_nll(indices, scores, from_logits=from_logits, eps=None)
        # 1 − q_y = 1 − exp(−nll), accurate even when q_y is close to 1.
        loss = weigh(nll, (-np.expm1(-nll)) ** gamma)
        if alpha is not None:  # last, so that a tiny α cannot round the factor as a subnormal
            loss = weigh(loss, alpha[indices] if np.ndim(alpha) else alpha)
    else:
        log_q = _log_probabilities(scores, from_logits=from_logits, eps=None)
        if from_logits:
            dist = dist.astype(log_q.dtype)
        terms = neg_xlogy(dist * (-np.expm1(log_q)) ** gamma, log_q)
        if alpha is not None:
            terms = weigh(terms, alpha)
        loss = terms.sum(axis=-1)
    # From logits the loss is in float64: round it once, here.
    return reduce_loss(loss, reduction, ln_base, dtype=scores.dtype)


def focal_loss_grad(
    y_true: ArrayLike,
    logits: ArrayLike,
    *,
    gamma: float = 2.0,
    alpha: float | None = None,
    reduction: Reduction = "mean",
) -> np.ndarray:
    """Gradient of ``focal_loss(..., from_logits=True)`` w.r.t. the logits.

    With ``p = σ(z)``, ``m = 1 − p_t = t·σ(−z) + (1 − t)·σ(z)`` and ``ce`` the binary
    cross-entropy, the loss is ``α_t · m^γ · ce`` and

    ``∂ℓ/∂z = α_t · m^γ · [(p − t) + γ · ce · (1 − 2t) · p(1 − p)/m]``.

    For a hard target this is the paper's ``α_t·s·(1 − p_t)^γ·(γ·p_t·log p_t + p_t − 1)`` with
    ``s = ±1``, and γ = 0 gives ``σ(z) − t``. Equals PyTorch autograd through
    ``torchvision.ops.sigmoid_focal_loss``.

    Parameters
    ----------
    y_true : array_like
        Targets in [0, 1], same shape as ``logits``.
    logits : array_like
    gamma : float >= 0, default 2.0
    alpha : float in [0, 1], optional
        Weight of the positives (negatives get ``1 − alpha``); None: no α factor.
    reduction : {"mean", "sum", "none"}, default "mean"

    Returns
    -------
    ndarray of ``logits``' shape.
    """
    reduction = check_reduction(reduction)
    gamma = check_gamma(gamma)
    alpha = check_binary_alpha(alpha)
    z, target = _binary_logits_and_targets(y_true, logits)
    target = target.astype(WORK, copy=False)
    p, not_p = _sigmoid(z), _sigmoid(-z)
    miss = target * not_p + (1 - target) * p
    # p(1 − p)/m lies in [0, 1]; where m = 0 it is multiplied by m^γ = 0 (or by γ = 0).
    ratio = np.divide(p * not_p, miss, out=np.zeros_like(miss), where=miss > 0)
    ce = _bce_from_logits(target, z)
    slope = (1 - target) * p - target * not_p
    grad = miss**gamma * (slope + gamma * ce * (1 - 2 * target) * ratio)
    if alpha is not None:
        grad = grad * (alpha * target + (1 - alpha) * (1 - target))
    return (grad / z.size if reduction == "mean" else grad).astype(z.dtype)


def categorical_focal_loss_grad(
    y_true: ArrayLike,
    logits: ArrayLike,
    *,
    gamma: float = 2.0,
    alpha: float | ArrayLike | None = None,
    reduction: Reduction = "mean",
) -> np.ndarray:
    """Gradient of ``categorical_focal_loss(..., from_logits=True)`` w.r.t. the logits.

    The loss of a row is ``Σ_c a_c · f(q_c)`` with ``a = α·t``, ``q = softmax(z)`` and
    ``f(q) = −(1 − q)^γ log q``. With ``h_c = a_c · q_c · f'(q_c)
    = a_c · (1 − q_c)^γ · (γ · q_c log q_c / (1 − q_c) − 1)`` the gradient is
    ``h − q · Σ_c h_c``; for one true class ``y`` this is the familiar
    ``[γ(1 − q_y)^(γ−1) q_y log q_y − (1 − q_y)^γ] · (δ_ky − q_k)``, computed as such (with
    ``1 − q_y = Σ_{k≠y} e_k / Σ_k e_k``, no cancellation), and γ = 0 gives ``softmax(z) − y``.
    Equals PyTorch autograd through ``−α (1 − q_y)^γ log q_y``.

    Parameters
    ----------
    y_true : int or array_like
        Class indices (N,) or target distributions (N, C), as in the loss.
    logits : array_like, shape (N, C) or (C,)
    gamma : float >= 0, default 2.0
    alpha : float in [0, 1] or array_like of shape (C,), optional
    reduction : {"mean", "sum", "none"}, default "mean"
        ``"mean"`` divides by N.

    Returns
    -------
    ndarray of ``logits``' shape.
    """
    reduction = check_reduction(reduction)
    gamma = check_gamma(gamma)
    z, indices, dist = _class_logits_and_targets(y_true, logits)
    alpha = check_class_alpha(alpha, z.shape[-1], z.dtype)
    terms = softmax_terms(z)
    check_logit_rows(terms.logsumexp()[..., 0], "y_pred")  # the message as before
    total = 1 + terms.rest
    q, log_q = terms.exp / total, terms.log_softmax()
    if dist is None:
        # One true class y: ∂ℓ/∂z_k = h_y·(δ_ky − q_k), with 1 − q_y = Σ_{k≠y} e_k / Σ_k e_k.
        y = indices[..., None]
        a = 1.0 if alpha is None else (alpha[y] if np.ndim(alpha) else alpha)
        miss_y = terms.others(y) / total
        q_y, log_q_y = np.take_along_axis(q, y, -1), np.take_along_axis(log_q, y, -1)
        h_y = a * _focal_slope(q_y, log_q_y, miss_y, gamma)
        grad = -h_y * q
        np.put_along_axis(grad, y, h_y * miss_y + 0.0, axis=-1)  # 0.0, not -0.0
    else:
        a = dist.astype(WORK) if alpha is None else dist.astype(WORK) * alpha
        h = a * _focal_slope(q, log_q, -np.expm1(log_q), gamma)
        grad = h - q * h.sum(axis=-1, keepdims=True)
    return _reduce_rows(grad, reduction).astype(z.dtype)


def _focal_slope(q, log_q, miss, gamma):
    """``q·f'(q) = (1 − q)^γ · (γ · q log q / (1 − q) − 1)`` for ``f(q) = −(1 − q)^γ log q``."""
    q_log_q = np.multiply(q, log_q, out=np.zeros_like(q), where=q > 0)
    # q log q / (1 − q) tends to −1 as q → 1.
    ratio = np.divide(q_log_q, miss, out=np.full_like(q, -1.0), where=miss > 0)
    return miss**gamma * (gamma * ratio - 1)


def focal_gradient_factor(p_t, gamma: float = 2.0, alpha: float | None = None) -> np.ndarray:
    """How many times cross-entropy's gradient focal loss's gradient is, for a positive example.

    With logit ``z`` and ``p_t = σ(z)``, cross-entropy's gradient is ``∂CE/∂z = p_t − 1`` and
    focal loss's ``∂FL/∂z = α (1 − p_t)^γ (γ p_t log p_t + p_t − 1)``, so their ratio is

        ``α (1 − p_t)^γ · (1 + γ · p_t · (−ln p_t) / (1 − p_t))``.

    It is not the loss's factor ``(1 − p_t)^γ``: towards ``p_t → 1`` it tends to
    ``α (1 + γ)(1 − p_t)^γ`` (γ = 2, ``p_t = 0.9``: 0.02897, a gradient 34.52× weaker, although
    the loss is 100× smaller), and towards ``p_t → 0`` to ``α``. It does not depend on the
    logarithm base of the loss.

    Parameters
    ----------
    p_t : array_like
        Probabilities of the true outcome, in [0, 1] (the ends as limits).
    gamma : float
        Focusing parameter >= 0.
    alpha : float or None
        Weight α of positives in [0, 1], or None for none (α = 1).

    Returns
    -------
    ndarray of float64, the shape of ``p_t``.
    """
    from ._validation import InputError  # here, so the imports above stay as they are

    gamma = check_gamma(gamma)
    alpha = check_binary_alpha(alpha)
    weight = 1.0 if alpha is None else alpha
    p = as_float_array(p_t, "p_t", dtype=np.float64)
    if np.any(~np.isfinite(p) | (p < 0) | (p > 1)):
        raise InputError("p_t must hold probabilities in [0, 1]")
    with np.errstate(divide="ignore", invalid="ignore"):
        lift = np.where(
            p == 1,
            1.0 + gamma,
            1.0 + gamma * neg_xlogy(p, np.log(np.where(p > 0, p, 1.0))) / (1.0 - p),
        )
    return weight * np.power(1.0 - p, gamma) * lift


def focal_gradient_stronger(
    gamma: float = 2.0, alpha: float | None = None
) -> tuple[tuple[float, float], ...]:
    """Where focal loss pushes a positive example's logit harder than cross-entropy does.

    The set of ``p_t`` in (0, 1) where :func:`focal_gradient_factor` exceeds 1, as intervals
    ``(low, high)``; ``low = 0.0`` means the interval reaches down to ``p_t → 0``. Each end is a
    root of ``ln factor = 0``, found by bisection in the logit of ``p_t`` to the last bit, after a
    scan of 4000 logits from −745 to 40 (``p_t`` from 5e−324 to 1 − 4e−18).

    - γ = 0: the factor is α everywhere, never above 1: no interval.
    - α = 1 (or None) and γ > 0: the factor starts at 1 as ``p_t → 0`` and rises first, so the
      set is one interval from 0 (γ = 1: up to 1/e; γ = 2: up to 0.2976).
    - α < 1: the factor starts at α; if it climbs above 1 it does so between two ends
      (γ = 3, α = 0.9: from 0.01074 to 0.2081), otherwise there is no interval (γ = 2,
      α = 0.25).

    Returns
    -------
    tuple of (float, float)
        Disjoint intervals in increasing order; empty when focal loss never pushes harder.
    """
    gamma = check_gamma(gamma)
    alpha = check_binary_alpha(alpha)
    weight = 1.0 if alpha is None else alpha
    if gamma == 0 or weight == 0:
        return ()

    def excess(logit: np.ndarray) -> np.ndarray:
        # ln(factor) at p_t = σ(logit): positive where focal loss pushes harder.
        logit = np.asarray(logit, dtype=np.float64)
        p = np.exp(-np.logaddexp(0.0, -logit))  # σ(logit)
        one_minus = np.exp(-np.logaddexp(0.0, logit))  # 1 − σ(logit), accurate near p = 1
        minus_log_p = np.logaddexp(0.0, -logit)  # −ln σ(logit)
        return (
            math.log(weight)
            - gamma * np.logaddexp(0.0, logit)
            + np.log1p(gamma * p * minus_log_p / one_minus)
        )

    grid = np.linspace(-745.0, 40.0, 4000)
    values = excess(grid)
    above = values > 0
    if weight == 1.0:
        # ln factor ≈ γ p_t (−ln p_t − 1) > 0 as p_t → 0, also where it underflows to 0.
        above |= (values == 0) & (grid < 0)
    if not above.any():
        return ()
    changes = np.flatnonzero(above[1:] != above[:-1])

    def root(index: int) -> float:
        low, high = grid[index], grid[index + 1]
        low_above = above[index]
        while True:
            middle = 0.5 * (low + high)
            if middle in (low, high):
                break
            if (excess(np.array(middle)) > 0) == low_above:
                low = middle
            else:
                high = middle
        return float(np.exp(-np.logaddexp(0.0, -0.5 * (low + high))))

    ends = [root(index) for index in changes]
    if above[0]:
        ends.insert(0, 0.0)
    if above[-1]:
        ends.append(1.0)
    return tuple((ends[i], ends[i + 1]) for i in range(0, len(ends), 2))
