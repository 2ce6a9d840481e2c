"""How good and how honest a classifier's probabilities are: confusion matrix, per-class recall,
reliability diagram and expected calibration error. Pure NumPy.

A model is *calibrated* when, among the predictions it makes with confidence about 0.8, about 80 %
are right. The reliability diagram sorts predictions into confidence bins and compares each bin's
mean confidence with its accuracy; the expected calibration error (Guo et al., 2017) is the
average gap, weighted by how many predictions fall in each bin.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike

from ce_core._validation import (
    InputError,
    check_array,
    check_int,
    check_label_vector,
    check_rows_sum_to_one,
)

MAX_BINS = 10_000
"""The most confidence bins :func:`reliability_bins` makes."""

MAX_CONFUSION_CLASSES = 4096
"""The most classes :func:`confusion_matrix` counts (its matrix has ``n_classes²`` cells)."""

_SOFTMAX_HINT = "apply a softmax to raw scores first"


def _check_probability_rows(probabilities) -> np.ndarray:
    source = probabilities
    probabilities = check_array(
        probabilities, "probabilities", ndim=2, finite=True, what="probabilities"
    )
    if probabilities.shape[1] < 2:
        raise InputError(
            f"probabilities must have shape (N, C) with N ≥ 1 and C ≥ 2, got {probabilities.shape}"
        )
    check_array(
        probabilities, "probabilities", low=0.0, high=1.0, what="probabilities", hint=_SOFTMAX_HINT
    )
    check_rows_sum_to_one(
        probabilities, "probabilities", "every row must sum to 1; " + _SOFTMAX_HINT, source=source
    )
    return probabilities.astype(np.float64, copy=False)


def _check_probabilities(probabilities, labels) -> tuple[np.ndarray, np.ndarray]:
    probabilities = _check_probability_rows(probabilities)
    labels = check_label_vector(labels, "labels", probabilities.shape[1])
    if labels.size != probabilities.shape[0]:
        raise InputError(
            f"labels has {labels.size} entries but probabilities has {probabilities.shape[0]} "
            "rows; give one label per row"
        )
    return probabilities, labels


def _check_confusion(confusion) -> np.ndarray:
    confusion = check_array(confusion, "confusion", ndim=2, finite=True, low=0.0, what="counts")
    if confusion.shape[0] != confusion.shape[1]:
        raise InputError(f"confusion must be a square matrix, got shape {confusion.shape}")
    return confusion


@dataclass(frozen=True)
class ReliabilityBins:
    """Predictions grouped by confidence into equal-width bins ``(edges[b], edges[b + 1]]``
    (the first bin also holds confidence 0).

    ``confidence`` and ``accuracy`` are the mean confidence and the share of correct predictions in
    each bin; both are NaN for an empty bin.
    """

    edges: np.ndarray
    counts: np.ndarray
    confidence: np.ndarray
    accuracy: np.ndarray

    @property
    def gap(self) -> np.ndarray:
        """``accuracy − confidence`` per bin: negative where the model is overconfident."""
        return self.accuracy - self.confidence


def reliability_bins(
    probabilities: ArrayLike, labels: ArrayLike, n_bins: int = 10
) -> ReliabilityBins:
    """Sort predictions into confidence bins, for a reliability diagram.

    The confidence of a prediction is its largest probability, ``max_c p_c``; it is correct when
    that class (the first one, on a tie) is the label.

    Parameters
    ----------
    probabilities : array of float, shape (N, C)
        Predicted class probabilities, rows summing to 1.
    labels : array of int, shape (N,)
        True class indices.
    n_bins : int
        Number of equal-width bins over [0, 1], ≥ 1.

    Returns
    -------
    ReliabilityBins
    """
    probabilities, labels = _check_probabilities(probabilities, labels)
    n_bins = check_int(n_bins, "n_bins", low=1, high=MAX_BINS)
    confidence = probabilities.max(axis=1)
    correct = (probabilities.argmax(axis=1) == labels).astype(np.float64)
    edges = np.linspace(0.0, 1.0, n_bins + 1)
    bins = np.clip(np.searchsorted(edges, confidence, side="left") - 1, 0, n_bins - 1)
    counts = np.bincount(bins, minlength=n_bins)
    with np.errstate(invalid="ignore", divide="ignore"):
        mean_confidence = np.bincount(bins, confidence, n_bins) / counts
        bin_accuracy = np.bincount(bins, correct, n_bins) / counts
    empty = counts == 0
    mean_confidence[empty] = np.nan
    bin_accuracy[empty] = np.nan
    return ReliabilityBins(edges, counts, mean_confidence, bin_accuracy)


def expected_calibration_error(
    probabilities: ArrayLike, labels: ArrayLike, n_bins: int = 10
) -> float:
    """Expected calibration error, ``ECE = Σ_b (n_b / N) · |acc_b − conf_b|``.

    The bins are those of :func:`reliability_bins`. ECE is 0 for a perfectly calibrated model and
    at most 1.
    """
    bins = reliability_bins(probabilities, labels, n_bins)
    filled = bins.counts > 0
    weights = bins.counts[filled] / bins.counts.sum()
    return float(np.sum(weights * np.abs(bins.gap[filled])))


def confusion_matrix(labels: ArrayLike, predictions: ArrayLike, n_classes: int) -> np.ndarray:
    """Counts ``M[i, j]`` of examples of true class ``i`` predicted as class ``j``.

    Rows are true classes and columns predictions (scikit-learn's convention), so the diagonal
    holds the correct predictions and each row sums to the number of examples of that class.
    """
    n_classes = check_int(
        n_classes,
        "n_classes",
        low=1,
        high=MAX_CONFUSION_CLASSES,
        hint="the matrix has n_classes² cells",
    )
    labels = check_label_vector(labels, "labels", n_classes)
    predictions = check_label_vector(predictions, "predictions", n_classes)
    if labels.size != predictions.size:
        raise InputError(
            f"labels has {labels.size} entries but predictions has {predictions.size}; they "
            "must match one to one"
        )
    return np.bincount(labels * n_classes + predictions, minlength=n_classes**2).reshape(
        n_classes, n_classes
    )


def per_class_recall(confusion: ArrayLike) -> np.ndarray:
    """Recall of every class, ``M[c, c] / Σ_j M[c, j]``: the share of its examples found.

    NaN for a class without examples.
    """
    confusion = _check_confusion(confusion)
    totals = confusion.sum(axis=1)
    recall = np.full(totals.shape, np.nan)
    present = totals > 0
    recall[present] = np.diag(confusion)[present] / totals[present]
    return recall


def mean_recall(confusion: ArrayLike, classes: Sequence[int] | None = None) -> float:
    """Mean of :func:`per_class_recall` over ``classes`` (all classes by default, which is the
    balanced accuracy); classes without examples are left out. NaN if none has examples."""
    recall = per_class_recall(confusion)
    if classes is not None:
        classes = check_array(classes, "classes", kind="int", ndim=1)
        if not np.all((classes >= 0) & (classes < recall.size)):
            raise InputError(
                f"classes must be between 0 and {recall.size - 1}, got {classes.tolist()}"
            )
        recall = recall[classes]
    recall = recall[~np.isnan(recall)]
    return float(recall.mean()) if recall.size else float("nan")


def mean_confidence(probabilities: ArrayLike) -> float:
    """Mean over the predictions of their confidence ``max_c p_c``."""
    probabilities = _check_probability_rows(probabilities)
    return float(probabilities.max(axis=1).mean())


def most_frequent_mistake(confusion: ArrayLike) -> tuple[int, int, int] | None:
    """The off-diagonal cell with the largest count, as ``(true class, predicted class, count)``
    (the first in row-major order on a tie); ``None`` when there is no mistake."""
    confusion = _check_confusion(confusion)
    mistakes = confusion.copy()
    np.fill_diagonal(mistakes, 0)
    true_class, predicted = np.unravel_index(np.argmax(mistakes), mistakes.shape)
    count = int(mistakes[true_class, predicted])
    return (int(true_class), int(predicted), count) if count > 0 else None
