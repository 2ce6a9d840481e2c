"""Reading what people type into vector fields, with messages that say what to fix."""

from __future__ import annotations

import math
import re

import numpy as np

from ce_ui.i18n import t
from ce_ui.url_state import SEPARATORS, format_number, quote_user_text

MAX_VECTOR_LENGTH = 20
"""Longest hand-editable vector (classes in the Playground, say)."""
MAX_VECTOR_CHARS = 500
"""Longest text of a vector field (its widget's ``max_chars`` and the longest value a link carries
for it): room for 20 numbers of 17 significant digits with their separators."""

_SEPARATORS = SEPARATORS
_NUMBER = re.compile(r"[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")
"""A number as the fields accept it: ASCII digits, an optional point and exponent. Python's float()
also takes other scripts' digits (٣, ３), underscores, "inf" and "nan"; those are refused."""


def check_length(text: str, field: str, max_chars: int) -> None:
    """Raise :class:`InputProblem` when ``text`` is longer than ``max_chars`` characters: checked
    before a field's text is split or parsed, so over-long input costs nothing."""
    if len(text) > max_chars:
        raise InputProblem(t("common.text_too_long", field=field, count=len(text), limit=max_chars))


def full_note(text: str, max_chars: int) -> str:
    """A sentence to add to a message about ``text`` when its field is full (empty otherwise):
    the browser cuts a paste to the field's ``max_chars``, which may be why the text does not
    read."""
    return t("common.field_full", limit=max_chars) if len(text) >= max_chars else ""


class InputProblem(ValueError):
    """A field's text cannot be used; ``str(problem)`` is the translated message to show."""


def parse_vector(
    text: str,
    field: str,
    *,
    min_length: int = 1,
    max_length: int = MAX_VECTOR_LENGTH,
    low: float | None = None,
    high: float | None = None,
    max_chars: int = MAX_VECTOR_CHARS,
) -> np.ndarray:
    """The numbers in ``text`` (separated by commas, semicolons or spaces) as a float64 array.

    ``field`` is the field's on-screen name, used in messages. Raises :class:`InputProblem` for an
    empty field, text longer than ``max_chars`` (before it is split), a word that is not a finite
    number written with ASCII digits, too few or too many numbers, or a number outside
    ``[low, high]``.
    """
    check_length(text, field, max_chars)
    try:
        return _numbers(text, field, min_length, max_length, low, high)
    except InputProblem as problem:
        note = full_note(text, max_chars)
        if note:
            raise InputProblem(f"{problem} {note}") from None
        raise


def _numbers(text, field, min_length, max_length, low, high) -> np.ndarray:
    items = [item for item in _SEPARATORS.split(text.strip()) if item]
    if not items:
        raise InputProblem(t("common.vector_empty", field=field))
    if len(items) > max_length:
        raise InputProblem(
            t("common.vector_too_long", field=field, count=len(items), limit=max_length)
        )
    if len(items) < min_length:
        raise InputProblem(
            t("common.vector_too_short", field=field, count=len(items), minimum=min_length)
        )
    values = []
    for position, item in enumerate(items, start=1):
        if any(char.isdigit() and not char.isascii() for char in item):
            raise InputProblem(
                t(
                    "common.vector_other_digits",
                    field=field,
                    item=quote_user_text(item),
                    position=position,
                )
            )
        number = float(item) if _NUMBER.fullmatch(item) else math.nan
        if not math.isfinite(number):
            raise InputProblem(
                t(
                    "common.vector_not_number",
                    field=field,
                    item=quote_user_text(item),
                    position=position,
                )
            )
        if (low is not None and number < low) or (high is not None and number > high):
            raise InputProblem(
                t(
                    "common.vector_out_of_range",
                    field=field,
                    item=quote_user_text(item),
                    position=position,
                    low=format_number(low if low is not None else -math.inf),
                    high=format_number(high if high is not None else math.inf),
                )
            )
        values.append(number)
    return np.array(values)


def format_vector(values) -> str:
    """The text form of a vector, as typed in fields and written in URLs: ``0.7,0.2,0.1``."""
    return ",".join(format_number(v) for v in values)
