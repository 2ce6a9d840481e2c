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
from ce_ui import training_setup as setup
from ce_ui.explanations import training as explain
from ce_ui.figures import training as figures
from ce_ui.figures.training import MODEL_COLOURS, Line
from ce_ui.format import sig
from ce_ui.formulas.training import loss_formula
from ce_ui.frame import frame
from ce_ui.i18n import t


def _apply_preset(name: str) -> None:
    for field, value in setup.PRESETS[name]:
        page.set_value(field, value)


def _progress_updater(slot, loss: str, run: int, runs: int):
    def update(epoch: int, epochs: int) -> None:
        fraction, text = explain.progress(loss_names[loss], run, runs, epoch, epochs)
        slot.progress(fraction, text=text)

    return digits.outside_cache(update)


def _wait_reporter(slot):
    def update() -> None:
        slot.progress(0.0, text=t("training.waiting"))

    return digits.outside_cache(update)


@st.cache_resource(max_entries=64, show_spinner=False)
def trained(
    settings: str, _config, _name, _rare_digits, _keep_fraction, _base, _on_epoch, _on_wait
) -> setup.Summary:
    """The summary of the run with these settings, trained or taken from the digits' cache.

    Keyed by ``settings``, the repr of the config, name, rare digits, kept fraction and base that
    follow it (exact, and much faster to hash than they are), and shared rather than copied, as
    the page only reads it."""
    run = digits.train(
        _config, _rare_digits, _keep_fraction, _on_epoch=_on_epoch, _on_wait=_on_wait
    )
    return setup.summarize(run, _name, _rare_digits, _base)


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


def _lines(summaries: list[setup.Summary], train_values, test_values) -> list[Line]:
    lines = []
    for summary, colour in zip(summaries, MODEL_COLOURS, strict=False):
        train_name = t("training.train_line", loss=summary.name)
        lines.append(Line(train_name, train_values(summary), colour, dashed=True))
        lines.append(Line(t("training.test_line", loss=summary.name), test_values(summary), colour))
    return lines


def show_curves(summaries: list[setup.Summary], rare_digits: tuple[int, ...]) -> None:
    unit = page.unit_label
    n_classes = summaries[0].run.data.n_classes
    uniform_guess = cc.entropy(np.full(n_classes, 1 / n_classes), base=page.base)
    st.caption(t("training.curves_text", start=sig(uniform_guess), unit=unit))
    loss_column, accuracy_column = st.columns(2, gap="medium")
    with loss_column:
        page.plot(
            figures.epoch_curves,
            _lines(summaries, lambda s: s.train_loss, lambda s: s.test_loss),
            title=t("training.loss_chart_title"),
            x_title=t("training.epoch_axis"),
            y_title=t("training.loss_axis", unit=unit),
        )
    with accuracy_column:
        page.plot(
            figures.epoch_curves,
            _lines(
                summaries,
                lambda s: s.history.train_accuracy,
                lambda s: s.history.test_accuracy,
            ),
            title=t("training.accuracy_chart_title"),
            x_title=t("training.epoch_axis"),
            y_title=t("training.accuracy_axis"),
            y_range=(0, 1.02),
        )
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
            on_click=_apply_preset,
            args=(name,),
        )

with st.container(border=True):
    st.markdown(f"**{t('training.loss_heading')}**")
    loss_column, compare_column, gamma_column, smoothing_column = st.columns(
        [3, 3, 2, 2], gap="medium"
    )
    loss = loss_column.selectbox(
        **ask("loss"), options=training.LOSSES, format_func=loss_names.get, key=page.key(setup.LOSS)
    )
    compare = compare_column.selectbox(
        **ask("compare"),
        options=(setup.NO_COMPARISON, *training.LOSSES),
        format_func={setup.NO_COMPARISON: t("training.compare_none"), **loss_names}.get,
        key=page.key(setup.COMPARE),
    )
    used = set(setup.losses_to_train(loss, compare))
    gamma = gamma_column.slider(
        **ask("gamma"),
        **setup.SLIDERS["gamma"],
        key=page.key(setup.GAMMA),
        disabled="focal" not in used,
    )
    smoothing = smoothing_column.slider(
        **ask("smoothing"),
        **setup.SLIDERS["smoothing"],
        key=page.key(setup.SMOOTHING),
        disabled="smoothing" not in used,
    )

    st.markdown(f"**{t('training.data_heading')}**")
    imbalance_column, rare_column = st.columns(2, gap="medium")
    imbalance = imbalance_column.slider(
        **ask("imbalance"), **setup.SLIDERS["imbalance"], key=page.key(setup.IMBALANCE)
    )
    rare = rare_column.multiselect(
        **ask("rare"),
        options=list(range(10)),
        key=page.key(setup.RARE),
        placeholder=t("training.rare_none"),
    )

    st.markdown(f"**{t('training.model_heading')}**")
    model_column, optimizer_column, lr_column, epochs_column, batch_column, seed_column = (
        st.columns([4, 3, 3, 3, 3, 2], gap="medium")
    )
    model = model_column.radio(
        **ask("model", hidden=setup.HIDDEN_UNITS),
        options=training.MODELS,
        format_func=explain.option_names("model", training.MODELS, hidden=setup.HIDDEN_UNITS).get,
        key=page.key(setup.MODEL),
    )
    optimizer = optimizer_column.radio(
        **ask("optimizer"),
        options=training.OPTIMIZERS,
        format_func=explain.option_names("optimizer", training.OPTIMIZERS).get,
        key=page.key(setup.OPTIMIZER),
    )
    learning_rate = lr_column.number_input(
        **ask("lr"), **setup.SLIDERS["lr"], format="%g", key=page.key(setup.LR)
    )
    epochs = epochs_column.slider(
        **ask("epochs"), **setup.SLIDERS["epochs"], key=page.key(setup.EPOCHS)
    )
    batch_size = batch_column.select_slider(
        **ask("batch"), options=setup.BATCH_SIZES, key=page.key(setup.BATCH)
    )
    seed = seed_column.number_input(
        **ask("seed"), **setup.SLIDERS["seed"], key=page.key(setup.SEED)
    )

losses = setup.losses_to_train(loss, compare)
if compare == loss:
    st.info(t("training.same_loss"))
rare_digits, keep_fraction = setup.data_selection(rare, imbalance)
configs = setup.make_configs(
    losses,
    model=model,
    optimizer=optimizer,
    learning_rate=learning_rate,
    epochs=epochs,
    batch_size=batch_size,
    seed=seed,
    gamma=gamma,
    smoothing=smoothing,
)
# Settings whose training is cheap, or already done by any session, show their results at once;
# costlier ones (up to about 5 times the budget) train only when the visitor asks.
seconds = digits.pending_seconds(configs, rare_digits, keep_fraction)
start = seconds <= digits.AUTO_TRAIN_SECONDS
with status:
    if not start:
        st.info(
            t("training.train_needed", seconds=math.ceil(seconds)),
            icon=":material/timer:",
        )
        start = st.button(
            t("training.train_button"),
            key="training.train",
            type="primary",
            icon=":material/play_arrow:",
        )
    progress_slot = st.empty()
summaries = []
try:
    for run_number, config in enumerate(configs if start else [], start=1):
        on_epoch = _progress_updater(progress_slot, config.loss, run_number, len(configs))
        name = loss_names[config.loss]
        settings = (config, name, rare_digits, keep_fraction, page.base)
        summaries.append(
            trained(repr(settings), *settings, on_epoch, _wait_reporter(progress_slot))
        )
except training.TrainingDiverged as problem:
    summaries = []
    st.error(t("training.diverged", epoch=problem.epoch), icon="🚨")
except digits.ServerBusy:
    summaries = []
    with status:
        st.warning(t("training.busy"), icon=":material/hourglass_top:")
progress_slot.empty()

if summaries:
    data = summaries[0].run.data
    show_data(data, rare_digits)
    show_formulas(summaries)
    show_metrics(summaries, data, rare_digits)
    view = st.segmented_control(
        t("training.view_label"),
        setup.VIEWS,
        format_func=explain.option_names("view", setup.VIEWS).get,
        key=page.key(setup.VIEW),
        required=True,
        help=t("training.view_help"),
    )
    SECTIONS[view](summaries, rare_digits)

page.publish()
