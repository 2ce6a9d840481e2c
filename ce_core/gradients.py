"""Gradients of the losses with respect to the logits (and, once, the probabilities).

These are the signals backpropagation sends into a network. They are the closed forms, equal to
what PyTorch's autograd returns for the same loss and the same ``reduction``:

- softmax + cross-entropy: ``∂ℓ/∂z = Σ_c a_c · q − a`` with ``a = w·t'``; for a one-hot target and
  no weights simply ``softmax(z) − y``, so every class gets a signal;
- sigmoid + binary cross-entropy: ``∂ℓ/∂z = σ(z) − t``.

``reduction="mean"`` divides by the same denominator as the loss; ``"sum"`` and ``"none"`` give
the per-example gradients (row i is ``∂ℓ_i/∂z_i``, which is also the gradient of the sum).
"""

from __future__ import annotations

import numpy as np

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
    check_logit_scores,
    check_probabilities,
    check_reduction,
    class_targets,
)
from .activations import _sigmoid
from .losses import (
    _bce_from_logits,
    _log_probabilities,
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
    q = np.exp(_log_probabilities(z, True, None))
    coef = smoothed_targets(indices, dist, n_classes, smoothing, z.dtype)
    if weight is not None:
        coef = coef * weight
    grad = coef.sum(axis=-1, keepdims=True) * q - coef
    denominator = None
    if reduction == "mean" and weight is not None and dist is None:
        denominator = true_class_weight_total(weight, indices)
    return _reduce_rows(grad, reduction, denominator)


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
    positive = target if pos_weight is None else pos_weight * target
    grad = (1 - target) * _sigmoid(z) - positive * _sigmoid(-z)
    return grad / z.size if reduction == "mean" else grad


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
    p, not_p = _sigmoid(z), _sigmoid(-z)
    miss = target * not_p + (1 - target) * p
    # p(1 − p)/m lies in [0, 1]; where m = 0 it is multiplied by m^γ = 0 (or by γ = 0).
    ratio = np.divide(p * not_p, miss, out=np.zeros_like(miss), where=miss > 0)
    ce = _bce_from_logits(target, z, None)
    slope = (1 - target) * p - target * not_p
    grad = miss**gamma * (slope + gamma * ce * (1 - 2 * target) * ratio)
    if alpha is not None:
        grad = grad * (alpha * target + (1 - alpha) * (1 - target))
    return grad / z.size if reduction == "mean" else grad


def categorical_focal_loss_grad(y_true, logits, *, gamma=2.0, alpha=None, reduction="mean"):
    """Gradient of ``categorical_focal_loss(..., from_logits=True)`` w.r.t. the logits.

    The loss of a row is ``Σ_c a_c · f(q_c)`` with ``a = α·t``, ``q = softmax(z)`` and
    ``f(q) = −(1 − q)^γ log q``. With ``h_c = a_c · q_c · f'(q_c)
    = a_c · (1 − q_c)^γ · (γ · q_c log q_c / (1 − q_c) − 1)`` the gradient is
    ``h − q · Σ_c h_c``; for one true class ``y`` this is the familiar
    ``[γ(1 − q_y)^(γ−1) q_y log q_y − (1 − q_y)^γ] · (δ_ky − q_k)``, and γ = 0 gives
    ``softmax(z) − y``. Equals PyTorch autograd through ``−α (1 − q_y)^γ log q_y``.

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
    log_q = _log_probabilities(z, True, None)
    q = np.exp(log_q)
    miss = -np.expm1(log_q)
    a = one_hot(indices, z.shape[-1], z.dtype) if dist is None else dist
    if alpha is not None:
        a = a * alpha
    q_log_q = np.multiply(q, log_q, out=np.zeros_like(q), where=q > 0)
    # q log q / (1 − q) tends to −1 as q → 1.
    ratio = np.divide(q_log_q, miss, out=np.full_like(q, -1.0), where=miss > 0)
    h = a * miss**gamma * (gamma * ratio - 1)
    grad = h - q * h.sum(axis=-1, keepdims=True)
    return _reduce_rows(grad, reduction)


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
