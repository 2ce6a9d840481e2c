"""The binary cross-entropy as a curve over the predicted probability: a grid to draw it on, its
slope, and the caps that libraries put on it.

Binary cross-entropy of a label y ∈ [0, 1] and a predicted probability p of class 1 is

    L(y, p) = −[y · log p + (1 − y) · log(1 − p)],

so the branch y = 1 is −log p and the branch y = 0 is −log(1 − p). Both grow without bound as the
prediction approaches the wrong end; libraries that take probabilities bound it in one of two ways:

- clip p to [ε, 1 − ε] first (Keras: ε = 1e−7; scikit-learn's ``log_loss``: ε = the input dtype's
  machine epsilon), which caps the loss at about −log ε. Exactly, the cap is −log of the smallest
  probability the clip leaves on the truth *in the dtype the library computes in*
  (:func:`clip_cap`): Keras computes in float32 by default, where 1 − 1e−7 rounds to
  1 − 2^−23, so its cap is −ln(1e−7) = 16.12 nats for y = 1 but −ln(2^−23) = 15.94 nats for
  y = 0 (16.12 for both in float64); scikit-learn's is 36.04 nats in float64 and 15.94 in float32;
- clamp each log term from below (PyTorch's ``binary_cross_entropy``: log ≥ −100), which caps the
  loss at 100 nats in either dtype, from p = e^−100 on.
"""

from __future__ import annotations

import math

import numpy as np
from numpy.typing import ArrayLike, DTypeLike

from ce_core._validation import InputError, check_array, check_int, check_scalar, log_of_base
from ce_core.binary import binary_cross_entropy

TORCH_LOG_FLOOR = -100.0
"""PyTorch's ``binary_cross_entropy`` clamps each natural-log term at this value (a constant in its
source, documented for ``torch.nn.BCELoss``), so the loss never exceeds 100 nats."""

TORCH_CLAMP_ONSET = math.exp(TORCH_LOG_FLOOR)
"""The probability below which PyTorch's clamp takes over: e^−100 ≈ 3.72e−44."""

KERAS_EPSILON = 1e-7
"""``keras.config.epsilon()``: Keras clips probabilities to [1e−7, 1 − 1e−7], both bounds rounded
to the dtype it computes in."""

KERAS_DTYPE = np.float32
"""``keras.config.floatx()``: the dtype Keras losses compute in unless given ``dtype=``."""

MAX_GRID_POINTS = 1_000_000
"""The most points :func:`probability_grid` puts in its core and in each tail."""

SKLEARN_EPSILON = float(np.finfo(np.float64).eps)
"""scikit-learn's ``log_loss`` clips to [eps, 1 − eps] with eps the input dtype's machine epsilon:
this value (≈ 2.22e−16) for float64 input, ``np.finfo(np.float32).eps`` (≈ 1.19e−7) for float32."""


def _float_dtype(dtype) -> np.dtype:
    try:  # np.dtype(None) is float64: refused, a dtype is named on purpose
        dtype = np.dtype(dtype) if dtype is not None else None
    except TypeError:
        dtype = None
    if dtype not in (np.float32, np.float64):
        raise InputError(f"dtype must be np.float32 or np.float64, got {dtype!r}")
    return dtype


def clip_floor_on_truth(eps: float, y_true: int, *, dtype: DTypeLike = np.float64) -> float:
    """The smallest probability on the truth that clipping to [eps, 1 − eps] leaves, in ``dtype``.

    Both bounds are rounded to ``dtype`` as the libraries round them: for y = 1 the probability on
    the truth is p ≥ fl(eps); for y = 0 it is 1 − p ≥ 1 − fl(1 − eps). In float32,
    fl(1 − 1e−7) = 1 − 2^−23, so for Keras's ε the floor is 1e−7 for y = 1 but 2^−23 ≈ 1.19e−7
    for y = 0.

    Parameters
    ----------
    eps : float
        The clip, in (0, 0.5).
    y_true : int
        The hard label, 0 or 1 (the branch of the loss curve).
    dtype : float32 or float64
        The dtype the library computes in.

    Returns
    -------
    float
    """
    eps = check_scalar(eps, "eps", low=0, high=0.5, low_open=True, high_open=True)
    y_true = check_int(y_true, "y_true", low=0, high=1, hint="the branch of the curve")
    dtype = _float_dtype(dtype)
    if y_true == 1:
        return float(dtype.type(eps))
    # 1 − fl(1 − eps) is exact in float64 (Sterbenz), whatever the dtype of fl.
    return 1.0 - float(dtype.type(1 - eps))


def clip_cap(
    eps: float, y_true: int, *, dtype: DTypeLike = np.float64, base: float = math.e
) -> float:
    """The largest loss on the branch ``y_true`` when p is clipped to [eps, 1 − eps] in ``dtype``.

    This is the binary cross-entropy of the wrong extreme (p = 0 for y = 1, p = 1 for y = 0),
    computed in ``dtype``: −log :func:`clip_floor_on_truth`. Keras (float32, ε = 1e−7): 16.12 nats
    for y = 1, 15.94 for y = 0; in float64 16.12 for both. scikit-learn (ε = the dtype's machine
    epsilon): 36.04 nats in float64, 15.94 in float32, on both branches.

    Parameters
    ----------
    eps : float
        The clip, in (0, 0.5).
    y_true : int
        The hard label, 0 or 1.
    dtype : float32 or float64
        The dtype the library computes in.
    base : float
        Logarithm base: ``math.e`` for nats, 2 for bits.

    Returns
    -------
    float
    """
    clip_floor_on_truth(eps, y_true, dtype=dtype)  # checks eps, y_true and dtype
    log_of_base(base)
    dtype = _float_dtype(dtype)
    wrong = np.array([1.0 - y_true], dtype=dtype)
    return float(binary_cross_entropy([float(y_true)], wrong, eps=eps, base=base))


def _probabilities(values, name: str) -> np.ndarray:
    array = check_array(values, name, min_size=0).astype(np.float64, copy=False)
    if array.size == 0:
        raise InputError(f"{name} is empty; pass at least one value")
    if not np.all(np.isfinite(array)):
        raise InputError(f"{name} contains NaN or inf; every value must be a number in [0, 1]")
    if np.any((array < 0) | (array > 1)):
        raise InputError(
            f"{name} has values outside [0, 1] (smallest {array.min():g}, largest "
            f"{array.max():g}); pass probabilities, or apply a sigmoid to raw scores first"
        )
    return array


def _broadcast(y: np.ndarray, p: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    try:
        return np.broadcast_arrays(y, p)
    except ValueError:
        raise InputError(
            f"y_true has shape {y.shape} and y_pred {p.shape}, which do not broadcast; pass one "
            "label per prediction (or a single label for all)"
        ) from None


def probability_grid(
    n_core: int = 301, *, core_limit: float = 1e-4, smallest: float = 1e-16, n_tail: int = 24
) -> np.ndarray:
    """Points in (0, 1) to draw a loss curve on, dense near 0 and 1 where the curve is steep.

    The core covers [``core_limit``, 1 − ``core_limit``] evenly in the logit log(p / (1 − p)),
    which puts points close together near both ends and fewer in the flat middle. Each tail adds
    ``n_tail`` points spaced evenly in log p from ``smallest`` up to ``core_limit`` (and their
    mirror images near 1), so a curve reaches the heights of the clipping caps.

    Parameters
    ----------
    n_core : int
        Number of logit-spaced points in the core (at least 2).
    core_limit : float
        Distance of the core's ends from 0 and 1, in (0, 0.5).
    smallest : float
        Smallest probability in the grid, in (0, ``core_limit``).
    n_tail : int
        Number of log-spaced points in each tail (0 for none).

    Returns
    -------
    numpy.ndarray
        Sorted, distinct float64 probabilities strictly between 0 and 1, symmetric about 0.5
        (p is in the grid exactly when 1 − p is, up to rounding).
    """
    n_core = check_int(n_core, "n_core", low=2, high=MAX_GRID_POINTS)
    n_tail = check_int(n_tail, "n_tail", low=0, high=MAX_GRID_POINTS)
    core_limit = check_scalar(
        core_limit, "core_limit", low=0.0, high=0.5, low_open=True, high_open=True
    )
    smallest = check_scalar(
        smallest,
        "smallest",
        low=0.0,
        high=core_limit,
        low_open=True,
        high_open=True,
        hint="it must be below core_limit",
    )
    logit_limit = math.log(core_limit / (1 - core_limit))
    logits = np.linspace(logit_limit, 0.0, (int(n_core) + 1) // 2)
    lower = 1.0 / (1.0 + np.exp(-logits))
    tail = np.geomspace(smallest, core_limit, int(n_tail), endpoint=False)
    lower = np.concatenate([tail, lower])
    return np.unique(np.concatenate([lower, 1.0 - lower]))


def binary_cross_entropy_slope(
    y_true: ArrayLike, y_pred: ArrayLike, *, eps: float | None = None, base: float = math.e
) -> np.ndarray:
    """Slope of the binary cross-entropy with respect to the predicted probability, element-wise.

    .. math::

        \\frac{\\partial L}{\\partial p} = \\frac{1}{\\ln b}
        \\left(-\\frac{y}{p} + \\frac{1 - y}{1 - p}\\right)

    For y = 1 this is −1/p, for y = 0 it is 1/(1 − p) (times 1/ln b in base b). With clipping, the
    loss is computed from clip(p, ε, 1 − ε), which is constant outside [ε, 1 − ε]: the slope is 0
    there, as automatic differentiation through a clip returns.

    Parameters
    ----------
    y_true : array_like
        Labels in [0, 1] (0 or 1 for hard labels), broadcast against ``y_pred``.
    y_pred : array_like
        Predicted probabilities of class 1, in [0, 1].
    eps : float or None
        Clip predictions to [eps, 1 − eps] first; ``None`` for the exact loss. Must lie in
        (0, 0.5).
    base : float
        Logarithm base of the loss: ``math.e`` for nats, 2 for bits.

    Returns
    -------
    numpy.ndarray
        The slopes (float64, the broadcast shape). A prediction of exactly 0 or 1 on the wrong
        side gives −inf or +inf, never NaN; a term whose label weight is 0 contributes nothing.
    """
    y = _probabilities(y_true, "y_true")
    p = _probabilities(y_pred, "y_pred")
    log_base = log_of_base(base)
    if eps is not None:
        eps = check_scalar(
            eps, "eps", low=0.0, high=0.5, low_open=True, high_open=True, hint="or None"
        )
    y, p = _broadcast(y, p)
    # p = 0 divides by zero and a subnormal p overflows (an infinite slope); the 0/0 of a term
    # whose label weight is 0 is discarded by np.where.
    with np.errstate(divide="ignore", over="ignore", invalid="ignore"):
        towards_one = np.where(y > 0, -y / p, 0.0)
        towards_zero = np.where(y < 1, (1 - y) / (1 - p), 0.0)
    slope = (towards_one + towards_zero) / log_base
    if eps is not None:
        slope = np.where((p < eps) | (p > 1 - eps), 0.0, slope)
    return slope


def log_clamped_binary_cross_entropy(
    y_true: ArrayLike,
    y_pred: ArrayLike,
    *,
    log_floor: float = TORCH_LOG_FLOOR,
    base: float = math.e,
) -> np.ndarray:
    """Binary cross-entropy with each log term clamped from below, as PyTorch computes it.

    .. math::

        L = -\\frac{1}{\\ln b}\\left[y \\max(\\ln p, f) + (1 - y)\\max(\\ln(1 - p), f)\\right]

    With the default floor f = −100 this is ``torch.nn.functional.binary_cross_entropy(p, y,
    reduction="none")`` (which always uses the natural log; here the result is converted to base
    b afterwards): it equals the exact loss until the probability on the truth falls below
    e^−100 ≈ 3.7e−44, and never exceeds 100 nats (≈ 144.3 bits).

    Parameters
    ----------
    y_true : array_like
        Labels in [0, 1], broadcast against ``y_pred``.
    y_pred : array_like
        Predicted probabilities of class 1, in [0, 1] (0 and 1 included).
    log_floor : float
        The lowest value a natural-log term may take; must be negative and finite.
    base : float
        Logarithm base of the result: ``math.e`` for nats, 2 for bits.

    Returns
    -------
    numpy.ndarray
        Element-wise losses, float64, the broadcast shape.
    """
    y = _probabilities(y_true, "y_true")
    p = _probabilities(y_pred, "y_pred")
    log_base = log_of_base(base)
    log_floor = check_scalar(log_floor, "log_floor", high=0.0, high_open=True)
    y, p = _broadcast(y, p)
    with np.errstate(divide="ignore"):
        log_p = np.maximum(np.log(p), log_floor)
        log_not_p = np.maximum(np.log1p(-p), log_floor)
    return -(y * log_p + (1 - y) * log_not_p) / log_base


def probability_of_truth(y_true: ArrayLike, y_pred: ArrayLike) -> np.ndarray:
    """The probability given to the outcome that happened: p_t = p if y = 1, else 1 − p.

    Parameters
    ----------
    y_true : array_like
        Hard labels, 0 or 1.
    y_pred : array_like
        Predicted probabilities of class 1, in [0, 1].

    Returns
    -------
    numpy.ndarray
        p_t, float64, the broadcast shape.
    """
    y = _probabilities(y_true, "y_true")
    if np.any((y != 0) & (y != 1)):
        raise InputError("y_true must hold hard labels, 0 or 1; p_t is undefined for soft labels")
    p = _probabilities(y_pred, "y_pred")
    y, p = _broadcast(y, p)
    return np.where(y == 1, p, 1.0 - p)
