"""Each class's share of a categorical cross-entropy: the terms ``−t_c · log q_c`` whose sum is the
loss, for a table or a formula that lists them one by one."""

from __future__ import annotations

import math

import numpy as np

from ._numerics import neg_xlogy
from ._validation import (
    FROM_LOGITS_HINT,
    as_float_array,
    check_bool,
    check_class_scores_shape,
    check_probabilities,
    class_targets,
    log_of_base,
)
from .categorical import _log_probabilities, one_hot


def cross_entropy_terms(y_true, y_pred, *, from_logits=False, base=math.e) -> np.ndarray:
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
