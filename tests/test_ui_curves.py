"""The Curves page's model (ce_ui.curves_numbers) without AppTest: its fields' bounds, the
callbacks on a stand-in page, the numbers of one view, and what a quiz hides."""

from __future__ import annotations

import math

import numpy as np
import pytest

from ce_ui import curves_numbers as numbers
from ce_ui.curves_numbers import EPS, SLIDER, P, Y
from ce_ui.fields import View
from ce_ui.i18n import use_language


@pytest.fixture(autouse=True)
def english():
    use_language("en")


class StandIn:
    """A page as the callbacks see it: values, views, and the last valid readings."""

    def __init__(self, **views):
        self.state = {field: field.default for field in numbers.FIELDS}
        self.views = views
        self.last_valid = {}

    def value(self, field):
        return self.state[field]

    def set_value(self, field, value):
        self.state[field] = value

    def view_value(self, view: View):
        return self.views.get(view.name)


def test_the_exact_field_offers_every_float_strictly_between_0_and_1():
    assert P.parse.widget_low == 5e-324
    assert P.parse.widget_high == np.nextafter(1.0, 0.0)
    assert P.parse("1e-300") == 1e-300
    assert (SLIDER.rule.widget_low, SLIDER.rule.widget_high, SLIDER.rule.step) == (
        0.001,
        0.999,
        0.001,
    )
    assert numbers.LABELS == (1, 0)
    assert (EPS.parse.low, EPS.parse.high) == (0, numbers.EPS_MAX)
    assert Y.parse("0") == 0


@pytest.mark.parametrize(
    ("p", "shown"), [(1e-9, 0.001), (0.12345, 0.123), (0.9999, 0.999), (0.5, 0.5)]
)
def test_the_slider_shows_p_rounded_into_its_range(p, shown):
    assert numbers.slider_shown(p) == shown


def test_the_slider_and_the_worked_examples_write_the_fields():
    page = StandIn(p_slider=0.25)
    numbers.on_slider(page)
    assert page.state[P] == 0.25
    numbers.set_example(page, 0.001, 0)
    assert (page.state[P], page.state[Y]) == (0.001, 0)


def test_a_p_that_cannot_be_used_keeps_the_last_valid_one_and_names_it():
    page = StandIn()
    assert numbers.read_p(0.3, page) == (0.3, None)
    p, problem = numbers.read_p(1.0, page)
    assert p == 0.3
    assert "p = 1" in problem and "(0, 1)" in problem
    fresh = StandIn()
    assert numbers.read_p("abc", fresh)[0] == P.default


def test_one_view_s_numbers_come_from_ce_core():
    r = numbers.result(0.1, 1, 0.0, math.e)
    assert r.eps is None and not r.is_clipped
    assert r.loss == pytest.approx(-math.log(0.1))
    assert r.slope == pytest.approx(-10)
    assert [(point.x, round(point.y, 4)) for point in r.worked] == [(0.9, 0.1054), (0.1, 2.3026)]
    clipped = numbers.result(1e-9, 1, 1e-7, math.e)
    assert clipped.is_clipped and clipped.clipped_p == 1e-7
    assert clipped.loss == pytest.approx(-math.log(1e-7))
    assert clipped.exact_loss == pytest.approx(-math.log(1e-9))
    assert clipped.slope == 0 and clipped.cap_height == pytest.approx(16.118, abs=1e-3)
    mirror = numbers.result(0.9, 0, 0.0, 2.0)
    assert mirror.p_true == pytest.approx(0.1)
    assert mirror.loss == pytest.approx(-math.log2(0.1))
    assert [point.x for point in mirror.worked] == pytest.approx([0.1, 0.9])


def test_the_worked_buttons_show_their_losses_unless_a_quiz_hides_them():
    labels = [label for *_, label in numbers.worked_buttons(math.e, "nats")]
    assert labels[1] == "p = 0.1, y = 1 → 2.303 nats"
    hidden = [label for *_, label in numbers.worked_buttons(math.e, "nats", hide_losses=True)]
    assert hidden[1] == "p = 0.1, y = 1"
    assert not any("→" in label for label in hidden)


def test_a_hidden_loss_chart_writes_no_loss():
    r = numbers.result(0.1, 1, 0.01, math.e)
    _, shown = numbers.loss_chart(r, "nats", "nats")
    assert "2.303" in shown["chosen"].label and shown["worked"] and shown["cap"] is not None
    _, hidden = numbers.loss_chart(r, "nats", "nats", hidden=True)
    assert hidden["chosen"].label == "p = 0.1"
    assert hidden["worked"] == [] and hidden["cap"] is None
    libraries = numbers.libraries_near_zero(r.eps, 1, 0.1, math.e)
    (_, _, caps), kwargs = numbers.cap_chart(r, libraries, "nats", hidden=True)
    assert caps == [] and "2.303" not in kwargs["chosen"].label


def test_the_ladder_and_the_slope_at_one():
    losses, slopes = numbers.ladder(math.e)
    assert losses.tolist() == pytest.approx([-math.log(v) for v in numbers.LADDER])
    assert slopes.tolist() == pytest.approx([-1 / v for v in numbers.LADDER])
    assert numbers.truth_slope_at_one(2.0) == pytest.approx(-1 / math.log(2))
