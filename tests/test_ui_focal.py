"""The Focal page's model without AppTest (ce_ui.focal): its fields and their bounds, α as an
Optional that reads older links' alpha=none as off, the presets' callbacks, and the numbers."""

from __future__ import annotations

import math

import numpy as np
import pytest

import ce_core as cc
from ce_core import focal, scenarios
from ce_ui import fields
from ce_ui import focal as fo
from ce_ui.url_state import InvalidValue


class StandIn:
    """A page as the callbacks see it: the fields' values."""

    def __init__(self, **state):
        self.state = {field: field.default for field in fo.FIELDS if not hasattr(field, "fields")}
        self.state |= {field: field.default for field in fo.ALPHA.fields}
        self.state |= state

    def value(self, field):
        return self.state[field]

    def set_value(self, field, value):
        self.state[field] = value


def test_fields_carry_the_widgets_bounds():
    assert (fo.GAMMA.parse.low, fo.GAMMA.parse.high, fo.GAMMA.parse.step) == (0, 5, 0.1)
    assert (fo.P_T.parse.widget_low, fo.P_T.parse.widget_high) == (0.001, 0.999)
    assert (fo.ALPHA.value.key, fo.ALPHA.value.parse.high, fo.ALPHA.value.parse.step) == (
        "alpha",
        1,
        0.01,
    )
    with pytest.raises(InvalidValue):
        fo.P_T.parse("1")


def test_alpha_reads_the_old_off_spelling_as_absent_and_never_writes_it():
    alpha = fo.ALPHA
    assert alpha.value.parse("none") is None and alpha.value.parse(" None ") is None
    assert alpha.value.parse("0.3") == 0.3
    with pytest.raises(InvalidValue):
        alpha.value.parse("strong")
    assert isinstance(alpha.value.parse, fields.NumberRule)  # widgets still read its bounds
    assert alpha.is_on({"alpha": "0.3"}) and alpha.is_on({"alpha": "2"})
    assert not alpha.is_on({"alpha": "none"}) and not alpha.is_on({"gamma": "2"})
    assert alpha.value.dump(0.25) == "0.25"
    plain = fields.Optional(fields.flag_field("clip"), fields.number_field("eps", 1e-7, 0, 1))
    assert plain.is_on({"eps": "none"})  # no off spelling: any value switches it on
    with pytest.raises(TypeError):
        fields.Optional(fields.flag_field("x"), fields.choice_field("y", "a", ("a",)), off="no")


def test_setting_presets_set_gamma_and_switch_alpha():
    page = StandIn()
    fo.set_setting(page, 2.0, 0.25)
    assert page.value(fo.GAMMA) == 2.0 and fo.alpha_in_use(page) == 0.25
    page.set_value(fo.ALPHA.value, 0.6)
    fo.set_setting(page, 5.0, None)
    assert page.value(fo.GAMMA) == 5.0 and fo.alpha_in_use(page) is None
    assert page.value(fo.ALPHA.value) == 0.6  # kept for when α is switched on again
    fo.set_scenario(page, dict(fo.SCENARIO_PRESETS)["preset_huge"])
    assert page.value(fo.CLASSES) == 100_000 and page.value(fo.P_NEG) == 0.01


def test_point_is_cross_entropy_times_the_factor():
    point = fo.point(0.9, 2.0, None, math.e)
    assert point.ce == pytest.approx(-math.log(0.9))
    assert point.factor == pytest.approx(0.01)
    assert point.fl == pytest.approx(float(cc.focal_loss([1.0], [0.9], gamma=2.0)))
    assert point.times == pytest.approx(100)
    ce, fl, times = point.at(0.5)
    assert (ce, fl, times) == pytest.approx((math.log(2), 0.25 * math.log(2), 4))
    in_bits = fo.point(0.9, 2.0, 0.25, 2.0)
    assert in_bits.fl == pytest.approx(0.25 * 0.01 * -math.log2(0.9))


def test_gradient_and_its_exact_factor():
    grad = fo.gradient(0.9, 2.0, None)
    z = scenarios.logit([0.9])
    assert grad.fl_at == pytest.approx(float(cc.focal_loss_grad([1.0], z, gamma=2.0)[0]))
    assert grad.ce_at == pytest.approx(-0.1)
    assert grad.factor == pytest.approx(grad.fl_at / grad.ce_at)
    assert grad.factor == pytest.approx(0.01 * grad.lift)  # the loss's factor times the lift
    assert grad.ce.shape == grad.fl.shape == fo.GRID.shape
    assert (
        fo.gradient(0.9, 2.0, 0.0).fl_at == 0.0
        and math.copysign(1, fo.gradient(0.9, 2.0, 0.0).fl_at) == 1
    )  # −0 is shown as 0
    assert fo.stronger(2.0, None) == focal.focal_gradient_stronger(2.0, None)


def test_curves_and_names():
    losses, factors, table = fo.paper_curves(math.e)
    assert len(losses) == len(factors) == len(fo.PAPER_GAMMAS)
    assert table.shape == (len(fo.PAPER_GAMMAS), len(fo.FIGURE1_P_T))
    assert table[3, 4] == pytest.approx(0.01 * -math.log(0.9))  # γ = 2 at pₜ = 0.9
    frames = fo.gamma_frames(2.0, None, 0.9, math.e)
    np.testing.assert_allclose(frames.curves[frames.active], losses[3])  # the same ce_core curve
    assert frames.at_p_t[frames.active] == pytest.approx(table[3, 4])
    assert fo.curve_name(2.0, None) == "yours: γ = 2"
    assert fo.curve_name(2.5, 0.25) == "yours: γ = 2.5, α = 0.25"
    assert fo.animation_labels()["speed"].format(speed="2") == "Speed 2×"


def test_more_positives_than_classes_names_what_is_used():
    assert fo.positives_in_use(10, 3) == (3, None)
    count, (problem, in_use) = fo.positives_in_use(3, 5)
    assert count == 3 and "at most 3 classes can be present" in problem
    assert in_use == "3 positives"
    assert fo.positives_in_use(1, 5)[1][1] == "1 positive"


@pytest.mark.parametrize(
    ("dragged", "expected"), [(0.9003, 0.9), (0.12345, 0.123), (1e-9, 0.001), (0.99999, 0.999)]
)
def test_dragging_the_curve_handle_sets_pt_on_the_sliders_steps_and_range(dragged, expected):
    page = StandIn()
    fo.on_handle(dragged, page)
    assert page.value(fo.P_T) == pytest.approx(expected, abs=1e-12)
    fo.P_T.parse(str(page.value(fo.P_T)))  # a value the field itself accepts
