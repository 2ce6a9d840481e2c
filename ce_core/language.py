"""Character n-gram language models: next-character probabilities, their cross-entropy on a text,
perplexity, and sampling.

A model of order ``n`` predicts each character from the ``n`` characters before it. Its
cross-entropy on a text ``x₁ … x_N`` is the average surprisal of the characters it sees,

    H = −(1/N) Σᵢ log P(xᵢ | xᵢ₋ₙ … xᵢ₋₁),

the same number a language model's training log prints as its "loss" (in nats per token), and
``perplexity = base^H``. Two ways of giving unseen continuations some probability:

- **add-k** (Lidstone; k = 1 is Laplace): ``P(c | h) = (C(h c) + k) / (C(h) + k V)`` for the
  longest context ``h`` (up to ``n`` characters) the corpus contains. With ``k = 0`` a character
  never seen after ``h`` has probability 0 and costs infinitely many bits.
- **interpolated Kneser–Ney** (Chen and Goodman's form, one discount ``D``): every order keeps
  ``max(C(h c) − D, 0) / C(h)`` and hands the mass it took off, ``D · N₁₊(h •) / C(h)``, to the
  next shorter context, whose counts are *continuation* counts (in how many different contexts a
  string was seen); the shortest level is interpolated with the uniform distribution over the
  alphabet, so nothing in the alphabet is impossible.

Texts are not padded: a text's first characters are predicted from the shorter context they
have. The smoothing follows Chen and Goodman, "An empirical study of smoothing techniques for
language modeling" (1998).
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass

import numpy as np

from ._validation import InputError, check_choice, check_int, check_scalar, log_of_base

SMOOTHINGS = ("add_k", "kneser_ney")
MAX_ORDER = 8
KNESER_NEY_DISCOUNT = 0.75


@dataclass(frozen=True)
class NgramModel:
    """Counts of a character n-gram model, and how it smooths them.

    Attributes
    ----------
    alphabet : tuple of str
        The characters the model gives probabilities to (sorted); ``V = len(alphabet)``.
    order : int
        Characters of context, 0 (each character on its own) to ``MAX_ORDER``.
    smoothing : {"add_k", "kneser_ney"}
    k : float
        Pseudo-count of add-k.
    discount : float
        Kneser–Ney's ``D``, in (0, 1).
    counts : tuple of dict
        ``counts[m][h]`` for a context ``h`` of ``m`` characters: a pair ``(symbols, counts)`` of
        lists, the alphabet indices and how often each followed ``h`` (raw counts; for
        Kneser–Ney below the top order, continuation counts).
    training_length : int
        Characters in the corpus.
    """

    alphabet: tuple[str, ...]
    order: int
    smoothing: str
    k: float
    discount: float
    counts: tuple[dict[str, tuple[list[int], list[int]]], ...]
    training_length: int


def _check_text(text, name: str, *, allow_empty: bool = False) -> str:
    if not isinstance(text, str):
        raise InputError(f"{name} must be a string of characters, got {type(text).__name__}")
    if not text and not allow_empty:
        raise InputError(f"{name} is empty; give at least one character")
    return text


def _group(grams: Counter, width: int, index: dict[str, int]) -> dict:
    """``{context: (symbol indices, counts)}`` from a tally of strings of ``width + 1``."""
    by_context: dict[str, tuple[list[int], list[int]]] = {}
    for gram, count in grams.items():
        entry = by_context.get(gram[:width])
        if entry is None:
            by_context[gram[:width]] = ([index[gram[width]]], [count])
        else:
            entry[0].append(index[gram[width]])
            entry[1].append(count)
    return by_context


def train_ngram(
    corpus: str,
    order: int,
    *,
    smoothing: str = "kneser_ney",
    k: float = 1.0,
    discount: float = KNESER_NEY_DISCOUNT,
    alphabet: str | None = None,
) -> NgramModel:
    """Count the n-grams of ``corpus`` for a model of ``order`` characters of context.

    Parameters
    ----------
    corpus : str
        The training text; its characters (code points) are the symbols.
    order : int
        0 to ``MAX_ORDER``.
    smoothing : {"add_k", "kneser_ney"}
    k : float
        Add-k's pseudo-count, ≥ 0 (0: no smoothing, unseen continuations are impossible).
    discount : float
        Kneser–Ney's discount, in (0, 1).
    alphabet : str, optional
        The characters to give probabilities to; by default those of ``corpus``. Pass the
        characters of every text the model will score, or they cannot be scored.
    """
    corpus = _check_text(corpus, "corpus")
    order = check_int(order, "order", low=0, high=MAX_ORDER)
    smoothing = check_choice(smoothing, "smoothing", SMOOTHINGS)
    k = check_scalar(k, "k", low=0, high=1e6)
    discount = check_scalar(discount, "discount", low=0, high=1, low_open=True, high_open=True)
    symbols = set(corpus)
    if alphabet is not None:
        extra = _check_text(alphabet, "alphabet")
        symbols |= set(extra)
    letters = tuple(sorted(symbols))
    index = {letter: i for i, letter in enumerate(letters)}
    tallies = [
        Counter(corpus[i : i + width + 1] for i in range(len(corpus) - width))
        for width in range(order + 1)
    ]
    counts = []
    for width, grams in enumerate(tallies):
        if smoothing == "kneser_ney" and width < order:
            # Continuation counts: in how many different one-character-longer contexts each
            # string was seen (N₁₊(• h c)).
            grams = Counter(gram[1:] for gram in tallies[width + 1])
        counts.append(_group(grams, width, index))
    return NgramModel(letters, order, smoothing, k, discount, tuple(counts), len(corpus))


def _symbol_indices(model: NgramModel, text: str, name: str) -> np.ndarray:
    index = {letter: i for i, letter in enumerate(model.alphabet)}
    missing = sorted({c for c in text if c not in index})
    if missing:
        shown = ", ".join(repr(c) for c in missing[:5])
        raise InputError(
            f"{name} contains {shown}, not in the model's alphabet of {len(index)} characters; "
            "train the model with alphabet= including every character it will score"
        )
    return np.array([index[c] for c in text], dtype=np.intp)


def _add_k(model: NgramModel, history: str) -> np.ndarray:
    size = len(model.alphabet)
    for width in range(min(model.order, len(history)), -1, -1):
        seen = model.counts[width].get(history[len(history) - width :])
        if seen is not None:
            symbols, counts = seen
            p = np.full(size, model.k)
            p[symbols] += counts
            return p / (sum(counts) + model.k * size)
    raise AssertionError("the empty context is always seen")  # pragma: no cover


def _kneser_ney(model: NgramModel, history: str) -> np.ndarray:
    size, discount = len(model.alphabet), model.discount
    p = np.full(size, 1.0 / size)
    for width in range(min(model.order, len(history)) + 1):
        seen = model.counts[width].get(history[len(history) - width :])
        if seen is None:
            break  # a longer context that was never seen adds nothing
        symbols, counts = seen
        total = sum(counts)
        lower = p * (discount * len(symbols) / total)
        lower[symbols] += np.maximum(np.array(counts) - discount, 0.0) / total
        p = lower
    return p


def next_distribution(model: NgramModel, history: str) -> np.ndarray:
    """The model's probabilities for the character after ``history`` (only its last ``order``
    characters matter), one per alphabet character; they sum to 1."""
    _check_model(model)
    history = _check_text(history, "history", allow_empty=True)
    _symbol_indices(model, history, "history")
    return _add_k(model, history) if model.smoothing == "add_k" else _kneser_ney(model, history)


def _check_model(model) -> NgramModel:
    if not isinstance(model, NgramModel):
        raise InputError(
            f"model must be an NgramModel from train_ngram, got {type(model).__name__}"
        )
    return model


@dataclass(frozen=True)
class TextScore:
    """How a model predicted each character of a text.

    Attributes
    ----------
    probabilities : ndarray, shape (N,)
        ``P(xᵢ | context)`` of each character.
    surprisal : ndarray, shape (N,)
        ``−log P(xᵢ | context)`` in units of ``base`` (inf where the probability is 0).
    candidates : ndarray of str, shape (N, m)
        At each position, the model's ``m`` likeliest characters, likeliest first.
    candidate_probabilities : ndarray, shape (N, m)
        Their probabilities.
    cross_entropy : float
        Mean surprisal per character (inf if any character had probability 0).
    total : float
        Summed surprisal: the length, in units of ``base``, of the best code the model allows.
    perplexity : float
        ``base ** cross_entropy``: as uncertain as a fair choice among this many characters.
    base : float
    """

    probabilities: np.ndarray
    surprisal: np.ndarray
    candidates: np.ndarray
    candidate_probabilities: np.ndarray
    cross_entropy: float
    total: float
    perplexity: float
    base: float


def score_text(model: NgramModel, text: str, *, base: float = 2, top: int = 3) -> TextScore:
    """Score ``text`` under ``model``: each character's probability and surprisal, the ``top``
    likeliest characters at each position (all of them in a smaller alphabet), the
    cross-entropy per character and the perplexity.

    With ``order = 0`` and add-k with ``k = 0``, a model trained on ``text`` scores it at
    exactly its symbol entropy (:func:`ce_core.symbol_entropy`).
    """
    _check_model(model)
    text = _check_text(text, "text")
    ln_base = log_of_base(base)
    top = min(check_int(top, "top", low=1, high=1000), len(model.alphabet))
    symbols = _symbol_indices(model, text, "text")
    smooth = _add_k if model.smoothing == "add_k" else _kneser_ney
    probabilities = np.empty(len(text))
    best = np.empty((len(text), top), dtype=np.intp)
    best_probabilities = np.empty((len(text), top))
    for i, symbol in enumerate(symbols):
        p = smooth(model, text[max(0, i - model.order) : i])
        probabilities[i] = p[symbol]
        order = np.argsort(-p, kind="stable")[:top]
        best[i], best_probabilities[i] = order, p[order]
    with np.errstate(divide="ignore"):
        surprisal = -np.log(probabilities) / ln_base
    surprisal = surprisal + 0.0  # −0 → 0 for a certain character
    total = float(surprisal.sum())
    cross_entropy = total / len(text)
    return TextScore(
        probabilities=probabilities,
        surprisal=surprisal,
        candidates=np.array(model.alphabet, dtype=object)[best],
        candidate_probabilities=best_probabilities,
        cross_entropy=cross_entropy,
        total=total,
        perplexity=perplexity(cross_entropy, base=base)
        if math.isfinite(cross_entropy)
        else math.inf,
        base=base,
    )


def sample_text(
    model: NgramModel, length: int, *, temperature: float = 1.0, seed: int = 0, prompt: str = ""
) -> str:
    """Generate ``length`` characters after ``prompt``, each drawn from the model's next-character
    distribution sharpened or flattened by ``temperature``: ``p^(1/T)``, renormalised (the
    softmax of ``log p / T``; T → 0 approaches always taking the likeliest character).
    """
    _check_model(model)
    length = check_int(length, "length", low=1, high=100_000)
    temperature = check_scalar(temperature, "temperature", low=0.01, high=100)
    seed = check_int(seed, "seed", low=0, high=2**63 - 1)
    prompt = _check_text(prompt, "prompt", allow_empty=True)
    _symbol_indices(model, prompt, "prompt")
    rng = np.random.default_rng(seed)
    smooth = _add_k if model.smoothing == "add_k" else _kneser_ney
    text = prompt
    for _ in range(length):
        p = smooth(model, text[max(0, len(text) - model.order) :])
        with np.errstate(divide="ignore"):
            scaled = np.log(p) / temperature
        scaled = np.exp(scaled - scaled.max())
        text += model.alphabet[rng.choice(len(p), p=scaled / scaled.sum())]
    return text[len(prompt) :]


def perplexity(cross_entropy: float, *, base: float = 2) -> float:
    """``base ** cross_entropy``: the number of equally likely choices that would be as
    uncertain. A training log's loss of 1.37 nats per token is a perplexity of e^1.37 ≈ 3.94."""
    cross_entropy = check_scalar(cross_entropy, "cross_entropy", low=0, high=1e4)
    ln_base = log_of_base(base)
    return math.exp(cross_entropy * ln_base)


def cross_entropy_from_perplexity(perplexity: float, *, base: float = 2) -> float:
    """The inverse of :func:`perplexity`: ``log_base(perplexity)``."""
    value = check_scalar(perplexity, "perplexity", low=1, high=1e300)
    return math.log(value) / log_of_base(base)


def uniform_loss(vocabulary_size: int, *, base: float = math.e) -> float:
    """Cross-entropy of a model that spreads its probability evenly over ``vocabulary_size``
    tokens: ``log V``. A freshly initialised language model starts near it (ln 50,257 ≈ 10.82
    nats for GPT-2's vocabulary), so a first logged loss far above it means something is off."""
    size = check_int(vocabulary_size, "vocabulary_size", low=1, high=10**12)
    return math.log(size) / log_of_base(base)
