"""Gradients page: ŷ − y class by class, why two predictions with the same loss train differently,
sigmoid + binary cross-entropy, and gradient descent on the logits, animated step by step.

URL: ``y`` (the true class), ``p`` (probabilities) or ``z`` (logits), ``lr`` (learning rate) and
``steps`` (the descent state shown). Whether ``p`` or ``z`` is in the link decides the input mode;
with both, ``p`` is used, as on the Playground.
"""

from __future__ import annotations

import numpy as np
import streamlit as st

import ce_core as cc
from ce_core import descent
from ce_ui.descent_player import LR, PLAYING, STEPS, descent_player
from ce_ui.explanations import gradients as explain
from ce_ui.figures import gradients as figures
from ce_ui.format import sig, sum_text
from ce_ui.formulas import gradients as formulas
from ce_ui.frame import Frame, frame
from ce_ui.i18n import t
from ce_ui.inputs import MAX_VECTOR_CHARS, MAX_VECTOR_LENGTH, InputProblem, format_vector
from ce_ui.readers import gradients as readers
from ce_ui.readers.gradients import DEFAULT_P, DEFAULT_Z, LOGITS, PROBABILITIES
from ce_ui.url_state import Field, choice, number

PAIR = ((0.1, 0.5, 0.1, 0.1, 0.2), (0.1, 0.6, 0.1, 0.1, 0.1))
PAIR_TRUE_CLASS = 0

MODES = PROBABILITIES, LOGITS
Y = Field("y", 0, number(0, MAX_VECTOR_LENGTH - 1, integer=True))
# The input mode is never in the URL: the link says which by carrying `p` or `z`.
MODE = Field("mode", PROBABILITIES, choice(MODES))
P = Field("p", DEFAULT_P, str, readers.compact_vector, MAX_VECTOR_CHARS)
Z = Field("z", DEFAULT_Z, str, readers.compact_vector, MAX_VECTOR_CHARS)


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
            p = readers.read_probabilities(text)
        except InputProblem as problem:
            st.error(str(problem), icon=":material/error:")
            st.caption(t("gradients.using_default"))
            p = readers.read_probabilities(DEFAULT_P)
        if not readers.is_normalised(p):
            total = p.sum()
            st.warning(
                t("gradients.not_normalised", field=t("gradients.p_field"), total=sum_text(total)),
                icon=":material/warning:",
            )
            st.button(
                t("gradients.normalise"),
                on_click=page.set_value,
                args=(P, readers.normalised_text(p)),
            )
            p = p / total
        return descent.logits_from_probabilities(p)
    text = st.text_input(
        t("gradients.z_label"), key=page.key(Z), max_chars=Z.max_chars, help=t("gradients.z_help")
    )
    try:
        return readers.read_logits(text)
    except InputProblem as problem:
        st.error(str(problem), icon=":material/error:")
        st.caption(t("gradients.using_default"))
        return readers.read_logits(DEFAULT_Z)


def convert_prediction(page: Frame) -> None:
    """On a switch of input mode, carry the prediction over (the text is left alone if the other
    mode's is unusable)."""
    mode = page.value(MODE)
    text = readers.converted(mode, page.value(P), page.value(Z))
    if text is not None:
        page.set_value(Z if mode == LOGITS else P, text)


def use_pair(page: Frame, probabilities: tuple[float, ...]) -> None:
    page.set_value(MODE, PROBABILITIES)
    page.set_value(P, format_vector(probabilities))
    page.set_value(Y, PAIR_TRUE_CLASS)


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
            t("gradients.class_out_of_range", count=count, y=y, last=count - 1),
            icon=":material/error:",
        )
        y = 0

probabilities = cc.softmax(logits)
gradient = cc.cross_entropy_grad(y, logits)
loss = cc.categorical_cross_entropy(y, logits, from_logits=True, base=page.base)
probability_gradient = cc.probability_grad(y, probabilities)
target = np.eye(count)[y]

log_p_true = float(cc.log_softmax(logits)[y])
true_probability = explain.true_probability_text(float(probabilities[y]), log_p_true)
with results:
    first, second = st.columns(2)
    first.metric(t("gradients.loss_metric", unit=unit), sig(loss))
    second.metric(t("gradients.true_probability_metric"), true_probability)
    st.markdown(t("gradients.gradient_caption", values=explain.values_text(gradient)))
    st.latex(formulas.loss_formula(y, float(probabilities[y]), log_p_true, loss, page.units))
    st.latex(formulas.true_logit_gradient_formula(y, float(gradient[y])))

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
    st.markdown(explain.gradient_explanation(gradient, probabilities, y))
    underflow = explain.underflow_note(probabilities, y)
    if underflow:
        st.caption(underflow)
    st.caption(t("gradients.units_note"))
page.table(explain.gradient_table(target, probabilities, logits, gradient, probability_gradient))

# --- ∂L/∂ŷ against ∂L/∂z
st.subheader(t("gradients.probability_heading"))
explanation, chart = st.columns([2, 3], gap="large")
with explanation:
    numbers = t(
        "gradients.probability_numbers",
        p=true_probability,
        probability_gradient=explain.probability_gradient_text(
            float(probabilities[y]), float(probability_gradient[y]), log_p_true
        ),
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
        st.markdown(t("gradients.pair_gradient", values=explain.values_text(pair_gradient)))
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
    st.latex(formulas.SIGMOID_GRADIENT)
    numbers = t("gradients.sigmoid_numbers", values=explain.values_text(sigmoid_gradient))
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
st.latex(formulas.DESCENT_UPDATE)
descent_player(page, y, logits)

page.publish(omit=[MODE.key, Z.key if mode == PROBABILITIES else P.key])
