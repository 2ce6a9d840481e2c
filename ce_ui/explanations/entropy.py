"""The Entropy page's sentences and table."""

from __future__ import annotations

import numpy as np

from ce_ui.figures.entropy import symbol_label
from ce_ui.format import sig
from ce_ui.i18n import t


def bits_text(value: float) -> str:
    """``3 bits``, ``1 bit``, ``2.585 bits``: a number of bits with its plural form, chosen by the
    number as shown (a whole number as it is, others to four significant digits)."""
    if isinstance(value, int | np.integer):
        return t("entropy.bits_value", count=int(value), value=int(value))
    return t("entropy.bits_value", count=float(f"{value:.4g}"), value=sig(value))


def fixed_length_label(per_symbol: int, length: int) -> str:
    return t("entropy.fixed_metric", count=per_symbol, length=length)


def text_summary(info) -> str:
    """The sentence under a text's metrics (``info`` from ``ce_core.symbol_information``)."""
    return t(
        "entropy.text_summary",
        symbols=t("entropy.symbol_count", count=info.length),
        distinct=len(info.symbols),
        entropy=bits_text(info.entropy),
        total=bits_text(info.total),
        alphabet=t("entropy.symbol_count", count=len(info.symbols)),
        per_symbol=bits_text(info.fixed_length_bits),
        fixed_total=bits_text(info.fixed_length_total_bits),
    )


def uniform_code(count: int) -> str:
    """How many bits a fixed-length code gives each of ``count`` outcomes."""
    return t("entropy.uniform_code", count=(count - 1).bit_length())


def symbol_table(info, probabilities: np.ndarray, information: np.ndarray) -> dict[str, list]:
    """The symbols of a text, most frequent first: count, probability and information."""
    order = np.argsort(-probabilities, kind="stable")
    return {
        t("entropy.column_symbol"): [symbol_label(info.symbols[i]) for i in order],
        t("entropy.column_count"): [info.counts[i] for i in order],
        t("entropy.column_probability"): [sig(probabilities[i]) for i in order],
        t("entropy.column_information"): [sig(information[i]) for i in order],
    }
