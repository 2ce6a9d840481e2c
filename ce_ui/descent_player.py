"""The Gradients page's descent player: the learning rate, Play/Pause, Step, Reset, the step
slider and the animated fragment that shows the state after each step.

The state after k steps is row k of a trajectory computed once (``descent_run``), so it is the same
however it was reached; the step is the URL field ``steps``.
"""

from __future__ import annotations

import numpy as np
import streamlit as st

from ce_core import descent
from ce_ui.explanations.gradients import loss_change, values_text
from ce_ui.figures import gradients as figures
from ce_ui.format import sig
from ce_ui.frame import Frame
from ce_ui.i18n import t
from ce_ui.readers.gradients import LR, MAX_STEPS, STEPS

TICK_SECONDS = 0.2  # time between two animation steps while playing
PLAYING = "gradients.playing"
STEPS_SLIDER = "gradients.steps_slider"
ANIMATED = "gradients.animated"


@st.cache_data(max_entries=256, show_spinner=False)
def descent_run(y: int, start: tuple[float, ...], learning_rate: float, base: float):
    """The whole descent for these inputs, computed once; every step of the animation indexes it."""
    return descent.gradient_descent(
        y, np.array(start), learning_rate=learning_rate, steps=MAX_STEPS, base=base
    )


# Button callbacks set states rather than toggle or count: Streamlit may run a click's callback
# a second time when it coincides with an animation step, and that must change nothing.


def play(page: Frame) -> None:
    if page.value(STEPS) >= MAX_STEPS:
        page.set_value(STEPS, 0)
    st.session_state[PLAYING] = True


def pause() -> None:
    st.session_state[PLAYING] = False


def go_to_step(page: Frame, step: int) -> None:
    st.session_state[PLAYING] = False
    page.set_value(STEPS, step)


def scrub(page: Frame) -> None:
    # While the animation runs the slider is not drawn, so a change then is only the browser
    # reporting a value from before the animation started; the counter moves on its own.
    if st.session_state.get(ANIMATED, False):
        return
    page.set_value(STEPS, st.session_state[STEPS_SLIDER])


def show_descent(
    page: Frame, y: int, start: tuple[float, ...], learning_rate: float, animated: bool
) -> None:
    """The animated part: the prediction and the loss curve after the current number of steps.

    Drawn as a fragment that Streamlit reruns every TICK_SECONDS when ``animated``. While playing,
    every run takes one step; at MAX_STEPS playing stops and a full rerun redraws the fragment
    without its timer, so the animation ends by itself. It holds no widget: a timer rerun carries
    the browser's widget values, which may be a step behind. The state after k steps is row k of a
    trajectory computed once, so it is the same however it was reached.
    """
    playing = st.session_state.get(PLAYING, False)
    if playing:
        page.set_value(STEPS, min(page.value(STEPS) + 1, MAX_STEPS))
        playing = page.value(STEPS) < MAX_STEPS
        st.session_state[PLAYING] = playing
    step = page.value(STEPS)
    if animated:
        st.progress(step / MAX_STEPS, text=t("gradients.progress", step=step, max=MAX_STEPS))
    # A timer rerun runs only this fragment, so it keeps the address bar's step itself; full runs
    # rewrite the whole query string in page.publish().
    if st.query_params.get(STEPS.key) != STEPS.dump(step):
        st.query_params[STEPS.key] = STEPS.dump(step)

    run = descent_run(y=y, start=start, learning_rate=learning_rate, base=page.base)
    unit = page.unit_label
    status = t(
        "gradients.descent_status",
        step=step,
        max=MAX_STEPS,
        loss=sig(run.losses[step]),
        unit=unit,
        p=sig(run.probabilities[step, y]),
    )
    st.markdown(status)
    st.caption(t("gradients.descent_logits", values=values_text(run.logits[step])))
    left, right = st.columns(2)
    with left:
        page.plot(
            figures.descent_probabilities,
            run.probabilities[step],
            run.probabilities[0],
            y,
            title=t("gradients.probabilities_chart_title", count=step),
            x_title=t("gradients.class_axis"),
            y_title=t("gradients.probability_value_axis"),
            now_name=t("gradients.probabilities_now", count=step),
            start_name=t("gradients.probabilities_start"),
        )
    with right:
        page.plot(
            figures.loss_curve,
            run.losses,
            step,
            title=t("gradients.loss_chart_title"),
            x_title=t("gradients.step_axis"),
            y_title=t("gradients.loss_axis", unit=unit),
        )
    if step > 0:
        st.caption(loss_change(float(run.losses[0]), float(run.losses[step]), step, unit))
    if step >= MAX_STEPS:
        st.caption(t("gradients.descent_finished", max=MAX_STEPS))
    if playing != animated:
        st.rerun()


def descent_player(page: Frame, y: int, logits: np.ndarray) -> None:
    """The controls and the animated view of gradient descent from ``logits``."""
    rate_column, play_column, step_column, reset_column = st.columns(
        [3, 1, 1, 1], vertical_alignment="bottom"
    )
    with rate_column:
        learning_rate = page.number_input(
            LR, t("gradients.learning_rate_label"), format="%.3f",
            help=t("gradients.learning_rate_help"),
        )  # fmt: skip
    playing = st.session_state.get(PLAYING, False)
    step = page.value(STEPS)
    if playing:
        play_column.button(
            t("gradients.pause"),
            icon=":material/pause:",
            on_click=pause,
            key="gradients.play_button",
            width="stretch",
            type="primary",
            shortcut="P",
            help=t("gradients.pause_help"),
        )
    else:
        play_column.button(
            t("gradients.play"),
            icon=":material/play_arrow:",
            on_click=play,
            args=(page,),
            key="gradients.play_button",
            width="stretch",
            type="primary",
            shortcut="P",
            help=t("gradients.play_help", seconds=TICK_SECONDS, max=MAX_STEPS),
        )
    step_column.button(
        t("gradients.step"),
        icon=":material/skip_next:",
        on_click=go_to_step,
        args=(page, min(step + 1, MAX_STEPS)),
        key="gradients.step_button",
        width="stretch",
        disabled=playing or step >= MAX_STEPS,
        shortcut="S",
        help=t("gradients.step_help"),
    )
    reset_column.button(
        t("gradients.reset"),
        icon=":material/replay:",
        on_click=go_to_step,
        args=(page, 0),
        key="gradients.reset_button",
        width="stretch",
        help=t("gradients.reset_help"),
    )
    st.session_state[ANIMATED] = playing
    if not playing:
        # While playing, the fragment shows the step as a progress bar instead.
        st.session_state[STEPS_SLIDER] = step
        st.slider(
            t("gradients.steps_label"),
            0,
            MAX_STEPS,
            key=STEPS_SLIDER,
            on_change=scrub,
            args=(page,),
            help=t("gradients.steps_help", max=MAX_STEPS),
        )
    st.fragment(run_every=TICK_SECONDS if playing else None)(show_descent)(
        page, y, tuple(float(value) for value in logits), float(learning_rate), playing
    )
