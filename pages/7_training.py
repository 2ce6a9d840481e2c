"""Training: a classifier learns scikit-learn's handwritten digits with cross-entropy, focal,
class-weighted or label-smoothed loss; two losses side by side on the same split and seed."""

from __future__ import annotations

import math
from types import SimpleNamespace

import numpy as np
import streamlit as st

import ce_core as cc
from ce_core import calibration, training
from ce_ui import digits
from ce_ui.figures import training as figures
from ce_ui.figures.training import MODEL_COLOURS, Line
from ce_ui.format import latex_sig, sig
from ce_ui.frame import frame
from ce_ui.i18n import t
from ce_ui.url_state import (
    Field,
    choice,
    dump_integer_list,
    format_number,
    integer_list,
    number,
)

NO_COMPARISON = "none"
BATCH_SIZES = (8, 16, 32, 64, 128, 256)
HIDDEN_UNITS = training.TrainingConfig().hidden_units
RELIABILITY_BINS = 10
GALLERY_SIZE = 8
GALLERY_SCALE = 12  # each 8×8 digit is shown 96 × 96 pixels
CALIBRATED_WITHIN = 0.005  # a mean confidence this close to the accuracy counts as calibrated

LOSS = Field("loss", "ce", choice(training.LOSSES))
COMPARE = Field("compare", "smoothing", choice((NO_COMPARISON, *training.LOSSES)))
GAMMA = Field("gamma", 2.0, number(0, 5), format_number)
SMOOTHING = Field("smoothing", 0.1, number(0, 0.5), format_number)
IMBALANCE = Field("imbalance", 1.0, number(0.01, 1), format_number)
RARE = Field("rare", [0, 1, 2, 3, 4], integer_list(0, 9), dump_integer_list)
MODEL = Field("model", "softmax", choice(training.MODELS))
OPTIMIZER = Field("opt", "adam", choice(training.OPTIMIZERS))
LR = Field("lr", 0.01, number(0.0001, 1), format_number)
EPOCHS = Field("epochs", 30, number(1, 200, integer=True))
BATCH = Field("batch", 32, lambda text: int(choice([str(size) for size in BATCH_SIZES])(text)))
SEED = Field("seed", 0, number(0, 99999, integer=True))
VIEWS = ("curves", "recall", "calibration", "confusion", "gallery")
VIEW = Field("view", "curves", choice(VIEWS))
FIELDS = [
    LOSS,
    COMPARE,
    GAMMA,
    SMOOTHING,
    IMBALANCE,
    RARE,
    MODEL,
    OPTIMIZER,
    LR,
    EPOCHS,
    BATCH,
    SEED,
    VIEW,
]

PRESETS = {
    "preset_imbalance": (
        (LOSS, "ce"),
        (COMPARE, "weighted"),
        (IMBALANCE, 0.1),
        (RARE, [0, 1, 2, 3, 4]),
        (MODEL, "softmax"),
        (EPOCHS, 30),
        (VIEW, "recall"),
    ),
    "preset_smoothing": (
        (LOSS, "ce"),
        (COMPARE, "smoothing"),
        (SMOOTHING, 0.1),
        (IMBALANCE, 1.0),
        (MODEL, "softmax"),
        (EPOCHS, 30),
        (VIEW, "calibration"),
    ),
    "preset_focal": (
        (LOSS, "ce"),
        (COMPARE, "focal"),
        (GAMMA, 2.0),
        (IMBALANCE, 1.0),
        (MODEL, "softmax"),
        (EPOCHS, 30),
        (VIEW, "calibration"),
    ),
    "preset_network": (
        (LOSS, "ce"),
        (COMPARE, "smoothing"),
        (SMOOTHING, 0.1),
        (IMBALANCE, 1.0),
        (MODEL, "mlp"),
        (EPOCHS, 100),
        (VIEW, "gallery"),
    ),
}  # experiments one click away; settings not listed keep their values

FORMULAS = {
    "ce": r"L = -\log p_y",
    "focal": r"L = -(1 - p_y)^{{{gamma}}}\,\log p_y",
    "weighted": (r"L = -\,w_y \log p_y,\qquad \bar L = \frac{{\sum_i L_i}}{{\sum_i w_{{y_i}}}}"),
    "smoothing": (
        r"L = -\sum_{{c=0}}^{{9}} \Big[(1 - {eps})\,[c = y] + \frac{{{eps}}}{{10}}\Big] \log p_c"
    ),
}


def _apply_preset(name: str) -> None:
    for field, value in PRESETS[name]:
        page.set_value(field, value)


def _preset_help(name: str) -> str:
    settings = {field.key: value for field, value in PRESETS[name]}
    return t(
        f"training.{name}_help",
        keep=f"{settings.get('imbalance', 1):.0%}",
        digits=_digit_list(settings.get("rare", ())),
        gamma=format_number(settings.get("gamma", 0)),
        smoothing=format_number(settings.get("smoothing", 0)),
        epochs=settings.get("epochs"),
    )


def _digit_list(classes) -> str:
    return ", ".join(str(cls) for cls in classes) or t("training.rare_none")


def _progress_updater(slot, loss: str, run: int, runs: int):
    def update(epoch: int, epochs: int) -> None:
        slot.progress(
            ((run - 1) * epochs + epoch) / (runs * epochs),
            text=t(
                "training.progress",
                loss=loss_names[loss],
                run=run,
                runs=runs,
                epoch=epoch,
                epochs=epochs,
            ),
        )

    return digits.outside_cache(update)


def _wait_reporter(slot):
    def update() -> None:
        slot.progress(0.0, text=t("training.waiting"))

    return digits.outside_cache(update)


class Summary(SimpleNamespace):
    """What the page shows about one trained model, computed by ce_core from its cached run.

    A namespace rather than a dataclass: a page script defines its classes on every rerun, and
    defining a dataclass takes about a millisecond."""

    name: str
    run: digits.Run
    confusion: np.ndarray
    recall: np.ndarray
    rare_recall: float | None
    mean_recall: float
    bins: calibration.ReliabilityBins
    ece: float
    confidence: float
    test_cross_entropy: float
    train_loss: np.ndarray
    test_loss: np.ndarray

    @property
    def history(self) -> training.History:
        return self.run.result.history


def summarize(run: digits.Run, name: str, rare_digits: tuple[int, ...], base: float) -> Summary:
    result, labels = run.result, run.data.test_labels
    confusion = calibration.confusion_matrix(labels, result.test_predictions, run.data.n_classes)
    return Summary(
        name=name,
        run=run,
        confusion=confusion,
        recall=calibration.per_class_recall(confusion),
        rare_recall=calibration.mean_recall(confusion, rare_digits) if rare_digits else None,
        mean_recall=calibration.mean_recall(confusion),
        bins=calibration.reliability_bins(result.test_probabilities, labels, RELIABILITY_BINS),
        ece=calibration.expected_calibration_error(
            result.test_probabilities, labels, RELIABILITY_BINS
        ),
        confidence=calibration.mean_confidence(result.test_probabilities),
        test_cross_entropy=float(
            cc.categorical_cross_entropy(labels, result.test_logits, from_logits=True, base=base)
        ),
        train_loss=cc.nats_to(result.history.train_loss, base),
        test_loss=cc.nats_to(result.history.test_loss, base),
    )


@st.cache_resource(max_entries=64, show_spinner=False)
def trained(
    settings: str, _config, _name, _rare_digits, _keep_fraction, _base, _on_epoch, _on_wait
) -> Summary:
    """The summary of the run with these settings, trained or taken from the digits' cache.

    Keyed by ``settings``, the repr of the config, name, rare digits, kept fraction and base that
    follow it (exact, and much faster to hash than they are), and shared rather than copied, as
    the page only reads it."""
    run = digits.train(
        _config, _rare_digits, _keep_fraction, _on_epoch=_on_epoch, _on_wait=_on_wait
    )
    return summarize(run, _name, _rare_digits, _base)


def show_data(data: training.PreparedData, rare_digits: tuple[int, ...]) -> None:
    split_counts = data.split_train_counts
    train_counts = training.class_counts(data.train_labels, data.n_classes)
    with st.expander(t("training.split_heading"), expanded=True):
        st.markdown(
            t(
                "training.split_text",
                train_share=f"{1 - digits.TEST_FRACTION:.0%}",
                test_share=f"{digits.TEST_FRACTION:.0%}",
                total=digits.load().labels.size,
                split_seed=digits.SPLIT_SEED,
                train=int(split_counts.sum()),
                test=data.test_labels.size,
            )
        )
        if rare_digits:
            st.markdown(
                t(
                    "training.split_reduced",
                    kept=int(train_counts[list(rare_digits)].sum()),
                    original=int(split_counts[list(rare_digits)].sum()),
                    digits=_digit_list(rare_digits),
                    train=data.train_labels.size,
                )
            )
        st.caption(
            t(
                "training.train_counts",
                counts=", ".join(f"{digit}: {count}" for digit, count in enumerate(train_counts)),
            )
        )


def show_formulas(summaries: list[Summary]) -> None:
    st.subheader(t("training.formula_heading"))
    for column, summary in zip(st.columns(len(summaries)), summaries, strict=True):
        result = summary.run.result
        config = result.config
        with column:
            st.markdown(f"**{summary.name}**")
            st.latex(
                FORMULAS[config.loss].format(
                    gamma=latex_sig(config.gamma), eps=latex_sig(config.label_smoothing)
                )
            )
            if result.class_weights is not None:
                st.caption(
                    t(
                        "training.formula_weights",
                        weights=", ".join(
                            f"{digit}: {sig(weight)}"
                            for digit, weight in enumerate(result.class_weights)
                        ),
                    )
                )


def show_metrics(
    summaries: list[Summary], data: training.PreparedData, rare_digits: tuple[int, ...]
) -> None:
    st.header(t("training.results_heading", test=data.test_labels.size))
    for column, summary in zip(st.columns(len(summaries)), summaries, strict=True):
        with column:
            st.subheader(summary.name)
            first, second, third, fourth = [*st.columns(2), *st.columns(2)]
            first.metric(
                t("training.metric_accuracy"),
                sig(summary.history.test_accuracy[-1]),
                help=t("training.metric_accuracy_help"),
            )
            if summary.rare_recall is not None:
                second.metric(
                    t("training.metric_rare_recall"),
                    sig(summary.rare_recall),
                    help=t("training.metric_rare_recall_help", digits=_digit_list(rare_digits)),
                )
            else:
                second.metric(
                    t("training.metric_balanced"),
                    sig(summary.mean_recall),
                    help=t("training.metric_balanced_help"),
                )
            third.metric(
                t("training.metric_ece"), sig(summary.ece), help=t("training.metric_ece_help")
            )
            fourth.metric(
                t("training.metric_test_ce", unit=page.unit_label),
                sig(summary.test_cross_entropy),
                help=t("training.metric_test_ce_help"),
            )


def _lines(summaries: list[Summary], train_values, test_values) -> list[Line]:
    lines = []
    for summary, colour in zip(summaries, MODEL_COLOURS, strict=False):
        lines += [
            Line(
                t("training.train_line", loss=summary.name),
                train_values(summary),
                colour,
                dashed=True,
            ),
            Line(t("training.test_line", loss=summary.name), test_values(summary), colour),
        ]
    return lines


def show_curves(summaries: list[Summary], rare_digits: tuple[int, ...]) -> None:
    unit = page.unit_label
    n_classes = summaries[0].run.data.n_classes
    uniform_guess = cc.entropy(np.full(n_classes, 1 / n_classes), base=page.base)
    st.caption(t("training.curves_text", start=sig(uniform_guess), unit=unit))
    loss_column, accuracy_column = st.columns(2, gap="medium")
    with loss_column:
        page.plot(
            figures.epoch_curves,
            _lines(
                summaries, lambda summary: summary.train_loss, lambda summary: summary.test_loss
            ),
            title=t("training.loss_chart_title"),
            x_title=t("training.epoch_axis"),
            y_title=t("training.loss_axis", unit=unit),
        )
    with accuracy_column:
        page.plot(
            figures.epoch_curves,
            _lines(
                summaries,
                lambda summary: summary.history.train_accuracy,
                lambda summary: summary.history.test_accuracy,
            ),
            title=t("training.accuracy_chart_title"),
            x_title=t("training.epoch_axis"),
            y_title=t("training.accuracy_axis"),
            y_range=(0, 1.02),
        )
    st.caption(
        "\n\n".join(
            t(
                "training.curves_numbers",
                loss=summary.name,
                epochs=summary.run.result.config.epochs,
                train_loss=sig(summary.train_loss[-1]),
                test_loss=sig(summary.test_loss[-1]),
                unit=unit,
                train_accuracy=sig(summary.history.train_accuracy[-1]),
                test_accuracy=sig(summary.history.test_accuracy[-1]),
            )
            for summary in summaries
        )
    )


def show_recall(summaries: list[Summary], rare_digits: tuple[int, ...]) -> None:
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
        worst = int(np.nanargmin(summary.recall))
        if summary.rare_recall is not None:
            text = t(
                "training.recall_numbers",
                loss=summary.name,
                recall=sig(summary.recall[worst]),
                digit=worst,
                rare=sig(summary.rare_recall),
            )
        else:
            text = t(
                "training.recall_numbers_no_rare",
                loss=summary.name,
                recall=sig(summary.recall[worst]),
                digit=worst,
            )
        st.caption(text)


def show_calibration(summaries: list[Summary], rare_digits: tuple[int, ...]) -> None:
    st.caption(t("training.calibration_text"))
    chart_column, numbers_column = st.columns([3, 2], gap="large")
    with chart_column:
        page.plot(
            figures.reliability_diagram,
            [
                (
                    summary.name,
                    summary.bins.confidence,
                    summary.bins.accuracy,
                    summary.bins.counts,
                )
                for summary in summaries
            ],
            diagonal_name=t("training.perfect_calibration"),
            title=t("training.reliability_title"),
            x_title=t("training.confidence_axis"),
            y_title=t("training.bin_accuracy_axis"),
            count_label=t("training.bin_count"),
        )
    with numbers_column:
        for summary in summaries:
            accuracy = summary.history.test_accuracy[-1]
            gap = summary.confidence - accuracy
            if abs(gap) < CALIBRATED_WITHIN:
                verdict = t("training.verdict_calibrated")
            elif gap > 0:
                verdict = t("training.verdict_overconfident")
            else:
                verdict = t("training.verdict_underconfident")
            st.markdown(
                t(
                    "training.calibration_numbers",
                    loss=summary.name,
                    ece=sig(summary.ece),
                    confidence=sig(summary.confidence),
                    accuracy=sig(accuracy),
                    verdict=verdict,
                )
            )


def show_confusion(summaries: list[Summary], rare_digits: tuple[int, ...]) -> None:
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
            mistake = calibration.most_frequent_mistake(summary.confusion)
            total = int(summary.confusion.sum())
            if mistake is None:
                st.caption(t("training.confusion_numbers_perfect", loss=summary.name))
            else:
                st.caption(
                    t(
                        "training.confusion_numbers",
                        loss=summary.name,
                        wrong=total - int(np.trace(summary.confusion)),
                        total=total,
                        true=mistake[0],
                        predicted=mistake[1],
                        count=mistake[2],
                    )
                )


def show_gallery(summaries: list[Summary], rare_digits: tuple[int, ...]) -> None:
    st.caption(t("training.gallery_text"))
    unit = page.unit_label
    images = digits.load().images
    for column, summary in zip(st.columns(len(summaries)), summaries, strict=True):
        result, data = summary.run.result, summary.run.data
        hardest = training.highest_losses(result.test_cross_entropy, GALLERY_SIZE)
        losses = cc.nats_to(result.test_cross_entropy[hardest], page.base)
        with column:
            st.markdown(f"**{summary.name}**")
            st.image(
                [
                    figures.digit_pixels(images[data.test_indices[index]], GALLERY_SCALE)
                    for index in hardest
                ],
                caption=[
                    t(
                        "training.gallery_caption",
                        true=data.test_labels[index],
                        predicted=result.test_predictions[index],
                        loss=f"{sig(loss)} {unit}",
                    )
                    for index, loss in zip(hardest, losses, strict=True)
                ],
                width=8 * GALLERY_SCALE,
            )


SECTIONS = {
    "curves": show_curves,
    "recall": show_recall,
    "calibration": show_calibration,
    "confusion": show_confusion,
    "gallery": show_gallery,
}


page = frame("training")
page.bind(FIELDS)
# Translated once per run: widgets ask their format_func for each option several times.
loss_names = {loss: t(f"training.loss_{loss}") for loss in training.LOSSES}

st.title(t("training.title"))
st.markdown(t("training.intro"))
# Near the top: the Train button when the settings need one, and the progress while training.
status = st.container()

with st.container(horizontal=True, vertical_alignment="center"):
    st.markdown(f"**{t('training.presets_heading')}**", width="content")
    for name in PRESETS:
        st.button(
            t(f"training.{name}"),
            help=_preset_help(name),
            on_click=_apply_preset,
            args=(name,),
        )

with st.container(border=True):
    st.markdown(f"**{t('training.loss_heading')}**")
    loss_column, compare_column, gamma_column, smoothing_column = st.columns(
        [3, 3, 2, 2], gap="medium"
    )
    loss = loss_column.selectbox(
        t("training.loss_label"),
        training.LOSSES,
        format_func=loss_names.get,
        key=page.key(LOSS),
        help=t("training.loss_help"),
    )
    compare = compare_column.selectbox(
        t("training.compare_label"),
        (NO_COMPARISON, *training.LOSSES),
        format_func={NO_COMPARISON: t("training.compare_none"), **loss_names}.get,
        key=page.key(COMPARE),
        help=t("training.compare_help"),
    )
    used = {loss} if compare == NO_COMPARISON else {loss, compare}
    gamma = gamma_column.slider(
        t("training.gamma_label"),
        0.0,
        5.0,
        step=0.1,
        key=page.key(GAMMA),
        help=t("training.gamma_help"),
        disabled="focal" not in used,
    )
    smoothing = smoothing_column.slider(
        t("training.smoothing_label"),
        0.0,
        0.5,
        step=0.01,
        key=page.key(SMOOTHING),
        help=t("training.smoothing_help"),
        disabled="smoothing" not in used,
    )

    st.markdown(f"**{t('training.data_heading')}**")
    imbalance_column, rare_column = st.columns(2, gap="medium")
    imbalance = imbalance_column.slider(
        t("training.imbalance_label"),
        0.01,
        1.0,
        step=0.01,
        key=page.key(IMBALANCE),
        help=t("training.imbalance_help"),
    )
    rare = rare_column.multiselect(
        t("training.rare_label"),
        list(range(10)),
        key=page.key(RARE),
        help=t("training.rare_help"),
        placeholder=t("training.rare_none"),
    )

    st.markdown(f"**{t('training.model_heading')}**")
    model_column, optimizer_column, lr_column, epochs_column, batch_column, seed_column = (
        st.columns([4, 3, 3, 3, 3, 2], gap="medium")
    )
    model = model_column.radio(
        t("training.model_label"),
        training.MODELS,
        format_func={
            name: t(f"training.model_{name}", hidden=HIDDEN_UNITS) for name in training.MODELS
        }.get,
        key=page.key(MODEL),
        help=t("training.model_help", hidden=HIDDEN_UNITS),
    )
    optimizer = optimizer_column.radio(
        t("training.optimizer_label"),
        training.OPTIMIZERS,
        format_func={name: t(f"training.optimizer_{name}") for name in training.OPTIMIZERS}.get,
        key=page.key(OPTIMIZER),
        help=t("training.optimizer_help"),
    )
    learning_rate = lr_column.number_input(
        t("training.lr_label"),
        min_value=0.0001,
        max_value=1.0,
        step=0.001,
        format="%g",
        key=page.key(LR),
        help=t("training.lr_help"),
    )
    epochs = epochs_column.slider(
        t("training.epochs_label"), 1, 200, key=page.key(EPOCHS), help=t("training.epochs_help")
    )
    batch_size = batch_column.select_slider(
        t("training.batch_label"), BATCH_SIZES, key=page.key(BATCH), help=t("training.batch_help")
    )
    seed = seed_column.number_input(
        t("training.seed_label"),
        min_value=0,
        max_value=99999,
        step=1,
        key=page.key(SEED),
        help=t("training.seed_help"),
    )

losses = [loss]
if compare == loss:
    st.info(t("training.same_loss"))
elif compare != NO_COMPARISON:
    losses.append(compare)

# With every image kept there is no imbalance, whichever digits are selected (and the other way
# round), so these settings share one cached run.
rare_digits = tuple(rare) if imbalance < 1 else ()
keep_fraction = float(imbalance) if rare_digits else 1.0
# A loss's own setting goes only into its own run, so that moving γ does not retrain the others.
loss_settings = {
    "focal": {"gamma": float(gamma)},
    "smoothing": {"label_smoothing": float(smoothing)},
}
configs = [
    training.TrainingConfig(
        loss=name,
        model=model,
        optimizer=optimizer,
        learning_rate=float(learning_rate),
        epochs=int(epochs),
        batch_size=int(batch_size),
        seed=int(seed),
        **loss_settings.get(name, {}),
    )
    for name in losses
]
# Settings whose training is cheap, or already done by any session, show their results at once;
# costlier ones (up to about 5 times the budget) train only when the visitor asks.
pending = [c for c in configs if not digits.is_trained(c, rare_digits, keep_fraction)]
seconds = sum(digits.cost(config) for config in pending)
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
            trained(
                settings=repr(settings),
                _config=config,
                _name=name,
                _rare_digits=rare_digits,
                _keep_fraction=keep_fraction,
                _base=page.base,
                _on_epoch=on_epoch,
                _on_wait=_wait_reporter(progress_slot),
            )
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
        VIEWS,
        format_func={name: t(f"training.view_{name}") for name in VIEWS}.get,
        key=page.key(VIEW),
        required=True,
        help=t("training.view_help"),
    )
    SECTIONS[view](summaries, rare_digits)

page.publish()
