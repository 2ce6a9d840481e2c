"""A page with nothing but the curve handle, for the browser tests and the benchmark of
ce_ui.components: ``?kind=focal&gammas=0,2,5&gamma=2&alpha=0.25&p=0.7&units=bits&present=1``,
``?kind=binary&y=0&eps=0.01&hide=1``. Not part of the app."""

import streamlit as st

from ce_ui.components import curve_handle

query = st.query_params
kind = query.get("kind", "binary")
eps = query.get("eps")
alpha = query.get("alpha")
new = curve_handle(
    key="handle",
    value=st.session_state.get("value", float(query.get("p", "0.9"))),
    kind=kind,
    y=int(query.get("y", "1")),
    eps=None if eps is None else float(eps),
    gammas=[float(g) for g in query.get("gammas", "2").split(",")],
    gamma=float(query["gamma"]) if "gamma" in query else None,
    alpha=None if alpha is None else float(alpha),
    units=query.get("units", "nats"),
    show_loss=query.get("hide") != "1",
    presenter=query.get("present") == "1",
    on_change=lambda v: st.session_state.__setitem__("value", v),
)
st.text(f"received: {new}")
