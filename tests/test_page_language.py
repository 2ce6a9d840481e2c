"""The Language models page through AppTest: defaults, URL state, the infinite cost of k = 0,
bad values, the quiz, and every language."""

from __future__ import annotations

import math

import pytest

import ce_core as cc
from ce_ui import language as model
from ce_ui.format import sig
from ce_ui.i18n import translate
from ce_ui.language_corpora import CORPORA, SAMPLE_TEXTS
from ce_ui.url_state import quote_user_text
from tests.conftest import open_page, texts

PAGE = "pages/9_language.py"


def en(key: str, **values) -> str:
    return translate("en", key, **values)


def metrics(at) -> dict[str, str]:
    return {metric.label: metric.value for metric in at.metric}


def query_of(at) -> dict[str, str]:
    return {key: at.query_params[key] for key in at.query_params}


def test_the_default_page_scores_its_text_and_shows_every_section():
    at = open_page(PAGE)
    assert not at.exception
    assert at.title[0].value == en("language.title")
    shown = metrics(at)
    score = model.score(CORPORA["en"], 2, "kneser_ney", 1.0, SAMPLE_TEXTS["en"], math.e)
    assert shown[en("language.ce_metric", unit="nats")] == sig(score.cross_entropy)
    assert shown[en("language.perplexity_metric")] == sig(score.perplexity)
    assert en("language.held_metric", unit="nats") in shown
    assert len(at.get("plotly_chart")) == 2  # the surprisal bars and the order sweep
    assert at.dataframe  # the code-length table
    sample = model.sample(CORPORA["en"], 2, "kneser_ney", 1.0, SAMPLE_TEXTS["en"], 200, 1.0, 0)
    assert sample in [element.value for element in at.text]  # shown as plain text
    assert query_of(at)["order"] == "2" and "corpus" not in query_of(at)


def test_the_settings_come_from_the_url_and_go_back_into_it():
    query = {"train": "ru", "order": "4", "smoothing": "add_k", "k": "0.5", "held": "0.3",
             "temperature": "0.5", "seed": "12", "length": "50", "text": "модель"}  # fmt: skip
    at = open_page(PAGE, query)
    assert not at.exception
    assert at.slider(key="language.order").value == 4
    assert at.radio(key="language.smoothing").value == "add_k"
    assert at.number_input(key="language.k").value == 0.5
    published = query_of(at)
    for key, value in query.items():
        assert published[key] == value, key
    score = model.score(CORPORA["ru"], 4, "add_k", 0.5, "модель", math.e)
    assert metrics(at)[en("language.ce_metric", unit="nats")] == sig(score.cross_entropy)
    at.slider(key="language.order").set_value(1).run()
    assert at.query_params["order"] == "1"


def test_order_0_with_k_0_scores_a_text_against_itself_at_its_symbol_entropy():
    text = "to be or not to be"
    query = {"order": "0", "k": "0", "smoothing": "add_k", "train": "own", "corpus": text,
             "text": text, "units": "bits"}  # fmt: skip
    at = open_page(PAGE, query)
    assert not at.exception
    assert query_of(at)["corpus"] == text
    shown = metrics(at)[en("language.ce_metric", unit="bits")]
    assert shown == sig(cc.symbol_entropy(text))


def test_k_0_with_an_unseen_character_says_the_cost_is_infinite_and_why():
    at = open_page(PAGE, {"k": "0", "smoothing": "add_k", "text": "cross-entropy Ω"})
    assert not at.exception
    shown = metrics(at)
    assert shown[en("language.ce_metric", unit="nats")] == "∞"
    assert shown[en("language.perplexity_metric")] == "∞"
    (message,) = [e.value for e in at.error]
    assert "infinite" in message and "“Ω”" in message
    assert en("language.code_impossible") in texts(at)
    again = open_page(PAGE, {"k": "0.1", "smoothing": "add_k", "text": "cross-entropy Ω"})
    assert not again.error and metrics(again)[en("language.ce_metric", unit="nats")] != "∞"


@pytest.mark.parametrize(
    ("key", "value", "fallback"),
    [("order", "9", 2), ("k", "-1", 0.1), ("smoothing", "wittenbell", "kneser_ney"),
     ("held", "0.9", 0.2), ("train", "klingon", "en"), ("length", "abc", 200)],
)  # fmt: skip
def test_a_bad_link_value_is_named_and_the_page_goes_on_with_the_default(key, value, fallback):
    at = open_page(PAGE, {key: value})
    assert not at.exception
    (warning,) = [w.value for w in at.warning]
    assert quote_user_text(value) in warning and key in warning
    widget = {"order": at.slider, "held": at.slider, "length": at.slider, "k": at.number_input,
              "smoothing": at.radio, "train": at.selectbox}[key]  # fmt: skip
    assert widget(key=f"language.{key}").value == fallback
    assert en("language.ce_metric", unit="nats") in metrics(at)


def test_a_bad_typed_input_gets_one_message_and_a_fallback():
    at = open_page(PAGE, {"train": "own", "corpus": "a"})
    assert not at.exception
    (error,) = [e.value for e in at.error]
    assert en("language.corpus_too_short") in error and en("language.train_en") in error
    at = open_page(PAGE)
    at.text_area(key="language.text").set_value("").run()
    assert not at.exception
    (error,) = [e.value for e in at.error]
    assert en("language.text_empty") in error
    assert en("language.ce_metric", unit="nats") in metrics(at)  # scored: the last valid text
    at = open_page(PAGE, {"loss_unit": "perplexity", "loss": "0.5"})
    (error,) = [e.value for e in at.error]
    assert "below 1" in error
    assert metrics(at)[en("language.loss_perplexity")] == sig(math.exp(1.37))


def test_the_converter_reads_a_training_log():
    at = open_page(PAGE, {"loss": "2", "loss_unit": "bits", "vocab": "256"})
    shown = metrics(at)
    assert shown[en("language.loss_nats")] == sig(2 * math.log(2))
    assert shown[en("language.loss_perplexity")] == sig(4.0)
    assert en("language.initial_loss", count=256, nats=sig(math.log(256)), bits="8") in texts(at)


def test_the_quiz_hides_the_cross_entropy_and_what_follows_from_it_until_revealed():
    at = open_page(PAGE, {"quiz": "1"})
    assert not at.exception
    before = texts(at)
    assert en("language.quiz_prompt", unit="nats") in before
    shown = metrics(at)
    for key in ("ce_metric", "total_metric"):
        assert en(f"language.{key}", unit="nats") not in shown
    assert en("language.perplexity_metric") not in shown
    assert not at.dataframe and len(at.get("plotly_chart")) == 1  # only the order sweep
    (reveal,) = [b for b in at.button if b.label == en("common.quiz_reveal")]
    reveal.click().run()
    assert not at.exception
    assert en("language.ce_metric", unit="nats") in metrics(at)
    assert at.dataframe and len(at.get("plotly_chart")) == 2


@pytest.mark.parametrize("lang", ["en", "vi", "ru", "zh"])
def test_every_language_renders(lang):
    at = open_page(PAGE, {"lang": lang, "train": lang, "text": SAMPLE_TEXTS[lang]})
    assert not at.exception
    assert at.title[0].value == translate(lang, "language.title")
    unit = translate(lang, "common.unit_nats")
    assert translate(lang, "language.ce_metric", unit=unit) in metrics(at)
    summary = translate(lang, "language.text_summary", count=len(SAMPLE_TEXTS[lang]))
    assert summary in texts(at)
