"""Training: a classifier learns scikit-learn's handwritten digits with cross-entropy, focal,
class-weighted or label-smoothed loss; two losses side by side on the same split and seed.

A renderer: fields, presets, configurations and metrics come from ``ce_ui.training_setup``, the
sentences from ``ce_ui.explanations.training``, the formulas from ``ce_ui.formulas.training``.
"""

from __future__ import annotations

import math

import numpy as np
import streamlit as st

import ce_core as cc
from ce_core import training
from ce_ui import digits
from ce_ui import training_runs as runs
from ce_ui import training_setup as setup
from ce_ui.explanations import training as explain
from ce_ui.figures import training as figures
from ce_ui.figures.training import MODEL_COLOURS
from ce_ui.format import sig
from ce_ui.formulas.training import loss_formula
from ce_ui.frame import Frame, frame, section
from ce_ui.i18n import t
from ce_ui.tables import training as tables


def show_data(data: training.PreparedData, rare_digits: tuple[int, ...]) -> None:
    *texts, counts = explain.split(data, rare_digits)
    with st.expander(t("training.split_heading"), expanded=True):
        for text in texts:
            st.markdown(text)
        st.caption(counts)


def show_formulas(summaries: list[setup.Summary]) -> None:
    st.subheader(t("training.formula_heading"))
    for column, summary in zip(st.columns(len(summaries)), summaries, strict=True):
        with column:
            st.markdown(f"**{summary.name}**")
            st.latex(loss_formula(summary.run.result.config))
            if weights := explain.class_weights(summary.run.result.class_weights):
                st.caption(weights)


def show_metrics(summaries: list[setup.Summary], data, rare_digits: tuple[int, ...]) -> None:
    st.header(t("training.results_heading", test=data.test_labels.size))
    for column, summary in zip(st.columns(len(summaries)), summaries, strict=True):
        with column:
            st.subheader(summary.name)
            for cell, (label, value, help_text) in zip(
                [*st.columns(2), *st.columns(2)],
                explain.metrics(summary, rare_digits, page.unit_label),
                strict=True,
            ):
                cell.metric(label, sig(value), help=help_text)


def show_comparison(summaries: list[setup.Summary], rare_digits: tuple[int, ...]) -> None:
    """The two losses' results side by side (one table, narrow enough for a phone)."""
    if len(summaries) != 2:
        return
    first, second = summaries
    st.markdown(f"**{t('training.table_heading')}**")
    page.table(tables.comparison_columns(first, second))
    st.caption(tables.comparison_caption(first, second))
    st.markdown(explain.comparison_verdict(first, second, rare_digits))


def show_curves(summaries: list[setup.Summary], rare_digits: tuple[int, ...]) -> None:
    unit = page.unit_label
    n_classes = summaries[0].run.data.n_classes
    uniform_guess = cc.entropy(np.full(n_classes, 1 / n_classes), base=page.base)
    st.caption(t("training.curves_text", start=sig(uniform_guess), unit=unit))
    loss_column, accuracy_column = st.columns(2, gap="medium")
    with loss_column:
        page.plot(
            figures.epoch_curves,
            explain.curve_lines(summaries, "loss", MODEL_COLOURS),
            title=t("training.loss_chart_title"),
            x_title=t("training.epoch_axis"),
            y_title=t("training.loss_axis", unit=unit),
        )
    with accuracy_column:
        accuracy = explain.curve_lines(summaries, "accuracy", MODEL_COLOURS)
        page.plot(
            figures.epoch_curves,
            accuracy,
            title=t("training.accuracy_chart_title"),
            x_title=t("training.epoch_axis"),
            y_title=t("training.accuracy_axis"),
            y_axis=figures.accuracy_axis([line.values for line in accuracy]),
            end_labels=True,
        )
        st.caption(t("training.accuracy_zoom"))
    st.caption(explain.curves_numbers(summaries, unit))


def show_recall(summaries: list[setup.Summary], rare_digits: tuple[int, ...]) -> None:
    st.caption(t("training.recall_text"))
    page.plot(
        figures.recall_bars,
        [(summary.name, summary.recall) for summary in summaries],
        reduced_classes=list(rare_digits),
        reduced_label=t("training.reduced_marker"),
        title=t("training.recall_chart_title"),
        x_title=t("training.digit_axis"),
        y_title=t("training.recall_axis"),
    )
    for summary in summaries:
        st.caption(explain.recall_numbers(summary))


def show_calibration(summaries: list[setup.Summary], rare_digits: tuple[int, ...]) -> None:
    st.caption(t("training.calibration_text"))
    chart_column, numbers_column = st.columns([3, 2], gap="large")
    with chart_column:
        page.plot(
            figures.reliability_diagram,
            [(s.name, s.bins.confidence, s.bins.accuracy, s.bins.counts) for s in summaries],
            diagonal_name=t("training.perfect_calibration"),
            title=t("training.reliability_title"),
            x_title=t("training.confidence_axis"),
            y_title=t("training.bin_accuracy_axis"),
            count_label=t("training.bin_count"),
        )
    with numbers_column:
        for summary in summaries:
            st.markdown(explain.calibration_numbers(summary))


def show_confusion(summaries: list[setup.Summary], rare_digits: tuple[int, ...]) -> None:
    st.caption(t("training.confusion_text"))
    for column, summary in zip(st.columns(len(summaries)), summaries, strict=True):
        with column:
            page.plot(
                figures.confusion_heatmap,
                summary.confusion,
                title=t("training.confusion_title", loss=summary.name),
                x_title=t("training.predicted_axis"),
                y_title=t("training.true_axis"),
            )
            st.caption(explain.confusion_numbers(summary))


def show_gallery(summaries: list[setup.Summary], rare_digits: tuple[int, ...]) -> None:
    st.caption(t("training.gallery_text"))
    images = digits.load().images
    for column, summary in zip(st.columns(len(summaries)), summaries, strict=True):
        hardest, losses = setup.hardest_examples(summary, page.base)
        test_indices = summary.run.data.test_indices
        with column:
            st.markdown(f"**{summary.name}**")
            st.image(
                [
                    figures.digit_pixels(images[test_indices[i]], setup.GALLERY_SCALE)
                    for i in hardest
                ],
                caption=explain.gallery_captions(summary, hardest, losses, page.unit_label),
                width=8 * setup.GALLERY_SCALE,
            )


SECTIONS = {
    "curves": show_curves,
    "recall": show_recall,
    "calibration": show_calibration,
    "confusion": show_confusion,
    "gallery": show_gallery,
}


@section
def show_view(page: Frame, summaries: list[setup.Summary], rare_digits: tuple[int, ...]) -> None:
    """The view picked of the trained runs: a part of the page that reruns alone when another
    view is picked."""
    view_names = explain.option_names("view", setup.VIEWS)
    view = page.segmented_control(
        setup.VIEW, t("training.view_label"), view_names, help=t("training.view_help")
    )
    SECTIONS[view](summaries, rare_digits)


page = frame("training")
page.bind(setup.FIELDS)
# Translated once per run: widgets ask their format_func for each option several times.
loss_names = explain.option_names("loss", training.LOSSES)
ask = explain.widget_text

st.title(t("training.title"))
st.markdown(t("training.intro"))
# Near the top: the Train button when the settings need one, and the progress while training.
status = st.container()

with st.container(horizontal=True, vertical_alignment="center"):
    st.markdown(f"**{t('training.presets_heading')}**", width="content")
    for name in setup.PRESETS:
        st.button(
            t(f"training.{name}"),
            help=explain.preset_help(name),
            on_click=setup.apply_preset,
            args=(page, name),
        )

with st.container(border=True):
    st.markdown(f"**{t('training.loss_heading')}**")
    columns = st.columns([3, 3, 2, 2], gap="medium")
    with columns[0]:
        loss = page.selectbox(setup.LOSS, **ask("loss"), option_labels=loss_names)
    with columns[1]:
        compare_names = {setup.NO_COMPARISON: t("training.compare_none"), **loss_names}
        compare = page.selectbox(setup.COMPARE, **ask("compare"), option_labels=compare_names)
    used = set(setup.losses_to_train(loss, compare))
    with columns[2]:
        gamma = page.slider(setup.GAMMA, **ask("gamma"), disabled="focal" not in used)
    with columns[3]:
        smoothing = page.slider(
            setup.SMOOTHING, **ask("smoothing"), disabled="smoothing" not in used
        )

    st.markdown(f"**{t('training.data_heading')}**")
    columns = st.columns(2, gap="medium")
    with columns[0]:
        imbalance = page.slider(setup.IMBALANCE, **ask("imbalance"))
    with columns[1]:
        rare = page.multiselect(setup.RARE, **ask("rare"), placeholder=t("training.rare_none"))

    st.markdown(f"**{t('training.model_heading')}**")
    columns = st.columns([4, 3, 3, 3, 3, 2], gap="medium")
    with columns[0]:
        model_names = explain.option_names("model", training.MODELS, hidden=setup.HIDDEN_UNITS)
        ask_model = ask("model", hidden=setup.HIDDEN_UNITS)
        page.radio(setup.MODEL, **ask_model, option_labels=model_names)
    with columns[1]:
        optimizer_names = explain.option_names("optimizer", training.OPTIMIZERS)
        page.radio(setup.OPTIMIZER, **ask("optimizer"), option_labels=optimizer_names)
    with columns[2]:
        page.number_input(setup.LR, **ask("lr"), format="%g")
    with columns[3]:
        page.slider(setup.EPOCHS, **ask("epochs"))
    with columns[4]:
        page.select_slider(setup.BATCH, **ask("batch"))
    with columns[5]:
        page.number_input(setup.SEED, **ask("seed"))

losses = setup.losses_to_train(loss, compare)
if compare == loss:
    st.info(t("training.same_loss"))
rare_digits, keep_fraction = setup.data_selection(rare, imbalance)
configs = setup.configs_from(page, losses)
# Settings whose training is cheap, or already done by any session, show their results at once;
# costlier ones (up to about 5 times the budget) train only when the visitor asks. Stopped
# settings wait for the Train button, and show the runs that did finish.
run_key = repr((configs, rare_digits, keep_fraction))
seconds = digits.pending_seconds(configs, rare_digits, keep_fraction)
stopped = st.session_state.get(runs.STOPPED) == run_key
start = seconds <= digits.AUTO_TRAIN_SECONDS and not stopped
with status:
    if not (start or stopped):
        st.info(t("training.train_needed", seconds=math.ceil(seconds)), icon=":material/timer:")
    if not start:
        start = st.button(
            t("training.train_button"),
            key="training.train",
            type="primary",
            icon=":material/play_arrow:",
        )
    live = st.empty()  # while training: the progress bar and the Stop button, side by side
progress_slot = None
if start:
    st.session_state.pop(runs.STOPPED, None)
    if seconds > 0:
        progress_slot = runs.progress_with_stop(live, run_key)
try:
    summaries, missing = runs.summaries(
        configs, loss_names, rare_digits, keep_fraction, page.base,
        train=start, slot=progress_slot,
    )  # fmt: skip
except training.TrainingDiverged as problem:
    summaries = []
    st.error(t("training.diverged", epoch=problem.epoch), icon="🚨")
except digits.ServerBusy:
    summaries = []
    with status:
        st.warning(t("training.busy"), icon=":material/hourglass_top:")
live.empty()
if stopped and not start:
    with status:
        stop_text = t("training.stopped_some", missing=", ".join(missing))
        st.info(stop_text if summaries else t("training.stopped_none"), icon=":material/stop:")

if summaries:
    data = summaries[0].run.data
    show_data(data, rare_digits)
    show_formulas(summaries)
    prompt = explain.quiz_prompt(summaries, rare_digits)
    answer = explain.quiz_answer(summaries)
    if page.reveal("winner", prompt, inputs=(run_key, page.base), answer=answer):
        show_metrics(summaries, data, rare_digits)
        show_comparison(summaries, rare_digits)
        show_view(page, summaries, rare_digits)

page.publish()
