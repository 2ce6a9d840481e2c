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

Counting is array work (NumPy): the characters become alphabet indices, every distinct string of
``m`` characters gets a number computed from its tail's number one width below (one
``np.unique`` per width), and the n-grams are tallied as pairs (context number, next character)
with ``np.unique`` again, grouped by context. A prediction then looks its contexts up by binary
search, one character at a time, shortest first.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from ._validation import InputError, check_choice, check_int, check_scalar, log_of_base

SMOOTHINGS = ("add_k", "kneser_ney")
MAX_ORDER = 8
KNESER_NEY_DISCOUNT = 0.75


@dataclass(frozen=True, eq=False)
class ContextCounts:
    """The n-grams of one context width ``m``, grouped by their context (compressed sparse rows).

    Attributes
    ----------
    contexts : ndarray of int64, shape (C,)
        The distinct ``m``-character strings ``s = s₁ … sₘ`` that a character follows in the
        corpus, sorted, each written as the number ``V · id(s₂ … sₘ) + index(s₁)``: ``id`` is
        the position of its tail in the ``contexts`` of width ``m − 1`` (0 for the empty tail)
        and ``index`` its first character's position in the alphabet. Width 0 has one context,
        the empty string, written ``[0]``.
    starts : ndarray of intp, shape (C + 1,)
        Context ``j`` is followed by ``symbols[starts[j]:starts[j + 1]]``, ``counts[…]`` times.
    symbols : ndarray of intp
        Alphabet indices of the characters after each context, ascending within a context.
    counts : ndarray of int64
        How often each followed it, all ≥ 1: raw counts ``C(h c)`` or, for Kneser–Ney below the
        top order, continuation counts ``N₁₊(• h c)``. A context with no entries (a string seen
        only at the start of the corpus, in continuation counts) counts as unseen.
    """

    contexts: np.ndarray
    starts: np.ndarray
    symbols: np.ndarray
    counts: np.ndarray


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
    counts : tuple of ContextCounts
        ``counts[m]`` for the contexts of ``m`` characters, ``m = 0 … order`` (raw counts; for
        Kneser–Ney below the top order, continuation counts).
    training_length : int
        Characters in the corpus.
    """

    alphabet: tuple[str, ...]
    order: int
    smoothing: str
    k: float
    discount: float
    counts: tuple[ContextCounts, ...]
    training_length: int


def _check_text(text, name: str, *, allow_empty: bool = False) -> str:
    if not isinstance(text, str):
        raise InputError(f"{name} must be a string of characters, got {type(text).__name__}")
    if not text and not allow_empty:
        raise InputError(f"{name} is empty; give at least one character")
    return text


def _code_points(text: str) -> np.ndarray:
    """The Unicode code points of ``text``'s characters, as int64 (lone surrogates included)."""
    raw = text.encode("utf-32-le", "surrogatepass")
    return np.frombuffer(raw, dtype="<u4").astype(np.int64)


def _context_ids(symbols: np.ndarray, order: int, size: int) -> tuple[list, list]:
    """Number the distinct strings of ``symbols`` of each width ``m = 0 … order``.

    Only positions a character follows count: ``i < N − m``. A string ``s₁ … sₘ`` is keyed
    ``V · id(s₂ … sₘ) + s₁`` from its tail's number one width below (the tail of a followed
    string is followed too), so equal strings get equal keys and different strings different
    ones, and numbering a width takes one ``np.unique``.

    Returns
    -------
    keys : list of ndarray
        ``keys[m]``: the sorted distinct keys of width ``m`` (``[0]`` for the empty string).
    ids : list of ndarray
        ``ids[m][i]``: the position in ``keys[m]`` of the string at ``symbols[i : i + m]``.
    """
    keys, ids = [np.zeros(1, dtype=np.int64)], [np.zeros(len(symbols), dtype=np.intp)]
    for width in range(1, order + 1):
        followed = max(len(symbols) - width, 0)
        unique, inverse = np.unique(
            ids[-1][1 : followed + 1] * size + symbols[:followed], return_inverse=True
        )
        keys.append(unique)
        ids.append(inverse)
    return keys, ids


def _grouped(contexts: np.ndarray, after: np.ndarray, size: int, keys: np.ndarray) -> ContextCounts:
    """Tally the pairs ``(contexts[i], after[i])`` and group them by context.

    Returns a :class:`ContextCounts` over the contexts ``keys``: each distinct pair ``(h, c)``
    once, with ``C(h c)``, the number of ``i`` it occurs at.
    """
    pairs, counts = np.unique(contexts * size + after, return_counts=True)
    context, symbol = np.divmod(pairs, size)
    starts = np.searchsorted(context, np.arange(len(keys) + 1))
    return ContextCounts(keys, starts, symbol.astype(np.intp), counts.astype(np.int64))


def _raw_counts(symbols: np.ndarray, width: int, size: int, keys: list, ids: list) -> ContextCounts:
    """``C(h c)`` for the contexts ``h`` of ``width`` characters: the character after each
    position ``i`` that has ``width`` characters before it."""
    return _grouped(ids[width], symbols[width:], size, keys[width])


def _continuation_counts(
    symbols: np.ndarray, width: int, size: int, keys: list, ids: list
) -> ContextCounts:
    """Kneser–Ney's ``N₁₊(• h c)`` for the contexts ``h`` of ``width`` characters: in how many
    different one-character-longer contexts ``x h`` the pair was seen, i.e. the distinct
    strings ``x h c``, each counted once for its ``(h, c)``."""
    longer, after = np.divmod(np.unique(ids[width + 1] * size + symbols[width + 1 :]), size)
    shorter = keys[width + 1][longer] // size  # the tail h of x h
    return _grouped(shorter, after, size, keys[width])


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
    codes = _code_points(corpus)
    known = codes
    if alphabet is not None:
        known = np.concatenate((codes, _code_points(_check_text(alphabet, "alphabet"))))
    letters = np.unique(known)
    symbols = np.searchsorted(letters, codes)
    size = len(letters)
    keys, ids = _context_ids(symbols, order, size)
    counts = tuple(
        _continuation_counts(symbols, width, size, keys, ids)
        if smoothing == "kneser_ney" and width < order
        else _raw_counts(symbols, width, size, keys, ids)
        for width in range(order + 1)
    )
    alphabet_letters = tuple(chr(code) for code in letters.tolist())
    return NgramModel(alphabet_letters, order, smoothing, k, discount, counts, len(corpus))


def _symbol_indices(model: NgramModel, text: str, name: str) -> np.ndarray:
    letters = _code_points("".join(model.alphabet))
    codes = _code_points(text)
    found = np.minimum(np.searchsorted(letters, codes), len(letters) - 1)
    missing = letters[found] != codes
    if missing.any():
        shown = ", ".join(repr(chr(c)) for c in np.unique(codes[missing])[:5].tolist())
        raise InputError(
            f"{name} contains {shown}, not in the model's alphabet of {len(letters)} characters; "
            "train the model with alphabet= including every character it will score"
        )
    return found.astype(np.intp)


def _seen_contexts(
    model: NgramModel, history: np.ndarray | list[int]
) -> list[tuple[np.ndarray, np.ndarray]]:
    """The ``(symbols, counts)`` after each of the last 0, 1, … ``order`` characters of
    ``history`` (alphabet indices), shortest first, up to the first context the corpus never
    had followed by a character (a longer one cannot have been either)."""
    size = len(model.alphabet)
    seen, context = [], 0
    for width in range(min(model.order, len(history)) + 1):
        table = model.counts[width]
        if width:
            key = context * size + int(history[len(history) - width])
            context = int(np.searchsorted(table.contexts, key))
            if context == len(table.contexts) or table.contexts[context] != key:
                break
        start, stop = table.starts[context], table.starts[context + 1]
        if start == stop:
            break
        seen.append((table.symbols[start:stop], table.counts[start:stop]))
    return seen


def _add_k(model: NgramModel, history: np.ndarray | list[int]) -> np.ndarray:
    """``P(c | h) = (C(h c) + k) / (C(h) + k V)`` for the longest seen context ``h``."""
    symbols, counts = _seen_contexts(model, history)[-1]
    p = np.full(len(model.alphabet), model.k)
    p[symbols] += counts
    return p / (int(counts.sum()) + model.k * len(model.alphabet))


def _kneser_ney(model: NgramModel, history: np.ndarray | list[int]) -> np.ndarray:
    """Interpolated Kneser–Ney, from the uniform distribution up through the seen contexts:
    ``P(c | h) = max(C(h c) − D, 0) / C(h) + D · N₁₊(h •) / C(h) · P(c | h′)``, with ``h′`` the
    context one character shorter."""
    size, discount = len(model.alphabet), model.discount
    p = np.full(size, 1.0 / size)
    for symbols, counts in _seen_contexts(model, history):
        total = int(counts.sum())
        lower = p * (discount * len(symbols) / total)
        lower[symbols] += np.maximum(counts - discount, 0.0) / total
        p = lower
    return p


def next_distribution(model: NgramModel, history: str) -> np.ndarray:
    """The model's probabilities for the character after ``history`` (only its last ``order``
    characters matter), one per alphabet character; they sum to 1."""
    _check_model(model)
    history = _check_text(history, "history", allow_empty=True)
    symbols = _symbol_indices(model, history, "history")
    return _add_k(model, symbols) if model.smoothing == "add_k" else _kneser_ney(model, symbols)


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


def _likeliest(p: np.ndarray, top: int) -> np.ndarray:
    """The indices of the ``top`` largest entries of ``p``, largest first and ties in index order:
    the start of a stable descending sort, found without sorting all of ``p`` (only the entries
    at least as large as the ``top``-th largest, which ``np.partition`` finds)."""
    threshold = np.partition(p, len(p) - top)[len(p) - top]
    contenders = np.flatnonzero(p >= threshold)
    return contenders[np.argsort(-p[contenders], kind="stable")][:top]


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
        p = smooth(model, symbols[:i])
        probabilities[i] = p[symbol]
        likeliest = _likeliest(p, top)
        best[i], best_probabilities[i] = likeliest, p[likeliest]
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
    history = _symbol_indices(model, prompt, "prompt").tolist()
    rng = np.random.default_rng(seed)
    smooth = _add_k if model.smoothing == "add_k" else _kneser_ney
    for _ in range(length):
        p = smooth(model, history)
        with np.errstate(divide="ignore"):
            scaled = np.log(p) / temperature
        scaled = np.exp(scaled - scaled.max())
        history.append(int(rng.choice(len(p), p=scaled / scaled.sum())))
    return "".join(model.alphabet[symbol] for symbol in history[len(prompt) :])


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
