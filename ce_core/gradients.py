"""Gradients of the losses with respect to the logits (and, once, the probabilities).

These are the signals backpropagation sends into a network. They are the closed forms, equal to
what PyTorch's autograd returns for the same loss and the same ``reduction``:

- softmax + cross-entropy: ``∂ℓ/∂z = Σ_c a_c · q − a`` with ``a = w·t'``; for a one-hot target and
  no weights simply ``softmax(z) − y``, so every class gets a signal;
- sigmoid + binary cross-entropy: ``∂ℓ/∂z = σ(z) − t``.

They are computed from the same shifted softmax terms as the losses (``ce_core._numerics``), in
float64 and rounded once for float32 logits, so that each entry is accurate relative to itself
wherever it is not a difference of nearly equal terms (soft or smoothed targets).

``reduction="mean"`` divides by the same denominator as the loss; ``"sum"`` and ``"none"`` give
the per-example gradients (row i is ``∂ℓ_i/∂z_i``, which is also the gradient of the sum).
"""

from __future__ import annotations

import numpy as np

from ._numerics import WORK, softmax_terms, weigh
from ._validation import (
    FROM_LOGITS_HINT,
    as_float_array,
    check_binary_alpha,
    check_binary_targets,
    check_class_alpha,
    check_class_scores_shape,
    check_class_weight,
    check_elementwise_weight,
    check_finite,
    check_fraction,
    check_gamma,
    check_logit_rows,
    check_logit_scores,
    check_probabilities,
    check_reduction,
    class_targets,
)
from .activations import _sigmoid
from .losses import (
    _bce_from_logits,
    one_hot,
    smoothed_targets,
    true_class_weight_total,
)


def _class_logits_and_targets(y_true, logits):
    z = as_float_array(logits, "logits")
    check_class_scores_shape(z, "logits")
    check_logit_scores(z, "logits")
    indices, dist = class_targets(y_true, z, pred_name="logits")
    return z, indices, dist


def _reduce_rows(grad: np.ndarray, reduction: str, denominator=None) -> np.ndarray:
    """Scale per-example gradients for ``"mean"`` (by the loss's denominator, default the
    number of examples); ``"sum"`` and ``"none"`` leave them as they are."""
    if reduction != "mean":
        return grad
    if denominator is None:
        denominator = grad.size // grad.shape[-1]
    return grad / denominator


def cross_entropy_grad(y_true, logits, *, weight=None, label_smoothing=0.0, reduction="mean"):
    """Gradient of ``categorical_cross_entropy(..., from_logits=True)`` w.r.t. the logits.

    With ``a_ic = w_c · t'_ic`` (smoothed targets times class weights) the loss of a row is
    ``−Σ_c a_c log softmax(z)_c`` and its gradient is ``(Σ_c a_c) · softmax(z) − a``. For a
    one-hot target without weights or smoothing: ``softmax(z) − y``. Equals PyTorch autograd
    through ``torch.nn.functional.cross_entropy`` with the same arguments.

    Parameters
    ----------
    y_true : int or array_like
        Class indices (N,) or target distributions (N, C), as in the loss.
    logits : array_like, shape (N, C) or (C,)
    weight : array_like of shape (C,), optional
    label_smoothing : float in [0, 1], default 0
    reduction : {"mean", "sum", "none"}, default "mean"

    Returns
    -------
    ndarray of ``logits``' shape.
    """
    reduction = check_reduction(reduction)
    smoothing = check_fraction(label_smoothing, "label_smoothing", "0 is none; 0.1 is common")
    z, indices, dist = _class_logits_and_targets(y_true, logits)
    n_classes = z.shape[-1]
    weight = check_class_weight(weight, n_classes, z.dtype)
    terms = softmax_terms(z)
    check_logit_rows(terms.logsumexp()[..., 0], "y_pred")  # the message as before
    total = 1 + terms.rest
    q = terms.exp / total
    if dist is None and smoothing == 0:
        # softmax(z) − y, with the true class as −Σ_{k≠y} e_k / Σ_k e_k: no cancellation.
        y = indices[..., None]
        grad = q
        np.put_along_axis(grad, y, 0.0 - terms.others(y) / total, axis=-1)  # 0.0, not -0.0
        if weight is not None:
            grad = weigh(grad, weight[y])
    else:
        coef = smoothed_targets(indices, dist, n_classes, smoothing, WORK)
        if weight is not None:
            coef = coef * weight
        grad = coef.sum(axis=-1, keepdims=True) * q - coef
    denominator = None
    if reduction == "mean" and weight is not None and dist is None:
        denominator = true_class_weight_total(weight, indices)
    return _reduce_rows(grad, reduction, denominator).astype(z.dtype)


def binary_cross_entropy_grad(y_true, logits, *, pos_weight=None, reduction="mean"):
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
    z = as_float_array(logits, "logits")
    check_finite(z, "logits", "logits")
    target = check_binary_targets(y_true, z, pred_name="logits")
    pos_weight = check_elementwise_weight(pos_weight, z.shape, "pos_weight", z.dtype)
    target = target.astype(WORK, copy=False)
    positive = target if pos_weight is None else pos_weight * target
    grad = weigh(_sigmoid(z), 1 - target) - weigh(_sigmoid(-z), positive)
    return (grad / z.size if reduction == "mean" else grad).astype(z.dtype)


def focal_loss_grad(y_true, logits, *, gamma=2.0, alpha=None, reduction="mean"):
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
    z = as_float_array(logits, "logits")
    check_finite(z, "logits", "logits")
    target = check_binary_targets(y_true, z, pred_name="logits")
    target = target.astype(WORK, copy=False)
    p, not_p = _sigmoid(z), _sigmoid(-z)
    miss = target * not_p + (1 - target) * p
    # p(1 − p)/m lies in [0, 1]; where m = 0 it is multiplied by m^γ = 0 (or by γ = 0).
    ratio = np.divide(p * not_p, miss, out=np.zeros_like(miss), where=miss > 0)
    ce = _bce_from_logits(target, z, None)
    slope = (1 - target) * p - target * not_p
    grad = miss**gamma * (slope + gamma * ce * (1 - 2 * target) * ratio)
    if alpha is not None:
        grad = grad * (alpha * target + (1 - alpha) * (1 - target))
    return (grad / z.size if reduction == "mean" else grad).astype(z.dtype)


def categorical_focal_loss_grad(y_true, logits, *, gamma=2.0, alpha=None, reduction="mean"):
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


def probability_grad(y_true, y_pred):
    """Gradient of ``−Σ_c y_c log ŷ_c`` with respect to the probabilities: ``−y / ŷ``.

    Only classes with target mass get a gradient (0 where ``y = 0``); it is ``−inf`` where
    ``ŷ = 0 < y``, the division by zero that makes probability-space training fragile. Compare
    :func:`cross_entropy_grad`, the gradient with respect to the logits, which is bounded.

    Parameters
    ----------
    y_true : int or array_like
        Class indices (N,) or target distributions of ``y_pred``'s shape.
    y_pred : array_like, shape (N, C) or (C,)
        Probabilities (rows summing to 1).

    Returns
    -------
    ndarray of ``y_pred``'s shape (per example; no reduction).
    """
    p = as_float_array(y_pred, "y_pred")
    check_class_scores_shape(p, "y_pred")
    check_probabilities(p, "y_pred", rows=True, hint=FROM_LOGITS_HINT, source=y_pred)
    indices, dist = class_targets(y_true, p)
    target = one_hot(indices, p.shape[-1], p.dtype) if dist is None else dist
    with np.errstate(divide="ignore"):
        return np.divide(-target, p, out=np.zeros_like(p), where=target != 0)
