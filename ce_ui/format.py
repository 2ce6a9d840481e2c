"""How numbers are written on screen."""

from __future__ import annotations

import math


def sig(value: float, digits: int = 4) -> str:
    """``value`` to ``digits`` significant digits: 2.303, 105.6, 0.001054, 1.054e-06, ∞."""
    value = float(value)
    if math.isnan(value):
        return "NaN"
    if math.isinf(value):
        return "∞" if value > 0 else "−∞"
    text = f"{value:.{digits}g}"
    if "e" in text:
        mantissa, exponent = text.split("e")
        text = f"{mantissa}e{int(exponent)}"
    return text.replace("-", "−")


def latex_sig(value: float, digits: int = 4) -> str:
    """``value`` to ``digits`` significant digits for a LaTeX formula: 2.303, -0.9,
    1.054 \\times 10^{-6}, \\infty."""
    value = float(value)
    if math.isnan(value):
        return r"\mathrm{NaN}"
    if math.isinf(value):
        return r"\infty" if value > 0 else r"-\infty"
    text = f"{value:.{digits}g}"
    if "e" in text:
        mantissa, exponent = text.split("e")
        return rf"{mantissa} \times 10^{{{int(exponent)}}}"
    return text


def sig_padded(value: float, digits: int = 4, *, latex: bool = False) -> str:
    """Like :func:`sig` (or :func:`latex_sig` with ``latex=True``), but trailing zeros are kept so
    that every result shows ``digits`` significant digits: 3.430, 100.0, 0.5000 (but 0 for 0)."""
    value = float(value)
    if not math.isfinite(value) or value == 0:
        return latex_sig(value) if latex else sig(value)
    text = f"{value:#.{digits}g}"
    mantissa, _, exponent = text.partition("e")
    mantissa = mantissa.rstrip(".")
    if not exponent:
        return mantissa if latex else mantissa.replace("-", "−")
    if latex:
        return rf"{mantissa} \times 10^{{{int(exponent)}}}"
    return f"{mantissa}e{int(exponent)}".replace("-", "−")


def whole(value: float) -> str:
    """A whole number with its digits grouped by thin spaces, read the same way in every
    language: 10 000 (a comma would be a decimal separator in Russian and Vietnamese)."""
    return f"{round(value):,}".replace(",", "\u202f")


def oriented_ratio(ratio: float) -> tuple[int, float]:
    """A ratio ``a / b`` of two positive amounts, turned the way a sentence says it: ``(1, ratio)``
    when ``a`` is the larger, ``(-1, b / a)`` when ``b`` is, and ``(0, 1.0)`` when the ratio shows
    as 1 at four significant digits (either way up)."""
    inverse = 1 / ratio if ratio else math.inf
    if sig(ratio) == sig(1.0) or sig(inverse) == sig(1.0):
        return 0, 1.0
    return (1, ratio) if ratio > 1 else (-1, inverse)


def digits_for(value, function, result: float, digits: int = 4) -> int | None:
    """The fewest significant digits (at least ``digits``, at most 17) to write ``value`` (a
    number, or a list of numbers written alike) with so that ``function`` of the written numbers
    shows as ``result`` does: a formula's operands that the reader can check the result against
    (−ln 0.99994 needs five digits, not 0.9999). None when no number of digits does (``value``
    underflowed to 0, say)."""
    target = sig(result)
    several = not isinstance(value, (int, float)) and hasattr(value, "__len__")
    for count in range(digits, 18):
        if several:
            written = [float(f"{float(item):.{count}g}") for item in value]
        else:
            written = float(f"{float(value):.{count}g}")
        try:
            if sig(function(written)) == target:
                return count
        except (ValueError, ZeroDivisionError, OverflowError):
            pass
    return None


def sum_text(total: float) -> str:
    """A sum of probabilities with enough digits not to show as 1 when it is not 1: "1.000002,
    not 1", never "1, not 1"."""
    return unrounded(total, 1.0)


def unrounded(value: float, *ends: float) -> str:
    """``value`` like :func:`sig`, with more digits where four would show it as one of ``ends``
    that it is not: ``unrounded(0.99999999, 0, 1)`` is 0.99999999, not 1."""
    value = float(value)
    for digits in range(4, 18):
        text = sig(value, digits)
        if all((text == sig(end)) == (value == end) for end in ends):
            return text
    return sig(value, 17)
