"""Categorical cross-entropy and its gradients, side by side: the loss, its gradient with respect
to the logits (:func:`cross_entropy_grad`) and with respect to the probabilities
(:func:`probability_grad`), sharing their preparation (class targets, one-hot and smoothed
targets, class weights and the weighted mean's denominator).

Every loss is computed per example in nats, then reduced ("mean", "sum" or "none") and divided by
``ln(base)`` (``base=2`` gives bits). ``reduction="mean"`` divides a gradient by the same
denominator as the loss; ``"sum"`` and ``"none"`` give the per-example gradients (row i is
``∂ℓ_i/∂z_i``, which is also the gradient of the sum).

The gradients are the closed forms, equal to what PyTorch's autograd returns for the same loss and
``reduction``: ``∂ℓ/∂z = Σ_c a_c · q − a`` with ``a = w·t'``, for a one-hot target and no weights
simply ``softmax(z) − y``. They are computed from the same shifted softmax terms as the losses
(``ce_core._numerics``), in float64 and rounded once for float32 logits.

Which library each one mirrors, and how they differ at the edges:

- PyTorch works from logits with log-sum-exp (exact, no clipping).
- Keras divides categorical rows by their sums, then clips to [1e−7, 1 − 1e−7] in the dtype it
  computes in (float32 by default), so a confident miss costs at most −ln 1e−7 ≈ 16.12 nats; in
  float32 ``1 − 1e−7`` rounds to ``1 − 2^−23``, so p → 1 on a negative stops at 15.94 nats.
- scikit-learn's ``log_loss`` clips to [eps, 1 − eps] with the input dtype's machine epsilon
  (≈ 2.2e−16 in float64: at most ≈ 36.04 nats; ≈ 1.19e−7 in float32: 15.94 nats) and does not
  renormalise.
- ce_core, with ``eps=None``, computes the exact value: a zero probability on a true class costs
  ``inf``. Pass ``eps`` to reproduce a library's clipping.
"""

from __future__ import annotations

import math

import numpy as np
from numpy.typing import ArrayLike

from ._numerics import WORK, neg_xlogy, reduce_loss, softmax_terms, two_diff_error, weigh
from ._validation import (
    FROM_LOGITS_HINT,
    InputError,
    Reduction,
    as_float_array,
    check_bool,
    check_class_scores_shape,
    check_class_weight,
    check_eps,
    check_fraction,
    check_logit_rows,
    check_logit_scores,
    check_no_eps_with_logits,
    check_probabilities,
    check_reduction,
    class_targets,
    log_of_base,
)

# Rows are processed in blocks of about this many elements, so that the float64 scratch buffers
# (512 KiB each) stay in the CPU's L2 cache and are never reallocated.
_BLOCK_ELEMENTS = 1 << 16


def _picked(rows: np.ndarray, indices: np.ndarray) -> np.ndarray:
    """``rows[i, y_i]`` for every row, in float64."""
    # Entry (i, y_i) of the row-major matrix sits at flat position i·C + y_i.
    flat = np.arange(0, rows.size, rows.shape[1]) + indices
    return np.take(rows, flat).astype(WORK, copy=False)


def _exact_true_class_nll(rows: np.ndarray, indices: np.ndarray):
    """``(log1p(s) − d_y, logsumexp)`` per row from :func:`softmax_terms`: the reference path."""
    terms = softmax_terms(rows)
    y = indices[:, None]
    d_y = np.take_along_axis(terms.shifted, y, axis=-1)
    if np.ndim(terms.correction):
        d_y = d_y + np.take_along_axis(terms.correction, y, axis=-1)
    return (terms.log1p_rest() - d_y)[:, 0], terms.logsumexp()[:, 0]


def _nll_float32(rows: np.ndarray, indices: np.ndarray, scratch: np.ndarray):
    """``logsumexp(z) − z_y`` of float32 rows, in float64 without the shift where that is exact.

    float32 logits are exact in float64 and ``exp(z)`` neither overflows nor underflows for
    ordinary values, so ``log Σ exp(z) − z_y`` is evaluated directly, with an absolute error of at
    most ``(C + 4 + |lse|)·2⁻⁵³`` (exp, summation, log, subtraction). Rows where that could exceed
    ``2⁻³⁰`` of the loss (confident rows, where the two terms nearly cancel), or where a sum
    overflowed or terms underflowed, are recomputed exactly with the shift.
    """
    n_rows, n_classes = rows.shape
    sums = np.empty(n_rows, dtype=WORK)
    step = len(scratch)
    with np.errstate(over="ignore", under="ignore"):
        for start in range(0, n_rows, step):
            block = rows[start : start + step]
            part = scratch[: len(block)]
            np.exp(block, out=part, dtype=WORK)
            np.einsum("ij->i", part, out=sums[start : start + len(block)])
    info = np.finfo(WORK)
    # Terms that underflowed are each below `tiny`; above this bound they change the sum by less
    # than one rounding error. nan fails every comparison.
    ok = (sums >= n_classes * info.tiny / info.eps) & (sums <= info.max)
    lse = np.log(sums, out=sums, where=ok)
    nll = np.subtract(lse, _picked(rows, indices), out=np.full_like(lse, np.nan), where=ok)
    ok &= nll >= (n_classes + 4 + np.abs(lse)) * 2.0**-22
    if not ok.all():
        nll[~ok], lse[~ok] = _exact_true_class_nll(rows[~ok], indices[~ok])
    return nll, lse


def _nll_float64(rows: np.ndarray, indices: np.ndarray, scratch: np.ndarray):
    """``log1p(s) − d_y`` of float64 rows (see :func:`softmax_terms`), a block at a time.

    The fast loop skips the correction of the rounding error of ``d = z − m``. Each ``|δ_k|`` is
    at most ``|d_k|·2⁻⁵³``, so the skipped ``Σ e_k δ_k / (1 + s)`` is at most
    ``W·2⁻⁵³/(1 + s)`` with ``W = Σ e_k |d_k|``; rows where that exceeds two roundings of the loss
    (saturated rows with large gaps, and rows with ``-inf``, nan or ``+inf``) are recomputed with
    the correction, which also gives the invalid rows a bad log-sum-exp for the caller's check.
    """
    n_rows, n_classes = rows.shape
    argmax = np.argmax(rows, axis=1)
    top = _picked(rows, argmax)
    rest = np.empty(n_rows)
    weighted_gap = np.empty(n_rows)
    exp = np.empty_like(scratch)
    step = len(scratch)
    offsets = np.arange(0, step * n_classes, n_classes)
    with np.errstate(under="ignore", invalid="ignore"):
        for start in range(0, n_rows, step):
            block = rows[start : start + step]
            size = len(block)
            shifted, e = scratch[:size], exp[:size]
            np.subtract(block, top[start : start + size, None], out=shifted)
            np.exp(shifted, out=e)
            np.einsum("ij,ij->i", e, shifted, out=weighted_gap[start : start + size])
            e.reshape(-1)[offsets[:size] + argmax[start : start + size]] = 0
            np.einsum("ij->i", e, out=rest[start : start + size])
    picked = _picked(rows, indices)
    log1p_rest = np.log1p(rest)
    with np.errstate(invalid="ignore"):  # a -inf true class: nan here, recomputed below
        d_y = picked - top
        nll = log1p_rest - (d_y + two_diff_error(picked, top, d_y))
    lse = top + log1p_rest
    ok = -weighted_gap <= 2 * (1 + rest) * nll
    if not ok.all():
        nll[~ok], lse[~ok] = _exact_true_class_nll(rows[~ok], indices[~ok])
    return nll, lse


def _true_class_nll_logits(rows: np.ndarray, indices: np.ndarray):
    """``(−log softmax(z)[y], logsumexp(z))`` in float64 for 2-D logits and one index per row."""
    n_rows, n_classes = rows.shape
    rows_per_block = max(1, _BLOCK_ELEMENTS // n_classes)
    # The scratch buffer is reused for every block, so that it stays in the CPU's cache.
    scratch = np.empty((min(rows_per_block, n_rows), n_classes), dtype=WORK)
    if rows.dtype == np.float32:
        return _nll_float32(rows, indices, scratch)
    return _nll_float64(rows, indices, scratch)


def _true_class_nll(
    indices: np.ndarray, scores: np.ndarray, *, from_logits: bool, eps: float | None
) -> np.ndarray:
    """``−log q[i, y_i]`` for index targets, without forming the whole ``log q`` matrix.

    From logits ``−log softmax(z)[y] = log1p(s) − (z_y − m)`` (see :func:`softmax_terms`), in
    float64, never negative, and 0 for one class; from probabilities it is ``−log p[y]`` (clipped
    to [eps, 1 − eps] first when ``eps`` is given), in ``scores``' dtype.
    """
    n_classes = scores.shape[-1]
    rows = np.ascontiguousarray(scores.reshape(-1, n_classes))
    if from_logits:
        nll, lse = _true_class_nll_logits(rows, indices.reshape(-1))
        check_logit_rows(lse.reshape(indices.shape), "y_pred")
    else:
        # Entry (i, y_i) of the row-major matrix sits at flat position i·C + y_i.
        picked = np.take(rows, np.arange(0, rows.size, n_classes) + indices.reshape(-1))
        if eps is not None:
            picked = np.clip(picked, eps, 1 - eps)
        with np.errstate(divide="ignore"):
            nll = -np.log(picked)
    return nll.reshape(indices.shape)


def _log_probabilities(scores: np.ndarray, *, from_logits: bool, eps: float | None) -> np.ndarray:
    """``log q`` for every class: ``log_softmax(z)`` from logits (in float64), else ``log p``
    (clipped)."""
    if from_logits:
        terms = softmax_terms(scores)
        check_logit_rows(terms.logsumexp()[..., 0], "y_pred")
        return terms.log_softmax()
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
    target = one_hot(indices, n_classes, dtype) if dist is None else dist.astype(dtype, copy=False)
    if smoothing == 0:
        return target
    return (1 - smoothing) * target + smoothing / n_classes


def true_class_weight_total(weight: np.ndarray, indices: np.ndarray):
    """``Σ_i weight[y_i]``: PyTorch's denominator for the weighted "mean" with index targets."""
    total = weight[indices].sum(dtype=WORK)
    if total == 0:
        raise InputError(
            "weight is 0 for every true class, so the weighted mean is undefined "
            "(give a true class a positive weight, or use reduction='sum')"
        )
    return total


def _check_label_smoothing(label_smoothing) -> float:
    return check_fraction(label_smoothing, "label_smoothing", "0 is none; 0.1 is common")


def _weighted_mean_denominator(reduction: str, weight, indices, dist):
    """The "mean"'s denominator when it is not the number of examples: ``Σ_i weight[y_i]`` for
    class weights with index targets (PyTorch's rule), else None."""
    if reduction == "mean" and weight is not None and dist is None:
        return true_class_weight_total(weight, indices)
    return None


def _class_logits_and_targets(y_true, logits):
    """Logits of shape (..., C) checked as logits, and their class targets."""
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


def categorical_cross_entropy(
    y_true: ArrayLike,
    y_pred: ArrayLike,
    *,
    from_logits: bool = False,
    weight: ArrayLike | None = None,
    label_smoothing: float = 0.0,
    eps: float | None = None,
    reduction: Reduction = "mean",
    base: float = math.e,
) -> np.floating | np.ndarray:
    """Categorical cross-entropy ``ℓ_i = −Σ_c w_c · t_ic · log q_ic``.

    With one true class ``y`` (one-hot ``t``) and no weights this is ``−log q_y``: only the
    probability given to the true class counts.

    - ``from_logits=True``: ``q = softmax(z)``, computed as ``−log q_y = log1p(s) − (z_y − m)``
      with ``m = max z`` and ``s = Σ exp(z − m)`` over all classes but one maximal one: two
      non-negative terms, so the loss is never negative, is exactly 0 for one class, and is
      accurate relative to itself however confident the row (float32 in float64, rounded once).
      The same function as ``torch.nn.functional.cross_entropy(z, y_true, weight=weight,
      label_smoothing=label_smoothing, reduction=reduction)``, including its rules:
      label smoothing uses ``t' = (1 − ε)·t + ε/C``, and the weighted ``"mean"`` divides by
      ``Σ_i weight[y_i]`` for index targets but by N for distribution targets.
    - ``from_logits=False``: ``y_pred`` are probabilities (rows summing to 1). With ``eps=None``
      the value is exact (``0·log 0 = 0``; zero probability on a true class gives ``inf``).
      A float ``eps`` clips to [eps, 1 − eps] first. Without weights or smoothing,
      ``eps=np.finfo(y_pred.dtype).eps`` (the input's dtype: 2.2e−16 in float64, 1.19e−7 in
      float32) is ``sklearn.metrics.log_loss(y_true, y_pred, labels=range(C))`` for float32 and
      float64 arrays. Keras's ``(Sparse)CategoricalCrossentropy`` first divides each row by its
      sum, which changes rows that sum to 1 only within the 1e−6 accepted here; Keras is
      ``categorical_cross_entropy(y_true, y_pred / y_pred.sum(-1, keepdims=True), eps=1e-7)``
      computed in the same dtype.

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
    smoothing = _check_label_smoothing(label_smoothing)
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

    # From logits everything is computed in float64 and rounded once, in reduce_loss.
    work = WORK if from_logits else scores.dtype
    if dist is None and smoothing == 0:
        loss = _true_class_nll(indices, scores, from_logits=from_logits, eps=eps)
        if weight is not None:
            loss = weigh(loss, weight[indices])
    else:
        log_q = _log_probabilities(scores, from_logits=from_logits, eps=eps)
        terms = neg_xlogy(smoothed_targets(indices, dist, n_classes, smoothing, work), log_q)
        if weight is not None:
            # Weighted after the log, so that a tiny weight times a tiny target cannot
            # underflow to 0 and mute an infinite term.
            terms = weigh(terms, weight)
        loss = terms.sum(axis=-1)

    denominator = _weighted_mean_denominator(reduction, weight, indices, dist)
    return reduce_loss(loss, reduction, ln_base, denominator, dtype=scores.dtype)


def cross_entropy_terms(
    y_true: ArrayLike, y_pred: ArrayLike, *, from_logits: bool = False, base: float = math.e
) -> np.ndarray:
    """The per-class terms ``−t_c · log q_c`` of :func:`categorical_cross_entropy`, one per class.

    Summed over the class axis they give the loss (``reduction="none"``). A class with no target
    mass contributes exactly 0, even where its predicted probability is 0 (``0 · log 0 = 0``);
    a true class given probability 0 contributes ``inf``. From logits ``log q = log_softmax(z)``
    is computed in float64, so a term stays exact where ``softmax(z)`` underflows.

    Parameters
    ----------
    y_true : int or array_like
        Class indices of shape (N,) (an int for one example), or target distributions of the
        same shape as ``y_pred``.
    y_pred : array_like, shape (N, C) or (C,)
        Probabilities (rows summing to 1), or logits with ``from_logits=True``.
    from_logits : bool, default False
    base : float, default math.e
        Log base of the result: ``math.e`` nats, ``2`` bits.

    Returns
    -------
    ndarray of the shape of ``y_pred``.

    Examples
    --------
    >>> cross_entropy_terms(0, [0.7, 0.2, 0.1]).tolist()  # −ln 0.7, then two zero terms
    [0.35667494393873245, 0.0, 0.0]
    """
    ln_base = log_of_base(base)
    from_logits = check_bool(from_logits, "from_logits")
    scores = as_float_array(y_pred, "y_pred")
    check_class_scores_shape(scores, "y_pred")
    if not from_logits:
        check_probabilities(scores, "y_pred", rows=True, hint=FROM_LOGITS_HINT, source=y_pred)
    indices, dist = class_targets(y_true, scores)
    log_q = _log_probabilities(scores, from_logits=from_logits, eps=None)
    if dist is None:
        dist = one_hot(indices, scores.shape[-1], log_q.dtype)
    terms = neg_xlogy(dist.astype(log_q.dtype), log_q)
    terms += 0.0  # −0 (from 0 · log q) reads as 0
    return terms / ln_base if ln_base != 1.0 else terms


def cross_entropy_grad(
    y_true: ArrayLike,
    logits: ArrayLike,
    *,
    weight: ArrayLike | None = None,
    label_smoothing: float = 0.0,
    reduction: Reduction = "mean",
) -> np.ndarray:
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
    smoothing = _check_label_smoothing(label_smoothing)
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
    denominator = _weighted_mean_denominator(reduction, weight, indices, dist)
    return _reduce_rows(grad, reduction, denominator).astype(z.dtype)


def probability_grad(y_true: ArrayLike, y_pred: ArrayLike) -> np.ndarray:
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
