"""ce_core.training: split, imbalance, class weights, standardisation, the model's gradients against
finite differences, determinism, every loss, and the accuracy of the page's default run."""

import math

import numpy as np
import pytest

import ce_core as cc
from ce_core import training
from ce_core.training import TrainingConfig


@pytest.fixture(scope="module")
def digits():
    from sklearn.datasets import load_digits

    bunch = load_digits()
    return bunch.data.astype(np.float64), bunch.target.astype(np.int64)


@pytest.fixture(scope="module")
def digit_split(digits):
    features, labels = digits
    return training.prepare_data(features, labels)


def blobs(n_per_class=30, n_classes=3, n_features=5, seed=0):
    """Well separated Gaussian clusters: a small problem every model can learn."""
    rng = np.random.default_rng(seed)
    centres = rng.normal(0, 3, (n_classes, n_features))
    labels = np.repeat(np.arange(n_classes), n_per_class)
    features = centres[labels] + rng.normal(0, 1, (labels.size, n_features))
    return features, labels


def fit(data, **settings):
    config = TrainingConfig(**settings)
    return training.train(
        data.train_features,
        data.train_labels,
        data.test_features,
        data.test_labels,
        config,
        n_classes=data.n_classes,
    )


# --- split and imbalance ---------------------------------------------------------------------


def test_stratified_split_keeps_each_class_share_and_covers_everything():
    labels = np.repeat(np.arange(4), [10, 7, 6, 2])
    train, test = training.stratified_split(labels, 0.25, seed=3)
    assert np.array_equal(np.sort(np.concatenate([train, test])), np.arange(labels.size))
    # round(n · 0.25) with halves up: 2.5 → 3, 1.75 → 2, 1.5 → 2, 0.5 → 1
    assert np.bincount(labels[test], minlength=4).tolist() == [3, 2, 2, 1]
    assert np.bincount(labels[train], minlength=4).tolist() == [7, 5, 4, 1]


def test_stratified_split_is_fixed_by_its_seed():
    labels = np.repeat(np.arange(3), 20)
    first = training.stratified_split(labels, 0.25, seed=7)
    again = training.stratified_split(labels, 0.25, seed=7)
    other = training.stratified_split(labels, 0.25, seed=8)
    assert all(np.array_equal(a, b) for a, b in zip(first, again, strict=True))
    assert not np.array_equal(first[1], other[1])


def test_digits_split_is_75_25_stratified(digits, digit_split):
    _, labels = digits
    assert digit_split.train_labels.size == 1346
    assert digit_split.test_labels.size == 451
    assert np.intersect1d(digit_split.train_indices, digit_split.test_indices).size == 0
    test_share = np.bincount(digit_split.test_labels) / np.bincount(labels)
    assert np.all(np.abs(test_share - 0.25) < 0.01)


@pytest.mark.parametrize(
    ("n", "fraction", "kept"),
    [
        (100, 0.1, 10),
        (135, 0.1, 14),
        (133, 0.5, 67),
        (45, 0.01, 1),
        (10, 1.0, 10),
        (0, 0.5, 0),
    ],
)
def test_kept_count(n, fraction, kept):
    assert training.kept_count(n, fraction) == kept


def test_subsampling_keeps_the_right_counts():
    labels = np.repeat(np.arange(5), [40, 41, 39, 50, 3])
    kept = training.subsample_classes(labels, [0, 1, 4], 0.1, seed=0)
    counts = np.bincount(labels[kept], minlength=5)
    assert counts.tolist() == [4, 4, 39, 50, 1]
    assert np.array_equal(kept, np.sort(kept))
    assert np.unique(kept).size == kept.size


def test_subsampling_with_fraction_one_or_no_classes_keeps_everything():
    labels = np.repeat(np.arange(3), 5)
    assert np.array_equal(training.subsample_classes(labels, [0, 1], 1.0), np.arange(15))
    assert np.array_equal(training.subsample_classes(labels, [], 0.2), np.arange(15))


def test_subsampling_choice_depends_on_the_seed_only():
    labels = np.repeat(np.arange(2), 100)
    a = training.subsample_classes(labels, [0], 0.3, seed=1)
    b = training.subsample_classes(labels, [0], 0.3, seed=1)
    c = training.subsample_classes(labels, [0], 0.3, seed=2)
    assert np.array_equal(a, b)
    assert not np.array_equal(a, c)


@pytest.mark.parametrize("fraction", [0.0, -0.5, 1.5])
def test_subsampling_refuses_fractions_outside_0_1(fraction):
    with pytest.raises(ValueError, match="keep_fraction"):
        training.subsample_classes(np.arange(4), [0], fraction)


def test_prepare_data_reduces_only_the_training_set(digits, digit_split):
    features, labels = digits
    reduced = training.prepare_data(
        features, labels, reduced_classes=[0, 1, 2, 3, 4], keep_fraction=0.1, subsample_seed=0
    )
    counts = training.class_counts(reduced.train_labels, 10)
    full = digit_split.split_train_counts
    assert np.array_equal(reduced.split_train_counts, full)
    assert counts[:5].tolist() == [training.kept_count(n, 0.1) for n in full[:5]]
    assert np.array_equal(counts[5:], full[5:])
    assert np.array_equal(reduced.test_indices, digit_split.test_indices)
    assert np.array_equal(labels[reduced.train_indices], reduced.train_labels)


def test_prepare_data_refuses_unknown_classes(digits):
    features, labels = digits
    with pytest.raises(ValueError, match="reduced_classes"):
        training.prepare_data(features, labels, reduced_classes=[10], keep_fraction=0.5)


def test_standardize_uses_training_statistics_only():
    train = np.array([[1.0, 5.0, 2.0], [3.0, 5.0, 4.0], [5.0, 5.0, 9.0]])
    test = np.array([[3.0, 7.0, 2.0]])
    scaled_train, scaled_test = training.standardize(train, test)
    assert np.allclose(scaled_train.mean(axis=0), 0)
    assert np.allclose(scaled_train.std(axis=0), [1, 0, 1])  # a constant column is only shifted
    mean, std = train.mean(axis=0), train.std(axis=0)
    assert scaled_test[0, 0] == pytest.approx((3 - mean[0]) / std[0])
    assert scaled_test[0, 1] == 2.0
    assert scaled_test[0, 2] == pytest.approx((2 - mean[2]) / std[2])


def test_class_weights_are_balanced():
    labels = np.array([0, 0, 0, 0, 0, 0, 1, 1, 2, 2, 2, 2])
    weights = training.class_weights(labels, 3)
    assert weights == pytest.approx([12 / 18, 12 / 6, 12 / 12])
    assert np.bincount(labels, weights[labels]) == pytest.approx([4, 4, 4])


def test_class_weights_refuse_a_missing_class():
    with pytest.raises(ValueError, match="class 1 has no example"):
        training.class_weights(np.array([0, 2, 2]), 3)


# --- configuration ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("settings", "message"),
    [
        ({"loss": "mse"}, "loss must be one of"),
        ({"model": "cnn"}, "model must be one of"),
        ({"optimizer": "rmsprop"}, "optimizer must be one of"),
        ({"gamma": -1.0}, "gamma"),
        ({"gamma": math.inf}, "gamma"),
        ({"label_smoothing": 1.0}, "label_smoothing"),
        ({"learning_rate": 0.0}, "learning_rate"),
        ({"learning_rate": math.nan}, "learning_rate"),
        ({"epochs": 0}, "epochs"),
        ({"epochs": 2.5}, "epochs"),
        ({"batch_size": 0}, "batch_size"),
        ({"hidden_units": 0}, "hidden_units"),
        ({"seed": -1}, "seed"),
        ({"seed": 1.5}, "seed"),
    ],
)
def test_config_refuses_bad_settings(settings, message):
    with pytest.raises(ValueError, match=message):
        TrainingConfig(**settings)


# --- objectives and gradients ----------------------------------------------------------------


def test_objectives_are_ce_core_losses():
    rng = np.random.default_rng(0)
    logits, labels = rng.normal(0, 2, (6, 4)), np.array([0, 1, 2, 3, 1, 1])
    weights = np.array([1.0, 0.5, 2.0, 1.5])
    cases = [
        (training.Objective("ce"), cc.categorical_cross_entropy(labels, logits, from_logits=True)),
        (
            training.Objective("focal", gamma=1.5),
            cc.categorical_focal_loss(labels, logits, gamma=1.5, from_logits=True),
        ),
        (
            training.Objective("weighted", weights=weights),
            cc.categorical_cross_entropy(labels, logits, from_logits=True, weight=weights),
        ),
        (
            training.Objective("smoothing", label_smoothing=0.2),
            cc.categorical_cross_entropy(labels, logits, from_logits=True, label_smoothing=0.2),
        ),
    ]
    for objective, expected in cases:
        assert objective.loss(labels, logits) == pytest.approx(expected, rel=1e-14)


def test_make_objective_takes_class_weights_from_training_labels():
    labels = np.array([0, 0, 0, 1])
    objective = training.make_objective(TrainingConfig(loss="weighted"), labels, 2)
    assert objective.weights == pytest.approx([4 / 6, 2.0])
    assert training.make_objective(TrainingConfig(loss="ce"), labels, 2).weights is None


OBJECTIVES = {
    "ce": training.Objective("ce"),
    "focal": training.Objective("focal", gamma=2.0),
    "focal_half": training.Objective("focal", gamma=0.5),
    "weighted": training.Objective("weighted", weights=np.array([0.5, 2.0, 1.25])),
    "smoothing": training.Objective("smoothing", label_smoothing=0.2),
}


@pytest.mark.parametrize("model", training.MODELS)
@pytest.mark.parametrize("objective_name", OBJECTIVES)
def test_model_gradients_match_finite_differences(model, objective_name):
    objective = OBJECTIVES[objective_name]
    rng = np.random.default_rng(1)
    features = rng.normal(0, 1, (7, 4))
    labels = np.array([0, 1, 2, 1, 0, 2, 2])
    config = TrainingConfig(model=model, hidden_units=5, seed=2)
    params = training.init_params(4, 3, config, rng)
    for value in params.values():  # start away from the all-zero output layer
        value += rng.normal(0, 0.5, value.shape)
    analytic = training.gradients(params, features, labels, objective)
    assert analytic.keys() == params.keys()
    step = 1e-6
    for name, value in params.items():
        numeric = np.zeros_like(value)
        for index in np.ndindex(value.shape):
            original = value[index]
            value[index] = original + step
            up = training.model_loss(params, features, labels, objective)
            value[index] = original - step
            down = training.model_loss(params, features, labels, objective)
            value[index] = original
            numeric[index] = (up - down) / (2 * step)
        np.testing.assert_allclose(analytic[name], numeric, rtol=1e-5, atol=1e-8, err_msg=name)


def test_initial_model_predicts_uniformly():
    config = TrainingConfig(model="mlp")
    params = training.init_params(6, 10, config, np.random.default_rng(0))
    logits = training.logits(params, np.random.default_rng(1).normal(size=(4, 6)))
    assert np.all(logits == 0)
    assert cc.categorical_cross_entropy([1, 2, 3, 4], logits, from_logits=True) == pytest.approx(
        math.log(10)
    )


# --- training --------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def blob_data():
    features, labels = blobs()
    return training.prepare_data(features, labels, test_fraction=0.3)


@pytest.mark.parametrize("model", training.MODELS)
@pytest.mark.parametrize("optimizer", training.OPTIMIZERS)
@pytest.mark.parametrize("loss", training.LOSSES)
def test_loss_decreases_for_every_option(blob_data, loss, optimizer, model):
    rate = 0.05 if optimizer == "adam" else 0.3
    result = fit(
        blob_data,
        loss=loss,
        optimizer=optimizer,
        model=model,
        learning_rate=rate,
        epochs=5,
        batch_size=16,
    )
    history = result.history
    assert history.train_loss.size == history.test_loss.size == 6
    assert history.epochs.tolist() == [0, 1, 2, 3, 4, 5]
    assert history.train_loss[-1] < 0.5 * history.train_loss[0]
    assert history.test_loss[-1] < history.test_loss[0]
    assert history.test_accuracy[-1] > 0.9


def test_history_starts_at_the_uniform_guess(blob_data):
    result = fit(blob_data, loss="focal", gamma=2.0, epochs=1)
    uniform = np.full((1, 3), 1 / 3)
    assert result.history.train_loss[0] == pytest.approx(
        cc.categorical_focal_loss([0], uniform, gamma=2.0)
    )
    assert result.history.test_accuracy[0] == pytest.approx(
        np.mean(blob_data.test_labels == 0)  # argmax of equal scores is class 0
    )


def test_training_is_deterministic(blob_data):
    settings = {"loss": "weighted", "model": "mlp", "epochs": 3, "batch_size": 8, "seed": 5}
    first, again = fit(blob_data, **settings), fit(blob_data, **settings)
    for name in ("train_loss", "test_loss", "train_accuracy", "test_accuracy"):
        assert np.array_equal(getattr(first.history, name), getattr(again.history, name))
    for name in first.params:
        assert np.array_equal(first.params[name], again.params[name])
    assert np.array_equal(first.test_probabilities, again.test_probabilities)
    other_seed = fit(blob_data, **{**settings, "seed": 6})
    assert not np.array_equal(first.params["weights"], other_seed.params["weights"])


def test_losses_give_different_models():
    features, labels = blobs()
    data = training.prepare_data(features, labels, reduced_classes=[0], keep_fraction=0.3)
    results = {loss: fit(data, loss=loss, epochs=2) for loss in training.LOSSES}
    finals = {loss: result.history.train_loss[-1] for loss, result in results.items()}
    assert len(set(finals.values())) == len(training.LOSSES)
    assert results["weighted"].class_weights is not None
    assert results["ce"].class_weights is None


def test_result_predictions_and_cross_entropy(blob_data):
    result = fit(blob_data, epochs=2)
    labels = blob_data.test_labels
    assert np.allclose(result.test_probabilities.sum(axis=1), 1)
    assert np.array_equal(result.test_predictions, np.argmax(result.test_logits, axis=1))
    assert result.history.test_accuracy[-1] == pytest.approx(
        np.mean(result.test_predictions == labels)
    )
    expected = -np.log(result.test_probabilities[np.arange(labels.size), labels])
    assert np.allclose(result.test_cross_entropy, expected)


def test_on_epoch_reports_progress(blob_data):
    calls = []
    training.train(
        blob_data.train_features,
        blob_data.train_labels,
        blob_data.test_features,
        blob_data.test_labels,
        TrainingConfig(epochs=3),
        on_epoch=lambda *args: calls.append(args),
    )
    assert calls == [(1, 3), (2, 3), (3, 3)]


def test_divergence_is_reported(blob_data):
    with pytest.raises(training.TrainingDiverged, match="smaller learning_rate") as problem:
        fit(blob_data, model="mlp", optimizer="sgd", learning_rate=1e300, epochs=3)
    assert problem.value.epoch == 1


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"train_labels": np.array([0, 1])}, "train_features must have shape"),
        ({"test_labels": np.array([0.5, 1.0])}, "integer class indices"),
        ({"test_features": np.ones((9, 2))}, "test_features must have shape"),
        ({"train_features": np.full((6, 5), np.nan)}, "NaN"),
        ({"test_labels": np.array([], dtype=int)}, "empty"),
    ],
)
def test_train_refuses_bad_data(change, message):
    features, labels = blobs(n_per_class=2)
    arguments = {
        "train_features": features,
        "train_labels": labels,
        "test_features": features,
        "test_labels": labels,
    }
    arguments.update(change)
    with pytest.raises(ValueError, match=message):
        training.train(config=TrainingConfig(epochs=1), **arguments)


def test_labels_beyond_n_classes_are_refused():
    features, labels = blobs(n_per_class=2)
    with pytest.raises(ValueError, match="n_classes is 2"):
        training.train(features, labels, features, labels, TrainingConfig(epochs=1), n_classes=2)


def test_highest_losses_orders_largest_first():
    losses = np.array([0.1, 3.0, 0.5, 3.0, 2.0])
    assert training.highest_losses(losses, 3).tolist() == [1, 3, 4]
    assert training.highest_losses(losses, 10).tolist() == [1, 3, 4, 2, 0]


def test_class_counts():
    assert training.class_counts(np.array([2, 0, 2]), 4).tolist() == [1, 0, 2, 0]


def test_default_settings_reach_the_accuracy_goal(digit_split):
    """The page's default run: all digits, 75/25 stratified split (seed 0), softmax regression,
    Adam, η = 0.01, 30 epochs, batches of 32, seed 0."""
    result = fit(digit_split)
    assert result.config == TrainingConfig()
    assert result.history.test_accuracy[-1] >= 0.93
    assert result.history.test_loss[-1] < result.history.test_loss[0]
