"""Gradients page: ŷ − y class by class, why two predictions with the same loss train differently,
sigmoid + binary cross-entropy, and gradient descent on the logits, animated step by step.

URL: ``y`` (the true class), ``p`` (probabilities) or ``z`` (logits), ``lr`` (learning rate) and
``steps`` (the descent state shown). Whether ``p`` or ``z`` is in the link decides the input mode;
with both, ``p`` is used, as on the Playground.
"""

from __future__ import annotations

import math
import re

import numpy as np
import streamlit as st

import ce_core as cc
from ce_core import descent
from ce_ui.figures import gradients as figures
from ce_ui.format import digits_for, latex_sig, sig, sum_text
from ce_ui.frame import Frame, frame
from ce_ui.i18n import t
from ce_ui.inputs import (
    MAX_VECTOR_CHARS,
    MAX_VECTOR_LENGTH,
    InputProblem,
    format_vector,
    parse_vector,
)
from ce_ui.url_state import Field, choice, format_number, number


def compact_vector(text: str) -> str:
    """A typed vector as written in the URL: ``0.7, 0.2 0.1`` → ``0.7,0.2,0.1``."""
    return ",".join(item for item in re.split(r"[,;\s]+", text.strip()) if item)


DEFAULT_P = "0.1,0.5,0.1,0.1,0.2"
DEFAULT_Z = "2,1,0.1"
LOGIT_LIMIT = 1000.0
SUM_TOLERANCE = 1e-6  # how far from 1 the probabilities' sum may be (ce_core's own tolerance)
MAX_STEPS = 100
TICK_SECONDS = 0.2  # time between two animation steps while playing
PAIR = ((0.1, 0.5, 0.1, 0.1, 0.2), (0.1, 0.6, 0.1, 0.1, 0.1))
PAIR_TRUE_CLASS = 0

MODES = PROBABILITIES, LOGITS = "p", "z"
Y = Field("y", 0, number(0, MAX_VECTOR_LENGTH - 1, integer=True))
# The input mode is never in the URL: the link says which by carrying `p` or `z`.
MODE = Field("mode", PROBABILITIES, choice(MODES))
P = Field("p", DEFAULT_P, str, compact_vector, MAX_VECTOR_CHARS)
Z = Field("z", DEFAULT_Z, str, compact_vector, MAX_VECTOR_CHARS)
LR = Field("lr", 0.5, number(0.001, 10), format_number)
STEPS = Field("steps", 0, number(0, MAX_STEPS, integer=True))
PLAYING = "gradients.playing"
STEPS_SLIDER = "gradients.steps_slider"
ANIMATED = "gradients.animated"


# --- reading the inputs --------------------------------------------------------------------------


def read_probabilities(text: str) -> np.ndarray:
    """The typed probabilities; raises InputProblem for text that cannot be used."""
    field = t("gradients.p_field")
    p = parse_vector(text, field, min_length=2, low=0, high=1)
    zeros = np.flatnonzero(p == 0)
    if zeros.size:
        raise InputProblem(t("gradients.zero_probability", field=field, position=int(zeros[0])))
    return p


def normalise(page: Frame, p: np.ndarray) -> None:
    page.set_value(P, format_vector(np.round(p / p.sum(), 10)))


def read_logits(page: Frame, mode: str) -> np.ndarray:
    """The logits of the prediction typed in the current mode (messages for bad input, and the
    default prediction in its place)."""
    if mode == PROBABILITIES:
        text = st.text_input(
            t("gradients.p_label"),
            key=page.key(P),
            max_chars=P.max_chars,
            help=t("gradients.p_help"),
        )
        try:
            p = read_probabilities(text)
        except InputProblem as problem:
            st.error(str(problem), icon=":material/error:")
            st.caption(t("gradients.using_default"))
            p = read_probabilities(DEFAULT_P)
        total = p.sum()
        if abs(total - 1.0) > SUM_TOLERANCE:
            st.warning(
                t("gradients.not_normalised", field=t("gradients.p_field"), total=sum_text(total)),
                icon=":material/warning:",
            )
            st.button(t("gradients.normalise"), on_click=normalise, args=(page, p))
            p = p / total
        return descent.logits_from_probabilities(p)
    text = st.text_input(
        t("gradients.z_label"), key=page.key(Z), max_chars=Z.max_chars, help=t("gradients.z_help")
    )
    try:
        return parse_vector(
            text, t("gradients.z_field"), min_length=2, low=-LOGIT_LIMIT, high=LOGIT_LIMIT
        )
    except InputProblem as problem:
        st.error(str(problem), icon=":material/error:")
        st.caption(t("gradients.using_default"))
        return parse_vector(DEFAULT_Z, "z")


def convert_prediction(page: Frame) -> None:
    """On a switch of input mode, carry the prediction over: logits log ŷ from probabilities,
    probabilities softmax(z) from logits (rounded; the text is left alone if it is unusable)."""
    try:
        if page.value(MODE) == LOGITS:
            p = read_probabilities(page.value(P))
            logits = descent.logits_from_probabilities(p / p.sum())
            page.set_value(Z, format_vector(np.round(logits, 4) + 0.0))
        else:
            logits = parse_vector(
                page.value(Z), "z", min_length=2, low=-LOGIT_LIMIT, high=LOGIT_LIMIT
            )
            probabilities = [float(f"{value:.8g}") for value in cc.softmax(logits)]
            page.set_value(P, format_vector(probabilities))
    except InputProblem:
        pass


def values_text(values) -> str:
    return ", ".join(sig(value + 0.0) for value in values)


def use_pair(page: Frame, probabilities: tuple[float, ...]) -> None:
    page.set_value(MODE, PROBABILITIES)
    page.set_value(P, format_vector(probabilities))
    page.set_value(Y, PAIR_TRUE_CLASS)


# --- computations --------------------------------------------------------------------------------


@st.cache_data(max_entries=256, show_spinner=False)
def descent_run(y: int, start: tuple[float, ...], learning_rate: float, base: float):
    """The whole descent for these inputs, computed once; every step of the animation indexes it."""
    return descent.gradient_descent(
        y, np.array(start), learning_rate=learning_rate, steps=MAX_STEPS, base=base
    )


def true_class_gradient_curves() -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """∂L/∂ŷ and ∂L/∂z of the true class over a grid of its probability ŷ (the rest of the mass
    on one other class: the true class's gradients do not depend on how the rest is shared).
    Not cached: a page script sets its cached functions up again on every rerun, which takes
    longer."""
    grid = np.geomspace(1e-3, 0.999, 200)
    predictions = np.column_stack([grid, 1.0 - grid])
    true_class = np.zeros(grid.size, dtype=int)
    probability_gradient = cc.probability_grad(true_class, predictions)[:, 0]
    logit_gradient = cc.cross_entropy_grad(true_class, np.log(predictions), reduction="sum")[:, 0]
    return grid, probability_gradient, logit_gradient


# --- the animation -------------------------------------------------------------------------------


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
            title=t("gradients.probabilities_chart_title", step=step),
            x_title=t("gradients.class_axis"),
            y_title=t("gradients.probability_value_axis"),
            now_name=t("gradients.probabilities_now", step=step),
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
        start_text, end_text = sig(run.losses[0]), sig(run.losses[step])
        if start_text == end_text:  # a loss already near 0, or a tiny learning rate
            change = "gradients.loss_same"
        elif run.losses[step] > run.losses[0]:  # rounding noise near 0 can lift it
            change = "gradients.loss_rose"
        else:
            change = "gradients.loss_gone"
        st.caption(
            t(
                change,
                start=sig(run.losses[0]),
                end=sig(run.losses[step]),
                unit=unit,
                step=step,
            )
        )
    if step >= MAX_STEPS:
        st.caption(t("gradients.descent_finished", max=MAX_STEPS))
    if playing != animated:
        st.rerun()


# --- the page ------------------------------------------------------------------------------------

page = frame("gradients")
from_link = page.arriving or page.key(MODE) not in st.session_state
page.bind([MODE, P, Z, Y, LR, STEPS])
if from_link and (P.key in st.query_params or Z.key in st.query_params):
    page.set_value(MODE, PROBABILITIES if P.key in st.query_params else LOGITS)
    if P.key in st.query_params and Z.key in st.query_params:
        st.info(t("gradients.both_given"), icon=":material/info:")
if page.arriving:
    st.session_state[PLAYING] = False
unit = page.unit_label

st.title(t("gradients.title"))
st.markdown(t("gradients.intro"))

st.subheader(t("gradients.input_heading"))
inputs, results = st.columns([2, 3], gap="large")
with inputs:
    mode = st.radio(
        t("gradients.mode_label"),
        MODES,
        key=page.key(MODE),
        horizontal=True,
        format_func={option: t(f"gradients.mode_{option}") for option in MODES}.get,
        on_change=convert_prediction,
        args=(page,),
        help=t("gradients.mode_help"),
    )
    logits = read_logits(page, mode)
    count = logits.size
    y = st.number_input(
        t("gradients.y_label"),
        min_value=0,
        max_value=MAX_VECTOR_LENGTH - 1,
        step=1,
        key=page.key(Y),
        help=t("gradients.y_help"),
    )
    if y >= count:
        st.error(
            t("gradients.class_out_of_range", y=y, count=count, last=count - 1),
            icon=":material/error:",
        )
        y = 0

probabilities = cc.softmax(logits)
gradient = cc.cross_entropy_grad(y, logits)
loss = cc.categorical_cross_entropy(y, logits, from_logits=True, base=page.base)
probability_gradient = cc.probability_grad(y, probabilities)
target = np.eye(count)[y]

log = r"\log_2" if page.units == "bits" else r"\ln"
with results:
    first, second = st.columns(2)
    first.metric(t("gradients.loss_metric", unit=unit), sig(loss))
    true_probability = sig(probabilities[y])
    if probabilities[y] == 0:  # below the smallest double: written as e^(log-softmax)
        true_probability = f"e^{sig(float(cc.log_softmax(logits)[y]))}"
    second.metric(t("gradients.true_probability_metric"), true_probability)
    st.markdown(t("gradients.gradient_caption", values=values_text(gradient)))
    # ŷ with the digits it takes to read the loss off it; when no double can (ŷ underflows, as
    # for z = 1000, −1000), ŷ as a power of the base: −ln e^{−2000} = 2000.
    ln_base = math.log(page.base)
    p_digits = digits_for(probabilities[y], lambda q: -math.log(q) / ln_base, loss)
    if p_digits is None:
        exponent = float(cc.log_softmax(logits)[y]) / ln_base
        power = "e" if page.units == "nats" else "2"
        shown_p = rf"{power}^{{{latex_sig(exponent, 6)}}}"
    else:
        shown_p = latex_sig(probabilities[y], p_digits)
    st.latex(rf"L = -{log} \hat y_{{{y}}} = -{log} {shown_p} = {latex_sig(loss)}")
    st.latex(
        rf"\frac{{\partial (-\ln \hat y_{{{y}}})}}{{\partial z_{{{y}}}}}"
        rf" = \hat y_{{{y}}} - 1 = {latex_sig(gradient[y])}"
    )

# --- the gradient, class by class
st.subheader(t("gradients.gradient_heading"))
chart, explanation = st.columns([3, 2], gap="large")
with chart:
    page.plot(
        figures.logit_gradient_bars,
        gradient,
        y,
        title=t("gradients.gradient_chart_title"),
        x_title=t("gradients.class_axis"),
        y_title=t("gradients.gradient_axis"),
    )
with explanation:
    others = np.delete(probabilities, y)
    if gradient[y] == 0:  # ŷ of the true class is 1 in double precision: nothing shows a push
        st.markdown(t("gradients.gradient_explanation_saturated", largest_other=sig(others.max())))
    else:
        st.markdown(t("gradients.gradient_explanation"))
    underflow = [str(c) for c in range(count) if c != y and probabilities[c] == 0]
    if underflow:
        st.caption(t("gradients.gradient_underflow", classes=", ".join(underflow)))
    st.caption(t("gradients.units_note"))
page.table(
    {
        t("gradients.column_class"): [str(index) for index in range(count)],
        t("gradients.column_y"): [sig(value) for value in target],
        t("gradients.column_p"): [sig(value) for value in probabilities],
        t("gradients.column_z"): [sig(value + 0.0) for value in logits],
        t("gradients.column_logit_gradient"): [sig(value + 0.0) for value in gradient],
        t("gradients.column_probability_gradient"): [
            sig(value + 0.0) for value in probability_gradient
        ],
    },
)

# --- ∂L/∂ŷ against ∂L/∂z
st.subheader(t("gradients.probability_heading"))
explanation, chart = st.columns([2, 3], gap="large")
with explanation:
    numbers = t(
        "gradients.probability_numbers",
        p=true_probability,
        probability_gradient=sig(probability_gradient[y])
        if probabilities[y] > 0
        else f"−e^{sig(-float(cc.log_softmax(logits)[y]))}",  # −1/ŷ overflows
        logit_gradient=sig(gradient[y]),
    )
    st.markdown(f"{t('gradients.probability_explanation')}\n\n{numbers}")
grid, grid_probability_gradient, grid_logit_gradient = true_class_gradient_curves()
with chart:
    page.plot(
        figures.probability_vs_logit_gradient,
        grid,
        grid_probability_gradient,
        grid_logit_gradient,
        float(probabilities[y]),
        (float(probability_gradient[y]), float(gradient[y])),
        title=t("gradients.probability_chart_title"),
        x_title=t("gradients.probability_axis"),
        y_title=t("gradients.size_axis"),
        probability_name=t("gradients.probability_curve"),
        logit_name=t("gradients.logit_curve"),
    )

# --- same loss, different gradients
st.subheader(t("gradients.pair_heading"))
st.markdown(t("gradients.pair_intro"))
pair_names = (t("gradients.pair_name_a"), t("gradients.pair_name_b"))
pair_gradients = []
pairs = st.container(horizontal=True)
for name, pair_p in zip(pair_names, PAIR, strict=True):
    pair_gradient = cc.cross_entropy_grad(
        PAIR_TRUE_CLASS, descent.logits_from_probabilities(pair_p)
    )
    pair_gradients.append(pair_gradient)
    with pairs.container(border=True):
        st.markdown(f"**{name}**: ŷ = ({', '.join(map(str, pair_p))}), y = {PAIR_TRUE_CLASS}")
        st.metric(
            t("gradients.pair_loss", unit=unit),
            sig(cc.categorical_cross_entropy(PAIR_TRUE_CLASS, pair_p, base=page.base)),
        )
        st.markdown(t("gradients.pair_gradient", values=values_text(pair_gradient)))
        st.button(
            t("gradients.use_pair", name=name),
            on_click=use_pair,
            args=(page, pair_p),
            key=f"gradients.use_pair_{len(pair_gradients)}",
            icon=":material/arrow_upward:",
        )
gradient_a, gradient_b = pair_gradients
page.plot(
    figures.gradient_pair,
    gradient_a,
    gradient_b,
    names=pair_names,
    title=t("gradients.pair_chart_title"),
    x_title=t("gradients.class_axis"),
    y_title=t("gradients.gradient_axis"),
)
st.markdown(
    t(
        "gradients.pair_meaning",
        true_gradient=sig(gradient_a[0]),
        a_class_one=sig(gradient_a[1]),
        b_class_one=sig(gradient_b[1]),
        a_class_four=sig(gradient_a[4]),
        b_class_four=sig(gradient_b[4]),
    )
)

# --- sigmoid + binary cross-entropy
st.subheader(t("gradients.sigmoid_heading"))
explanation, chart = st.columns([2, 3], gap="large")
sigmoid_gradient = cc.binary_cross_entropy_grad(target, logits, reduction="sum")
with explanation:
    st.markdown(t("gradients.sigmoid_explanation"))
    st.latex(r"\frac{\partial L}{\partial z_c} = \sigma(z_c) - y_c")
    numbers = t("gradients.sigmoid_numbers", values=values_text(sigmoid_gradient))
    st.markdown(f"{numbers}\n\n{t('gradients.focal_note')}")
    st.page_link(
        "pages/4_focal.py",
        label=t("gradients.focal_link"),
        icon=":material/center_focus_strong:",
        query_params=page.shared_query(),
    )
with chart:
    page.plot(
        figures.gradient_pair,
        gradient,
        sigmoid_gradient,
        names=(t("gradients.softmax_name"), t("gradients.sigmoid_name")),
        title=t("gradients.sigmoid_chart_title"),
        x_title=t("gradients.class_axis"),
        y_title=t("gradients.compare_axis"),
    )

# --- gradient descent, animated
st.subheader(t("gradients.descent_heading"))
st.markdown(t("gradients.descent_intro"))
st.latex(r"z \leftarrow z - \eta\,\bigl(\operatorname{softmax}(z) - y\bigr)")
rate_column, play_column, step_column, reset_column = st.columns(
    [3, 1, 1, 1], vertical_alignment="bottom"
)
learning_rate = rate_column.number_input(
    t("gradients.learning_rate_label"),
    min_value=0.001,
    max_value=10.0,
    step=0.1,
    format="%.3f",
    key=page.key(LR),
    help=t("gradients.learning_rate_help"),
)
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

page.publish(omit=[MODE.key, Z.key if mode == PROBABILITIES else P.key])
