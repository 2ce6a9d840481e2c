"""The yardstick of the page benchmark: the least a Streamlit page with a chart can do.

One slider, one metric and one 1,000-point Plotly line, nothing else. `bench_pages.py` divides
every page's rerun time by this page's.
"""

import numpy as np
import plotly.graph_objects as go
import streamlit as st

POINTS = 1000

slope = st.slider("slope", 0.1, 5.0, 1.0)
x = np.linspace(0.0, 1.0, POINTS)
y = slope * x
st.metric("slope", f"{slope:.4g}")
st.plotly_chart(go.Figure(go.Scatter(x=x, y=y, mode="lines")))
