"""ce_core.descent: gradient descent on the logits of one example, and logits from probabilities."""

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ce_core import descent


def softmax(z):
    e = np.exp(z - np.max(z))
    return e / e.sum()


def test_one_step_from_equal_logits_gives_the_worked_loss():
    run = descent.gradient_descent(0, [0.0, 0.0, 0.0], learning_rate=1.0, steps=1)
    assert run.losses[0] == pytest.approx(math.log(3), abs=1e-15)
    assert round(float(run.losses[1]), 4) == 0.5514
    np.testing.assert_allclose(run.logits[1], [2 / 3, -1 / 3, -1 / 3], atol=1e-15)


def test_every_step_equals_the_update_done_by_hand():
    y, z, rate = 2, np.array([1.5, -0.3, 0.2, 2.0]), 0.7
    run = descent.gradient_descent(y, z, learning_rate=rate, steps=5)
    target = np.eye(4)[y]
    for step in range(5):
        p = softmax(z)
        np.testing.assert_allclose(run.logits[step], z, atol=1e-12)
        np.testing.assert_allclose(run.probabilities[step], p, atol=1e-12)
        np.testing.assert_allclose(run.gradients[step], p - target, atol=1e-12)
        assert run.losses[step] == pytest.approx(-math.log(p[y]), abs=1e-12)
        z = z - rate * (p - target)
    np.testing.assert_allclose(run.logits[5], z, atol=1e-12)


def test_shapes_and_the_starting_row():
    run = descent.gradient_descent(1, [0.1, 0.2], learning_rate=0.5, steps=7)
    assert run.logits.shape == run.probabilities.shape == run.gradients.shape == (8, 2)
    assert run.losses.shape == (8,)
    np.testing.assert_array_equal(run.logits[0], [0.1, 0.2])


def test_zero_steps_is_just_the_start():
    run = descent.gradient_descent(0, [0.0, 1.0], learning_rate=0.1, steps=0)
    assert run.logits.shape == (1, 2)


def test_bits_report_the_same_path_with_losses_divided_by_ln_2():
    nats = descent.gradient_descent(0, [0.0, 0.0, 0.0], learning_rate=1.0, steps=4)
    bits = descent.gradient_descent(0, [0.0, 0.0, 0.0], learning_rate=1.0, steps=4, base=2)
    np.testing.assert_array_equal(nats.logits, bits.logits)
    np.testing.assert_allclose(bits.losses, nats.losses / math.log(2), rtol=1e-14)


def test_runs_are_deterministic():
    first = descent.gradient_descent(3, [0.3, -1.0, 2.0, 0.5], learning_rate=2.0, steps=50)
    second = descent.gradient_descent(3, [0.3, -1.0, 2.0, 0.5], learning_rate=2.0, steps=50)
    np.testing.assert_array_equal(first.logits, second.logits)
    np.testing.assert_array_equal(first.losses, second.losses)


@settings(deadline=None, max_examples=40)
@given(
    logits=st.lists(st.floats(-20, 20), min_size=2, max_size=8),
    rate=st.floats(1e-3, 1.0),
    data=st.data(),
)
def test_loss_never_increases_for_a_small_learning_rate(logits, rate, data):
    y = data.draw(st.integers(0, len(logits) - 1))
    run = descent.gradient_descent(y, logits, learning_rate=rate, steps=30)
    assert np.all(np.diff(run.losses) <= 1e-12)
    assert np.all(np.isfinite(run.losses))
    np.testing.assert_allclose(run.gradients.sum(axis=1), 0, atol=1e-12)


def test_large_logits_stay_finite():
    run = descent.gradient_descent(1, [1000.0, -1000.0], learning_rate=10.0, steps=100)
    assert np.all(np.isfinite(run.losses)) and np.all(np.isfinite(run.probabilities))
    assert run.losses[-1] < run.losses[0]


def test_logits_from_probabilities_are_their_log_and_give_back_the_distribution():
    p = [0.1, 0.5, 0.1, 0.1, 0.2]
    z = descent.logits_from_probabilities(p)
    np.testing.assert_allclose(z, np.log(p))
    np.testing.assert_allclose(softmax(z), p, atol=1e-15)
    run = descent.gradient_descent(0, z, learning_rate=1.0, steps=0)
    np.testing.assert_allclose(run.gradients[0], [-0.9, 0.5, 0.1, 0.1, 0.2], atol=1e-15)
    assert run.losses[0] == pytest.approx(2.302585092994046, abs=1e-12)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"y_true": 3, "logits": [0.0, 0.0, 0.0]}, "y_true is 3, outside the 3 classes"),
        ({"y_true": -1}, "outside the 3 classes"),
        ({"y_true": 1.0}, "y_true must be a class index"),
        ({"y_true": True}, "y_true must be a class index"),
        ({"logits": [1.0]}, "at least 2 class scores"),
        ({"logits": [[0.0, 1.0]]}, "1-D array"),
        ({"logits": [0.0, math.inf, 1.0]}, "logits[1] is inf"),
        ({"logits": [0.0, math.nan, 1.0]}, "logits[1] is nan"),
        (
            {"learning_rate": -0.5},
            "learning_rate must be > 0, got -0.5 (a negative rate climbs the loss",
        ),
        ({"learning_rate": 0.0}, "learning_rate must be > 0, got 0"),
        ({"learning_rate": math.inf}, "learning_rate must be a finite number > 0"),
        ({"learning_rate": "1"}, "learning_rate must be a real number"),
        ({"steps": -1}, "steps must be in [0, 100000]"),
        ({"steps": 10**6}, "steps must be in [0, 100000]"),
        ({"steps": 2.5}, "steps must be a whole number"),
        ({"base": 1}, "base must be a number > 0 and != 1"),
    ],
)
def test_bad_input_is_refused_with_a_message_naming_it(kwargs, message):
    arguments = {"y_true": 0, "logits": [0.0, 0.0, 0.0], "learning_rate": 1.0, "steps": 3}
    arguments |= kwargs
    with pytest.raises(ValueError) as problem:
        descent.gradient_descent(arguments.pop("y_true"), arguments.pop("logits"), **arguments)
    assert message in str(problem.value)


@pytest.mark.parametrize(
    ("p", "message"),
    [
        ([0.5, 0.5, 0.0], "probabilities[2] is 0"),
        ([1.2, -0.2], "probabilities[0] is 1.2"),
        ([0.5, math.nan], "probabilities[1] is nan"),
        ([0.5, 0.4], "sum to 0.9"),
        ([1.0], "at least 2 numbers"),
    ],
)
def test_logits_from_probabilities_refuses_what_has_no_logits(p, message):
    with pytest.raises(ValueError) as problem:
        descent.logits_from_probabilities(p)
    assert message in str(problem.value)
