"""Gradient descent on the logits of one example: cross-entropy's gradient at work, step by step.

For one example with true class y and logits z, the softmax cross-entropy

    L(z) = −log softmax(z)_y

has the gradient ∂L/∂z = softmax(z) − onehot(y): the true class's logit is pushed up by
1 − ŷ_y and every other logit is pushed down by its own probability ŷ_c. Plain gradient descent
with learning rate η repeats

    z_{k+1} = z_k − η · (softmax(z_k) − onehot(y)).

Everything here is deterministic: the same inputs give the same trajectory, bit for bit.
"""

from __future__ import annotations

import math
import numbers
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike

import ce_core as cc
from ce_core._validation import (
    ROW_SUM_TOLERANCE,
    InputError,
    check_array,
    check_int,
    check_scalar,
    log_of_base,
)

MAX_STEPS = 100_000
"""Longest trajectory :func:`gradient_descent` computes (it keeps every state in memory)."""


@dataclass(frozen=True)
class Descent:
    """The states of a gradient descent run; row ``k`` of each array is the state after ``k``
    steps, so every array has ``steps + 1`` rows and row 0 is the starting point.

    Attributes
    ----------
    logits : ndarray, shape (steps + 1, C)
        z_k.
    probabilities : ndarray, shape (steps + 1, C)
        softmax(z_k).
    losses : ndarray, shape (steps + 1,)
        L(z_k) = −log softmax(z_k)_y, in the units of the ``base`` the run was asked for.
    gradients : ndarray, shape (steps + 1, C)
        ∂L/∂z at z_k, i.e. softmax(z_k) − onehot(y), always of the natural-log loss (the update
        rule does not depend on the units the losses are reported in).
    """

    logits: np.ndarray
    probabilities: np.ndarray
    losses: np.ndarray
    gradients: np.ndarray


def _check_logits(logits) -> np.ndarray:
    z = check_array(logits, "logits", min_size=0).astype(np.float64, copy=False)
    if z.ndim != 1 or z.size < 2:
        raise InputError(
            f"logits must be a 1-D array of at least 2 class scores, got shape {z.shape} "
            "(pass the logits of one example)"
        )
    if not np.all(np.isfinite(z)):
        position = int(np.flatnonzero(~np.isfinite(z))[0])
        raise InputError(
            f"logits[{position}] is {z[position]}; logits must be finite numbers "
            "(for a probability of 0, use a very negative logit such as -30)"
        )
    return z


def _check_class(y_true, n_classes: int) -> int:
    if isinstance(y_true, bool | np.bool_) or not isinstance(y_true, numbers.Integral):
        raise InputError(
            f"y_true must be a class index (an integer), got {y_true!r} (use 0 to {n_classes - 1})"
        )
    if not 0 <= y_true < n_classes:
        raise InputError(
            f"y_true is {y_true}, outside the {n_classes} classes of logits "
            f"(use 0 to {n_classes - 1})"
        )
    return int(y_true)


def _check_learning_rate(learning_rate) -> float:
    return check_scalar(
        learning_rate,
        "learning_rate",
        low=0.0,
        low_open=True,
        hint="a negative rate climbs the loss instead of descending; try 0.5",
    )


def _check_steps(steps) -> int:
    return check_int(steps, "steps", low=0, high=MAX_STEPS)


def gradient_descent(
    y_true: ArrayLike, logits: ArrayLike, *, learning_rate: float, steps: int, base: float = math.e
) -> Descent:
    """Run plain gradient descent on the logits of one example and return every state.

    z_{k+1} = z_k − η · ∂L/∂z(z_k), with ∂L/∂z = softmax(z) − onehot(y) taken from
    :func:`ce_core.cross_entropy_grad`, the losses from :func:`ce_core.categorical_cross_entropy`
    and the probabilities from :func:`ce_core.softmax`.

    Parameters
    ----------
    y_true : int
        The true class, 0 ≤ y_true < C.
    logits : array_like, shape (C,)
        The starting logits z_0, C ≥ 2, finite.
    learning_rate : float
        η > 0.
    steps : int
        Number of updates, 0 ≤ steps ≤ :data:`MAX_STEPS`.
    base : float, default e
        Log base the losses are reported in (e: nats, 2: bits). The updates always use the
        gradient of the natural-log loss, as training code does, so the trajectory of logits does
        not depend on ``base``.

    Returns
    -------
    Descent
        Logits, probabilities, losses and gradients after 0, 1, …, ``steps`` updates.

    Raises
    ------
    ValueError
        If ``y_true`` is not a class of ``logits``, the logits are not a finite vector of at least
        two numbers, ``learning_rate`` is not > 0, ``steps`` is out of range, or ``base`` is not a
        valid log base.

    Examples
    --------
    >>> run = gradient_descent(0, [0.0, 0.0, 0.0], learning_rate=1.0, steps=1)
    >>> round(float(run.losses[1]), 4)
    0.5514
    """
    z = _check_logits(logits)
    y = _check_class(y_true, z.size)
    rate = _check_learning_rate(learning_rate)
    steps = _check_steps(steps)
    log_of_base(base)

    trajectory = np.empty((steps + 1, z.size))
    trajectory[0] = z
    for step in range(steps):
        gradient = cc.cross_entropy_grad(y, trajectory[step], reduction="sum")
        trajectory[step + 1] = trajectory[step] - rate * gradient

    targets = np.full(steps + 1, y)
    return Descent(
        logits=trajectory,
        probabilities=cc.softmax(trajectory),
        losses=cc.categorical_cross_entropy(
            targets, trajectory, from_logits=True, reduction="none", base=base
        ),
        gradients=cc.cross_entropy_grad(targets, trajectory, reduction="sum"),
    )


def logits_from_probabilities(probabilities: ArrayLike) -> np.ndarray:
    """Logits whose softmax is the given distribution: z = log p.

    softmax(log p)_c = p_c / Σ p = p_c, so the cross-entropy gradient at these logits is
    p − onehot(y). Any constant could be added to every logit; log p is the choice with
    logsumexp(z) = 0.

    Parameters
    ----------
    probabilities : array_like, shape (C,)
        A distribution: C ≥ 2 numbers in (0, 1] summing to 1 (tolerance 1e-6).

    Returns
    -------
    ndarray, shape (C,)
        log p, float64.

    Raises
    ------
    ValueError
        If a probability is 0 (its logit would be −∞), negative, above 1 or not finite, or the
        numbers do not sum to 1.
    """
    p = check_array(probabilities, "probabilities", min_size=0).astype(np.float64, copy=False)
    if p.ndim != 1 or p.size < 2:
        raise InputError(
            f"probabilities must be a 1-D array of at least 2 numbers, got shape {p.shape}"
        )
    bad = ~np.isfinite(p) | (p <= 0) | (p > 1)
    if np.any(bad):
        position = int(np.flatnonzero(bad)[0])
        raise InputError(
            f"probabilities[{position}] is {p[position]:.6g}; each probability must be in (0, 1] "
            "(a probability of 0 has no logit: log 0 = -inf; use a small number such as 1e-6)"
        )
    total = float(p.sum())
    if abs(total - 1.0) > ROW_SUM_TOLERANCE:
        raise InputError(
            f"probabilities sum to {total:.6g}; they must sum to 1 (divide each by the sum)"
        )
    return np.log(p)
