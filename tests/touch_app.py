"""A page with nothing but the draggable bars, for the browser tests and the benchmark of
ce_ui.components: ``?mode=logits&n=4&target=1&t=2&units=bits&present=1`` (``target=0,1,1`` for a
vector; ``readout=entropy&role=q&other=0.5,0.5`` for the Entropy page's bars). Not part of the
app."""

import streamlit as st

from ce_ui.components import distribution_bars

query = st.query_params
mode = query.get("mode", "probabilities")
n = int(query.get("n", "3"))
target_text = query.get("target", "0")
target = [float(v) for v in target_text.split(",")] if "," in target_text else int(target_text)
if mode == "logits":
    values = [float(n - c) for c in range(n)]
elif mode == "independent":
    values = [0.5] * n
else:
    values = [1 / n] * n
new = distribution_bars(
    key="bars",
    values=st.session_state.get("values", values),
    mode=mode,
    target=target,
    units=query.get("units", "nats"),
    temperature=float(query.get("t", "1")),
    presenter=query.get("present") == "1",
    on_change=lambda v: st.session_state.__setitem__("values", v),
    **(
        {
            "readout": "entropy",
            "role": query.get("role", "p"),
            "other": [float(v) for v in query.get("other", ",".join(["1"] * n)).split(",")],
        }
        if query.get("readout") == "entropy"
        else {}
    ),
)
st.text(f"received: {new}")
