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
