"""The Playground's model (ce_ui.playground) and formulas (ce_ui.formulas.playground), tested
without AppTest."""

from __future__ import annotations

import math

import numpy as np
import pytest

import ce_core as cc
from ce_ui import playground as pg
from ce_ui.fields import View
from ce_ui.formulas import playground as formulas
from ce_ui.i18n import translate


def values(**changes):
    current = {field: field.default for field in pg.FIELDS}
    by_key = {field.key: field for field in pg.FIELDS}
    current.update({by_key[key]: value for key, value in changes.items()})
    return current


def test_the_default_example_scores_like_ce_core():
    example = pg.read_example(values(), pg.ONE_CLASS, {})
    scores = pg.score(example, math.e)
    assert scores.loss == pytest.approx(-math.log(0.7))
    assert scores.terms.tolist() == pytest.approx([-math.log(0.7), 0, 0])
    assert scores.shown == scores.loss and scores.clipped_loss is None


def test_a_bad_edit_keeps_the_last_valid_prediction_and_names_the_normalised_values_in_use():
    last = {}
    first = pg.read_example(values(p="0.5, 0.6, 0.2"), pg.ONE_CLASS, last)
    assert first.prediction_sum == pytest.approx(1.3)
    bad = pg.read_example(values(p="0.5, abc, 0.2"), pg.ONE_CLASS, last)
    assert "abc" in bad.prediction_problem
    # The results use 0.5/1.3, 0.6/1.3, 0.2/1.3; so does the message (issue 14).
    assert bad.prediction_in_use.tolist() == pytest.approx([0.5 / 1.3, 0.6 / 1.3, 0.2 / 1.3])
    assert pg.score(bad, math.e).loss == pytest.approx(-math.log(0.5 / 1.3))


def test_logits_are_scored_from_the_logits_and_their_terms_summed():
    example = pg.read_example(values(mode="logits", z="2, 1, 0.1", t=2.0), pg.ONE_CLASS, {})
    scores = pg.score(example, 2.0)
    z = np.array([2, 1, 0.1]) / 2
    expected = float(cc.categorical_cross_entropy(0, z, from_logits=True, base=2))
    assert scores.loss == pytest.approx(expected)
    assert scores.terms.sum() == pytest.approx(expected)
    assert example.prediction_in_use.tolist() == [2, 1, 0.1]


def test_a_soft_target_is_normalised_and_its_table_shades_its_classes():
    example = pg.read_example(values(y="0.9, 0.05, 0.1"), pg.DISTRIBUTION, {})
    assert example.target_sum == pytest.approx(1.05)
    scores = pg.score(example, math.e)
    columns, exact, shaded, bold = pg.class_table(example, scores, revealed=True, bits=False)
    assert list(columns) == [
        translate("en", f"playground.{key}", log="ln")
        for key in ("col_class", "col_target", "col_prediction", "col_term")
    ]
    assert columns[translate("en", "playground.col_class")][-1] == "Σ"
    assert shaded.tolist() == [0, 1, 2] and bold == [3]
    assert exact[translate("en", "playground.col_term", log="ln")].sum() == pytest.approx(
        scores.loss
    )
    hidden, _, _, _ = pg.class_table(example, scores, revealed=False, bits=False)
    assert len(hidden) == 3  # a quiz hides the terms


@pytest.mark.parametrize(("y", "count"), [("1, 0, 0", 1), ("0.5, 0.5, 0", 2)])
def test_the_chart_caption_counts_the_weighted_classes_with_a_plural(y, count):
    example = pg.read_example(values(y=y), pg.DISTRIBUTION, {})
    caption = pg.chart_caption(example)
    assert caption.startswith(
        translate("en", "playground.chart_caption_soft", count=count, guess="").rstrip()
    )
    assert ("1 classes" not in caption) and (("1 class;" in caption) == (count == 1))


def test_presets_are_recognised_whatever_the_separators():
    assert pg.active_presets(values(p="0.7 0.2;0.1")) == {"three_right"}
    assert pg.active_presets(values(p="0.2, 0.4, 0.4")) == {"three_unsure"}
    assert pg.batch_preset_active("sklearn", "0, 1", "0.9, 0.1\n0.5, 0.5")


def test_batch_reading_and_its_sum_warning():
    labels, rows = pg.parse_batch("0; 1", "0.9, 0.2\n0.5, 0.5")
    assert labels.tolist() == [0, 1]
    assert "1.1" in pg.batch_sum_warning(rows)
    assert pg.batch_sum_warning(np.array([[0.5, 0.5]])) is None
    with pytest.raises(pg.InputProblem):
        pg.parse_batch("0, 2", "0.9, 0.1\n0.5, 0.5")  # class 2 of two classes


def test_the_loss_formula_greys_zero_terms_and_collapses_many():
    target, p = np.array([1.0, 0, 0]), np.array([0.7, 0.2, 0.1])
    terms = cc.cross_entropy_terms(target, p)
    tex = formulas.loss_formula(target, p, terms, float(terms.sum()), bits=False)
    assert r"\textcolor{#595959}" in tex and r"-\ln 0.7" in tex and tex.endswith(r"\end{aligned}")
    many = np.eye(8)[3]
    tex = formulas.loss_formula(many, np.full(8, 1 / 8), many * 0, 2.079, bits=True)
    assert r"\underbrace{0 + \cdots + 0}_{3}" in tex and r"\log_2" in tex


def test_the_other_formulas_carry_the_numbers():
    tex = formulas.softmax_formula(np.array([1.0, 0.0]), 2.0, np.array([0.6, 0.4]))
    assert "[1, 0] / 2" in tex and "[0.6, 0.4]" in tex
    assert r"\frac{" in formulas.log_sum_exp_formula(1.5, 1.0, 0, 0.7, bits=True)
    assert "0.9" in formulas.binary_formula(1, np.array([0.1, 0.9]), 0.105, bits=False)
    assert r"\operatorname{clip}(0" in formulas.clipped_formula(1e-7, 0.0, 16.12, bits=False)
    assert r"\frac{1}{2}" in formulas.batch_formula(np.array([0.1, 0.7]), 0.4)


class StandIn:
    """A page as the callbacks see it: values, views, and the last valid readings."""

    def __init__(self, **state):
        self.state = {field: field.default for field in pg.FIELDS} | state
        self.last_valid = {}

    def value(self, field):
        return self.state[field]

    def set_value(self, field, value):
        self.state[field] = value

    def view_value(self, view: View):
        return self.state.get(view.name)

    def set_view(self, view: View, value):
        self.state[view.name] = value


def test_changing_the_number_of_classes_resizes_prediction_and_target():
    page = StandIn(classes=5)
    page.state[pg.Y] = "2"
    pg.on_classes_change(page)
    assert page.state[pg.P] == "0.7, 0.2, 0.1, 0, 0"
    page.state["classes"] = 2
    pg.on_classes_change(page)
    assert page.state[pg.P] == "0.7, 0.2" and page.state[pg.Y] == "1"


def test_presets_and_target_kind_switches_write_the_fields():
    page = StandIn(classes=3, target_class=2, target_kind=pg.DISTRIBUTION)
    pg.on_target_kind_change(page)
    assert page.state[pg.Y] == "0, 0, 1"
    pg.apply_preset(page, "logits")
    assert page.state[pg.MODE] == pg.LOGITS and page.state["target_kind"] == pg.ONE_CLASS
    pg.on_bars_change([0.2, 0.2, 0.2], page, pg.P)
    assert page.state[pg.P] == "0.333334, 0.333333, 0.333333"


def test_the_worked_explanations_numbers_come_with_the_scores():
    logits = pg.score(
        pg.read_example(values(mode="logits", z="2, 1", t=2.0), pg.ONE_CLASS, {}), 2.0
    )
    assert logits.log_sum_exp == pytest.approx(math.log(math.exp(1) + math.exp(0.5)))
    assert logits.binary_loss == pytest.approx(logits.loss)  # two classes: binary CE, same number
    soft = pg.score(pg.read_example(values(y="0.5, 0.5, 0"), pg.DISTRIBUTION, {}), math.e)
    assert soft.target_entropy == pytest.approx(math.log(2))
    assert soft.log_sum_exp is None and soft.binary_loss is None and soft.clip_cap is None
    clipped = pg.score(pg.read_example(values(clip=True, eps=1e-7), pg.ONE_CLASS, {}), math.e)
    assert clipped.clip_cap == pytest.approx(-math.log(1e-7), rel=1e-6)


def test_a_bad_batch_keeps_the_last_valid_one_and_says_so():
    page = StandIn()
    labels, rows, problem = pg.read_batch(page)
    assert problem is None and len(labels) == len(rows)
    page.set_value(pg.BATCH_P, "0.5, abc")
    again, same_rows, problem = pg.read_batch(page)
    assert "abc" in problem
    assert again.tolist() == labels.tolist() and same_rows.tolist() == rows.tolist()
    assert pg.batch_in_use(again, same_rows).endswith(
        "labels 0, 1 with the rows 0.9, 0.1 · 0.5, 0.5"
    )
