"""The Multi-label page's model (ce_ui.multilabel) and the shared scenario inputs
(ce_ui.scenario_inputs), tested without AppTest."""

from __future__ import annotations

import math

import numpy as np
import pytest

import ce_core as cc
from ce_core import scenarios
from ce_ui import multilabel as ml
from ce_ui import scenario_inputs as si
from ce_ui.i18n import translate
from ce_ui.url_state import InvalidValue


class StandInPage:
    """The part of the Frame API the callbacks use."""

    def __init__(self):
        self.values = {}

    def set_value(self, field, value):
        self.values[field] = value


def test_the_fields_hold_the_bounds_the_widgets_are_drawn_with():
    assert (si.CLASSES.parse.widget_low, si.CLASSES.parse.widget_high) == (2, 100_000)
    assert si.P_POS.parse.step == 0.01 and si.P_POS.parse.low == scenarios.PROBABILITY_LOW
    assert si.REDUCTION.parse.options == ("sum", "mean")
    assert si.SPREAD.parse.options == ("constant", "beta")
    with pytest.raises(InvalidValue):
        si.NEG_WEIGHT.parse("2")
    assert ml.Y.max_chars == ml.P.max_chars == 500
    assert ml.Y.dump("1, 0, 0") == "1,0,0" and ml.Y.parse("1,0,0") == "1, 0, 0"


def test_a_bad_edit_keeps_the_last_valid_example_and_names_it():
    last = {}
    good = ml.read_or_keep("en", "0, 1, 0", "0.2, 0.7, 0.1", last)
    assert good.problem is None and good.y.tolist() == [0, 1, 0]
    bad = ml.read_or_keep("en", "0, 1, 0", "0.2, abc, 0.1", last)
    assert "abc" in bad.problem
    assert bad.p.tolist() == [0.2, 0.7, 0.1]  # the last valid example, not the default
    assert bad.in_use == translate(
        "en", "multilabel.example_in_use", y="0, 1, 0", p="0.2, 0.7, 0.1"
    )
    fresh = ml.read_or_keep("en", "1, 0", "0.5, 0.5, 0.5", {})
    assert "has 2 numbers but" in fresh.problem
    assert fresh.p.tolist() == [0.1, 0.5, 0.1, 0.1, 0.2]  # nothing valid yet: the default


def test_the_scores_are_ce_core_s_and_the_quiz_answers_follow_them():
    y, p = np.array([1.0, 0, 0]), np.array([0.7, 0.2, 0.1])
    scores = ml.score(y, p, math.e)
    assert scores.binary == pytest.approx(float(cc.binary_cross_entropy(y, p, reduction="sum")))
    assert scores.view.loss == pytest.approx(-math.log(0.7))
    assert ml.single_answer(scores) == pytest.approx(-math.log(0.8) - math.log(0.9))
    assert scores.extra == pytest.approx(ml.single_answer(scores))  # p sums to 1
    assert dict(ml.single_metrics(scores))["metric_categorical"] == "0.3567"
    two = ml.score(np.array([1.0, 1, 0]), np.array([0.9, 0.8, 0.1]), 2.0)
    assert dict(ml.multi_metrics(two))["metric_floor"] == "1.000"  # log2 of two labels
    assert ml.score(np.zeros(3), p, math.e).view is None


def test_the_scenario_answer_split_and_balancing_weight():
    loss = ml.scenario(1000, 2, 0.8, 0.1, 1.0, "sum", math.e, None, 0).loss
    assert ml.share_answer(loss) == pytest.approx(99.58, abs=0.01)
    assert dict(ml.scenario_metrics(loss))["metric_total"] == "105.6"
    weight = ml.balancing_weight(loss)
    halved = ml.scenario(1000, 2, 0.8, 0.1, weight, "sum", math.e, None, 0).loss
    assert halved.negative_share == pytest.approx(0.5)
    assert ml.balancing_weight(ml.scenario(3, 2, 0.5, 0.01, 1, "sum", math.e, None, 0).loss) is None
    mean = ml.scenario(1000, 2, 0.8, 0.1, 0.5, "mean", math.e, None, 0).loss
    rows = ml.split_rows("en", mean, loss, neg_weight=0.5, reduction="mean", classes=1000)
    assert [row[0] for row in rows] == [
        translate("en", "multilabel.split_row"),
        translate("en", "multilabel.split_row_unweighted"),
    ]
    assert rows[1][2] == pytest.approx(loss.negatives / 1000)
    assert len(ml.split_rows("en", loss, loss, neg_weight=1, reduction="sum", classes=1000)) == 1


def test_dragged_bars_write_the_typed_probabilities_inside_0_1():
    page = StandInPage()
    ml.on_bars_change([0.0, 0.123456, 1.0], page)
    text = page.values[ml.P]
    assert text == "1e-06, 0.1235, 0.999999"
    y, p = ml.read_example("en", "1, 0, 1", text)  # the field reads what the bars wrote
    assert p.tolist() == [1e-06, 0.1235, 0.999999]


def test_the_presets_set_their_fields():
    page = StandInPage()
    ml.load_example(page, ml.MULTI)
    assert page.values == {ml.Y: ml.MULTI[0], ml.P: ml.MULTI[1]}


@pytest.mark.parametrize(
    ("query", "dropped"),
    [
        ({}, []),
        ({"neg_weight": "1", "reduction": "sum", "neg_dist": "constant"}, []),
        ({"neg_weight": "0.5"}, ["dropped_weight"]),
        ({"reduction": "mean", "neg_dist": "beta", "kappa": "5"}, ["dropped_mean", "dropped_beta"]),
        ({"neg_weight": "7", "reduction": "max"}, []),  # not valid: nothing was carried
    ],
)
def test_what_a_link_carries_that_focal_does_not_model(query, dropped):
    expected = [translate("en", f"multilabel.{key}", weight="0.5") for key in dropped]
    assert si.not_carried(query, "en") == expected


def test_the_beta_settings_are_in_a_link_only_with_beta_negatives():
    assert si.beta_omitted("beta") == []
    assert si.beta_omitted("constant") == ["kappa", "seed"]
    note = ml.not_carried_to_focal("en", neg_weight=1.0, reduction="sum", beta=True)
    assert translate("en", "multilabel.dropped_beta") in note
    assert ml.not_carried_to_focal("en", neg_weight=1.0, reduction="sum", beta=False) is None


def test_the_settings_a_link_brings_are_kept_valid_and_only_when_not_default():
    query = {"neg_weight": "0.5", "reduction": "sum", "neg_dist": "beta", "kappa": "5", "seed": "x"}
    assert si.carried_extras(query) == {"neg_weight": "0.5", "neg_dist": "beta", "kappa": "5"}
    assert si.carried_extras({"kappa": "5", "seed": "3"}) == {}  # constant negatives: no Beta
    assert si.carried_extras({"neg_weight": "9"}) == {}
