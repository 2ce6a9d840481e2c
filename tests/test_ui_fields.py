"""ce_ui.fields and the Frame's field-driven widgets: bounds declared once, one way of typing a
vector, the shared bad-input and Normalise policies. Pure tests (no AppTest) except the last."""

from __future__ import annotations

import numpy as np
import pytest

from ce_ui import fields
from ce_ui.i18n import translate
from ce_ui.inputs import InputProblem
from ce_ui.url_state import InvalidValue, split_items


def test_a_number_fields_bounds_are_readable_by_widgets():
    gamma = fields.number_field("gamma", 2.0, 0, 5, step=0.5)
    assert (gamma.parse.low, gamma.parse.high, gamma.parse.step) == (0, 5, 0.5)
    assert gamma.parse("2.5") == 2.5 and gamma.dump(2.0) == "2"
    with pytest.raises(InvalidValue):
        gamma.parse("6")
    open_p = fields.number_field("p", 0.9, 0, 1, step=0.001, low_open=True, high_open=True)
    assert open_p.parse.widget_low == pytest.approx(0.001)
    assert open_p.parse.widget_high == pytest.approx(0.999)
    with pytest.raises(InvalidValue):
        open_p.parse("0")


@pytest.mark.parametrize(
    "typed", ["0.7, 0.2, 0.1", "0.7,0.2,0.1", "0.7 0.2;0.1", " 0.7 ,0.2 , 0.1 "]
)
def test_one_way_of_typing_a_vector(typed):
    p = fields.vector_field("p", "0.7,0.2,0.1", min_length=2, low=0, high=1)
    assert p.default == "0.7, 0.2, 0.1"
    assert p.dump(typed) == "0.7,0.2,0.1"  # the URL
    assert p.parse(p.dump(typed)) == "0.7, 0.2, 0.1"  # the field
    assert p.parse.read(typed, "p").tolist() == [0.7, 0.2, 0.1]
    assert split_items(typed) == ["0.7", "0.2", "0.1"]


def test_a_vector_field_reads_with_its_bounds_and_names_the_bad_value():
    p = fields.vector_field("p", "0.5,0.5", min_length=2, low=0, high=1)
    with pytest.raises(InputProblem, match="abc"):
        p.parse.read("0.5, abc", "p")
    with pytest.raises(InputProblem):
        p.parse.read("0.5", "p")  # too short
    with pytest.raises(InputProblem, match=r"number 2\) is outside"):
        p.parse.read("0.5, 1.5", "p")


def test_rows_are_lines_on_screen_and_semicolons_in_the_url():
    rows = fields.rows_field("rows", "0.9,0.1;0.5,0.5", max_rows=2, max_chars=100)
    assert rows.default == "0.9, 0.1\n0.5, 0.5"
    assert rows.dump("0.9 0.1\n\n0.5,0.5") == "0.9,0.1;0.5,0.5"
    assert rows.parse.lines("0.9, 0.1\n0.5, 0.5", "rows") == ["0.9, 0.1", "0.5, 0.5"]
    with pytest.raises(InputProblem):
        rows.parse.lines("1\n2\n3", "rows")  # three rows, two allowed


def test_one_of_leaves_the_other_forms_out_of_the_link():
    mode = fields.choice_field("mode", "p", ("p", "z"))
    p, z, temperature = (fields.number_field(key, 1, 0, 2) for key in ("p", "z", "t"))
    one_of = fields.OneOf(mode, (("p", (p,)), ("z", (z, temperature))))
    assert one_of.fields == (mode, p, z, temperature)
    assert one_of.omitted("p") == {"mode", "z", "t"}
    assert one_of.omitted("z") == {"mode", "p"}
    assert fields.Optional(fields.flag_field("clip"), p).fields[1] is p


def test_normalise_has_one_rounding_rule_summing_to_exactly_one():
    assert fields.normalised_text([1, 1, 1]) == "0.333334, 0.333333, 0.333333"
    assert fields.normalised_text([0.5, 0.6, 0.2]) == "0.384615, 0.461539, 0.153846"
    assert fields.normalised_text(np.array([[2, 2], [1, 3]])) == "0.5, 0.5\n0.25, 0.75"
    assert fields.off_one([0.5, 0.6, 0.2]) and not fields.off_one([0.7, 0.2, 0.1])
    assert fields.off_one([[0.5, 0.5], [0.9, 0.2]])


def test_the_bad_input_message_names_the_problem_and_the_values_in_use():
    message = fields.fallback_message("The field p: “abc” is not a number.", [0.384615, 0.5])
    assert message.startswith("The field p: “abc” is not a number. ")
    assert message.endswith(translate("en", "common.fallback", value="0.3846, 0.5"))
    assert fields.fallback_message("Bad.", "class 2").endswith(
        translate("en", "common.fallback", value="class 2")
    )
