"""The Training page's logic without AppTest: settings → configurations, a run → its summary,
and the summary's numbers in words (ce_ui.training_setup, ce_ui.explanations.training,
ce_ui.formulas.training)."""

import numpy as np
import pytest
from threadpoolctl import threadpool_limits

import ce_core as cc
from ce_core import calibration, training
from ce_ui import digits
from ce_ui import training_setup as setup
from ce_ui.explanations import training as explain
from ce_ui.format import sig
from ce_ui.formulas.training import loss_formula
from ce_ui.url_state import InvalidValue


def test_the_comparison_is_trained_only_when_it_is_another_loss():
    assert setup.losses_to_train("ce", "none") == ["ce"]
    assert setup.losses_to_train("ce", "ce") == ["ce"]
    assert setup.losses_to_train("ce", "focal") == ["ce", "focal"]


def test_rare_digits_count_only_when_images_are_dropped():
    assert setup.data_selection([0, 1], 1.0) == ((), 1.0)
    assert setup.data_selection([], 0.1) == ((), 1.0)
    assert setup.data_selection([3, 4], 0.25) == ((3, 4), 0.25)


def test_a_loss_setting_goes_only_into_its_own_run():
    common = dict(model="softmax", optimizer="adam", learning_rate=0.01, epochs=3)
    common |= dict(batch_size=32, seed=7)
    ce, focal, smoothing = setup.make_configs(
        ["ce", "focal", "smoothing"], gamma=3.0, smoothing=0.2, **common
    )
    assert (focal.gamma, focal.label_smoothing) == (3.0, training.TrainingConfig().label_smoothing)
    assert smoothing.label_smoothing == 0.2 and smoothing.gamma == training.TrainingConfig().gamma
    assert ce == training.TrainingConfig(loss="ce", **common)
    moved = setup.make_configs(["ce", "focal"], gamma=1.0, smoothing=0.2, **common)
    assert moved[0] == ce and moved[1] != focal


def test_fields_parse_what_a_link_brings():
    assert setup.BATCH.parse("64") == 64
    with pytest.raises(InvalidValue):
        setup.BATCH.parse("33")
    assert [field.key for field in setup.FIELDS].count("loss") == 1
    for name, preset in setup.PRESETS.items():
        assert all(field in setup.FIELDS for field, _ in preset), name


def test_slider_bounds_accept_every_field_default():
    defaults = {"gamma": setup.GAMMA, "smoothing": setup.SMOOTHING, "imbalance": setup.IMBALANCE}
    defaults |= {"lr": setup.LR, "epochs": setup.EPOCHS, "seed": setup.SEED}
    for name, field in defaults.items():
        rule = field.parse  # the widgets' bounds are the field's own (there is no second table)
        assert rule.widget_low <= field.default <= rule.widget_high, name


@pytest.mark.parametrize(
    ("confidence", "accuracy", "verdict"),
    [(0.9, 0.9, "calibrated"), (0.9, 0.896, "calibrated"), (0.95, 0.9, "overconfident")]
    + [(0.8, 0.9, "underconfident")],
)
def test_calibration_verdict(confidence, accuracy, verdict):
    assert setup.calibration_verdict(confidence, accuracy) == verdict


def test_loss_formulas_carry_their_own_numbers():
    assert loss_formula(training.TrainingConfig(loss="ce")) == r"L = -\log p_y"
    focal = loss_formula(training.TrainingConfig(loss="focal", gamma=2.5))
    assert "^{2.5}" in focal and r"\log p_y" in focal
    smoothing = loss_formula(training.TrainingConfig(loss="smoothing", label_smoothing=0.1))
    assert "(1 - 0.1)" in smoothing and r"\frac{0.1}{10}" in smoothing
    assert r"\sum_i w_{y_i}" in loss_formula(training.TrainingConfig(loss="weighted"))


@pytest.fixture(scope="module")
def summary():
    config = training.TrainingConfig(loss="weighted", epochs=2, seed=1)
    with threadpool_limits(1):
        run = digits.train(config, (0, 1), 0.2)
    return setup.summarize(run, "weighted", (0, 1), 2.0)


def test_summary_numbers_come_from_ce_core(summary):
    result, labels = summary.run.result, summary.run.data.test_labels
    assert summary.final_accuracy == result.history.test_accuracy[-1]
    expected = cc.categorical_cross_entropy(labels, result.test_logits, from_logits=True, base=2)
    assert summary.test_cross_entropy == float(expected)
    np.testing.assert_array_equal(summary.test_loss, cc.nats_to(result.history.test_loss, 2.0))
    assert summary.rare_recall == calibration.mean_recall(summary.confusion, (0, 1))
    assert summary.confusion.sum() == labels.size


def test_hardest_examples_are_the_highest_test_losses(summary):
    hardest, losses = setup.hardest_examples(summary, 2.0)
    all_losses = summary.run.result.test_cross_entropy
    assert len(hardest) == setup.GALLERY_SIZE
    assert np.all(np.diff(losses) <= 0)
    assert losses[-1] * np.log(2) >= np.sort(all_losses)[-setup.GALLERY_SIZE] - 1e-12


def test_explanations_put_the_summary_into_words(summary):
    metrics = explain.metrics(summary, (0, 1), "bits")
    assert [value for _, value, _ in metrics] == [
        summary.final_accuracy,
        summary.rare_recall,
        summary.ece,
        summary.test_cross_entropy,
    ]
    assert "bits" in metrics[3][0]
    worst = int(np.nanargmin(summary.recall))
    recall = explain.recall_numbers(summary)
    assert sig(summary.recall[worst]) in recall and sig(summary.rare_recall) in recall
    wrong = int(summary.confusion.sum() - np.trace(summary.confusion))
    assert str(wrong) in explain.confusion_numbers(summary)
    weights = explain.class_weights(summary.run.result.class_weights)
    assert weights is not None and "0: " in weights
    assert explain.class_weights(None) is None
    *split, counts = explain.split(summary.run.data, (0, 1))
    assert len(split) == 2 and "0: " in counts


def test_progress_runs_from_0_to_1_over_every_run():
    assert explain.progress("CE", 1, 2, 0, 10)[0] == 0
    assert explain.progress("CE", 1, 2, 10, 10)[0] == 0.5
    fraction, text = explain.progress("CE", 2, 2, 10, 10)
    assert fraction == 1 and "CE" in text


def test_widget_values_are_ids_and_labels_are_words():
    names = explain.option_names("loss", training.LOSSES)
    assert list(names) == list(training.LOSSES)
    assert all(name and name != loss for loss, name in names.items())
    text = explain.widget_text("model", hidden=setup.HIDDEN_UNITS)
    assert set(text) == {"label", "help"} and str(setup.HIDDEN_UNITS) in text["help"]
    assert explain.digit_list([3, 4]) == "3, 4"


def test_a_preset_sets_its_fields_through_the_frame():
    class StandIn:
        def __init__(self):
            self.values = {}

        def set_value(self, field, value):
            self.values[field.key] = value

    page = StandIn()
    setup.apply_preset(page, "preset_imbalance")
    assert page.values["compare"] == "weighted" and page.values["imbalance"] == 0.1
    assert page.values == {field.key: value for field, value in setup.PRESETS["preset_imbalance"]}


def test_fields_carry_the_widgets_bounds_and_options():
    assert (setup.GAMMA.parse.widget_low, setup.GAMMA.parse.widget_high) == (0, 5)
    assert setup.GAMMA.parse.step == 0.1 and setup.SEED.parse.integer
    assert setup.RARE.parse.options == tuple(range(10))
    assert setup.RARE.parse("4, 0") == [0, 4]
    assert setup.BATCH.parse.options == setup.BATCH_SIZES
    assert setup.VIEW.parse.options == setup.VIEWS


def test_curve_lines_pair_a_dashed_training_line_with_a_test_line(summary):
    lines = explain.curve_lines([summary, summary], "accuracy", ("blue", "red"))
    assert [(line.colour, line.dashed) for line in lines] == [
        ("blue", True), ("blue", False), ("red", True), ("red", False)
    ]  # fmt: skip
    np.testing.assert_array_equal(lines[1].values, summary.history.test_accuracy)
    loss_lines = explain.curve_lines([summary], "loss", ("blue",))
    np.testing.assert_array_equal(loss_lines[0].values, summary.train_loss)


@pytest.fixture(scope="module")
def pair():
    """Cross-entropy and class-weighted cross-entropy on the same reduced data."""
    with threadpool_limits(1):
        runs = [
            digits.train(training.TrainingConfig(loss=loss, epochs=3, seed=2), (0, 1, 2), 0.1)
            for loss in ("ce", "weighted")
        ]
    names = ("CE", "W")
    return [setup.summarize(r, n, (0, 1, 2), np.e) for r, n in zip(runs, names, strict=True)]


def test_the_comparison_table_puts_both_runs_and_their_differences_side_by_side(pair):
    from ce_ui.tables.training import comparison_caption, comparison_columns, signed

    first, second = pair
    columns = comparison_columns(first, second)
    # Short headers and labels, so that the four columns fit a phone's 390 px.
    assert list(columns) == ["Metric", "CE", "Weighted", "Δ"]
    assert columns["Metric"] == ["Accuracy", "Rare recall", "ECE"]
    assert max(len(text) for column in columns.values() for text in column) <= 11
    values = [
        (first.final_accuracy, second.final_accuracy),
        (first.rare_recall, second.rare_recall),
        (first.ece, second.ece),
    ]
    assert columns["CE"] == [sig(a) for a, _ in values]
    assert columns["Weighted"] == [sig(b) for _, b in values]
    assert columns["Δ"] == [signed(b - a) for a, b in values]
    assert signed(0.0123) == "+0.0123" and signed(-0.0045) == "−0.0045" and signed(0) == "0"
    # Without rare digits the recall row is the mean recall of all digits.
    plain = setup.summarize(first.run, "CE", (), np.e)
    rows = comparison_columns(plain, plain)
    assert rows["Metric"][1] == "Mean recall" and rows["Δ"] == ["0", "0", "0"]
    caption = comparison_caption(first, second)  # the full names behind the short ones
    assert caption.startswith("CE: CE; Weighted: W. Δ = Weighted − CE")


def test_the_verdict_names_the_loss_with_the_higher_rare_digit_recall(pair):
    first, second = pair
    verdict = explain.comparison_verdict(first, second, (0, 1, 2))
    winner, loser = (first, second) if first.rare_recall > second.rare_recall else (second, first)
    assert f"**{winner.name}** wins" in verdict and f"for {loser.name}" in verdict
    assert sig(winner.rare_recall) in verdict and sig(loser.rare_recall) in verdict
    assert "(0, 1, 2)" in verdict
    tie = explain.comparison_verdict(first, first, (0, 1, 2))
    assert "same mean recall" in tie and sig(first.rare_recall) in tie
    plain = setup.summarize(first.run, "CE", (), np.e)
    assert "Over all digits" in explain.comparison_verdict(plain, plain, ())


def test_the_quiz_asks_about_the_rare_digits_without_giving_the_answer(pair):
    first, second = pair
    prompt = explain.quiz_prompt(pair, (0, 1, 2))
    assert "rare digits (0, 1, 2)" in prompt and "CE or W" in prompt
    for number in (first.rare_recall, second.rare_recall, first.final_accuracy):
        assert sig(number) not in prompt
    assert "after 3 epochs" in explain.quiz_prompt([first], (0, 1, 2))
    plain = setup.summarize(first.run, "CE", (), np.e)
    assert "over all digits" in explain.quiz_prompt([plain, plain], ())


def test_configs_come_from_the_pages_values():
    class StandIn:
        def value(self, field):
            return {"epochs": 7, "seed": 5, "gamma": 1.5}.get(field.key, field.default)

    ce, focal = setup.configs_from(StandIn(), ["ce", "focal"])
    assert (ce.epochs, ce.seed, ce.batch_size, ce.model) == (7, 5, 32, "softmax")
    assert focal.gamma == 1.5 and focal.loss == "focal"


def test_the_rooms_number_is_the_recall_difference_whose_sign_names_the_winner(pair):
    first, second = pair
    assert explain.quiz_answer(pair) == pytest.approx(second.rare_recall - first.rare_recall)
    assert "guess the difference in recall, W minus CE" in explain.quiz_prompt(pair, (0, 1, 2))
    assert explain.quiz_answer([first]) == first.final_accuracy
    plain = setup.summarize(first.run, "CE", (), np.e)
    assert explain.quiz_answer([plain, plain]) == 0.0  # mean recall over all digits, no rare one
