"""ce_core.calibration: reliability bins, expected calibration error, confusion matrix, recall."""

import numpy as np
import pytest
from sklearn.metrics import confusion_matrix as sklearn_confusion_matrix
from sklearn.metrics import recall_score

from ce_core import calibration


def two_class(confidences, correct):
    """Binary predictions with the given confidence in class 0; label 0 where ``correct``."""
    confidences = np.asarray(confidences, dtype=np.float64)
    probabilities = np.column_stack([confidences, 1 - confidences])
    labels = np.where(correct, 0, 1)
    return probabilities, labels


def test_perfectly_calibrated_predictions_have_zero_ece():
    # 10 predictions at 0.8 with 8 right, 5 at 0.6 with 3 right, 4 at 1.0 all right.
    confidences = [0.8] * 10 + [0.6] * 5 + [1.0] * 4
    correct = [True] * 8 + [False] * 2 + [True] * 3 + [False] * 2 + [True] * 4
    probabilities, labels = two_class(confidences, correct)
    assert calibration.expected_calibration_error(probabilities, labels) == pytest.approx(
        0, abs=1e-12
    )


def test_ece_of_a_known_case():
    # Bin (0.8, 0.9]: 4 predictions at 0.9, 2 right → gap 0.4; bin (0.6, 0.7]: 2 at 0.7, both
    # right → gap 0.3. ECE = 4/6 · 0.4 + 2/6 · 0.3 = 0.3667.
    probabilities, labels = two_class([0.9] * 4 + [0.7] * 2, [True, True, False, False, True, True])
    assert calibration.expected_calibration_error(probabilities, labels) == pytest.approx(
        4 / 6 * 0.4 + 2 / 6 * 0.3
    )


def test_always_right_and_sure_is_calibrated_and_always_right_but_unsure_is_not():
    sure, labels = two_class([1.0] * 5, [True] * 5)
    assert calibration.expected_calibration_error(sure, labels) == 0
    unsure, labels = two_class([0.55] * 5, [True] * 5)
    assert calibration.expected_calibration_error(unsure, labels) == pytest.approx(0.45)


def test_reliability_bins():
    probabilities = np.array(
        [
            [0.3, 0.3, 0.4],  # confidence 0.4 → bin (0.3, 0.4], wrong (label 0)
            [0.35, 0.35, 0.3],  # 0.35, argmax is the first maximum, class 0: right
            [0.95, 0.05, 0.0],  # 0.95 → last bin, right
            [0.0, 1.0, 0.0],  # 1.0 → last bin, wrong (label 2)
        ]
    )
    labels = np.array([0, 0, 0, 2])
    bins = calibration.reliability_bins(probabilities, labels, n_bins=10)
    assert bins.edges == pytest.approx(np.linspace(0, 1, 11))
    assert bins.counts.tolist() == [0, 0, 0, 2, 0, 0, 0, 0, 0, 2]
    assert bins.confidence[3] == pytest.approx(0.375)
    assert bins.accuracy[3] == 0.5
    assert bins.confidence[9] == pytest.approx(0.975)
    assert bins.accuracy[9] == 0.5
    assert np.isnan(bins.confidence[0]) and np.isnan(bins.accuracy[5])
    assert bins.gap[9] == pytest.approx(-0.475)


def test_a_confidence_on_an_edge_goes_to_the_lower_bin():
    probabilities, labels = two_class([0.7, 0.5], [True, True])
    bins = calibration.reliability_bins(probabilities, labels, n_bins=10)
    assert bins.counts[6] == 1  # 0.7 is in (0.6, 0.7]
    assert bins.counts[4] == 1  # 0.5 is in (0.4, 0.5]


def test_one_bin_ece_is_the_gap_between_mean_confidence_and_accuracy():
    rng = np.random.default_rng(0)
    logits = rng.normal(size=(50, 4))
    probabilities = np.exp(logits) / np.exp(logits).sum(axis=1, keepdims=True)
    labels = rng.integers(0, 4, 50)
    accuracy = np.mean(probabilities.argmax(axis=1) == labels)
    assert calibration.expected_calibration_error(probabilities, labels, n_bins=1) == (
        pytest.approx(abs(calibration.mean_confidence(probabilities) - accuracy))
    )


def test_confusion_matrix_of_a_known_case():
    labels = np.array([0, 0, 1, 2, 2, 2])
    predictions = np.array([0, 1, 1, 2, 0, 2])
    confusion = calibration.confusion_matrix(labels, predictions, 3)
    assert confusion.tolist() == [[1, 1, 0], [0, 1, 0], [1, 0, 2]]
    assert calibration.per_class_recall(confusion) == pytest.approx([0.5, 1.0, 2 / 3])
    assert calibration.mean_recall(confusion) == pytest.approx((0.5 + 1 + 2 / 3) / 3)
    assert calibration.mean_recall(confusion, [0, 2]) == pytest.approx((0.5 + 2 / 3) / 2)
    assert calibration.most_frequent_mistake(confusion) == (0, 1, 1)


def test_confusion_matrix_and_recall_agree_with_scikit_learn():
    rng = np.random.default_rng(4)
    labels, predictions = rng.integers(0, 6, 300), rng.integers(0, 6, 300)
    confusion = calibration.confusion_matrix(labels, predictions, 6)
    assert np.array_equal(confusion, sklearn_confusion_matrix(labels, predictions, labels=range(6)))
    assert calibration.per_class_recall(confusion) == pytest.approx(
        recall_score(labels, predictions, average=None)
    )


def test_recall_of_a_class_without_examples_is_nan_and_left_out_of_means():
    confusion = calibration.confusion_matrix(np.array([0, 0, 2]), np.array([0, 1, 2]), 3)
    recall = calibration.per_class_recall(confusion)
    assert recall[0] == 0.5 and np.isnan(recall[1]) and recall[2] == 1
    assert calibration.mean_recall(confusion) == pytest.approx(0.75)
    assert np.isnan(calibration.mean_recall(confusion, [1]))


def test_most_frequent_mistake():
    assert calibration.most_frequent_mistake(np.eye(3, dtype=int) * 5) is None
    confusion = np.array([[5, 0, 2], [3, 4, 0], [0, 3, 9]])
    assert calibration.most_frequent_mistake(confusion) == (1, 0, 3)  # first of the two 3s


def test_mean_confidence():
    assert calibration.mean_confidence([[0.7, 0.3], [0.4, 0.6]]) == pytest.approx(0.65)


@pytest.mark.parametrize(
    ("probabilities", "labels", "message"),
    [
        ([[0.7, 0.2]], [0], "row 0 sums to 0.9"),
        ([[1.2, -0.2]], [0], r"\[0, 1\]"),
        ([[np.nan, 1.0]], [0], r"probabilities\[0, 0\] is nan"),
        ([0.5, 0.5], [0], "shape"),
        ([[0.5, 0.5]], [2], "class 2"),
        ([[0.5, 0.5]], [0, 1], "one label per row"),
        ([[0.5, 0.5]], [0.5], "integer"),
    ],
)
def test_bad_probabilities_or_labels_are_refused(probabilities, labels, message):
    with pytest.raises(ValueError, match=message):
        calibration.expected_calibration_error(probabilities, labels)


def test_bad_arguments_are_refused():
    with pytest.raises(ValueError, match="n_bins"):
        calibration.reliability_bins([[0.5, 0.5]], [0], n_bins=0)
    with pytest.raises(ValueError, match="match one to one"):
        calibration.confusion_matrix([0, 1], [0], 2)
    with pytest.raises(ValueError, match="n_classes is 2"):
        calibration.confusion_matrix([0, 1], [0, 2], 2)
    with pytest.raises(ValueError, match="square"):
        calibration.per_class_recall(np.ones((2, 3)))
    with pytest.raises(ValueError, match="classes must be between"):
        calibration.mean_recall(np.eye(2), [3])
