"""Playground: one prediction scored against its true label, with the formula in the user's numbers,
a per-class table, a bar chart, worked examples, a small batch, and the same computation in code.

The fields, the reading, the scoring and the words around the result are in ``ce_ui.playground``,
the formulas in ``ce_ui.formulas.playground``; this page only draws them.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

import ce_core as cc
from ce_ui import playground as pg
from ce_ui.components import distribution_bars
from ce_ui.figures import playground as figures
from ce_ui.format import sig
from ce_ui.formulas import playground as formulas
from ce_ui.frame import Frame, frame, section
from ce_ui.i18n import t
from ce_ui.playground import BATCH_P, BATCH_Y, CLIP, EPS, TARGET_KIND, P, Y, Z

# The Playground on one screen: less space above the title, and the result panel sticky.
LAYOUT_CSS = """<style>
.block-container { padding-top: 2.5rem; }
.st-key-playground_result { position: sticky; top: 3.75rem; z-index: 1; }
</style>"""

KIND_SHOWN_KEY = "playground.kind_shown"  # the target kind the full run chose, for the fragment
# The chart below the headline loss, both within a 768-pixel screen (and, enlarged for presenting,
# a 720-pixel projector).
CHART_HEIGHT, PRESENTER_CHART_HEIGHT = 330, 280

# ---------------------------------------------------------------- sections of the page


def show_presets(page: Frame, active: set[str]) -> None:
    ids = [preset.id for preset in pg.PRESETS]
    labels = {id_: t(f"playground.preset_{id_}") for id_ in ids}
    helps = {id_: t(f"playground.preset_{id_}_note") for id_ in ids}
    page.preset_buttons("playground.preset", labels, pg.apply_preset, helps=helps, active=active)


def show_inputs(page: Frame, example: pg.Example, kind_shown: str | None) -> None:
    """The bars first (the thing to touch, on screen with the loss and the chart), then the
    typed fields they follow."""
    field = Z if example.logits else P
    distribution_bars(
        key="playground.bars",
        values=example.prediction if example.logits else example.probabilities,
        mode=pg.LOGITS if example.logits else pg.PROBABILITIES,
        target=example.target,
        units=page.units,
        temperature=example.temperature,
        presenter=page.presenter,
        on_change=pg.on_bars_change,
        args=(page, field),
    )
    st.caption(t("touch.hint"))
    page.number_input(
        pg.CLASSES, t("playground.classes_label"), shown=example.classes,
        help=t("playground.classes_help"), on_change=pg.on_classes_change, args=(page,),
    )  # fmt: skip
    kinds = {kind: t(f"playground.target_kind_{kind}") for kind in pg.TARGET_KINDS}
    kind = page.radio(
        TARGET_KIND, t("playground.target_kind_label"), kinds, shown=kind_shown,
        horizontal=True, on_change=pg.on_target_kind_change, args=(page,),
    )  # fmt: skip
    if kind == pg.ONE_CLASS:
        page.class_picker(
            pg.TARGET_CLASS, t("playground.y_class_label"), example.classes, shown=example.target,
            help=t("playground.y_class_help"), on_change=pg.on_target_class_change, args=(page,),
        )  # fmt: skip
    else:
        page.text_input(
            pg.TARGET_TEXT, t("playground.y_text_label"), shown=page.value(Y),
            max_chars=Y.max_chars, help=t("playground.y_text_help"),
            on_change=pg.on_target_text_change, args=(page,),
        )  # fmt: skip
    if example.target_problem:
        page.bad_input(example.target_problem, example.target_in_use)
    elif example.target_sum is not None:
        warning = t("playground.y_sum", total=sig(example.target_sum))
        page.offer_normalise(Y, example.target, warning, key="playground.normalise_y")

    modes = {mode: t(f"playground.mode_{mode}") for mode in pg.MODES}
    page.radio(
        pg.MODE, t("playground.mode_label"), modes, horizontal=True, on_change=pg.on_mode_change,
        args=(page,),
    )  # fmt: skip
    page.text_input(
        field, t(f"playground.{field.key}_label"), help=t(f"playground.{field.key}_help"),
        on_change=pg.on_prediction_change, args=(page, field),
    )  # fmt: skip
    if example.prediction_problem:
        page.bad_input(example.prediction_problem, example.prediction_in_use)
    elif example.prediction_sum is not None:
        warning = t("playground.p_sum", total=sig(example.prediction_sum))
        page.offer_normalise(P, example.prediction, warning, key="playground.normalise_p")
    if example.logits:
        page.number_input(
            pg.TEMPERATURE, t("playground.t_label"), format="%.4g", help=t("playground.t_help")
        )
        values = ", ".join(sig(v) for v in example.probabilities)
        st.caption(t("playground.softmax_caption", values=values))
    page.checkbox(CLIP, t("playground.clip_label"), help=t("playground.clip_help"))
    if page.value(CLIP):
        page.number_input(
            EPS, t("playground.eps_label"), format="%.6g", help=t("playground.eps_help")
        )


def show_metrics(page: Frame, example: pg.Example, scores: pg.Scores) -> None:
    """The headline numbers: the loss, and the true class's probability (or the clipped loss, or
    the target's entropy)."""
    unit = page.unit_label
    probabilities, target, loss = example.probabilities, example.target, scores.loss
    loss_column, second_column = st.columns(2)
    loss_column.metric(t("playground.loss_metric"), f"{sig(loss)} {unit}")
    if scores.clipped_loss is not None:
        second_column.metric(
            t("playground.clipped_metric", eps=sig(example.eps)),
            f"{sig(scores.clipped_loss)} {unit}",
        )
    elif example.one_hot:
        second_column.metric(t("playground.true_prob_metric", c=target), sig(probabilities[target]))
    else:
        entropy = f"{sig(scores.target_entropy)} {unit}"
        second_column.metric(t("playground.entropy_metric"), entropy)


def show_loss(page: Frame, example: pg.Example, scores: pg.Scores, active: set[str]) -> None:
    """The formula with the user's numbers, and what they mean."""
    base, bits, unit = page.base, page.units == "bits", page.unit_label
    probabilities, target, loss = example.probabilities, example.target, scores.loss
    target_vector = example.target_vector
    st.latex(formulas.loss_formula(target_vector, probabilities, scores.terms, loss, bits=bits))
    if (target_vector == 0).any():
        collapsed = example.classes > formulas.COLLAPSE_ZERO_TERMS_ABOVE
        st.caption(t("playground.grey_terms_collapsed" if collapsed else "playground.grey_terms"))
    st.markdown(pg.explanation(example, scores, base, unit))

    if example.logits:
        st.latex(formulas.softmax_formula(example.prediction, example.temperature, probabilities))
        if scores.log_sum_exp is not None:
            true_logit = example.prediction[target] / example.temperature
            st.markdown(t("playground.explain_logits"))
            st.latex(
                formulas.log_sum_exp_formula(
                    scores.log_sum_exp, true_logit, target, loss, bits=bits
                )
            )
    if scores.binary_loss is not None:
        st.markdown(t("playground.explain_binary"))
        st.latex(formulas.binary_formula(target, probabilities, scores.binary_loss, bits=bits))
    if scores.clipped_loss is not None:
        true_p = probabilities[target] if example.one_hot else None
        st.latex(formulas.clipped_formula(example.eps, true_p, scores.clipped_loss, bits=bits))
        st.markdown(t("playground.explain_clip", cap=sig(scores.clip_cap), unit=unit))
    for preset in pg.PRESETS:
        if preset.id in active:
            st.info(t(f"playground.preset_{preset.id}_note"), icon=":material/lightbulb:")


def show_chart(page: Frame, example: pg.Example) -> None:
    page.plot(
        figures.target_vs_prediction,
        example.target_vector,
        example.probabilities,
        title=t("playground.chart_title"),
        x_title=t("playground.chart_x"),
        y_title=t("playground.chart_y"),
        target_name=t("playground.chart_target"),
        prediction_name=t("playground.chart_prediction"),
        true_class_label=t("playground.chart_true_class"),
        height=PRESENTER_CHART_HEIGHT if page.presenter else CHART_HEIGHT,
    )
    st.caption(pg.chart_caption(example))


def show_table(page: Frame, example: pg.Example, scores: pg.Scores, revealed: bool) -> None:
    columns, exact, shaded, bold = pg.class_table(
        example, scores, revealed=revealed, bits=page.units == "bits"
    )
    page.table(columns, height="content", shaded_rows=shaded, bold_rows=bold)
    st.caption(t("playground.table_caption" if revealed else "playground.table_caption_quiz"))
    st.download_button(
        t("playground.download_csv"),
        lambda: pd.DataFrame(exact).to_csv(index=False),  # written when clicked
        file_name="cross_entropy_per_class.csv",
        mime="text/csv",
        icon=":material/download:",
        on_click="ignore",
    )


def show_carried(page: Frame, example: pg.Example) -> None:
    """Links that open this prediction on the Gradients and Curves pages (with the shared
    settings), or a note of why it does not fit there."""
    with st.container(horizontal=True, gap="medium", vertical_alignment="center"):
        for target, query in pg.carried_queries(example).items():
            if query is None:
                st.caption(t(f"playground.carry_none_{target}"))
            else:
                page.link_to(target, t(f"playground.carry_{target}"), query, icon=":material/east:")


def show_batch(page: Frame) -> None:
    """N examples, each a label and a row of probabilities: per-example losses and their mean."""
    base, unit, bits = page.base, page.unit_label, page.units == "bits"
    st.subheader(t("playground.batch_heading"))
    st.markdown(t("playground.batch_intro"))
    labels = {name: t(f"playground.batch_preset_{name}") for name in pg.BATCH_PRESETS}
    y_text, p_text = page.value(BATCH_Y), page.value(BATCH_P)
    active = {name for name in labels if pg.batch_preset_active(name, y_text, p_text)}
    page.preset_buttons("playground.batch_preset", labels, pg.apply_batch_preset, active=active)
    inputs_column, results_column = st.columns([1, 1.35], gap="large")
    with inputs_column:
        page.text_input(BATCH_Y, t("playground.batch_y_label"), help=t("playground.batch_y_help"))
        page.text_area(
            BATCH_P, t("playground.batch_p_label"), help=t("playground.batch_p_help"), height=150
        )
        labels, rows, problem = pg.read_batch(page)
        if problem:
            page.bad_input(problem, pg.batch_in_use(labels, rows))
        warning = pg.batch_sum_warning(rows)
        if warning:
            page.offer_normalise(BATCH_P, rows, warning, key="playground.normalise_batch")
            rows = rows / rows.sum(axis=1)[:, None]

    losses = cc.categorical_cross_entropy(labels, rows, reduction="none", base=base)
    cost = float(cc.categorical_cross_entropy(labels, rows, base=base))
    with results_column:
        revealed = page.reveal(
            "batch", t("playground.quiz_prompt_batch"),
            inputs=(labels.tobytes(), rows.tobytes(), page.units), answer=cost, unit=unit,
        )  # fmt: skip
        if revealed:
            st.metric(t("playground.batch_cost_metric", n=len(labels)), f"{sig(cost)} {unit}")
            st.latex(formulas.batch_formula(losses, cost))
            explained = pg.batch_explanation(losses, cost, unit)
            if explained:
                st.markdown(explained)
        page.table(pg.batch_table(labels, rows, losses, revealed=revealed, bits=bits))
    if revealed:
        page.plot(
            figures.batch_losses, losses, cost, title=t("playground.batch_chart_title"),
            x_title=t("playground.batch_chart_x"), y_title=t("playground.batch_chart_y", unit=unit),
            mean_label=t("playground.batch_mean"),
        )  # fmt: skip
    with st.expander(t("playground.batch_code"), icon=":material/code:"):
        case = pg.batch_case(labels, rows, bits)
        page.code_tabs(pg.code_scripts(case), pg.code_notes(case, cost, unit) if revealed else ())


# ---------------------------------------------------------------- the page

page = frame("playground")
page.bind(pg.BOUND)
kind_key = TARGET_KIND.key(page.page)
kind_shown = None
if page.arriving or page.relabel or kind_key not in st.session_state:
    kind_shown = st.session_state[kind_key] = pg.target_kind(page.value(Y))

st.html(LAYOUT_CSS)
st.title(t("playground.title"))
st.markdown(t("playground.intro"))

st.session_state[KIND_SHOWN_KEY] = kind_shown


@section
def interactive(page: Frame) -> None:
    """The single example, from its inputs to its code: a section of its own, so that a change
    here (a bar released, a field typed, a preset) reruns only this part of the page, not the
    batch below nor the frame."""
    kind_shown = st.session_state.pop(KIND_SHOWN_KEY, None)  # set by the full run, used once
    values = {field: page.value(field) for field in pg.FIELDS}
    example = pg.read_example(values, st.session_state[kind_key], page.last_valid)
    if example.target_problem and st.session_state[kind_key] == pg.ONE_CLASS:
        page.set_value(Y, str(example.target))  # the class selector can only show a valid class
    scores = pg.score(example, page.base)

    active = pg.active_presets(values)
    # One screen (1366×768): the bars and fields on the left; the headline loss and the chart on the
    # right, in a panel that stays in view while the fields scroll; the worked examples folded away.
    inputs_column, results_column = st.columns([1, 1.35], gap="large")
    with inputs_column, st.container(border=True):
        show_inputs(page, example, kind_shown)
    with results_column, st.container(key="playground_result"):
        revealed = page.reveal(
            "loss", t("playground.quiz_prompt"), answer=scores.shown, unit=page.unit_label,
            inputs=(*pg.quiz_inputs(values, example), page.units),
        )  # fmt: skip
        if revealed:
            show_metrics(page, example, scores)
        show_chart(page, example)
    with st.expander(t("playground.presets_heading"), icon=":material/lightbulb:"):
        show_presets(page, active)
    formula_column, table_column = st.columns([1.35, 1], gap="large")
    with formula_column:
        if revealed:
            show_loss(page, example, scores, active)
    with table_column:
        show_table(page, example, scores, revealed)
    show_carried(page, example)

    st.subheader(t("playground.code_heading"))
    st.caption(t("playground.code_intro", unit=page.unit_label))
    case = pg.loss_case(example, page.units == "bits")
    notes = pg.code_notes(case, scores.shown, page.unit_label) if revealed else ()
    page.code_tabs(pg.code_scripts(case), notes)


interactive(page)

st.divider()
show_batch(page)

page.publish()
