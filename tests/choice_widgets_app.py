"""A page drawing the Frame's multiselect, select_slider and segmented_control factories from
their fields, for tests/test_ui_choice_widgets.py. Its labels follow a language set in session
state (``app.lang``), and the run after a change is a relabel run, as after a language switch."""

import streamlit as st

from ce_ui import fields
from ce_ui.frame import Frame
from ce_ui.training_setup import IntegerSetRule, SizeRule
from ce_ui.url_state import Field, dump_integer_list

WORDS = {
    "en": {"curves": "Curves", "recall": "Recall", "gallery": "Gallery"},
    "xx": {"curves": "Kurven", "recall": "Trefferquote", "gallery": "Galerie"},
}
digits = Field("digits", [1, 2], IntegerSetRule(0, 4), dump_integer_list)
size = Field("size", 16, SizeRule((8, 16, 32)))
view = fields.choice_field("view", "curves", ("curves", "recall", "gallery"))
lang = st.session_state.setdefault("app.lang", "en")
relabel = st.session_state.get("app.last_lang", lang) != lang
st.session_state["app.last_lang"] = lang
arriving = "choices.seen" not in st.session_state
st.session_state["choices.seen"] = True
page = Frame("choices", "nats", presenter=False, quiz=False, export_format="png",
             arriving=arriving, relabel=relabel)  # fmt: skip
page.bind([digits, size, view])
chosen = page.multiselect(digits, "digits", lambda d: f"{WORDS[lang]['curves'][0]}{d}")
batch = page.select_slider(size, "size")
shown = page.segmented_control(view, "view", WORDS[lang])
st.write(f"{chosen} {batch} {shown}")
page.publish()
