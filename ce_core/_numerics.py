"""Pieces every loss shares: products where a zero factor wins over ``inf`` (``0·log 0 = 0``),
and the reduction."""

from __future__ import annotations

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


def reduce_loss(loss: np.ndarray, reduction: str, ln_base: float, denominator=None):
    """Apply ``reduction`` ("none", "sum", or "mean" = sum / ``denominator``, default the count)
    and convert nats to the requested base by dividing by ``ln_base``."""
    if reduction == "none":
        # Adding +0.0 turns the -0.0 of -log(1) into 0.0, which prints better.
        return np.asarray(loss / ln_base + 0.0)
    if reduction == "sum":
        out = loss.sum()
    elif denominator is None:
        out = loss.mean()
    else:
        out = loss.sum() / denominator
    return out / ln_base + 0.0
