"""Focal loss (Lin, Goyal, Girshick, He, Dollár, "Focal Loss for Dense Object Detection", 2017).

``FL(p_t) = −α_t · (1 − p_t)^γ · log p_t``, where ``p_t`` is the probability given to the true
outcome. The factor ``(1 − p_t)^γ`` shrinks the loss of examples that are already classified
well (γ = 2: 100× less at ``p_t = 0.9``), so that many easy negatives no longer drown the few
hard examples. γ = 0 and no α is plain cross-entropy.

Libraries differ in where α goes:

- ``torchvision.ops.sigmoid_focal_loss`` (mirrored by :func:`focal_loss`) applies
  ``α_t = α·t + (1 − α)·(1 − t)`` by default (α = 0.25); its ``alpha=-1`` is our ``alpha=None``.
- Keras ``BinaryFocalCrossentropy`` applies α only with ``apply_class_balancing=True``, and works
  on clipped probabilities.
- Keras ``CategoricalFocalCrossentropy`` (mirrored by :func:`categorical_focal_loss`) multiplies
  every class by α (a scalar or one value per class); there is no ``1 − α`` term.
"""

from __future__ import annotations

import math

import numpy as np

from ._numerics import neg_xlogy, reduce_loss, weigh
from ._validation import (
    FROM_LOGITS_HINT,
    as_float_array,
    check_binary_alpha,
    check_binary_targets,
    check_bool,
    check_class_alpha,
    check_class_scores_shape,
    check_finite,
    check_gamma,
    check_probabilities,
    check_reduction,
    class_targets,
    log_of_base,
)
from .activations import _sigmoid
from .losses import _bce_from_logits, _bce_from_probabilities, _log_probabilities, _true_class_nll


def focal_loss(
    y_true,
    y_pred,
    *,
    gamma=2.0,
    alpha=None,
    from_logits=False,
    reduction="mean",
    base=math.e,
):
    """Sigmoid (binary, element-wise) focal loss ``−α_t · (1 − p_t)^γ · log p_t``.

    Computed as torchvision does, which also covers soft targets ``t ∈ [0, 1]``:
    ``ce = binary_cross_entropy(t, p)``, ``1 − p_t = t·(1 − p) + (1 − t)·p``,
    ``loss = α_t · (1 − p_t)^γ · ce`` with ``α_t = α·t + (1 − α)·(1 − t)``.
    With ``from_logits=True`` it equals
    ``torchvision.ops.sigmoid_focal_loss(z, t, alpha=alpha or -1, gamma=gamma, reduction=...)``.
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
        ce = _bce_from_logits(target, scores, None)
        # σ(−z) rather than 1 − σ(z): no cancellation when σ(z) is close to 1.
        p, not_p = _sigmoid(scores), _sigmoid(-scores)
    else:
        check_probabilities(scores, "y_pred", rows=False, hint=FROM_LOGITS_HINT)
        ce = _bce_from_probabilities(target, scores, None, None)
        p, not_p = scores, 1 - scores
    factor = (target * not_p + (1 - target) * p) ** gamma
    if alpha is not None:
        factor = factor * (alpha * target + (1 - alpha) * (1 - target))
    return reduce_loss(weigh(ce, factor), reduction, ln_base)


def categorical_focal_loss(
    y_true,
    y_pred,
    *,
    gamma=2.0,
    alpha=None,
    from_logits=False,
    reduction="mean",
    base=math.e,
):
    """Softmax focal loss ``ℓ_i = −Σ_c α_c · t_ic · (1 − q_ic)^γ · log q_ic``.

    With one true class ``y`` this is ``−α_y · (1 − q_y)^γ · log q_y``. It mirrors Keras
    ``CategoricalFocalCrossentropy`` without its clipping (α multiplies every class; Keras's
    default is α = 0.25, ours is None, no α factor). γ = 0 with ``alpha=None`` is
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
        nll = _true_class_nll(indices, scores, from_logits, None)
        # 1 − q_y = 1 − exp(−nll), accurate even when q_y is close to 1.
        factor = (-np.expm1(-nll)) ** gamma
        if alpha is not None:
            factor = factor * (alpha[indices] if np.ndim(alpha) else alpha)
        loss = weigh(nll, factor)
    else:
        log_q = _log_probabilities(scores, from_logits, None)
        coef = dist * (-np.expm1(log_q)) ** gamma
        if alpha is not None:
            coef = coef * alpha
        loss = neg_xlogy(coef, log_q).sum(axis=-1)
    return reduce_loss(loss, reduction, ln_base)
