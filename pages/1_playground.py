"""Playground: one prediction scored against its true label, with the formula in the user's numbers,
a per-class table, a bar chart, worked examples, a small batch, and the same computation in code.

URL: ``y`` (a class index, or a target distribution), ``p`` (probabilities) or ``z`` (logits) with
``t`` (temperature), ``eps`` (clipping; present only when clipping is on), ``batch_y`` and
``batch_p`` (the batch's labels and probability rows, rows separated by ``;``). Whether ``p`` or
``z`` is in a link decides the prediction mode; the number of classes is the prediction's length.
"""

from __future__ import annotations

import math
import re
from decimal import Decimal
from types import SimpleNamespace

import numpy as np
import pandas as pd
import streamlit as st

import ce_core as cc
from ce_ui import code_snippets
from ce_ui.code_snippets import LossCase
from ce_ui.components import distribution_bars
from ce_ui.figures import playground as figures
from ce_ui.format import latex_sig, sig
from ce_ui.frame import Frame, frame
from ce_ui.i18n import t
from ce_ui.inputs import (
    MAX_VECTOR_CHARS,
    MAX_VECTOR_LENGTH,
    InputProblem,
    check_length,
    full_note,
    parse_vector,
)
from ce_ui.url_state import Field, choice, dump_flag, flag, format_number, number

MIN_CLASSES, MAX_CLASSES = 2, MAX_VECTOR_LENGTH
MAX_LOGIT = 1e4
MIN_TEMPERATURE, MAX_TEMPERATURE = 0.01, 100.0
MIN_EPS, MAX_EPS = 1e-30, 0.1
MAX_BATCH_ROWS = 20
MAX_BATCH_CHARS = 5000  # 20 rows of 20 numbers with 7 decimals, typed with ", " between them
MAX_LABELS_CHARS = 200
SUM_TOLERANCE = 1e-6  # how far from 1 a distribution's sum may be (ce_core's own tolerance)
COLLAPSE_ZERO_TERMS_ABOVE = 6  # with more classes, the formula counts zero terms with a brace
TERMS_PER_LINE = 3
NUMBERS_PER_LINE = 4

MODES = PROBABILITIES, LOGITS = "probabilities", "logits"
TARGET_KINDS = ONE_CLASS, DISTRIBUTION = "class", "distribution"

_SEPARATORS = re.compile(r"[,;\s]+")


def _items(text: str) -> list[str]:
    return [item for item in _SEPARATORS.split(text.strip()) if item]


def vector_to_url(text: str) -> str:
    """The field's text ``"0.7, 0.2 0.1"`` as the URL writes it: ``"0.7,0.2,0.1"``."""
    return ",".join(_items(text))


def vector_from_url(text: str) -> str:
    return ", ".join(_items(text))


def labels_to_url(text: str) -> str:
    return ";".join(_items(text))


def rows_to_url(text: str) -> str:
    """One example per line in the field, ``;`` between examples in the URL."""
    lines = text.replace(";", "\n").splitlines()
    return ";".join(vector_to_url(line) for line in lines if line.strip())


def rows_from_url(text: str) -> str:
    return "\n".join(vector_from_url(row) for row in text.split(";") if row.strip())


def _vector_text(values) -> str:
    return ", ".join(format_number(v) for v in values)


Y = Field("y", "0", vector_from_url, vector_to_url, MAX_VECTOR_CHARS)
P = Field("p", "0.7, 0.2, 0.1", vector_from_url, vector_to_url, MAX_VECTOR_CHARS)
Z = Field("z", "2, 1, 0.1", vector_from_url, vector_to_url, MAX_VECTOR_CHARS)
TEMPERATURE = Field("t", 1.0, number(MIN_TEMPERATURE, MAX_TEMPERATURE), format_number)
EPS = Field("eps", 1e-7, number(MIN_EPS, MAX_EPS), format_number)
MODE = Field("mode", PROBABILITIES, choice(MODES))
CLIP = Field("clip", False, flag, dump_flag)
BATCH_Y = Field("batch_y", "0, 1", vector_from_url, labels_to_url, MAX_LABELS_CHARS)
BATCH_P = Field("batch_p", "0.9, 0.1\n0.5, 0.5", rows_from_url, rows_to_url, MAX_BATCH_CHARS)
FIELDS = (Y, P, Z, TEMPERATURE, MODE, CLIP, EPS, BATCH_Y, BATCH_P)

# Widgets showing a field in another form than its text; set from the field on every run.
CLASSES_VIEW = "playground.view.classes"
TARGET_KIND_VIEW = "playground.view.target_kind"
TARGET_CLASS_VIEW = "playground.view.target_class"
TARGET_TEXT_VIEW = "playground.view.target_text"
# The last valid value of each field, in one session-state entry (every entry slows down every
# keyed widget a little: see url_state.SAVED_STATE_KEY).
LAST_VALID = "playground.last_valid"


class Preset(SimpleNamespace):
    """A worked example one click away: its ``id``, and ``y`` and ``p`` or ``z`` as the URL writes
    them, with a temperature and a clipping ``eps`` (None: no clipping).

    The page's records are namespaces rather than dataclasses: a page script defines its classes
    on every rerun, and defining a dataclass takes about a millisecond."""

    p: str | None = None
    z: str | None = None
    temperature: float = 1.0
    eps: float | None = None

    def values(self) -> dict[Field, object]:
        values = {
            Y: vector_from_url(self.y),
            MODE: LOGITS if self.z else PROBABILITIES,
            CLIP: self.eps is not None,
        }
        if self.z:
            values |= {Z: vector_from_url(self.z), TEMPERATURE: self.temperature}
        else:
            values[P] = vector_from_url(self.p)
        if self.eps is not None:
            values[EPS] = self.eps
        return values


PRESETS = (
    Preset(id="three_right", y="0", p="0.7,0.2,0.1"),
    Preset(id="three_unsure", y="0", p="0.2,0.4,0.4"),
    Preset(id="five_wrong", y="0", p="0.1,0.5,0.1,0.1,0.2"),
    Preset(id="five_same", y="0", p="0.1,0.6,0.1,0.1,0.1"),
    Preset(id="binary_right", y="1", p="0.1,0.9"),
    Preset(id="binary_wrong", y="1", p="0.9,0.1"),
    Preset(id="soft_target", y="0.9,0.05,0.05", p="0.7,0.2,0.1"),
    Preset(id="logits", y="0", z="2,1,0.1"),
    Preset(id="logits_warm", y="0", z="2,1,0.1", temperature=2.0),
    Preset(id="zero_clipped", y="0", p="0,0.5,0.5", eps=1e-7),
)
BATCH_PRESETS = {  # name: (batch_y, batch_p) as in the URL
    "sklearn": ("0;1", "0.9,0.1;0.5,0.5"),
    "mistake": ("0;0;1", "0.9,0.1;0.8,0.2;0.99,0.01"),
}


# ---------------------------------------------------------------- reading the fields


def parse_target(text: str, classes: int) -> int | np.ndarray:
    """A class index (one whole number) or a target distribution (one number per class)."""
    name = t("playground.y_name")
    values = parse_vector(text, name)
    if len(values) == 1:
        index = values[0]
        if not index.is_integer() or not 0 <= index < classes:
            raise InputProblem(
                t(
                    "playground.y_not_class",
                    field=name,
                    value=format_number(index),
                    last=classes - 1,
                    classes=classes,
                )
            )
        return int(index)
    if len(values) != classes:
        raise InputProblem(
            t("playground.y_wrong_length", field=name, count=len(values), classes=classes)
        )
    values = parse_vector(text, name, low=0, high=1)
    if values.sum() == 0:
        raise InputProblem(t("playground.y_zero_sum", field=name))
    return values


def parse_prediction(text: str, logits: bool) -> np.ndarray:
    if logits:
        return parse_vector(
            text, t("playground.z_name"), min_length=MIN_CLASSES, low=-MAX_LOGIT, high=MAX_LOGIT
        )
    values = parse_vector(text, t("playground.p_name"), min_length=MIN_CLASSES, low=0, high=1)
    if values.sum() == 0:
        raise InputProblem(t("playground.p_zero_sum", field=t("playground.p_name")))
    return values


def parse_batch(labels_text: str, rows_text: str) -> tuple[np.ndarray, np.ndarray]:
    """Class labels (N,) and probability rows (N, C) from the two batch fields."""
    labels_name, rows_name = t("playground.batch_y_name"), t("playground.batch_p_name")
    check_length(rows_text, rows_name, MAX_BATCH_CHARS)
    check_length(labels_text, labels_name, MAX_LABELS_CHARS)
    lines = [line for line in rows_text.replace(";", "\n").splitlines() if line.strip()]
    if not lines:
        parse_vector("", rows_name)  # raises: the field is empty
    if len(lines) > MAX_BATCH_ROWS:
        raise InputProblem(
            t("common.vector_too_long", field=rows_name, count=len(lines), limit=MAX_BATCH_ROWS)
        )
    rows = []
    for number_, line in enumerate(lines, start=1):
        line_name = t("playground.batch_row_name", row=number_)
        row = parse_vector(line, line_name, min_length=MIN_CLASSES, low=0, high=1)
        if rows and len(row) != len(rows[0]):
            raise InputProblem(
                t(
                    "playground.batch_row_length",
                    field=line_name,
                    count=len(row),
                    classes=len(rows[0]),
                )
            )
        if row.sum() == 0:
            raise InputProblem(t("playground.p_zero_sum", field=line_name))
        rows.append(row)
    classes = len(rows[0])
    labels = parse_vector(
        labels_text, labels_name, max_length=MAX_BATCH_ROWS, max_chars=MAX_LABELS_CHARS
    )
    for position, label in enumerate(labels, start=1):
        if not label.is_integer() or not 0 <= label < classes:
            raise InputProblem(
                t(
                    "playground.batch_label_not_class",
                    field=labels_name,
                    value=format_number(label),
                    position=position,
                    last=classes - 1,
                    classes=classes,
                )
            )
    if len(labels) != len(rows):
        raise InputProblem(
            t(
                "playground.batch_count_mismatch",
                field=labels_name,
                labels=len(labels),
                rows=len(rows),
            )
        )
    return labels.astype(int), np.array(rows)


def _remember(name: str, value) -> None:
    st.session_state.setdefault(LAST_VALID, {})[name] = value


def _last_valid(name: str, default):
    return st.session_state.get(LAST_VALID, {}).get(name, default)


def _fallback_prediction(logits: bool) -> np.ndarray:
    field = Z if logits else P
    return _last_valid(field.key, parse_prediction(field.default, logits))


def _off_one(values: np.ndarray) -> bool:
    return abs(float(values.sum()) - 1.0) > SUM_TOLERANCE


def distribution_text(values: np.ndarray) -> str:
    """``values / sum`` as field text: six significant digits each, the largest entry taking up
    the rounding so that the decimals sum to exactly 1."""
    shares = [Decimal(f"{v:.6g}") for v in values / values.sum()]
    largest = int(np.argmax(values))
    shares[largest] = Decimal(1) - sum(shares[:largest] + shares[largest + 1 :], Decimal(0))
    return _vector_text(float(share) for share in shares)


def _resized(values: np.ndarray, size: int) -> np.ndarray:
    """Keep the first ``size`` values, padding with zeros."""
    return np.concatenate([values[:size], np.zeros(max(0, size - len(values)))])


def _target_kind(text: str) -> str:
    return ONE_CLASS if len(_items(text)) <= 1 else DISTRIBUTION


# ---------------------------------------------------------------- callbacks (run before a rerun)


def _resize_target(page: Frame, classes: int) -> None:
    try:
        values = parse_vector(page.value(Y), "y")
    except InputProblem:
        return  # the field's own message stays until the user fixes it
    if len(values) > 1:
        page.set_value(Y, _vector_text(_resized(values, classes)))
    elif values[0].is_integer() and values[0] >= classes:
        page.set_value(Y, str(classes - 1))


def _resize_prediction(page: Frame, logits: bool, classes: int) -> None:
    field = Z if logits else P
    try:
        values = parse_prediction(page.value(field), logits)
    except InputProblem:
        values = _fallback_prediction(logits)
    if len(values) != classes:
        page.set_value(field, _vector_text(_resized(values, classes)))


def on_classes_change(page: Frame) -> None:
    classes = st.session_state[CLASSES_VIEW]
    _resize_prediction(page, page.value(MODE) == LOGITS, classes)
    _resize_target(page, classes)


def on_prediction_change(page: Frame, field: Field) -> None:
    """Typing a prediction of another length changes the number of classes: the target follows."""
    try:
        values = parse_prediction(st.session_state[page.key(field)], field is Z)
    except InputProblem:
        return
    if len(values) != st.session_state.get(CLASSES_VIEW):
        _resize_target(page, len(values))


def on_mode_change(page: Frame) -> None:
    if CLASSES_VIEW in st.session_state:
        _resize_prediction(page, page.value(MODE) == LOGITS, st.session_state[CLASSES_VIEW])


def on_target_kind_change(page: Frame) -> None:
    if st.session_state[TARGET_KIND_VIEW] == DISTRIBUTION:
        index = st.session_state.get(TARGET_CLASS_VIEW, 0)
        classes = st.session_state[CLASSES_VIEW]
        page.set_value(Y, ", ".join("1" if c == index else "0" for c in range(classes)))
    else:
        try:
            values = parse_vector(page.value(Y), "y")
        except InputProblem:
            values = np.zeros(1)
        page.set_value(Y, str(int(np.argmax(values)) if len(values) > 1 else 0))


def on_target_class_change(page: Frame) -> None:
    page.set_value(Y, str(st.session_state[TARGET_CLASS_VIEW]))


def on_target_text_change(page: Frame) -> None:
    page.set_value(Y, st.session_state[TARGET_TEXT_VIEW])


def on_bars_change(values: list[float], page: Frame, field: Field) -> None:
    """The dragged bars write the typed field (and so the URL): six significant digits."""
    if field is P:
        page.set_value(P, distribution_text(np.array(values)))
    else:
        page.set_value(Z, _vector_text(float(f"{v:.6g}") for v in values))


def apply_preset(page: Frame, preset: Preset) -> None:
    for field, value in preset.values().items():
        page.set_value(field, value)
    st.session_state[TARGET_KIND_VIEW] = _target_kind(preset.y)


def apply_batch_preset(page: Frame, name: str) -> None:
    labels, rows = BATCH_PRESETS[name]
    page.set_value(BATCH_Y, vector_from_url(labels))
    page.set_value(BATCH_P, rows_from_url(rows))


def active_presets(page: Frame) -> set[str]:
    """The ids of the presets whose every value is the current one."""
    current = {field: page.value(field) for field in FIELDS}
    urls = {
        field: vector_to_url(value) for field, value in current.items() if isinstance(value, str)
    }
    return {
        preset.id
        for preset in PRESETS
        if all(
            urls[field] == vector_to_url(value)
            if isinstance(value, str)
            else current[field] == value
            for field, value in preset.values().items()
        )
    }


# ---------------------------------------------------------------- the example and its loss


class Example(SimpleNamespace):
    """What the results use: the inputs as read, with fallbacks and normalisation applied."""

    logits: bool
    prediction: np.ndarray  # probabilities, or logits
    probabilities: np.ndarray
    target: int | np.ndarray  # a class index, or a distribution summing to 1
    temperature: float
    eps: float | None
    prediction_problem: str | None  # messages about fields that could not be read
    target_problem: str | None
    prediction_sum: float | None  # set when the typed probabilities do not sum to 1
    target_sum: float | None

    @property
    def classes(self) -> int:
        return len(self.prediction)

    @property
    def one_hot(self) -> bool:
        return isinstance(self.target, int)

    @property
    def target_vector(self) -> np.ndarray:
        return np.eye(self.classes)[self.target] if self.one_hot else self.target


def read_example(page: Frame, target_kind: str) -> Example:
    """The example from the fields; a field that cannot be read leaves its last valid value (or
    the default) in use and a message in ``*_problem``."""
    logits = page.value(MODE) == LOGITS
    field = Z if logits else P
    prediction_problem = target_problem = prediction_sum = target_sum = None
    try:
        prediction = parse_prediction(page.value(field), logits)
        _remember(field.key, prediction)
    except InputProblem as problem:
        prediction_problem = str(problem)
        prediction = _fallback_prediction(logits)
    classes = len(prediction)
    try:
        target = parse_target(page.value(Y), classes)
        _remember(Y.key, target)
    except InputProblem as problem:
        target_problem = str(problem)
        last = _last_valid(Y.key, 0)
        fits = len(last) == classes if isinstance(last, np.ndarray) else last < classes
        target = last if fits else 0
    if target_kind == ONE_CLASS and not isinstance(target, int):
        target = int(np.argmax(target))
    if not isinstance(target, int) and _off_one(target):
        target_sum = float(target.sum())
        target = target / target_sum
    temperature = page.value(TEMPERATURE)
    if logits:
        probabilities = cc.softmax(prediction, temperature=temperature)
    elif _off_one(prediction):
        prediction_sum = float(prediction.sum())
        probabilities = prediction / prediction_sum
    else:
        probabilities = prediction
    return Example(
        logits=logits,
        prediction=prediction,
        probabilities=probabilities,
        target=target,
        temperature=temperature,
        eps=page.value(EPS) if page.value(CLIP) else None,
        prediction_problem=prediction_problem,
        target_problem=target_problem,
        prediction_sum=prediction_sum,
        target_sum=target_sum,
    )


class Scores(SimpleNamespace):
    loss: float
    terms: np.ndarray  # −y_c log ŷ_c per class
    clipped_loss: float | None


def score(example: Example, base: float) -> Scores:
    """The loss (from the logits when there are logits: exact even where ŷ underflows), each
    class's term, and the clipped loss."""
    classes = example.classes
    target = np.array([example.target]) if example.one_hot else example.target[None]
    if example.logits:
        scaled = example.prediction / example.temperature
        loss = cc.categorical_cross_entropy(target, scaled[None], from_logits=True, base=base)
        surprisal = cc.categorical_cross_entropy(
            np.arange(classes),
            np.tile(scaled, (classes, 1)),
            from_logits=True,
            reduction="none",
            base=base,
        )
    else:
        loss = cc.categorical_cross_entropy(target, example.probabilities[None], base=base)
        surprisal = cc.categorical_cross_entropy(
            np.arange(classes),
            np.tile(example.probabilities, (classes, 1)),
            reduction="none",
            base=base,
        )
    weights = example.target_vector
    terms = np.zeros(classes)
    terms[weights > 0] = weights[weights > 0] * surprisal[weights > 0]  # 0 · log 0 counts as 0
    clipped = None
    if example.eps is not None:
        clipped = float(
            cc.categorical_cross_entropy(
                target, example.probabilities[None], eps=example.eps, base=base
            )
        )
    return Scores(loss=float(loss), terms=terms, clipped_loss=clipped)


# ---------------------------------------------------------------- LaTeX


def _lines(terms: list[str]) -> str:
    """Terms joined by +, a new aligned line every few terms."""
    chunks = [
        " + ".join(terms[i : i + TERMS_PER_LINE]) for i in range(0, len(terms), TERMS_PER_LINE)
    ]
    return r" \\ &\qquad + ".join(chunks)


def _vector_lines(values) -> str:
    """A vector's entries, comma-separated, a new aligned line every few entries."""
    numbers = [latex_sig(v) for v in values]
    chunks = [
        ", ".join(numbers[i : i + NUMBERS_PER_LINE])
        for i in range(0, len(numbers), NUMBERS_PER_LINE)
    ]
    return r", \\ &\qquad ".join(chunks)


def loss_formula(
    target: np.ndarray, probabilities: np.ndarray, terms: np.ndarray, loss: float, *, bits: bool
) -> str:
    """``L = −Σ y_c log ŷ_c`` with the user's numbers: zero terms greyed (a brace counts them when
    there are many classes), then the surviving terms, then the result."""
    log = r"\log_2" if bits else r"\ln"
    classes = len(target)
    collapse = classes > COLLAPSE_ZERO_TERMS_ABOVE
    shown, zero_run = [], 0

    def close_run() -> None:
        nonlocal zero_run
        if zero_run == 1:
            shown.append(r"\textcolor{gray}{0}")
        elif zero_run:
            shown.append(rf"\textcolor{{gray}}{{\underbrace{{0 + \cdots + 0}}_{{{zero_run}}}}}")
        zero_run = 0

    for c in range(classes):
        term = rf"{latex_sig(target[c])} \cdot {log} {latex_sig(probabilities[c])}"
        if target[c] > 0:
            close_run()
            shown.append(term)
        elif collapse:
            zero_run += 1
        else:
            shown.append(rf"\textcolor{{gray}}{{{term}}}")
    close_run()
    rows = [
        rf"L &= -\sum_{{c=0}}^{{{classes - 1}}} y_c \, {log} \hat y_c",
        rf"&= -\big({_lines(shown)}\big)",
    ]
    weighted = np.flatnonzero(target > 0)
    if len(weighted) > 1:
        rows.append("&= " + _lines([latex_sig(terms[c]) for c in weighted]))
    elif target[weighted[0]] == 1:
        rows.append(rf"&= -{log} {latex_sig(probabilities[weighted[0]])}")
    rows.append(rf"&= {latex_sig(loss)}")
    return r"\begin{aligned}" + r" \\ ".join(rows) + r"\end{aligned}"


# ---------------------------------------------------------------- sections of the page


def show_presets(page: Frame, active: set[str]) -> None:
    st.subheader(t("playground.presets_heading"))
    with st.container(horizontal=True, gap="small"):
        for preset in PRESETS:
            st.button(
                t(f"playground.preset_{preset.id}"),
                key=f"playground.preset.{preset.id}",
                help=t(f"playground.preset_{preset.id}_note"),
                on_click=apply_preset,
                args=(page, preset),
                type="primary" if preset.id in active else "secondary",
            )


def _normalise_button(page: Frame, field: Field, text: str, key: str) -> None:
    st.button(
        t("playground.normalise"),
        key=key,
        help=t("playground.normalise_help"),
        on_click=page.set_value,
        args=(field, text),
        icon=":material/balance:",
    )


def show_inputs(page: Frame, example: Example) -> None:
    st.session_state[CLASSES_VIEW] = example.classes
    st.number_input(
        t("playground.classes_label"),
        MIN_CLASSES,
        MAX_CLASSES,
        step=1,
        key=CLASSES_VIEW,
        help=t("playground.classes_help"),
        on_change=on_classes_change,
        args=(page,),
    )

    st.radio(
        t("playground.target_kind_label"),
        TARGET_KINDS,
        key=TARGET_KIND_VIEW,
        format_func={kind: t(f"playground.target_kind_{kind}") for kind in TARGET_KINDS}.get,
        horizontal=True,
        on_change=on_target_kind_change,
        args=(page,),
    )
    if st.session_state[TARGET_KIND_VIEW] == ONE_CLASS:
        st.session_state[TARGET_CLASS_VIEW] = example.target
        class_names = [t("playground.y_class_option", c=c) for c in range(example.classes)]
        st.selectbox(
            t("playground.y_class_label"),
            range(example.classes),
            key=TARGET_CLASS_VIEW,
            format_func=class_names.__getitem__,
            help=t("playground.y_class_help"),
            on_change=on_target_class_change,
            args=(page,),
        )
    else:
        st.session_state[TARGET_TEXT_VIEW] = page.value(Y)
        st.text_input(
            t("playground.y_text_label"),
            key=TARGET_TEXT_VIEW,
            max_chars=Y.max_chars,
            help=t("playground.y_text_help"),
            on_change=on_target_text_change,
            args=(page,),
        )
    if example.target_problem:
        used = (
            t("playground.y_class_option", c=example.target)
            if example.one_hot
            else ", ".join(sig(v) for v in example.target)
        )
        st.error(
            f"{example.target_problem} {t('playground.fallback', value=used)}",
            icon=":material/error:",
        )
    elif example.target_sum is not None:
        st.warning(t("playground.y_sum", total=sig(example.target_sum)), icon=":material/warning:")
        _normalise_button(page, Y, distribution_text(example.target), "playground.normalise_y")

    st.radio(
        t("playground.mode_label"),
        MODES,
        key=page.key(MODE),
        format_func={mode: t(f"playground.mode_{mode}") for mode in MODES}.get,
        horizontal=True,
        on_change=on_mode_change,
        args=(page,),
    )
    field = Z if example.logits else P
    st.text_input(
        t(f"playground.{field.key}_label"),
        key=page.key(field),
        max_chars=field.max_chars,
        help=t(f"playground.{field.key}_help"),
        on_change=on_prediction_change,
        args=(page, field),
    )
    if example.prediction_problem:
        used = ", ".join(sig(v) for v in example.prediction)
        st.error(
            f"{example.prediction_problem} {t('playground.fallback', value=used)}",
            icon=":material/error:",
        )
    elif example.prediction_sum is not None:
        st.warning(
            t("playground.p_sum", total=sig(example.prediction_sum)), icon=":material/warning:"
        )
        _normalise_button(page, P, distribution_text(example.prediction), "playground.normalise_p")
    distribution_bars(
        key="playground.bars",
        values=example.prediction if example.logits else example.probabilities,
        mode=LOGITS if example.logits else PROBABILITIES,
        target=example.target,
        units=page.units,
        temperature=example.temperature,
        presenter=page.presenter,
        on_change=on_bars_change,
        args=(page, field),
    )
    st.caption(t("touch.hint"))
    if example.logits:
        st.number_input(
            t("playground.t_label"),
            MIN_TEMPERATURE,
            MAX_TEMPERATURE,
            step=0.1,
            format="%.4g",
            key=page.key(TEMPERATURE),
            help=t("playground.t_help"),
        )
        st.caption(
            t("playground.softmax_caption", values=", ".join(sig(v) for v in example.probabilities))
        )

    st.checkbox(t("playground.clip_label"), key=page.key(CLIP), help=t("playground.clip_help"))
    if page.value(CLIP):
        st.number_input(
            t("playground.eps_label"),
            MIN_EPS,
            MAX_EPS,
            step=1e-7,
            format="%.6g",
            key=page.key(EPS),
            help=t("playground.eps_help"),
        )


def show_loss(page: Frame, example: Example, scores: Scores, active: set[str]) -> None:
    """The metrics, the formula with the user's numbers, and what they mean."""
    base, bits, unit = page.base, page.units == "bits", page.unit_label
    log = r"\log_2" if bits else r"\ln"
    probabilities, target, loss = example.probabilities, example.target, scores.loss
    target_vector = example.target_vector

    entropy = None if example.one_hot else float(cc.entropy(target, base=base))
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
        second_column.metric(t("playground.entropy_metric"), f"{sig(entropy)} {unit}")

    st.latex(loss_formula(target_vector, probabilities, scores.terms, loss, bits=bits))
    zero_terms = int((target_vector == 0).sum())
    if zero_terms:
        collapsed = example.classes > COLLAPSE_ZERO_TERMS_ABOVE
        st.caption(t("playground.grey_terms_collapsed" if collapsed else "playground.grey_terms"))
    if math.isinf(loss):
        st.markdown(t("playground.explain_infinite"))
    elif example.one_hot:
        st.markdown(t("playground.explain_one_hot", c=target, rest=sig(1 - probabilities[target])))
    else:
        kl = float(cc.kl_divergence(target, probabilities, base=base))
        st.markdown(t("playground.explain_soft", entropy=sig(entropy), kl=sig(kl), unit=unit))

    if example.logits:
        scaled = example.prediction / example.temperature
        st.latex(
            r"\begin{aligned}\hat y &= \operatorname{softmax}(z / T) \\ &= "
            rf"\operatorname{{softmax}}\big([{_vector_lines(example.prediction)}]"
            rf" / {latex_sig(example.temperature)}\big) \\ &= "
            rf"[{_vector_lines(probabilities)}]\end{{aligned}}"
        )
        if example.one_hot:
            lse = float(cc.logsumexp(scaled))
            difference = rf"{latex_sig(lse)} - {latex_sig(scaled[target])}"
            st.markdown(t("playground.explain_logits"))
            if bits:
                st.latex(
                    rf"L = \frac{{1}}{{\ln 2}}\Big(\ln \sum_j e^{{z_j/T}} - z_{{{target}}}/T"
                    rf"\Big) = \frac{{{difference}}}{{\ln 2}} = {latex_sig(loss)}"
                )
            else:
                st.latex(
                    rf"L = \ln \sum_j e^{{z_j/T}} - z_{{{target}}}/T = {difference}"
                    rf" = {latex_sig(loss)}"
                )
    if example.one_hot and example.classes == 2:
        binary = float(
            cc.binary_cross_entropy(np.array([float(target)]), probabilities[1:], base=base)
        )
        st.markdown(t("playground.explain_binary"))
        st.latex(
            rf"L = -\big[y \, {log} p + (1 - y) \, {log} (1 - p)\big] = -\big[{target}"
            rf" \cdot {log} {latex_sig(probabilities[1])} + {1 - target} \cdot {log} "
            rf"{latex_sig(probabilities[0])}\big] = {latex_sig(binary)}"
        )
    if scores.clipped_loss is not None:
        cap = float(
            cc.categorical_cross_entropy(0, np.array([0.0, 1.0]), eps=example.eps, base=base)
        )
        eps_tex = latex_sig(example.eps)
        rows = [
            rf"L_\varepsilon &= -\sum_c y_c \, {log} \operatorname{{clip}}(\hat y_c,"
            r" \varepsilon, 1 - \varepsilon)"
        ]
        if example.one_hot:
            rows.append(
                rf"&= -{log} \operatorname{{clip}}({latex_sig(probabilities[target])},"
                rf" {eps_tex}, 1 - {eps_tex})"
            )
        rows.append(rf"&= {latex_sig(scores.clipped_loss)}")
        st.latex(r"\begin{aligned}" + r" \\ ".join(rows) + r"\end{aligned}")
        st.markdown(t("playground.explain_clip", cap=sig(cap), unit=unit))
    for preset in PRESETS:
        if preset.id in active:
            st.info(t(f"playground.preset_{preset.id}_note"), icon=":material/lightbulb:")


def show_chart_and_table(page: Frame, example: Example, scores: Scores, revealed: bool) -> None:
    probabilities, target_vector = example.probabilities, example.target_vector
    chart_column, table_column = st.columns([1.35, 1], gap="large")
    with chart_column:
        page.plot(
            figures.target_vs_prediction,
            target_vector,
            probabilities,
            title=t("playground.chart_title"),
            x_title=t("playground.chart_x"),
            y_title=t("playground.chart_y"),
            target_name=t("playground.chart_target"),
            prediction_name=t("playground.chart_prediction"),
            true_class_label=t("playground.chart_true_class"),
        )
        top = int(np.argmax(probabilities))
        tied = int((probabilities == probabilities[top]).sum())
        guess = (
            t("playground.chart_top_tied", count=tied, p_top=sig(probabilities[top]))
            if tied > 1
            else t("playground.chart_top", top=top, p_top=sig(probabilities[top]))
        )
        if example.one_hot:
            st.caption(
                t(
                    "playground.chart_caption_one_hot",
                    c=example.target,
                    p=sig(probabilities[example.target]),
                    guess=guess,
                )
            )
        else:
            st.caption(
                t(
                    "playground.chart_caption_soft",
                    count=int((target_vector > 0).sum()),
                    guess=guess,
                )
            )

    with table_column:
        log_name = "log₂" if page.units == "bits" else "ln"
        names = [
            t("playground.col_class"),
            t("playground.col_target"),
            t("playground.col_prediction"),
        ]
        columns = [
            [str(c) for c in range(example.classes)] + ["Σ"],
            [sig(v) for v in [*target_vector, target_vector.sum()]],
            [sig(v) for v in [*probabilities, probabilities.sum()]],
        ]
        if example.logits:
            names.append(t("playground.col_logit"))
            columns.append([sig(v) for v in example.prediction] + [""])
        if revealed:
            names.append(t("playground.col_term", log=log_name))
            columns.append([sig(v) for v in [*scores.terms, scores.loss]])
        page.table(
            dict(zip(names, columns, strict=True)),
            height="content",
            shaded_rows=np.flatnonzero(target_vector > 0),
            bold_rows=[example.classes],
        )
        st.caption(t("playground.table_caption" if revealed else "playground.table_caption_quiz"))
        exact = {names[0]: range(example.classes), names[1]: target_vector, names[2]: probabilities}
        if example.logits:
            exact[names[3]] = example.prediction
        if revealed:
            exact[names[-1]] = scores.terms
        st.download_button(
            t("playground.download_csv"),
            # Written when clicked, not on every rerun.
            lambda: pd.DataFrame(exact).to_csv(index=False),
            file_name="cross_entropy_per_class.csv",
            mime="text/csv",
            icon=":material/download:",
            on_click="ignore",
        )


def code_panel(case: LossCase, shown: float, unit: str, revealed: bool) -> None:
    """Tabs with each library's script, and a note where a library prints something else."""
    scripts = code_snippets.snippets(case)
    tabs = st.tabs([code_snippets.LIBRARY_NAMES[name] for name in code_snippets.LIBRARIES])
    for tab, library in zip(tabs, code_snippets.LIBRARIES, strict=True):
        with tab:
            st.code(scripts[library], language="python")
    if not revealed:
        return
    values = code_snippets.library_values(case)
    sklearn_eps = sig(code_snippets.SKLEARN_EPSILON)
    reasons = {
        **dict.fromkeys(
            ("numpy", "pytorch"), t("playground.reason_log_sum_exp") if case.from_logits else None
        ),
        "sklearn": t("playground.reason_sklearn_logits", eps=sklearn_eps)
        if case.from_logits
        else t("playground.reason_sklearn", eps=sklearn_eps),
        "keras": t("playground.reason_keras_logits")
        if case.from_logits and case.eps is None
        else t("playground.reason_keras", eps=sig(case.eps or code_snippets.KERAS_EPSILON)),
    }
    differing = [
        library
        for library, reason in reasons.items()
        if reason is not None and sig(values[library]) != sig(shown)
    ]
    same = [name for name in code_snippets.LIBRARIES if name not in differing]
    if not same:
        st.caption(t("playground.code_prints_none", value=sig(shown), unit=unit))
    elif differing:
        st.caption(
            t(
                "playground.code_prints_others",
                libraries=", ".join(code_snippets.LIBRARY_NAMES[name] for name in same),
                value=sig(shown),
                unit=unit,
            )
        )
    else:
        st.caption(t("playground.code_prints", value=sig(shown), unit=unit))
    for library, reason in reasons.items():
        if library in differing:
            st.caption(
                t(
                    "playground.code_differs",
                    library=code_snippets.LIBRARY_NAMES[library],
                    value=sig(values[library]),
                    unit=unit,
                    reason=reason,
                )
            )


def show_batch(page: Frame) -> None:
    """N examples, each a label and a row of probabilities: per-example losses and their mean."""
    base, unit = page.base, page.unit_label
    st.subheader(t("playground.batch_heading"))
    st.markdown(t("playground.batch_intro"))
    with st.container(horizontal=True, gap="small"):
        for name, (labels_url, rows_url) in BATCH_PRESETS.items():
            active = (
                labels_to_url(page.value(BATCH_Y)) == labels_url
                and rows_to_url(page.value(BATCH_P)) == rows_url
            )
            st.button(
                t(f"playground.batch_preset_{name}"),
                key=f"playground.batch_preset.{name}",
                on_click=apply_batch_preset,
                args=(page, name),
                type="primary" if active else "secondary",
            )

    inputs_column, results_column = st.columns([1, 1.35], gap="large")
    with inputs_column:
        st.text_input(
            t("playground.batch_y_label"),
            key=page.key(BATCH_Y),
            max_chars=BATCH_Y.max_chars,
            help=t("playground.batch_y_help"),
        )
        st.text_area(
            t("playground.batch_p_label"),
            key=page.key(BATCH_P),
            max_chars=BATCH_P.max_chars,
            help=t("playground.batch_p_help"),
            height=150,
        )
        try:
            labels, rows = parse_batch(page.value(BATCH_Y), page.value(BATCH_P))
            _remember("batch", (labels, rows))
        except InputProblem as problem:
            labels, rows = _last_valid("batch", parse_batch(BATCH_Y.default, BATCH_P.default))
            note = full_note(page.value(BATCH_P), MAX_BATCH_CHARS)
            st.error(
                " ".join(
                    part for part in (str(problem), note, t("playground.batch_fallback")) if part
                ),
                icon=":material/error:",
            )
        sums = rows.sum(axis=1)
        off = [i for i, total in enumerate(sums) if abs(total - 1) > SUM_TOLERANCE]
        if off:
            listed = ", ".join(
                t("playground.batch_row_sum", row=i + 1, total=sig(sums[i])) for i in off
            )
            st.warning(t("playground.batch_rows_sum", rows=listed), icon=":material/warning:")
            _normalise_button(
                page,
                BATCH_P,
                "\n".join(distribution_text(row) for row in rows),
                "playground.normalise_batch",
            )
            rows = rows / sums[:, None]

    losses = cc.categorical_cross_entropy(labels, rows, reduction="none", base=base)
    cost = float(cc.categorical_cross_entropy(labels, rows, base=base))
    n = len(labels)
    with results_column:
        revealed = page.reveal(
            "batch",
            t("playground.quiz_prompt_batch"),
            inputs=(labels.tobytes(), rows.tobytes(), page.units),
            answer=cost,
            unit=page.unit_label,
        )
        if revealed:
            st.metric(t("playground.batch_cost_metric", n=n), f"{sig(cost)} {unit}")
            st.latex(
                rf"J = \frac{{1}}{{{n}}}\sum_{{i=1}}^{{{n}}} L_i = \frac{{1}}{{{n}}}\big("
                + _lines([latex_sig(v) for v in losses])
                + rf"\big) = {latex_sig(cost)}"
            )
            worst = int(np.argmax(losses))
            if n > 1 and math.isfinite(cost) and cost > 0:
                st.markdown(
                    t(
                        "playground.batch_explain",
                        row=worst + 1,
                        worst=sig(losses[worst]),
                        share=sig(100 * losses[worst] / losses.sum()),
                        unit=unit,
                    )
                )
        log_name = "log₂" if page.units == "bits" else "ln"
        table = {
            t("playground.batch_col_example"): [str(i) for i in range(1, n + 1)],
            t("playground.batch_col_label"): [str(label) for label in labels],
            t("playground.batch_col_true_prob"): [sig(v) for v in rows[np.arange(n), labels]],
        }
        if revealed:
            table[t("playground.batch_col_loss", log=log_name)] = [sig(v) for v in losses]
        page.table(table)
    if revealed:
        page.plot(
            figures.batch_losses,
            losses,
            cost,
            title=t("playground.batch_chart_title"),
            x_title=t("playground.batch_chart_x"),
            y_title=t("playground.batch_chart_y", unit=unit),
            mean_label=t("playground.batch_mean"),
        )
    with st.expander(t("playground.batch_code"), icon=":material/code:"):
        case = LossCase(
            target=tuple(int(v) for v in labels),
            prediction=tuple(tuple(row) for row in rows),
            bits=page.units == "bits",
        )
        code_panel(case, cost, unit, revealed)


# ---------------------------------------------------------------- the page

page = frame("playground")
page.bind(FIELDS)
if page.arriving:
    # A link decides the prediction mode and the clipping by the keys it holds.
    query = st.query_params
    if "p" in query or "z" in query:
        page.set_value(MODE, PROBABILITIES if "p" in query else LOGITS)
        page.set_value(CLIP, "eps" in query)
        if "p" in query and "z" in query:
            st.info(t("playground.both_p_and_z"), icon=":material/info:")
    elif "eps" in query:
        page.set_value(CLIP, True)
if page.arriving or page.relabel or TARGET_KIND_VIEW not in st.session_state:
    st.session_state[TARGET_KIND_VIEW] = _target_kind(page.value(Y))

st.title(t("playground.title"))
st.markdown(t("playground.intro"))

example = read_example(page, st.session_state[TARGET_KIND_VIEW])
if example.target_problem and st.session_state[TARGET_KIND_VIEW] == ONE_CLASS:
    page.set_value(Y, str(example.target))  # the class selector can only show a valid class
scores = score(example, page.base)

active = active_presets(page)
show_presets(page, active)
inputs_column, results_column = st.columns([1, 1.35], gap="large")
with inputs_column, st.container(border=True):
    show_inputs(page, example)
with results_column:
    revealed = page.reveal(
        "loss",
        t("playground.quiz_prompt"),
        inputs=(
            vector_to_url(page.value(Y)),
            vector_to_url(page.value(Z if example.logits else P)),
            example.temperature,
            example.eps,
            page.units,
        ),
        answer=scores.loss if scores.clipped_loss is None else scores.clipped_loss,
        unit=page.unit_label,
    )
    if revealed:
        show_loss(page, example, scores, active)
show_chart_and_table(page, example, scores, revealed)

st.subheader(t("playground.code_heading"))
st.caption(t("playground.code_intro", unit=page.unit_label))
code_panel(
    LossCase(
        target=(example.target,) if example.one_hot else (tuple(example.target),),
        prediction=(tuple(example.prediction if example.logits else example.probabilities),),
        from_logits=example.logits,
        temperature=example.temperature,
        eps=example.eps,
        bits=page.units == "bits",
    ),
    scores.loss if scores.clipped_loss is None else scores.clipped_loss,
    page.unit_label,
    revealed,
)

st.divider()
show_batch(page)

page.publish(
    omit=[
        "mode",
        "clip",
        *(("p",) if example.logits else ("z", "t")),
        *(() if page.value(CLIP) else ("eps",)),
    ]
)
