"""Training a classifier with ce_core's losses: data split, imbalance, model, optimiser, history.

Everything here is pure NumPy and deterministic given its seeds. The model is softmax regression
(``logits = x W + b``) or a network with one hidden ReLU layer
(``logits = relu(x W₁ + b₁) W₂ + b₂``). Its parameters are fitted by mini-batch SGD or Adam to one
of four objectives, each evaluated by ce_core's loss functions and differentiated by its gradient
functions (the chain rule through the layers is done here):

- ``"ce"``: cross-entropy, :func:`ce_core.categorical_cross_entropy`;
- ``"focal"``: softmax focal loss ``−(1 − p_y)^γ log p_y``, :func:`ce_core.categorical_focal_loss`;
- ``"weighted"``: cross-entropy with class weights ``w_c = N / (C · N_c)`` from the training
  labels (rare classes weigh more; PyTorch's weighted mean divides by ``Σ w[y_i]``);
- ``"smoothing"``: cross-entropy against the smoothed target ``(1 − ε)·onehot + ε/C``.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

import ce_core as cc
from ce_core._validation import (
    MAX_EXACT_INT,
    InputError,
    check_array,
    check_choice,
    check_instance,
    check_int,
    check_label_vector,
    check_scalar,
)

LOSSES = ("ce", "focal", "weighted", "smoothing")
"""The objectives :func:`train` can minimise."""

MODELS = ("softmax", "mlp")
"""Softmax regression, or a network with one hidden ReLU layer."""

OPTIMIZERS = ("sgd", "adam")

MAX_CLASSES = 10_000
"""The most classes a model is made for."""

MAX_PARAMETERS = 100_000_000
"""The most weights a model may have (they are kept in memory, with Adam's two copies)."""

MAX_COUNT = MAX_EXACT_INT
"""The largest count of examples (float64 holds every whole number up to it)."""

ADAM_BETAS = (0.9, 0.999)
ADAM_EPSILON = 1e-8


class TrainingDiverged(InputError):
    """The parameters overflowed (usually a learning rate too large); ``epoch`` is where. An
    :class:`~ce_core.InputError` (so a ``ValueError``) whose message names ``learning_rate``."""

    def __init__(self, epoch: int) -> None:
        super().__init__(
            f"training diverged in epoch {epoch}: the weights overflowed; use a smaller "
            "learning_rate"
        )
        self.epoch = epoch


@dataclass(frozen=True)
class TrainingConfig:
    """Every setting of a training run; equal configs on equal data give identical results.

    Parameters
    ----------
    loss : {"ce", "focal", "weighted", "smoothing"}
        The objective minimised (see the module docstring).
    gamma : float
        Focusing parameter γ ≥ 0 of the focal loss (used when ``loss="focal"``).
    label_smoothing : float
        Smoothing ε in [0, 1) (used when ``loss="smoothing"``).
    model : {"softmax", "mlp"}
        Softmax regression, or one hidden ReLU layer of ``hidden_units`` units.
    hidden_units : int
        Width of the hidden layer of ``"mlp"``.
    optimizer : {"sgd", "adam"}
        Plain mini-batch gradient descent ``θ ← θ − η g``, or Adam (β = 0.9, 0.999).
    learning_rate : float
        Step size η > 0.
    epochs : int
        Passes over the training set, ≥ 1.
    batch_size : int
        Examples per gradient step, ≥ 1 (the last batch of an epoch may be smaller).
    seed : int
        Seed of the initial weights and of the order of the examples in every epoch.
    """

    loss: str = "ce"
    gamma: float = 2.0
    label_smoothing: float = 0.1
    model: str = "softmax"
    hidden_units: int = 64
    optimizer: str = "adam"
    learning_rate: float = 0.01
    epochs: int = 30
    batch_size: int = 32
    seed: int = 0

    def __post_init__(self) -> None:
        check_choice(self.loss, "loss", LOSSES)
        check_choice(self.model, "model", MODELS)
        check_choice(self.optimizer, "optimizer", OPTIMIZERS)
        check_scalar(self.gamma, "gamma", low=0.0)
        check_scalar(self.label_smoothing, "label_smoothing", low=0.0, high=1.0, high_open=True)
        check_scalar(self.learning_rate, "learning_rate", low=0.0, low_open=True)
        check_int(self.hidden_units, "hidden_units", low=1, high=MAX_PARAMETERS)
        for name in ("epochs", "batch_size"):
            check_int(getattr(self, name), name, low=1)
        check_int(self.seed, "seed", low=0)


def _check_features(
    features, name: str, n_examples: int | None = None, labels_name: str = "labels"
) -> np.ndarray:
    features = np.asarray(check_array(features, name, min_size=0), dtype=np.float64)
    if features.ndim != 2 or (n_examples is not None and features.shape[0] != n_examples):
        rows = "" if n_examples is None else f" with N = {n_examples} rows (one per {labels_name})"
        raise InputError(f"{name} must have shape (N, F){rows}, got {features.shape}")
    if features.size == 0:
        raise InputError(f"{name} is empty; pass at least one example with one feature")
    if not np.all(np.isfinite(features)):
        raise InputError(f"{name} contains NaN or infinite values; features must be finite")
    return features


def _check_fraction(value, name: str, *, high_open: bool) -> float:
    return check_scalar(value, name, low=0.0, high=1.0, low_open=True, high_open=high_open)


def _check_params(params, features: np.ndarray | None = None) -> None:
    """Model parameters as :func:`init_params` makes them, matching ``features``' columns."""
    check_instance(params, "params", dict, "the parameters from init_params or a TrainingResult")
    names = ("weights", "bias")
    if "hidden_weights" in params:
        names = ("hidden_weights", "hidden_bias", *names)
    for name in names:
        if name not in params:
            raise InputError(f"params has no {name!r}; pass the parameters from init_params")
        check_array(
            params[name],
            f"params[{name!r}]",
            ndim=2 if "weights" in name else 1,
            finite=True,
            what="parameters",
        )
    layers = [("weights", "bias")]
    if "hidden_weights" in params:
        layers.insert(0, ("hidden_weights", "hidden_bias"))
    for weights, bias in layers:
        if np.shape(params[bias])[0] != np.shape(params[weights])[1]:
            raise InputError(
                f"params[{bias!r}] has {np.shape(params[bias])[0]} entries but "
                f"params[{weights!r}] has {np.shape(params[weights])[1]} columns; they must match"
            )
    if len(layers) == 2 and np.shape(params["weights"])[0] != np.shape(params["hidden_bias"])[0]:
        raise InputError(
            f"params['weights'] has {np.shape(params['weights'])[0]} rows but the hidden layer "
            f"has {np.shape(params['hidden_bias'])[0]} units; they must match"
        )
    first = params[names[0]]
    if features is not None and np.shape(first)[0] != features.shape[1]:
        raise InputError(
            f"features have {features.shape[1]} columns but params[{names[0]!r}] expects "
            f"{np.shape(first)[0]}; pass the features the model was made for"
        )


def _check_objective(objective) -> None:
    check_instance(objective, "objective", Objective, "make one with make_objective")


def _round_half_up(value: float) -> int:
    return int(math.floor(value + 0.5))


def stratified_split(
    labels: np.ndarray, test_fraction: float = 0.25, seed: int = 0
) -> tuple[np.ndarray, np.ndarray]:
    """Indices of a train/test split that keeps every class's share in both parts.

    Each class ``c`` with ``N_c`` examples sends ``round(N_c · test_fraction)`` of them (rounding
    halves up), chosen at random, to the test part and the rest to the training part.

    Parameters
    ----------
    labels : array of int, shape (N,)
        Class index of every example.
    test_fraction : float
        Share of each class that goes to the test part, in (0, 1).
    seed : int
        Seed of the random choice; the same seed always gives the same split.

    Returns
    -------
    train_indices, test_indices : arrays of int, sorted
        Positions into ``labels``; together they hold every position exactly once.
    """
    labels = check_label_vector(labels, "labels")
    test_fraction = _check_fraction(test_fraction, "test_fraction", high_open=True)
    seed = check_int(seed, "seed", low=0)
    rng = np.random.default_rng(seed)
    test_parts = []
    for cls in np.unique(labels):
        members = rng.permutation(np.flatnonzero(labels == cls))
        test_parts.append(members[: _round_half_up(members.size * test_fraction)])
    test = np.sort(np.concatenate(test_parts))
    train = np.setdiff1d(np.arange(labels.size), test)
    return train, test


def kept_count(n_examples: int, keep_fraction: float) -> int:
    """How many of a reduced class's ``n_examples`` are kept: ``round(n · keep_fraction)``
    (halves up), at least one when the class has any, so every class stays learnable."""
    n_examples = check_int(n_examples, "n_examples", low=0, high=MAX_COUNT)
    keep_fraction = _check_fraction(keep_fraction, "keep_fraction", high_open=False)
    if n_examples == 0:
        return 0
    return max(1, _round_half_up(n_examples * keep_fraction))


def subsample_classes(
    labels: np.ndarray, classes: Sequence[int], keep_fraction: float, seed: int = 0
) -> np.ndarray:
    """Indices that keep a random ``keep_fraction`` of the examples of ``classes``, and all others.

    Parameters
    ----------
    labels : array of int, shape (N,)
        Class index of every example.
    classes : sequence of int
        The classes made rare. Each keeps :func:`kept_count` of its examples, chosen at random.
    keep_fraction : float
        Share kept, in (0, 1].
    seed : int
        Seed of the random choice.

    Returns
    -------
    array of int, sorted
        Positions into ``labels`` of the examples kept.
    """
    labels = check_label_vector(labels, "labels")
    keep_fraction = _check_fraction(keep_fraction, "keep_fraction", high_open=False)
    classes = check_array(
        classes, "classes", kind="int", ndim=1, min_size=0, low=0, what="class indices"
    )
    classes = np.unique(classes)
    seed = check_int(seed, "seed", low=0)
    rng = np.random.default_rng(seed)
    keep = ~np.isin(labels, classes)
    for cls in classes:
        members = np.flatnonzero(labels == cls)
        chosen = rng.permutation(members)[: kept_count(members.size, keep_fraction)]
        keep[chosen] = True
    return np.flatnonzero(keep)


def class_weights(labels: np.ndarray, n_classes: int) -> np.ndarray:
    """Class weights from class frequencies, ``w_c = N / (C · N_c)``.

    A class half as frequent as average weighs 2, so every class contributes the same total
    weight ``N / C`` (scikit-learn's ``class_weight="balanced"``).

    Raises
    ------
    ValueError
        If a class has no example: its weight would be infinite.
    """
    n_classes = check_int(n_classes, "n_classes", low=1, high=MAX_CLASSES)
    labels = check_label_vector(labels, "labels", n_classes)
    counts = np.bincount(labels, minlength=n_classes)
    missing = np.flatnonzero(counts == 0)
    if missing.size:
        raise InputError(
            f"class {missing[0]} has no example in labels (n_classes is {n_classes}), so it has "
            "no class weight; keep at least one example of every class"
        )
    return labels.size / (n_classes * counts)


def standardize(train: np.ndarray, test: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Scale every feature to mean 0 and standard deviation 1 on the training set,
    ``x' = (x − μ_train) / σ_train``, and apply the same shift and scale to the test set.

    A feature that is constant in training (σ = 0, a pixel that is always blank) is only shifted.
    """
    train = _check_features(train, "train")
    test = _check_features(test, "test")
    if train.shape[1] != test.shape[1]:
        raise InputError(
            f"train and test must be 2-D with the same number of columns, got {train.shape} "
            f"and {test.shape}"
        )
    mean = train.mean(axis=0)
    scale = train.std(axis=0)
    scale[scale == 0] = 1.0
    return (train - mean) / scale, (test - mean) / scale


@dataclass(frozen=True)
class Objective:
    """A loss of the logits, evaluated and differentiated by ce_core.

    ``kind`` is one of :data:`LOSSES`; ``weights`` are the class weights of ``"weighted"``.
    """

    kind: str
    gamma: float = 2.0
    label_smoothing: float = 0.0
    weights: np.ndarray | None = None

    def __post_init__(self) -> None:
        check_choice(self.kind, "kind", LOSSES)
        check_scalar(self.gamma, "gamma", low=0.0)
        check_scalar(self.label_smoothing, "label_smoothing", low=0.0, high=1.0, high_open=True)
        if self.weights is not None:
            check_array(self.weights, "weights", ndim=1, finite=True, low=0.0, what="weights")
        elif self.kind == "weighted":
            raise InputError("weights is None; kind='weighted' needs one weight per class")

    def _ce_options(self) -> dict:
        if self.kind == "weighted":
            return {"weight": self.weights}
        if self.kind == "smoothing":
            return {"label_smoothing": self.label_smoothing}
        return {}

    def loss(self, labels: np.ndarray, logits: np.ndarray) -> float:
        """The mean objective in nats, as :func:`ce_core.categorical_cross_entropy` (from logits)
        or :func:`ce_core.categorical_focal_loss` computes it."""
        if self.kind == "focal":
            value = cc.categorical_focal_loss(labels, logits, gamma=self.gamma, from_logits=True)
        else:
            value = cc.categorical_cross_entropy(
                labels, logits, from_logits=True, **self._ce_options()
            )
        return float(value)

    def gradient(self, labels: np.ndarray, logits: np.ndarray) -> np.ndarray:
        """∂(mean objective)/∂logits, shape (N, C)."""
        if self.kind == "focal":
            return cc.categorical_focal_loss_grad(labels, logits, gamma=self.gamma)
        return cc.cross_entropy_grad(labels, logits, **self._ce_options())


def make_objective(config: TrainingConfig, train_labels: np.ndarray, n_classes: int) -> Objective:
    """The objective ``config`` asks for; class weights come from ``train_labels``."""
    check_instance(config, "config", TrainingConfig)
    n_classes = check_int(n_classes, "n_classes", low=1, high=MAX_CLASSES)
    check_label_vector(train_labels, "train_labels", n_classes)
    weights = class_weights(train_labels, n_classes) if config.loss == "weighted" else None
    return Objective(config.loss, config.gamma, config.label_smoothing, weights)


Params = dict[str, np.ndarray]
"""Model parameters by name: ``weights``, ``bias`` (output layer) and, for the hidden layer of
``"mlp"``, ``hidden_weights``, ``hidden_bias``."""


def init_params(
    n_features: int, n_classes: int, config: TrainingConfig, rng: np.random.Generator
) -> Params:
    """Starting parameters. The output layer starts at zero, so every model starts by predicting
    1/C for every class (cross-entropy ln C); the hidden layer of ``"mlp"`` starts with He-normal
    weights ``N(0, 2 / F)``, which breaks the symmetry between its units."""
    n_features = check_int(n_features, "n_features", low=1, high=MAX_PARAMETERS)
    n_classes = check_int(n_classes, "n_classes", low=1, high=MAX_CLASSES)
    check_instance(config, "config", TrainingConfig)
    width = n_classes if config.model == "softmax" else config.hidden_units
    if n_features * width + width * n_classes > MAX_PARAMETERS:
        raise InputError(
            f"n_features = {n_features} with n_classes = {n_classes} (and hidden_units = "
            f"{config.hidden_units} for 'mlp') makes more than {MAX_PARAMETERS} weights; use "
            "fewer features or a smaller model"
        )
    check_instance(rng, "rng", np.random.Generator, "e.g. np.random.default_rng(0)")
    if config.model == "softmax":
        return {"weights": np.zeros((n_features, n_classes)), "bias": np.zeros(n_classes)}
    hidden = config.hidden_units
    return {
        "hidden_weights": rng.normal(0.0, math.sqrt(2.0 / n_features), (n_features, hidden)),
        "hidden_bias": np.zeros(hidden),
        "weights": np.zeros((hidden, n_classes)),
        "bias": np.zeros(n_classes),
    }


def _hidden(params: Params, features: np.ndarray) -> np.ndarray:
    return np.maximum(features @ params["hidden_weights"] + params["hidden_bias"], 0.0)


def logits(params: Params, features: np.ndarray) -> np.ndarray:
    """The model's class scores ``z``, shape (N, C); probabilities are ``softmax(z)``."""
    return _logits(params, _checked_inputs(params, features))


def _checked_inputs(params, features, *labels_and_objective) -> np.ndarray:
    """``features`` checked against ``params``, and ``(labels, objective)`` when given."""
    features = _check_features(features, "features")
    _check_params(params, features)
    if labels_and_objective:
        labels, objective = labels_and_objective
        n_classes = np.shape(params["weights"])[1]
        labels = check_label_vector(labels, "labels", n_classes)
        if labels.size != features.shape[0]:
            raise InputError(
                f"labels has {labels.size} entries but features has {features.shape[0]} rows; "
                "give one label per row"
            )
        _check_objective(objective)
    return features


def _logits(params: Params, features: np.ndarray) -> np.ndarray:
    if "hidden_weights" in params:
        features = _hidden(params, features)
    return features @ params["weights"] + params["bias"]


def model_loss(
    params: Params, features: np.ndarray, labels: np.ndarray, objective: Objective
) -> float:
    """The mean objective of the model on ``(features, labels)``, in nats."""
    features = _checked_inputs(params, features, labels, objective)
    return objective.loss(labels, _logits(params, features))


def gradients(
    params: Params, features: np.ndarray, labels: np.ndarray, objective: Objective
) -> Params:
    """∂ model_loss / ∂θ for every parameter θ, by the chain rule (backpropagation).

    With ``G = ∂L/∂z`` from ce_core: ``∂L/∂W = aᵀG`` and ``∂L/∂b = Σ_i G_i``, where ``a`` is the
    layer's input; through the hidden layer ``∂L/∂a = G Wᵀ``, masked where the ReLU is off.
    """
    features = _checked_inputs(params, features, labels, objective)
    return _gradients(params, features, labels, objective)


def _gradients(
    params: Params, features: np.ndarray, labels: np.ndarray, objective: Objective
) -> Params:
    if "hidden_weights" not in params:
        grad = objective.gradient(labels, _logits(params, features))
        return {"weights": features.T @ grad, "bias": grad.sum(axis=0)}
    hidden = _hidden(params, features)
    grad = objective.gradient(labels, hidden @ params["weights"] + params["bias"])
    grad_hidden = (grad @ params["weights"].T) * (hidden > 0)
    return {
        "hidden_weights": features.T @ grad_hidden,
        "hidden_bias": grad_hidden.sum(axis=0),
        "weights": hidden.T @ grad,
        "bias": grad.sum(axis=0),
    }


class _Adam:
    """Adam (Kingma & Ba, 2015): steps by bias-corrected running means of g and g²."""

    def __init__(self, params: Params, learning_rate: float) -> None:
        self.learning_rate = learning_rate
        self.first = {name: np.zeros_like(value) for name, value in params.items()}
        self.second = {name: np.zeros_like(value) for name, value in params.items()}
        self.steps = 0

    def step(self, params: Params, grads: Params) -> None:
        beta1, beta2 = ADAM_BETAS
        self.steps += 1
        rate = self.learning_rate * math.sqrt(1 - beta2**self.steps) / (1 - beta1**self.steps)
        for name, grad in grads.items():
            self.first[name] = beta1 * self.first[name] + (1 - beta1) * grad
            self.second[name] = beta2 * self.second[name] + (1 - beta2) * grad**2
            params[name] -= rate * self.first[name] / (np.sqrt(self.second[name]) + ADAM_EPSILON)


class _SGD:
    def __init__(self, params: Params, learning_rate: float) -> None:
        self.learning_rate = learning_rate

    def step(self, params: Params, grads: Params) -> None:
        for name, grad in grads.items():
            params[name] -= self.learning_rate * grad


@dataclass(frozen=True)
class History:
    """Scores after every epoch; index 0 is before training. Losses are the objective in nats."""

    train_loss: np.ndarray
    test_loss: np.ndarray
    train_accuracy: np.ndarray
    test_accuracy: np.ndarray

    @property
    def epochs(self) -> np.ndarray:
        return np.arange(self.train_loss.size)


@dataclass(frozen=True)
class TrainingResult:
    """What :func:`train` returns: the fitted model, its history and its test predictions."""

    config: TrainingConfig
    params: Params
    history: History
    test_logits: np.ndarray
    test_probabilities: np.ndarray
    test_predictions: np.ndarray
    test_cross_entropy: np.ndarray
    """Cross-entropy −log p(true class) of every test example, in nats (whatever the objective)."""
    class_weights: np.ndarray | None


def class_counts(labels: np.ndarray, n_classes: int) -> np.ndarray:
    """Number of examples of each class 0 … n_classes − 1."""
    n_classes = check_int(n_classes, "n_classes", low=1, high=MAX_CLASSES)
    return np.bincount(check_label_vector(labels, "labels", n_classes), minlength=n_classes)


def accuracy(labels: np.ndarray, scores: np.ndarray) -> float:
    """Share of rows whose highest score is at the true label."""
    scores = check_array(scores, "scores", ndim=2, finite="nan")
    labels = check_label_vector(labels, "labels")
    if labels.size != scores.shape[0]:
        raise InputError(
            f"labels has {labels.size} entries but scores has {scores.shape[0]} rows; "
            "give one label per row"
        )
    if labels.max() >= scores.shape[1]:
        raise InputError(
            f"labels holds class {labels.max()}, but scores has only {scores.shape[1]} columns "
            "(one per class)"
        )
    return _accuracy(labels, scores)


def _accuracy(labels: np.ndarray, scores: np.ndarray) -> float:
    return float(np.mean(np.argmax(scores, axis=1) == labels))


def train(
    train_features: np.ndarray,
    train_labels: np.ndarray,
    test_features: np.ndarray,
    test_labels: np.ndarray,
    config: TrainingConfig,
    *,
    n_classes: int | None = None,
    on_epoch: Callable[[int, int], None] | None = None,
) -> TrainingResult:
    """Fit the model of ``config`` to the training set and score it on both sets every epoch.

    Parameters
    ----------
    train_features, test_features : arrays of float, shapes (N, F) and (M, F)
        Inputs, ideally standardised (see :func:`standardize`).
    train_labels, test_labels : arrays of int, shapes (N,) and (M,)
        Class indices.
    config : TrainingConfig
        Model, objective, optimiser and seed.
    n_classes : int, optional
        Number of classes C; by default one more than the largest label.
    on_epoch : callable, optional
        Called as ``on_epoch(epoch, epochs)`` after every epoch (for a progress bar).

    Returns
    -------
    TrainingResult
        Identical for identical inputs: the seed fixes the initial weights and the shuffling.

    Raises
    ------
    TrainingDiverged
        If a weight or a score overflows (a learning rate far too large).
    """
    check_instance(config, "config", TrainingConfig)
    if on_epoch is not None and not callable(on_epoch):
        raise InputError(f"on_epoch must be a function or None, got {on_epoch!r}")
    train_labels = check_label_vector(train_labels, "train_labels")
    test_labels = check_label_vector(test_labels, "test_labels")
    if n_classes is None:
        n_classes = int(max(train_labels.max(), test_labels.max())) + 1
    n_classes = check_int(n_classes, "n_classes", low=1, high=MAX_CLASSES)
    check_label_vector(train_labels, "train_labels", n_classes)
    check_label_vector(test_labels, "test_labels", n_classes)
    train_features = _check_features(
        train_features, "train_features", train_labels.size, "entry of train_labels"
    )
    test_features = _check_features(
        test_features, "test_features", test_labels.size, "entry of test_labels"
    )
    if train_features.shape[1] != test_features.shape[1]:
        raise InputError(
            f"train_features have {train_features.shape[1]} columns but test_features have "
            f"{test_features.shape[1]}; both need the same features"
        )

    objective = make_objective(config, train_labels, n_classes)
    rng = np.random.default_rng(config.seed)
    params = init_params(train_features.shape[1], n_classes, config, rng)
    optimizer_type = _Adam if config.optimizer == "adam" else _SGD
    optimizer = optimizer_type(params, config.learning_rate)

    scores: dict[str, list[float]] = {
        "train_loss": [],
        "test_loss": [],
        "train_accuracy": [],
        "test_accuracy": [],
    }

    def record() -> np.ndarray:
        train_logits = _logits(params, train_features)
        test_logits = _logits(params, test_features)
        scores["train_loss"].append(objective.loss(train_labels, train_logits))
        scores["test_loss"].append(objective.loss(test_labels, test_logits))
        scores["train_accuracy"].append(_accuracy(train_labels, train_logits))
        scores["test_accuracy"].append(_accuracy(test_labels, test_logits))
        return test_logits

    test_logits = record()
    n_train = train_labels.size
    for epoch in range(1, config.epochs + 1):
        order = rng.permutation(n_train)
        try:
            with np.errstate(over="raise", invalid="raise"):
                for start in range(0, n_train, config.batch_size):
                    batch = order[start : start + config.batch_size]
                    optimizer.step(
                        params,
                        _gradients(params, train_features[batch], train_labels[batch], objective),
                    )
                test_logits = record()
        except FloatingPointError:
            raise TrainingDiverged(epoch) from None
        if on_epoch is not None:
            on_epoch(epoch, config.epochs)

    history = History(**{name: np.array(values) for name, values in scores.items()})
    return TrainingResult(
        config=config,
        params=params,
        history=history,
        test_logits=test_logits,
        test_probabilities=cc.softmax(test_logits),
        test_predictions=np.argmax(test_logits, axis=1),
        test_cross_entropy=cc.categorical_cross_entropy(
            test_labels, test_logits, from_logits=True, reduction="none"
        ),
        class_weights=objective.weights,
    )


@dataclass(frozen=True)
class PreparedData:
    """A train/test split ready for :func:`train`: standardised features, and where each example
    came from (``*_indices`` are positions in the original data, e.g. to show its image)."""

    train_features: np.ndarray
    train_labels: np.ndarray
    test_features: np.ndarray
    test_labels: np.ndarray
    train_indices: np.ndarray
    test_indices: np.ndarray
    n_classes: int
    split_train_counts: np.ndarray
    """Training examples of each class after the split, before any was dropped for imbalance."""


def prepare_data(
    features: np.ndarray,
    labels: np.ndarray,
    *,
    test_fraction: float = 0.25,
    split_seed: int = 0,
    reduced_classes: Sequence[int] = (),
    keep_fraction: float = 1.0,
    subsample_seed: int = 0,
) -> PreparedData:
    """Split, make some classes rare in training, and standardise.

    1. :func:`stratified_split` with ``test_fraction`` and ``split_seed`` (the test set does not
       depend on the imbalance, so runs with different settings are scored on the same images);
    2. :func:`subsample_classes` keeps ``keep_fraction`` of the training examples of
       ``reduced_classes`` (seeded by ``subsample_seed``);
    3. :func:`standardize` with the statistics of the training set that remains.
    """
    labels = check_label_vector(labels, "labels")
    features = _check_features(features, "features", labels.size, "entry of labels")
    n_classes = int(labels.max()) + 1
    reduced = check_array(reduced_classes, "reduced_classes", kind="int", ndim=1, min_size=0)
    if not np.all((reduced >= 0) & (reduced < n_classes)):
        raise InputError(
            f"reduced_classes must be classes 0 to {n_classes - 1}, got {reduced.tolist()}"
        )
    test_fraction = _check_fraction(test_fraction, "test_fraction", high_open=True)
    keep_fraction = _check_fraction(keep_fraction, "keep_fraction", high_open=False)
    split_seed = check_int(split_seed, "split_seed", low=0)
    subsample_seed = check_int(subsample_seed, "subsample_seed", low=0)
    train_indices, test_indices = stratified_split(labels, test_fraction, split_seed)
    if not (train_indices.size and test_indices.size):
        part = "test" if not test_indices.size else "training"
        raise InputError(
            f"test_fraction = {test_fraction!r} leaves the {part} part empty "
            f"({labels.size} examples); choose a test_fraction that keeps examples in both"
        )
    split_train_counts = class_counts(labels[train_indices], n_classes)
    kept = subsample_classes(labels[train_indices], reduced, keep_fraction, subsample_seed)
    train_indices = train_indices[kept]
    train_features, test_features = standardize(features[train_indices], features[test_indices])
    return PreparedData(
        train_features=train_features,
        train_labels=labels[train_indices],
        test_features=test_features,
        test_labels=labels[test_indices],
        train_indices=train_indices,
        test_indices=test_indices,
        n_classes=n_classes,
        split_train_counts=split_train_counts,
    )


def highest_losses(losses: np.ndarray, count: int) -> np.ndarray:
    """Positions of the ``count`` largest values of ``losses``, largest first (ties: lower
    position first)."""
    losses = check_array(losses, "losses", ndim=1, finite="nan").astype(np.float64, copy=False)
    count = check_int(count, "count", low=0)
    return np.argsort(-losses, kind="stable")[:count]
