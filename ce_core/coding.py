"""Cross-entropy is code length: an arithmetic coder driven by a language model, and the
general-purpose compressors of Python's standard library for comparison.

Shannon's source coding theorem says no code can average fewer than ``H(p)`` bits per symbol,
and a code built for a model ``q`` averages the cross-entropy ``H(p, q)``. Arithmetic coding
comes within two bits of it for a whole message: it narrows an interval by each symbol's
probability in turn, and the message is any number in the final interval, which takes about
``−log₂ Π q(xᵢ) = Σ −log₂ q(xᵢ)`` bits to write down. So the model's total surprisal (from
:func:`ce_core.language.score_text`) *is* the compressed size, and a better model is a better
compressor.

The coder works in exact integer arithmetic (Witten, Neal and Cleary's carry-less form, with
64-bit interval bounds): each probability vector is first rounded to integer frequencies summing
to ``2**32``, every possible character keeping at least 1, so encoder and decoder agree to the
bit; the rounding costs far less than a bit on a text of thousands of characters.
"""

from __future__ import annotations

import bz2
import lzma
import zlib
from dataclasses import dataclass

import numpy as np

from ._validation import InputError, check_array, check_int
from .language import NgramModel, _check_model, _check_text, _symbol_indices, next_distribution

FREQUENCY_BITS = 32
_PRECISION = 64
_TOP = (1 << _PRECISION) - 1
_HALF = 1 << (_PRECISION - 1)
_QUARTER = 1 << (_PRECISION - 2)


def integer_frequencies(probabilities) -> np.ndarray:
    """Round a probability vector to integer frequencies summing to ``2**FREQUENCY_BITS``.

    A symbol with probability > 0 keeps at least 1 (it stays encodable); one with probability 0
    gets 0. The rounding is deterministic, so an encoder and a decoder that compute the same
    probabilities get the same table.
    """
    p = check_array(
        probabilities, "probabilities", ndim=1, finite=True, low=0, high=1, what="probabilities"
    ).astype(np.float64)
    possible = p > 0
    if not possible.any():
        raise InputError("probabilities are all 0; at least one symbol must be possible")
    total = 1 << FREQUENCY_BITS
    spare = total - int(possible.sum())
    weights = np.where(possible, p, 0.0)
    frequencies = np.floor(weights / weights.sum() * spare).astype(np.int64) + possible
    frequencies[np.argmax(weights)] += total - int(frequencies.sum())
    return frequencies


@dataclass(frozen=True)
class ArithmeticCode:
    """An encoded text.

    Attributes
    ----------
    data : bytes
        The code, ``bits`` bits padded with zeros to whole bytes.
    bits : int
        Its length in bits.
    length : int
        Characters encoded (the decoder needs it, as it needs the model).
    """

    data: bytes
    bits: int
    length: int


def _frequencies_after(model: NgramModel, text: str) -> np.ndarray:
    return integer_frequencies(next_distribution(model, text[max(0, len(text) - model.order) :]))


def arithmetic_encode(model: NgramModel, text: str) -> ArithmeticCode:
    """Encode ``text`` with the probabilities ``model`` gives each character in turn.

    Raises ``InputError`` when a character has probability 0 under the model (add-k with
    ``k = 0`` and a continuation the corpus never had): its code would be infinitely long.
    """
    _check_model(model)
    text = _check_text(text, "text")
    symbols = _symbol_indices(model, text, "text")
    low, high, pending = 0, _TOP, 0
    out: list[int] = []

    def emit(bit: int) -> None:
        nonlocal pending
        out.append(bit)
        out.extend([1 - bit] * pending)
        pending = 0

    for i, symbol in enumerate(symbols):
        frequencies = _frequencies_after(model, text[:i])
        if frequencies[symbol] == 0:
            raise InputError(
                f"text[{i}] = {text[i]!r} has probability 0 under the model (add-k with k = 0 "
                "never saw it after this context): its code would be infinitely long; use k > 0 "
                "or Kneser–Ney"
            )
        below = int(frequencies[:symbol].sum())
        span = high - low + 1
        high = low + span * (below + int(frequencies[symbol])) // (1 << FREQUENCY_BITS) - 1
        low = low + span * below // (1 << FREQUENCY_BITS)
        while True:
            if high < _HALF:
                emit(0)
            elif low >= _HALF:
                emit(1)
                low, high = low - _HALF, high - _HALF
            elif low >= _QUARTER and high < _HALF + _QUARTER:
                pending += 1
                low, high = low - _QUARTER, high - _QUARTER
            else:
                break
            low, high = 2 * low, 2 * high + 1
    pending += 1  # two more bits pick a number inside the final interval
    emit(0 if low < _QUARTER else 1)
    data = np.packbits(np.array(out, dtype=np.uint8)).tobytes()
    return ArithmeticCode(data=data, bits=len(out), length=len(text))


def arithmetic_decode(model: NgramModel, code: ArithmeticCode) -> str:
    """Decode what :func:`arithmetic_encode` wrote with the same model: the text, exactly."""
    _check_model(model)
    if not isinstance(code, ArithmeticCode):
        raise InputError(f"code must be an ArithmeticCode, got {type(code).__name__}")
    length = check_int(code.length, "code.length", low=1)
    bits = np.unpackbits(np.frombuffer(code.data, dtype=np.uint8))[: code.bits].tolist()
    position = 0

    def next_bit() -> int:
        nonlocal position
        position += 1
        return bits[position - 1] if position <= len(bits) else 0

    value = 0
    for _ in range(_PRECISION):
        value = 2 * value + next_bit()
    low, high = 0, _TOP
    text = ""
    for _ in range(length):
        frequencies = _frequencies_after(model, text)
        cumulative = np.concatenate(([0], np.cumsum(frequencies)))
        span = high - low + 1
        target = ((value - low + 1) * (1 << FREQUENCY_BITS) - 1) // span
        symbol = int(np.searchsorted(cumulative, target, side="right")) - 1
        text += model.alphabet[symbol]
        high = low + span * int(cumulative[symbol + 1]) // (1 << FREQUENCY_BITS) - 1
        low = low + span * int(cumulative[symbol]) // (1 << FREQUENCY_BITS)
        while True:
            if high < _HALF:
                pass
            elif low >= _HALF:
                low, high, value = low - _HALF, high - _HALF, value - _HALF
            elif low >= _QUARTER and high < _HALF + _QUARTER:
                low, high, value = low - _QUARTER, high - _QUARTER, value - _QUARTER
            else:
                break
            low, high, value = 2 * low, 2 * high + 1, 2 * value + next_bit()
    return text


def compressed_bits(text: str) -> dict[str, int]:
    """Size in bits of ``text`` (UTF-8) compressed by ``zlib``, ``bz2`` and ``lzma`` at their
    strongest settings, each with its format's header and checksum, as files would be; and the
    UTF-8 text itself (``"utf-8"``) for scale."""
    text = _check_text(text, "text")
    raw = text.encode("utf-8")
    return {
        "utf-8": 8 * len(raw),
        "zlib": 8 * len(zlib.compress(raw, 9)),
        "bz2": 8 * len(bz2.compress(raw, 9)),
        "lzma": 8 * len(lzma.compress(raw, preset=9 | lzma.PRESET_EXTREME)),
    }
