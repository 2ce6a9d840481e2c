"""Figure builders of the Multi-label page, and the fast shared figure builder they use."""

import base64
import json

import numpy as np
import plotly.graph_objects as go
import plotly.io as pio
import pytest

from ce_core import scenarios
from ce_ui.figures import multilabel, style


def decoded(values) -> np.ndarray:
    """The numbers of a trace property, whether a typed array or a plain list."""
    if isinstance(values, dict):
        return np.frombuffer(base64.b64decode(values["bdata"]), dtype=values["dtype"])
    return np.asarray(values)


def validated(fig: go.Figure) -> go.Figure:
    """Rebuild with Plotly's validation of every property (raises on a misspelt one)."""
    return go.Figure(fig.to_dict())


def test_fast_figure_looks_like_base_layout():
    fast = style.figure(
        [{"type": "scatter", "x": [1, 2], "y": [3, 4]}], title="T", x_title="X", y_title="Y"
    )
    slow = style.base_layout(
        go.Figure(go.Scatter(x=[1, 2], y=[3, 4])), title="T", x_title="X", y_title="Y"
    )
    fast_layout = json.loads(pio.to_json(fast))["layout"]
    slow_layout = json.loads(pio.to_json(slow))["layout"]
    fast_template = fast_layout.pop("template")
    slow_template = slow_layout.pop("template")
    assert fast_layout == slow_layout
    for key, value in fast_template["layout"].items():
        assert slow_template["layout"][key] == value
    assert set(fast_template["data"]) == {"scatter"}
    assert fast_template["data"]["scatter"] == slow_template["data"]["scatter"]
    validated(fast)


def test_fast_figure_merges_extra_layout_and_sends_arrays_as_float32():
    values = np.linspace(0, 1, 11)
    fig = style.figure(
        [{"type": "bar", "x": values, "y": values**2, "name": "n"}],
        title="T",
        x_title="X",
        y_title="Y",
        layout={"xaxis": {"range": [0, 1]}, "height": 200},
    )
    layout = fig.to_dict()["layout"]
    assert layout["xaxis"] == {"title": {"text": "X"}, "range": [0, 1]}
    assert layout["height"] == 200
    trace = fig.to_dict()["data"][0]
    assert trace["x"]["dtype"] == "f4"
    np.testing.assert_allclose(decoded(trace["y"]), values**2, rtol=1e-7)
    assert trace["name"] == "n"


def test_class_terms_figure():
    binary = np.array([2.302585, 0.693147, 0.105361, 0.105361, 0.223144])
    categorical = np.array([2.302585, 0, 0, 0, 0])
    fig = multilabel.class_terms(
        [f"class {i}" for i in range(5)],
        binary,
        categorical,
        binary_name="B",
        categorical_name="C",
        title="T",
        x_title="X",
        y_title="Y",
    )
    validated(fig)
    bars_b, bars_c = fig.data
    assert (bars_b.name, bars_c.name) == ("B", "C")
    np.testing.assert_allclose(decoded(bars_b.y), binary, rtol=1e-6)
    assert list(bars_b.text) == ["2.303", "0.6931", "0.1054", "0.1054", "0.2231"]
    assert fig.layout.barmode == "group"
    assert fig.layout.yaxis.range[1] > binary.max()


def test_loss_split_in_values_and_in_shares():
    rows = [("scenario", 0.4463, 105.1), ("other", 1.0, 3.0)]
    absolute = multilabel.loss_split(
        rows, positives_name="P", negatives_name="N", title="T", x_title="X"
    )
    validated(absolute)
    assert absolute.layout.barmode == "stack"
    np.testing.assert_allclose(decoded(absolute.data[1].x), [105.1, 3.0], rtol=1e-6)
    shares = multilabel.loss_split(
        rows, positives_name="P", negatives_name="N", title="T", x_title="X", as_share=True
    )
    total = decoded(shares.data[0].x) + decoded(shares.data[1].x)
    np.testing.assert_allclose(total, [100, 100], rtol=1e-6)
    assert list(shares.data[1].text) == ["99.58 %", "75 %"]
    np.testing.assert_allclose(decoded(shares.data[1].customdata), [105.1, 3.0], rtol=1e-6)


@pytest.mark.parametrize("concentration", [None, 10.0])
def test_class_profile_stays_small_at_100000_classes(concentration):
    result = scenarios.many_class_scenario(100_000, 5, 0.8, 0.01, concentration=concentration)
    fig = multilabel.class_profile(
        result.profile,
        positives_name="positives",
        negatives_name="negatives",
        share_name="S",
        title="T",
        x_title="X",
        y_title="Y",
        share_title="%",
        hover="{group} {first}–{last} ({count}) {mean} {low} {high} {total}",
    )
    validated(fig)
    positives, negatives, share = fig.data
    assert len(decoded(positives.y)) == 5
    assert len(decoded(negatives.y)) == scenarios.MAX_BINS_PER_GROUP
    assert decoded(share.y)[-1] == pytest.approx(100)
    assert negatives.hovertext[0].startswith("negatives 1–")
    assert (
        negatives.hovertext[-1].startswith("negatives ") and "–99995 (" in negatives.hovertext[-1]
    )
    assert list(fig.layout.xaxis.ticktext) == ["positives", "negatives"]
    assert len(pio.to_json(fig)) < 20_000
