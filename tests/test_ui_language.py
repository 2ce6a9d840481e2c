"""The Language models page's pure parts: fields, reading, scores, the held-out experiment, code
lengths, the converter and the figure builders (no AppTest)."""

from __future__ import annotations

import base64
import math

import numpy as np
import plotly.graph_objects as go
import pytest

import ce_core as cc
from ce_ui import language as model
from ce_ui import url_state
from ce_ui.figures import language as figures
from ce_ui.i18n import use_language
from ce_ui.inputs import InputProblem
from ce_ui.language_corpora import CORPORA, SAMPLE_TEXTS

EN = CORPORA["en"]


@pytest.fixture(autouse=True)
def english():
    use_language("en")


def test_fields_are_declared_with_their_bounds():
    assert (model.ORDER.parse.low, model.ORDER.parse.high, model.ORDER.parse.integer) == (
        0,
        5,
        True,
    )
    assert model.K.parse.low == 0 and not model.K.parse.low_open  # k = 0 is allowed
    assert model.SMOOTHING.parse.options == ("add_k", "kneser_ney")
    assert model.TRAIN.parse.options == ("en", "vi", "ru", "zh", "own")
    assert model.TEXT.max_chars == model.TEXT_LIMIT and model.CORPUS.max_chars == model.CORPUS_LIMIT
    assert 0 < model.HELD.parse.low < model.HELD.parse.high < 1
    with pytest.raises(url_state.InvalidValue):
        model.ORDER.parse("6")
    with pytest.raises(url_state.InvalidValue):
        model.K.parse("-0.1")


def test_the_longest_valid_values_fit_in_one_link():
    keys = len(model.FIELDS) + 5  # the page's fields and the common ones
    total = model.CORPUS_LINK_LIMIT + model.TEXT_LINK_LIMIT + 30 * keys
    assert total <= url_state.MAX_QUERY_CHARS


@pytest.mark.parametrize("lang", model.LANGUAGES)
def test_each_built_in_corpus_is_a_few_paragraphs_and_scores_its_sample(lang):
    corpus = CORPORA[lang]
    assert 500 <= len(corpus) <= model.CORPUS_LIMIT
    score = model.score(corpus, 2, "kneser_ney", 1.0, SAMPLE_TEXTS[lang], 2.0)
    assert 0 < score.cross_entropy < math.log2(len(set(corpus)))  # better than uniform


def test_reading_the_corpus_and_the_text():
    assert model.read_corpus("ru", "") == CORPORA["ru"]
    assert model.read_corpus("own", "abc") == "abc"
    with pytest.raises(InputProblem, match="fewer than two"):
        model.read_corpus("own", " a ")
    assert model.read_text(" x") == " x"
    with pytest.raises(InputProblem, match="empty"):
        model.read_text("")


def test_a_text_is_cut_where_the_link_ends():
    assert model.fitting_text("abc", 2, 100) == "ab"
    kept = model.fitting_text("熵" * 300, 300, model.TEXT_LINK_LIMIT)
    assert url_state.link_length(kept) <= model.TEXT_LINK_LIMIT < url_state.link_length(kept + "熵")


@pytest.mark.parametrize("text", ["abracadabra", "aaaa", "Cross-entropy, 熵!"])
def test_order_0_without_smoothing_scores_a_text_against_itself_at_its_symbol_entropy(text):
    for base in (2.0, math.e):
        score = model.score(text, 0, "add_k", 0.0, text, base)
        assert score.cross_entropy == pytest.approx(cc.symbol_entropy(text, base=base), abs=1e-12)


def test_an_unseen_character_with_k_0_costs_infinitely_much_and_is_named():
    score = model.score("abab", 1, "add_k", 0.0, "abxa", 2.0)
    assert math.isinf(score.cross_entropy) and math.isinf(score.perplexity)
    assert model.unseen_characters(score, "abxa") == ["x"]  # after x (unseen): order 0
    smoothed = model.score("abab", 1, "add_k", 0.5, "abxa", 2.0)
    assert math.isfinite(smoothed.cross_entropy)
    assert model.unseen_characters(smoothed, "abxa") == []


def test_the_held_out_split_keeps_a_character_on_each_side():
    assert model.split_corpus("a", 0.2) is None
    assert model.split_corpus("ab", 0.5) == ("a", "b")
    assert model.split_corpus("ab", 0.05) == ("a", "b")
    training, held = model.split_corpus(EN, 0.2)
    assert training + held == EN and len(held) == pytest.approx(0.2 * len(EN), abs=1)


def test_the_order_sweep_shows_training_loss_falling_and_held_out_loss_turning_up():
    sweep = model.order_sweep(EN, 0.2, 0.1)
    for smoothing in ("add_k", "kneser_ney"):
        training, held = sweep[smoothing]
        assert len(training) == len(held) == 6
        assert training[5] < training[1] < training[0]
    training, held = sweep["add_k"]
    assert held[5] > min(held)  # overfitting: the longest context is not the best on new text
    run = model.held_out(EN, 0.2, 3, "add_k", 0.1)
    assert run.held.cross_entropy == held[3]
    assert model.in_units(held[3], 2.0) == pytest.approx(held[3] / math.log(2))
    assert model.in_units((1.0, math.inf), 2.0) == (pytest.approx(1 / math.log(2)), math.inf)


def test_code_lengths_round_trip_and_match_the_total_surprisal():
    text = SAMPLE_TEXTS["en"]
    lengths = model.code_lengths(EN, 3, "kneser_ney", 1.0, text)
    assert lengths.round_trip and lengths.characters == len(text)
    assert abs(lengths.coder_bits - lengths.model_bits) <= 2
    assert lengths.compressors["utf-8"] == 8 * len(text.encode())
    table = model.code_table(lengths)
    assert list(table) == ["way of writing the text", "bits", "bits per character", "note"]
    assert all(len(column) == 6 for column in table.values())
    assert table["note"][0] == "decoded back to exactly the text"
    assert table["bits"][0] == str(lengths.coder_bits)


def test_code_lengths_say_no_code_exists_when_a_character_is_impossible():
    lengths = model.code_lengths("abab", 1, "add_k", 0.0, "abxa")
    assert lengths.coder_bits is None and not lengths.round_trip
    assert math.isinf(lengths.model_bits)
    table = model.code_table(lengths)
    assert table["bits"][:2] == ["∞", "∞"]
    assert table["note"][0] == "impossible: a character has probability 0"


def test_sampling_is_repeatable_and_uses_the_model_alphabet():
    one = model.sample(EN, 2, "kneser_ney", 1.0, "abc", 80, 1.0, 7)
    assert one == model.sample(EN, 2, "kneser_ney", 1.0, "abc", 80, 1.0, 7)
    assert len(one) == 80 and set(one) <= set(EN) | set("abc")
    assert one != model.sample(EN, 2, "kneser_ney", 1.0, "abc", 80, 1.0, 8)
    cold = model.sample(EN, 3, "kneser_ney", 1.0, "abc", 200, 0.1, 1)
    hot = model.sample(EN, 3, "kneser_ney", 1.0, "abc", 200, 3.0, 1)
    assert len(set(cold)) < len(set(hot))  # a low temperature keeps to the likeliest characters


def test_the_converter_reads_nats_bits_and_perplexity():
    reading = model.convert_loss(1.37, "nats")
    assert reading.bits == pytest.approx(1.37 / math.log(2))
    assert reading.perplexity == pytest.approx(math.exp(1.37))
    assert model.convert_loss(2, "bits").perplexity == pytest.approx(4)
    assert model.convert_loss(4, "perplexity").bits == pytest.approx(2)
    assert model.convert_loss(1, "perplexity").nats == 0
    with pytest.raises(InputProblem, match="below 1"):
        model.convert_loss(0.5, "perplexity")
    with pytest.raises(InputProblem, match="larger"):
        model.convert_loss(101, "nats")
    nats, bits = model.initial_loss(50_257)
    assert nats == pytest.approx(math.log(50_257)) and bits == pytest.approx(math.log2(50_257))


def numbers(values) -> np.ndarray:
    """A trace's numbers, sent as a typed array or as a list."""
    if isinstance(values, dict):
        return np.frombuffer(base64.b64decode(values["bdata"]), dtype=values["dtype"]).astype(float)
    return np.asarray(values, dtype=float)


def bars(text="abca", surprisal=(1.0, 2.0, math.inf, 0.5)):
    n = len(text)
    probabilities = [2.0**-s for s in surprisal]
    candidates = [("a", " ", "b")] * n
    candidate_p = [(0.5, 0.3, 0.2)] * n
    return figures.surprisal_bars(
        tuple(text), probabilities, surprisal, candidates, candidate_p, title="T", x_title="x",
        y_title="y", unit="bits", candidates_label="top", infinite_label="p = 0: infinite",
    )  # fmt: skip


def test_surprisal_bars_have_one_bar_per_character_labelled_by_it():
    fig = go.Figure(bars().to_dict())  # validates every property
    (trace,) = fig.data
    assert list(trace.x) == [0, 1, 2, 3]  # repeated characters keep their own bars
    assert list(fig.layout.xaxis.ticktext) == ["a", "b", "c", "a"]
    heights = numbers(trace.y)
    assert heights[[0, 1, 3]].tolist() == pytest.approx([1.0, 2.0, 0.5])
    assert heights[2] == heights.max() and heights[2] > 2.0  # infinite: the tallest bar
    assert trace.marker.color[2] != trace.marker.color[0]
    assert "p = 0: infinite" in trace.customdata[2]
    assert "top: a 0.5, ␣ 0.3, b 0.2" in trace.customdata[0]
    assert "b: p = 0.25, 2 bits" in trace.customdata[1]


def test_surprisal_bars_make_whitespace_visible():
    fig = bars("a b\n", (1.0, 1.0, 1.0, 1.0))
    assert list(fig.layout.xaxis.ticktext) == ["a", "␣", "b", "↵"]


def test_order_curves_leave_a_gap_for_infinite_cross_entropy():
    curves = {"train": (3.0, 2.0, 1.0), "held": (3.1, math.inf, 2.5)}
    fig = go.Figure(
        figures.order_curves(
            (0, 1, 2), curves, current_order=1, title="T", x_title="order", y_title="ce"
        ).to_dict()  # fmt: skip
    )
    assert [trace.name for trace in fig.data] == ["train", "held"]
    assert fig.data[1].y == (3.1, None, 2.5)
    assert fig.data[0].line.dash == "dash" and fig.data[1].line.dash == "solid"
    assert fig.layout.shapes[0].x0 == 1


def test_the_sweep_lesson_names_overfitting_only_where_the_chart_shows_it():
    rising = {
        "add_k": ([3.0, 2.0, 1.0, 0.5, 0.3, 0.2], [3.1, 2.5, 2.4, 2.6, 2.9, 3.2]),
        "kneser_ney": ([3.0, 2.0, 1.0, 0.5, 0.3, 0.2], [3.1, 2.5, 2.3, 2.2, 2.1, 2.0]),
    }
    key, values = model.sweep_lesson(rising)
    assert key == "language.sweep_overfit" and values == {"smoothing": "add-k", "order": 2}
    falling = {"add_k": rising["kneser_ney"], "kneser_ney": rising["kneser_ney"]}
    assert model.sweep_lesson(falling) == ("language.sweep_no_overfit", {})
    infinite = {"add_k": ([1.0] * 6, [math.inf] * 6), "kneser_ney": rising["kneser_ney"]}
    assert model.sweep_lesson(infinite) == ("language.sweep_no_overfit", {})
    assert model.sweep_lesson(model.order_sweep(EN, 0.2, 0.1))[0] == "language.sweep_overfit"


def test_the_code_lesson_says_which_compressor_won():
    lengths = model.CodeLengths(10, 40, True, 39.2, {"zlib": 200, "bz2": 300, "lzma": 400})
    assert model.code_lesson(lengths) == ("language.code_lesson_wins", {})
    worse = model.CodeLengths(10, 250, True, 249.0, {"zlib": 200, "bz2": 300, "lzma": 400})
    assert model.code_lesson(worse) == ("language.code_lesson_loses", {"best": "zlib"})
    none = model.CodeLengths(10, None, False, math.inf, {"zlib": 200, "bz2": 300, "lzma": 400})
    assert model.code_lesson(none) == ("language.code_impossible", {})
    real = model.code_lengths(EN, 3, "kneser_ney", 1.0, EN[:300])  # seen text: the model wins
    assert model.code_lesson(real)[0] == "language.code_lesson_wins"
