"""Pieces every loss shares: products where a zero factor wins over ``inf`` (``0·log 0 = 0``),
and the reduction."""

from __future__ import annotations

from typing import NamedTuple

import numpy as np


def weigh(loss: np.ndarray, factor) -> np.ndarray:
    """Element-wise ``loss · factor``, taken as 0 wherever ``factor == 0``.

    A zero weight mutes a term even when the term is infinite, where plain multiplication would
    give ``0 · inf = nan``.
    """
    factor = np.asarray(factor, dtype=loss.dtype)
    out = np.zeros(np.broadcast_shapes(loss.shape, factor.shape), dtype=loss.dtype)
    return np.multiply(loss, factor, out=out, where=factor != 0)


def neg_xlogy(coef: np.ndarray, log_q: np.ndarray) -> np.ndarray:
    """Element-wise ``−coef · log_q`` with the convention ``0 · log 0 = 0``.

    A class with no target mass costs nothing even when its predicted probability is 0; where
    ``coef > 0`` and ``log_q = −inf`` the result is ``inf``.
    """
    out = weigh(log_q, coef)
    return np.negative(out, out=out)


def reduce_loss(loss: np.ndarray, reduction: str, ln_base: float, denominator=None, dtype=None):
    """Apply ``reduction`` ("none", "sum", or "mean" = sum / ``denominator``, default the count)
    and convert nats to the requested base by dividing by ``ln_base``.

    ``dtype`` is the dtype of the result (default ``loss``'s): losses computed in float64 for
    float32 input are reduced in float64 and rounded once, here."""
    dtype = loss.dtype if dtype is None else np.dtype(dtype)
    if reduction == "none":
        # Adding +0.0 turns the -0.0 of -log(1) into 0.0, which prints better.
        return np.asarray(loss / ln_base + 0.0).astype(dtype, copy=False)
    if reduction == "sum":
        out = loss.sum()
    elif denominator is None:
        out = loss.mean()
    else:
        out = loss.sum() / denominator
    return dtype.type(out / ln_base + 0.0)


# --- Exact softmax arithmetic -----------------------------------------------------------------
#
# Everything computed from logits goes through the terms of the shifted softmax: with m the row
# maximum (at one position k*), d = z − m ≤ 0 and e = exp(d), the maximal term is exactly 1,
# and the others sum to s = Σ_{k≠k*} e_k. Then, with no cancellation anywhere,
#
#   logsumexp(z) = m + log1p(s),   log_softmax_c = d_c − log1p(s),   softmax_c = e_c / (1 + s),
#
# and the cross-entropy of a true class y is log1p(s) − d_y, a sum of two non-negative terms: it is
# never negative, exactly 0 for one class, and accurate relative to itself however confident the
# row (log1p keeps the relative accuracy of a tiny s, where log(1 + s) would round it away).
#
# Two details keep it exact rather than merely stable:
# - float32 input is computed in float64 and rounded once at the end;
# - for float64 input, d = fl(z − m) can be off by half an ulp of d, which exp turns into a
#   relative error of up to |d|/2 ulps (hundreds, for |d| near 700). The rounding error of the
#   subtraction is recovered exactly with Knuth's TwoSum and folded in as
#   exp(d + δ) = exp(d)·(1 + δ).

WORK = np.float64


def two_diff_error(a: np.ndarray, b: np.ndarray, diff: np.ndarray) -> np.ndarray:
    """The exact rounding error of ``diff = fl(a − b)``: ``(a − b) − diff`` (Knuth's TwoSum)."""
    b_virtual = diff - a
    a_virtual = diff - b_virtual
    return (a - a_virtual) + (-b - b_virtual)


class SoftmaxTerms(NamedTuple):
    """The shifted softmax of ``z`` along an axis, in float64 (see the section comment).

    ``shifted + correction`` is ``z − m`` to about twice float64 precision (``correction``
    is 0.0 for float32 input, whose shift is exact enough in float64); ``exp`` is
    ``exp(shifted + correction)``, exactly 1 at ``argmax``; ``rest`` (kept as a length-1 axis)
    sums ``exp`` over every entry but that one, so ties for the maximum are counted in it;
    ``top`` is ``m``, ``nan``/``±inf`` for rows that are invalid or only ``-inf``.
    """

    shifted: np.ndarray
    correction: np.ndarray | float
    exp: np.ndarray
    rest: np.ndarray
    top: np.ndarray
    argmax: np.ndarray

    def log1p_rest(self) -> np.ndarray:
        """``log1p(s) = logsumexp(z) − m ≥ 0``."""
        return np.log1p(self.rest)

    def logsumexp(self) -> np.ndarray:
        with np.errstate(invalid="ignore"):
            return self.top + self.log1p_rest()

    def log_softmax(self) -> np.ndarray:
        return (self.shifted - self.log1p_rest()) + self.correction

    def softmax(self) -> np.ndarray:
        return self.exp / (1 + self.rest)

    def others(self, indices: np.ndarray) -> np.ndarray:
        """``Σ_{k≠y} exp_k`` for a position ``y`` per row (``indices`` with the kept axis), without
        cancellation: ``s`` itself when ``y`` is the maximum, else ``(1 + s) − e_y ≥ 1``."""
        at_y = np.take_along_axis(self.exp, indices, axis=-1)
        return np.where(indices == self.argmax, self.rest, (1 + self.rest) - at_y)


def softmax_terms(z: np.ndarray, axis: int = -1, temperature: float = 1.0) -> SoftmaxTerms:
    """:class:`SoftmaxTerms` of ``z / temperature`` along ``axis`` (moved to the end).

    The division by the temperature is done first, in float64, as ``softmax(z / T)`` would do it
    (so ``softmax(z, temperature=T)`` is ``softmax(z / T)`` bit for bit in float64); the softmax
    of those quotients is then exact. For float32 logits the quotients are exact to float64
    precision, far below a float32 rounding.
    """
    z = np.moveaxis(z, axis, -1)
    # float32 logits are exact in float64, and so is their difference z − m (to 2⁻⁵³ of it).
    exact_shift = z.dtype == np.float32 and temperature == 1.0
    z = z.astype(WORK, copy=False)
    if temperature != 1.0:
        z = z / temperature
    argmax = np.argmax(z, axis=-1, keepdims=True)
    top = np.take_along_axis(z, argmax, axis=-1)
    # A row of only -inf (or with nan/+inf) has no finite maximum: shift it by 0 instead, so that
    # `top` keeps the bad value for the caller's check and nothing here turns into nan.
    shift = np.where(np.isfinite(top), top, 0)
    with np.errstate(invalid="ignore", under="ignore"):
        shifted = z - shift
        correction = 0.0
        if not exact_shift:
            correction = two_diff_error(z, shift, shifted)
            # -inf logits give nan here; their exp is 0 whatever the correction.
            correction = np.nan_to_num(correction, copy=False, nan=0.0, posinf=0.0, neginf=0.0)
        exp = np.exp(shifted)
        if not exact_shift:
            exp += exp * correction
    np.put_along_axis(exp, argmax, 0.0, axis=-1)
    rest = exp.sum(axis=-1, keepdims=True)
    np.put_along_axis(exp, argmax, 1.0, axis=-1)
    return SoftmaxTerms(shifted, correction, exp, rest, top, argmax)
