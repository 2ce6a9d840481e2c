"""The Training page in AppTest: defaults, every URL key, numbers against ce_core, widgets, presets,
caching and bad input. Most runs use few epochs to keep the suite fast."""

import math

import numpy as np
import pytest
from threadpoolctl import threadpool_limits

import ce_core as cc
from ce_core import calibration, training
from ce_ui import digits
from ce_ui.format import sig
from tests.conftest import open_page, texts

PAGE = "pages/7_training.py"
DEFAULT_QUERY = {
    "loss": "ce",
    "compare": "smoothing",
    "gamma": "2",
    "smoothing": "0.1",
    "imbalance": "1",
    "rare": "0,1,2,3,4",
    "model": "softmax",
    "opt": "adam",
    "lr": "0.01",
    "epochs": "30",
    "batch": "32",
    "seed": "0",
}


def training_page(query=None):
    return open_page(PAGE, query)


def metrics(at, label_start: str) -> list[str]:
    return [m.value for m in at.metric if m.label.startswith(label_start)]


def reference(loss="ce", *, reduced=(), keep=1.0, **settings):
    """The run the page should show, computed here with ce_core directly."""
    data_set = digits.load()
    config = training.TrainingConfig(loss=loss, **settings)
    data = training.prepare_data(
        data_set.features,
        data_set.labels,
        test_fraction=0.25,
        split_seed=0,
        reduced_classes=reduced,
        keep_fraction=keep,
        subsample_seed=config.seed,
    )
    with threadpool_limits(limits=1, user_api="blas"):
        result = training.train(
            data.train_features, data.train_labels, data.test_features, data.test_labels, config
        )
    return result, data


def expected_metrics(result, data, rare=(), base=math.e):
    """The four numbers above the results; ``rare`` are the digits made rare (none when every
    image is kept)."""
    labels = data.test_labels
    confusion = calibration.confusion_matrix(labels, result.test_predictions, 10)
    recall = (
        {"Recall of rare digits": sig(calibration.mean_recall(confusion, rare))}
        if rare
        else {"Mean recall of all digits": sig(calibration.mean_recall(confusion))}
    )
    return {
        "Test accuracy": sig(np.mean(result.test_predictions == labels)),
        **recall,
        "ECE": sig(calibration.expected_calibration_error(result.test_probabilities, labels)),
        "Test cross-entropy": sig(
            cc.categorical_cross_entropy(labels, result.test_logits, from_logits=True, base=base)
        ),
    }


def model_headings(at) -> list[str]:
    """The loss names heading the result columns (the subheaders after the formula heading)."""
    return [subheader.value for subheader in at.subheader][1:]


def assert_shows(at, expected, column=0):
    for label, value in expected.items():
        assert metrics(at, label)[column] == value, label


def test_default_view():
    at = training_page()
    assert not at.exception
    assert not at.warning and not at.error
    assert at.title[0].value == "Training on handwritten digits"
    assert {key: at.query_params[key] for key in DEFAULT_QUERY} == DEFAULT_QUERY
    page_text = texts(at)
    assert "Split **75% / 25%, stratified by digit**" in page_text
    assert "1346 training images and 451 test images" in page_text
    assert "Results on the 451 test images" in page_text
    # Cross-entropy and label smoothing, side by side, each with the numbers ce_core gives.
    assert model_headings(at) == ["Cross-entropy", "Label smoothing"]
    ce_run, data = reference("ce")
    smoothing_run, _ = reference("smoothing", label_smoothing=0.1)
    assert_shows(at, expected_metrics(ce_run, data), column=0)
    assert_shows(at, expected_metrics(smoothing_run, data), column=1)
    assert float(metrics(at, "Test accuracy")[0]) >= 0.93
    assert len(at.get("plotly_chart")) == 2  # learning curves: loss and accuracy
    assert at.button_group(key="training.view").value == "curves"
    assert "(cross-entropy −log(1/10) = 2.303 nats)" in page_text


@pytest.mark.parametrize(
    ("query", "settings", "formula"),
    [
        (
            {"loss": "focal", "gamma": "1", "compare": "none", "epochs": "3"},
            {"loss": "focal", "gamma": 1.0, "epochs": 3},
            r"-(1 - p_y)^{1}\,\log p_y",
        ),
        (
            {"loss": "smoothing", "smoothing": "0.2", "compare": "none", "epochs": "3"},
            {"loss": "smoothing", "label_smoothing": 0.2, "epochs": 3},
            r"(1 - 0.2)\,[c = y]",
        ),
        (
            {"loss": "weighted", "compare": "none", "epochs": "2", "lr": "0.05"},
            {"loss": "weighted", "epochs": 2, "learning_rate": 0.05},
            r"-\,w_y \log p_y",
        ),
        (
            {
                "model": "mlp",
                "opt": "sgd",
                "lr": "0.1",
                "batch": "64",
                "seed": "3",
                "epochs": "3",
                "compare": "none",
            },
            {
                "model": "mlp",
                "optimizer": "sgd",
                "learning_rate": 0.1,
                "batch_size": 64,
                "seed": 3,
                "epochs": 3,
            },
            r"L = -\log p_y",
        ),
    ],
)
def test_url_settings_reach_the_model(query, settings, formula):
    at = training_page(query)
    assert not at.exception and not at.warning
    for key, value in query.items():
        assert at.query_params[key] == value
    assert any(formula in latex.value for latex in at.latex)
    result, data = reference(**settings)
    assert_shows(at, expected_metrics(result, data))
    assert len(metrics(at, "Test accuracy")) == 1


def test_imbalance_and_rare_digits():
    query = {"loss": "ce", "compare": "weighted", "imbalance": "0.1", "rare": "0,1", "epochs": "3"}
    at = training_page(query)
    assert not at.exception and not at.warning
    assert at.multiselect(key="training.rare").value == [0, 1]
    assert at.slider(key="training.imbalance").value == 0.1
    ce_run, data = reference("ce", reduced=(0, 1), keep=0.1, epochs=3)
    weighted_run, _ = reference("weighted", reduced=(0, 1), keep=0.1, epochs=3)
    kept = [training.kept_count(n, 0.1) for n in data.split_train_counts[:2]]
    original = int(data.split_train_counts[:2].sum())
    page_text = texts(at)
    assert (
        f"keeps {sum(kept)} of the {original} training images of digits 0, 1, so the model "
        f"trains on {data.train_labels.size} images"
    ) in page_text
    assert f"0: {kept[0]}, 1: {kept[1]}, 2: {data.split_train_counts[2]}" in page_text
    assert_shows(at, expected_metrics(ce_run, data, rare=(0, 1)), column=0)
    assert_shows(at, expected_metrics(weighted_run, data, rare=(0, 1)), column=1)
    weights = training.class_weights(data.train_labels, 10)
    assert f"0: {sig(weights[0])}, 1: {sig(weights[1])}" in page_text


def test_rare_digits_matter_only_when_images_are_dropped():
    kept_all = training_page({"rare": "3,7", "compare": "none", "epochs": "2"})
    nothing_rare = training_page({"rare": "", "imbalance": "0.5", "compare": "none", "epochs": "2"})
    result, data = reference(epochs=2)
    for at in (kept_all, nothing_rare):
        assert not at.exception and not at.warning
        assert not metrics(at, "Recall of rare digits")
        assert_shows(at, expected_metrics(result, data))
        assert "The imbalance setting keeps" not in texts(at)
    assert nothing_rare.query_params["rare"] == ""
    assert kept_all.query_params["rare"] == "3,7"


def test_each_view_shows_its_chart_and_numbers():
    query = {"compare": "focal", "imbalance": "0.2", "rare": "0,1,2,3,4", "epochs": "3"}
    rare = (0, 1, 2, 3, 4)
    ce_run, data = reference("ce", reduced=rare, keep=0.2, epochs=3)
    focal_run, _ = reference("focal", reduced=rare, keep=0.2, epochs=3)
    confusions = [
        calibration.confusion_matrix(data.test_labels, run.test_predictions, 10)
        for run in (ce_run, focal_run)
    ]

    at = training_page({**query, "view": "recall"})
    assert not at.exception and len(at.get("plotly_chart")) == 1
    recall = calibration.per_class_recall(confusions[0])
    worst = int(np.argmin(recall))
    assert (
        f"Cross-entropy: lowest recall {sig(recall[worst])} for digit {worst}; mean recall of "
        f"the rare digits {sig(calibration.mean_recall(confusions[0], rare))}."
    ) in texts(at)

    at = training_page({**query, "view": "calibration"})
    assert not at.exception and len(at.get("plotly_chart")) == 1
    probabilities = focal_run.test_probabilities
    ece = calibration.expected_calibration_error(probabilities, data.test_labels)
    assert (
        f"Focal loss: ECE {sig(ece)}; mean confidence "
        f"{sig(calibration.mean_confidence(probabilities))} against accuracy "
        f"{sig(focal_run.history.test_accuracy[-1])}"
    ) in texts(at)

    at = training_page({**query, "view": "confusion"})
    assert not at.exception and len(at.get("plotly_chart")) == 2
    true, predicted, count = calibration.most_frequent_mistake(confusions[1])
    wrong = int(np.sum(focal_run.test_predictions != data.test_labels))
    assert (
        f"Focal loss: {wrong} of 451 test digits wrong; most frequent mistake: {true} taken "
        f"for {predicted} ({count} times)."
    ) in texts(at)

    at = training_page({**query, "view": "gallery"})
    assert not at.exception and not at.get("plotly_chart")
    galleries = [image for image in at.get("image") if image.captions[0].startswith("true")]
    assert len(galleries) == 2
    hardest = training.highest_losses(focal_run.test_cross_entropy, 8)
    assert galleries[1].captions == [
        f"true {data.test_labels[index]} → predicted {focal_run.test_predictions[index]}, "
        f"loss {sig(focal_run.test_cross_entropy[index])} nats"
        for index in hardest
    ]


def test_switching_the_view_keeps_the_numbers():
    at = training_page({"compare": "none", "epochs": "2"})
    shown = [metric.value for metric in at.metric]
    at.button_group(key="training.view").set_value("confusion").run()
    assert not at.exception
    assert at.query_params["view"] == "confusion"
    assert [metric.value for metric in at.metric] == shown
    assert len(at.get("plotly_chart")) == 1


def test_bits():
    at = training_page({"units": "bits", "compare": "none", "epochs": "2"})
    assert not at.exception
    result, data = reference(epochs=2)
    expected = sig(
        cc.categorical_cross_entropy(data.test_labels, result.test_logits, from_logits=True, base=2)
    )
    assert metrics(at, "Test cross-entropy (bits)") == [expected]
    assert "(cross-entropy −log(1/10) = 3.322 bits)" in texts(at)
    captions = [caption.value for caption in at.caption]
    assert any(
        "training loss " + sig(result.history.train_loss[-1] / math.log(2)) in caption
        for caption in captions
    )


@pytest.mark.parametrize(
    ("key", "value", "widget", "fallback"),
    [
        ("imbalance", "0", "slider", 1.0),
        ("imbalance", "2", "slider", 1.0),
        ("loss", "mse", "selectbox", "ce"),
        ("epochs", "-3", "slider", 30),
        ("lr", "abc", "number_input", 0.01),
        ("seed", "1.5", "number_input", 0),
    ],
)
def test_bad_url_values_give_a_message_and_fall_back(key, value, widget, fallback):
    query = {"epochs": "2", "compare": "none", key: value}
    at = training_page(query)
    assert not at.exception
    (warning,) = at.warning
    assert f"**{key}**" in warning.value and "not allowed" in warning.value
    assert getattr(at, widget)(key=f"training.{key}").value == fallback
    assert at.query_params[key] == DEFAULT_QUERY[key]
    assert metrics(at, "Test accuracy")  # the page still trains and shows results


BAD_VALUES = {
    "compare": ("hinge", "selectbox", "smoothing", "it must be one of: none, ce, focal"),
    "epochs": ("2.5", "slider", 30, "whole number in [1, 200]"),
    "lr": ("0", "number_input", 0.01, "number in [0.0001, 1]"),
    "seed": ("-1", "number_input", 0, "whole number in [0, 99999]"),
    "gamma": ("-1", "slider", 2.0, "number in [0, 5]"),
    "smoothing": ("0.9", "slider", 0.1, "number in [0, 0.5]"),
    "batch": ("7", "select_slider", 32, "one of: 8, 16, 32, 64, 128, 256"),
    "rare": ("0,12", "multiselect", [0, 1, 2, 3, 4], "whole numbers in [0, 9]"),
    "model": ("cnn", "radio", "softmax", "one of: softmax, mlp"),
    "opt": ("rmsprop", "radio", "adam", "one of: sgd, adam"),
    "view": ("all", "button_group", "curves", "one of: curves, recall, calibration"),
}


def test_every_key_refuses_bad_values_at_once():
    at = training_page({key: value for key, (value, *_) in BAD_VALUES.items()})
    assert not at.exception
    warnings = [warning.value for warning in at.warning]
    assert len(warnings) == len(BAD_VALUES)
    for key, (_, widget, fallback, rule) in BAD_VALUES.items():
        (warning,) = [warning for warning in warnings if f"**{key}**" in warning]
        assert rule in warning, warning
        assert getattr(at, widget)(key=f"training.{key}").value == fallback
    assert len(metrics(at, "Test accuracy")) == 2


def test_markup_in_a_bad_value_is_not_rendered():
    at = training_page({"loss": "[click](http://x.example)", "epochs": "2", "compare": "none"})
    assert not at.exception
    (warning,) = at.warning
    assert "](http" not in warning.value


def test_changing_widgets_updates_numbers_and_url():
    at = training_page({"epochs": "2", "compare": "none"})
    before = metrics(at, "ECE")
    at.selectbox(key="training.loss").set_value("focal").run()
    assert not at.exception
    assert at.query_params["loss"] == "focal"
    result, data = reference("focal", epochs=2)
    assert_shows(at, expected_metrics(result, data))
    assert metrics(at, "ECE") != before
    at.slider(key="training.epochs").set_value(3).run()
    assert at.query_params["epochs"] == "3"
    result, data = reference("focal", epochs=3)
    assert_shows(at, expected_metrics(result, data))


def test_settings_widgets_follow_the_losses_in_use():
    at = training_page({"loss": "ce", "compare": "none", "epochs": "2"})
    assert at.slider(key="training.gamma").disabled
    assert at.slider(key="training.smoothing").disabled
    at.selectbox(key="training.compare").set_value("focal").run()
    assert not at.slider(key="training.gamma").disabled
    assert at.slider(key="training.smoothing").disabled


def test_preset_sets_the_experiment():
    at = training_page({"epochs": "2", "compare": "none"})
    (button,) = [b for b in at.button if b.label.startswith("Rare digits")]
    assert button.help.startswith("Keep only 10% of the training images of digits 0, 1, 2, 3, 4")
    button.click().run()
    assert not at.exception
    assert at.query_params["view"] == "recall"
    assert len(at.get("plotly_chart")) == 1
    assert at.query_params["compare"] == "weighted"
    assert at.query_params["imbalance"] == "0.1"
    assert at.query_params["rare"] == "0,1,2,3,4"
    assert at.query_params["epochs"] == "30"
    assert model_headings(at) == ["Cross-entropy", "Class-weighted cross-entropy"]


def test_the_same_loss_twice_is_one_model_and_a_hint():
    at = training_page({"loss": "focal", "compare": "focal", "epochs": "2"})
    assert not at.exception
    assert "nothing to compare" in at.info[0].value
    assert len(metrics(at, "Test accuracy")) == 1


def test_a_rerun_with_the_same_settings_does_not_train_again(monkeypatch):
    calls = []
    original = training.train

    def counting(*args, **kwargs):
        calls.append(kwargs.get("on_epoch"))
        return original(*args, **kwargs)

    monkeypatch.setattr(training, "train", counting)
    at = training_page({"epochs": "2", "compare": "focal", "seed": "4242"})
    assert not at.exception
    assert len(calls) == 2 and all(callable(on_epoch) for on_epoch in calls)
    shown = metrics(at, "ECE")
    at.run()  # same settings: both results come from the cache, progress is not replayed
    assert not at.exception
    assert len(calls) == 2
    assert metrics(at, "ECE") == shown
    assert not at.get("progress")
    at.slider(key="training.gamma").set_value(1.0).run()  # only the focal model trains again
    assert not at.exception
    assert len(calls) == 3
    assert metrics(at, "ECE")[0] == shown[0] and metrics(at, "ECE")[1] != shown[1]


def test_divergence_gives_a_message(monkeypatch):
    def diverging(*args, **kwargs):
        raise training.TrainingDiverged(7)

    monkeypatch.setattr(training, "train", diverging)
    at = training_page({"epochs": "2", "compare": "none", "seed": "4343"})
    assert not at.exception
    (error,) = at.error
    assert "diverged in epoch 7" in error.value and "Lower the learning rate" in error.value
    assert not at.metric


def test_digit_list_parser():
    """``rare`` is read by the shared ``url_state.integer_list`` parser."""
    from ce_ui.url_state import InvalidValue, dump_integer_list, integer_list

    parse = integer_list(0, 9)
    assert parse("4, 0 ,4;2") == [0, 2, 4]
    assert parse("") == [] and parse("  ") == []
    assert parse("3.0") == [3]
    assert dump_integer_list([0, 2, 4]) == "0,2,4" and dump_integer_list([]) == ""
    for bad in ("10", "-1", "1.5", "x", "nan", "inf"):
        with pytest.raises(InvalidValue) as problem:
            parse(bad)
        assert problem.value.rule == "rule_integer_list"
        assert problem.value.values == {"low": "0", "high": "9"}


def test_a_stopped_training_shows_what_finished_and_waits_for_train(monkeypatch):
    """After Stop (its callback records the settings), the same settings do not train again by
    themselves: the run that finished is shown, the one that did not is named, Train resumes."""
    from ce_ui import training_setup as setup

    seed = 4545
    configs = setup.make_configs(
        ["ce", "focal"], model="softmax", optimizer="adam", learning_rate=0.01, epochs=2,
        batch_size=32, seed=seed, gamma=2.0, smoothing=0.1,
    )  # fmt: skip
    digits.train(configs[0], (), 1.0)  # the first model finished before the Stop
    result, data = reference("ce", epochs=2, seed=seed)
    calls = []
    original = training.train

    def counting(*args, **kwargs):
        calls.append(args[-1].loss)
        return original(*args, **kwargs)

    monkeypatch.setattr(training, "train", counting)
    query = {"compare": "focal", "epochs": "2", "seed": str(seed)}
    stopped = {"training.stopped": repr((configs, (), 1.0))}
    at = open_page(PAGE, query, **stopped)
    assert not at.exception and not calls
    assert model_headings(at) == ["Cross-entropy"]
    (note,) = [info.value for info in at.info if "Training stopped" in info.value]
    assert "Focal loss did not finish" in note
    assert_shows(at, expected_metrics(result, data))
    at.button(key="training.train").click().run()
    assert not at.exception
    assert calls == ["focal"] and model_headings(at) == ["Cross-entropy", "Focal loss"]
    assert "training.stopped" not in at.session_state
    assert not [info for info in at.info if "Training stopped" in info.value]


def test_the_two_losses_side_by_side():
    from ce_ui.tables.training import signed

    query = {"compare": "weighted", "imbalance": "0.1", "rare": "0,1", "epochs": "3"}
    at = training_page(query)
    (table,) = at.dataframe
    ce_run, data = reference("ce", reduced=(0, 1), keep=0.1, epochs=3)
    weighted_run, _ = reference("weighted", reduced=(0, 1), keep=0.1, epochs=3)
    first = expected_metrics(ce_run, data, rare=(0, 1))
    second = expected_metrics(weighted_run, data, rare=(0, 1))
    rows = ["Test accuracy", "Recall of rare digits", "ECE"]
    assert list(table.value["Metric"]) == ["Accuracy", "Rare recall", "ECE"]  # short, for phones
    assert list(table.value["CE"]) == [first[row] for row in rows]
    assert list(table.value["Weighted"]) == [second[row] for row in rows]
    labels = data.test_labels
    raw = [
        (
            np.mean(run.test_predictions == labels),
            calibration.mean_recall(
                calibration.confusion_matrix(labels, run.test_predictions, 10), (0, 1)
            ),
            calibration.expected_calibration_error(run.test_probabilities, labels),
        )
        for run in (ce_run, weighted_run)
    ]
    assert list(table.value["Δ"]) == [signed(b - a) for a, b in zip(*raw, strict=True)]
    assert "Weighted: Class-weighted cross-entropy" in texts(at)
