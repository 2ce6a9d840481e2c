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


def test_gamma_animation_has_a_frame_per_gamma_a_slider_and_play_pause_speed():
    import math

    from ce_ui import focal as fo

    frames = fo.gamma_frames(2.35, 0.25, 0.9, math.e)
    assert len(frames.gammas) == 52 and frames.gammas[frames.active] == 2.35  # yours added
    family = list(zip(["a", "b", "c", "d", "e"], fo.paper_curves(math.e)[0], strict=True))
    markers = [(0.9, value, f"label {index}") for index, value in enumerate(frames.at_p_t)]
    labels = {"play": "Play", "pause": "Pause", "speed": "Speed {speed}×", "gamma": "γ = "}
    fig = focal.gamma_animation(
        GRID,
        family,
        frames.gammas,
        frames.curves,
        [f"curve {g}" for g in frames.gammas],
        frames.active,
        markers,
        title="T",
        x_title="X",
        y_title="Y",
        labels=labels,
        y_max=5.0,
    )
    checked = go.Figure(fig.to_dict())  # every property valid
    assert len(checked.frames) == 52
    # Each frame: the bold curve (trace 5) and the marker (trace 6) of its γ, from ce_core.
    for index, frame in enumerate(checked.frames):
        assert frame.traces == (5, 6) and frame.name == focal.format_number(frames.gammas[index])
        expected = scenarios.binary_class_terms(
            np.ones_like(GRID), GRID, gamma=frames.gammas[index], alpha=0.25
        )
        np.testing.assert_allclose(decoded(frame.data[0].y), expected, rtol=1e-6)
        assert frame.data[1].text == (f"label {index}",)
    # The figure opens on your γ: its curve, its marker, the slider's active step.
    np.testing.assert_allclose(decoded(checked.data[5].y), frames.curves[frames.active], rtol=1e-6)
    assert checked.data[6].text == (f"label {frames.active}",)
    (slider,) = checked.layout.sliders
    assert slider.active == frames.active and len(slider.steps) == 52
    assert [tuple(step.args[0]) for step in slider.steps] == [(f.name,) for f in checked.frames]
    assert all(step.method == "animate" for step in slider.steps)
    assert slider.currentvalue.prefix == "γ = "
    play_pause, speeds = checked.layout.updatemenus
    play, pause = play_pause.buttons
    assert play.label == "Play" and play.args[0] is None and play.args[1]["fromcurrent"]
    assert pause.label == "Pause" and tuple(pause.args[0]) == (None,)
    assert [button.label for button in speeds.buttons] == [
        "Speed 0.5×",
        "Speed 1×",
        "Speed 2×",
        "Speed 4×",
    ]
    durations = [button.args[1]["frame"]["duration"] for button in speeds.buttons]
    assert durations == sorted(durations, reverse=True)  # faster: shorter frames
    assert speeds.active == 1 and play.args[1]["frame"]["duration"] == durations[1]


def test_gamma_animation_without_markers_has_no_label_in_any_frame():
    import math

    from ce_ui import focal as fo

    frames = fo.gamma_frames(2.0, None, 0.9, math.e)
    labels = {"play": "P", "pause": "S", "speed": "{speed}×", "gamma": "γ = "}
    fig = focal.gamma_animation(
        GRID, [], frames.gammas, frames.curves, ["c"] * len(frames.gammas), frames.active, None,
        title="T", x_title="X", y_title="Y", labels=labels,
    )  # fmt: skip
    checked = go.Figure(fig.to_dict())
    assert len(checked.data) == 1 and all(frame.traces == (0,) for frame in checked.frames)
    assert all(len(frame.data) == 1 for frame in checked.frames)
    assert len(frames.gammas) == 51  # γ = 2 is one of the steps
