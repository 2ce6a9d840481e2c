"""The Focal page in AppTest: the URL contract, the curves and tables, α, the gradient, the
many-class scenario before and after, and bad input giving a message."""

import json
import math

import pytest

import ce_core as cc
from ce_core import scenarios
from ce_ui.format import sig
from ce_ui.i18n import translate
from ce_ui.url_state import quote_user_text
from tests.conftest import open_page, texts

PAGE = "pages/4_focal.py"


def metrics(at) -> dict[str, str]:
    return {metric.label: metric.value for metric in at.metric}


def table_rows(at) -> list[str]:
    """Every row of every table the page shows (``page.table``), written ``| a | b |``."""
    return [
        "| " + " | ".join(str(cell) for cell in row) + " |"
        for table in at.dataframe
        for row in table.value.itertuples(index=False)
    ]


def flat(at) -> str:
    """The page's text, then its tables' rows, with runs of white space made single spaces."""
    return " ".join("\n".join([texts(at), *table_rows(at)]).split())


def label(key: str, **values) -> str:
    return translate("en", f"focal.{key}", **values)


def test_url_example_shows_the_focal_loss_at_0_9():
    at = open_page(PAGE, {"gamma": "2", "p": "0.9"})
    assert not at.exception
    shown = metrics(at)
    assert shown[label("metric_fl", unit="nats")] == "0.001054"
    assert shown[label("metric_ce", unit="nats")] == "0.1054"
    assert shown[label("metric_times")] == "100×"
    assert shown[label("metric_factor")] == "0.01"
    body = flat(at)
    assert r"(1 - 0.9)^{2}\,\ln 0.9 = 0.01 \cdot 0.1054 = 0.001054" in body
    # No α: the link leaves its key out (links that say alpha=none still read as off).
    assert at.query_params["gamma"] == "2" and "alpha" not in at.query_params
    assert len(at.get("plotly_chart")) == 4
    assert len(at.metric) == 4


def test_down_weighting_table_and_figure_1_numbers():
    body = flat(open_page(PAGE))
    for row in (
        "| 0.1 | 2.303 | 1.865 | 1.235× |",
        "| 0.5 | 0.6931 | 0.1733 | 4× |",
        "| 0.9 | 0.1054 | 0.001054 | 100× |",
        "| 0.968 | 0.03252 | 3.330e−5 | 976.6× |",
        "| 0.99 | 0.01005 | 1.005e−6 | 10 000× |",
    ):
        assert row in body
    assert "pₜ = 0.9 is turned down 100×, one at pₜ = 0.968 976.6×" in body
    # The paper's Figure 1 (REFERENCE-SEMANTICS §4), rows γ = 0, 0.5, 1, 2, 5.
    for row in (
        "| 0 | 2.303 | 1.204 | 0.6931 | 0.3567 | 0.1054 | 0.01005 |",
        "| 0.5 | 2.184 | 1.007 | 0.4901 | 0.1954 | 0.03332 | 0.001005 |",
        "| 1 | 2.072 | 0.8428 | 0.3466 | 0.107 | 0.01054 | 0.0001005 |",
        "| 2 | 1.865 | 0.5899 | 0.1733 | 0.0321 | 0.001054 | 1.005e−6 |",
        "| 5 | 1.36 | 0.2024 | 0.02166 | 0.0008667 | 1.054e−6 | 1.005e−12 |",
    ):
        assert row in body


def test_chosen_p_t_joins_the_table():
    body = flat(open_page(PAGE, {"p": "0.75"}))
    assert "| 0.75 (yours) | 0.2877 | 0.01798 | 16× |" in body


def test_gamma_slider_and_presets():
    at = open_page(PAGE)
    at.slider(key="focal.gamma").set_value(0.0).run()
    shown = metrics(at)
    assert shown[label("metric_fl", unit="nats")] == shown[label("metric_ce", unit="nats")]
    assert shown[label("metric_times")] == "1×"
    assert at.query_params["gamma"] == "0"
    at.button(key="focal.preset_paper").click().run()
    assert at.query_params["gamma"] == "2" and at.query_params["alpha"] == "0.25"
    assert metrics(at)[label("metric_fl", unit="nats")] == sig(0.25 * 0.01 * -math.log(0.9))
    at.button(key="focal.preset_strong").click().run()
    assert at.query_params["gamma"] == "5" and "alpha" not in at.query_params


def test_alpha_from_the_url_and_from_the_switch():
    at = open_page(PAGE, {"alpha": "0.25"})
    assert at.toggle(key="focal.alpha_on").value is True
    assert at.slider(key="focal.alpha").value == 0.25
    assert metrics(at)[label("metric_times")] == "400×"
    assert (
        "the factor (1 − pₜ)^γ keeps 1 % of the cross-entropy term, and the weight α = 0.25 keeps "
        "25 % of that: focal loss charges **0.0002634 nats** instead of 0.1054 nats, **400× less**"
    ) in flat(at)
    at.toggle(key="focal.alpha_on").set_value(False).run()
    assert "alpha" not in at.query_params
    assert metrics(at)[label("metric_times")] == "100×"
    at.toggle(key="focal.alpha_on").set_value(True).run()
    at.slider(key="focal.alpha").set_value(0.5).run()
    assert at.query_params["alpha"] == "0.5"


@pytest.mark.parametrize("spelling", ["none", "None", " NONE "])
def test_links_that_say_alpha_none_still_mean_no_alpha(spelling):
    at = open_page(PAGE, {"gamma": "3", "alpha": spelling})
    assert not at.exception and not at.warning
    assert at.toggle(key="focal.alpha_on").value is False
    assert "alpha" not in at.query_params and at.query_params["gamma"] == "3"
    at.toggle(key="focal.alpha_on").set_value(True).run()
    assert at.query_params["alpha"] == "0.25"


def test_gradient_of_focal_loss_next_to_cross_entropy():
    at = open_page(PAGE, {"gamma": "2", "p": "0.9"})
    z = scenarios.logit([0.9])
    focal = cc.focal_loss_grad([1.0], z, gamma=2.0, reduction="none")[0]
    assert sig(focal) == "−0.002896"
    body = flat(at)
    assert (
        "pushes the logit with **−0.1**, focal loss with **−0.002896**, 0.02896 times as hard: "
        "34.52× weaker"
    ) in body
    # The exact factor, not (1 − pₜ)^γ = 0.01: its two parts multiply to the result shown.
    assert r"= 0.01 \cdot 2.896 = 0.02896" in body
    assert "roughly" not in body
    assert "below pₜ = 0.2976 the factor is above 1" in body


def test_scenario_before_and_after():
    at = open_page(PAGE)
    body = flat(at)
    assert "| positives (nats) | 0.4463 | 0.01785 |" in body
    assert "| negatives (nats) | 105.1 | 1.051 |" in body
    assert "| negatives' share | 99.58 % | 98.33 % |" in body
    at.button(key="focal.preset_easy").click().run()
    body = flat(at)
    assert at.query_params["p_neg"] == "0.01"
    assert "from **95.74 %** to **5.32 %**" in body


def test_scenario_at_100000_classes_from_the_url():
    at = open_page(PAGE, {"classes": "100000", "positives": "5", "p_neg": "0.01"})
    assert not at.exception
    after = scenarios.many_class_scenario(100_000, 5, 0.8, 0.01, gamma=2.0).loss
    assert f"| negatives (nats) | 1005 | {sig(after.negatives)} |" in flat(at)


@pytest.mark.parametrize(
    ("query", "words"),
    [
        ({"gamma": "-1"}, "[0, 5]"),
        ({"gamma": "7"}, "[0, 5]"),
        ({"alpha": "2"}, "[0, 1]"),
        ({"alpha": "strong"}, "[0, 1]"),
        ({"p": "1"}, "[0.001, 0.999]"),
        ({"p": "0"}, "[0.001, 0.999]"),
        ({"classes": "1000000000"}, "[2, 100000]"),
        ({"p_pos": "1"}, "[1e-06, 0.999999]"),
    ],
)
def test_bad_values_in_the_url_are_named_and_replaced(query, words):
    at = open_page(PAGE, query)
    assert not at.exception
    warnings = " ".join(warning.value for warning in at.warning)
    assert words in warnings
    assert f"**{quote_user_text(next(iter(query)))}**" in warnings
    # A link holding alpha switches α on; a bad value gives way to the one the message names.
    fallback = "0.0002634" if "alpha" in query else "0.001054"
    if "alpha" in query:
        assert r"Using 0\.25 instead" in warnings
    assert metrics(at)[label("metric_fl", unit="nats")] == fallback


def test_more_positives_than_classes():
    at = open_page(PAGE, {"positives": "5", "classes": "3"})
    assert not at.exception
    (error,) = at.error
    assert "at most 3 classes can be present" in error.value
    assert "| negatives' share | 0 % | 0 % |" in flat(at)


def test_bits():
    at = open_page(PAGE, {"units": "bits"})
    assert metrics(at)[label("metric_ce", unit="bits")] == "0.1520"


def test_quiz_hides_the_answers_until_revealed():
    at = open_page(PAGE, {"quiz": "1"})
    assert label("metric_fl", unit="nats") not in metrics(at)
    assert "98.33 %" not in flat(at)
    next(b for b in at.button if b.key == "reveal.focal.point").click().run()
    assert metrics(at)[label("metric_fl", unit="nats")] == "0.001054"


def everything(at) -> str:
    """The page's text, tables, metrics and every chart's JSON (names, labels, data)."""
    charts = [
        json.dumps(json.loads(chart.proto.spec), ensure_ascii=False)  # pₜ, not \\u2093
        for chart in at.get("plotly_chart")
    ]
    return "\n".join([flat(at), *charts])


# The answer (focal loss 0.001054 nats at γ = 2, pₜ = 0.9) in every form the page shows it, and
# the numbers it is read from: 100× (CE over FL), the factor (1 − pₜ)^γ = 0.01, the gradients.
ANSWER_FORMS = (
    "0.001054",  # headline, chart label, table row, Figure 1 in numbers, sentences
    "100×",  # the metric, the table, "turned down 100×"
    "turned down 100×",
    "pₜ = 0.9: 0.01",  # the modulating factor's chart label
    r"0.01 \cdot",  # the formulas
    "keeps 1 %",
    "0.1054",  # cross-entropy at pₜ: the answer over the factor
    "0.002896",  # focal loss's gradient
    "0.02896",
    "34.52×",
)


def test_quiz_shows_none_of_the_answers_forms_before_the_reveal():
    at = open_page(PAGE, {"quiz": "1", "gamma": "2", "p": "0.9"})
    assert not at.exception
    before = everything(at)
    assert not at.metric and not at.dataframe and label("after_reveal") in before
    found = [form for form in ANSWER_FORMS if form in before]
    assert not found, found
    assert label("metric_factor") not in before
    # The question and the inputs stay; so do the curves (the paper's and yours).
    assert label("quiz_point", unit="nats") in before and len(at.get("plotly_chart")) == 3
    next(b for b in at.button if b.key == "reveal.focal.point").click().run()
    after = everything(at)
    missing = [form for form in ANSWER_FORMS if form not in after]
    assert not missing, missing
    assert "pₜ = 0.9: 0.001054" in after  # Figure 1's label
    assert metrics(at)[label("metric_factor")] == "0.01"
    # A change of the inputs asks again.
    at.slider(key="focal.gamma").set_value(3.0).run()
    assert not at.metric and "0.0001054" not in everything(at)


def test_link_back_to_the_multilabel_page_carries_the_scenario():
    at = open_page(PAGE, {"classes": "5000", "p_neg": "0.01"})
    link = next(link for link in at.get("page_link") if link.proto.label == label("to_multilabel"))
    assert link.proto.page == "multilabel"
    assert "classes=5000" in link.proto.query_string and "p_neg=0.01" in link.proto.query_string


@pytest.mark.parametrize(
    ("query", "point", "gradient"),
    [
        (
            {"gamma": "2", "p": "0.9"},
            "**100× less**",
            "**−0.002896**, 0.02896 times as hard: 34.52× weaker.",
        ),
        (
            {"gamma": "2", "p": "0.1"},
            "**1.235× less**",
            "**−1.102**, 1.224 times as hard: 1.224× stronger.",
        ),
        (
            {"gamma": "0", "p": "0.9"},
            "**the same**: with γ = 0",
            "**−0.1**, 1 times as hard: the same push.",
        ),
    ],
)
def test_focal_against_cross_entropy_is_said_the_right_way_round(query, point, gradient):
    body = flat(open_page(PAGE, query))
    assert point in body
    assert gradient in body
    assert "1× less" not in body and "1× weaker" not in body


def crossover_sentence(at) -> str:
    return next(
        m.value for m in at.markdown if "Key numbers.** At pₜ" in m.value and "push" in m.value
    )


@pytest.mark.parametrize(
    ("query", "key", "values"),
    [
        # α < 1: stronger only between two ends, both computed by ce_core.
        ({"gamma": "3", "alpha": "0.9", "p": "0.001"}, "crossover_between", (3.0, 0.9)),
        # Both sides of the edge between "between" and "none" (γ = 5: α ≈ 0.71–0.72).
        ({"gamma": "5", "alpha": "0.72"}, "crossover_between", (5.0, 0.72)),
        ({"gamma": "5", "alpha": "0.71"}, "crossover_none", (5.0, 0.71)),
        ({"gamma": "2", "alpha": "0.25"}, "crossover_none", (2.0, 0.25)),
        # α = 1 (or none): stronger below one end.
        ({"gamma": "2", "alpha": "1"}, "crossover_below", (2.0, 1.0)),
        ({"gamma": "0.1"}, "crossover_below", (0.1, None)),
        # γ = 0 and α = 0.
        ({"gamma": "0"}, "crossover_gamma0", None),
        ({"gamma": "0", "alpha": "0.5"}, "crossover_gamma0_alpha", None),
        ({"gamma": "2", "alpha": "0"}, "crossover_alpha0", None),
    ],
)
def test_crossover_sentence_for_every_case(query, key, values):
    from ce_core import focal

    at = open_page(PAGE, query)
    assert not at.exception
    sentence = crossover_sentence(at)
    if values is None:
        alpha = query.get("alpha", "1")
        assert label(key, alpha=sig(float(alpha))) in sentence
        return
    gamma, alpha = values
    intervals = focal.focal_gradient_stronger(gamma, alpha)
    if key == "crossover_none":
        assert intervals == ()
        assert label(key, alpha=sig(alpha)) in sentence
        return
    ((low, high),) = intervals
    # The sentence is true on both sides of each end: factor > 1 inside, < 1 outside.
    inside = [high * (1 - 1e-9)] if low == 0 else [low * (1 + 1e-9), high * (1 - 1e-9)]
    outside = [high * (1 + 1e-9)] + ([] if low == 0 else [low * (1 - 1e-9)])
    assert (focal.focal_gradient_factor(inside, gamma, alpha) > 1).all()
    assert (focal.focal_gradient_factor(outside, gamma, alpha) < 1).all()
    if key == "crossover_below":
        assert low == 0 and label(key, high=sig(high)) in sentence
    else:
        assert low > 0
        assert label(key, low=sig(low), high=sig(high), alpha=sig(alpha)) in sentence


def test_gamma_3_alpha_0_9_names_both_ends():
    body = flat(open_page(PAGE, {"gamma": "3", "p": "0.001", "alpha": "0.9"}))
    assert "Between pₜ = 0.01074 and pₜ = 0.2081 the factor is above 1" in body
    assert "below pₜ ≈" not in body


@pytest.mark.parametrize(
    ("query", "key"),
    [
        ({"gamma": "2"}, "table_conclusion_kept"),
        ({"gamma": "2", "alpha": "0.65"}, "table_conclusion_kept"),  # keeps 52.65 % at 0.1
        ({"gamma": "2", "alpha": "0.6"}, "table_conclusion_alpha"),  # keeps 48.6 %
        ({"gamma": "2", "alpha": "0.25"}, "table_conclusion_alpha"),
        ({"gamma": "0"}, "table_gamma0"),
        ({"gamma": "0", "alpha": "0.25"}, "table_gamma0_alpha"),
        ({"gamma": "2", "alpha": "0"}, "table_zero"),
    ],
)
def test_table_conclusion_on_both_sides_of_each_condition(query, key):
    body = flat(open_page(PAGE, query))
    gamma, alpha = float(query["gamma"]), float(query.get("alpha", "1"))
    kept = alpha * (1 - 0.1) ** gamma
    expected = {
        "table_conclusion_alpha": {"alpha": sig(alpha), "kept": sig(100 * kept)},
        "table_gamma0_alpha": {"alpha": sig(alpha), "times": label("times_value", value="4")},
    }.get(key, {})
    assert label(key, **expected) in body
    others = {
        "table_conclusion_kept",
        "table_conclusion_alpha",
        "table_gamma0",
        "table_zero",
    } - {key}
    for other in others:
        if "{" not in translate("en", f"focal.{other}"):
            assert translate("en", f"focal.{other}") not in body


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"gamma": "0"}, "same_loss"),
        ({"gamma": "0", "alpha": "1"}, "same_loss"),
        ({"gamma": "0.1", "p": "0.001"}, "same_loss_rounded"),  # keeps 99.99 %: shows as 1×
        ({"gamma": "0.1", "p": "0.5"}, "less_by"),
        ({"gamma": "2", "alpha": "0"}, "nothing_left"),
    ],
)
def test_point_comparison_for_each_case(query, expected):
    body = flat(open_page(PAGE, query))
    if expected == "less_by":
        assert "× less**" in body
        assert label("same_loss_rounded") not in body
    else:
        assert label(expected) in body


def test_scenario_says_unchanged_when_focal_loss_is_cross_entropy():
    body = flat(open_page(PAGE, {"gamma": "0"}))
    assert "the positives' loss is unchanged (to four digits)" in body
    assert "1× smaller" not in body
    body = flat(open_page(PAGE, {"gamma": "0", "alpha": "0.25"}))
    assert "the positives' loss is 4× smaller and the negatives' loss 1.333× smaller" in body


def test_formula_operands_carry_the_digits_the_result_needs():
    body = flat(open_page(PAGE, {"gamma": "2.345", "p": "0.9"}))
    # 0.004519 · 0.1054 = 0.0004763, not the 0.0004761 shown: one more digit each.
    assert r"= 0.0045186 \cdot 0.10536 = 0.0004761" in body
    body = flat(open_page(PAGE, {"gamma": "2", "p": "0.9"}))
    assert r"= 0.01 \cdot 0.1054 = 0.001054" in body  # four digits suffice


@pytest.mark.parametrize(
    ("query", "words"),
    [
        ({"gamma": "2", "alpha": "0"}, "focal loss with **0**, 0 times as hard: no push at all."),
        ({"gamma": "2", "alpha": "0.5"}, "0.01448 times as hard: 69.05× weaker."),
    ],
)
def test_gradient_comparison_when_focal_loss_does_not_push(query, words):
    assert words in flat(open_page(PAGE, query))
