"""cc.cross_entropy_terms: each class's term, summing to the loss."""

import math

import numpy as np
import pytest

import ce_core as cc


@pytest.mark.parametrize("base", [math.e, 2.0])
@pytest.mark.parametrize(
    ("y", "p"),
    [(0, [0.7, 0.2, 0.1]), ([0.9, 0.05, 0.05], [0.7, 0.2, 0.1]), (1, [0.0, 0.5, 0.5])],
)
def test_the_terms_sum_to_the_loss_and_unweighted_classes_cost_nothing(y, p, base):
    terms = cc.cross_entropy_terms(y, p, base=base)
    assert terms.sum() == pytest.approx(float(cc.categorical_cross_entropy(y, p, base=base)))
    weights = np.eye(3)[y] if isinstance(y, int) else np.array(y)
    assert np.all(terms[weights == 0] == 0) and not np.signbit(terms).any()


def test_from_logits_a_term_stays_exact_where_softmax_underflows():
    z = np.array([0.0, 800.0, 1.0])
    terms = cc.cross_entropy_terms(0, z, from_logits=True)
    assert terms[0] == pytest.approx(800.0) and terms[1] == 0 and terms[2] == 0


def test_a_true_class_given_zero_probability_costs_infinity():
    assert cc.cross_entropy_terms(0, [0.0, 0.5, 0.5]).tolist() == [math.inf, 0.0, 0.0]
