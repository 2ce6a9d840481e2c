"""The Curves page in AppTest: URL contract, widgets, clipping, units and bad input."""

import json

import pytest

from tests.conftest import open_page, texts

PAGE = "pages/2_curves.py"


def curves(query=None):
    return open_page(PAGE, query)


def metric(at, label_start: str) -> str:
    (value,) = [m.value for m in at.metric if m.label.startswith(label_start)]
    return value


def with_tables(at) -> str:
    """The page's text, and each row of its tables written ``| a | b | c |`` (the tables are
    ``page.table`` dataframes)."""
    rows = [
        "| " + " | ".join(str(cell) for cell in row) + " |"
        for frame in at.dataframe
        for row in frame.value.itertuples(index=False)
    ]
    return "\n".join([texts(at), *rows])


def loss(at) -> str:
    return metric(at, "Loss L")


def test_default_state_is_the_first_worked_example():
    at = curves()
    assert not at.exception
    assert not at.warning
    assert loss(at) == "0.1054"
    assert metric(at, "Slope") == "−1.111"
    assert metric(at, "Probability on the truth") == "0.9"
    assert at.number_input(key="curves.p").value == 0.9
    assert at.slider(key="curves.view.p_slider").value == 0.9
    assert at.radio(key="curves.y").value == 1
    assert at.query_params["p"] == "0.9"
    assert at.query_params["y"] == "1"
    assert "eps" not in at.query_params  # clipping is off
    assert len(at.get("plotly_chart")) == 3


def test_the_issue_example_shows_0_1054():
    at = curves({"p": "0.9", "y": "1"})
    assert not at.exception
    assert loss(at) == "0.1054"
    assert r"\ln(0.9)" in at.latex[1].value
    assert "= 0.1054" in at.latex[1].value


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"p": "0.1", "y": "1"}, "2.303"),
        ({"p": "0.9", "y": "0"}, "2.303"),
        ({"p": "0.1", "y": "0"}, "0.1054"),
        ({"p": "0.5", "y": "0"}, "0.6931"),
        ({"p": "0.9", "y": "1", "units": "bits"}, "0.152"),
        ({"p": "0.1", "y": "1", "units": "bits"}, "3.322"),
        ({"p": "1e-50", "y": "1"}, "115.1"),
    ],
)
def test_losses_from_the_url(query, expected):
    at = curves(query)
    assert not at.exception
    assert not at.warning
    assert loss(at) == expected


def test_bits_relabel_the_numbers_and_the_formula():
    at = curves({"p": "0.1", "y": "1", "units": "bits"})
    assert at.metric[0].label == "Loss L (bits)"
    assert metric(at, "Slope") == "−14.43"  # −1/(0.1 · ln 2)
    assert r"\log_2(0.1)" in at.latex[1].value


def test_the_slope_of_a_confident_mistake():
    at = curves({"p": "0.01", "y": "1"})
    assert metric(at, "Slope") == "−100"
    assert "90× the steepness" in texts(at)


def test_worked_numbers_are_written_beside_the_chart():
    body = texts(at := curves({"p": "0.3", "y": "0"}))
    assert not at.exception
    assert "probability 0.9 on the true class costs 0.1054 nats" in body
    assert "probability 0.1 costs 2.303 nats" in body


def test_clipping_caps_a_confident_mistake_at_16_12_for_keras_epsilon():
    at = curves({"p": "1e-9", "y": "1", "eps": "1e-7"})
    assert not at.exception
    assert loss(at) == "16.12"
    assert metric(at, "Slope") == "0"
    body = texts(at)
    assert "without clipping: 20.72 nats" in body
    assert "no prediction can cost more than **16.12 nats**" in body
    assert "training gets no signal" in body
    assert r"\tilde p" in at.latex[0].value
    assert at.query_params["eps"] == "1e-07"


def test_clipping_caps_the_other_branch_too():
    at = curves({"p": "0.999999999", "y": "0", "eps": "1e-7"})
    assert loss(at) == "16.12"


def test_clipping_does_not_change_a_prediction_inside_the_range():
    at = curves({"p": "0.9", "y": "1", "eps": "1e-7"})
    assert loss(at) == "0.1054"
    assert "without clipping" not in texts(at)


def test_the_library_table_gives_each_cap_and_the_loss_at_your_p():
    at = curves({"p": "1e-50", "y": "1"})
    body = with_tables(at)
    assert "| Exact (no clipping) | none: −log 0 = ∞ | ∞ | 115.1 |" in body
    assert (
        "| Keras BinaryCrossentropy | clip p into [ε, 1 − ε] in float32, ε = 1e−7 | 16.12 | 16.12 |"
        in body
    )
    assert "| 36.04 | 36.04 |" in body  # scikit-learn: float64 eps
    assert "| PyTorch binary_cross_entropy |" in body
    assert "| 100 | 100 |" in body


def test_keras_stops_at_15_94_on_a_negative_because_it_computes_in_float32():
    at = curves({"p": "0.999999999", "y": "0"})
    body = with_tables(at)
    assert (
        "| Keras BinaryCrossentropy | clip p into [ε, 1 − ε] in float32, ε = 1e−7 | 15.94 | 15.94 |"
        in body
    )
    assert (
        "| scikit-learn log_loss | clip p into [ε, 1 − ε] in float64, ε = 2.22e−16 "
        "| 36.04 | 20.72 |" in body
    )
    assert "1 − 1e−7 rounds to 1 − 1.192e−7" in body
    assert "(y = 0) stops at 15.94 nats, and p → 0 on a positive (y = 1) at 16.12 nats" in body
    assert "in float64 both stop at 16.12 nats" in body
    assert "float32 probabilities stop at 15.94 nats" in body


def test_the_table_in_bits_converts_the_pytorch_cap():
    at = curves({"p": "0.9", "y": "1", "units": "bits"})
    body = with_tables(at)
    assert "| 144.3 | 0.152 |" in body
    assert "ceiling of 100 nats is 144.3 bits" in body


def test_a_custom_epsilon_gets_its_own_row():
    at = curves({"p": "0.001", "y": "1", "eps": "0.01"})
    assert loss(at) == "4.605"
    assert (
        "| Your ε | clip p into [ε, 1 − ε] in float64, ε = 0.01 | 4.605 | 4.605 |"
        in with_tables(at)
    )


def test_the_slider_follows_the_exact_value():
    assert curves({"p": "1e-9"}).slider(key="curves.view.p_slider").value == 0.001
    assert curves({"p": "0.12345"}).slider(key="curves.view.p_slider").value == 0.123
    assert curves({"p": "0.9999"}).slider(key="curves.view.p_slider").value == 0.999


def test_typing_an_exact_p_updates_the_numbers_the_slider_and_the_url():
    at = curves()
    at.number_input(key="curves.p").set_value(0.1).run()
    assert not at.exception
    assert loss(at) == "2.303"
    assert at.slider(key="curves.view.p_slider").value == 0.1
    assert at.query_params["p"] == "0.1"


def test_moving_the_slider_sets_p():
    at = curves()
    at.slider(key="curves.view.p_slider").set_value(0.25).run()
    assert not at.exception
    assert at.number_input(key="curves.p").value == 0.25
    assert loss(at) == "1.386"
    assert at.query_params["p"] == "0.25"


def test_switching_the_label_switches_the_branch():
    at = curves()
    at.radio(key="curves.y").set_value(0).run()
    assert loss(at) == "2.303"
    assert metric(at, "Slope") == "10"
    assert at.query_params["y"] == "0"


def test_epsilon_field_and_presets_update_the_numbers_and_the_url():
    at = curves({"p": "1e-9", "y": "1"})
    assert loss(at) == "20.72"
    at.button(key="curves.eps_keras").click().run()
    assert loss(at) == "16.12"
    assert at.query_params["eps"] == "1e-07"
    at.button(key="curves.eps_sklearn").click().run()
    assert loss(at) == "20.72"  # 1e-9 is above float64 eps: nothing is clipped
    assert at.query_params["eps"] == "2.220446049250313e-16"
    at.number_input(key="curves.eps").set_value(0.001).run()
    assert loss(at) == "6.908"
    assert at.query_params["eps"] == "0.001"
    at.button(key="curves.eps_off").click().run()
    assert loss(at) == "20.72"
    assert "eps" not in at.query_params


def test_worked_example_buttons_set_p_and_y():
    at = curves({"p": "0.3", "y": "1"})
    at.button(key="curves.worked.0.9.0").click().run()
    assert loss(at) == "2.303"
    assert (at.query_params["p"], at.query_params["y"]) == ("0.9", "0")
    at.button(key="curves.worked.0.1.1").click().run()
    assert loss(at) == "2.303"
    assert (at.query_params["p"], at.query_params["y"]) == ("0.1", "1")


def test_worked_example_buttons_show_their_losses():
    labels = [button.label for button in curves({"units": "bits"}).button]
    assert "p = 0.9, y = 1 → 0.152 bits" in labels
    assert "p = 0.1, y = 1 → 3.322 bits" in labels


@pytest.mark.parametrize(
    ("key", "value", "rule"),
    [
        ("p", "0", "(0, 1)"),
        ("p", "1", "(0, 1)"),
        ("p", "1.5", "(0, 1)"),
        ("p", "-0.2", "(0, 1)"),
        ("p", "abc", "(0, 1)"),
        ("p", "nan", "(0, 1)"),
        ("y", "2", "whole number in [0, 1]"),
        ("y", "0.5", "whole number in [0, 1]"),
        ("y", "yes", "whole number in [0, 1]"),
        ("eps", "-1", "[0, 0.1]"),
        ("eps", "abc", "[0, 0.1]"),
        ("eps", "0.5", "[0, 0.1]"),
    ],
)
def test_bad_url_values_are_named_and_replaced_by_defaults(key, value, rule):
    at = curves({"p": "0.9", "y": "1", "eps": "0", key: value})
    assert not at.exception
    (warning,) = at.warning
    assert f"**{key}**" in warning.value
    assert rule in warning.value.replace("\\", "")
    assert loss(at) == "0.1054"  # the defaults: p = 0.9, y = 1, no clipping
    assert at.query_params.get(key) != value


def test_markup_in_a_url_value_is_not_rendered():
    at = curves({"p": "[x](javascript:alert(1))"})
    assert not at.exception
    (warning,) = at.warning
    assert "](" not in warning.value


def test_extreme_but_valid_probabilities_work():
    for p, y in (("5e-324", "1"), ("0.9999999999999999", "0"), ("1e-300", "0")):
        at = curves({"p": p, "y": y})
        assert not at.exception, p
        assert not at.warning, p
    assert loss(curves({"p": "0.9999999999999999", "y": "0"})) == "36.74"


def test_the_units_switch_converts_every_number():
    at = curves({"p": "0.1", "y": "1"})
    at.radio(key="common.units").set_value("bits").run()
    assert loss(at) == "3.322"
    assert metric(at, "Slope") == "−14.43"
    assert at.query_params["units"] == "bits"
    assert at.query_params["p"] == "0.1"


@pytest.mark.parametrize(
    ("units", "formula", "near_one"),
    [("nats", "−1/pₜ", "close to −1:"), ("bits", "−1/(pₜ·ln 2)", "close to −1.443:")],
)
def test_why_text_is_true_in_nats_and_in_bits(units, formula, near_one):
    body = " ".join(texts(curves({"units": units})).split())
    assert f"with respect to pₜ is {formula}." in body
    assert near_one in body


def test_formula_operands_carry_enough_digits():
    body = texts(curves({"p": "0.99999", "y": "1"}))
    assert r"\ln(0.99999) + 0\cdot\ln(1 \times 10^{-5})\,\big] = 1 \times 10^{-5}" in body
    body = texts(curves({"p": "0.9", "y": "1"}))
    assert r"\ln(0.9) + 0\cdot\ln(0.1)\,\big] = 0.1054" in body


def test_a_clipped_p_near_1_is_not_written_as_1():
    body = texts(curves({"p": "0.99999999", "y": "1", "eps": "1e-7"}))
    assert r"\operatorname{clip}(p,\ \varepsilon,\ 1-\varepsilon) = 0.9999999" in body
    assert "p is clipped to 0.9999999 first" in body
    assert "At p = 0.99999999 with y = 1, clipping" in body
    assert "At p = 1 with" not in body


# ---------------------------------------------------------------- the quiz (?quiz=1)


def everything_shown(at) -> str:
    """Every text of the page, its metrics, tables, button labels and the words and labels of
    its charts (annotations, trace names, hover templates): where an answer could be read."""
    parts = [with_tables(at)]
    parts += [f"{m.label} {m.value}" for m in at.metric]
    parts += [button.label for button in at.button]
    for chart in at.get("plotly_chart"):
        figure = json.loads(chart.proto.spec)
        parts += [note.get("text", "") for note in figure["layout"].get("annotations", [])]
        for trace in figure["data"]:
            parts += [str(trace.get(key, "")) for key in ("name", "text", "hovertemplate")]
    return "\n".join(parts)


def reveal(at):
    (button,) = [b for b in at.button if b.key == "reveal.curves.loss"]
    button.click().run()
    assert not at.exception


@pytest.mark.parametrize(
    ("query", "forms"),
    [
        ({"p": "0.1", "y": "1"}, ["2.303"]),  # guess −log 0.1
        ({"p": "0.9", "y": "0", "units": "bits"}, ["3.322"]),
        ({"p": "0.001", "y": "1", "eps": "0.01"}, ["4.605"]),  # clipped: the cap is the answer
    ],
)
def test_a_quiz_hides_every_form_of_the_loss_until_revealed(query, forms):
    at = curves({**query, "quiz": "1"})
    assert not at.exception
    body = everything_shown(at)
    assert "what is the loss" in body  # the question is asked
    for form in forms:
        assert form not in body, form
    assert not [m for m in at.metric if m.label.startswith("Loss L")]
    reveal(at)
    body = everything_shown(at)
    unit = "bits" if query.get("units") == "bits" else "nats"
    for form in forms:
        assert form in body, form
        assert f"{form} {unit}" in body  # the sentence and the tables carry it with its unit
    assert loss(at) == forms[0]
    assert f"= {forms[0]}" in at.latex[1].value


def test_the_answer_hides_again_when_p_changes_and_is_shown_without_a_quiz():
    at = curves({"p": "0.1", "y": "1", "quiz": "1"})
    reveal(at)
    assert loss(at) == "2.303"
    at.number_input(key="curves.p").set_value(0.01).run()
    assert "4.605" not in everything_shown(at)
    assert "2.303" not in [m.value for m in at.metric]
    plain = curves({"p": "0.1", "y": "1"})
    assert not [b for b in plain.button if b.key == "reveal.curves.loss"]
    assert "2.303 nats" in everything_shown(plain)
