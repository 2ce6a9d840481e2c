"""The Focal page in AppTest: the URL contract, the curves and tables, α, the gradient, the
many-class scenario before and after, and bad input giving a message."""

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


def flat(at) -> str:
    return " ".join(texts(at).split())


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
    assert at.query_params["gamma"] == "2" and at.query_params["alpha"] == "none"
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
    assert at.query_params["gamma"] == "5" and at.query_params["alpha"] == "none"


def test_alpha_from_the_url_and_from_the_switch():
    at = open_page(PAGE, {"alpha": "0.25"})
    assert at.toggle(key="focal.alpha_on").value is True
    assert at.slider(key="focal.alpha_value").value == 0.25
    assert metrics(at)[label("metric_times")] == "400×"
    assert "α = 0.25 multiplies that by a further 0.25" in flat(at)
    at.toggle(key="focal.alpha_on").set_value(False).run()
    assert at.query_params["alpha"] == "none"
    assert metrics(at)[label("metric_times")] == "100×"
    at.toggle(key="focal.alpha_on").set_value(True).run()
    at.slider(key="focal.alpha_value").set_value(0.5).run()
    assert at.query_params["alpha"] == "0.5"


def test_gradient_of_focal_loss_next_to_cross_entropy():
    at = open_page(PAGE, {"gamma": "2", "p": "0.9"})
    z = scenarios.logit([0.9])
    focal = cc.focal_loss_grad([1.0], z, gamma=2.0, reduction="none")[0]
    assert sig(focal) == "−0.002896"
    assert "pushes the logit with **−0.1**, focal loss with **−0.002896**, 34.52× weaker" in flat(
        at
    )
    assert "below pₜ ≈ 0.298 its gradient is even a little stronger" in flat(at)
    assert "even a little stronger" not in flat(open_page(PAGE, {"gamma": "0"}))


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
    assert metrics(at)[label("metric_fl", unit="nats")] == "0.001054"


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


def test_link_back_to_the_multilabel_page_carries_the_scenario():
    at = open_page(PAGE, {"classes": "5000", "p_neg": "0.01"})
    link = next(link for link in at.get("page_link") if link.proto.label == label("to_multilabel"))
    assert link.proto.page == "multilabel"
    assert "classes=5000" in link.proto.query_string and "p_neg=0.01" in link.proto.query_string


@pytest.mark.parametrize(
    ("query", "point", "gradient"),
    [
        ({"gamma": "2", "p": "0.9"}, "**100× less**", "**−0.002896**, 34.52× weaker."),
        ({"gamma": "2", "p": "0.1"}, "**1.235× less**", "**−1.102**, 1.224× stronger."),
        ({"gamma": "0", "p": "0.9"}, "**the same**: with γ = 0", "**−0.1**, the same push."),
    ],
)
def test_focal_against_cross_entropy_is_said_the_right_way_round(query, point, gradient):
    body = flat(open_page(PAGE, query))
    assert point in body
    assert gradient in body
    assert "1× less" not in body and "1× weaker" not in body
