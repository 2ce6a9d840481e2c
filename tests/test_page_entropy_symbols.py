"""The Entropy page counts the characters a reader sees (grapheme clusters), not code points."""

import pytest

import ce_core as cc
from ce_ui import text
from ce_ui.figures import entropy as figures
from tests.conftest import open_page, texts

PAGE = "pages/6_entropy.py"

DECOMPOSED_ETE = "e\u0301te\u0301"  # été typed with combining accents: 5 code points
FLAG = "\U0001f1eb\U0001f1f7"  # 🇫🇷: two regional indicators
FAMILY = "\U0001f468\u200d\U0001f469\u200d\U0001f467"  # 👨‍👩‍👧: three emoji joined by ZWJ


@pytest.mark.parametrize(
    ("typed", "seen"),
    [
        (DECOMPOSED_ETE, ("é", "t", "é")),
        ("été", ("é", "t", "é")),  # precomposed: the same three symbols
        (FLAG + FLAG, (FLAG, FLAG)),
        (FAMILY + "a", (FAMILY, "a")),
        ("a\r\nb", ("a", "\r\n", "b")),
        ("jteikfqa", tuple("jteikfqa")),
    ],
)
def test_symbols_are_grapheme_clusters(typed, seen):
    assert text.symbols(typed) == seen


def test_core_keeps_counting_code_points_for_a_str_and_symbols_for_a_sequence():
    assert cc.symbol_information(DECOMPOSED_ETE).length == 5
    info = cc.symbol_information(text.symbols(DECOMPOSED_ETE))
    assert info.length == 3 and sorted(info.counts) == [1, 2]
    assert cc.symbol_entropy(("ab", "ab", "c", "d")) == pytest.approx(1.5)
    with pytest.raises(ValueError, match="non-empty strings"):
        cc.symbol_information(["a", ""])
    with pytest.raises(ValueError, match="empty"):
        cc.symbol_information(())


@pytest.mark.parametrize(
    ("typed", "length", "distinct"),
    [(DECOMPOSED_ETE, 3, 2), (FLAG, 1, 1), (FLAG + " " + FAMILY, 3, 3), ("abracadabra", 11, 5)],
)
def test_the_page_counts_what_a_reader_sees(typed, length, distinct):
    at = open_page(PAGE, {"text": typed})
    assert not at.exception
    symbols = "symbol" if length == 1 else "symbols"  # plural forms (issue 14)
    assert f"{length} {symbols}, {distinct} of them distinct." in texts(at)


@pytest.mark.parametrize(
    ("symbol", "label"),
    [
        (" ", "␣"),
        ("\r\n", "↵"),
        ("é", "é"),
        (FLAG, FLAG),
        (FAMILY, FAMILY),  # visible although it holds zero-width joiners
        ("\u0301", "◌\u0301"),  # a combining accent with no letter before it
        ("\u200b", "U+200B"),
        ("\u200d\u200d", "U+200D U+200D"),
    ],
)
def test_every_symbol_gets_a_label_that_can_be_seen(symbol, label):
    assert figures.symbol_label(symbol) == label


def test_a_text_of_clusters_reaches_the_chart_and_the_table():
    at = open_page(PAGE, {"text": FAMILY + FAMILY + "\u0301"})
    assert not at.exception
    body = texts(at)
    assert "2 symbols, 2 of them distinct." in body


@pytest.mark.parametrize(
    ("p", "q", "note"),
    [
        ("0.5,0.5", "0.5,0.5", "equal_note"),  # q = p
        # KL = p₀·log(p₀/q₀) ≈ −2e−316 as computed, and never negative: it is 0 with q ≠ p.
        ("1e-300,1", "1.0000000000000002e-300,1", "equal_note_rounded"),
        # One ulp apart: KL = 3.698e−32, which ce_core keeps (log1p of the ratio): no note.
        ("0.5,0.5", "0.5000000000000001,0.4999999999999999", None),
        ("0.5,0.5", "0.50000001,0.49999999", None),  # KL = 2e−16: neither note
    ],
)
def test_equal_note_only_when_q_is_p(p, q, note):
    from ce_ui.i18n import translate

    body = texts(open_page(PAGE, {"p": p, "q": q}))
    for key in ("equal_note", "equal_note_rounded"):
        assert (translate("en", f"entropy.{key}") in body) is (key == note), key


def test_entropy_and_kl_add_up_to_the_cross_entropy_shown():
    import re

    for query in ({}, {"p": "0.3,0.3,0.4", "q": "0.2,0.35,0.45"}, {"p": "0.1,0.9", "q": "0.6,0.4"}):
        body = texts(open_page(PAGE, query))
        total, first, second = re.search(
            r"\\quad ([0-9.]+) = ([0-9.]+) \+ ([0-9.]+)", body
        ).groups()
        assert f"{float(first) + float(second):.4g}" == f"{float(total):.4g}", query


def test_a_distribution_just_off_1_is_not_said_to_add_up_to_1():
    body = texts(open_page(PAGE, {"p": "0.5,0.500002"}))
    assert "adds up to 1.000002, not 1" in body
