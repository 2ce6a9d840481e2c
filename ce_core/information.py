"""Entropy, cross-entropy and KL divergence of distributions, and the information in a text.

- Entropy ``H(p) = −Σ p log p``: the average surprise of outcomes drawn from ``p``; in bits, the
  fewest bits per outcome any code can average.
- Cross-entropy ``H(p, q) = −Σ p log q``: the average surprise when outcomes come from ``p`` but
  we expect ``q``. Gibbs' inequality: ``H(p, q) ≥ H(p)``, with equality only when ``q = p``.
- KL divergence ``KL(p‖q) = Σ p log(p/q) = H(p, q) − H(p) ≥ 0``: the excess.

All use ``0 · log 0 = 0`` and mirror ``scipy.stats.entropy(p, base=...)`` and
``scipy.stats.entropy(p, q, base=...)`` (KL) for distributions that sum to 1, within rounding.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike

from ._numerics import neg_xlogy
from ._validation import (
    InputError,
    as_float_array,
    check_array,
    check_axis,
    check_probabilities,
    check_rows_sum_to_one,
    log_of_base,
)

_NORMALISE_HINT = "divide counts by their total to get probabilities"


def _distribution(p, name: str, axis, dtype=None) -> np.ndarray:
    source = p
    p = as_float_array(p, name, dtype=dtype)
    axis = check_axis(axis, name, p.ndim)
    check_probabilities(p, name, rows=False, hint=_NORMALISE_HINT)
    check_rows_sum_to_one(p, name, _NORMALISE_HINT, axis=axis, source=source)
    return p


def _pair(p, q, axis: int) -> tuple[np.ndarray, np.ndarray]:
    p = _distribution(p, "p", axis)
    q = _distribution(q, "q", axis, dtype=p.dtype)
    if p.shape != q.shape:
        raise InputError(
            f"p has shape {p.shape} but q has shape {q.shape}; "
            "both distributions must be over the same outcomes"
        )
    return p, q


def _log(x: np.ndarray) -> np.ndarray:
    with np.errstate(divide="ignore"):
        return np.log(x)


def entropy(p: ArrayLike, *, base: float = math.e, axis: int = -1) -> np.floating | np.ndarray:
    """Entropy ``H(p) = −Σ_c p_c log p_c`` of the distribution(s) along ``axis``.

    Mirrors ``scipy.stats.entropy(p, base=base, axis=axis)``. A uniform distribution over n
    outcomes has ``log n``: 3 bits for 8, 10 bits for 1024; a certain outcome has 0.

    Parameters
    ----------
    p : array_like
        Probabilities summing to 1 along ``axis``.
    base : float, default math.e
        ``math.e`` nats, ``2`` bits, ``10``.
    axis : int, default -1

    Returns
    -------
    float64 (or float32) scalar for one distribution, else ndarray with ``axis`` removed.
    """
    ln_base = log_of_base(base)
    p = _distribution(p, "p", axis)
    return neg_xlogy(p, _log(p)).sum(axis=axis) / ln_base + 0.0


def cross_entropy(
    p: ArrayLike, q: ArrayLike, *, base: float = math.e, axis: int = -1
) -> np.floating | np.ndarray:
    """Cross-entropy ``H(p, q) = −Σ_c p_c log q_c`` of the true ``p`` and the model ``q``.

    ``H(p, q) ≥ H(p)``; it is ``inf`` when ``q`` gives zero probability to an outcome ``p``
    allows. For a one-hot ``p`` this is the categorical cross-entropy loss ``−log q_y``.

    Parameters
    ----------
    p, q : array_like
        Distributions of the same shape, summing to 1 along ``axis``.
    base : float, default math.e
    axis : int, default -1
    """
    ln_base = log_of_base(base)
    p, q = _pair(p, q, axis)
    return neg_xlogy(p, _log(q)).sum(axis=axis) / ln_base + 0.0


def _log_ratio(p: np.ndarray, q: np.ndarray) -> np.ndarray:
    """``log(p / q)`` to within a few ulps of its own size, also when ``p ≈ q``.

    For ``q/2 ≤ p ≤ 2q`` the difference ``p − q`` is exact (Sterbenz), so ``log1p((p − q)/q)``
    keeps the small ratio's digits that ``log p − log q`` would cancel away. Elsewhere the ratio is
    far from 1 and ``log p − log q`` is accurate (and cannot overflow as ``p / q`` could).
    """
    with np.errstate(divide="ignore", invalid="ignore"):
        near = (q > 0) & (p >= 0.5 * q) & (p <= 2 * q)
        ratio = np.log1p(np.divide(p - q, q, out=np.zeros_like(p), where=near))
        return np.where(near, ratio, np.log(p) - np.log(q))  # nan where p = q = 0: masked below


def kl_divergence(
    p: ArrayLike, q: ArrayLike, *, base: float = math.e, axis: int = -1
) -> np.floating | np.ndarray:
    """Kullback–Leibler divergence ``KL(p‖q) = Σ_c p_c log(p_c / q_c) = H(p, q) − H(p)``.

    Mirrors ``scipy.stats.entropy(p, q, base=base, axis=axis)`` (equal within rounding for
    distributions that sum to 1; SciPy divides both by their sums first). It is ≥ 0 (Gibbs'
    inequality), 0 exactly when ``q = p``, and ``inf`` when ``q_c = 0 < p_c``; ``0·log 0 = 0``.

    Accurate also for nearly equal distributions: each ``log(p_c / q_c)`` is computed as
    ``log1p((p_c − q_c) / q_c)`` where ``p_c`` and ``q_c`` are within a factor 2, so a divergence
    of 1.73e−18 (``p = [0.5 + 2^−30, 0.5 − 2^−30]``, ``q = [0.5, 0.5]``) is returned as such,
    where ``log p − log q`` would lose it to rounding errors of ~1e−17. The error is at most a
    few ulps of ``Σ_c |p_c log(p_c / q_c)|``; a sum below 0 (possible only through rounding, or
    for inputs whose sums differ by a few ulps) is returned as 0.

    Parameters
    ----------
    p, q : array_like
        Distributions of the same shape, summing to 1 along ``axis``.
    base : float, default math.e
    axis : int, default -1
    """
    ln_base = log_of_base(base)
    p, q = _pair(p, q, axis)
    kl = neg_xlogy(p, -_log_ratio(p, q)).sum(axis=axis)
    return np.maximum(kl, 0) / ln_base + 0.0


@dataclass(frozen=True)
class SymbolInformation:
    """The information content of a text, read as a sequence of independent symbols.

    Attributes
    ----------
    symbols : tuple of str
        The distinct symbols, in order of first appearance.
    counts : tuple of int
        How often each symbol occurs.
    probabilities : tuple of float
        ``counts / length``: the empirical distribution.
    length : int
        Number of symbols in the text.
    base : float
        Log base of ``entropy`` and ``total`` (2: bits).
    entropy : float
        Entropy of the empirical distribution, per symbol.
    total : float
        ``entropy × length``: the information in the whole text (the best an ideal code for
        this distribution can do).
    fixed_length_bits : int
        ``ceil(log2(number of distinct symbols))``: bits per symbol of a fixed-length code.
    """

    symbols: tuple[str, ...]
    counts: tuple[int, ...]
    probabilities: tuple[float, ...]
    length: int
    base: float
    entropy: float
    total: float
    fixed_length_bits: int

    @property
    def fixed_length_total_bits(self) -> int:
        """Bits for the whole text with a fixed-length code."""
        return self.fixed_length_bits * self.length


def symbol_information(text: str, base: float = 2) -> SymbolInformation:
    """Symbols, counts, probabilities and entropy (per symbol and in total) of ``text``.

    The entropy is that of the text's empirical symbol distribution:
    ``"jteikfqa"`` (8 distinct letters) has 3 bits per symbol and 24 bits in all,
    ``"aaaaaaaa"`` has 0.

    ``text`` is either a ``str``, whose symbols are its code points (so ``"été"`` typed with
    combining accents has 5 symbols, and the flag 🇫🇷 is 2), or a sequence of non-empty strings,
    each one symbol: ``("é", "t", "é")`` has 3, two of them the same. To count the characters a
    reader sees, pass the text's grapheme clusters (the app splits them with ``ce_ui.text``).
    """
    if isinstance(text, str):
        sequence = text
    elif isinstance(text, (list, tuple)) and all(isinstance(s, str) and s for s in text):
        sequence = tuple(text)
    else:
        raise InputError(
            f"text must be a string or a sequence of non-empty strings (one per symbol), got "
            f"{type(text).__name__}"
        )
    if not sequence:
        raise InputError("text is empty; pass at least one symbol")
    ln_base = log_of_base(base)
    tally = Counter(sequence)
    counts = np.array(list(tally.values()), dtype=np.float64)
    probabilities = counts / len(sequence)
    per_symbol = float(neg_xlogy(probabilities, np.log(probabilities)).sum() / ln_base + 0.0)
    return SymbolInformation(
        symbols=tuple(tally),
        counts=tuple(tally.values()),
        probabilities=tuple(probabilities.tolist()),
        length=len(sequence),
        base=float(base),
        entropy=per_symbol,
        total=per_symbol * len(sequence),
        fixed_length_bits=(len(tally) - 1).bit_length(),
    )


def symbol_entropy(text: str, *, base: float = 2) -> float:
    """Entropy per symbol of ``text``'s empirical symbol distribution (bits by default).

    ``text`` is a ``str`` (its code points are the symbols) or a sequence of symbols, as for
    :func:`symbol_information`. ``symbol_entropy("jteikfqa") == 3.0``; use
    :func:`symbol_information` for the total and the counts.
    """
    return symbol_information(text, base=base).entropy


def nats_to(value: float | ArrayLike, base: float) -> float | np.ndarray:
    """Convert an information quantity from nats to units of ``base`` (2: bits, 10, math.e).

    ``nats_to(math.log(8), 2) == 3.0``.
    """
    ln_base = log_of_base(base)
    return check_array(value, "value", finite="nan", what="information values") / ln_base
