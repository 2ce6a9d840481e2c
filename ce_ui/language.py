"""The Language models page's model: its fields, reading them, the trained n-gram models (cached),
the text's score, the held-out experiment, code lengths, and the training-log converter.

Pure functions beside ``pages/9_language.py``; every number comes from ``ce_core.language`` and
``ce_core.coding``. Work per rerun is bounded: the corpus and the text have ``max_chars``, orders
stop at 5, and models, scores and code lengths are cached per input (bounded ``max_entries``), so
a rerun that changes only the temperature or the units does not train again.

Which model scores what:

- the **text** is scored (and coded, and sampled from) by the model trained on the whole corpus,
  over the alphabet of corpus and text together, so that a character of the text the corpus never
  had is a character the model knows of but never saw: add-k with k = 0 gives it probability 0;
- the **held-out** experiment splits the corpus: the first ``1 − held`` is training data, the
  rest is scored by the model trained on it (over the whole corpus's alphabet).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import streamlit as st

import ce_core as cc
from ce_core import coding
from ce_core import language as lm
from ce_ui.fields import choice_field, number_field
from ce_ui.format import sig
from ce_ui.i18n import t
from ce_ui.inputs import InputProblem
from ce_ui.language_corpora import CORPORA, SAMPLE_TEXTS
from ce_ui.url_state import Field, link_length

__all__ = [
    "CORPUS",
    "FIELDS",
    "TEXT",
    "CodeLengths",
    "LossReading",
    "code_lengths",
    "code_table",
    "convert_loss",
    "fitting_text",
    "held_out",
    "order_sweep",
    "read_corpus",
    "read_text",
    "sample",
    "score",
    "split_corpus",
]

LANGUAGES = ("en", "vi", "ru", "zh")
TRAIN_OPTIONS = (*LANGUAGES, "own")
MAX_ORDER = 5
SWEEP_ORDERS = tuple(range(MAX_ORDER + 1))
CORPUS_LIMIT = 3000
"""Most characters of an own corpus (the built-in ones are shorter)."""
CORPUS_LINK_LIMIT = 5000
"""Most characters an own corpus may take in a link, percent-encoded (ASCII: all of it)."""
TEXT_LIMIT = 300
"""Most characters of the scored text: one bar each in the surprisal chart."""
TEXT_LINK_LIMIT = 1800
SCORED_CHARS = 500
"""The held-out experiment scores at most this many characters of each part (the end of the
training part, the start of the held-out part), which keeps the six orders × two smoothings of its
chart to about ten thousand predictions."""
TOP = 3
"""Candidates shown for each position."""
LOSS_UNITS = ("nats", "bits", "perplexity")
MAX_LOSS = 100.0
"""The largest loss the converter reads, in nats or bits (e¹⁰⁰ is a perplexity of 2.7·10⁴³)."""

TRAIN = choice_field("train", "en", TRAIN_OPTIONS)
CORPUS = Field("corpus", "", max_chars=CORPUS_LIMIT, link_chars=CORPUS_LINK_LIMIT)
TEXT = Field("text", SAMPLE_TEXTS["en"], max_chars=TEXT_LIMIT, link_chars=TEXT_LINK_LIMIT)
ORDER = number_field("order", 2, 0, MAX_ORDER, integer=True)
SMOOTHING = choice_field("smoothing", "kneser_ney", lm.SMOOTHINGS)
K = number_field("k", 0.1, 0, 10, step=0.05)
HELD = number_field("held", 0.2, 0.05, 0.5, step=0.05)
TEMPERATURE = number_field("temperature", 1.0, 0.1, 3, step=0.05)
SEED = number_field("seed", 0, 0, 99_999, integer=True)
LENGTH = number_field("length", 200, 10, 500, integer=True, step=10)
LOSS = number_field("loss", 1.37, 0, 1e6, step=0.01)
LOSS_UNIT = choice_field("loss_unit", "nats", LOSS_UNITS)
VOCAB = number_field("vocab", 50_257, 1, 10**9, integer=True)
FIELDS = (
    TRAIN, CORPUS, TEXT, ORDER, SMOOTHING, K, HELD, TEMPERATURE, SEED, LENGTH, LOSS, LOSS_UNIT,
    VOCAB,
)  # fmt: skip
TEXT_CUT = "text_cut"
"""The entry of ``page.last_valid`` saying a typed text was cut: (field key, length, kept)."""


# ---------------------------------------------------------------- reading the inputs


def fitting_text(text: str, max_chars: int, max_link_chars: int) -> str:
    """The longest start of ``text`` within ``max_chars`` characters and ``max_link_chars``
    once percent-encoded for a link."""
    kept = text[:max_chars]
    if link_length(kept) > max_link_chars:
        used = 0
        for end, character in enumerate(kept):
            used += link_length(character)
            if used > max_link_chars:
                return kept[:end]
    return kept


def cap_text(page, field: Field) -> None:
    """A text area's ``on_change``: keep what was typed or pasted within what a link carries,
    remembering that it was cut (the page says so once)."""
    text = page.value(field)
    kept = fitting_text(text, field.max_chars, field.link_limit)
    if len(kept) < len(text):
        page.last_valid[TEXT_CUT] = (field.key, len(text), len(kept))
        page.set_value(field, kept)


def set_text(page, text: str) -> None:
    """A button's ``on_click``: score ``text`` (a sentence of a built-in corpus)."""
    page.set_value(TEXT, text)


def corpus_name(train: str) -> str:
    return t(f"language.train_{train}")


def read_corpus(train: str, own: str) -> str:
    """The training text: a built-in corpus, or the user's own (raises :class:`InputProblem`
    when it is too short to learn anything from)."""
    if train != "own":
        return CORPORA[train]
    if len(own.strip()) < 2:
        raise InputProblem(t("language.corpus_too_short"))
    return own


def read_text(text: str) -> str:
    """The text to score (raises :class:`InputProblem` when it is empty)."""
    if not text:
        raise InputProblem(t("language.text_empty"))
    return text


def in_units(nats, base: float):
    """Nats in units of ``base`` (inf stays inf), a number or a tuple of numbers."""
    if isinstance(nats, list | tuple):
        return tuple(float(v) for v in cc.nats_to(list(nats), base))
    return float(cc.nats_to(nats, base))


def smoothing_k(smoothing: str, k: float) -> float:
    """Add-k's pseudo-count; Kneser–Ney ignores it, so its models share one cache entry."""
    return float(k) if smoothing == "add_k" else 1.0


# ---------------------------------------------------------------- models and scores (cached)


@st.cache_resource(max_entries=48, show_spinner=False)
def model(corpus: str, order: int, smoothing: str, k: float, alphabet: str) -> lm.NgramModel:
    """The n-gram model of ``corpus`` over ``alphabet`` (cached for all sessions)."""
    return lm.train_ngram(
        corpus, int(order), smoothing=smoothing, k=smoothing_k(smoothing, k), alphabet=alphabet
    )


def alphabet_of(*texts: str) -> str:
    return "".join(sorted(set().union(*texts)))


def text_model(corpus: str, order: int, smoothing: str, k: float, text: str) -> lm.NgramModel:
    """The model that scores, codes and samples: trained on the whole corpus, knowing the
    characters of the text too."""
    return model(corpus, order, smoothing, k, alphabet_of(corpus, text))


@st.cache_data(max_entries=64, show_spinner=False)
def score(
    corpus: str, order: int, smoothing: str, k: float, text: str, base: float
) -> lm.TextScore:
    """``text`` scored by :func:`text_model`, in units of ``base``."""
    return lm.score_text(text_model(corpus, order, smoothing, k, text), text, base=base, top=TOP)


def split_corpus(corpus: str, held: float) -> tuple[str, str] | None:
    """The corpus's training part and held-out last ``held`` of it (both at least one
    character), or None for a corpus of fewer than two characters."""
    if len(corpus) < 2:
        return None
    cut = min(max(round(len(corpus) * (1 - held)), 1), len(corpus) - 1)
    return corpus[:cut], corpus[cut:]


@dataclass(frozen=True)
class HeldOut:
    """The held-out experiment: cross-entropy per character on the training part and on the
    held-out part (at most :data:`SCORED_CHARS` of each), under the model trained on the
    training part."""

    training_length: int
    held_length: int
    training: lm.TextScore
    held: lm.TextScore


@st.cache_data(max_entries=64, show_spinner=False)
def held_out(corpus: str, held: float, order: int, smoothing: str, k: float) -> HeldOut | None:
    """The held-out experiment at one order, in nats (:func:`in_units` converts)."""
    parts = split_corpus(corpus, held)
    if parts is None:
        return None
    training, rest = parts
    trained = model(training, order, smoothing, k, alphabet_of(corpus))
    return HeldOut(
        len(training),
        len(rest),
        lm.score_text(trained, training[-SCORED_CHARS:], base=math.e, top=1),
        lm.score_text(trained, rest[:SCORED_CHARS], base=math.e, top=1),
    )


@st.cache_data(max_entries=16, show_spinner=False)
def order_sweep(corpus: str, held: float, k: float) -> dict[str, tuple[list[float], list[float]]]:
    """For each smoothing, the training and held-out cross-entropy at orders 0 to 5 in nats
    (add-k with pseudo-count ``k``); inf where a held-out character had probability 0. Kept in
    nats so that switching the units converts instead of training again."""
    sweep: dict[str, tuple[list[float], list[float]]] = {}
    for smoothing in lm.SMOOTHINGS:
        runs = [held_out(corpus, held, order, smoothing, k) for order in SWEEP_ORDERS]
        sweep[smoothing] = (
            [run.training.cross_entropy for run in runs if run is not None],
            [run.held.cross_entropy for run in runs if run is not None],
        )
    return sweep


@st.cache_data(max_entries=64, show_spinner=False)
def sample(
    corpus: str, order: int, smoothing: str, k: float, text: str, length: int,
    temperature: float, seed: int,
) -> str:  # fmt: skip
    """``length`` characters generated by :func:`text_model` at ``temperature``."""
    trained = text_model(corpus, order, smoothing, k, text)
    return lm.sample_text(trained, int(length), temperature=temperature, seed=int(seed))


def sweep_lesson(sweep: dict[str, tuple[list[float], list[float]]]) -> tuple[str, dict]:
    """What the order sweep shows, as a message key and its values: overfitting (for the first
    smoothing where it shows) when the held-out cross-entropy is lowest at an order below the
    highest and higher at the highest order while the training cross-entropy still fell;
    otherwise that it does not show yet."""
    for smoothing in lm.SMOOTHINGS:
        training, held = sweep[smoothing]
        finite = [order for order, value in enumerate(held) if math.isfinite(value)]
        if not finite:
            continue
        best = min(finite, key=held.__getitem__)
        last = len(held) - 1
        if best < last and held[last] > held[best] and training[last] < training[best]:
            name = t(f"language.smoothing_{smoothing}")
            return "language.sweep_overfit", {"smoothing": name, "order": best}
    return "language.sweep_no_overfit", {}


# ---------------------------------------------------------------- code lengths


@dataclass(frozen=True)
class CodeLengths:
    """Sizes in bits of one text: the model's arithmetic code (None when a character has
    probability 0), whether decoding it gave the text back, the model's total surprisal, and the
    standard library's compressors with the UTF-8 text itself."""

    characters: int
    coder_bits: int | None
    round_trip: bool
    model_bits: float
    compressors: dict[str, int]


@st.cache_data(max_entries=32, show_spinner=False)
def code_lengths(corpus: str, order: int, smoothing: str, k: float, text: str) -> CodeLengths:
    trained = text_model(corpus, order, smoothing, k, text)
    total = lm.score_text(trained, text, base=2, top=1).total
    coder_bits, round_trip = None, False
    if math.isfinite(total):
        code = coding.arithmetic_encode(trained, text)
        coder_bits = code.bits
        round_trip = coding.arithmetic_decode(trained, code) == text
    return CodeLengths(len(text), coder_bits, round_trip, total, coding.compressed_bits(text))


COMPRESSORS = ("zlib", "bz2", "lzma", "utf-8")


def code_table(lengths: CodeLengths) -> dict[str, list[str]]:
    """The code-length table: one row per way of writing the text down, its size in bits and in
    bits per character (the arithmetic coder's row says whether decoding gave the text back)."""
    n = lengths.characters
    methods = [t("language.row_coder"), t("language.row_model")]
    sizes = [lengths.coder_bits, lengths.model_bits]
    if lengths.coder_bits is None:
        coder_note = t("language.note_no_code")
    else:
        coder_note = t("language.note_round_trip" if lengths.round_trip else "language.note_lost")
    notes = [coder_note, t("language.note_model")]
    for name in COMPRESSORS:
        methods.append(t(f"language.row_{name.replace('-', '')}"))
        sizes.append(lengths.compressors[name])
        notes.append(t(f"language.note_{name.replace('-', '')}"))
    bits = [sig(size) if size is not None else sig(math.inf) for size in sizes]
    per_character = [sig(size / n) if size is not None else sig(math.inf) for size in sizes]
    return {
        t("language.column_method"): methods,
        t("language.column_bits"): bits,
        t("language.column_per_character"): per_character,
        t("language.column_note"): notes,
    }


def best_compressor(lengths: CodeLengths) -> str:
    """The standard-library compressor with the smallest output."""
    return min(("zlib", "bz2", "lzma"), key=lengths.compressors.__getitem__)


def code_lesson(lengths: CodeLengths) -> tuple[str, dict]:
    """The table's one-sentence lesson (a message key and its values): no code when a character
    is impossible; else whether the model's code beats every general-purpose compressor."""
    if lengths.coder_bits is None:
        return "language.code_impossible", {}
    best = best_compressor(lengths)
    if lengths.coder_bits < lengths.compressors[best]:
        return "language.code_lesson_wins", {}
    return "language.code_lesson_loses", {"best": best}


# ---------------------------------------------------------------- reading a training log


@dataclass(frozen=True)
class LossReading:
    nats: float
    bits: float
    perplexity: float


def convert_loss(value: float, unit: str) -> LossReading:
    """A loss per token in ``unit`` (nats, bits, or a perplexity) in all three forms; raises
    :class:`InputProblem` for a perplexity below 1 or a loss above :data:`MAX_LOSS`."""
    value = float(value)
    if unit == "perplexity":
        if value < 1:
            raise InputProblem(t("language.perplexity_below_1", value=sig(value)))
        nats = lm.cross_entropy_from_perplexity(value, base=math.e)
    else:
        if value > MAX_LOSS:
            raise InputProblem(t("language.loss_too_large", value=sig(value), limit=sig(MAX_LOSS)))
        nats = value if unit == "nats" else value * math.log(2)
    bits = float(cc.nats_to(nats, 2))
    return LossReading(nats, bits, lm.perplexity(nats, base=math.e))


def initial_loss(vocabulary: int) -> tuple[float, float]:
    """``ln V`` and ``log₂ V``: the loss of a model that has learned nothing yet."""
    return lm.uniform_loss(int(vocabulary), base=math.e), lm.uniform_loss(int(vocabulary), base=2)


def unseen_characters(text_score: lm.TextScore, text: str) -> list[str]:
    """The characters of ``text`` that had probability 0 (distinct, in order of appearance)."""
    zero = np.flatnonzero(text_score.probabilities == 0)
    return list(dict.fromkeys(text[i] for i in zero))
