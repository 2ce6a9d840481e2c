"""Bad input raises cc.InputError (a ValueError) naming the argument, the problem and the fix."""

import math

import numpy as np
import pytest

import ce_core as cc

P = [[0.7, 0.2, 0.1], [0.1, 0.6, 0.3]]
Z = [[2.0, 1.0, 0.1], [0.5, 2.5, -1.0]]

BAD_INPUTS = {
    # probabilities outside [0, 1]
    "prob_above_1": (
        lambda: cc.categorical_cross_entropy([0, 1], [[1.2, -0.1, -0.1], [0.1, 0.6, 0.3]]),
        r"y_pred\[0, 0\] = 1.2 is outside \[0, 1\]; probabilities must lie in \[0, 1\] "
        r"\(use from_logits=True for raw scores\)",
    ),
    "prob_negative_binary": (
        lambda: cc.binary_cross_entropy([1, 0], [0.5, -0.2]),
        r"y_pred\[1\] = -0.2 is outside \[0, 1\]",
    ),
    "focal_prob_above_1": (
        lambda: cc.focal_loss([1.0], [1.5]),
        r"y_pred\[0\] = 1.5 is outside \[0, 1\]",
    ),
    # nan / inf
    "nan_probability": (
        lambda: cc.categorical_cross_entropy([0, 1], [[np.nan, 0.5, 0.5], [0.1, 0.6, 0.3]]),
        r"y_pred\[0, 0\] is nan; probabilities must be finite",
    ),
    "inf_probability": (
        lambda: cc.binary_cross_entropy([1.0], [np.inf]),
        r"y_pred\[0\] is inf; probabilities must be finite",
    ),
    "nan_logit": (
        lambda: cc.categorical_cross_entropy(
            [0, 1], [[0.0, 1.0, 2.0], [np.nan, 0, 0]], from_logits=True
        ),
        r"y_pred row 1 contains nan or \+inf",
    ),
    "inf_logit": (
        lambda: cc.categorical_cross_entropy(0, [np.inf, 0.0], from_logits=True),
        r"y_pred contains nan or \+inf",
    ),
    "all_neg_inf_logits": (
        lambda: cc.softmax([-np.inf, -np.inf]),
        r"z contains nan or \+inf, or only -inf",
    ),
    "nan_binary_logit": (
        lambda: cc.binary_cross_entropy([1.0, 0.0], [0.0, np.nan], from_logits=True),
        r"y_pred\[1\] is nan; logits must be finite",
    ),
    "nan_sigmoid": (lambda: cc.sigmoid([0.0, np.nan]), r"z\[1\] is nan"),
    "nan_target": (
        lambda: cc.binary_cross_entropy([np.nan], [0.5]),
        r"y_true\[0\] is nan; targets must be finite",
    ),
    "nan_weight": (
        lambda: cc.categorical_cross_entropy([0, 1], P, weight=[1, np.nan, 1]),
        r"weight\[1\] is nan; weights must be finite",
    ),
    # rows not summing to 1
    "row_sum": (
        lambda: cc.categorical_cross_entropy(
            [0, 1, 2], [[0.7, 0.2, 0.1], [0.5, 0.1, 0.1], [0, 0, 1]]
        ),
        r"y_pred row 1 sums to 0.7; probabilities must sum to 1 \(use from_logits=True",
    ),
    "row_sum_single": (
        lambda: cc.categorical_cross_entropy(0, [0.2, 0.2, 0.2]),
        r"y_pred sums to 0.6; probabilities must sum to 1",
    ),
    "row_sum_just_outside_tolerance": (
        lambda: cc.categorical_cross_entropy(0, [0.5, 0.5 + 2e-6]),
        r"y_pred sums to 1; probabilities must sum to 1",
    ),
    "target_row_sum": (
        lambda: cc.categorical_cross_entropy([[1, 0, 1], [0, 1, 0]], P),
        r"y_true row 0 sums to 2; probabilities must sum to 1 \(for several true classes use "
        r"binary_cross_entropy",
    ),
    "focal_row_sum": (
        lambda: cc.categorical_focal_loss(0, [0.5, 0.6]),
        r"y_pred sums to 1.1",
    ),
    "entropy_counts": (
        lambda: cc.entropy([1, 2, 1]),
        r"p\[1\] = 2 is outside \[0, 1\].*\(divide counts by their total",
    ),
    "entropy_row_sum": (
        lambda: cc.entropy([[0.5, 0.5], [0.2, 0.2]], base=2),
        r"p row 1 sums to 0.4; probabilities must sum to 1 \(divide counts by their total",
    ),
    "kl_q_row": (
        lambda: cc.kl_divergence([0.5, 0.5], [0.5, 0.6]),
        r"q sums to 1.1",
    ),
    "probability_grad_row": (
        lambda: cc.probability_grad(0, [0.5, 0.6]),
        r"y_pred sums to 1.1",
    ),
    # class indices
    "index_out_of_range": (
        lambda: cc.categorical_cross_entropy([0, 3], P),
        r"y_true\[1\] = 3 is out of range; class indices must be in \[0, 2\] for 3 classes",
    ),
    "index_negative": (
        lambda: cc.categorical_cross_entropy([-1, 0], Z, from_logits=True),
        r"y_true\[0\] = -1 is out of range",
    ),
    "index_not_integer": (
        lambda: cc.categorical_cross_entropy([0, 1.5], P),
        r"y_true\[1\] = 1.5 is not an integer; class indices must be whole numbers",
    ),
    "index_string": (
        lambda: cc.categorical_cross_entropy(["a", "b"], P),
        r"y_true must contain integer class indices",
    ),
    "grad_index_out_of_range": (
        lambda: cc.cross_entropy_grad([0, 5], Z),
        r"y_true\[1\] = 5 is out of range",
    ),
    # shapes
    "target_shape": (
        lambda: cc.categorical_cross_entropy([0, 1, 2], P),
        r"y_true has shape \(3,\) but y_pred has shape \(2, 3\); pass class indices of shape "
        r"\(2,\) or target probabilities of shape \(2, 3\)",
    ),
    "grad_target_shape": (
        lambda: cc.cross_entropy_grad([0, 1, 2], Z),
        r"y_true has shape \(3,\) but logits has shape \(2, 3\)",
    ),
    "scores_3d": (
        lambda: cc.categorical_cross_entropy(np.zeros((2, 2), dtype=int), np.ones((2, 2, 3)) / 3),
        r"y_pred has shape \(2, 2, 3\); pass shape \(N, C\)",
    ),
    "binary_shape": (
        lambda: cc.binary_cross_entropy([1, 0, 1], [0.5, 0.5]),
        r"y_true has shape \(3,\) but y_pred has shape \(2,\)",
    ),
    "weight_shape": (
        lambda: cc.categorical_cross_entropy([0, 1], P, weight=[1, 2]),
        r"weight has shape \(2,\) but the predictions have 3 classes; pass one weight per class",
    ),
    "pos_weight_shape": (
        lambda: cc.binary_cross_entropy(np.ones((2, 3)), np.full((2, 3), 0.5), pos_weight=[1, 2]),
        r"pos_weight has shape \(2,\), which does not broadcast",
    ),
    "alpha_shape": (
        lambda: cc.categorical_focal_loss([0, 1], P, alpha=[0.5, 0.5]),
        r"alpha has shape \(2,\) but the predictions have 3 classes",
    ),
    "kl_shapes": (
        lambda: cc.kl_divergence([0.5, 0.5], [0.2, 0.3, 0.5]),
        r"p has shape \(2,\) but q has shape \(3,\)",
    ),
    "ragged": (
        lambda: cc.categorical_cross_entropy([0, 1], [[0.5, 0.5], [1.0]]),
        r"y_pred has rows of different lengths",
    ),
    # hyper-parameters
    "label_smoothing_high": (
        lambda: cc.categorical_cross_entropy([0, 1], Z, from_logits=True, label_smoothing=1.5),
        r"label_smoothing must be in \[0, 1\], got 1.5",
    ),
    "label_smoothing_negative": (
        lambda: cc.cross_entropy_grad([0, 1], Z, label_smoothing=-0.1),
        r"label_smoothing must be in \[0, 1\], got -0.1",
    ),
    "alpha_torchvision_minus_one": (
        lambda: cc.focal_loss([1.0], [0.5], alpha=-1),
        r"alpha must be in \[0, 1\], got -1 \(.*torchvision's alpha=-1 is alpha=None",
    ),
    "alpha_high_categorical": (
        lambda: cc.categorical_focal_loss(0, [0.5, 0.5], alpha=2),
        r"alpha must be in \[0, 1\], got 2",
    ),
    "alpha_vector_entry": (
        lambda: cc.categorical_focal_loss_grad([0, 1], Z, alpha=[0.5, 1.5, 0.5]),
        r"alpha\[1\] = 1.5 must be in \[0, 1\]",
    ),
    "gamma_negative": (
        lambda: cc.focal_loss([1.0], [0.5], gamma=-1),
        r"gamma must be >= 0, got -1",
    ),
    "gamma_negative_grad": (
        lambda: cc.categorical_focal_loss_grad(0, [0.0, 1.0], gamma=-0.5),
        r"gamma must be >= 0, got -0.5",
    ),
    "gamma_not_number": (
        lambda: cc.focal_loss([1.0], [0.5], gamma="2"),
        r"gamma must be a real number",
    ),
    "eps_too_large": (
        lambda: cc.categorical_cross_entropy([0, 1], P, eps=0.6),
        r"eps must be in \[0, 0.5\), got 0.6",
    ),
    "eps_with_logits": (
        lambda: cc.categorical_cross_entropy([0, 1], Z, from_logits=True, eps=1e-7),
        r"eps clips probabilities and has no meaning with from_logits=True",
    ),
    "temperature_zero": (
        lambda: cc.softmax([1.0, 2.0], temperature=0),
        r"temperature must be > 0, got 0",
    ),
    "negative_weight": (
        lambda: cc.categorical_cross_entropy([0, 1], P, weight=[1, -1, 1]),
        r"weight\[1\] = -1 is negative; weights must be >= 0",
    ),
    "zero_weight_mean": (
        lambda: cc.categorical_cross_entropy([0, 0], P, weight=[0, 1, 1]),
        r"weight is 0 for every true class, so the weighted mean is undefined",
    ),
    # reduction
    "reduction_unknown": (
        lambda: cc.categorical_cross_entropy([0, 1], P, reduction="avg"),
        r"reduction must be one of 'mean', 'sum' or 'none', got 'avg'",
    ),
    "reduction_keras_name": (
        lambda: cc.focal_loss([1.0], [0.5], reduction="sum_over_batch_size"),
        r"reduction must be one of 'mean', 'sum' or 'none', got 'sum_over_batch_size'",
    ),
    "reduction_grad": (
        lambda: cc.binary_cross_entropy_grad([1.0], [0.5], reduction=None),
        r"reduction must be one of 'mean', 'sum' or 'none', got None",
    ),
    # empty input
    "empty_predictions": (
        lambda: cc.categorical_cross_entropy([], np.empty((0, 3))),
        r"y_pred is empty; pass at least one value",
    ),
    "empty_binary": (
        lambda: cc.binary_cross_entropy([], []),
        r"y_pred is empty",
    ),
    "empty_entropy": (lambda: cc.entropy([]), r"p is empty"),
    "empty_text": (lambda: cc.symbol_entropy(""), r"text is empty"),
    "text_not_string": (lambda: cc.symbol_information(["a", 1]), r"text must be a string"),
    "empty_logits_grad": (lambda: cc.cross_entropy_grad([], np.empty((0, 2))), r"logits is empty"),
    # bad base
    "base_one": (
        lambda: cc.categorical_cross_entropy([0, 1], P, base=1),
        r"base must be a number > 0 and != 1, got 1 \(use math.e for nats, 2 for bits",
    ),
    "base_zero": (lambda: cc.entropy([0.5, 0.5], base=0), r"base must be a number > 0"),
    "base_negative": (lambda: cc.binary_cross_entropy([1.0], [0.5], base=-2), r"base must be"),
    "base_string": (lambda: cc.nats_to(1.0, "2"), r"base must be a number"),
    "base_inf": (lambda: cc.symbol_entropy("ab", base=math.inf), r"base must be finite"),
    # non-numeric
    "strings": (
        lambda: cc.binary_cross_entropy([1, 0], ["a", "b"]),
        r"y_pred must contain real numbers",
    ),
    "nats_to_string": (lambda: cc.nats_to("1", 2), r"value must contain real numbers"),
    "nats_to_nan": (lambda: cc.nats_to(math.nan, 2), r"value is nan; pass real numbers"),
    # flags are real booleans: "False" is a truthy string
    "from_logits_string": (
        lambda: cc.categorical_cross_entropy(0, [0.5, 0.5], from_logits="False"),
        r"from_logits must be True or False, got 'False' \(a string such as 'False'",
    ),
    "from_logits_number": (
        lambda: cc.focal_loss([1.0], [0.5], from_logits=1),
        r"from_logits must be True or False, got 1",
    ),
    # axes
    "axis_float": (
        lambda: cc.entropy([0.5, 0.5], axis=0.0),
        r"axis must be a whole number in \[-1, 0\] for p with 1 dimension, got 0.0",
    ),
    "axis_out_of_range": (
        lambda: cc.softmax([[1.0, 2.0]], axis=5),
        r"axis must be in \[-2, 1\] for z with 2 dimensions, got 5",
    ),
    "axis_of_a_number": (lambda: cc.logsumexp(3.0), r"z is a single number"),
    # the argument at fault is named
    "temperature_overflows_z": (
        lambda: cc.softmax([1.0, 2.0], temperature=1e-320),
        r"temperature = 1e-320 is too small for these logits: z / temperature overflows",
    ),
    "grad_blames_logits": (
        lambda: cc.cross_entropy_grad([0, 1], [[0.0, np.nan], [1.0, 2.0]]),
        r"logits row 0 contains nan",
    ),
    "focal_grad_blames_logits": (
        lambda: cc.categorical_focal_loss_grad(0, [np.inf, 0.0]),
        r"logits contains nan or \+inf",
    ),
    "bool_is_not_a_number": (
        lambda: cc.categorical_cross_entropy([0, 1], P, label_smoothing=True),
        r"label_smoothing must be a real number, got True",
    ),
    "eps_nan": (
        lambda: cc.binary_cross_entropy([1.0], [0.5], eps=math.nan),
        r"eps must be a finite number in \[0, 0.5\), got nan",
    ),
    # topic modules
    "down_weighting_zero": (
        lambda: cc.scenarios.down_weighting(0.0, gamma=2.0),
        r"p_t = 0 is outside \(0, 1\)",
    ),
    "scenario_probability": (
        lambda: cc.scenarios.many_class_scenario(10, 1, "0.8", 0.1),
        r"p_pos must be a real number, got '0.8'",
    ),
    "beta_draws_capped": (
        lambda: cc.scenarios.many_class_scenario(10**8, 1, 0.8, 0.1, concentration=5.0),
        r"classes - positives = 99999999 negatives is more than the 10000000 Beta draws",
    ),
    "calibration_bins": (
        lambda: cc.calibration.reliability_bins([[0.5, 0.5]], [0], n_bins=2.5),
        r"n_bins must be a whole number in \[1, 10000\], got 2.5",
    ),
    "training_choice": (
        lambda: cc.training.TrainingConfig(optimizer="rmsprop"),
        r"optimizer must be one of 'sgd' or 'adam', got 'rmsprop'",
    ),
    "curves_broadcast": (
        lambda: cc.curves.probability_of_truth([1, 0, 1], [0.5, 0.5]),
        r"y_true has shape \(3,\) and y_pred \(2,\), which do not broadcast",
    ),
}


@pytest.mark.parametrize("call, message", BAD_INPUTS.values(), ids=BAD_INPUTS.keys())
def test_bad_input_is_explained(call, message):
    with pytest.raises(cc.InputError, match=message):
        call()


def test_input_error_is_a_value_error():
    assert issubclass(cc.InputError, ValueError)
    with pytest.raises(ValueError):
        cc.entropy([0.5, 0.6])


def test_row_sum_tolerance_is_1e_6():
    assert cc.categorical_cross_entropy(0, [0.5, 0.5 + 9e-7]) == pytest.approx(math.log(2))
    with pytest.raises(cc.InputError):
        cc.categorical_cross_entropy(0, [0.5, 0.5 + 1.1e-6])


def test_valid_edge_inputs_are_accepted():
    # Integral floats are fine as class indices; bool targets are fine for binary losses.
    assert cc.categorical_cross_entropy([0.0, 1.0], P) == cc.categorical_cross_entropy([0, 1], P)
    assert cc.binary_cross_entropy([True, False], [0.9, 0.1]) == pytest.approx(-math.log(0.9))
    # -inf logits mean probability 0 and are allowed; the loss is exact.
    assert cc.categorical_cross_entropy(0, [0.0, -np.inf], from_logits=True) == 0.0
    assert cc.categorical_cross_entropy(1, [0.0, -np.inf], from_logits=True) == np.inf
    # A zero weight mutes an example even when its loss is infinite (no nan).
    muted = cc.categorical_cross_entropy([0, 1], [[0, 1], [0, 1]], weight=[0, 1], reduction="none")
    np.testing.assert_array_equal(muted, [0.0, 0.0])
    assert cc.focal_loss([1.0], [0.0], alpha=0.0) == 0.0


def test_float16_is_computed_in_float64():
    # float16 rounds 0.7 to 0.7002, so the row sums to 1.00012: within float16's precision.
    p16 = np.array([0.7, 0.2, 0.1], dtype=np.float16)
    loss = cc.categorical_cross_entropy(0, p16)
    assert loss.dtype == np.float64
    assert loss == pytest.approx(-math.log(float(p16[0])))
    assert cc.entropy(p16).dtype == np.float64
    assert cc.softmax(p16).dtype == np.float64
    # float64 input keeps the tight tolerance.
    with pytest.raises(cc.InputError, match="sums to 1.00012"):
        cc.categorical_cross_entropy(0, p16.astype(np.float64))


def test_numpy_booleans_are_flags():
    z = [2.0, 1.0, 0.1]
    assert cc.categorical_cross_entropy(0, z, from_logits=np.True_) == (
        cc.categorical_cross_entropy(0, z, from_logits=True)
    )


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        ({"value": "2"}, r"x must be a real number, got '2'"),
        ({"value": np.True_}, r"x must be a real number, got np.True_"),
        ({"value": math.inf, "low": 0}, r"x must be a finite number >= 0, got inf"),
        ({"value": 2.0, "low": 0, "high": 1}, r"x must be in \[0, 1\], got 2"),
        ({"value": 1.0, "low": 0, "high": 1, "high_open": True}, r"x must be in \[0, 1\)"),
        (
            {"value": 0.0, "low": 0, "high": 1, "low_open": True, "high_open": True},
            r"x must be strictly between 0 and 1, got 0",
        ),
        ({"value": 0.0, "low": 0, "low_open": True, "hint": "try 1"}, r"x must be > 0.*\(try 1\)"),
        ({"value": 1.5, "kind": "int"}, r"x must be a whole number, got 1.5"),
        ({"value": True, "kind": "int", "low": 0}, r"x must be a whole number >= 0, got True"),
        ({"value": -1, "kind": "int", "low": 0}, r"x must be >= 0, got -1"),
    ],
)
def test_check_scalar_names_the_argument_and_the_rule(arguments, message):
    from ce_core._validation import check_scalar

    with pytest.raises(cc.InputError, match=message):
        check_scalar(name="x", **arguments)


def test_check_scalar_returns_clean_values():
    from ce_core._validation import check_int, check_scalar

    assert check_scalar(np.float32(0.5), "x", low=0, high=1) == 0.5
    assert type(check_scalar(1, "x")) is float
    assert check_scalar(np.array(2.0), "x") == 2.0
    assert type(check_int(np.int64(3), "n", low=0)) is int


def test_check_array_policies():
    from ce_core._validation import check_array

    assert check_array(np.float32([1, 2]), "x").dtype == np.float32
    assert check_array(np.float16([1, 2]), "x").dtype == np.float64
    assert check_array([True, False], "x").dtype == np.float64
    np.testing.assert_array_equal(check_array([1.0, 2.0], "x", kind="int"), [1, 2])
    assert check_array([], "x", min_size=0).size == 0
    with pytest.raises(cc.InputError, match=r"x\[1\] = 2.5 is not a whole number"):
        check_array([1.0, 2.5], "x", kind="int")
    with pytest.raises(cc.InputError, match=r"x\[0\] is inf; values must be finite"):
        check_array([np.inf], "x", finite=True)
    check_array([np.inf], "x", finite="nan")
    with pytest.raises(cc.InputError, match=r"x\[0\] is nan"):
        check_array([np.nan], "x", finite="nan")
    with pytest.raises(cc.InputError, match=r"x\[1\] = 1 is outside \(0, 1\); p must be"):
        check_array([0.5, 1.0], "x", low=0, high=1, low_open=True, high_open=True, what="p")
    with pytest.raises(cc.InputError, match=r"x must be a 1-D or 2-D array, got shape \(\)"):
        check_array(1.0, "x", ndim=(1, 2))


def test_training_divergence_is_an_input_error():
    assert issubclass(cc.training.TrainingDiverged, cc.InputError)
