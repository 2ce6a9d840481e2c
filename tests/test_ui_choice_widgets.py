"""The Frame's multiselect, select_slider and segmented_control factories: options from the
field's rule, values stable ids (labels translated), the link written from the value, and a
language switch that keeps every value."""

from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

APP = Path(__file__).with_name("choice_widgets_app.py")


def open_script(query=None):
    at = AppTest.from_file(str(APP), default_timeout=30)
    for key, value in (query or {}).items():
        at.query_params[key] = value
    return at.run()


def test_options_come_from_the_rule_and_values_are_ids():
    at = open_script({"digits": "0,3", "size": "32", "view": "gallery"})
    assert not at.exception and not at.warning
    chosen = at.multiselect(key="choices.digits")
    assert chosen.value == [0, 3] and chosen.options == ["C0", "C1", "C2", "C3", "C4"]
    size = at.select_slider(key="choices.size")
    assert size.value == 32 and size.options == ["8", "16", "32"]
    view = at.button_group(key="choices.view")
    assert view.value == "gallery"
    assert [option.content for option in view.proto.options] == ["Curves", "Recall", "Gallery"]
    assert at.markdown[0].value == "[0, 3] 32 gallery"


def test_changing_a_widget_writes_its_id_to_the_link():
    at = open_script()
    assert dict(at.query_params) == {"digits": "1,2", "size": "16", "view": "curves"}
    at.multiselect(key="choices.digits").select(4).run()
    at.select_slider(key="choices.size").set_value(8).run()
    at.button_group(key="choices.view").set_value("recall").run()
    assert not at.exception
    assert dict(at.query_params) == {"digits": "1,2,4", "size": "8", "view": "recall"}


def test_a_bad_link_value_falls_back_with_a_message():
    at = open_script({"digits": "0,9", "size": "7", "view": "all"})
    assert not at.exception
    assert len(at.warning) == 3
    assert at.multiselect(key="choices.digits").value == [1, 2]
    assert at.select_slider(key="choices.size").value == 16
    assert at.button_group(key="choices.view").value == "curves"


def test_a_language_switch_changes_only_the_words():
    at = open_script({"digits": "0,3", "size": "32", "view": "recall"})
    at.session_state["app.lang"] = "xx"
    at.run()
    assert not at.exception
    assert at.multiselect(key="choices.digits").value == [0, 3]
    assert at.multiselect(key="choices.digits").options[0] == "K0"
    assert at.select_slider(key="choices.size").value == 32
    view = at.button_group(key="choices.view")
    assert view.value == "recall" and view.proto.options[1].content == "Trefferquote"
    assert dict(at.query_params) == {"digits": "0,3", "size": "32", "view": "recall"}
