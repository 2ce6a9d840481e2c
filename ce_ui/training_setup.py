"""The Training page's settings and results, without Streamlit: its URL fields and presets, the
training configurations they ask for, and the summary of a trained run that the page shows.

Every number in a :class:`Summary` is computed by ``ce_core`` from the cached run.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

import ce_core as cc
from ce_core import calibration, training
from ce_ui import digits, fields
from ce_ui.url_state import ChoiceRule, Field, InvalidValue, dump_integer_list, integer_list

NO_COMPARISON = "none"
BATCH_SIZES = (8, 16, 32, 64, 128, 256)
HIDDEN_UNITS = training.TrainingConfig().hidden_units
RELIABILITY_BINS = 10
GALLERY_SIZE = 8
GALLERY_SCALE = 12  # each 8×8 digit is shown 96 × 96 pixels
CALIBRATED_WITHIN = 0.005  # a mean confidence this close to the accuracy counts as calibrated
VIEWS = ("curves", "recall", "calibration", "confusion", "gallery")


class IntegerSetRule:
    """The parse rule of a set of whole numbers in ``[low, high]`` (``0,3,4`` in a link, empty for
    none; :func:`ce_ui.url_state.integer_list`), with the ``options`` a multiselect offers."""

    def __init__(self, low: int, high: int) -> None:
        self.low, self.high = low, high
        self.options = tuple(range(low, high + 1))
        self._parse = integer_list(low, high)

    def __call__(self, text: str) -> list[int]:
        return self._parse(text)


class SizeRule(ChoiceRule):
    """The parse rule of one of a few whole numbers (the batch sizes): the options are the
    numbers themselves, for a select slider."""

    def __call__(self, text: str) -> int:
        if text.strip() not in {str(option) for option in self.options}:
            raise InvalidValue("rule_choice", options=", ".join(map(str, self.options)))
        return int(text.strip())


# Every input declared once, with its bounds: the widgets and the link read the same ones.
LOSS = fields.choice_field("loss", "ce", training.LOSSES)
COMPARE = fields.choice_field("compare", "smoothing", (NO_COMPARISON, *training.LOSSES))
GAMMA = fields.number_field("gamma", 2.0, 0.0, 5.0, step=0.1)
SMOOTHING = fields.number_field("smoothing", 0.1, 0.0, 0.5, step=0.01)
IMBALANCE = fields.number_field("imbalance", 1.0, 0.01, 1.0, step=0.01)
RARE = Field("rare", [0, 1, 2, 3, 4], IntegerSetRule(0, 9), dump_integer_list)
MODEL = fields.choice_field("model", "softmax", training.MODELS)
OPTIMIZER = fields.choice_field("opt", "adam", training.OPTIMIZERS)
LR = fields.number_field("lr", 0.01, 0.0001, 1.0, step=0.001)
EPOCHS = fields.number_field("epochs", 30, 1, 200, integer=True)
BATCH = Field("batch", 32, SizeRule(BATCH_SIZES))
SEED = fields.number_field("seed", 0, 0, 99999, integer=True)
VIEW = fields.choice_field("view", "curves", VIEWS)
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


def apply_preset(page, name: str) -> None:
    """A preset button's ``on_click``: set the preset's settings (``page`` needs only the Frame's
    ``set_value``)."""
    for field, value in PRESETS[name]:
        page.set_value(field, value)


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


def configs_from(page, losses: list[str]) -> list[training.TrainingConfig]:
    """:func:`make_configs` from the page's current values (``page`` needs only the Frame's
    ``value``)."""
    return make_configs(
        losses,
        model=page.value(MODEL),
        optimizer=page.value(OPTIMIZER),
        learning_rate=page.value(LR),
        epochs=page.value(EPOCHS),
        batch_size=page.value(BATCH),
        seed=page.value(SEED),
        gamma=page.value(GAMMA),
        smoothing=page.value(SMOOTHING),
    )


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
