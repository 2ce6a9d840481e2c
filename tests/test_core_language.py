"""ce_core.language and ce_core.coding: n-gram models, their cross-entropy, and the arithmetic
coder whose size is that cross-entropy.

Reference checks: order 0 without smoothing is the symbol entropy; both smoothings are computed
again here by brute force from their formulas (counting substrings of the corpus directly), and
the NumPy counting is compared with a plain ``Counter`` model in every script; the coder
round-trips every text and its size is the model's total surprisal within two bits.
"""

import math
from collections import Counter, defaultdict

import numpy as np
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

import ce_core as cc
from ce_core import coding, language

TEXTS = {
    "en": "Cross-entropy counts the bits a model needs to describe what really happened.",
    "vi": "Entropy chéo đo số bit mà mô hình cần để mô tả điều đã thật sự xảy ra.",
    "ru": "Перекрёстная энтропия считает биты, нужные модели, чтобы описать случившееся.",
    "zh": "交叉熵衡量模型描述实际发生的事情需要多少比特。模型越好，需要的比特越少。",
}
small_texts = st.text(alphabet="abcde ", min_size=1, max_size=60)


def occurrences(corpus: str, string: str) -> int:
    return sum(corpus.startswith(string, i) for i in range(len(corpus) - len(string) + 1))


def add_k_by_hand(corpus: str, alphabet: str, order: int, k: float, history: str, c: str) -> float:
    for width in range(min(order, len(history)), -1, -1):
        h = history[len(history) - width :]
        following = sum(occurrences(corpus, h + x) for x in alphabet)
        if following:
            return (occurrences(corpus, h + c) + k) / (following + k * len(alphabet))
    raise AssertionError


def kneser_ney_by_hand(corpus: str, alphabet: str, order: int, d: float, history: str, c: str):
    def count(width: int, string: str) -> float:
        if width == order:
            return occurrences(corpus, string)
        return sum(occurrences(corpus, x + string) > 0 for x in alphabet)  # continuation count

    def p(width: int, h: str, c: str) -> float:
        lower = 1 / len(alphabet) if width == 0 else p(width - 1, h[1:], c)
        total = sum(count(width, h + x) for x in alphabet)
        if total == 0:
            return lower
        types = sum(count(width, h + x) > 0 for x in alphabet)
        return max(count(width, h + c) - d, 0) / total + d * types / total * lower

    width = min(order, len(history))
    # the longest context the corpus has, then down
    while width > 0 and sum(count(width, history[-width:] + x) for x in alphabet) == 0:
        width -= 1
    return p(width, history[len(history) - width :] if width else "", c)


@settings(max_examples=60, deadline=None)
@given(small_texts)
def test_order_0_without_smoothing_scores_a_text_at_its_symbol_entropy(text):
    model = language.train_ngram(text, 0, smoothing="add_k", k=0.0)
    score = language.score_text(model, text)
    assert score.cross_entropy == pytest.approx(cc.symbol_entropy(text), rel=1e-12, abs=1e-12)


@settings(max_examples=60, deadline=None)
@given(
    small_texts,
    st.integers(0, 4),
    st.sampled_from(language.SMOOTHINGS),
    st.text("abcde ", max_size=6),
)
def test_every_next_character_distribution_sums_to_1(corpus, order, smoothing, history):
    model = language.train_ngram(corpus, order, smoothing=smoothing, k=0.5, alphabet="abcde ")
    p = language.next_distribution(model, history)
    assert p.shape == (6,) and (p >= 0).all()
    assert p.sum() == pytest.approx(1.0, abs=1e-12)
    if smoothing == "kneser_ney":
        assert (p > 0).all(), "Kneser–Ney leaves nothing in the alphabet impossible"


@settings(max_examples=40, deadline=None)
@given(small_texts, st.integers(0, 3), st.floats(0, 3), st.text("abcde ", max_size=5))
def test_add_k_is_its_formula_on_the_longest_seen_context(corpus, order, k, history):
    model = language.train_ngram(corpus, order, smoothing="add_k", k=k, alphabet="abcde ")
    p = language.next_distribution(model, history)
    for index, c in enumerate(model.alphabet):
        expected = add_k_by_hand(corpus, "".join(model.alphabet), order, k, history, c)
        assert p[index] == pytest.approx(expected, rel=1e-12, abs=1e-15)


@settings(max_examples=40, deadline=None)
@given(small_texts, st.integers(0, 3), st.text("abcde ", max_size=5))
def test_kneser_ney_is_its_formula_with_continuation_counts(corpus, order, history):
    model = language.train_ngram(corpus, order, alphabet="abcde ")
    p = language.next_distribution(model, history)
    alphabet = "".join(model.alphabet)
    for index, c in enumerate(alphabet):
        expected = kneser_ney_by_hand(corpus, alphabet, order, 0.75, history, c)
        assert p[index] == pytest.approx(expected, rel=1e-12, abs=1e-15)


SCRIPTS = (
    "abcde ",
    "交叉熵衡量模型描述实际发生",  # CJK ideographs
    "e\u0301a\u0300o\u0308 ",  # letters with combining accents: each mark is its own character
    "Перекрёстная",
    "ab\U0001f600",  # a character outside the Basic Multilingual Plane
)
script_texts = st.sampled_from(SCRIPTS).flatmap(lambda a: st.text(a, min_size=1, max_size=80))


def counter_tables(corpus: str, order: int, smoothing: str) -> list[dict[str, dict[str, int]]]:
    """The reference counts, ``tables[m][h][c]``, tallied with ``Counter`` over substrings."""
    tallies = [
        Counter(corpus[i : i + width + 1] for i in range(len(corpus) - width))
        for width in range(order + 1)
    ]
    tables = []
    for width, grams in enumerate(tallies):
        if smoothing == "kneser_ney" and width < order:
            grams = Counter(gram[1:] for gram in tallies[width + 1])  # N₁₊(• h c)
        table = defaultdict(dict)
        for gram, count in grams.items():
            table[gram[:width]][gram[width]] = count
        tables.append(dict(table))
    return tables


def counter_distribution(tables, model: language.NgramModel, history: str) -> list[float]:
    """The next-character probabilities from the reference counts, written out in Python."""
    alphabet, size = model.alphabet, len(model.alphabet)
    seen = []
    for width in range(min(model.order, len(history)) + 1):
        row = tables[width].get(history[len(history) - width :])
        if row is None:
            break
        seen.append(row)
    if model.smoothing == "add_k":
        row = seen[-1]
        total = sum(row.values())
        return [(row.get(c, 0) + model.k) / (total + model.k * size) for c in alphabet]
    p, d = [1 / size] * size, model.discount
    for row in seen:
        total = sum(row.values())
        p = [
            max(row.get(c, 0) - d, 0) / total + d * len(row) / total * lower
            for c, lower in zip(alphabet, p, strict=True)
        ]
    return p


def stored_tables(model: language.NgramModel) -> list[dict[str, dict[str, int]]]:
    """``model.counts`` read back as strings, as the ContextCounts docstring describes them."""
    size, tables, strings = len(model.alphabet), [], [""]
    for table in model.counts:
        strings = [
            model.alphabet[key % size] + strings[key // size] if tables else ""
            for key in table.contexts.tolist()
        ]
        rows = {}
        for j, context in enumerate(strings):
            span = slice(table.starts[j], table.starts[j + 1])
            symbols, counts = table.symbols[span].tolist(), table.counts[span].tolist()
            assert symbols == sorted(symbols) and all(count >= 1 for count in counts)
            if symbols:
                rows[context] = {model.alphabet[s]: n for s, n in zip(symbols, counts, strict=True)}
        tables.append(rows)
    return tables


@settings(max_examples=80, deadline=None)
@given(
    script_texts,
    script_texts,
    st.integers(0, 5),
    st.sampled_from(language.SMOOTHINGS),
    st.sampled_from([0.0, 0.5, 2.0]),
)
@example(" ".join(TEXTS.values()), TEXTS["vi"], 5, "kneser_ney", 0.0)
@example(" ".join(TEXTS.values()), TEXTS["zh"], 5, "add_k", 0.5)
def test_numpy_counting_matches_a_counter_model_in_every_script(corpus, text, order, smoothing, k):
    model = language.train_ngram(corpus, order, smoothing=smoothing, k=k, alphabet=text)
    assert model.alphabet == tuple(sorted(set(corpus + text)))
    tables = counter_tables(corpus, order, smoothing)
    assert stored_tables(model) == tables
    probabilities = language.score_text(model, text).probabilities
    for i, c in enumerate(text):
        expected = counter_distribution(tables, model, text[:i])
        got = language.next_distribution(model, text[:i])
        assert got == pytest.approx(expected, rel=1e-12, abs=1e-15)
        assert probabilities[i] == pytest.approx(
            expected[model.alphabet.index(c)], rel=1e-12, abs=1e-15
        )


def test_an_unseen_character_without_smoothing_costs_infinitely_many_bits():
    model = language.train_ngram("abab", 1, smoothing="add_k", k=0.0, alphabet="abc")
    score = language.score_text(model, "abc")
    assert score.surprisal.tolist()[:2] == [1.0, 0.0]  # 'a' is half the corpus; 'b' follows 'a'
    assert math.isinf(score.surprisal[2]) and math.isinf(score.cross_entropy)
    assert math.isinf(score.perplexity)
    with pytest.raises(cc.InputError, match="infinitely long"):
        coding.arithmetic_encode(model, "abc")
    assert math.isfinite(
        language.score_text(language.train_ngram("abab", 1, alphabet="abc"), "abc").total
    )


def test_a_higher_order_fits_the_corpus_better_and_smoothing_keeps_held_out_text_finite():
    corpus = " ".join(TEXTS.values())
    held_out = "Модель описывает биты; the model needs bits."
    alphabet = corpus + held_out
    train = [
        language.score_text(
            language.train_ngram(corpus, n, alphabet=alphabet), corpus
        ).cross_entropy
        for n in range(4)
    ]
    assert train == sorted(train, reverse=True)
    raw = language.train_ngram(corpus, 3, smoothing="add_k", k=0.0, alphabet=alphabet)
    assert math.isinf(language.score_text(raw, held_out).cross_entropy)
    held = [
        language.score_text(
            language.train_ngram(corpus, n, alphabet=alphabet), held_out
        ).cross_entropy
        for n in range(4)
    ]
    assert all(math.isfinite(h) for h in held)


def test_score_reports_candidates_units_and_perplexity():
    model = language.train_ngram("aab", 0, smoothing="add_k", k=0.0)
    score = language.score_text(model, "ab", base=2, top=2)
    assert score.probabilities.tolist() == pytest.approx([2 / 3, 1 / 3])
    assert score.candidates.tolist() == [["a", "b"], ["a", "b"]]
    assert score.total == pytest.approx(-math.log2(2 / 9))
    assert score.perplexity == pytest.approx(2**score.cross_entropy)
    in_nats = language.score_text(model, "ab", base=math.e)
    assert in_nats.cross_entropy == pytest.approx(score.cross_entropy * math.log(2))


def test_training_log_conversions():
    assert language.perplexity(1.37, base=math.e) == pytest.approx(math.exp(1.37))
    assert language.cross_entropy_from_perplexity(8, base=2) == pytest.approx(3.0)
    assert language.uniform_loss(50257) == pytest.approx(10.824905, abs=1e-6)
    assert language.uniform_loss(256, base=2) == pytest.approx(8.0)


def test_sampling_is_reproducible_and_stays_in_the_alphabet():
    model = language.train_ngram(TEXTS["en"], 2)
    first = language.sample_text(model, 50, temperature=1.0, seed=7, prompt="Cr")
    assert first == language.sample_text(model, 50, temperature=1.0, seed=7, prompt="Cr")
    assert len(first) == 50 and set(first) <= set(model.alphabet)
    # a very low temperature follows the likeliest character at every step
    greedy = language.sample_text(model, 20, temperature=0.01, seed=1, prompt="Cr")
    text = "Cr"
    for _ in range(20):
        text += model.alphabet[int(np.argmax(language.next_distribution(model, text)))]
    assert greedy == text[2:]


def test_integer_frequencies_sum_to_the_total_and_keep_every_possible_symbol():
    frequencies = coding.integer_frequencies([1 - 1e-15, 1e-15, 0.0])
    assert frequencies.sum() == 2**coding.FREQUENCY_BITS
    assert frequencies[1] >= 1 and frequencies[2] == 0


@pytest.mark.parametrize("lang", sorted(TEXTS))
@pytest.mark.parametrize("smoothing", language.SMOOTHINGS)
def test_the_coder_round_trips_and_its_size_is_the_models_cross_entropy(lang, smoothing):
    corpus, text = " ".join(TEXTS.values()), TEXTS[lang]
    model = language.train_ngram(corpus, 3, smoothing=smoothing, k=0.1)
    code = coding.arithmetic_encode(model, text)
    assert coding.arithmetic_decode(model, code) == text
    total = language.score_text(model, text).total
    assert total - 1 <= code.bits <= total + 2  # the final interval, written in full


@settings(max_examples=40, deadline=None)
@given(small_texts, small_texts, st.integers(0, 4))
def test_the_coder_round_trips_any_text(corpus, text, order):
    model = language.train_ngram(corpus, order, alphabet=text)
    code = coding.arithmetic_encode(model, text)
    assert coding.arithmetic_decode(model, code) == text
    assert code.bits <= language.score_text(model, text).total + 2


def test_standard_compressors_are_measured_on_the_utf8_text():
    sizes = coding.compressed_bits(TEXTS["zh"])
    assert sizes["utf-8"] == 8 * len(TEXTS["zh"].encode())
    assert set(sizes) == {"utf-8", "zlib", "bz2", "lzma"}
    assert all(bits > 0 for bits in sizes.values())
