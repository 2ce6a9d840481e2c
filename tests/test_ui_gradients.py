"""The Gradients page's model (ce_ui.readers.gradients) without AppTest: reading the prediction,
the true class, and the widgets' callbacks driven through a stand-in page."""

from __future__ import annotations

import numpy as np
import pytest

import ce_core as cc
from ce_ui.fields import off_one
from ce_ui.i18n import translate
from ce_ui.readers import gradients as model
from ce_ui.readers.gradients import LOGITS, MODE, PROBABILITIES, P, Y, Z


class StandInPage:
    """What the callbacks use of a Frame: ``value`` and ``set_value``."""

    def __init__(self, state=None):
        self.state = {MODE: PROBABILITIES, P: P.default, Z: Z.default, Y: 0, **(state or {})}

    def value(self, field):
        return self.state[field]

    def set_value(self, field, value):
        self.state[field] = value


def test_probabilities_are_read_into_logits_whose_softmax_gives_them_back():
    reading = model.read_prediction(PROBABILITIES, "0.1, 0.5 0.1;0.1,0.2", {})
    assert reading.problem is None and reading.total is None
    np.testing.assert_allclose(cc.softmax(reading.logits), [0.1, 0.5, 0.1, 0.1, 0.2])


def test_probabilities_off_one_are_normalised_and_their_sum_kept_for_the_warning():
    reading = model.read_prediction(PROBABILITIES, "0.2, 0.5, 0.2", {})
    assert reading.total == pytest.approx(0.9)
    np.testing.assert_allclose(reading.in_use, np.array([0.2, 0.5, 0.2]) / 0.9)
    np.testing.assert_allclose(reading.typed, [0.2, 0.5, 0.2])
    assert not off_one(cc.softmax(reading.logits))


def test_a_bad_edit_keeps_the_last_valid_reading_in_use_and_names_it():
    last_valid = {}
    model.read_prediction(LOGITS, "1, 2, 3", last_valid)
    reading = model.read_prediction(LOGITS, "1, abc, 3", last_valid)
    assert "abc" in reading.problem
    np.testing.assert_array_equal(reading.logits, [1.0, 2.0, 3.0])
    np.testing.assert_array_equal(reading.in_use, [1.0, 2.0, 3.0])
    first = model.read_prediction(PROBABILITIES, "0.5, 0", {})  # nothing valid yet: the default
    assert "class 1 has probability 0" in first.problem
    np.testing.assert_allclose(first.in_use, [0.1, 0.5, 0.1, 0.1, 0.2])


def test_a_normalised_fallback_names_the_normalised_values():
    last_valid = {}
    model.read_prediction(PROBABILITIES, "0.2, 0.2, 0.4", last_valid)
    reading = model.read_prediction(PROBABILITIES, "oops", last_valid)
    np.testing.assert_allclose(reading.in_use, [0.25, 0.25, 0.5])


def test_a_true_class_beyond_the_prediction_is_a_problem_with_a_plural():
    assert model.class_problem(4, 5) is None
    assert model.class_problem(5, 5) == translate(
        "en", "gradients.class_out_of_range", count=5, y=5, last=4
    )
    assert "2 classes" in model.class_problem(7, 2)


def test_switching_mode_carries_the_prediction_and_leaves_bad_text_alone():
    page = StandInPage({MODE: LOGITS, P: "0.5, 0.25, 0.25"})
    model.on_mode_change(page)
    assert page.value(Z) == "-0.6931, -1.3863, -1.3863"
    page.set_value(MODE, PROBABILITIES)
    model.on_mode_change(page)
    carried = [float(v) for v in page.value(P).split(",")]
    np.testing.assert_allclose(carried, [0.5, 0.25, 0.25], rtol=1e-4)
    page = StandInPage({MODE: LOGITS, P: "0.5, x"})
    model.on_mode_change(page)
    assert page.value(Z) == Z.default


def test_a_pair_button_writes_probabilities_and_class_0():
    page = StandInPage({MODE: LOGITS, Y: 3})
    model.use_pair(page, model.PAIR[1])
    assert page.state[MODE] == PROBABILITIES and page.state[Y] == 0
    assert page.state[P] == "0.1, 0.6, 0.1, 0.1, 0.1"


def test_dragged_logit_bars_write_the_field_of_the_current_mode():
    page = StandInPage({MODE: LOGITS})
    model.on_bars_change([2.0, -1.23456789, 5000.0], page)
    assert page.value(Z) == "2, -1.23457, 1000"  # six digits, within the field's bounds
    page = StandInPage()
    model.on_bars_change([0.0, 0.0, np.log(2.0)], page)
    assert page.value(P) == "0.25, 0.25, 0.5"
    page = StandInPage()
    model.on_bars_change([0.0, -1000.0], page)  # e^−1000 underflows: kept positive
    reading = model.read_prediction(PROBABILITIES, page.value(P), {})
    assert reading.problem is None


def test_the_bars_gradient_readout_is_ce_cores_softmax_minus_y():
    from ce_ui.components.bars import exact_gradient

    z = np.array([2.0, 1.0, 0.1])
    np.testing.assert_allclose(exact_gradient(z, 0), cc.softmax(z) - [1, 0, 0], atol=1e-15)
    np.testing.assert_allclose(  # a temperature divides the logits and the gradient
        exact_gradient(z, 1, temperature=2.0), (cc.softmax(z / 2) - [0, 1, 0]) / 2, atol=1e-15
    )
    assert exact_gradient([1000.0, -1000.0], 0).tolist() == [0.0, 0.0]
