"""The error contract of ce_core: every public function answers every kind of bad argument with
``cc.InputError`` whose message names that argument by its parameter name; never a bare NumPy or
Python error, never a silent nan, never a truthy string taken as a flag. float16 input is
accepted (and computed in float64, as the README says).

``CONTRACT`` holds, for every public function, one valid call and the bad values of every
parameter; ``test_every_public_function_has_a_contract`` enumerates the public functions by
introspection, so a new function (or a new parameter) without an entry here fails.
"""

from __future__ import annotations

import inspect
import math
from dataclasses import dataclass, field, fields

import numpy as np
import pytest

import ce_core as cc
from ce_core import (
    calibration,
    coding,
    curves,
    descent,
    information,
    language,
    scenarios,
    training,
)

TOPIC_MODULES = (scenarios, calibration, training, descent, curves, information, language, coding)

# --- kinds of bad values ----------------------------------------------------------------------

NAN, INF = math.nan, math.inf
REAL = ["1", "0.5", True, False, np.True_, NAN, INF, -INF, None, [1.0], 1j, object(), 10**400]
"""Bad values for any real-number parameter."""
INT = ["1", True, np.False_, 1.5, NAN, INF, None, [1], object()]
"""Bad values for any whole-number parameter."""
FLAG = ["False", "True", "", "no", 1, 0, 1.0, None, [True], np.array([True, False])]
"""Bad values for a flag: strings are truthy, numbers are not flags."""
REDUCTION = ["avg", "MEAN", "sum_over_batch_size", "", None, 1, True, ["mean"]]
BASE = [1, 0, -2, "2", NAN, INF, -INF, True, None, [2], 1j]
AXIS = [0.0, 1.0, 5, -5, "0", True, None, [0], NAN]
ARRAY = ["abc", None, [], [[0.5], [0.5, 0.5]], {"a": 1}, object(), [1j, 2j]]
"""Bad values for any array parameter: text, nothing, empty, ragged, not numbers."""
ARRAY_MAY_BE_EMPTY = ["abc", None, [[0.5], [0.5, 0.5]], {"a": 1}, object()]


def without(values, *allowed):
    """``values`` minus those a parameter accepts (e.g. None for an optional argument)."""
    return [
        v for v in values if not any(v is a or (type(v) is type(a) and v == a) for a in allowed)
    ]


def real(*extra, allow_none=False):
    return (without(REAL, None) if allow_none else REAL) + list(extra)


def integer(*extra):
    return INT + list(extra)


def array(*extra, may_be_empty=False):
    return (ARRAY_MAY_BE_EMPTY if may_be_empty else ARRAY) + list(extra)


# --- valid arguments --------------------------------------------------------------------------

P = [[0.7, 0.2, 0.1], [0.1, 0.6, 0.3]]
Z = [[2.0, 1.0, 0.1], [0.5, 2.5, -1.0]]
Y = [0, 1]
P_ROW_SUM = [[0.7, 0.2, 0.1], [0.5, 0.1, 0.1]]
P_OUTSIDE = [[1.2, -0.1, -0.1], [0.1, 0.6, 0.3]]
P_NAN = [[NAN, 0.5, 0.5], [0.1, 0.6, 0.3]]
P_INF = [[INF, 0.5, 0.5], [0.1, 0.6, 0.3]]
Z_NAN = [[NAN, 1.0, 0.0], [0.5, 2.5, -1.0]]
Z_INF = [[INF, 1.0, 0.0], [0.5, 2.5, -1.0]]
Z_NEG_INF = [[-INF, -INF, -INF], [0.5, 2.5, -1.0]]
CUBE = np.full((2, 2, 3), 1 / 3)
Y_BAD = ["abc", None, [], [0, 3], [-1, 0], [0, 1.5], [0, NAN], [0, 1, 2], [[1, 0, 1], [0, 1, 0]]]
"""Bad class targets for two examples of three classes."""
B_TRUE, B_PRED, B_LOGIT = [1.0, 0.0], [0.8, 0.3], [1.5, -0.5]
B_TRUE_BAD = array([NAN, 0.0], [INF, 0.0], [2.0, 0.0], [-1.0, 0.0], [1.0, 0.0, 1.0])
WEIGHT_BAD = ["a", [1.0, 2.0], [1.0, -1.0, 1.0], [1.0, NAN, 1.0], [1.0, INF, 1.0], [[1.0]] * 4]
ALPHA_BAD = ["a", True, NAN, INF, 2.0, -1.0, -0.5, [0.5]]
CLASS_ALPHA_BAD = [
    *ALPHA_BAD[:-1], [0.5, 0.5], [0.5, 1.5, 0.5], [0.5, NAN, 0.5], [[0.5], [0.5, 0.5]], [[0.5] * 3]
]  # fmt: skip
GAMMA_BAD = real(-1.0, -0.5, np.array([0.0, 1.0]))
EPS_BAD = real(0.5, 0.6, -0.1, allow_none=True)
SMOOTHING_BAD = real(1.5, -0.1)

LABELS = np.repeat([0, 1, 2], 4)  # 12 examples, 4 of each of 3 classes
FEATURES = np.column_stack([np.arange(12.0), np.arange(12.0) % 5])
CONFIG = training.TrainingConfig(epochs=1, batch_size=4, hidden_units=3)
PARAMS = training.init_params(2, 3, CONFIG, np.random.default_rng(0))
OBJECTIVE = training.Objective("ce")
LABELS_BAD = [
    "abc", None, [], [0.5] * 12, [-1] * 12, [[0, 1]], np.array([True] * 12), {"a": 1}
]  # fmt: skip
FEATURES_BAD = array(
    np.full((12, 2), NAN), np.full((12, 2), INF), np.arange(12.0), np.ones((12, 2, 1)),
    np.ones((0, 2)), np.ones((12, 0)),
)  # fmt: skip
"""Bad features of 12 examples; ``WRONG_COLUMNS`` and ``WRONG_ROWS`` where they must match."""
WRONG_COLUMNS, WRONG_ROWS = np.ones((12, 3)), np.ones((5, 2))
CONFUSION = [[2, 1], [0, 3]]
CONFUSION_BAD = array(
    [[1, 2, 3]], [[-1, 0], [0, 1]], [[NAN, 0], [0, 1]], [[INF, 0], [0, 1]], [1, 2]
)
CAL_P = [[0.7, 0.3], [0.4, 0.6]]
CAL_P_BAD = array(
    [[0.7, 0.2], [0.4, 0.6]], [[1.2, -0.2], [0.4, 0.6]], [[NAN, 1.0], [0.4, 0.6]],
    [[INF, 0.0], [0.4, 0.6]], [0.5, 0.5], [[1.0], [1.0]], np.full((2, 2, 2), 0.5),
)  # fmt: skip
CAL_LABELS_BAD = ["a", None, [], [0.5, 1], [0, 2], [0], [-1, 0], [[0, 1]], [0, NAN]]


@dataclass
class Contract:
    """A valid call of ``function`` and, for each parameter, values it must refuse."""

    function: object
    valid: dict
    bad: dict
    float16: tuple = ()
    """Array parameters that must accept float16 (computed in float64)."""
    options: dict = field(default_factory=dict)

    @property
    def name(self) -> str:
        module = getattr(self.function, "__module__", "").removeprefix("ce_core.")
        return f"{module}.{self.function.__name__}"


MODEL = language.train_ngram("abracadabra", 2)
TEXT_BAD = ["", None, 5, b"ab", ["a"], "abz"]
"""Bad texts for MODEL: empty, not a string, a character outside its alphabet."""
MODEL_BAD = [None, "abracadabra", 2, {"order": 2}]

CONTRACT = [
    # --- activations ---
    *[
        Contract(
            fn,
            {"z": Z, "axis": -1, "temperature": 1.0},
            {
                "z": array([NAN, 1.0], [INF, 1.0], [-INF, -INF], Z_NAN, Z_INF, 5.0),
                "axis": AXIS,
                "temperature": real(0.0, -1.0, -INF, 1e-320, 5e-324),
            },
            float16=("z",),
        )
        for fn in (cc.softmax, cc.log_softmax)
    ],
    Contract(
        cc.logsumexp,
        {"z": Z, "axis": -1},
        {"z": array([NAN, 1.0], [INF, 1.0], Z_NAN, 5.0), "axis": AXIS},
        float16=("z",),
    ),
    *[
        Contract(fn, {"z": Z}, {"z": array([0.0, NAN], NAN)}, float16=("z",))
        for fn in (cc.sigmoid, cc.log_sigmoid, cc.softplus)
    ],
    # --- losses ---
    Contract(
        cc.categorical_cross_entropy,
        {
            "y_true": Y,
            "y_pred": P,
            "from_logits": False,
            "weight": None,
            "label_smoothing": 0.0,
            "eps": None,
            "reduction": "mean",
            "base": math.e,
        },
        {
            "y_true": Y_BAD,
            "y_pred": array(P_ROW_SUM, P_OUTSIDE, P_NAN, P_INF, CUBE, [[0.5, 0.5]], [[1.0]] * 2),
            "from_logits": FLAG,
            "weight": WEIGHT_BAD,
            "label_smoothing": SMOOTHING_BAD,
            "eps": EPS_BAD,
            "reduction": REDUCTION,
            "base": BASE,
        },
        float16=("y_pred",),
    ),  # fmt: skip
    Contract(
        cc.cross_entropy_terms,
        {"y_true": Y, "y_pred": P, "from_logits": False, "base": math.e},
        {
            "y_true": Y_BAD,
            "y_pred": array(P_ROW_SUM, P_OUTSIDE, P_NAN, P_INF, CUBE, [[0.5, 0.5]], [[1.0]] * 2),
            "from_logits": FLAG,
            "base": BASE,
        },
        float16=("y_pred",),
    ),
    Contract(
        cc.binary_cross_entropy,
        {
            "y_true": B_TRUE,
            "y_pred": B_PRED,
            "from_logits": False,
            "pos_weight": None,
            "weight": None,
            "eps": None,
            "reduction": "mean",
            "base": math.e,
        },
        {
            "y_true": B_TRUE_BAD,
            "y_pred": array([NAN, 0.3], [INF, 0.3], [1.5, 0.3], [-0.5, 0.3], [[0.8, 0.3]] * 2),
            "from_logits": FLAG,
            "pos_weight": WEIGHT_BAD[:1] + [[1.0, 2.0, 3.0], [-1.0, 1.0], [NAN, 1.0]],
            "weight": WEIGHT_BAD[:1] + [[1.0, 2.0, 3.0], [-1.0, 1.0], [NAN, 1.0]],
            "eps": EPS_BAD,
            "reduction": REDUCTION,
            "base": BASE,
        },
        float16=("y_true", "y_pred"),
    ),  # fmt: skip
    Contract(
        cc.focal_loss,
        {
            "y_true": B_TRUE,
            "y_pred": B_PRED,
            "gamma": 2.0,
            "alpha": None,
            "from_logits": False,
            "reduction": "mean",
            "base": math.e,
        },
        {
            "y_true": B_TRUE_BAD,
            "y_pred": array([NAN, 0.3], [INF, 0.3], [1.5, 0.3], [[0.8, 0.3]] * 2),
            "gamma": GAMMA_BAD,
            "alpha": ALPHA_BAD,
            "from_logits": FLAG,
            "reduction": REDUCTION,
            "base": BASE,
        },
        float16=("y_true", "y_pred"),
    ),  # fmt: skip
    Contract(
        cc.categorical_focal_loss,
        {
            "y_true": Y,
            "y_pred": P,
            "gamma": 2.0,
            "alpha": None,
            "from_logits": False,
            "reduction": "mean",
            "base": math.e,
        },
        {
            "y_true": Y_BAD,
            "y_pred": array(P_ROW_SUM, P_OUTSIDE, P_NAN, P_INF, CUBE),
            "gamma": GAMMA_BAD,
            "alpha": CLASS_ALPHA_BAD,
            "from_logits": FLAG,
            "reduction": REDUCTION,
            "base": BASE,
        },
        float16=("y_pred",),
    ),  # fmt: skip
    # --- gradients ---
    Contract(
        cc.cross_entropy_grad,
        {"y_true": Y, "logits": Z, "weight": None, "label_smoothing": 0.0, "reduction": "mean"},
        {
            "y_true": Y_BAD,
            "logits": array(Z_NAN, Z_INF, Z_NEG_INF, CUBE),
            "weight": WEIGHT_BAD,
            "label_smoothing": SMOOTHING_BAD,
            "reduction": REDUCTION,
        },
        float16=("logits",),
    ),
    Contract(
        cc.binary_cross_entropy_grad,
        {"y_true": B_TRUE, "logits": B_LOGIT, "pos_weight": None, "reduction": "mean"},
        {
            "y_true": B_TRUE_BAD,
            "logits": array([NAN, 0.0], [INF, 0.0], [-INF, 0.0], [[1.5, -0.5]] * 2),
            "pos_weight": ["a", [1.0, 2.0, 3.0], [-1.0, 1.0], [NAN, 1.0]],
            "reduction": REDUCTION,
        },
        float16=("y_true", "logits"),
    ),
    Contract(
        cc.focal_loss_grad,
        {"y_true": B_TRUE, "logits": B_LOGIT, "gamma": 2.0, "alpha": None, "reduction": "mean"},
        {
            "y_true": B_TRUE_BAD,
            "logits": array([NAN, 0.0], [INF, 0.0], [[1.5, -0.5]] * 2),
            "gamma": GAMMA_BAD,
            "alpha": ALPHA_BAD,
            "reduction": REDUCTION,
        },
        float16=("y_true", "logits"),
    ),
    Contract(
        cc.categorical_focal_loss_grad,
        {"y_true": Y, "logits": Z, "gamma": 2.0, "alpha": None, "reduction": "mean"},
        {
            "y_true": Y_BAD,
            "logits": array(Z_NAN, Z_INF, Z_NEG_INF, CUBE),
            "gamma": GAMMA_BAD,
            "alpha": CLASS_ALPHA_BAD,
            "reduction": REDUCTION,
        },
        float16=("logits",),
    ),
    Contract(
        cc.probability_grad,
        {"y_true": Y, "y_pred": P},
        {"y_true": Y_BAD, "y_pred": array(P_ROW_SUM, P_OUTSIDE, P_NAN, P_INF, CUBE)},
        float16=("y_pred",),
    ),
    # --- information ---
    Contract(
        cc.entropy,
        {"p": P, "base": math.e, "axis": -1},
        {"p": array([1, 2, 1], P_ROW_SUM, P_OUTSIDE, P_NAN, P_INF), "base": BASE, "axis": AXIS},
        float16=("p",),
    ),
    *[
        Contract(
            fn,
            {"p": P, "q": P, "base": math.e, "axis": -1},
            {
                "p": array([1, 2, 1], P_ROW_SUM, P_OUTSIDE, P_NAN, P_INF),
                "q": array(P_ROW_SUM, P_OUTSIDE, P_NAN, P_INF, [0.2, 0.3, 0.5], CUBE),
                "base": BASE,
                "axis": AXIS,
            },
            float16=("p", "q"),
        )
        for fn in (cc.cross_entropy, cc.kl_divergence)
    ],
    *[
        Contract(
            fn,
            {"text": "jteikfqa", "base": 2},
            {"text": ["", None, [], ["a", ""], ["a", 1], 3, b"ab", 2.5], "base": BASE},
        )
        for fn in (cc.symbol_entropy, cc.symbol_information)
    ],
    Contract(
        cc.nats_to,
        {"value": math.log(8), "base": 2},
        {"value": array(NAN, [1.0, NAN]), "base": BASE},
        float16=("value",),
    ),
    # --- scenarios ---
    Contract(
        scenarios.binary_class_terms,
        {"y_true": B_TRUE, "y_pred": B_PRED, "gamma": 0.0, "alpha": None, "base": math.e},
        {
            "y_true": B_TRUE_BAD,
            "y_pred": array([NAN, 0.3], [1.5, 0.3], [0.8, 0.3, 0.1]),
            "gamma": GAMMA_BAD,
            "alpha": ALPHA_BAD,
            "base": BASE,
        },
        float16=("y_true", "y_pred"),
    ),
    Contract(
        scenarios.beta_negatives,
        {"count": 10, "mean": 0.1, "concentration": 5.0, "seed": 0},
        {
            "count": integer(-1, 10**12),
            "mean": real(0.0, 1.0, 1.5, -0.1),
            "concentration": real(0.0, -1.0, 5e-324),
            "seed": integer(-1),
        },
    ),
    Contract(
        scenarios.class_profile,
        {
            "positive_terms": 0.5,
            "negative_terms": np.array([0.1, 0.2, 0.3]),
            "positives": 2,
            "negatives": 3,
            "max_bins": 40,
        },
        {
            "positive_terms": ["a", None, True, NAN, INF, [0.5, 0.5, 0.5]],
            "negative_terms": array(
                [0.1, 0.2], [NAN, 0.2, 0.3], [INF, 0.2, 0.3], [[0.1, 0.2, 0.3]]
            ),
            "positives": integer(-1),
            "negatives": integer(-1, 4),
            "max_bins": integer(0, -1, 10**12),
        },
        float16=("negative_terms",),
    ),  # fmt: skip
    Contract(
        scenarios.many_class_scenario,
        {
            "classes": 10,
            "positives": 2,
            "p_pos": 0.8,
            "p_neg": 0.1,
            "neg_weight": 1.0,
            "gamma": 0.0,
            "alpha": None,
            "reduction": "sum",
            "base": math.e,
            "concentration": None,
            "seed": 0,
            "max_bins": 40,
        },
        {
            "classes": integer(0, -1, 10**400),
            "positives": integer(-1, 11),
            "p_pos": real(0.0, 1.0, 1.5),
            "p_neg": real(0.0, 1.0, -0.5),
            "neg_weight": real(-1.0),
            "gamma": GAMMA_BAD,
            "alpha": ALPHA_BAD,
            "reduction": ["none", "avg", None, 1, True],
            "base": BASE,
            "concentration": real(0.0, -1.0, allow_none=True),
            "seed": integer(-1),
            "max_bins": integer(0),
        },
    ),  # fmt: skip
    Contract(
        scenarios.negative_weight_for_share,
        {"unweighted": scenarios.ScenarioLoss(1.0, 2.0), "share": 0.5},
        {
            "unweighted": [
                None,
                (1.0, 2.0),
                {"positives": 1.0, "negatives": 2.0},
                scenarios.ScenarioLoss(1.0, 0.0),
                scenarios.ScenarioLoss(NAN, 1.0),
                scenarios.ScenarioLoss("a", 1.0),
                scenarios.ScenarioLoss(1.0, -2.0),
            ],
            "share": real(0.0, 1.0, 1.5),
        },
    ),  # fmt: skip
    Contract(
        scenarios.categorical_view,
        {"y_true": [1, 0, 1], "y_pred": [0.5, 0.2, 0.3], "base": math.e},
        {
            "y_true": array([1, 2, 0], [0, 0, 0], [1, 0], [[1, 0, 1]], [1, NAN, 0]),
            "y_pred": array([1.0, 0.2, 0.3], [0.0, 0.2, 0.3], [NAN, 0.2, 0.3], [0.5, 0.2]),
            "base": BASE,
        },
        float16=("y_true", "y_pred"),
    ),
    Contract(
        scenarios.logit,
        {"p": [0.2, 0.5]},
        {"p": array([0.0], [1.0], [NAN], [INF], [-0.5])},
        float16=("p",),
    ),
    Contract(
        scenarios.modulating_factor,
        {"p_t": [0.5], "gamma": 2.0},
        {"p_t": array([1.5], [-0.5], [NAN], [INF]), "gamma": GAMMA_BAD},
        float16=("p_t",),
    ),
    Contract(
        scenarios.down_weighting,
        {"p_t": [0.5, 0.9], "gamma": 2.0, "alpha": None, "base": math.e},
        {
            "p_t": array([0.0], 0.0, [1.5], [NAN], [INF]),
            "gamma": GAMMA_BAD,
            "alpha": ALPHA_BAD,
            "base": BASE,
        },
        float16=("p_t",),
    ),
    # --- calibration ---
    *[
        Contract(
            fn,
            {"probabilities": CAL_P, "labels": [0, 1], "n_bins": 10},
            {
                "probabilities": CAL_P_BAD,
                "labels": CAL_LABELS_BAD,
                "n_bins": integer(0, -1, 10**12),
            },
            float16=("probabilities",),
        )
        for fn in (calibration.reliability_bins, calibration.expected_calibration_error)
    ],
    Contract(
        calibration.confusion_matrix,
        {"labels": [0, 1, 1], "predictions": [0, 1, 0], "n_classes": 2},
        {
            "labels": ["a", None, [], [0, 2, 1], [0.5, 1, 1], [0, 1], [[0, 1, 1]]],
            "predictions": ["a", None, [], [0, 2, 1], [0.5, 1, 1], [0, 1, 1, 0]],
            "n_classes": integer(0, 1, 10**6),
        },
    ),
    *[
        Contract(fn, {"confusion": CONFUSION}, {"confusion": CONFUSION_BAD})
        for fn in (calibration.per_class_recall, calibration.most_frequent_mistake)
    ],
    Contract(
        calibration.mean_recall,
        {"confusion": CONFUSION, "classes": None},
        {"confusion": CONFUSION_BAD, "classes": ["a", [], [3], [-1], [0.5], [[0]], [NAN]]},
    ),
    Contract(
        calibration.mean_confidence,
        {"probabilities": CAL_P},
        {"probabilities": CAL_P_BAD},
        float16=("probabilities",),
    ),
    # --- descent ---
    Contract(
        descent.gradient_descent,
        {"y_true": 0, "logits": [0.0, 0.0, 0.0], "learning_rate": 1.0, "steps": 3, "base": 2},
        {
            "y_true": [3, -1, 1.0, True, "0", None, [0], NAN],
            "logits": array([1.0], [[0.0, 1.0]], [0.0, INF, 1.0], [0.0, NAN, 1.0]),
            "learning_rate": real(0.0, -0.5),
            "steps": integer(-1, 10**6),
            "base": BASE,
        },
        float16=("logits",),
    ),
    Contract(
        descent.logits_from_probabilities,
        {"probabilities": [0.5, 0.5]},
        {
            "probabilities": array(
                [0.5, 0.5, 0.0], [1.2, -0.2], [0.5, NAN], [0.5, INF], [0.5, 0.4], [1.0]
            )
        },
        float16=("probabilities",),
    ),
    # --- curves ---
    Contract(
        curves.clip_floor_on_truth,
        {"eps": 1e-7, "y_true": 0, "dtype": np.float32},
        {
            "eps": real(0.0, 0.5, -1e-7),
            "y_true": integer(2, -1),
            "dtype": [np.int64, np.float16, None, "abc", 3],
        },
    ),
    Contract(
        curves.clip_cap,
        {"eps": 1e-7, "y_true": 1, "dtype": np.float64, "base": math.e},
        {
            "eps": real(0.0, 0.5),
            "y_true": integer(2),
            "dtype": [np.int32, None, "abc"],
            "base": BASE,
        },
    ),
    Contract(
        curves.probability_grid,
        {"n_core": 31, "core_limit": 1e-4, "smallest": 1e-16, "n_tail": 4},
        {
            "n_core": integer(1, 0, 10**12),
            "core_limit": real(0.0, 0.5, -1.0),
            "smallest": real(0.0, 1e-3, -1e-3),
            "n_tail": integer(-1, 10**12),
        },
    ),
    Contract(
        curves.binary_cross_entropy_slope,
        {"y_true": [1.0, 0.0], "y_pred": [0.5, 0.25], "eps": None, "base": math.e},
        {
            "y_true": array([2.0], [NAN], [INF], [1.0, 0.0, 1.0]),
            "y_pred": array([1.5], [NAN], [-INF], [0.5, 0.5, 0.5]),
            "eps": real(0.0, 0.5, -0.1, allow_none=True),
            "base": BASE,
        },
        float16=("y_true", "y_pred"),
    ),
    Contract(
        curves.log_clamped_binary_cross_entropy,
        {"y_true": [1.0, 0.0], "y_pred": [0.5, 0.25], "log_floor": -100.0, "base": math.e},
        {
            "y_true": array([2.0], [NAN], [1.0, 0.0, 1.0]),
            "y_pred": array([1.5], [NAN], [0.5, 0.5, 0.5]),
            "log_floor": real(0.0, 1.0),
            "base": BASE,
        },
        float16=("y_true", "y_pred"),
    ),
    Contract(
        curves.probability_of_truth,
        {"y_true": [1, 0], "y_pred": [0.9, 0.9]},
        {
            "y_true": array([0.5, 1.0], [2.0], [NAN], [1, 0, 1]),
            "y_pred": array([1.5], [NAN], [0.5, 0.5, 0.5]),
        },
        float16=("y_true", "y_pred"),
    ),
    # --- training ---
    Contract(
        training.TrainingConfig,
        {
            "loss": "ce",
            "gamma": 2.0,
            "label_smoothing": 0.1,
            "model": "softmax",
            "hidden_units": 4,
            "optimizer": "adam",
            "learning_rate": 0.01,
            "epochs": 1,
            "batch_size": 4,
            "seed": 0,
        },
        {
            "loss": ["mse", None, 1, "CE"],
            "gamma": real(-1.0),
            "label_smoothing": real(1.0, -0.1),
            "model": ["cnn", None, True],
            "hidden_units": integer(0, 10**12),
            "optimizer": ["rmsprop", None, 0],
            "learning_rate": real(0.0, -1.0),
            "epochs": integer(0),
            "batch_size": integer(0),
            "seed": integer(-1),
        },
    ),  # fmt: skip
    Contract(
        training.Objective,
        {"kind": "ce", "gamma": 2.0, "label_smoothing": 0.0, "weights": None},
        {
            "kind": ["mse", None, 1],
            "gamma": real(-1.0),
            "label_smoothing": real(1.0, -0.1),
            "weights": ["a", [1.0, -1.0], [NAN, 1.0], [[1.0]]],
        },
    ),
    Contract(
        training.stratified_split,
        {"labels": LABELS, "test_fraction": 0.25, "seed": 0},
        {"labels": LABELS_BAD, "test_fraction": real(0.0, 1.0, 1.5), "seed": integer(-1)},
    ),
    Contract(
        training.kept_count,
        {"n_examples": 10, "keep_fraction": 0.5},
        {"n_examples": integer(-1, 10**400), "keep_fraction": real(0.0, 1.5, -0.5)},
    ),
    Contract(
        training.subsample_classes,
        {"labels": LABELS, "classes": [0], "keep_fraction": 0.5, "seed": 0},
        {
            "labels": LABELS_BAD,
            "classes": array([-1], [0.5], [[0]], [NAN], may_be_empty=True),
            "keep_fraction": real(0.0, 1.5),
            "seed": integer(-1),
        },
    ),
    Contract(
        training.class_weights,
        {"labels": LABELS, "n_classes": 3},
        {"labels": [*LABELS_BAD, [0, 0, 2, 2]], "n_classes": integer(0, 2, 10**12)},
    ),
    Contract(
        training.standardize,
        {"train": FEATURES, "test": FEATURES[:3]},
        {
            "train": array(np.full((3, 2), NAN), np.arange(3.0), np.ones((3, 3))),
            "test": array(np.full((3, 2), INF), np.arange(3.0), np.ones((3, 3))),
        },
        float16=("train", "test"),
    ),
    Contract(
        training.make_objective,
        {"config": CONFIG, "train_labels": LABELS, "n_classes": 3},
        {
            "config": [None, "ce", {"loss": "ce"}],
            "train_labels": LABELS_BAD,
            "n_classes": integer(0, 2, 10**12),
        },
    ),
    Contract(
        training.init_params,
        {"n_features": 2, "n_classes": 3, "config": CONFIG, "rng": np.random.default_rng(0)},
        {
            "n_features": integer(0, 10**12),
            "n_classes": integer(0, 10**12),
            "config": [None, "ce"],
            "rng": [None, 0, "a", np.random.RandomState(0)],
        },
    ),
    *[
        Contract(
            fn,
            {"params": PARAMS, "features": FEATURES}
            | ({"labels": LABELS, "objective": OBJECTIVE} if fn is not training.logits else {}),
            {
                "params": [
                    None,
                    {},
                    "weights",
                    {"weights": np.zeros((2, 3))},
                    {"weights": "a", "bias": np.zeros(3)},
                    {"weights": np.zeros((2, 3)), "bias": np.zeros(4)},
                    {"weights": np.full((2, 3), NAN), "bias": np.zeros(3)},
                ],
                "features": [*FEATURES_BAD, WRONG_COLUMNS]
                + ([WRONG_ROWS] if fn is not training.logits else []),
            }
            | (
                {"labels": [*LABELS_BAD, LABELS[:5], np.full(12, 3)], "objective": [None, "ce"]}
                if fn is not training.logits
                else {}
            ),
            float16=("features",),
        )
        for fn in (training.logits, training.model_loss, training.gradients)
    ],  # fmt: skip
    Contract(
        training.class_counts,
        {"labels": LABELS, "n_classes": 3},
        {"labels": LABELS_BAD, "n_classes": integer(0, 2, 10**12)},
    ),
    Contract(
        training.accuracy,
        {"labels": LABELS, "scores": np.eye(3)[LABELS]},
        {
            "labels": [*LABELS_BAD, LABELS[:5], np.full(12, 3)],
            "scores": array(
                np.full((12, 3), NAN), np.arange(12.0), np.ones((5, 3)), np.ones((12, 2))
            ),
        },
        float16=("scores",),
    ),
    Contract(
        training.train,
        {
            "train_features": FEATURES,
            "train_labels": LABELS,
            "test_features": FEATURES,
            "test_labels": LABELS,
            "config": CONFIG,
            "n_classes": None,
            "on_epoch": None,
        },
        {
            "train_features": [*FEATURES_BAD, WRONG_COLUMNS, WRONG_ROWS],
            "train_labels": LABELS_BAD,
            "test_features": [*FEATURES_BAD, WRONG_COLUMNS, WRONG_ROWS],
            "test_labels": LABELS_BAD,
            "config": [None, "adam", {"epochs": 1}],
            "n_classes": without(integer(0, 2), None),
            "on_epoch": [1, "print", True],
        },
        float16=("train_features", "test_features"),
    ),  # fmt: skip
    Contract(
        training.prepare_data,
        {
            "features": FEATURES,
            "labels": LABELS,
            "test_fraction": 0.25,
            "split_seed": 0,
            "reduced_classes": (),
            "keep_fraction": 1.0,
            "subsample_seed": 0,
        },
        {
            "features": [*FEATURES_BAD, WRONG_ROWS],
            "labels": LABELS_BAD,
            "test_fraction": real(0.0, 1.0, 1e-320, 1 - 1e-16),
            "split_seed": integer(-1),
            "reduced_classes": array([3], [-1], [0.5], [[0]], may_be_empty=True),
            "keep_fraction": real(0.0, 1.5),
            "subsample_seed": integer(-1),
        },
        float16=("features",),
    ),  # fmt: skip
    Contract(
        training.highest_losses,
        {"losses": [0.1, 0.5, INF], "count": 2},
        {"losses": array([[0.1]], [NAN, 0.1]), "count": integer(-1)},
        float16=("losses",),
    ),
]
CONTRACT += [
    # --- language models and coding ---
    Contract(
        language.train_ngram,
        {
            "corpus": "abracadabra",
            "order": 2,
            "smoothing": "add_k",
            "k": 0.5,
            "discount": 0.75,
            "alphabet": "xyz",
        },
        {
            "corpus": ["", None, 5, b"ab", ["a", "b"]],
            "order": integer(-1, language.MAX_ORDER + 1),
            "smoothing": ["laplace", "", None, 1, "KNESER_NEY"],
            "k": real(-1.0, 1e7),
            "discount": real(0.0, 1.0, -0.5, 1.5),
            "alphabet": ["", 5, b"ab", ["a"]],
        },
    ),  # fmt: skip
    Contract(
        language.next_distribution,
        {"model": MODEL, "history": "ab"},
        {"model": MODEL_BAD, "history": [None, 5, b"ab", "az"]},
    ),
    Contract(
        language.score_text,
        {"model": MODEL, "text": "abra", "base": 2, "top": 2},
        {"model": MODEL_BAD, "text": TEXT_BAD, "base": BASE, "top": integer(0, 1001)},
    ),
    Contract(
        language.sample_text,
        {"model": MODEL, "length": 5, "temperature": 0.5, "seed": 1, "prompt": "ab"},
        {
            "model": MODEL_BAD,
            "length": integer(0, 10**6),
            "temperature": real(0.0, -1.0, 1e3),
            "seed": integer(-1),
            "prompt": [None, 5, b"ab", "az"],
        },
    ),
    Contract(
        language.perplexity,
        {"cross_entropy": 1.37, "base": math.e},
        {"cross_entropy": real(-0.5, 1e5), "base": BASE},
    ),
    Contract(
        language.cross_entropy_from_perplexity,
        {"perplexity": 3.9, "base": 2},
        {"perplexity": real(0.5, 0.0, -1.0), "base": BASE},
    ),
    Contract(
        language.uniform_loss,
        {"vocabulary_size": 50257, "base": math.e},
        {"vocabulary_size": integer(0, -3), "base": BASE},
    ),
    Contract(
        coding.integer_frequencies,
        {"probabilities": [0.5, 0.25, 0.25, 0.0]},
        {"probabilities": array([0.0, 0.0], [NAN, 0.5], [1.5, -0.5], [[0.5, 0.5]])},
        float16=("probabilities",),
    ),
    Contract(
        coding.arithmetic_encode,
        {"model": MODEL, "text": "abracadabra"},
        {"model": MODEL_BAD, "text": TEXT_BAD},
    ),
    Contract(
        coding.arithmetic_decode,
        {"model": MODEL, "code": coding.arithmetic_encode(MODEL, "abra")},
        {"model": MODEL_BAD, "code": [None, b"\x00", "abra", coding.ArithmeticCode(b"", 0, 0)]},
    ),
    Contract(coding.compressed_bits, {"text": "abracadabra"}, {"text": ["", None, 5, b"ab"]}),
]
BY_NAME = {contract.name: contract for contract in CONTRACT}
CLASSES_WITH_A_CONTRACT = {training.TrainingConfig, training.Objective}


def public_functions() -> set:
    """Every public function of ce_core: the functions in ``cc.__all__`` and those defined in the
    topic modules, found by introspection."""
    found = {getattr(cc, name) for name in cc.__all__ if inspect.isfunction(getattr(cc, name))}
    for module in TOPIC_MODULES:
        for name, value in vars(module).items():
            if (
                not name.startswith("_")
                and inspect.isfunction(value)
                and value.__module__ == module.__name__
            ):
                found.add(value)
    return found


def parameters(function) -> list[str]:
    if inspect.isclass(function):
        return [f.name for f in fields(function)]
    return list(inspect.signature(function).parameters)


def test_every_public_function_has_a_contract():
    covered = {contract.function for contract in CONTRACT}
    missing = sorted(f"{f.__module__}.{f.__name__}" for f in public_functions() - covered)
    assert not missing, f"public functions without an entry in CONTRACT: {missing}"
    assert covered - public_functions() == CLASSES_WITH_A_CONTRACT
    assert len(BY_NAME) == len(CONTRACT), "two entries for the same function"


@pytest.mark.parametrize("name", list(BY_NAME))
def test_every_parameter_has_bad_values_and_the_valid_call_works(name):
    contract = BY_NAME[name]
    params = parameters(contract.function)
    assert set(contract.valid) == set(params), "the valid call must give every parameter"
    assert set(contract.bad) == set(params), "every parameter needs bad values"
    assert all(contract.bad.values()), "every parameter needs at least one bad value"
    contract.function(**contract.valid)


BAD_CALLS = [
    pytest.param(name, parameter, index, id=f"{name}-{parameter}-{index}")
    for name, contract in BY_NAME.items()
    for parameter, values in contract.bad.items()
    for index in range(len(values))
]


@pytest.mark.filterwarnings("error")
@pytest.mark.parametrize(("name", "parameter", "index"), BAD_CALLS)
def test_bad_argument_raises_input_error_naming_the_parameter(name, parameter, index):
    contract = BY_NAME[name]
    value = contract.bad[parameter][index]
    arguments = contract.valid | {parameter: value}
    with pytest.raises(cc.InputError) as problem:
        contract.function(**arguments)
    message = str(problem.value)
    assert parameter in message, f"{parameter}={value!r}: {message}"


FLOAT16_CALLS = [
    pytest.param(name, parameter, id=f"{name}-{parameter}")
    for name, contract in BY_NAME.items()
    for parameter in contract.float16
]


def _numbers_in(result):
    if isinstance(result, tuple):  # incl. NamedTuple-like results
        for item in result:
            yield from _numbers_in(item)
    elif hasattr(result, "__dataclass_fields__"):
        for f in fields(result):
            yield from _numbers_in(getattr(result, f.name))
    elif isinstance(result, dict):
        for item in result.values():
            yield from _numbers_in(item)
    elif isinstance(result, np.ndarray | np.floating | float):
        yield result


@pytest.mark.parametrize(("name", "parameter"), FLOAT16_CALLS)
def test_float16_is_accepted_and_computed_in_float64(name, parameter):
    contract = BY_NAME[name]
    value = np.asarray(contract.valid[parameter], dtype=np.float16)
    result = contract.function(**(contract.valid | {parameter: value}))
    for number in _numbers_in(result):
        if isinstance(number, np.ndarray | np.floating) and number.dtype.kind == "f":
            assert number.dtype == np.float64, (parameter, number.dtype)


FLAG_FUNCTIONS = [c.name for c in CONTRACT if "from_logits" in c.valid]


@pytest.mark.parametrize("name", FLAG_FUNCTIONS)
@pytest.mark.parametrize("flag", [True, False, np.True_, np.False_])
def test_real_booleans_are_flags(name, flag):
    contract = BY_NAME[name]
    arguments = dict(contract.valid, from_logits=flag)
    if bool(flag) and "y_pred" in arguments:
        arguments["y_pred"] = Z if "y_true" in arguments and arguments["y_true"] is Y else B_LOGIT
    expected = dict(arguments, from_logits=bool(flag))
    np.testing.assert_array_equal(contract.function(**arguments), contract.function(**expected))
