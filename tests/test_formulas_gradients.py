"""The Gradients page's formula builders and input readers, without Streamlit."""

import math

import numpy as np
import pytest

import ce_core as cc
from ce_ui import fields
from ce_ui.formulas import gradients as formulas
from ce_ui.inputs import InputProblem
from ce_ui.readers import gradients as readers


def test_loss_formula_writes_p_with_the_digits_the_loss_needs():
    z = np.array([2.0, 1.0, 0.1])
    p = cc.softmax(z)
    loss = float(cc.categorical_cross_entropy(0, z, from_logits=True))
    latex = formulas.loss_formula(0, float(p[0]), float(cc.log_softmax(z)[0]), loss, "nats")
    assert latex == r"L = -\ln \hat y_{0} = -\ln 0.659 = 0.417"


def test_loss_formula_in_bits_uses_log2():
    loss = float(cc.categorical_cross_entropy(1, [0.5, 0.5], base=2))
    latex = formulas.loss_formula(1, 0.5, math.log(0.5), loss, "bits")
    assert latex == r"L = -\log_2 \hat y_{1} = -\log_2 0.5 = 1"


@pytest.mark.parametrize(("units", "power"), [("nats", "e"), ("bits", "2")])
def test_an_underflowing_probability_is_written_as_a_power_of_the_base(units, power):
    z = np.array([-1000.0, 1000.0])
    base = 2.0 if units == "bits" else math.e
    loss = float(cc.categorical_cross_entropy(0, z, from_logits=True, base=base))
    latex = formulas.loss_formula(0, 0.0, float(cc.log_softmax(z)[0]), loss, units)
    exponent = "-2000" if units == "nats" else "-2885.39"
    assert f"{power}^{{{exponent}" in latex.replace("−", "-")


def test_true_logit_gradient_formula():
    assert formulas.true_logit_gradient_formula(2, -0.25) == (
        r"\frac{\partial (-\ln \hat y_{2})}{\partial z_{2}} = \hat y_{2} - 1 = -0.25"
    )


def test_compact_vector_writes_the_url_form():
    assert readers.compact_vector(" 0.7, 0.2 ;0.1 ") == "0.7,0.2,0.1"


def test_a_zero_probability_is_refused_with_its_position():
    with pytest.raises(InputProblem, match="class 1"):
        readers.read_probabilities("0.5,0,0.5")


def test_logits_beyond_the_limit_are_refused():
    with pytest.raises(InputProblem):
        readers.read_logits("1,2000")
    assert list(readers.read_logits("1, -2")) == [1.0, -2.0]


def test_normalised_text_and_check():
    p = np.array([1.0, 1.0, 2.0])
    assert fields.off_one(p)
    assert fields.normalised_text(p) == "0.25, 0.25, 0.5"
    assert not fields.off_one(np.array([0.25, 0.75]))


def test_converting_between_modes():
    z = readers.converted(readers.LOGITS, "0.5,0.5", "")
    assert z == "-0.6931, -0.6931"
    p = readers.converted(readers.PROBABILITIES, "", "0,0")
    assert p == "0.5, 0.5"
    assert readers.converted(readers.PROBABILITIES, "", "abc") is None
    assert readers.converted(readers.LOGITS, "0.5,0", "") is None
