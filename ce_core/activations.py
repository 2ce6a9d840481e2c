"""Activations that turn raw scores (logits) into probabilities, exact to the last bits.

The naive formulas break long before the inputs get large: ``exp(89)`` is already ``inf`` in
float32, so ``exp(z) / sum(exp(z))`` gives ``inf / inf = nan``. Shifting by the maximum fixes
that, and the way the shifted terms are combined keeps the result accurate relative to itself:

- softmax family: with ``m = max z``, ``d = z − m ≤ 0`` and ``s = Σ exp(d)`` over all entries but
  one maximal one (whose term is exactly 1), ``log_softmax(z) = d − log1p(s)``,
  ``softmax(z) = exp(d) / (1 + s)`` and ``logsumexp(z) = m + log1p(s)``. Nothing overflows, and
  ``log1p`` keeps a tiny ``s`` (a confident row) instead of rounding ``1 + s`` to 1.
- softplus: ``log(1 + exp(z)) = max(z, 0) + log1p(exp(−|z|))``: two non-negative terms.

float32 input is computed in float64 and rounded once to float32 (float32 in, float32 out), so
float32 results are within one ulp of the exact value (in practice correctly rounded); for
float64 input the rounding error of ``z − m`` is recovered exactly and folded in (see
``ce_core._numerics``), and results are within a few ulps. Both hold relative to the value
itself, for logits up to ±1e4, near-ties and saturated rows included, e.g.
``log_softmax([1e4, -1e4, 0]) = [0, -20000, -10000]`` and
``log_softmax([1e4, 9999])[0] = −log1p(e⁻¹) = −0.31326169``
(``tests/test_core_exact.py`` checks this against 60-digit references). A temperature divides
the logits first, in float64. The one exception is ``logsumexp`` when the result is near 0
through cancellation (``m < 0 < m + log1p(s)``), where the error is a rounding of ``m``, as in
any floating-point evaluation of ``m + log1p(s)``.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike

from ._numerics import WORK, softmax_terms
from ._validation import (
    as_float_array,
    check_axis,
    check_logit_rows,
    check_not_nan,
    check_temperature,
    check_temperature_scaling,
)


def logsumexp(z: ArrayLike, axis: int = -1) -> np.ndarray:
    """Log of the sum of exponentials, ``log Σ_c exp(z_c)``, without overflow.

    Computed as ``m + log1p(s)`` with ``m = max z`` along ``axis`` and ``s = Σ exp(z − m)`` over
    all entries but one maximal one. Mirrors ``torch.logsumexp`` and ``scipy.special.logsumexp``.

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
    lse = softmax_terms(z, axis).logsumexp()[..., 0]
    check_logit_rows(lse, "z", allow_all_neg_inf=True)
    return lse.astype(z.dtype)


def log_softmax(z: ArrayLike, axis: int = -1, temperature: float = 1.0) -> np.ndarray:
    """Log-probabilities of the softmax: ``log_softmax(z)_c = z_c / T − logsumexp(z / T)``.

    Computed as ``d_c − log1p(s)`` with ``w = z/T``, ``d = w − max w`` and ``s = Σ exp(d)`` over
    all entries but one maximal one, so it is exact for large and for confident logits: in
    float32, ``log_softmax([1e4, -1e4, 0]) = [0, -20000, -10000]``, where ``log(softmax(...))``
    would give ``[0, -inf, -inf]``, and ``log_softmax([-1e4, -9999, -9998])[0] = −2.4076059``.
    Mirrors ``torch.nn.functional.log_softmax`` (with ``T = 1``).

    Parameters
    ----------
    z : array_like
        Logits; ``-inf`` means probability 0. Each row needs at least one finite value.
    axis : int, default -1
        The class axis.
    temperature : float, default 1.0
        ``T > 0``; the logits are divided by it (in float64, so that in float64 the result is
        ``softmax(z / T)`` bit for bit). ``T < 1`` sharpens, ``T > 1`` flattens.

    Returns
    -------
    ndarray
        Same shape as ``z``; float32 for float32 input, float64 otherwise.
    """
    z = as_float_array(z, "z")
    axis = check_axis(axis, "z", z.ndim)
    temperature = check_temperature(temperature)
    check_temperature_scaling(z, temperature)
    terms = softmax_terms(z, axis, temperature)
    check_logit_rows(terms.logsumexp()[..., 0], "z")
    return np.moveaxis(terms.log_softmax(), -1, axis).astype(z.dtype)


def softmax(z: ArrayLike, axis: int = -1, temperature: float = 1.0) -> np.ndarray:
    """Softmax, ``softmax(z)_c = exp(z_c / T) / Σ_k exp(z_k / T)``: a probability distribution.

    Computed as ``exp(d) / (1 + s)`` with ``w = z/T``, ``d = w − max w`` and ``s = Σ exp(d)`` over
    all entries but one maximal one, so it never overflows. Mirrors ``torch.softmax`` and
    ``scipy.special.softmax`` (with ``T = 1``).

    Parameters
    ----------
    z : array_like
        Logits; ``-inf`` means probability 0. Each row needs at least one finite value.
    axis : int, default -1
        The class axis.
    temperature : float, default 1.0
        ``T > 0``; the logits are divided by it (in float64, so that in float64 the result is
        ``softmax(z / T)`` bit for bit). ``T < 1`` sharpens, ``T > 1`` flattens.

    Returns
    -------
    ndarray
        Same shape as ``z``, non-negative, summing to 1 along ``axis``.
    """
    z = as_float_array(z, "z")
    axis = check_axis(axis, "z", z.ndim)
    temperature = check_temperature(temperature)
    check_temperature_scaling(z, temperature)
    terms = softmax_terms(z, axis, temperature)
    check_logit_rows(terms.top[..., 0], "z")
    return np.moveaxis(terms.softmax(), -1, axis).astype(z.dtype)


def softplus(z: ArrayLike) -> np.ndarray:
    """Softplus, ``log(1 + exp(z))``, computed as ``max(z, 0) + log1p(exp(−|z|))``.

    Mirrors ``torch.nn.functional.softplus``; float32 is computed in float64 and rounded once.
    It is ``−log σ(−z)``, the binary cross-entropy of a logit ``z`` whose true label is 0.
    """
    z = as_float_array(z, "z")
    check_not_nan(z, "z")
    return _softplus(z).astype(z.dtype)


def _softplus(z: np.ndarray) -> np.ndarray:
    """``softplus(z)`` in float64: two non-negative terms, so no cancellation."""
    z = z.astype(WORK, copy=False)
    return np.maximum(z, 0) + np.log1p(np.exp(-np.abs(z)))


def sigmoid(z: ArrayLike) -> np.ndarray:
    """Logistic sigmoid, ``σ(z) = 1 / (1 + exp(−z))``, the probability of class 1.

    Evaluated as ``1 / (1 + e)`` for ``z ≥ 0`` and ``e / (1 + e)`` for ``z < 0``, with
    ``e = exp(−|z|) ≤ 1``, so no exponential overflows. Mirrors ``torch.sigmoid`` and
    ``scipy.special.expit``. ``±inf`` give 1 and 0.
    """
    z = as_float_array(z, "z")
    check_not_nan(z, "z")
    return _sigmoid(z).astype(z.dtype)


def _sigmoid(z: np.ndarray) -> np.ndarray:
    """``σ(z)`` in float64 (accurate relative to itself, also where it is tiny)."""
    z = z.astype(WORK, copy=False)
    e = np.exp(-np.abs(z))
    return np.where(z >= 0, 1, e) / (1 + e)


def log_sigmoid(z: ArrayLike) -> np.ndarray:
    """``log σ(z) = −softplus(−z) = min(z, 0) − log1p(exp(−|z|))``.

    Mirrors ``torch.nn.functional.logsigmoid``. Exact for large ``|z|``: ``log_sigmoid(-1e4)`` is
    ``-1e4``, where ``log(sigmoid(-1e4))`` would be ``log(0) = -inf``. Both terms are ≤ 0, so
    there is no cancellation; float32 is computed in float64 and rounded once.
    """
    z = as_float_array(z, "z")
    check_not_nan(z, "z")
    w = z.astype(WORK, copy=False)
    return (np.minimum(w, 0) - np.log1p(np.exp(-np.abs(w)))).astype(z.dtype)
