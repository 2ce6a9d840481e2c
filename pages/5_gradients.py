"""Gradients page: ŷ − y class by class, why two predictions with the same loss train differently,
sigmoid + binary cross-entropy, and gradient descent on the logits, animated step by step.

The fields, the reading and the callbacks are in ``ce_ui.readers.gradients``, the sentences and
the table in ``ce_ui.explanations.gradients``, the formulas in ``ce_ui.formulas.gradients``, the
charts in ``ce_ui.figures.gradients``; this page only draws them.
"""

from __future__ import annotations

import numpy as np
import streamlit as st

import ce_core as cc
from ce_core import descent
from ce_ui.components import distribution_bars
from ce_ui.descent_player import descent_player
from ce_ui.explanations import gradients as explain
from ce_ui.figures import gradients as figures
from ce_ui.format import sig, sum_text
from ce_ui.formulas import gradients as formulas
from ce_ui.frame import Frame, frame, section
from ce_ui.i18n import t
from ce_ui.readers import gradients as model
from ce_ui.readers.gradients import LOGITS, MODE, MODES, PAIR, PAIR_TRUE_CLASS, P, Y, Z


@section
def lesson(page: Frame) -> None:
    """Everything the prediction and the true class drive, down to the descent (a part of its
    own, nested): a part of the page that reruns alone when they change."""
    unit = page.unit_label
    # --- inputs (the widget, the headline numbers and the chart on one screen)
    inputs, results = st.columns([2, 3], gap="large")
    with inputs:
        bars_slot = st.container()  # the bars first, drawn once the quiz says whether they may be
        mode_labels = {mode: t(f"gradients.mode_{mode}") for mode in MODES}
        mode = page.radio(
            MODE, t("gradients.mode_label"), mode_labels, horizontal=True,
            on_change=model.on_mode_change, args=(page,), help=t("gradients.mode_help"),
        )  # fmt: skip
        field = Z if mode == LOGITS else P
        text_column, class_column = st.columns([3, 2], vertical_alignment="bottom")
        with text_column:
            text = page.text_input(
                field, t(f"gradients.{field.key}_label"), help=t(f"gradients.{field.key}_help")
            )
        prediction = model.read_prediction(mode, text, page.last_valid)
        if prediction.problem:
            page.bad_input(prediction.problem, prediction.in_use)
        elif prediction.total is not None:
            warning = t("gradients.not_normalised", field=t("gradients.p_field"),
                        total=sum_text(prediction.total))  # fmt: skip
            page.offer_normalise(P, prediction.typed, warning, key="gradients.normalise")
        logits = prediction.logits
        count = logits.size
        problem = model.class_problem(page.value(Y), count)
        if problem:
            page.bad_input(problem, t("common.class_option", c=0))
        with class_column:
            y = page.class_picker(Y, t("gradients.y_label"), count, help=t("gradients.y_help"))

    probabilities = cc.softmax(logits)
    gradient = cc.cross_entropy_grad(y, logits)
    loss = cc.categorical_cross_entropy(y, logits, from_logits=True, base=page.base)
    probability_gradient = cc.probability_grad(y, probabilities)
    target = np.eye(count)[y]
    log_p_true = float(cc.log_softmax(logits)[y])
    true_probability = explain.true_probability_text(float(probabilities[y]), log_p_true)

    with results:
        revealed = page.reveal(
            "gradient", t("gradients.quiz_prompt", y=y), inputs=(logits.tobytes(), y),
            answer=float(gradient[y]),
        )  # fmt: skip
        if revealed:
            first, second = st.columns(2)
            first.metric(t("gradients.loss_metric", unit=unit), sig(loss))
            second.metric(t("gradients.true_probability_metric"), true_probability)
            page.plot(
                figures.logit_gradient_bars, gradient, y, title=t("gradients.gradient_chart_title"),
                x_title=t("gradients.class_axis"), y_title=t("gradients.gradient_axis"), height=320,
            )  # fmt: skip

    with bars_slot:
        if revealed:  # in a quiz, the softmax and gradients under the bars would give the answer
            distribution_bars(
                key="gradients.bars", values=logits, mode="logits", target=y, units=page.units,
                presenter=page.presenter, on_change=model.on_bars_change, args=(page,),
                gradient_caption=t("gradients.bars_gradient_caption"),
            )  # fmt: skip
            st.caption(t("touch.hint"))

    # --- the gradient, class by class
    st.subheader(t("gradients.gradient_heading"))
    st.markdown(t("gradients.intro"))
    # Before a quiz's reveal there is no formula: the explanation takes the whole width.
    formula, explanation = (
        st.columns([3, 2], gap="large") if revealed else (st.empty(), st.container())
    )
    if revealed:
        with formula:
            st.markdown(t("gradients.gradient_caption", values=explain.values_text(gradient)))
            st.latex(
                formulas.loss_formula(y, float(probabilities[y]), log_p_true, loss, page.units)
            )
            st.latex(formulas.true_logit_gradient_formula(y, float(gradient[y])))
        explanation.markdown(explain.gradient_explanation(gradient, probabilities, y))
    else:
        explanation.markdown(t("gradients.gradient_explanation"))
    with explanation:
        underflow = explain.underflow_note(probabilities, y)
        if underflow:
            st.caption(underflow)
        st.caption(t("gradients.units_note"))
    page.table(
        explain.gradient_table(
            target, probabilities, logits, gradient, probability_gradient, revealed=revealed
        )
    )

    # --- ∂L/∂ŷ against ∂L/∂z
    st.subheader(t("gradients.probability_heading"))
    explanation, chart = st.columns([2, 3], gap="large")
    with explanation:
        st.markdown(t("gradients.probability_explanation"))
        if revealed:
            probability_text = explain.probability_gradient_text(
                float(probabilities[y]), float(probability_gradient[y]), log_p_true
            )
            st.markdown(
                t(
                    "gradients.probability_numbers", p=true_probability,
                    probability_gradient=probability_text, logit_gradient=sig(gradient[y]),
                )
            )  # fmt: skip
    grid, grid_probability_gradient, grid_logit_gradient = model.true_class_gradient_curves()
    with chart:
        page.plot(
            figures.probability_vs_logit_gradient,
            grid,
            grid_probability_gradient,
            grid_logit_gradient,
            float(probabilities[y]) if revealed else None,
            (float(probability_gradient[y]), float(gradient[y])) if revealed else None,
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
                on_click=model.use_pair,
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
        page.link_to("focal", t("gradients.focal_link"), {}, icon=":material/center_focus_strong:")
    with chart:
        if not revealed:
            st.caption(t("gradients.quiz_hidden"))
        else:
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
    if revealed:
        descent_player(page, y, logits)
    else:
        st.caption(t("gradients.quiz_hidden"))


page = frame("gradients")
page.bind(model.BOUND)

st.title(t("gradients.title"))
lesson(page)

page.publish()
