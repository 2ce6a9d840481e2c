"""Binary cross-entropy and its gradient with respect to the logits, side by side, sharing the
element-wise terms (``_bce_from_logits``, also used by the sigmoid focal loss).

Element-wise on any shape; multi-label problems are (N, C) with one independent yes/no per class.
``"mean"`` averages over all elements, as PyTorch does. The gradient of sigmoid + binary
cross-entropy is ``∂ℓ/∂z = σ(z) − t`` (with ``pos_weight``: ``(1 − t)·σ(z) − pw·t·σ(−z)``), equal
to PyTorch autograd through ``binary_cross_entropy_with_logits``.

- PyTorch's logit version is exact; its probability-input ``binary_cross_entropy`` clamps each log
  at −100, so a confident miss costs at most 100 nats (from p = e^−100 ≈ 3.7e−44 on).
- Keras clips probabilities to [1e−7, 1 − 1e−7] (``eps=1e-7``); scikit-learn's ``log_loss`` to
  [eps, 1 − eps] with the dtype's machine epsilon.
- ce_core, with ``eps=None``, computes the exact value.
"""

from __future__ import annotations

import math

import numpy as np
from numpy.typing import ArrayLike

from ._numerics import WORK, neg_xlogy, reduce_loss, weigh
from ._validation import (
    FROM_LOGITS_HINT,
    Reduction,
    as_float_array,
    check_binary_targets,
    check_bool,
    check_elementwise_weight,
    check_eps,
    check_finite,
    check_no_eps_with_logits,
    check_probabilities,
    check_reduction,
    log_of_base,
)
from .activations import _sigmoid


def _bce_from_logits(target: np.ndarray, z: np.ndarray, *, pos_weight=None) -> np.ndarray:
    """``−[pw·t·log σ(z) + (1 − t)·log σ(−z)] = pw·t·softplus(−z) + (1 − t)·softplus(z)``.

    In float64, as a sum of non-negative terms, so it is accurate relative to itself (the
    equivalent ``(1 − t)·z + softplus(−z)`` loses everything to cancellation for ``t = 0`` and
    ``z ≪ 0``).
    """
    z = z.astype(WORK, copy=False)
    target = np.asarray(target, dtype=WORK)
    tail = np.log1p(np.exp(-np.abs(z)))  # softplus(±z) = max(±z, 0) + tail
    positive = weigh(np.maximum(-z, 0) + tail, target)
    if pos_weight is not None:  # after t·softplus, so that pw·t cannot round as a subnormal
        positive = weigh(positive, np.asarray(pos_weight, dtype=WORK))
    return positive + weigh(np.maximum(z, 0) + tail, 1 - target)


def _bce_from_probabilities(
    target: np.ndarray, p: np.ndarray, *, pos_weight=None, eps: float | None = None
) -> np.ndarray:
    """``−[pw·t·log p + (1 − t)·log(1 − p)]`` with ``0·log 0 = 0``."""
    if eps is not None:
        p = np.clip(p, eps, 1 - eps)
    with np.errstate(divide="ignore"):
        log_p, log_not_p = np.log(p), np.log1p(-p)
    positive = target if pos_weight is None else pos_weight * target
    return neg_xlogy(positive, log_p) + neg_xlogy(1 - target, log_not_p)


def _binary_logits_and_targets(y_true, logits) -> tuple[np.ndarray, np.ndarray]:
    """Finite logits of any shape and their targets in [0, 1]: what every binary gradient takes."""
    z = as_float_array(logits, "logits")
    check_finite(z, "logits", "logits")
    return z, check_binary_targets(y_true, z, pred_name="logits")


def binary_cross_entropy(
    y_true: ArrayLike,
    y_pred: ArrayLike,
    *,
    from_logits: bool = False,
    pos_weight: ArrayLike | None = None,
    weight: ArrayLike | None = None,
    eps: float | None = None,
    reduction: Reduction = "mean",
    base: float = math.e,
) -> np.floating | np.ndarray:
    """Binary cross-entropy, element-wise: ``ℓ = −w·[pw·t·log p + (1 − t)·log(1 − p)]``.

    Works on any shape; multi-label problems are (N, C) with one independent yes/no per class.
    ``"mean"`` averages over all elements, as PyTorch does.

    - ``from_logits=True``: ``p = σ(z)``, computed as ``pw·t·softplus(−z) + (1 − t)·softplus(z)``
      (never overflows; non-negative terms, so accurate relative to the loss; float32 in
      float64, rounded once). The same function as
      ``torch.nn.functional.binary_cross_entropy_with_logits(z, t, weight=weight,
      pos_weight=pos_weight, reduction=reduction)`` in float32 and float64, to rounding.
    - ``from_logits=False``: equals ``torch.nn.functional.binary_cross_entropy`` wherever no log
      reaches PyTorch's clamp at −100: ``p ≥ e^−100 ≈ 3.7e−44`` where ``t > 0`` and
      ``1 − p ≥ e^−100`` (``p < 1``) where ``t < 1``. Below that PyTorch stops at 100 nats per
      term and this function stays exact (``p = 1e−50, t = 1`` → 115.1; ``p = 0`` → ``inf`` unless
      ``eps`` is set); :func:`ce_core.curves.log_clamped_binary_cross_entropy` is PyTorch's
      clamped value for every p in [0, 1]. ``eps=1e-7`` is Keras's ``BinaryCrossentropy`` clip
      (Keras then averages over the last axis), computed in the same dtype: ``p = 0, t = 1`` →
      16.12; ``p = 1, t = 0`` → 16.12 in float64 but 15.94 in float32, Keras's default, where
      ``1 − 1e−7`` rounds to ``1 − 2^−23``. ``eps=np.finfo(y_pred.dtype).eps`` is
      ``sklearn.metrics.log_loss(y_true, y_pred)`` for 0/1 targets (mean over all elements).

    Parameters
    ----------
    y_true : array_like
        Targets in [0, 1] (0/1, or soft), same shape as ``y_pred``.
    y_pred : array_like
        Probabilities of class 1, or logits with ``from_logits=True``.
    from_logits : bool, default False
    pos_weight : float or array_like, optional
        Multiplies the positive term; broadcast over the last (class) axis, as in PyTorch.
    weight : array_like, optional
        Per-element weight, broadcast to ``y_pred``'s shape.
    eps : float in [0, 0.5), optional
        Clip probabilities to [eps, 1 − eps]. Probabilities only.
    reduction : {"mean", "sum", "none"}, default "mean"
    base : float, default math.e
        Log base of the result: ``math.e`` nats, ``2`` bits, ``10``.

    Returns
    -------
    float32 or float64 scalar, or ndarray of ``y_pred``'s shape for ``reduction="none"``.
    """
    reduction = check_reduction(reduction)
    ln_base = log_of_base(base)
    from_logits = check_bool(from_logits, "from_logits")
    scores = as_float_array(y_pred, "y_pred")
    target = check_binary_targets(y_true, scores)
    pos_weight = check_elementwise_weight(pos_weight, scores.shape, "pos_weight", scores.dtype)
    weight = check_elementwise_weight(weight, scores.shape, "weight", scores.dtype)
    if from_logits:
        check_no_eps_with_logits(eps)
        check_finite(scores, "y_pred", "logits")
        loss = _bce_from_logits(target, scores, pos_weight=pos_weight)
    else:
        eps = check_eps(eps)
        check_probabilities(scores, "y_pred", rows=False, hint=FROM_LOGITS_HINT)
        loss = _bce_from_probabilities(target, scores, pos_weight=pos_weight, eps=eps)
    if weight is not None:
        loss = weigh(loss, weight)
    return reduce_loss(loss, reduction, ln_base, dtype=scores.dtype)


def binary_cross_entropy_grad(
    y_true: ArrayLike,
    logits: ArrayLike,
    *,
    pos_weight: ArrayLike | None = None,
    reduction: Reduction = "mean",
) -> np.ndarray:
    """Gradient of ``binary_cross_entropy(..., from_logits=True)`` w.r.t. the logits.

    ``∂ℓ/∂z = (1 − t)·σ(z) − pw·t·σ(−z)``, which is ``σ(z) − t`` without ``pos_weight``
    (written with ``σ(−z) = 1 − σ(z)`` to avoid cancellation). ``"mean"`` divides by the number
    of elements. Equals PyTorch autograd through ``binary_cross_entropy_with_logits``.

    Parameters
    ----------
    y_true : array_like
        Targets in [0, 1], same shape as ``logits``.
    logits : array_like
        Any shape; multi-label problems are (N, C).
    pos_weight : float or array_like, optional
        Multiplies the positive term; broadcast over the last (class) axis.
    reduction : {"mean", "sum", "none"}, default "mean"

    Returns
    -------
    ndarray of ``logits``' shape.
    """
    reduction = check_reduction(reduction)
    z, target = _binary_logits_and_targets(y_true, logits)
    pos_weight = check_elementwise_weight(pos_weight, z.shape, "pos_weight", z.dtype)
    target = target.astype(WORK, copy=False)
    positive = target if pos_weight is None else pos_weight * target
    grad = weigh(_sigmoid(z), 1 - target) - weigh(_sigmoid(-z), positive)
    return (grad / z.size if reduction == "mean" else grad).astype(z.dtype)
