"""Activations that turn raw scores (logits) into probabilities, computed without overflow.

The naive formulas break long before the inputs get large: ``exp(89)`` is already ``inf`` in
float32, so ``exp(z) / sum(exp(z))`` gives ``inf / inf = nan``. Two identities fix that:

- log-sum-exp: ``log Σ exp(z) = m + log Σ exp(z − m)`` with ``m = max z``. Every exponent is
  now ≤ 0, so nothing overflows and the largest term is exactly 1, so the sum cannot underflow.
- softplus: ``log(1 + exp(z)) = max(z, 0) + log1p(exp(−|z|))``; again the exponent is ≤ 0.

With them, logits of ±1e4 give exact answers in float32 and float64, e.g.
``log_softmax([1e4, -1e4, 0]) = [0, -20000, -10000]``.
"""

from __future__ import annotations

import numpy as np

from ._validation import (
    as_float_array,
    check_axis,
    check_logit_rows,
    check_not_nan,
    check_temperature,
    check_temperature_scaling,
)


def _logsumexp(z: np.ndarray, axis: int) -> np.ndarray:
    """log Σ exp(z) along ``axis`` (kept as a length-1 axis), by the max shift."""
    m = np.max(z, axis=axis, keepdims=True)
    # A row of only -inf has no finite maximum; shifting by 0 gives log(0) = -inf, as it should.
    m[~np.isfinite(m)] = 0
    total = np.sum(np.exp(z - m), axis=axis, keepdims=True)
    with np.errstate(divide="ignore"):
        return m + np.log(total)


def logsumexp(z, axis=-1):
    """Log of the sum of exponentials, ``log Σ_c exp(z_c)``, without overflow.

    Computed as ``m + log Σ exp(z − m)`` with ``m = max z`` along ``axis``.
    Mirrors ``torch.logsumexp`` and ``scipy.special.logsumexp``.

    Parameters
    ----------
    z : array_like
        Logits. ``-inf`` entries are allowed (they add nothing); nan and ``+inf`` are rejected.
    axis : int, default -1
        Axis to sum over.

    Returns
    -------
    ndarray
        ``z`` with ``axis`` removed; float32 for float32 input, float64 otherwise.
    """
    z = as_float_array(z, "z")
    axis = check_axis(axis, "z", z.ndim)
    lse = np.squeeze(_logsumexp(z, axis), axis=axis)
    check_logit_rows(lse, "z", allow_all_neg_inf=True)
    return lse


def log_softmax(z, axis=-1, temperature=1.0):
    """Log-probabilities of the softmax: ``log_softmax(z)_c = z_c / T − logsumexp(z / T)``.

    Mirrors ``torch.nn.functional.log_softmax`` (with ``T = 1``). Exact for large logits: in
    float32, ``log_softmax([1e4, -1e4, 0]) = [0, -20000, -10000]``, where
    ``log(softmax(...))`` would give ``[0, -inf, -inf]``.

    Parameters
    ----------
    z : array_like
        Logits; ``-inf`` means probability 0. Each row needs at least one finite value.
    axis : int, default -1
        The class axis.
    temperature : float, default 1.0
        ``T > 0``; the logits are divided by it. ``T < 1`` sharpens, ``T > 1`` flattens.

    Returns
    -------
    ndarray
        Same shape as ``z``; float32 for float32 input, float64 otherwise.
    """
    z = as_float_array(z, "z")
    axis = check_axis(axis, "z", z.ndim)
    temperature = check_temperature(temperature)
    check_temperature_scaling(z, temperature)
    if temperature != 1.0:
        z = z / temperature
    lse = _logsumexp(z, axis)
    check_logit_rows(np.squeeze(lse, axis=axis), "z")
    return z - lse


def softmax(z, axis=-1, temperature=1.0):
    """Softmax, ``softmax(z)_c = exp(z_c / T) / Σ_k exp(z_k / T)``: a probability distribution.

    Computed as ``exp(z − m) / Σ exp(z − m)`` with ``m = max z``, so it never overflows.
    Mirrors ``torch.softmax`` and ``scipy.special.softmax`` (with ``T = 1``).

    Parameters
    ----------
    z : array_like
        Logits; ``-inf`` means probability 0. Each row needs at least one finite value.
    axis : int, default -1
        The class axis.
    temperature : float, default 1.0
        ``T > 0``; the logits are divided by it. ``T < 1`` sharpens, ``T > 1`` flattens.

    Returns
    -------
    ndarray
        Same shape as ``z``, non-negative, summing to 1 along ``axis``.
    """
    z = as_float_array(z, "z")
    axis = check_axis(axis, "z", z.ndim)
    temperature = check_temperature(temperature)
    check_temperature_scaling(z, temperature)
    if temperature != 1.0:
        z = z / temperature
    m = np.max(z, axis=axis, keepdims=True)
    check_logit_rows(np.squeeze(m, axis=axis), "z")
    e = np.exp(z - m)
    return e / np.sum(e, axis=axis, keepdims=True)


def softplus(z):
    """Softplus, ``log(1 + exp(z))``, computed as ``max(z, 0) + log1p(exp(−|z|))``.

    Mirrors ``torch.nn.functional.softplus``. It is ``−log σ(−z)``, the binary cross-entropy of a
    logit ``z`` whose true label is 0.
    """
    z = as_float_array(z, "z")
    check_not_nan(z, "z")
    return _softplus(z)


def _softplus(z: np.ndarray) -> np.ndarray:
    return np.maximum(z, 0) + np.log1p(np.exp(-np.abs(z)))


def sigmoid(z):
    """Logistic sigmoid, ``σ(z) = 1 / (1 + exp(−z))``, the probability of class 1.

    Evaluated as ``1 / (1 + e)`` for ``z ≥ 0`` and ``e / (1 + e)`` for ``z < 0``, with
    ``e = exp(−|z|) ≤ 1``, so no exponential overflows. Mirrors ``torch.sigmoid`` and
    ``scipy.special.expit``. ``±inf`` give 1 and 0.
    """
    z = as_float_array(z, "z")
    check_not_nan(z, "z")
    return _sigmoid(z)


def _sigmoid(z: np.ndarray) -> np.ndarray:
    e = np.exp(-np.abs(z))
    return np.where(z >= 0, 1, e) / (1 + e)


def log_sigmoid(z):
    """``log σ(z) = −softplus(−z) = min(z, 0) − log1p(exp(−|z|))``.

    Mirrors ``torch.nn.functional.logsigmoid``. Exact for large ``|z|``: ``log_sigmoid(-1e4)`` is
    ``-1e4``, where ``log(sigmoid(-1e4))`` would be ``log(0) = -inf``.
    """
    z = as_float_array(z, "z")
    check_not_nan(z, "z")
    return np.minimum(z, 0) - np.log1p(np.exp(-np.abs(z)))
