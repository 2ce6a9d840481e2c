"""The Entropy page's sentences and table, without Streamlit: plural forms in every language."""

import numpy as np
import pytest

import ce_core as cc
from ce_ui import i18n
from ce_ui.explanations import entropy as explain


@pytest.fixture
def language():
    def use(lang):
        i18n._thread_language.set(lang)

    yield use
    i18n._thread_language.set("en")


@pytest.mark.parametrize(
    ("lang", "value", "text"),
    [
        ("en", 1, "1 bit"),
        ("en", 24, "24 bits"),
        ("en", 1.0, "1 bit"),
        ("en", 2.585, "2.585 bits"),
        ("ru", 1, "1 бит"),
        ("ru", 3, "3 бита"),
        ("ru", 5, "5 бит"),
        ("ru", 21, "21 бит"),
        ("ru", 2.585, "2.585 бита"),
        ("zh", 1, "1 比特"),
        ("vi", 3, "3 bit"),
    ],
)
def test_bits_text_is_plural(language, lang, value, text):
    language(lang)
    assert explain.bits_text(value) == text


def test_text_summary_of_one_symbol(language):
    language("en")
    info = cc.symbol_information(["a"], base=2)
    summary = explain.text_summary(info)
    assert summary.startswith("1 symbol, 1 of them distinct.")
    assert "a fixed-length code for 1 symbol needs 0 bits per symbol" in summary


@pytest.mark.parametrize(
    ("length", "words"),
    [(1, "1 символ,"), (3, "3 символа,"), (5, "5 символов,"), (22, "22 символа,")],
)
def test_text_summary_in_russian(language, length, words):
    language("ru")
    info = cc.symbol_information(["a"] * length, base=2)
    assert explain.text_summary(info).startswith(f"В тексте {words}")


@pytest.mark.parametrize(("count", "bits"), [(1, 0), (2, 1), (8, 3), (1000, 10)])
def test_uniform_code_counts_the_bits_of_a_fixed_length_code(language, count, bits):
    language("en")
    unit = "bit" if bits == 1 else "bits"
    assert f"with {bits} {unit} each" in explain.uniform_code(count)


def test_fixed_length_label(language):
    language("en")
    assert explain.fixed_length_label(1, 2) == "Fixed-length code: 1 bit × 2"
    assert explain.fixed_length_label(3, 8) == "Fixed-length code: 3 bits × 8"


def test_symbol_table_is_sorted_by_frequency(language):
    language("en")
    info = cc.symbol_information(list("abb"), base=2)
    probabilities = np.array(info.probabilities)
    table = explain.symbol_table(info, probabilities, -np.log2(probabilities))
    columns = list(table.values())
    assert columns[0] == ["b", "a"]
    assert columns[1] == [2, 1]
    assert columns[2] == ["0.6667", "0.3333"]


@pytest.mark.parametrize(
    ("lang", "count", "text"),
    [
        ("en", 1, "1 other"),
        ("en", 4, "4 others"),
        ("ru", 1, "ещё 1 символ"),
        ("ru", 12, "ещё 12 символов"),
    ],
)
def test_the_other_symbols_bar_is_plural(lang, count, text):
    assert i18n.translate(lang, "entropy.other_symbols", count=count) == text
