"""Cross-entropy losses: categorical (one true class, or a target distribution) and binary.

Every loss is computed per example (or per element) in nats, then reduced ("mean", "sum" or
"none") and divided by ``ln(base)`` (``base=2`` gives bits).

Which library each one mirrors, and how they differ at the edges:

- PyTorch works from logits with log-sum-exp (exact, no clipping); its probability-input
  ``binary_cross_entropy`` clamps each log at −100, so a confident miss costs at most 100 nats.
- Keras clips probabilities to [1e−7, 1 − 1e−7] (and renormalises categorical rows), so a
  confident miss costs at most −ln 1e−7 ≈ 16.12 nats.
- scikit-learn's ``log_loss`` clips to [eps, 1 − eps] with the dtype's machine epsilon
  (≈ 2.2e−16 in float64, at most ≈ 36.04 nats) and does not renormalise.
- ce_core, with ``eps=None``, computes the exact value: a zero probability on a true class costs
  ``inf``. Pass ``eps`` to reproduce a library's clipping.
"""

from __future__ import annotations

import math

import numpy as np

from ._numerics import neg_xlogy, reduce_loss, weigh
from ._validation import (
    FROM_LOGITS_HINT,
    InputError,
    as_float_array,
    check_binary_targets,
    check_bool,
    check_class_scores_shape,
    check_class_weight,
    check_elementwise_weight,
    check_eps,
    check_finite,
    check_fraction,
    check_logit_rows,
    check_no_eps_with_logits,
    check_probabilities,
    check_reduction,
    class_targets,
    log_of_base,
)
from .activations import _logsumexp, _softplus

# Rows are processed in blocks of about this many elements, so that the scratch buffer stays in
# the CPU's L2 cache (256 KiB in float32, 512 KiB in float64) and is never reallocated.
_BLOCK_ELEMENTS = 1 << 16


def _row_logsumexp(z: np.ndarray) -> np.ndarray:
    """``log Σ_c exp(z[i, c])`` for every row of a 2-D array: the fast path of the losses.

    Unlike :func:`ce_core.logsumexp` this does not subtract the row maximum first: for ordinary
    logits ``Σ exp(z)`` neither overflows nor underflows, and skipping the shift saves two passes
    over the data. Rows where it does over- or underflow (a sum of ``inf``, or so small that
    flushed terms could matter) are recomputed with the shift, so the result is the same.
    """
    n_rows, n_classes = z.shape
    rows_per_block = max(1, _BLOCK_ELEMENTS // n_classes)
    scratch = np.empty((min(rows_per_block, n_rows), n_classes), dtype=z.dtype)
    sums = np.empty(n_rows, dtype=z.dtype)
    with np.errstate(over="ignore", under="ignore"):
        for start in range(0, n_rows, rows_per_block):
            block = z[start : start + rows_per_block]
            part = scratch[: len(block)]
            np.exp(block, out=part)
            np.einsum("ij->i", part, out=sums[start : start + len(block)])
    info = np.finfo(z.dtype)
    # Terms that underflowed are each below `tiny`; above this bound they change the sum by less
    # than one rounding error. nan fails both comparisons.
    ok = (sums >= n_classes * info.tiny / info.eps) & (sums <= info.max)
    lse = np.log(sums, out=sums, where=ok)
    if not ok.all():
        lse[~ok] = _logsumexp(z[~ok], axis=-1)[:, 0]
    return lse


def _true_class_nll(indices: np.ndarray, scores: np.ndarray, from_logits: bool, eps) -> np.ndarray:
    """``−log q[i, y_i]`` for index targets, without forming the whole ``log q`` matrix.

    From logits ``−log softmax(z)[y] = logsumexp(z) − z[y]``; from probabilities it is
    ``−log p[y]`` (clipped to [eps, 1 − eps] first when ``eps`` is given).
    """
    n_classes = scores.shape[-1]
    rows = np.ascontiguousarray(scores.reshape(-1, n_classes))
    # Entry (i, y_i) of the row-major matrix sits at flat position i·C + y_i.
    picked = np.take(rows, np.arange(0, rows.size, n_classes) + indices.reshape(-1))
    if from_logits:
        lse = _row_logsumexp(rows)
        check_logit_rows(lse.reshape(indices.shape), "y_pred")
        nll = lse - picked
    else:
        if eps is not None:
            picked = np.clip(picked, eps, 1 - eps)
        with np.errstate(divide="ignore"):
            nll = -np.log(picked)
    return nll.reshape(indices.shape)


def _log_probabilities(scores: np.ndarray, from_logits: bool, eps) -> np.ndarray:
    """``log q`` for every class: ``log_softmax(z)`` from logits, else ``log p`` (clipped)."""
    if from_logits:
        lse = _logsumexp(scores, axis=-1)
        check_logit_rows(lse[..., 0], "y_pred")
        return scores - lse
    if eps is not None:
        scores = np.clip(scores, eps, 1 - eps)
    with np.errstate(divide="ignore"):
        return np.log(scores)


def one_hot(indices: np.ndarray, n_classes: int, dtype) -> np.ndarray:
    """Class indices of shape S as one-hot rows of shape S + (n_classes,)."""
    target = np.zeros(indices.shape + (n_classes,), dtype=dtype)
    np.put_along_axis(target, indices[..., None], 1, axis=-1)
    return target


def smoothed_targets(indices, dist, n_classes: int, smoothing: float, dtype) -> np.ndarray:
    """Target distributions ``t' = (1 − ε)·t + ε/C``, with ``t`` one-hot for index targets."""
    target = one_hot(indices, n_classes, dtype) if dist is None else dist
    if smoothing == 0:
        return target
    return (1 - smoothing) * target + smoothing / n_classes


def true_class_weight_total(weight: np.ndarray, indices: np.ndarray):
    """``Σ_i weight[y_i]``: PyTorch's denominator for the weighted "mean" with index targets."""
    total = weight[indices].sum()
    if total == 0:
        raise InputError(
            "weight is 0 for every true class, so the weighted mean is undefined "
            "(give a true class a positive weight, or use reduction='sum')"
        )
    return total


def categorical_cross_entropy(
    y_true,
    y_pred,
    *,
    from_logits=False,
    weight=None,
    label_smoothing=0.0,
    eps=None,
    reduction="mean",
    base=math.e,
):
    """Categorical cross-entropy ``ℓ_i = −Σ_c w_c · t_ic · log q_ic``.

    With one true class ``y`` (one-hot ``t``) and no weights this is ``−log q_y``: only the
    probability given to the true class counts.

    - ``from_logits=True``: ``q = softmax(z)``, computed as ``log q_y = z_y − logsumexp(z)``.
      Exactly ``torch.nn.functional.cross_entropy(z, y_true, weight=weight,
      label_smoothing=label_smoothing, reduction=reduction)``, including its rules:
      label smoothing uses ``t' = (1 − ε)·t + ε/C``, and the weighted ``"mean"`` divides by
      ``Σ_i weight[y_i]`` for index targets but by N for distribution targets.
    - ``from_logits=False``: ``y_pred`` are probabilities (rows summing to 1). With ``eps=None``
      the value is exact (``0·log 0 = 0``; zero probability on a true class gives ``inf``).
      A float ``eps`` clips to [eps, 1 − eps] first; ``eps=np.finfo(float).eps`` without weights
      is ``sklearn.metrics.log_loss(y_true, y_pred, labels=range(C))``, ``eps=1e-7`` is Keras's
      clip (Keras also renormalises rows, which valid rows do not need).

    Parameters
    ----------
    y_true : int or array_like
        Class indices of shape (N,) (an int for one example), or target distributions of the
        same shape as ``y_pred`` (one-hot or soft).
    y_pred : array_like, shape (N, C) or (C,)
        Probabilities, or logits with ``from_logits=True``.
    from_logits : bool, default False
    weight : array_like of shape (C,), optional
        A non-negative weight per class (for class imbalance).
    label_smoothing : float in [0, 1], default 0
    eps : float in [0, 0.5), optional
        Clip probabilities to [eps, 1 − eps]. Probabilities only.
    reduction : {"mean", "sum", "none"}, default "mean"
    base : float, default math.e
        Log base of the result: ``math.e`` nats, ``2`` bits, ``10``.

    Returns
    -------
    float32 or float64 scalar, or ndarray of shape (N,) for ``reduction="none"``.

    Examples
    --------
    >>> float(categorical_cross_entropy(0, [0.7, 0.2, 0.1]))  # −ln 0.7
    0.35667494393873245
    """
    reduction = check_reduction(reduction)
    ln_base = log_of_base(base)
    smoothing = check_fraction(label_smoothing, "label_smoothing", "0 is none; 0.1 is common")
    from_logits = check_bool(from_logits, "from_logits")
    scores = as_float_array(y_pred, "y_pred")
    check_class_scores_shape(scores, "y_pred")
    if from_logits:
        check_no_eps_with_logits(eps)
    else:
        eps = check_eps(eps)
        check_probabilities(scores, "y_pred", rows=True, hint=FROM_LOGITS_HINT, source=y_pred)
    indices, dist = class_targets(y_true, scores)
    n_classes = scores.shape[-1]
    weight = check_class_weight(weight, n_classes, scores.dtype)

    if dist is None and smoothing == 0:
        loss = _true_class_nll(indices, scores, from_logits, eps)
        if weight is not None:
            loss = weigh(loss, weight[indices])
    else:
        log_q = _log_probabilities(scores, from_logits, eps)
        coef = smoothed_targets(indices, dist, n_classes, smoothing, scores.dtype)
        if weight is not None:
            coef = coef * weight
        loss = neg_xlogy(coef, log_q).sum(axis=-1)

    denominator = None
    if reduction == "mean" and weight is not None and dist is None:
        denominator = true_class_weight_total(weight, indices)
    return reduce_loss(loss, reduction, ln_base, denominator)


def _bce_from_logits(target: np.ndarray, z: np.ndarray, pos_weight) -> np.ndarray:
    """``−[pw·t·log σ(z) + (1 − t)·log σ(−z)] = (1 − t)·z + (1 + (pw − 1)·t)·softplus(−z)``."""
    scale = 1 if pos_weight is None else 1 + (pos_weight - 1) * target
    return (1 - target) * z + scale * _softplus(-z)


def _bce_from_probabilities(target: np.ndarray, p: np.ndarray, pos_weight, eps) -> np.ndarray:
    """``−[pw·t·log p + (1 − t)·log(1 − p)]`` with ``0·log 0 = 0``."""
    if eps is not None:
        p = np.clip(p, eps, 1 - eps)
    with np.errstate(divide="ignore"):
        log_p, log_not_p = np.log(p), np.log1p(-p)
    positive = target if pos_weight is None else pos_weight * target
    return neg_xlogy(positive, log_p) + neg_xlogy(1 - target, log_not_p)


def binary_cross_entropy(
    y_true,
    y_pred,
    *,
    from_logits=False,
    pos_weight=None,
    weight=None,
    eps=None,
    reduction="mean",
    base=math.e,
):
    """Binary cross-entropy, element-wise: ``ℓ = −w·[pw·t·log p + (1 − t)·log(1 − p)]``.

    Works on any shape; multi-label problems are (N, C) with one independent yes/no per class.
    ``"mean"`` averages over all elements, as PyTorch does.

    - ``from_logits=True``: ``p = σ(z)``, computed as
      ``(1 − t)·z + (1 + (pw − 1)·t)·softplus(−z)`` (never overflows). Exactly
      ``torch.nn.functional.binary_cross_entropy_with_logits(z, t, weight=weight,
      pos_weight=pos_weight, reduction=reduction)``.
    - ``from_logits=False``: equals ``torch.nn.functional.binary_cross_entropy`` wherever
      ``0 < p < 1``. PyTorch clamps each log at −100 (a miss costs at most 100 nats); here, with
      ``eps=None``, ``p = 0`` on a positive costs ``inf``. ``eps=1e-7`` is Keras's clip
      (``p = 0, t = 1`` → 16.118).

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
        loss = _bce_from_logits(target, scores, pos_weight)
    else:
        eps = check_eps(eps)
        check_probabilities(scores, "y_pred", rows=False, hint=FROM_LOGITS_HINT)
        loss = _bce_from_probabilities(target, scores, pos_weight, eps)
    if weight is not None:
        loss = weigh(loss, weight)
    return reduce_loss(loss, reduction, ln_base)
