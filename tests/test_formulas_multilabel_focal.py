"""The Multi-label and Focal pages' formula builders (ce_ui.formulas.multilabel, .focal and
.scenario), without Streamlit: the LaTeX carries the user's numbers with the digits they need."""

import math

import numpy as np

from ce_core import focal, scenarios
from ce_ui.format import sig
from ce_ui.formulas import focal as focal_formulas
from ce_ui.formulas import multilabel as formulas
from ce_ui.formulas.scenario import log_symbol, log_word, many_class

Y = np.array([1.0, 0, 0, 0, 0])
P = np.array([0.1, 0.5, 0.1, 0.1, 0.2])


def test_log_symbols_follow_the_units():
    assert (log_symbol("nats"), log_word("nats")) == (r"\ln", "ln")
    assert (log_symbol("bits"), log_word("bits")) == (r"\log_2", "log₂")


def test_softmax_and_sigmoids_of_the_default_example():
    view = scenarios.categorical_view(Y, P)
    assert formulas.softmax(0.1, view.loss, math.e, r"\ln") == (
        r"L_\text{softmax} = -\ln 0.1 = 2.303"
    )
    binary = float(scenarios.binary_class_terms(Y, P).sum())
    latex = formulas.sigmoids(Y, P, binary, math.e, r"\ln")
    assert latex.startswith(r"L_\text{sigmoids} = -\big[\ln 0.1 + \ln(1 - 0.5) + ")
    assert latex.endswith(r"\big] = 3.430")
    assert latex.count(r"\ln(1 - ") == 4


def test_the_probability_is_written_with_the_digits_its_loss_needs():
    for q in np.linspace(0.001, 0.999, 97):
        loss = -math.log(q)
        digits = formulas.true_probability_digits(q, math.e, loss)
        written = float(sig(q, digits).replace("e−", "e-"))
        assert sig(-math.log(written)) == sig(loss), q


def test_many_class_formula_of_the_brief_adds_up():
    loss = scenarios.many_class_scenario(1000, 2, 0.8, 0.1).loss
    latex = many_class(
        classes=1000,
        positives=2,
        p_pos=0.8,
        p_neg=0.1,
        neg_weight=1.0,
        reduction="sum",
        base=math.e,
        loss=loss,
        beta=False,
        log_tex=r"\ln",
    )
    assert latex == (
        r"L = \Big[2 \cdot \big(-\ln 0.8\big) + 998 \cdot \big(-\ln(1 - 0.1)\big)\Big]"
        r" = 0.44629 + 105.15 = 105.6"  # the parts with the digits that add up to the total
    )


def test_many_class_formula_with_mean_weight_and_beta():
    loss = scenarios.many_class_scenario(10, 2, 0.8, 0.1, neg_weight=0.5, reduction="mean").loss
    latex = many_class(
        classes=10,
        positives=2,
        p_pos=0.8,
        p_neg=0.1,
        neg_weight=0.5,
        reduction="mean",
        base=math.e,
        loss=loss,
        beta=True,
        log_tex=r"\log_2",
    )
    assert latex.startswith(r"L = \frac{1}{10}\Big[2 \cdot")
    assert r"0.5 \cdot \sum_{c=1}^{8} -\log_2(1 - p_c)" in latex


def test_focal_point_formula_at_the_paper_setting():
    ce, fl = -math.log(0.9), 0.01 * -math.log(0.9)
    latex = focal_formulas.point(
        p_t=0.9, gamma=2.0, alpha=None, factor=0.01, ce=ce, fl=fl, base=math.e, log_tex=r"\ln"
    )
    assert latex == (r"\mathrm{FL} = -\,(1 - 0.9)^{2}\,\ln 0.9 = 0.01 \cdot 0.1054 = 0.001054")
    with_alpha = focal_formulas.point(
        p_t=0.9,
        gamma=2.0,
        alpha=0.25,
        factor=0.01,
        ce=ce,
        fl=0.25 * fl,
        base=math.e,
        log_tex=r"\ln",
    )
    assert r"-\,0.25 \cdot (1 - 0.9)" in with_alpha and with_alpha.endswith("= 0.0002634")


def test_written_gives_every_operand_the_same_digits():
    assert focal_formulas.written([0.5, 0.25], lambda w: w[0] * w[1], 0.125) == ["0.5", "0.25"]
    shown = focal_formulas.written([1 / 3, 3.0], lambda w: w[0] * w[1], 1.0)
    assert len(shown) == 2 and shown[1] == "3"


def test_gradient_ratio_formula_matches_ce_core():
    p_t, gamma = 0.9, 2.0
    ratio = float(focal.focal_gradient_factor(p_t, gamma, None))
    factor = float(scenarios.modulating_factor(p_t, gamma))
    latex = focal_formulas.gradient_ratio(
        alpha=None, factor=factor, lift=ratio / factor, ratio=ratio
    )
    assert latex.startswith(r"\frac{\partial \mathrm{FL} / \partial z}")
    assert r"= 0.01 \cdot " in latex
    assert "0.25" in focal_formulas.gradient_ratio(
        alpha=0.25, factor=factor, lift=ratio / factor, ratio=0.25 * ratio
    )
