"""Number formatting, vector parsing, URL value parsers and the translation catalogue."""

import math
import re
from pathlib import Path

import numpy as np
import pytest

from ce_ui import url_state
from ce_ui.format import oriented_ratio, sig
from ce_ui.i18n import catalogue, language_from_locale, translate
from ce_ui.inputs import InputProblem, format_vector, parse_vector

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (2.302585092994046, "2.303"),
        (105.56, "105.6"),
        (0.4462871026284195, "0.4463"),
        (0.0010536, "0.001054"),
        (1.0536e-6, "1.054e−6"),
        (-0.9, "−0.9"),
        (3.0, "3"),
        (math.inf, "∞"),
        (math.nan, "NaN"),
    ],
)
def test_sig_writes_four_significant_digits(value, text):
    assert sig(value) == text


@pytest.mark.parametrize(
    ("ratio", "oriented"),
    [
        (2.118, (1, 2.118)),
        (0.5, (-1, 2.0)),
        (1.0, (0, 1.0)),
        (1.00004, (0, 1.0)),
        (0.99996, (0, 1.0)),
        (1.0006, (1, 1.0006)),
        (math.inf, (1, math.inf)),
    ],
)
def test_oriented_ratio_says_which_amount_is_larger(ratio, oriented):
    assert oriented_ratio(ratio) == oriented


def test_parse_vector_accepts_commas_semicolons_and_spaces():
    np.testing.assert_array_equal(parse_vector("0.1, 0.5;0.4", "p"), [0.1, 0.5, 0.4])
    np.testing.assert_array_equal(parse_vector(" 1 2 ", "p"), [1.0, 2.0])


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("", "is empty"),
        ("0.1, abc", "“abc” (number 2) is not a finite number"),
        ("nan, 0.5", "not a finite number"),
        ("0.5 1e309", "not a finite number"),
        ("-0.1, 1", "outside the allowed range [0, 1]"),
        (",".join(["0.1"] * 21), "at most 20"),
        ("1", "at least 2"),
    ],
)
def test_parse_vector_names_the_field_and_the_problem(text, fragment):
    with pytest.raises(InputProblem) as problem:
        parse_vector(text, "Prediction ŷ", min_length=2, low=0, high=1)
    assert "**Prediction ŷ**" in str(problem.value)
    assert fragment in str(problem.value)


def test_format_vector_round_trips():
    values = [0.1, 0.5, 1e-07, 2.0]
    assert format_vector(values) == "0.1,0.5,1e-07,2"
    np.testing.assert_array_equal(parse_vector(format_vector(values), "p"), values)


def test_number_parser_checks_range_and_integrality():
    parse = url_state.number(0, 1, low_open=True)
    assert parse("0.5") == 0.5
    for bad in ("0", "1.5", "abc", "nan", "inf", "1e309"):
        with pytest.raises(url_state.InvalidValue):
            parse(bad)
    whole = url_state.number(2, 20, integer=True)
    assert whole("5") == 5 and isinstance(whole("5"), int)
    with pytest.raises(url_state.InvalidValue):
        whole("5.5")


def test_flag_and_choice_parsers():
    assert url_state.flag("1") is True and url_state.flag("0") is False
    with pytest.raises(url_state.InvalidValue):
        url_state.flag("maybe")
    assert url_state.choice(["nats", "bits"])(" BITS ") == "bits"


def test_quote_user_text_neutralises_markdown_and_control_characters():
    quoted = url_state.quote_user_text("[x](http://e.com)\x00:red[y] $a$ <i>")
    assert "\x00" not in quoted
    assert re.search(r"(?<!\\)[\[\]()$<>:]", quoted) is None


def test_locale_picks_a_catalogue_language_or_english():
    assert language_from_locale("en-US") == "en"
    assert language_from_locale("xx-YY") == "en"
    assert language_from_locale(None) == "en"


def test_every_literal_message_key_in_the_code_exists_in_english():
    english = catalogue("en")
    used = set()
    for path in [ROOT / "app.py", *ROOT.glob("pages/*.py"), *ROOT.glob("ce_ui/**/*.py")]:
        used |= set(re.findall(r"""\bt\(\s*["']([a-z_0-9]+\.[a-z_0-9.]+)["']""", path.read_text()))
    missing = sorted(key for key in used if key not in english and f"{key}.other" not in english)
    assert not missing, f"keys used in code but missing from ce_ui/locales/en: {missing}"


def test_english_messages_format_with_their_placeholders():
    assert translate("en", "common.rule_choice", options="a, b") == "it must be one of: a, b."
