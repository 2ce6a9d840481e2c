"""The Entropy page's formulas."""

from __future__ import annotations

from ce_ui.format import digits_for, latex_sig


def symbol_entropy(entropy: float) -> str:
    return rf"H = -\sum_s p_s \log_2 p_s = {latex_sig(entropy)}"


def uniform(count: int, bits: float) -> str:
    return rf"\log_2 {count} = {latex_sig(bits)}"


def decomposition(cross_entropy: float, entropy: float, divergence: float) -> str:
    """H(p, q) = H(p) + KL(p‖q), with H(p) and KL written with the digits it takes for their sum
    to show as H(p, q)."""
    digits = digits_for([entropy, divergence], sum, cross_entropy) or 17
    return (
        rf"H(p, q) = H(p) + \mathrm{{KL}}(p \,\|\, q):\quad {latex_sig(cross_entropy)}"
        rf" = {latex_sig(entropy, digits)} + {latex_sig(divergence, digits)}"
    )
