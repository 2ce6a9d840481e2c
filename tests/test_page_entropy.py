"""The Entropy page in AppTest: the URL contract, each section, and bad input."""

import pytest

from ce_ui.i18n import translate
from tests.conftest import open_page, texts

PAGE = "pages/6_entropy.py"


def en(key: str, **values) -> str:
    return translate("en", key, **values)


def metrics(at) -> dict[str, str]:
    return {element.label: element.value for element in at.metric}


def bits(value) -> str:
    return en("entropy.bits_value", count=float(value), value=value)


def test_eight_different_letters_need_three_bits_each():
    at = open_page(PAGE, {"text": "jteikfqa"})
    assert not at.exception
    shown = metrics(at)
    assert shown[en("entropy.entropy_metric")] == bits("3")
    assert shown[en("entropy.total_metric")] == bits("24")
    assert shown[en("entropy.fixed_metric", count=3, length=8)] == bits(24)
    assert at.query_params["text"] == "jteikfqa"


def test_a_repeated_letter_carries_no_information():
    at = open_page(PAGE, {"text": "aaaaaaaa"})
    shown = metrics(at)
    assert shown[en("entropy.entropy_metric")] == bits("0")
    assert shown[en("entropy.total_metric")] == bits("0")
    table = at.dataframe[0].value
    assert list(table[en("entropy.column_symbol")]) == ["a"]
    assert list(table[en("entropy.column_count")]) == [8]


def test_symbols_are_counted_with_visible_whitespace_and_sorted_by_frequency():
    at = open_page(PAGE, {"text": "ab b\nb"})
    table = at.dataframe[0].value
    assert list(table[en("entropy.column_symbol")]) == ["b", "a", "␣", "↵"]
    assert list(table[en("entropy.column_probability")]) == ["0.5", "0.1667", "0.1667", "0.1667"]
    assert list(table[en("entropy.column_information")]) == ["1", "2.585", "2.585", "2.585"]
    assert metrics(at)[en("entropy.entropy_metric")] == bits("1.792")


@pytest.mark.parametrize(
    ("n", "expected"), [("1024", "10"), ("8", "3"), ("1000", "9.966"), ("1", "0")]
)
def test_n_equally_likely_outcomes_need_log2_n_bits(n, expected):
    at = open_page(PAGE, {"n": n})
    assert not at.exception
    assert metrics(at)[en("entropy.uniform_metric")] == bits(expected)
    assert at.query_params["n"] == n


def test_fixed_length_code_for_n_outcomes_rounds_up():
    body = texts(open_page(PAGE, {"n": "1000"}))
    assert en("entropy.uniform_code", count=10) in body
    assert en("entropy.uniform_in_nats", value="6.908") in body


def test_cross_entropy_is_entropy_plus_kl_in_bits_and_nats():
    at = open_page(PAGE, {"units": "bits"})
    shown = metrics(at)
    assert shown[en("entropy.entropy_p", unit="bits")] == "1.75"
    assert shown[en("entropy.cross_entropy_pq", unit="bits")] == "2"
    assert shown[en("entropy.kl_pq", unit="bits")] == "0.25"
    assert r"2 = 1.75 + 0.25" in texts(at)
    at.radio(key="common.units").set_value("nats").run()
    shown = metrics(at)
    assert shown[en("entropy.entropy_p", unit="nats")] == "1.213"
    assert shown[en("entropy.cross_entropy_pq", unit="nats")] == "1.386"
    assert shown[en("entropy.kl_pq", unit="nats")] == "0.1733"


def test_q_equal_to_p_gives_zero_divergence():
    at = open_page(PAGE, {"p": "0.2,0.3,0.5", "q": "0.2,0.3,0.5", "units": "bits"})
    shown = metrics(at)
    assert shown[en("entropy.kl_pq", unit="bits")] == "0"
    assert (
        shown[en("entropy.entropy_p", unit="bits")]
        == shown[en("entropy.cross_entropy_pq", unit="bits")]
    )
    assert en("entropy.equal_note") in [element.value for element in at.success]


def test_set_q_to_p_button():
    at = open_page(PAGE, {"p": "0.6,0.4", "q": "0.5,0.5"})
    assert not at.success
    at.button(key="entropy.make_equal").click().run()
    assert at.query_params["q"] == "0.6,0.4"
    assert metrics(at)[en("entropy.kl_pq", unit="nats")] == "0"


def test_a_one_hot_p_is_the_classification_loss():
    at = open_page(PAGE, {"p": "1,0,0", "q": "0.7,0.2,0.1"})
    assert metrics(at)[en("entropy.cross_entropy_pq", unit="nats")] == "0.3567"
    assert en("entropy.one_hot_note") in [element.value for element in at.info]


def test_presets_and_text_examples():
    at = open_page(PAGE)
    at.button(key="entropy.preset_label").click().run()
    assert (at.query_params["p"], at.query_params["q"]) == ("1,0,0", "0.7,0.2,0.1")
    at.button(key="entropy.example_aaaaaaaa").click().run()
    assert at.query_params["text"] == "aaaaaaaa"
    assert metrics(at)[en("entropy.entropy_metric")] == bits("0")


def test_typing_a_text_updates_the_numbers():
    at = open_page(PAGE)
    at.text_area(key="entropy.text").input("abab").run()
    assert metrics(at)[en("entropy.total_metric")] == bits("4")
    assert at.query_params["text"] == "abab"


def test_an_empty_text_is_explained():
    at = open_page(PAGE, {"text": ""})
    assert not at.exception
    assert en("entropy.text_empty") in [element.value for element in at.info]
    assert en("entropy.entropy_metric") not in metrics(at)
    assert metrics(at)[en("entropy.uniform_metric")] == bits("3")


def test_a_huge_text_is_cut_to_the_limit_and_still_measured():
    at = open_page(PAGE)
    assert at.text_area(key="entropy.text").proto.max_chars == 2000
    # The field takes 2,000 characters (a paste is cut by the browser, and by Streamlit's server
    # for a client that sends more).
    at.text_area(key="entropy.text").set_value("ab" * 50_000).run()
    assert not at.exception
    assert metrics(at)[en("entropy.total_metric")] == bits("2000")
    assert at.text_area(key="entropy.text").value == "ab" * 1000
    assert at.query_params["text"] == "ab" * 1000
    at.run()
    assert not at.warning


def test_a_link_with_a_text_over_the_limit_is_refused_by_the_common_rule():
    at = open_page(PAGE, {"text": "x" * 3000})
    assert not at.exception
    (warning,) = at.warning
    assert "**text**" in warning.value and "2000 characters" in warning.value
    assert at.query_params["text"] == "abracadabra"


def test_user_text_is_never_rendered_as_markdown():
    sneaky = "[click](javascript:alert(1)) **bold** <b>x</b> $x$"
    at = open_page(PAGE, {"text": sneaky})
    assert not at.exception
    rendered = [
        element.value
        for kind in ("markdown", "caption", "info", "warning", "error")
        for element in getattr(at, kind)
    ]
    assert not any("javascript" in value or "<b>" in value for value in rendered)
    assert at.text_area(key="entropy.text").value == sneaky


@pytest.mark.parametrize(
    ("query", "fragment"),
    [({"n": "0"}, "**n**"), ({"n": "5000000"}, "**n**"), ({"n": "2.5"}, "**n**")],
)
def test_out_of_range_n_is_named_and_replaced(query, fragment):
    at = open_page(PAGE, query)
    assert not at.exception
    (warning,) = at.warning
    assert fragment in warning.value
    assert metrics(at)[en("entropy.uniform_metric")] == bits("3")


def test_distributions_that_do_not_sum_to_one_can_be_normalised():
    at = open_page(PAGE, {"p": "0.5,0.25,0.25,0.25", "units": "bits"})
    (warning,) = at.warning
    assert "1.25" in warning.value
    assert metrics(at)[en("entropy.entropy_p", unit="bits")] == "1.922"
    at.button(key="entropy.normalise_p").click().run()
    assert not at.warning and not at.exception
    assert at.query_params["p"] == "0.4,0.2,0.2,0.2"


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"p": "0.5,abc"}, "“abc” (number 2) is not a finite number"),
        ({"q": ""}, "is empty"),
        ({"p": "0.5,-0.5"}, "outside the allowed range [0, 1]"),
        ({"q": "0,0,0,0"}, "adds up to 0"),
    ],
)
def test_unusable_distributions_are_explained_and_replaced(query, message):
    at = open_page(PAGE, query)
    assert not at.exception
    (error,) = at.error
    assert message in error.value
    assert en("entropy.using_default") in texts(at)
    assert metrics(at)[en("entropy.kl_pq", unit="nats")] == "0.1733"


def test_distributions_of_different_lengths_are_explained():
    at = open_page(PAGE, {"p": "0.5,0.5", "q": "0.2,0.3,0.5"})
    assert not at.exception
    (error,) = at.error
    assert error.value.startswith(en("entropy.length_mismatch", count=2, q_count=3))
    assert "p = 0.5, 0.25, 0.125, 0.125 and q = 0.25, 0.25, 0.25, 0.25" in error.value  # defaults
    assert metrics(at)[en("entropy.kl_pq", unit="nats")] == "0.1733"


def test_a_zero_in_q_where_p_is_positive_makes_the_cross_entropy_infinite():
    at = open_page(PAGE, {"p": "0.5,0.5", "q": "1,0"})
    assert not at.exception
    shown = metrics(at)
    assert shown[en("entropy.cross_entropy_pq", unit="nats")] == "∞"
    assert shown[en("entropy.kl_pq", unit="nats")] == "∞"
    assert en("entropy.infinite_note") in [element.value for element in at.warning]


def shown_anywhere(at) -> str:
    """Everything the page shows: texts, formulas, metrics, tables, charts (titles, annotations,
    bar labels) and the data given to browser-side widgets."""
    parts = [texts(at)]
    parts += [element.value.to_string() for element in at.dataframe]
    parts += [chart.proto.spec for chart in at.get("plotly_chart")]

    def walk(node):
        for child in (getattr(node, "children", None) or {}).values():
            proto = getattr(child, "proto", None)
            if type(proto).__name__ == "BidiComponent":
                parts.append(proto.mixed.json or proto.json)
            walk(child)

    walk(at._tree)
    return "\n".join(parts)


def test_the_quiz_hides_every_number_derived_from_kl_until_revealed():
    import math

    import numpy as np

    import ce_core as cc
    from ce_ui.format import sig

    query = {"p": "0.6,0.4", "q": "0.5,0.5", "units": "nats"}
    p, q = np.array([0.6, 0.4]), np.array([0.5, 0.5])
    numbers = [cc.entropy(p), cc.cross_entropy(p, q), cc.kl_divergence(p, q)]
    forms = {sig(v) for v in numbers} | {f"{float(v):.3g}" for v in numbers}
    assert forms == {"0.673", "0.6931", "0.693", "0.02014", "0.0201"}

    quiz = open_page(PAGE, query | {"quiz": "1"})
    assert not quiz.exception
    before = shown_anywhere(quiz)
    assert en("entropy.quiz_prompt", unit="nats") in before
    assert [form for form in forms if form in before] == []
    assert en("entropy.kl_pq", unit="nats") not in metrics(quiz)
    (reveal,) = [b for b in quiz.button if b.label == translate("en", "common.quiz_reveal")]
    reveal.click().run()
    assert not quiz.exception
    after = shown_anywhere(quiz)
    assert all(form in after for form in forms)
    assert metrics(quiz)[en("entropy.kl_pq", unit="nats")] == "0.02014"
    assert math.isclose(float(metrics(quiz)[en("entropy.entropy_p", unit="nats")]), 0.673)
    # A new question (another q) hides the answer again.
    quiz.text_input(key="entropy.q").input("0.3, 0.7").run()
    assert en("entropy.kl_pq", unit="nats") not in metrics(quiz)
    assert en("entropy.quiz_prompt", unit="nats") in texts(quiz)
