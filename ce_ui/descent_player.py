"""The Gradients page's descent section: the learning rate, the step the link remembers (a slider
with Step and Reset), its numbers, and the animation, played in the browser.

The whole descent is computed once by ce_core (``descent_run``); the animation is a Plotly figure
with one frame per step (``figures.descent_animation``), so playing, pausing, changing speed and
scrubbing happen in the browser, without a server loop. The state after k steps is row k of that
trajectory, so it is the same however it was reached; the step shown on arrival is the URL field
``steps``.
"""

from __future__ import annotations

import numpy as np
import streamlit as st

from ce_core import descent
from ce_ui.explanations.gradients import descent_statuses, loss_change, values_text
from ce_ui.figures import gradients as figures
from ce_ui.frame import Frame, section
from ce_ui.i18n import t
from ce_ui.readers.gradients import LR, MAX_STEPS, STEPS

FRAME_MS = 200
"""Time between two animation steps at speed 1×."""


@st.cache_data(max_entries=256, show_spinner=False)
def descent_run(y: int, start: tuple[float, ...], learning_rate: float, base: float):
    """The whole descent for these inputs, computed once; every step of the animation indexes it."""
    return descent.gradient_descent(
        y, np.array(start), learning_rate=learning_rate, steps=MAX_STEPS, base=base
    )


def go_to_step(page: Frame, step: int) -> None:
    page.set_value(STEPS, step)


@section
def descent_player(page: Frame, y: int, logits: np.ndarray) -> None:
    """The controls, the numbers at the step of the link, and the animation from ``logits``: a
    part of the page that reruns alone when its learning rate or step changes."""
    rate_column, step_column, reset_column = st.columns([4, 1, 1], vertical_alignment="bottom")
    with rate_column:
        learning_rate = page.number_input(
            LR, t("gradients.learning_rate_label"), format="%.3f",
            help=t("gradients.learning_rate_help"),
        )  # fmt: skip
    step = page.value(STEPS)
    step_column.button(
        t("gradients.step"), icon=":material/skip_next:", on_click=go_to_step,
        args=(page, min(step + 1, MAX_STEPS)), key="gradients.step_button", width="stretch",
        disabled=step >= MAX_STEPS, help=t("gradients.step_help"),
    )  # fmt: skip
    reset_column.button(
        t("gradients.reset"), icon=":material/replay:", on_click=go_to_step, args=(page, 0),
        key="gradients.reset_button", width="stretch", help=t("gradients.reset_help"),
    )  # fmt: skip
    page.slider(STEPS, t("gradients.steps_label"), help=t("gradients.steps_help", max=MAX_STEPS))

    run = descent_run(y, tuple(float(v) for v in logits), float(learning_rate), page.base)
    unit = page.unit_label
    statuses = descent_statuses(run.losses, run.probabilities[:, y], unit)
    now_names = tuple(t("gradients.probabilities_now", count=k) for k in range(MAX_STEPS + 1))
    st.markdown(statuses[step])
    st.caption(t("gradients.descent_logits", values=values_text(run.logits[step])))
    if step > 0:
        st.caption(loss_change(float(run.losses[0]), float(run.losses[step]), step, unit))
    if step >= MAX_STEPS:
        st.caption(t("gradients.descent_finished", max=MAX_STEPS))
    page.plot(
        figures.descent_animation, run.probabilities, run.losses, y, step,
        statuses=tuple(statuses), x_title=t("gradients.class_axis"),
        y_title=t("gradients.probability_value_axis"), step_title=t("gradients.step_axis"),
        loss_title=t("gradients.loss_axis", unit=unit), now_names=now_names,
        start_name=t("gradients.probabilities_start"), play=t("gradients.play"),
        pause=t("gradients.pause"), restart=t("gradients.restart"), speed=t("gradients.speed"),
        frame_ms=FRAME_MS,
    )  # fmt: skip
    st.caption(t("gradients.animation_note", max=MAX_STEPS))
