"""Frame's widget factories draw a widget from its field: bounds, options and max_chars come
from the declaration, a language switch keeps the value, and Optional/OneOf decide the link."""

from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

APP = Path(__file__).with_name("field_app.py")


def open_script(query):
    at = AppTest.from_file(str(APP), default_timeout=30)
    for key, value in query.items():
        at.query_params[key] = value
    return at.run()


def test_widgets_take_their_bounds_options_and_length_from_the_field():
    at = open_script({"gamma": "2.5"})
    assert not at.exception
    slider = at.slider(key="fields.gamma")
    assert (slider.min, slider.max, slider.step, slider.value) == (0, 5, 0.5, 2.5)
    assert at.radio(key="fields.mode").options == ["probabilities", "logits"]
    assert at.radio(key="fields.mode").value == "p"  # the value is the id, the label translated
    assert at.text_input(key="fields.p").max_chars == 500
    picker = at.selectbox(key="fields.view.pick")
    assert picker.value == 1 and picker.options == ["class 0", "class 1", "class 2"]


def test_a_link_chooses_the_form_and_the_switch_and_carries_only_those_keys():
    at = open_script({"z": "1,2", "eps": "0.01"})
    assert at.radio(key="fields.mode").value == "z" and at.toggle(key="fields.clip").value
    assert at.query_params["z"] == "1,2" and at.query_params["eps"] == "0.01"
    assert not {"p", "mode", "clip"} & set(at.query_params)
    at.toggle(key="fields.clip").set_value(False).run()
    assert "eps" not in at.query_params
