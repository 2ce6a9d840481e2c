"""The Multi-label and Focal pages' sentences, tables, parsing and cross-link note (pure modules:
ce_ui.explanations, ce_ui.tables, ce_ui.multilabel), without Streamlit."""

import math
from types import SimpleNamespace

import numpy as np
import pytest

from ce_core import scenarios
from ce_ui import multilabel as ml
from ce_ui.explanations import focal as fe
from ce_ui.explanations import multilabel as me
from ce_ui.i18n import translate
from ce_ui.inputs import InputProblem
from ce_ui.tables import focal as ft
from ce_ui.tables import multilabel as mt

LANGS = ("en", "vi", "ru", "zh")


def test_read_example_accepts_the_presets_and_names_each_problem():
    y, p = ml.read_example("en", *ml.SINGLE)
    assert y.tolist() == [1, 0, 0, 0, 0] and p[1] == 0.5
    with pytest.raises(InputProblem, match="number 2"):
        ml.read_example("en", "1,0.5,0", "0.2,0.3,0.4")
    with pytest.raises(InputProblem) as problem:
        ml.read_example("en", "1,0", "0.2,0.3,0.4")
    assert "2" in str(problem.value) and "3" in str(problem.value)
    with pytest.raises(InputProblem):
        ml.read_example("en", "1,0", "1,0.3")


def test_scenario_in_closed_form_and_with_beta_negatives():
    constant = ml.scenario(1000, 2, 0.8, 0.1, 1.0, "sum", math.e, None, 0)
    assert constant.loss.total == pytest.approx(105.596, abs=1e-3)
    beta = scenarios.many_class_scenario(50, 2, 0.8, 0.1, concentration=10.0, seed=3)
    assert ml.scenario(50, 2, 0.8, 0.1, 1.0, "sum", math.e, 10.0, 3).loss == beta.loss


@pytest.mark.parametrize(
    ("ratio", "key"),
    [(2.118, "positive_heavier"), (1 / 68.97, "negative_heavier"), (1.0001, "equally_heavy")],
)
def test_weight_comparison_names_the_heavier_side(ratio, key):
    assert me.weight_comparison("en", ratio) == translate(
        "en", f"multilabel.{key}", ratio=me.sig(max(ratio, 1 / ratio))
    )


def test_single_label_sentence_lists_every_absent_class():
    y, p = ml.read_example("en", *ml.SINGLE)
    terms = scenarios.binary_class_terms(y, p)
    view = scenarios.categorical_view(y, p)
    text = me.single_label(
        "en", y=y, p=p, binary_terms=terms, view=view, base=math.e, log="ln", unit="nats"
    )
    assert "class 1 (p = 0.5), which costs 0.6931" in " ".join(text.split())
    for name in ("class 2", "class 3", "class 4"):
        assert name in text


def test_scenario_sentence_counts_and_conclusion():
    loss = scenarios.many_class_scenario(2, 1, 0.8, 0.1).loss
    text = me.scenario(
        "en", classes=2, positives=1, neg_weight=1.0, reduction="sum", loss=loss, unit="nats"
    )
    assert "1 negative against\n1 positive," in text
    assert text.endswith(translate("en", "multilabel.conclusion_balanced"))
    assert (
        me.scenario(
            "en", classes=2, positives=2, neg_weight=1.0, reduction="sum", loss=loss, unit="nats"
        )
        is None
    )


@pytest.mark.parametrize(
    ("lang", "count", "words"),
    [
        ("en", 1, "The 1 negative's probability"),
        ("en", 998, "The 998 negatives' probabilities"),
        ("ru", 1, "1 отрицательного класса"),
        ("ru", 21, "21 отрицательного класса"),
        ("ru", 3, "3 отрицательных классов"),
        ("ru", 998, "998 отрицательных классов"),
        ("vi", 5, "5 lớp âm"),
        ("zh", 5, "5 个负类"),
    ],
)
def test_beta_sentence_takes_the_plural_form_of_the_negatives(lang, count, words):
    result = SimpleNamespace(negative_p_mean=0.1, negative_p_low=0.02, negative_p_high=0.25)
    text = me.beta_negatives(lang, count, result)
    assert words in text
    assert "0.25" in text and "0.02" in text


@pytest.mark.parametrize(
    ("lang", "bars", "words"),
    [
        ("en", 1, "1 bar stands for 2 classes"),
        ("en", 45, "45 bars stand for 100000 classes"),
        ("ru", 1, "1 столбец"),
        ("ru", 3, "3 столбца"),
        ("ru", 45, "45 столбцов"),
    ],
)
def test_profile_caption_takes_the_plural_form_of_the_bars(lang, bars, words):
    classes = 2 if bars == 1 else 100000
    text = me.profile_caption(lang, bars, classes)
    assert words in text and str(classes) in text


def test_note_beside_the_focal_link_names_what_focal_loss_does_not_model():
    assert ml.not_carried_to_focal("en", neg_weight=1.0, reduction="sum", beta=False) is None
    for lang in LANGS:
        note = ml.not_carried_to_focal(lang, neg_weight=0.3, reduction="mean", beta=True)
        for key in ("dropped_mean", "dropped_beta"):
            assert translate(lang, f"multilabel.{key}") in note
        assert "0.3" in note
    only_beta = ml.not_carried_to_focal("en", neg_weight=1.0, reduction="sum", beta=True)
    assert "Beta" in only_beta and "mean" not in only_beta


def test_class_terms_table_has_one_row_per_class_and_a_sum():
    y, p = ml.read_example("en", *ml.SINGLE)
    terms = scenarios.binary_class_terms(y, p)
    view = scenarios.categorical_view(y, p)
    names = me.class_names("en", y.size)
    columns, sum_row = mt.class_terms(
        "en",
        names=names,
        y=y,
        p=p,
        logits=scenarios.logit(p),
        binary_terms=terms,
        view=view,
        unit="nats",
    )
    assert sum_row == 5 and all(len(column) == 6 for column in columns.values())
    assert columns["y"][-1] == "1"
    assert list(columns.values())[-2][-1] == "3.430"
    assert list(columns.values())[-1][-1] == "2.303"
    no_label, _ = mt.class_terms(
        "en", names=names, y=0 * y, p=p, logits=p, binary_terms=terms, view=None, unit="nats"
    )
    assert set(list(no_label.values())[-1]) == {"—"}


def test_forced_softmax_table_of_two_labels():
    y, p = ml.read_example("en", *ml.MULTI)
    view = scenarios.categorical_view(y, p)
    columns = mt.forced_softmax(
        "en", names=me.class_names("en", 5), y=y, p=p, view=view, unit="nats"
    )
    assert columns[translate("en", "multilabel.forced_table_target")] == [
        "0.5",
        "0",
        "0",
        "0",
        "0.5",
    ]


def test_times_writes_whole_thousands_in_full():
    assert fe.times("en", 4.0) == "4×"
    assert fe.times("en", 976.6) == "976.6×"
    assert fe.times("en", 10000.0) == "10\u202f000×"  # grouped by a narrow no-break space


@pytest.mark.parametrize(
    ("ratio", "gamma", "alpha", "key"),
    [
        (4.0, 2.0, 0.0, "nothing_left"),
        (1.0, 0.0, None, "same_loss"),
        (1.00001, 0.5, None, "same_loss_rounded"),
    ],
)
def test_loss_comparison_cases(ratio, gamma, alpha, key):
    assert fe.loss_comparison("en", ratio, gamma, alpha) == translate("en", f"focal.{key}")


def test_crossover_and_gradient_comparisons():
    assert fe.crossover("en", 2.0, 0.0, ()) == translate("en", "focal.crossover_alpha0")
    assert fe.crossover("en", 0.0, None, ()) == translate("en", "focal.crossover_gamma0")
    below = fe.crossover("en", 2.0, None, ((0.0, 0.2976),))
    assert below == translate("en", "focal.crossover_below", high="0.2976")
    assert fe.gradient_comparison("en", 0.0) == translate("en", "focal.gradient_none")
    assert fe.gradient_comparison("en", 0.25) == translate(
        "en", "focal.gradient_weaker", times="4×"
    )
    assert fe.gradient_comparison("en", 1.25) == translate(
        "en", "focal.gradient_stronger", times="1.25×"
    )


def test_table_summary_and_conclusion():
    text = fe.table_summary("en", 2.0, None, 1.235, 100.0, 976.6)
    assert "pₜ = 0.9 is turned down 100×, one at pₜ = 0.968 976.6×" in text
    assert text.endswith(translate("en", "focal.table_conclusion_kept"))
    assert fe.table_summary("en", 0.0, None, 1.0, 1.0, 1.0) == translate("en", "focal.table_gamma0")


def test_down_weighting_table_places_your_row_in_order_and_shades_it():
    table_p_t = (0.1, 0.5, 0.9)
    ce, fl, ratio = scenarios.down_weighting([0.75, *table_p_t], gamma=2.0)
    rows = ft.down_weighting_rows(table_p_t, 0.75, ce, fl, ratio)
    assert [row[0] for row in rows] == [0.1, 0.5, 0.75, 0.9]
    columns, shaded = ft.down_weighting("en", rows, "nats")
    assert shaded == [2]
    assert list(columns.values())[0][2] == "0.75 (yours)"
    assert list(columns.values())[3][2] == "16×"
    again = ft.down_weighting_rows(
        table_p_t, 0.5, *scenarios.down_weighting([0.5, *table_p_t], gamma=2.0)
    )
    assert len(again) == 3 and not any(row[4] for row in again)


def test_figure1_and_scenario_tables():
    values = np.array([[2.302585, 0.105361], [1.865, 0.001054]])
    columns = ft.figure1((0.0, 2.0), (0.1, 0.9), values)
    assert columns == {"γ": ["0", "2"], "0.1": ["2.303", "1.865"], "0.9": ["0.1054", "0.001054"]}
    before = scenarios.many_class_scenario(1000, 2, 0.8, 0.1).loss
    after = scenarios.many_class_scenario(1000, 2, 0.8, 0.1, gamma=2.0).loss
    columns, bold = ft.scenario("en", before, after, "nats")
    assert bold == [2]
    assert list(columns.values())[1] == ["0.4463", "105.1", "105.6", "99.58 %"]
    assert fe.scenario("en", before, after).startswith(
        translate(
            "en", "focal.scenario_explained", pos_change="", neg_change="", before="", after=""
        )[:10]
    )
