"""The Multi-label page in AppTest: the three sections, the URL contract, presets, widgets, and
bad input giving a message while the page keeps working."""

import pytest

from ce_core import scenarios
from ce_ui.format import sig, sig_padded
from ce_ui.i18n import translate
from ce_ui.url_state import quote_user_text
from tests.conftest import open_page, texts

PAGE = "pages/3_multilabel.py"
EXAMPLE = {"classes": "1000", "positives": "2", "p_pos": "0.8", "p_neg": "0.1"}


def metrics(at) -> dict[str, str]:
    return {metric.label: metric.value for metric in at.metric}


def flat(at) -> str:
    """The page's text with line breaks and runs of spaces made single spaces."""
    return " ".join(texts(at).split())


def label(key: str, **values) -> str:
    return translate("en", f"multilabel.{key}", **values)


def test_default_view_shows_all_three_sections_with_the_brief_numbers():
    at = open_page(PAGE)
    assert not at.exception
    shown = metrics(at)
    assert shown[label("metric_categorical", unit="nats")] == "2.303"
    assert shown[label("metric_binary", unit="nats")] == "3.430"
    assert shown[label("metric_difference", unit="nats")] == "1.127"
    assert shown[label("metric_pos", unit="nats")] == "0.4463"
    assert shown[label("metric_neg", unit="nats")] == "105.1"
    assert shown[label("metric_total", unit="nats")] == "105.6"
    assert shown[label("metric_share")] == "99.58 %"
    headers = [header.value for header in at.header]
    assert headers == [label("s1_heading"), label("s2_heading"), label("s3_heading")]
    body = flat(at)
    assert r"L_\text{softmax} = -\ln 0.1 = 2.303" in body
    assert r"= 3.430" in body
    assert "class 1 (p = 0.5), which costs 0.6931" in body
    assert len(at.get("plotly_chart")) == 3


def test_url_example_of_the_issue():
    at = open_page(PAGE, EXAMPLE)
    assert not at.exception
    body = flat(at)
    for number in ("0.4463", "105.1", "105.6", "99.58"):
        assert number in body
    assert r"2 \cdot \big(-\ln 0.8\big) + 998 \cdot \big(-\ln(1 - 0.1)\big)" in body
    assert {key: at.query_params[key] for key in EXAMPLE} == EXAMPLE


def test_two_labels_show_the_sigmoid_sum_and_what_a_forced_softmax_does():
    at = open_page(PAGE, {"y": "1,0,0,0,1", "p": "0.1,0.5,0.1,0.1,0.9"})
    assert not at.exception
    shown = metrics(at)
    assert shown[label("metric_multi_binary", unit="nats")] == "3.312"
    assert shown[label("metric_forced", unit="nats")] == "1.735"
    assert shown[label("metric_floor", unit="nats")] == "0.6931"
    assert shown[label("metric_best_p")] == "0.5"
    body = flat(at)
    assert "y′ = y / 2 = [0.5, 0, 0, 0, 0.5]" in body
    assert "[0.05882, 0.2941, 0.05882, 0.05882, 0.5294]" in body
    assert label("metric_categorical", unit="nats") not in shown


def test_single_label_preset_buttons_switch_between_sections():
    at = open_page(PAGE)
    at.button(key="multilabel.preset_multi").click().run()
    assert at.text_input(key="multilabel.y").value == "1,0,0,0,1"
    assert at.query_params["p"] == "0.1,0.5,0.1,0.1,0.9"
    assert metrics(at)[label("metric_multi_binary", unit="nats")] == "3.312"
    at.button(key="multilabel.preset_single").click().run()
    assert metrics(at)[label("metric_binary", unit="nats")] == "3.430"
    at.button(key="multilabel.s2_load_multi").click().run()
    assert at.query_params["y"] == "1,0,0,0,1"


def test_typed_labels_and_probabilities_update_the_numbers():
    at = open_page(PAGE)
    at.text_input(key="multilabel.y").set_value("0,1,0").run()
    at.text_input(key="multilabel.p").set_value("0.2, 0.7, 0.1").run()
    assert not at.exception
    shown = metrics(at)
    assert shown[label("metric_categorical", unit="nats")] == "0.3567"  # −ln 0.7
    assert shown[label("metric_binary", unit="nats")] == "0.6852"  # −ln .8 − ln .7 − ln .9
    assert at.query_params["y"] == "0,1,0"


def test_probabilities_that_do_not_sum_to_one_are_rescaled_for_the_softmax_view():
    at = open_page(PAGE, {"y": "1,0", "p": "0.5,0.5"})
    shown = metrics(at)
    assert shown[label("metric_categorical", unit="nats")] == "0.6931"
    at = open_page(PAGE, {"y": "1,0", "p": "0.9,0.3"})
    assert any("sum to 1.2" in info.value for info in at.info)
    assert metrics(at)[label("metric_categorical", unit="nats")] == sig(
        -__import__("math").log(0.75)
    )


def test_bits_follow_the_units_switch():
    at = open_page(PAGE, {"units": "bits", **EXAMPLE})
    shown = metrics(at)
    assert shown[label("metric_categorical", unit="bits")] == "3.322"
    assert shown[label("metric_total", unit="bits")] == "152.3"


def test_scenario_widgets_and_reduction():
    at = open_page(PAGE, EXAMPLE)
    at.number_input(key="multilabel.classes").set_value(100_000).run()
    shown = metrics(at)
    assert shown[label("metric_neg", unit="nats")] == sig(99_998 * 0.10536051565782628)
    at.number_input(key="multilabel.classes").set_value(1000).run()
    at.radio(key="multilabel.reduction").set_value("mean").run()
    shown = metrics(at)
    assert shown[label("metric_total", unit="nats")] == "0.1056"
    assert shown[label("metric_share")] == "99.58 %"
    assert at.query_params["reduction"] == "mean"


def test_negative_weight_and_its_balancing_preset():
    at = open_page(PAGE, {**EXAMPLE, "neg_weight": "0.5"})
    assert metrics(at)[label("metric_neg", unit="nats")] == "52.57"
    balance = scenarios.negative_weight_for_share(
        scenarios.many_class_scenario(1000, 2, 0.8, 0.1).loss, 0.5
    )
    at.button(key="multilabel.preset_balance").click().run()
    assert not at.exception
    assert metrics(at)[label("metric_share")] == "50 %"
    assert float(at.query_params["neg_weight"]) == pytest.approx(balance)
    assert len(at.get("plotly_chart")) == 3


def test_beta_negatives_are_reproducible_from_the_link():
    query = {**EXAMPLE, "neg_dist": "beta", "kappa": "5", "seed": "7"}
    expected = scenarios.many_class_scenario(1000, 2, 0.8, 0.1, concentration=5.0, seed=7)
    at = open_page(PAGE, query)
    assert not at.exception
    assert metrics(at)[label("metric_neg", unit="nats")] == sig(expected.loss.negatives)
    assert sig(expected.negative_p_high) in flat(at)
    assert open_page(PAGE, query).metric[-1].value == at.metric[-1].value
    at.number_input(key="multilabel.seed").set_value(8).run()
    assert at.query_params["seed"] == "8"
    assert metrics(at)[label("metric_neg", unit="nats")] != sig(expected.loss.negatives)
    at.radio(key="multilabel.neg_dist").set_value("constant").run()
    assert "seed" not in at.query_params
    assert metrics(at)[label("metric_neg", unit="nats")] == "105.1"


def test_100000_classes_preset():
    at = open_page(PAGE)
    at.button(key="multilabel.preset_huge").click().run()
    assert not at.exception
    assert at.query_params["classes"] == "100000"
    body = flat(at)
    assert "45 bars stand for 100000 classes" in body


@pytest.mark.parametrize(
    ("query", "words"),
    [
        ({"classes": "1000000000"}, "[2, 100000]"),
        ({"classes": "1"}, "[2, 100000]"),
        ({"classes": "many"}, "whole number"),
        ({"p_pos": "1"}, "[1e-06, 0.999999]"),
        ({"p_neg": "0"}, "[1e-06, 0.999999]"),
        ({"p_neg": "-0.5"}, "[1e-06, 0.999999]"),
        ({"neg_weight": "2"}, "[0, 1]"),
        ({"reduction": "max"}, "sum, mean"),
        ({"neg_dist": "gauss"}, "constant, beta"),
        ({"kappa": "0", "neg_dist": "beta"}, "[1, 1000]"),
    ],
)
def test_bad_scenario_values_in_the_url_are_named_and_replaced(query, words):
    at = open_page(PAGE, query)
    assert not at.exception
    warnings = " ".join(warning.value for warning in at.warning)
    assert words in warnings
    assert f"**{quote_user_text(next(iter(query)))}**" in warnings
    assert label("metric_total", unit="nats") in metrics(at)


def test_more_positives_than_classes_is_explained_and_capped():
    at = open_page(PAGE, {"positives": "5", "classes": "3"})
    assert not at.exception
    (error,) = at.error
    assert "**5** positives but only **3** classes" in error.value
    assert metrics(at)[label("metric_neg", unit="nats")] == "0"


@pytest.mark.parametrize(
    ("query", "words"),
    [
        ({"y": "1,0,x"}, "“x” (number 3) is not a finite number"),
        ({"y": "1,0,0.5", "p": "0.1,0.2,0.3"}, "(number 3) is not 0 or 1"),
        ({"y": "1,0,2", "p": "0.1,0.2,0.3"}, "2 (number 3) is outside the allowed range [0, 1]"),
        ({"y": "1,0", "p": "0,0.5"}, "0 (number 1) is exactly 0 or 1"),
        ({"y": "1,0", "p": "0.5,1.5"}, "outside the allowed range [0, 1]"),
        ({"y": "1,0,0", "p": "0.5,0.5"}, "has 3 numbers but"),
        ({"y": ""}, "is empty"),
        ({"y": "1"}, "at least 2 are needed"),
        ({"y": ",".join(["0"] * 21)}, "at most 20"),
    ],
)
def test_bad_vectors_are_named_and_the_default_example_shown(query, words):
    at = open_page(PAGE, query)
    assert not at.exception
    (error,) = at.error
    assert words in error.value
    # The one bad-input message (page.bad_input) names the example in use: the default one.
    in_use = label("example_in_use", y="1, 0, 0, 0, 0", p="0.1, 0.5, 0.1, 0.1, 0.2")
    assert translate("en", "common.fallback", value=in_use) in error.value
    assert metrics(at)[label("metric_binary", unit="nats")] == "3.430"


def test_no_label_at_all_is_scored_by_the_sigmoids_only():
    at = open_page(PAGE, {"y": "0,0,0", "p": "0.1,0.2,0.3"})
    assert not at.exception
    assert any("0.6852 nats" in info.value for info in at.info)


def test_markup_typed_into_a_field_is_not_rendered():
    at = open_page(PAGE, {"y": "1,[x](javascript:alert(1))"})
    (error,) = at.error
    assert "](" not in error.value


def test_quiz_hides_the_answers_until_revealed():
    at = open_page(PAGE, {"quiz": "1", **EXAMPLE})
    assert not at.metric
    reveal = [button for button in at.button if button.key == "reveal.multilabel.many"]
    reveal[0].click().run()
    assert metrics(at)[label("metric_total", unit="nats")] == "105.6"
    assert label("metric_binary", unit="nats") not in metrics(at)


def test_link_to_the_focal_page_carries_the_scenario():
    at = open_page(PAGE, {**EXAMPLE, "units": "bits"})
    link = next(
        link
        for link in at.get("page_link")
        if link.proto.page == "focal" and link.proto.label == label("to_focal")
    )
    query = link.proto.query_string
    assert "classes=1000" in query and "p_neg=0.1" in query and "units=bits" in query


@pytest.mark.parametrize(
    ("p_pos", "p_neg", "sentence"),
    [
        ("0.8", "0.1", "one positive weighs 2.118 times as much as one negative."),
        ("0.99", "0.5", "one negative weighs 68.97 times as much as one positive."),
        ("0.9", "0.1", "one positive weighs as much as one negative."),
    ],
)
def test_one_positive_against_one_negative_is_said_the_right_way_round(p_pos, p_neg, sentence):
    at = open_page(PAGE, {**EXAMPLE, "p_pos": p_pos, "p_neg": p_neg})
    assert sentence in flat(at)


def test_each_absent_class_is_listed_with_its_term():
    body = flat(open_page(PAGE))
    assert (
        "claimed: class 1 (0.6931), class 2 (0.1054), class 3 (0.1054), class 4 (0.2231)." in body
    )


@pytest.mark.parametrize(
    ("p", "rescaled"),
    [
        ("0.7,0.2,0.1", False),  # sums to 1: the true class pays the same under both
        ("0.7,0.2,0.1000001", False),  # a hair above 1: still the same to four digits
        ("0.7,0.2,0.2", True),  # sums to 1.1
        ("0.5,0.5,0.5", True),  # the issue's example: sums to 1.5
        ("0.1,0.05,0.05", True),  # sums to 0.2, below 1
    ],
)
def test_single_label_explanation_holds_whatever_p_sums_to(p, rescaled):
    import numpy as np

    at = open_page(PAGE, {"y": "1,0,0", "p": p})
    body = flat(at)
    y, probabilities = np.array([1.0, 0, 0]), np.array([float(v) for v in p.split(",")])
    terms = scenarios.binary_class_terms(y, probabilities)
    view = scenarios.categorical_view(y, probabilities)
    binary, absent = float(terms.sum()), float(terms[1:].sum())
    assert f"Together that is **{sig_padded(binary)} nats**" in body
    if rescaled:
        assert "pays the same" not in body
        assert f"pays −ln({sig(probabilities[0])}) = {sig_padded(terms[0])} nats" in body
        assert f"(not the {sig_padded(view.loss)} nats of categorical CE)" in body
        assert f"{sig_padded(absent)} nats in all" in body
        assert f"{sig_padded(binary - view.loss)} nats more than categorical CE" in body
    else:
        assert f"The true class pays the same {sig_padded(terms[0])} nats" in body
        assert sig_padded(terms[0]) == sig_padded(view.loss)
        assert f"{sig_padded(absent)} nats more" in body
        assert sig_padded(absent) == sig_padded(binary - view.loss)


def test_the_issue_example_no_longer_says_the_same():
    body = flat(open_page(PAGE, {"y": "1,0,0", "p": "0.5,0.5,0.5"}))
    assert "pays the same 0.6931" not in body and "1.386 nats more" not in body
    assert "−ln(0.3333) = **1.099 nats**" in body
    assert "Together that is **2.079 nats**, 0.9808 nats more than categorical CE" in body


def test_formula_operands_carry_enough_digits_to_read_the_result():
    body = flat(open_page(PAGE, {"y": "1,0", "p": "0.99994,0.00006"}))
    assert r"L_\text{softmax} = -\ln 0.99994 = 6.000 \times 10^{-5}" in body
    body = flat(open_page(PAGE, {"y": "1,0,0", "p": "0.123456,0.5,0.5"}))
    assert r"-\big[\ln 0.1235 + \ln(1 - 0.5) + \ln(1 - 0.5)\big] = 3.478" in body


@pytest.mark.parametrize(
    ("p_neg", "key"), [("0.1", "conclusion_drowned"), ("0.0001", "conclusion_balanced")]
)
def test_conclusion_is_about_the_loss_share_on_both_sides_of_one_half(p_neg, key):
    at = open_page(PAGE, {**EXAMPLE, "p_neg": p_neg})
    share = float(metrics(at)[label("metric_share")].rstrip(" %"))
    assert (share > 50) == (key == "conclusion_drowned")
    assert label(key) in flat(at)


def test_scenario_formula_terms_add_up_to_the_total_shown():
    body = flat(open_page(PAGE, EXAMPLE))
    # 0.4463 + 105.1 would be 105.5: the terms get a fifth digit.
    assert r"= 0.44629 + 105.15 = 105.6" in body


def test_a_sum_just_off_1_is_not_written_as_1():
    body = flat(open_page(PAGE, {"y": "1,0,0", "p": "0.7,0.2,0.100002"}))
    assert "sum to 1.000002, not 1" in body
    assert "sum to 1, not 1" not in body


@pytest.mark.parametrize(
    ("query", "ratio"),
    [
        ({"neg_dist": "beta"}, "3.235"),  # widely spread negatives
        ({"neg_dist": "beta", "kappa": "1000"}, "1.173"),  # bunched: not "far more"
        ({"neg_dist": "beta", "kappa": "1", "p_neg": "0.000001"}, None),  # draws underflow to 0
    ],
)
def test_beta_negatives_are_compared_only_with_numbers_that_exist(query, ratio):
    at = open_page(PAGE, {**EXAMPLE, **query})
    assert not at.exception
    body = flat(at)
    assert "cost far more than a typical negative" not in body
    if ratio is None:
        assert "as much as one at the mean" not in body
    else:
        assert f"costs {ratio}× as much as one at the mean." in body


@pytest.mark.parametrize(
    ("lang", "classes", "positives", "phrases"),
    [
        ("en", 2, 1, ["1 negative against\n1 positive,"]),
        ("en", 1000, 2, ["998 negatives against\n2 positives,"]),
        ("ru", 2, 1, ["1 отрицательный класс и 1 положительный класс"]),
        ("ru", 5, 2, ["3 отрицательных класса и 2 положительных класса"]),
        ("ru", 1000, 2, ["998 отрицательных классов и 2 положительных класса"]),
    ],
)
def test_scenario_counts_take_the_plural_form_of_their_number(lang, classes, positives, phrases):
    query = {"classes": str(classes), "positives": str(positives), "lang": lang}
    at = open_page("pages/3_multilabel.py", query)
    assert not at.exception
    for phrase in phrases:
        assert phrase in texts(at), phrase


def test_link_to_focal_says_what_the_focal_page_does_not_model():
    plain = open_page(PAGE, EXAMPLE)
    dropped = ("dropped_mean", "dropped_beta")
    assert not any(label(key) in texts(plain) for key in dropped)
    at = open_page(PAGE, {**EXAMPLE, "reduction": "mean", "neg_dist": "beta", "neg_weight": "0.5"})
    assert not at.exception
    note = next(caption.value for caption in at.caption if label("dropped_beta") in caption.value)
    assert label("dropped_mean") in note
    assert label("dropped_weight", weight="0.5") in note


# ------------------------------------------------ issue 16: quizzes, the carried example


def readable_with_numbers(at) -> str:
    """Everything a person can read on the page (as tests/test_pages_classroom.py gathers it),
    with formulas, tables and button labels."""
    from tests.test_pages_classroom import everything_readable

    parts = [everything_readable(at)]
    parts += [str(element.value) for element in at.get("latex")]
    parts += [element.value.to_string() for element in at.dataframe]
    return "\n".join(parts)


def reveal(at, name: str) -> None:
    (button,) = [button for button in at.button if button.key == f"reveal.multilabel.{name}"]
    button.click().run()
    assert not at.exception


def test_the_single_label_quiz_hides_every_number_derived_from_its_answer():
    at = open_page(PAGE, {"quiz": "1"})
    hidden = ("2.303", "3.430", "1.127", "0.6931", "0.1054", "0.2231")  # losses, terms
    before = readable_with_numbers(at)
    assert not [number for number in hidden if number in before]
    # The question has its true value: the room can be offered choices built from it.
    assert any(button.key == "room.open_choices.multilabel.single" for button in at.button)
    reveal(at, "single")
    after = readable_with_numbers(at)
    assert all(number in after for number in hidden), [n for n in hidden if n not in after]


def test_the_several_labels_quiz_hides_the_forced_softmax_until_revealed():
    at = open_page(PAGE, {"quiz": "1", "y": "1,0,1", "p": "0.6,0.3,0.8"})
    view = scenarios.categorical_view([1, 0, 1], [0.6, 0.3, 0.8])
    # (its best probability, 0.5, is too common a number to look for)
    hidden = [sig_padded(view.loss), sig_padded(view.floor), *(sig(v) for v in view.prediction)]
    before = readable_with_numbers(at)
    assert "0.5108" in before  # the sigmoids' terms are no answer: they show
    assert not [number for number in hidden if number in before]
    assert any(button.key == "room.open_choices.multilabel.multi" for button in at.button)
    reveal(at, "multi")
    after = readable_with_numbers(at)
    assert all(number in after for number in hidden), [n for n in hidden if n not in after]


def test_the_scenario_quiz_hides_the_split_and_the_balancing_weight_until_revealed():
    at = open_page(PAGE, {"quiz": "1", **EXAMPLE})
    unweighted = scenarios.many_class_scenario(1000, 2, 0.8, 0.1).loss
    balance = sig(scenarios.negative_weight_for_share(unweighted, 0.5))
    hidden = ("0.4463", "105.1", "105.6", "99.58", f"w = {balance}")
    before = readable_with_numbers(at)
    assert not [number for number in hidden if number in before]
    assert label("preset_balance_quiz") in before
    assert any(button.key == "room.open_choices.multilabel.many" for button in at.button)
    reveal(at, "many")
    after = readable_with_numbers(at)
    assert all(number in after for number in hidden), [n for n in hidden if n not in after]


CARRIED = {**EXAMPLE, "neg_weight": "0.5", "reduction": "mean", "neg_dist": "beta", "kappa": "5"}


def test_the_link_to_focal_carries_the_weight_the_reduction_and_the_beta_negatives():
    at = open_page(PAGE, {**CARRIED, "seed": "7"})
    link = next(link for link in at.get("page_link") if link.proto.label == label("to_focal"))
    query = dict(item.split("=") for item in link.proto.query_string.split("&"))
    assert {key: query[key] for key in (*CARRIED, "seed")} == {**CARRIED, "seed": "7"}
    plain = open_page(PAGE, EXAMPLE)
    link = next(link for link in plain.get("page_link") if link.proto.label == label("to_focal"))
    assert "neg_weight" not in link.proto.query_string  # defaults are not written
    assert "kappa" not in link.proto.query_string


def test_focal_says_what_it_did_not_carry_and_keeps_saying_it():
    at = open_page("pages/4_focal.py", CARRIED)
    assert not at.exception
    dropped = "; ".join(label(key, weight="0.5") for key in ("dropped_weight", "dropped_mean"))
    note = translate("en", "focal.not_carried", dropped=f"{dropped}; {label('dropped_beta')}")
    assert note in [info.value for info in at.info]
    assert at.number_input(key="focal.classes").value == 1000  # what Focal models is carried
    at.number_input(key="focal.classes").set_value(2000).run()
    assert note in [info.value for info in at.info]  # still there after a rerun
    plain = open_page("pages/4_focal.py", EXAMPLE)
    assert not any("Multi-label" in info.value for info in plain.info)


def test_the_link_back_from_focal_restores_what_focal_left_aside():
    at = open_page("pages/4_focal.py", {**CARRIED, "seed": "7"})
    back = next(link for link in at.get("page_link") if link.proto.page == "multilabel"
                and link.proto.label == translate("en", "focal.to_multilabel"))  # fmt: skip
    query = dict(item.split("=") for item in back.proto.query_string.split("&"))
    assert {key: query[key] for key in (*CARRIED, "seed")} == {**CARRIED, "seed": "7"}
    again = open_page(PAGE, query)
    assert (
        metrics(again)[label("metric_total", unit="nats")]
        == metrics(open_page(PAGE, {**CARRIED, "seed": "7"}))[label("metric_total", unit="nats")]
    )
