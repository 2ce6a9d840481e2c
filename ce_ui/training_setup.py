"""The Training page's settings and results, without Streamlit: its URL fields and presets, the
training configurations they ask for, and the summary of a trained run that the page shows.

Every number in a :class:`Summary` is computed by ``ce_core`` from the cached run.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

import ce_core as cc
from ce_core import calibration, training
from ce_ui import digits
from ce_ui.url_state import Field, choice, dump_integer_list, format_number, integer_list, number

NO_COMPARISON = "none"
BATCH_SIZES = (8, 16, 32, 64, 128, 256)
HIDDEN_UNITS = training.TrainingConfig().hidden_units
RELIABILITY_BINS = 10
GALLERY_SIZE = 8
GALLERY_SCALE = 12  # each 8×8 digit is shown 96 × 96 pixels
CALIBRATED_WITHIN = 0.005  # a mean confidence this close to the accuracy counts as calibrated
VIEWS = ("curves", "recall", "calibration", "confusion", "gallery")

LOSS = Field("loss", "ce", choice(training.LOSSES))
COMPARE = Field("compare", "smoothing", choice((NO_COMPARISON, *training.LOSSES)))
GAMMA = Field("gamma", 2.0, number(0, 5), format_number)
SMOOTHING = Field("smoothing", 0.1, number(0, 0.5), format_number)
IMBALANCE = Field("imbalance", 1.0, number(0.01, 1), format_number)
RARE = Field("rare", [0, 1, 2, 3, 4], integer_list(0, 9), dump_integer_list)
MODEL = Field("model", "softmax", choice(training.MODELS))
OPTIMIZER = Field("opt", "adam", choice(training.OPTIMIZERS))
LR = Field("lr", 0.01, number(0.0001, 1), format_number)
EPOCHS = Field("epochs", 30, number(1, 200, integer=True))
BATCH = Field("batch", 32, lambda text: int(choice([str(size) for size in BATCH_SIZES])(text)))
SEED = Field("seed", 0, number(0, 99999, integer=True))
VIEW = Field("view", "curves", choice(VIEWS))
# The widgets' bounds and steps, beside their fields' (the fields clamp what a link brings).
SLIDERS = {
    "gamma": {"min_value": 0.0, "max_value": 5.0, "step": 0.1},
    "smoothing": {"min_value": 0.0, "max_value": 0.5, "step": 0.01},
    "imbalance": {"min_value": 0.01, "max_value": 1.0, "step": 0.01},
    "lr": {"min_value": 0.0001, "max_value": 1.0, "step": 0.001},
    "epochs": {"min_value": 1, "max_value": 200},
    "seed": {"min_value": 0, "max_value": 99999, "step": 1},
}
FIELDS = [LOSS, COMPARE, GAMMA, SMOOTHING, IMBALANCE, RARE, MODEL, OPTIMIZER]
FIELDS += [LR, EPOCHS, BATCH, SEED, VIEW]

PRESETS = {
    "preset_imbalance": (
        (LOSS, "ce"),
        (COMPARE, "weighted"),
        (IMBALANCE, 0.1),
        (RARE, [0, 1, 2, 3, 4]),
        (MODEL, "softmax"),
        (EPOCHS, 30),
        (VIEW, "recall"),
    ),
    "preset_smoothing": (
        (LOSS, "ce"),
        (COMPARE, "smoothing"),
        (SMOOTHING, 0.1),
        (IMBALANCE, 1.0),
        (MODEL, "softmax"),
        (EPOCHS, 30),
        (VIEW, "calibration"),
    ),
    "preset_focal": (
        (LOSS, "ce"),
        (COMPARE, "focal"),
        (GAMMA, 2.0),
        (IMBALANCE, 1.0),
        (MODEL, "softmax"),
        (EPOCHS, 30),
        (VIEW, "calibration"),
    ),
    "preset_network": (
        (LOSS, "ce"),
        (COMPARE, "smoothing"),
        (SMOOTHING, 0.1),
        (IMBALANCE, 1.0),
        (MODEL, "mlp"),
        (EPOCHS, 100),
        (VIEW, "gallery"),
    ),
}
"""Experiments one click away; settings not listed keep their values."""


def losses_to_train(loss: str, compare: str) -> list[str]:
    """The losses to train: the chosen one, and the comparison when it is another loss."""
    return [loss] if compare in (NO_COMPARISON, loss) else [loss, compare]


def data_selection(rare: list[int], imbalance: float) -> tuple[tuple[int, ...], float]:
    """``(rare digits, kept fraction)`` of the training data.

    With every image kept there is no imbalance, whichever digits are selected (and the other way
    round), so these settings share one cached run: ``((), 1.0)``.
    """
    rare_digits = tuple(rare) if imbalance < 1 else ()
    return rare_digits, float(imbalance) if rare_digits else 1.0


def make_configs(
    losses: list[str],
    *,
    model: str,
    optimizer: str,
    learning_rate: float,
    epochs: int,
    batch_size: int,
    seed: int,
    gamma: float,
    smoothing: float,
) -> list[training.TrainingConfig]:
    """One configuration per loss. A loss's own setting goes only into its own run, so that moving
    γ does not retrain the others."""
    own = {"focal": {"gamma": float(gamma)}, "smoothing": {"label_smoothing": float(smoothing)}}
    return [
        training.TrainingConfig(
            loss=name,
            model=model,
            optimizer=optimizer,
            learning_rate=float(learning_rate),
            epochs=int(epochs),
            batch_size=int(batch_size),
            seed=int(seed),
            **own.get(name, {}),
        )
        for name in losses
    ]


@dataclass(frozen=True, eq=False)
class Summary:
    """What the page shows about one trained model, computed by ce_core from its cached run."""

    name: str
    run: digits.Run
    confusion: np.ndarray
    recall: np.ndarray
    rare_recall: float | None
    mean_recall: float
    bins: calibration.ReliabilityBins
    ece: float
    confidence: float
    test_cross_entropy: float
    train_loss: np.ndarray
    test_loss: np.ndarray

    @property
    def history(self) -> training.History:
        return self.run.result.history

    @property
    def final_accuracy(self) -> float:
        return float(self.history.test_accuracy[-1])


def summarize(run: digits.Run, name: str, rare_digits: tuple[int, ...], base: float) -> Summary:
    """The metrics of one run on its test split, with losses in units of ``base``."""
    result, labels = run.result, run.data.test_labels
    confusion = calibration.confusion_matrix(labels, result.test_predictions, run.data.n_classes)
    return Summary(
        name=name,
        run=run,
        confusion=confusion,
        recall=calibration.per_class_recall(confusion),
        rare_recall=calibration.mean_recall(confusion, rare_digits) if rare_digits else None,
        mean_recall=calibration.mean_recall(confusion),
        bins=calibration.reliability_bins(result.test_probabilities, labels, RELIABILITY_BINS),
        ece=calibration.expected_calibration_error(
            result.test_probabilities, labels, RELIABILITY_BINS
        ),
        confidence=calibration.mean_confidence(result.test_probabilities),
        test_cross_entropy=float(
            cc.categorical_cross_entropy(labels, result.test_logits, from_logits=True, base=base)
        ),
        train_loss=cc.nats_to(result.history.train_loss, base),
        test_loss=cc.nats_to(result.history.test_loss, base),
    )


def calibration_verdict(confidence: float, accuracy: float) -> str:
    """``"calibrated"``, ``"overconfident"`` or ``"underconfident"``: the mean confidence against
    the accuracy, within :data:`CALIBRATED_WITHIN`."""
    gap = confidence - accuracy
    if abs(gap) < CALIBRATED_WITHIN:
        return "calibrated"
    return "overconfident" if gap > 0 else "underconfident"


def hardest_examples(summary: Summary, base: float) -> tuple[np.ndarray, np.ndarray]:
    """Indices (into the test split) of the :data:`GALLERY_SIZE` highest test losses, and those
    losses in units of ``base``."""
    losses = summary.run.result.test_cross_entropy
    hardest = training.highest_losses(losses, GALLERY_SIZE)
    return hardest, cc.nats_to(losses[hardest], base)
