"""A page built only from ce_ui.fields and the Frame's widget factories, for
tests/test_ui_field_widgets.py. The Frame is made directly (frame() also draws the app's page
links, which only resolve when entered through app.py)."""

import streamlit as st

from ce_ui import fields
from ce_ui.frame import Frame

gamma = fields.number_field("gamma", 2.0, 0, 5, step=0.5)
p = fields.vector_field("p", "0.7,0.2,0.1", min_length=2, low=0, high=1)
z = fields.vector_field("z", "2,1,0.1")
mode = fields.choice_field("mode", "p", ("p", "z"))
clip = fields.flag_field("clip")
eps = fields.number_field("eps", 1e-7, 1e-30, 0.1)
arriving = "fields.seen" not in st.session_state
st.session_state["fields.seen"] = True
page = Frame("fields", "nats", presenter=False, quiz=False, export_format="png", arriving=arriving)
page.bind([gamma, fields.OneOf(mode, (("p", (p,)), ("z", (z,)))), fields.Optional(clip, eps)])
page.slider(gamma, "γ")
page.radio(mode, "mode", {"p": "probabilities", "z": "logits"})
page.text_input(p if page.value(mode) == "p" else z, "prediction")
page.toggle(clip, "clip")
page.class_picker(fields.View("pick"), "class", 3, shown=1)
st.write(page.value(gamma))
page.publish()
