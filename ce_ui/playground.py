"""The Playground's model: its fields, presets, reading the fields into an example, scoring it with
ce_core, and the words and tables shown around the result. Pure functions (no Streamlit), tested
in tests/test_ui_playground.py; ``pages/1_playground.py`` only draws.

URL: ``y`` (a class index, or a target distribution), ``p`` (probabilities) or ``z`` (logits) with
``t`` (temperature), ``eps`` (clipping; present only when clipping is on), ``batch_y`` and
``batch_p`` (the batch's labels and probability rows, rows separated by ``;``). Whether ``p`` or
``z`` is in a link decides the prediction mode; the number of classes is the prediction's length.
"""

from __future__ import annotations

import math
from types import SimpleNamespace
from typing import Any

import numpy as np

import ce_core as cc
from ce_ui import code_snippets
from ce_ui.code_snippets import LossCase
from ce_ui.fields import (
    OneOf,
    Optional,
    View,
    choice_field,
    flag_field,
    normalised_text,
    number_field,
    off_one,
    rows_field,
    shown_values,
    vector_field,
    vector_from_url,
    vector_text,
    vector_to_url,
)
from ce_ui.format import sig
from ce_ui.i18n import t
from ce_ui.inputs import (
    MAX_VECTOR_CHARS,
    MAX_VECTOR_LENGTH,
    InputProblem,
    check_length,
    full_note,
    parse_vector,
)
from ce_ui.url_state import Field, choice, format_number, number, split_items

MIN_CLASSES, MAX_CLASSES = 2, MAX_VECTOR_LENGTH
MAX_LOGIT = 1e4
MAX_BATCH_ROWS = 20
MAX_BATCH_CHARS = 5000  # 20 rows of 20 numbers with 7 decimals, typed with ", " between them
MAX_LABELS_CHARS = 200

MODES = PROBABILITIES, LOGITS = "probabilities", "logits"
TARGET_KINDS = ONE_CLASS, DISTRIBUTION = "class", "distribution"


def labels_to_url(text: str) -> str:
    """The batch's labels as the URL writes them: ``0;1`` (one per example, like the rows)."""
    return ";".join(split_items(text))


Y = Field("y", "0", vector_from_url, vector_to_url, MAX_VECTOR_CHARS)
P = vector_field("p", "0.7,0.2,0.1", min_length=MIN_CLASSES, low=0, high=1)
Z = vector_field("z", "2,1,0.1", min_length=MIN_CLASSES, low=-MAX_LOGIT, high=MAX_LOGIT)
TEMPERATURE = number_field("t", 1.0, 0.01, 100.0, step=0.1)
EPS = number_field("eps", 1e-7, 1e-30, 0.1, step=1e-7)
MODE = choice_field("mode", PROBABILITIES, MODES)
CLIP = flag_field("clip")
BATCH_Y = Field("batch_y", "0, 1", vector_from_url, labels_to_url, MAX_LABELS_CHARS)
BATCH_P = rows_field(
    "batch_p", "0.9,0.1;0.5,0.5", max_rows=MAX_BATCH_ROWS, max_chars=MAX_BATCH_CHARS,
    min_length=MIN_CLASSES, low=0, high=1,
)  # fmt: skip
PREDICTION = OneOf(
    MODE,
    ((PROBABILITIES, (P,)), (LOGITS, (Z, TEMPERATURE))),
    both_message="playground.both_p_and_z",
)
CLIPPING = Optional(CLIP, EPS)
FIELDS = (Y, P, Z, TEMPERATURE, MODE, CLIP, EPS, BATCH_Y, BATCH_P)
BOUND = (Y, PREDICTION, CLIPPING, BATCH_Y, BATCH_P)
"""What the page binds: the fields, with the prediction's form and the clipping decided by a
link's keys."""

# Widgets showing a field in another form than its text.
CLASSES = View("classes", number(MIN_CLASSES, MAX_CLASSES, integer=True))
TARGET_KIND = View("target_kind", choice(TARGET_KINDS))
TARGET_CLASS = View("target_class")
TARGET_TEXT = View("target_text")


class Preset(SimpleNamespace):
    """A worked example one click away: its ``id``, and ``y`` and ``p`` or ``z`` as the URL writes
    them, with a temperature and a clipping ``eps`` (None: no clipping)."""

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


def active_presets(current: dict[Field, Any]) -> set[str]:
    """The ids of the presets whose every value is the current one (``current``: field → value)."""

    def same(field: Field, value: Any) -> bool:
        if isinstance(value, str):
            return vector_to_url(current[field]) == vector_to_url(value)
        return current[field] == value

    return {
        preset.id
        for preset in PRESETS
        if all(same(field, value) for field, value in preset.values().items())
    }


def batch_preset_active(name: str, labels_text: str, rows_text: str) -> bool:
    return (labels_to_url(labels_text), BATCH_P.dump(rows_text)) == BATCH_PRESETS[name]


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
        return Z.parse.read(text, t("playground.z_name"))
    values = P.parse.read(text, t("playground.p_name"))
    if values.sum() == 0:
        raise InputProblem(t("playground.p_zero_sum", field=t("playground.p_name")))
    return values


def parse_batch(labels_text: str, rows_text: str) -> tuple[np.ndarray, np.ndarray]:
    """Class labels (N,) and probability rows (N, C) from the two batch fields."""
    labels_name, rows_name = t("playground.batch_y_name"), t("playground.batch_p_name")
    check_length(rows_text, rows_name, MAX_BATCH_CHARS)
    check_length(labels_text, labels_name, MAX_LABELS_CHARS)
    rows = []
    for number_, line in enumerate(BATCH_P.parse.lines(rows_text, rows_name), start=1):
        line_name = t("playground.batch_row_name", row=number_)
        row = BATCH_P.parse.row.read(line, line_name)
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
                count=len(labels),
                rows=len(rows),
            )
        )
    return labels.astype(int), np.array(rows)


def target_kind(text: str) -> str:
    return ONE_CLASS if len(split_items(text)) <= 1 else DISTRIBUTION


def resized(values: np.ndarray, size: int) -> np.ndarray:
    """Keep the first ``size`` values, padding with zeros."""
    return np.concatenate([values[:size], np.zeros(max(0, size - len(values)))])


def resized_target(text: str, classes: int) -> str | None:
    """The target's text for ``classes`` classes, or None when it needs no change (or cannot be
    read: its own message stays until the user fixes it)."""
    try:
        values = parse_vector(text, "y")
    except InputProblem:
        return None
    if len(values) > 1:
        return vector_text(resized(values, classes))
    if values[0].is_integer() and values[0] >= classes:
        return str(classes - 1)
    return None


def switched_target(text: str, kind: str, index: int, classes: int) -> str:
    """The target's text after switching its kind: one-hot ``index``, or the largest class."""
    if kind == DISTRIBUTION:
        return ", ".join("1" if c == index else "0" for c in range(classes))
    try:
        values = parse_vector(text, "y")
    except InputProblem:
        values = np.zeros(1)
    return str(int(np.argmax(values)) if len(values) > 1 else 0)


# ---------------------------------------------------------------- the example and its loss


class Example(SimpleNamespace):
    """What the results use: the inputs as read, with fallbacks and normalisation applied."""

    logits: bool
    prediction: np.ndarray  # probabilities as typed, or logits
    probabilities: np.ndarray  # what the results use (normalised, or softmax(z / T))
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

    @property
    def prediction_in_use(self) -> np.ndarray:
        """The prediction the results use, as the field would show it: the logits, or the
        probabilities after normalisation (the fallback message names these)."""
        return self.prediction if self.logits else self.probabilities

    @property
    def target_in_use(self) -> str:
        return t("common.class_option", c=self.target) if self.one_hot else _shown(self.target)


def _shown(values) -> str:
    return ", ".join(sig(v) for v in values)


def fallback_prediction(logits: bool, last_valid: dict) -> np.ndarray:
    field = Z if logits else P
    return last_valid.get(field.key, parse_prediction(field.default, logits))


def read_example(values: dict[Field, Any], kind: str, last_valid: dict) -> Example:
    """The example from the fields' ``values``; a field that cannot be read leaves its last valid
    value (kept in ``last_valid``, updated here) or the default in use, and a message in
    ``*_problem``."""
    logits = values[MODE] == LOGITS
    field = Z if logits else P
    prediction_problem = target_problem = prediction_sum = target_sum = None
    try:
        prediction = parse_prediction(values[field], logits)
        last_valid[field.key] = prediction
    except InputProblem as problem:
        prediction_problem = str(problem)
        prediction = fallback_prediction(logits, last_valid)
    classes = len(prediction)
    try:
        target = parse_target(values[Y], classes)
        last_valid[Y.key] = target
    except InputProblem as problem:
        target_problem = str(problem)
        last = last_valid.get(Y.key, 0)
        fits = len(last) == classes if isinstance(last, np.ndarray) else last < classes
        target = last if fits else 0
    if kind == ONE_CLASS and not isinstance(target, int):
        target = int(np.argmax(target))
    if not isinstance(target, int) and off_one(target):
        target_sum = float(target.sum())
        target = target / target_sum
    temperature = values[TEMPERATURE]
    if logits:
        probabilities = cc.softmax(prediction, temperature=temperature)
    elif off_one(prediction):
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
        eps=values[EPS] if values[CLIP] else None,
        prediction_problem=prediction_problem,
        target_problem=target_problem,
        prediction_sum=prediction_sum,
        target_sum=target_sum,
    )


class Scores(SimpleNamespace):
    loss: float
    terms: np.ndarray  # −y_c log ŷ_c per class
    clipped_loss: float | None
    # The numbers of the worked explanations (None where the example has none):
    target_entropy: float | None  # H(y) of a soft target
    log_sum_exp: float | None  # log Σ e^(z/T) of logits with one true class
    binary_loss: float | None  # the same two-class example as binary cross-entropy
    clip_cap: float | None  # the most a clipped loss can be, −log ε

    @property
    def shown(self) -> float:
        """The loss the page reports: the clipped one when clipping is on."""
        return self.loss if self.clipped_loss is None else self.clipped_loss


def score(example: Example, base: float) -> Scores:
    """The loss (from the logits when there are logits: exact even where ŷ underflows), each
    class's term, and the clipped loss."""
    target = np.array([example.target]) if example.one_hot else example.target[None]
    if example.logits:
        scaled = example.prediction / example.temperature
        loss = cc.categorical_cross_entropy(target, scaled[None], from_logits=True, base=base)
        terms = cc.cross_entropy_terms(example.target, scaled, from_logits=True, base=base)
    else:
        loss = cc.categorical_cross_entropy(target, example.probabilities[None], base=base)
        terms = cc.cross_entropy_terms(example.target, example.probabilities, base=base)
    clipped = cap = None
    if example.eps is not None:
        clipped = float(
            cc.categorical_cross_entropy(
                target, example.probabilities[None], eps=example.eps, base=base
            )
        )
        cap = float(cc.categorical_cross_entropy(0, [0.0, 1.0], eps=example.eps, base=base))
    entropy = None if example.one_hot else float(cc.entropy(example.target, base=base))
    lse = binary = None
    if example.logits and example.one_hot:
        lse = float(cc.logsumexp(example.prediction / example.temperature))
    if example.one_hot and example.classes == 2:
        truth = np.array([float(example.target)])
        binary = float(cc.binary_cross_entropy(truth, example.probabilities[1:], base=base))
    return Scores(
        loss=float(loss), terms=terms, clipped_loss=clipped, target_entropy=entropy,
        log_sum_exp=lse, binary_loss=binary, clip_cap=cap,
    )  # fmt: skip


def quiz_inputs(values: dict[Field, Any], example: Example) -> tuple:
    """What the loss of ``example`` depends on, as a quiz keys its question: a new question once
    any of it changes."""
    field = Z if example.logits else P
    return Y.dump(values[Y]), field.dump(values[field]), example.temperature, example.eps


def loss_case(example: Example, bits: bool) -> LossCase:
    """The example as the code panel's scripts compute it."""
    return LossCase(
        target=(example.target,) if example.one_hot else (tuple(example.target),),
        prediction=(tuple(example.prediction_in_use),),
        from_logits=example.logits,
        temperature=example.temperature,
        eps=example.eps,
        bits=bits,
    )


def batch_case(labels: np.ndarray, rows: np.ndarray, bits: bool) -> LossCase:
    """The batch as the code panel's scripts compute it."""
    return LossCase(
        target=tuple(int(v) for v in labels),
        prediction=tuple(tuple(row) for row in rows),
        bits=bits,
    )


def code_scripts(case: LossCase) -> dict[str, str]:
    """The code panel's tabs: each library's name and its script for ``case``, in tab order."""
    scripts = code_snippets.snippets(case)
    return {code_snippets.LIBRARY_NAMES[name]: scripts[name] for name in code_snippets.LIBRARIES}


# ---------------------------------------------------------------- callbacks (run before a rerun)
# They change the page only through its Frame (``value``, ``set_value``, ``view_value``,
# ``set_view``, ``last_valid``), so a test drives them with a stand-in page.


def resize_target(page, classes: int) -> None:
    text = resized_target(page.value(Y), classes)
    if text is not None:
        page.set_value(Y, text)


def resize_prediction(page, logits: bool, classes: int) -> None:
    field = Z if logits else P
    try:
        values = parse_prediction(page.value(field), logits)
    except InputProblem:
        values = fallback_prediction(logits, page.last_valid)
    if len(values) != classes:
        page.set_value(field, vector_text(resized(values, classes)))


def on_classes_change(page) -> None:
    classes = page.view_value(CLASSES)
    resize_prediction(page, page.value(MODE) == LOGITS, classes)
    resize_target(page, classes)


def on_prediction_change(page, field) -> None:
    """Typing a prediction of another length changes the number of classes: the target follows."""
    try:
        values = parse_prediction(page.value(field), field is Z)
    except InputProblem:
        return
    if len(values) != page.view_value(CLASSES):
        resize_target(page, len(values))


def on_mode_change(page) -> None:
    if page.view_value(CLASSES) is not None:
        resize_prediction(page, page.value(MODE) == LOGITS, page.view_value(CLASSES))


def on_target_kind_change(page) -> None:
    index = page.view_value(TARGET_CLASS) or 0
    text = switched_target(
        page.value(Y), page.view_value(TARGET_KIND), index, page.view_value(CLASSES)
    )
    page.set_value(Y, text)


def on_target_class_change(page) -> None:
    page.set_value(Y, str(page.view_value(TARGET_CLASS)))


def on_target_text_change(page) -> None:
    page.set_value(Y, page.view_value(TARGET_TEXT))


def on_bars_change(values: list[float], page, field) -> None:
    """The dragged bars write the typed field (and so the URL): six significant digits."""
    if field is P:
        page.set_value(P, normalised_text(np.array(values)))
    else:
        page.set_value(Z, vector_text(float(f"{v:.6g}") for v in values))


def apply_preset(page, preset_id: str) -> None:
    preset = next(preset for preset in PRESETS if preset.id == preset_id)
    for field, value in preset.values().items():
        page.set_value(field, value)
    page.set_view(TARGET_KIND, target_kind(preset.y))


def apply_batch_preset(page, name: str) -> None:
    labels, rows = BATCH_PRESETS[name]
    page.set_value(BATCH_Y, BATCH_Y.parse(labels))
    page.set_value(BATCH_P, BATCH_P.parse(rows))


# ---------------------------------------------------------------- words, captions and tables


def log_name(bits: bool) -> str:
    return "log₂" if bits else "ln"


def chart_caption(example: Example) -> str:
    """What the bar chart shows: the true class's probability, or how many classes the target
    weighs, and the model's top guess (or how many classes tie for it)."""
    probabilities = example.probabilities
    top = int(np.argmax(probabilities))
    tied = int((probabilities == probabilities[top]).sum())
    guess = (
        t("playground.chart_top_tied", count=tied, p_top=sig(probabilities[top]))
        if tied > 1
        else t("playground.chart_top", top=top, p_top=sig(probabilities[top]))
    )
    if example.one_hot:
        return t(
            "playground.chart_caption_one_hot",
            c=example.target,
            p=sig(probabilities[example.target]),
            guess=guess,
        )
    count = int((example.target_vector > 0).sum())
    return t("playground.chart_caption_soft", count=count, guess=guess)


def explanation(example: Example, scores: Scores, base: float, unit: str) -> str:
    """What the loss means: infinite, the rest of the probability, or entropy plus KL."""
    if math.isinf(scores.loss):
        return t("playground.explain_infinite")
    if example.one_hot:
        rest = sig(1 - example.probabilities[example.target])
        return t("playground.explain_one_hot", c=example.target, rest=rest)
    entropy = float(cc.entropy(example.target, base=base))
    kl = float(cc.kl_divergence(example.target, example.probabilities, base=base))
    return t("playground.explain_soft", entropy=sig(entropy), kl=sig(kl), unit=unit)


def class_table(example: Example, scores: Scores, *, revealed: bool, bits: bool):
    """The per-class table: ``(columns, exact, shaded_rows, bold_rows)``; ``columns`` as shown
    (with a Σ row), ``exact`` the same numbers unrounded for the CSV download."""
    target_vector, probabilities = example.target_vector, example.probabilities
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
    exact = [range(example.classes), target_vector, probabilities]
    if example.logits:
        names.append(t("playground.col_logit"))
        columns.append([sig(v) for v in example.prediction] + [""])
        exact.append(example.prediction)
    if revealed:
        names.append(t("playground.col_term", log=log_name(bits)))
        columns.append([sig(v) for v in [*scores.terms, scores.loss]])
        exact.append(scores.terms)
    return (
        dict(zip(names, columns, strict=True)),
        dict(zip(names, exact, strict=True)),
        np.flatnonzero(target_vector > 0),
        [example.classes],
    )


def batch_table(labels, rows, losses, *, revealed: bool, bits: bool) -> dict[str, list[str]]:
    n = len(labels)
    table = {
        t("playground.batch_col_example"): [str(i) for i in range(1, n + 1)],
        t("playground.batch_col_label"): [str(label) for label in labels],
        t("playground.batch_col_true_prob"): [sig(v) for v in rows[np.arange(n), labels]],
    }
    if revealed:
        table[t("playground.batch_col_loss", log=log_name(bits))] = [sig(v) for v in losses]
    return table


def batch_explanation(losses: np.ndarray, cost: float, unit: str) -> str | None:
    """Which example costs the most and its share of the total (None for one example)."""
    worst = int(np.argmax(losses))
    if len(losses) > 1 and math.isfinite(cost) and cost > 0:
        return t(
            "playground.batch_explain",
            row=worst + 1,
            worst=sig(losses[worst]),
            share=sig(100 * losses[worst] / losses.sum()),
            unit=unit,
        )
    return None


def batch_sum_warning(rows: np.ndarray) -> str | None:
    """The warning for batch rows whose sums are not 1, listing them (None when all are)."""
    sums = rows.sum(axis=1)
    off = [i for i, total in enumerate(sums) if off_one(rows[i])]
    if not off:
        return None
    listed = ", ".join(t("playground.batch_row_sum", row=i + 1, total=sig(sums[i])) for i in off)
    return t("playground.batch_rows_sum", rows=listed)


def read_batch(page) -> tuple[np.ndarray, np.ndarray, str | None]:
    """The batch in use: labels and rows from the two fields, or, when they cannot be read, the
    last valid batch (else the default one) and what is wrong with the fields."""
    try:
        labels, rows = parse_batch(page.value(BATCH_Y), page.value(BATCH_P))
    except InputProblem as problem:
        default = parse_batch(BATCH_Y.default, BATCH_P.default)
        labels, rows = page.last_valid.get("batch", default)
        return labels, rows, batch_problem(str(problem), page.value(BATCH_P))
    page.last_valid["batch"] = (labels, rows)
    return labels, rows, None


def batch_problem(problem: str, rows_text: str) -> str:
    """What is wrong with a bad batch (and, for a full field, that a paste may have been cut)."""
    return " ".join(part for part in (problem, full_note(rows_text, MAX_BATCH_CHARS)) if part)


def batch_in_use(labels: np.ndarray, rows: np.ndarray) -> str:
    """The batch the results use, in words: its labels and its rows of probabilities."""
    return t(
        "playground.batch_in_use",
        labels=", ".join(str(label) for label in labels),
        rows=" · ".join(shown_values(row) for row in rows),
    )


def code_notes(case: LossCase, shown: float, unit: str) -> list[str]:
    """The captions under the code panel: which libraries print the page's number, and why each
    other one prints something else."""
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
        notes = [t("playground.code_prints_none", value=sig(shown), unit=unit)]
    elif differing:
        libraries = ", ".join(code_snippets.LIBRARY_NAMES[name] for name in same)
        notes = [
            t("playground.code_prints_others", libraries=libraries, value=sig(shown), unit=unit)
        ]
    else:
        notes = [t("playground.code_prints", value=sig(shown), unit=unit)]
    for library, reason in reasons.items():
        if library in differing:
            notes.append(
                t(
                    "playground.code_differs",
                    library=code_snippets.LIBRARY_NAMES[library],
                    value=sig(values[library]),
                    unit=unit,
                    reason=reason,
                )
            )
    return notes


GRADIENTS_LOGIT_LIMIT = 1000.0
"""The largest logit magnitude the Gradients page reads (``ce_ui.readers.gradients``)."""


def _compact(values) -> str:
    return ",".join(format_number(v) for v in values)


def carried_queries(example: Example) -> dict[str, dict[str, str] | None]:
    """The Playground's prediction in the fields of the pages that can take it, by page id (None
    where the example cannot be carried):

    - Gradients (``y`` a class, and ``p`` or ``z``): one true class, probabilities above 0 (as
      typed when they sum to 1, else normalised by the one rounding rule) or the logits divided
      by the temperature (the same softmax), within ±1000;
    - Curves (``p`` on the branch ``y = 1``): the true class's probability, strictly inside (0, 1).
    """
    if not example.one_hot:
        return {"gradients": None, "curves": None}
    target = int(example.target)
    gradients: dict[str, str] | None = {"y": str(target)}
    if example.logits:
        scaled = np.asarray(example.prediction, dtype=float) / example.temperature
        if np.all(np.abs(scaled) <= GRADIENTS_LOGIT_LIMIT):
            gradients["z"] = _compact(scaled)
        else:
            gradients = None
    elif np.all(example.probabilities > 0):
        typed = example.prediction_sum is None and not example.prediction_problem
        gradients["p"] = (
            _compact(example.prediction)
            if typed
            else ",".join(split_items(normalised_text(example.probabilities)))
        )
    else:
        gradients = None
    p_true = float(example.probabilities[target])
    curves = {"p": format_number(p_true), "y": "1"} if 0 < p_true < 1 else None
    return {"gradients": gradients, "curves": curves}
