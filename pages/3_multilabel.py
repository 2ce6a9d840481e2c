"""Multi-label: one example scored as a softmax distribution and as independent sigmoids, several
labels at once, and the many-class scenario where the negatives drown the positives.

The fields, the reading, the scoring and the quizzes' answers are in ``ce_ui.multilabel`` (the
scenario's inputs in ``ce_ui.scenario_inputs``), the words, formulas, tables and figures in their
modules; this page only draws them."""

from __future__ import annotations

import numpy as np
import streamlit as st

from ce_core import scenarios
from ce_ui import multilabel as ml
from ce_ui.components import distribution_bars
from ce_ui.explanations import multilabel as explain
from ce_ui.figures import multilabel as figures
from ce_ui.focal import positives_in_use
from ce_ui.format import sig, sig_padded, sum_text
from ce_ui.formulas import multilabel as formulas
from ce_ui.formulas.scenario import log_symbol, log_word, many_class
from ce_ui.frame import Frame, frame, section
from ce_ui.i18n import current_language, t
from ce_ui.multilabel import CONCENTRATION, NEG_WEIGHT, REDUCTION, SEED, SPREAD, P, Y
from ce_ui.scenario_inputs import beta_omitted, scenario_inputs, scenario_link
from ce_ui.tables import multilabel as tables


def metric_row(names_values, unit: str) -> None:
    """Headline numbers side by side: ``(name, shown value)`` pairs of catalogue keys."""
    for column, (name, value) in zip(st.columns(len(names_values)), names_values, strict=True):
        column.metric(
            t(f"multilabel.{name}", unit=unit),
            value,
            border=True,
            help=t(f"multilabel.{name}_help"),
        )


def show_example_inputs(page: Frame, reading: ml.Reading, bars: bool) -> None:
    """The bars of the probabilities (first: on one screen with the numbers and the chart), the
    typed labels and probabilities, and the examples."""
    if bars:
        distribution_bars(
            key="multilabel.bars",
            values=reading.p,
            mode="independent",
            target=reading.y,
            units=page.units,
            presenter=page.presenter,
            on_change=ml.on_bars_change,
            args=(page,),
        )
        st.caption(t("multilabel.bars_hint"))
    page.text_input(Y, t("multilabel.y_label"), help=t("multilabel.y_help"))
    page.text_input(P, t("multilabel.p_label"), help=t("multilabel.p_help"))
    if reading.problem:
        page.bad_input(reading.problem, reading.in_use)
    with st.container(horizontal=True, gap="small"):
        for name, example in ml.EXAMPLE_PRESETS:
            st.button(
                t(f"multilabel.{name}"),
                key=f"multilabel.{name}",
                help=t("multilabel.preset_help"),
                on_click=ml.load_example,
                args=(page, example),
            )


def show_one_label(page: Frame, reading: ml.Reading, scores: ml.Scores, forced_shown: bool):
    """Section 1: the inputs beside the headline numbers and the chart, then table, formulas and
    words. ``forced_shown``: whether section 2's quiz lets the softmax view of several labels
    show."""
    y, p, base, unit, lang = reading.y, reading.p, page.base, page.unit_label, current_language()
    st.header(t("multilabel.s1_heading"))
    inputs_column, results_column = st.columns([1, 1.35], gap="large")
    with results_column:
        revealed = not scores.single_label or page.reveal(
            "single",
            t("multilabel.quiz_single"),
            inputs=(page.value(Y), page.value(P), base),
            answer=ml.single_answer(scores) if scores.single_label else None,
            unit=unit,
        )
        view = scores.view if (scores.single_label or forced_shown) else None
        if revealed:
            metric_row(
                ml.single_metrics(scores) if scores.single_label else ml.sum_metric(scores), unit
            )
        if revealed:
            names = explain.class_names(lang, y.size)
            page.plot(
                figures.class_terms, names, scores.binary_terms,
                view.terms if view else np.zeros_like(scores.binary_terms),
                binary_name=t("multilabel.binary_name"), title=t("multilabel.chart_title"),
                categorical_name=t("multilabel.categorical_name"),
                x_title=t("multilabel.chart_x"), y_title=t("multilabel.chart_y", unit=unit),
                height=figures.COMPACT_HEIGHT,
            )  # fmt: skip
    with inputs_column, st.container(border=True):
        show_example_inputs(page, reading, bars=revealed)
    if not revealed:
        return
    logits = scenarios.logit(p)
    columns, sum_row = tables.class_terms(
        lang, names=names, y=y, p=p, logits=logits, binary_terms=scores.binary_terms, view=view,
        unit=unit,
    )  # fmt: skip
    page.table(columns, bold_rows=[sum_row])
    if scores.single_label:
        if abs(p.sum() - 1) > 1e-6:
            st.info(t("multilabel.p_sum_note", total=sum_text(p.sum())), icon=":material/info:")
        log_tex = log_symbol(page.units)
        true_class = int(np.flatnonzero(y)[0])
        st.latex(formulas.softmax(view.prediction[true_class], view.loss, base, log_tex))
        st.latex(formulas.sigmoids(y, p, scores.binary, base, log_tex))
        st.markdown(
            explain.single_label(
                lang, y=y, p=p, binary_terms=scores.binary_terms, view=view, base=base,
                log=log_word(page.units), unit=unit,
            )
        )  # fmt: skip


def show_several_labels(page: Frame, reading: ml.Reading, scores: ml.Scores) -> bool:
    """Section 2; returns whether the softmax view of several labels may show (its quiz)."""
    unit, lang = page.unit_label, current_language()
    st.header(t("multilabel.s2_heading"))
    if scores.labels == 0:
        binary = sig_padded(scores.binary)
        st.info(t("multilabel.s2_no_label", binary=binary, unit=unit), icon=":material/info:")
        return True
    if scores.labels == 1:
        st.markdown(t("multilabel.s2_intro_single"))
        st.button(
            t("multilabel.s2_load_multi"), key="multilabel.s2_load_multi",
            on_click=ml.load_example, args=(page, ml.MULTI),
        )  # fmt: skip
        return True
    view = scores.view
    if not page.reveal(
        "multi",
        t("multilabel.quiz_multi"),
        inputs=(page.value(Y), page.value(P), page.base),
        answer=view.floor,
        unit=unit,
    ):
        return False
    metric_row(ml.multi_metrics(scores), unit)
    st.markdown(
        explain.several_labels(
            lang, labels=scores.labels, binary=scores.binary, view=view,
            log=log_word(page.units), unit=unit,
        )
    )  # fmt: skip
    names = explain.class_names(lang, reading.y.size)
    page.table(
        tables.forced_softmax(lang, names=names, y=reading.y, p=reading.p, view=view, unit=unit)
    )
    return True


@section
def example(page: Frame) -> None:
    """Sections 1 and 2, one example's labels and probabilities scored both ways: a part of the
    page that reruns alone when they change."""
    lang, base = current_language(), page.base
    reading = ml.read_or_keep(lang, page.value(Y), page.value(P), page.last_valid)
    scores = ml.score(reading.y, reading.p, base)
    section_one = st.container()  # drawn after section 2, whose quiz decides what it may show
    with st.container():
        forced_shown = show_several_labels(page, reading, scores)
    with section_one:
        show_one_label(page, reading, scores, forced_shown)


def spread_omitted(page: Frame) -> list[str]:
    """The keys a link leaves out for the negatives' spread chosen."""
    return beta_omitted(page.value(SPREAD))


@section(omit=spread_omitted)
def many_classes(page: Frame) -> None:
    """Section 3, the many-class scenario: a part of the page that reruns alone when its inputs
    change."""
    lang, base, unit = current_language(), page.base, page.unit_label
    st.header(t("multilabel.s3_heading"))
    st.markdown(t("multilabel.s3_intro"))
    with st.container(border=True):
        classes, positives, p_pos, p_neg = scenario_inputs(page, "multilabel")
        columns = st.columns(4)
        with columns[0]:
            neg_weight = page.number_input(
                NEG_WEIGHT, t("multilabel.neg_weight_label"), format="%g",
                help=t("multilabel.neg_weight_help"),
            )  # fmt: skip
        with columns[1]:
            reduction = page.radio(
                REDUCTION, t("multilabel.reduction_label"),
                {name: t(f"multilabel.reduction_{name}") for name in scenarios.REDUCTIONS},
                help=t("multilabel.reduction_help"), horizontal=True,
            )  # fmt: skip
        with columns[2]:
            spread = page.radio(
                SPREAD, t("multilabel.spread_label"),
                {name: t(f"multilabel.spread_{name}") for name in ml.SPREADS},
                help=t("multilabel.spread_help"), horizontal=True,
            )  # fmt: skip
        concentration, seed = None, 0
        if spread == "beta":
            with columns[3]:
                concentration = page.number_input(
                    CONCENTRATION, t("multilabel.concentration_label"), format="%g",
                    help=t("multilabel.concentration_help"),
                )  # fmt: skip
                seed_help = t("multilabel.seed_help")
                seed = page.number_input(SEED, t("multilabel.seed_label"), help=seed_help)
        positives, too_many = positives_in_use(classes, positives)
        if too_many:
            page.bad_input(*too_many)
        st.caption(t("multilabel.presets_s3"))
        preset_columns = st.columns(3)
        for column, (name, values) in zip(preset_columns, ml.SCENARIO_PRESETS, strict=False):
            column.button(
                t(f"multilabel.{name}"), key=f"multilabel.{name}", on_click=ml.set_values,
                args=(page, values), help=t("multilabel.preset_help_s3"), width="stretch",
            )  # fmt: skip
        balance_slot = preset_columns[2].empty()  # its weight gives the answer away: after the quiz

    settings = (classes, positives, p_pos, p_neg)
    unweighted = ml.scenario(*settings, 1.0, "sum", base, concentration, seed).loss
    result = ml.scenario(*settings, neg_weight, reduction, base, concentration, seed)
    loss = result.loss
    revealed = page.reveal(
        "many", t("multilabel.quiz_many"), answer=ml.share_answer(loss), unit="%",
        inputs=(*settings, neg_weight, reduction, concentration, seed, base),
    )  # fmt: skip
    balance = ml.balancing_weight(unweighted)
    if balance is not None:
        balance_slot.button(
            t("multilabel.preset_balance", weight=sig(balance))
            if revealed
            else t("multilabel.preset_balance_quiz"),
            key="multilabel.preset_balance", on_click=ml.set_values,
            args=(page, {NEG_WEIGHT: balance}), help=t("multilabel.preset_balance_help"),
            width="stretch",
        )  # fmt: skip
    if revealed:
        metric_row(ml.scenario_metrics(loss), unit)
        st.latex(
            many_class(
                classes=classes, positives=positives, p_pos=p_pos, p_neg=p_neg,
                neg_weight=neg_weight, reduction=reduction, base=base, loss=loss,
                beta=concentration is not None, log_tex=log_symbol(page.units),
            )
        )  # fmt: skip
        explained = explain.scenario(
            lang, classes=classes, positives=positives, neg_weight=neg_weight, reduction=reduction,
            loss=loss, unit=unit,
        )  # fmt: skip
        if explained:
            st.markdown(explained)
        if reduction == "mean":
            st.caption(t("multilabel.scenario_explained_mean", classes=classes))
        if concentration is not None and classes > positives:
            st.markdown(explain.beta_negatives(lang, classes - positives, result))
        split_column, profile_column = st.columns([2, 3])
        with split_column:
            page.plot(
                figures.loss_split,
                ml.split_rows(
                    lang, loss, unweighted, neg_weight=neg_weight, reduction=reduction,
                    classes=classes,
                ),
                positives_name=t("multilabel.positives_name"),
                negatives_name=t("multilabel.negatives_name"),
                title=t("multilabel.split_title"), x_title=t("multilabel.split_x", unit=unit),
            )  # fmt: skip
        with profile_column:
            page.plot(
                figures.class_profile, result.profile,
                positives_name=t("multilabel.positives_name"),
                negatives_name=t("multilabel.negatives_name"),
                share_name=t("multilabel.profile_share"), title=t("multilabel.profile_title"),
                x_title=t("multilabel.profile_x"), y_title=t("multilabel.profile_y", unit=unit),
                share_title=t("multilabel.profile_share_axis"), hover=t("multilabel.profile_hover"),
            )  # fmt: skip
            st.caption(explain.profile_caption(lang, len(result.profile.total), classes))

    st.markdown(t("multilabel.remedies"))
    scenario_link(page, "focal", t("multilabel.to_focal"), ":material/center_focus_strong:")
    beta = concentration is not None
    if note := ml.not_carried_to_focal(lang, neg_weight=neg_weight, reduction=reduction, beta=beta):
        st.caption(note)


# ---------------------------------------------------------------- the page

page = frame("multilabel")
page.bind(list(ml.FIELDS))

st.title(t("multilabel.title"))
with st.expander(t("multilabel.intro_heading"), icon=":material/info:"):
    st.markdown(t("multilabel.intro"))

example(page)
many_classes(page)

page.publish(omit=spread_omitted(page))
