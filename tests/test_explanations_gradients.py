"""The Gradients page's sentences and table, without Streamlit."""

import numpy as np
import pytest

import ce_core as cc
from ce_ui import i18n
from ce_ui.explanations import gradients as explain


@pytest.fixture
def language():
    def use(lang):
        i18n._thread_language.set(lang)

    yield use
    i18n._thread_language.set("en")


def test_values_text_uses_four_digits_and_no_negative_zero():
    assert explain.values_text([0.123456, -0.0, -2.0]) == "0.1235, 0, −2"


def test_true_probability_and_its_gradient_written_as_powers_when_they_underflow():
    assert explain.true_probability_text(0.25, np.log(0.25)) == "0.25"
    assert explain.true_probability_text(0.0, -2000.0) == "e^−2000"
    assert explain.probability_gradient_text(0.25, -4.0, np.log(0.25)) == "−4"
    assert explain.probability_gradient_text(0.0, -np.inf, -2000.0) == "−e^2000"


def test_gradient_explanation_saturated_names_the_largest_other_probability(language):
    language("en")
    saturated = explain.gradient_explanation(np.array([0.0, 0.0]), np.array([1.0, 1e-20]), 0)
    assert "1e−20" in saturated
    general = explain.gradient_explanation(np.array([-0.5, 0.5]), np.array([0.5, 0.5]), 0)
    assert general == i18n.translate("en", "gradients.gradient_explanation")


@pytest.mark.parametrize(
    ("lang", "probabilities", "start"),
    [
        ("en", [1.0, 0.0, 0.5], "Class 1:"),
        ("en", [1.0, 0.0, 0.0], "Classes 1, 2:"),
        ("ru", [1.0, 0.0, 0.5], "Класс 1:"),
        ("ru", [1.0, 0.0, 0.0], "Классы 1, 2:"),
        ("zh", [1.0, 0.0, 0.0], "类别 1, 2："),
    ],
)
def test_underflow_note_is_plural_by_the_number_of_classes(language, lang, probabilities, start):
    language(lang)
    note = explain.underflow_note(np.array(probabilities), 0)
    assert note.startswith(start)


def test_no_underflow_note_when_every_other_class_shows():
    assert explain.underflow_note(np.array([0.5, 0.0, 0.5]), 1) is None


@pytest.mark.parametrize(
    ("start", "end", "key"),
    [
        (1.0, 0.5, "gradients.loss_gone"),
        (1.0, 1.00001, "gradients.loss_same"),
        (1e-5, 2e-5, "gradients.loss_rose"),
    ],
)
def test_loss_change_is_worded_by_what_happened(language, start, end, key):
    language("en")
    from ce_ui.format import sig

    expected = i18n.translate("en", key, start=sig(start), end=sig(end), unit="nats", step=3)
    assert explain.loss_change(start, end, 3, "nats") == expected


def test_gradient_table_has_a_row_per_class(language):
    language("en")
    z = np.array([0.0, 0.0])
    p = cc.softmax(z)
    table = explain.gradient_table(
        np.eye(2)[0], p, z, cc.cross_entropy_grad(0, z), cc.probability_grad(0, p)
    )
    columns = list(table.values())
    assert columns[0] == ["0", "1"]
    assert columns[4] == ["−0.5", "0.5"]
    assert columns[5] == ["−2", "0"]
    quiz = explain.gradient_table(
        np.eye(2)[0], p, z, cc.cross_entropy_grad(0, z), cc.probability_grad(0, p), revealed=False
    )
    assert list(quiz) == [table_key for table_key in list(table)[:2]] + [list(table)[3]]
    assert "−0.5" not in str(quiz) and "0.5" not in str(quiz)  # the inputs only: class, y, z


@pytest.mark.parametrize(
    ("lang", "count", "text"),
    [
        ("en", 1, "after 1 step"),
        ("en", 5, "after 5 steps"),
        ("ru", 1, "после 1 шага"),
        ("ru", 3, "после 3 шагов"),
        ("ru", 11, "после 11 шагов"),
        ("ru", 21, "после 21 шага"),
    ],
)
def test_step_counts_are_plural(lang, count, text):
    assert i18n.translate(lang, "gradients.probabilities_now", count=count) == text
