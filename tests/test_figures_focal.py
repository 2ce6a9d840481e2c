"""Figure builders of the Focal page."""

import base64

import numpy as np
import plotly.graph_objects as go
import pytest

from ce_core import scenarios
from ce_ui.figures import focal


def decoded(values) -> np.ndarray:
    if isinstance(values, dict):
        return np.frombuffer(base64.b64decode(values["bdata"]), dtype=values["dtype"])
    return np.asarray(values)


GRID = np.linspace(0.001, 0.999, 150)


def test_gamma_family_highlights_the_chosen_curve_and_marks_p_t():
    family = [
        (f"γ = {g}", scenarios.binary_class_terms(np.ones_like(GRID), GRID, gamma=g))
        for g in (0, 0.5, 1, 2, 5)
    ]
    yours = scenarios.binary_class_terms(np.ones_like(GRID), GRID, gamma=3.0)
    fig = focal.gamma_family(
        GRID,
        family,
        ("yours", yours),
        (0.9, 0.000105, "p = 0.9"),
        title="T",
        x_title="X",
        y_title="Y",
        y_max=5.0,
    )
    go.Figure(fig.to_dict())
    assert [trace.name for trace in fig.data[:6]] == [name for name, _ in family] + ["yours"]
    assert fig.data[5].line.width > max(trace.line.width for trace in fig.data[:5])
    np.testing.assert_allclose(decoded(fig.data[5].y), yours, rtol=1e-6)
    marker = fig.data[6]
    assert (marker.x[0], marker.y[0], marker.text[0]) == (0.9, 0.000105, "p = 0.9")
    assert tuple(fig.layout.yaxis.range) == (0, 5.0)
    assert tuple(fig.layout.xaxis.range) == (0, 1)


def test_gradients_figure_shows_both_gradients_and_their_markers():
    import ce_core as cc

    z = scenarios.logit(GRID)
    ones = np.ones_like(GRID)
    ce = cc.binary_cross_entropy_grad(ones, z, reduction="none")
    fl = cc.focal_loss_grad(ones, z, gamma=2.0, reduction="none")
    fig = focal.gradients(
        GRID,
        ce,
        fl,
        (0.9, -0.1, -0.002896),
        ce_name="CE",
        focal_name="FL",
        title="T",
        x_title="X",
        y_title="Y",
    )
    go.Figure(fig.to_dict())
    lines = [trace for trace in fig.data if trace.mode == "lines"]
    markers = [trace for trace in fig.data if trace.mode == "markers"]
    assert [trace.name for trace in lines] == ["CE", "FL"]
    np.testing.assert_allclose(decoded(lines[0].y), GRID - 1, rtol=1e-6, atol=1e-7)
    assert [trace.y[0] for trace in markers] == pytest.approx([-0.1, -0.002896])
    focal_pull, ce_pull = np.abs(decoded(lines[1].y)), np.abs(decoded(lines[0].y))
    easy = GRID >= 0.5
    assert np.all(focal_pull[easy] < ce_pull[easy])  # easy examples are turned down
    assert focal_pull[0] > ce_pull[0]  # the hardest pull a little harder than under CE
