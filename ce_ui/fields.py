"""The app's vocabulary of inputs: URL-bound field types declared once, with their bounds.

A page declares what it holds, and the frame draws the widgets from the declarations
(``page.slider(GAMMA, label)``, ``page.text_input(P, label)``), so no bound is written twice:

- :func:`number_field`: a number with ``low``/``high``/``step`` and open ends (:class:`NumberRule`);
- :func:`vector_field`: a typed vector with its length and bounds. ONE way of typing a vector on
  every page: shown as ``0.7, 0.2, 0.1``, written ``0.7,0.2,0.1`` in the URL, numbers separated by
  commas, semicolons or spaces (:data:`ce_ui.url_state.SEPARATORS`); read with
  :meth:`VectorRule.read`, which raises :class:`ce_ui.inputs.InputProblem`;
- :func:`rows_field`: rows of vectors, one per line on screen, ``;`` between rows in the URL;
- :func:`choice_field`, :func:`flag_field`: one of a few stable ids, an on/off switch;
- :class:`Optional`: a value that is off when its key is absent from the URL;
- :class:`OneOf`: one of several fields (probabilities *or* logits): the link carries one key;
- :class:`View`: a second widget showing a field in another form (the number of classes of a
  vector), set from the field on every run and writing it back in its ``on_change``.

And the two policies every page shares, as pure functions (the frame renders them):
:func:`fallback_message` (bad input: name the bad value and the value in use) and
:func:`normalised_text` with :func:`off_one` (a distribution whose sum is not 1).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from decimal import Decimal

import numpy as np

from ce_ui.format import sig
from ce_ui.i18n import t
from ce_ui.inputs import (
    MAX_VECTOR_CHARS,
    MAX_VECTOR_LENGTH,
    InputProblem,
    check_length,
    parse_vector,
)
from ce_ui.url_state import (
    ChoiceRule,
    Field,
    NumberRule,
    choice,
    dump_flag,
    flag,
    format_number,
    number,
    split_items,
)

SUM_TOLERANCE = 1e-6
"""How far from 1 a distribution's sum may be (ce_core's own tolerance)."""
NORMALISED_DIGITS = 6
"""The one rounding rule of a Normalise button: six significant digits per entry."""

__all__ = [
    "SUM_TOLERANCE",
    "ChoiceRule",
    "NumberRule",
    "OneOf",
    "Optional",
    "RowsRule",
    "VectorRule",
    "View",
    "choice_field",
    "fallback_message",
    "flag_field",
    "normalised_text",
    "number_field",
    "off_one",
    "rows_field",
    "rows_from_url",
    "rows_to_url",
    "shown_values",
    "vector_field",
    "vector_from_url",
    "vector_text",
    "vector_to_url",
]


# ---------------------------------------------------------------- one way of typing a vector


def vector_to_url(text: str) -> str:
    """A field's text ``"0.7, 0.2 0.1"`` as the URL writes it: ``"0.7,0.2,0.1"``."""
    return ",".join(split_items(text))


def vector_from_url(text: str) -> str:
    """A URL's ``"0.7,0.2,0.1"`` as the field shows it: ``"0.7, 0.2, 0.1"``."""
    return ", ".join(split_items(text))


def vector_text(values) -> str:
    """Numbers as a vector field shows them: ``0.7, 0.2, 0.1`` (shortest exact form)."""
    return ", ".join(format_number(v) for v in values)


def rows_to_url(text: str) -> str:
    """One row per line in the field (or ``;`` between rows), ``;`` between rows in the URL."""
    lines = text.replace(";", "\n").splitlines()
    return ";".join(vector_to_url(line) for line in lines if line.strip())


def rows_from_url(text: str) -> str:
    return "\n".join(vector_from_url(row) for row in text.split(";") if row.strip())


@dataclass(frozen=True)
class VectorRule:
    """The parse rule of a vector field. As a parser of the URL it only rewrites the separators
    (a vector that does not read stays in the field, with the page's message beside it);
    :meth:`read` checks it."""

    min_length: int = 1
    max_length: int = MAX_VECTOR_LENGTH
    low: float | None = None
    high: float | None = None
    max_chars: int = MAX_VECTOR_CHARS

    def __call__(self, text: str) -> str:
        return vector_from_url(text)

    def read(self, text: str, name: str) -> np.ndarray:
        """The numbers of ``text``; raises :class:`InputProblem` naming the field ``name``."""
        return parse_vector(
            text,
            name,
            min_length=self.min_length,
            max_length=self.max_length,
            low=self.low,
            high=self.high,
            max_chars=self.max_chars,
        )


@dataclass(frozen=True)
class RowsRule:
    """The parse rule of a rows field: at most ``max_rows`` rows, each a :class:`VectorRule`."""

    row: VectorRule
    max_rows: int
    max_chars: int

    def __call__(self, text: str) -> str:
        return rows_from_url(text)

    def lines(self, text: str, name: str) -> list[str]:
        """The non-empty lines (rows) of ``text``; raises :class:`InputProblem` for text that is
        too long, empty, or has more than ``max_rows`` rows. Read each with ``self.row.read``."""
        check_length(text, name, self.max_chars)
        lines = [line for line in text.replace(";", "\n").splitlines() if line.strip()]
        if not lines:
            parse_vector("", name)  # raises: the field is empty
        if len(lines) > self.max_rows:
            raise InputProblem(
                t("common.vector_too_long", field=name, count=len(lines), limit=self.max_rows)
            )
        return lines


# ---------------------------------------------------------------- field constructors


def number_field(
    key: str,
    default: float,
    low: float,
    high: float,
    *,
    step: float | None = None,
    integer: bool = False,
    low_open: bool = False,
    high_open: bool = False,
) -> Field:
    """A number in ``[low, high]`` (ends excluded with ``*_open``), drawn with ``step``."""
    rule = number(low, high, integer=integer, low_open=low_open, high_open=high_open, step=step)
    return Field(key, default, rule, format_number)


def vector_field(
    key: str,
    default: str,
    *,
    min_length: int = 1,
    max_length: int = MAX_VECTOR_LENGTH,
    low: float | None = None,
    high: float | None = None,
    max_chars: int = MAX_VECTOR_CHARS,
) -> Field:
    """A typed vector; ``default`` as the field shows it (``"0.7, 0.2, 0.1"``)."""
    rule = VectorRule(min_length, max_length, low, high, max_chars)
    return Field(key, vector_from_url(default), rule, vector_to_url, max_chars)


def rows_field(
    key: str,
    default: str,
    *,
    max_rows: int,
    max_chars: int,
    min_length: int = 1,
    low: float | None = None,
    high: float | None = None,
) -> Field:
    """Rows of vectors; ``default`` as the URL writes it (``"0.9,0.1;0.5,0.5"``)."""
    rule = RowsRule(VectorRule(min_length, MAX_VECTOR_LENGTH, low, high), max_rows, max_chars)
    return Field(key, rows_from_url(default), rule, rows_to_url, max_chars)


def choice_field(key: str, default: str, options: Sequence[str]) -> Field:
    """One of a few stable ids (a radio's or select box's value; the label is a translation)."""
    return Field(key, default, choice(options))


def flag_field(key: str, default: bool = False) -> Field:
    return Field(key, default, flag, dump_flag)


class _OffSpelled(NumberRule):
    """A number rule that also reads the word ``off`` (an older link's ``alpha=none``) as
    absent: ``None``, so the field keeps its remembered value and no message is shown."""

    def __init__(self, rule: NumberRule, off: str) -> None:
        self.__dict__.update(vars(rule))
        self.off = off

    def __call__(self, text: str) -> float | int | None:
        if text.strip().lower() == self.off:
            return None
        return super().__call__(text)


@dataclass(frozen=True)
class Optional:
    """A value that may be switched off: off when its key is absent from a link.

    ``switch`` is a flag field that never goes into the URL (its widget is a checkbox or toggle);
    ``value`` is written only while the switch is on. Opened from a link that names any of the
    page's fields, the switch is on exactly when the link holds ``value``'s key (:meth:`is_on`).

    ``off`` is a word older links wrote for "off" (``alpha=none``): read as off, never written.
    It needs a number ``value``, whose parser then takes the word as absent."""

    switch: Field
    value: Field
    off: str | None = None

    def __post_init__(self) -> None:
        if self.off is not None:
            if not isinstance(self.value.parse, NumberRule):
                raise TypeError("an off spelling needs a number field as the value")
            spelled = _OffSpelled(self.value.parse, self.off.lower())
            object.__setattr__(self, "value", replace(self.value, parse=spelled))

    @property
    def fields(self) -> tuple[Field, ...]:
        return (self.switch, self.value)

    def is_on(self, query) -> bool:
        """Whether a link's ``query`` (a mapping of its keys) switches the value on."""
        raw = query.get(self.value.key)
        return raw is not None and (self.off is None or raw.strip().lower() != self.off.lower())


@dataclass(frozen=True)
class OneOf:
    """One of several forms of an input (probabilities *or* logits): ``selector`` is a choice
    field (never in the URL) whose options map to the fields each form writes; a link carries
    only the chosen form's fields, and a link's keys choose the form (the first listed wins
    when it holds two; ``both_message`` then says so)."""

    selector: Field
    options: tuple[tuple[str, tuple[Field, ...]], ...]
    both_message: str | None = None

    @property
    def fields(self) -> tuple[Field, ...]:
        seen = [self.selector]
        for _, fields in self.options:
            seen += [field for field in fields if field not in seen]
        return tuple(seen)

    def chosen(self, option: str) -> tuple[Field, ...]:
        return dict(self.options)[option]

    def omitted(self, option: str) -> set[str]:
        """The URL keys left out when ``option`` is chosen."""
        keep = {field.key for field in self.chosen(option)}
        return {self.selector.key} | {f.key for f in self.fields if f.key not in keep}


@dataclass(frozen=True)
class View:
    """A second widget showing a field in another form (the number of classes of a vector, the
    class of a one-hot target). Its value is not in the URL: the page gives it the field's
    current form on every run (``shown=`` of the widget factory) and writes the field back in
    the widget's ``on_change``. ``rule`` (a :class:`NumberRule` or :class:`ChoiceRule`) gives
    the widget its bounds or options."""

    name: str
    rule: NumberRule | ChoiceRule | None = None

    def key(self, page: str) -> str:
        return f"{page}.view.{self.name}"


# ---------------------------------------------------------------- the shared policies


def shown_values(values) -> str:
    """Numbers as a message shows them: four significant digits, ``", "`` between them."""
    if np.ndim(values) == 0:
        return sig(values)
    return ", ".join(sig(v) for v in np.ravel(values))


def fallback_message(problem: str, in_use) -> str:
    """The one bad-input message: what is wrong with the typed value (``problem``, which names
    it) and the value the results really use instead (numbers, or already-written text)."""
    used = in_use if isinstance(in_use, str) else shown_values(in_use)
    return f"{problem} {t('common.fallback', value=used)}"


def off_one(values) -> bool:
    """Whether a distribution's (or each row's) sum is off 1 by more than :data:`SUM_TOLERANCE`."""
    sums = np.asarray(values, dtype=float).sum(axis=-1)
    return bool(np.any(np.abs(sums - 1.0) > SUM_TOLERANCE))


def normalised_text(values) -> str:
    """``values / sum`` as a vector field's text, the one rounding rule: six significant digits
    each, the largest entry taking up the rounding so that the decimals sum to exactly 1. Rows
    (a 2-D array) give one line each."""
    values = np.asarray(values, dtype=float)
    if values.ndim == 2:
        return "\n".join(normalised_text(row) for row in values)
    shares = [Decimal(f"{v:.{NORMALISED_DIGITS}g}") for v in values / values.sum()]
    largest = int(np.argmax(values))
    shares[largest] = Decimal(1) - sum(shares[:largest] + shares[largest + 1 :], Decimal(0))
    return vector_text(float(share) for share in shares)
