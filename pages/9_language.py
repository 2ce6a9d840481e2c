"""Language models page: cross-entropy as a language model's loss, perplexity and code length.

A character n-gram model (order 0–5, add-k or Kneser–Ney smoothing) is trained on a built-in
corpus or the user's own text; the page scores a text character by character, compares training
and held-out cross-entropy over the orders, codes the text with an arithmetic coder next to
zlib/bz2/lzma, samples from the model with a temperature, and converts a training log's loss.

URL: ``train``, ``corpus`` (only with ``train=own``), ``text``, ``order``, ``smoothing``, ``k``,
``held``, ``temperature``, ``seed``, ``length``, ``loss``, ``loss_unit``, ``vocab``. The fields,
models and tables are in ``ce_ui.language``; this page only draws them.
"""

from __future__ import annotations

import math

import streamlit as st

from ce_core import language as lm
from ce_ui import language as model
from ce_ui.figures import language as figures
from ce_ui.format import sig
from ce_ui.frame import Frame, frame, section
from ce_ui.i18n import t
from ce_ui.inputs import InputProblem
from ce_ui.language import (
    CORPUS,
    HELD,
    LENGTH,
    LOSS,
    LOSS_UNIT,
    ORDER,
    SEED,
    SMOOTHING,
    TEMPERATURE,
    TEXT,
    TRAIN,
    VOCAB,
    K,
)  # fmt: skip
from ce_ui.language_corpora import SAMPLE_TEXTS
from ce_ui.url_state import quote_user_text


def show_cut_message(page: Frame) -> None:
    cut = page.last_valid.pop(model.TEXT_CUT, None)
    if cut is not None:
        _, length, kept = cut
        st.warning(t("language.text_cut", length=length, limit=kept), icon=":material/content_cut:")


def read_model_inputs(page: Frame):
    """The model's settings and its corpus (a bad own corpus: the message, and the English
    corpus in its place)."""
    st.subheader(t("language.model_heading"))
    st.markdown(t("language.model_intro"))
    settings, more = st.columns(2, gap="large")
    with settings:
        train = page.selectbox(TRAIN, t("language.train_label"), model.corpus_name)
        order = page.slider(ORDER, t("language.order_label"), help=t("language.order_help"))
        smoothing = page.radio(
            SMOOTHING, t("language.smoothing_label"), lambda s: t(f"language.smoothing_{s}"),
            horizontal=True,
        )  # fmt: skip
    with more:
        k = page.number_input(
            K, t("language.k_label"), help=t("language.k_help"), disabled=smoothing != "add_k"
        )
        held = page.slider(HELD, t("language.held_label"), help=t("language.held_help"))
    own = ""
    if train == "own":
        own = page.text_area(
            CORPUS, t("language.corpus_label"), height=150, on_change=model.cap_text,
            args=(page, CORPUS), help=t("language.corpus_help", limit=model.CORPUS_LIMIT),
        )  # fmt: skip
    try:
        corpus = model.read_corpus(train, own)
    except InputProblem as problem:
        corpus = model.read_corpus("en", "")
        page.bad_input(str(problem), model.corpus_name("en"))
    with st.expander(t("language.corpus_show", count=len(corpus))):
        st.text(corpus)
    return train, corpus, int(order), smoothing, float(k), float(held)


def read_text(page: Frame, train: str) -> str:
    st.subheader(t("language.text_heading"))
    typed = page.text_area(
        TEXT, t("language.text_label"), height=80, on_change=model.cap_text, args=(page, TEXT),
        help=t("language.text_help", limit=model.TEXT_LIMIT),
    )  # fmt: skip
    show_cut_message(page)
    if train in SAMPLE_TEXTS:
        st.button(
            t("language.use_sample"), key="language.use_sample", on_click=model.set_text,
            args=(page, SAMPLE_TEXTS[train]),
        )  # fmt: skip
    try:
        text = model.read_text(typed)
        page.last_valid["text"] = text
    except InputProblem as problem:
        text = page.last_valid.get("text", TEXT.default)
        page.bad_input(str(problem), quote_user_text(text))
    return text


def other_unit(page: Frame) -> tuple[float, str]:
    """The base and label of the unit the sidebar did not choose (bits beside nats, and back)."""
    return (math.e, t("common.unit_nats")) if page.units == "bits" else (2.0, t("common.unit_bits"))


def show_scores(page: Frame, corpus: str, text: str, order: int, smoothing: str, k: float):
    unit = page.unit_label
    score = model.score(corpus, order, smoothing, k, text, page.base)
    other_base, other_label = other_unit(page)
    other = model.score(corpus, order, smoothing, k, text, other_base)
    answer = score.cross_entropy if math.isfinite(score.cross_entropy) else None
    revealed = page.reveal(
        "cross_entropy", t("language.quiz_prompt", unit=unit),
        inputs=(corpus, text, order, smoothing, k, page.units), answer=answer, unit=unit,
    )  # fmt: skip
    if not revealed:
        return False
    with st.container(horizontal=True, gap="medium"):
        st.metric(t("language.ce_metric", unit=unit), sig(score.cross_entropy), width="content")
        st.metric(
            t("language.ce_metric", unit=other_label), sig(other.cross_entropy), width="content"
        )
        st.metric(t("language.perplexity_metric"), sig(score.perplexity), width="content")
        st.metric(t("language.total_metric", unit=unit), sig(score.total), width="content")
    st.caption(t("language.text_summary", count=len(text)))
    if not math.isfinite(score.cross_entropy):
        unseen = model.unseen_characters(score, text)
        shown = ", ".join(f"“{quote_user_text(c) if c.strip() else '␣'}”" for c in unseen[:10])
        st.error(
            t("language.infinite", count=len(unseen), characters=shown),
            icon=":material/all_inclusive:",
        )
    page.plot(
        figures.surprisal_bars, tuple(text), score.probabilities, score.surprisal,
        tuple(map(tuple, score.candidates)), score.candidate_probabilities,
        title=t("language.surprisal_title"), x_title=t("language.surprisal_x"),
        y_title=t("language.surprisal_y", unit=unit), unit=unit,
        candidates_label=t("language.candidates"), infinite_label=t("language.infinite_bar"),
    )  # fmt: skip
    st.caption(t("language.surprisal_caption"))
    return True


def show_held_out(page: Frame, corpus: str, order: int, smoothing: str, k: float, held: float):
    st.subheader(t("language.held_heading"))
    unit = page.unit_label
    run = model.held_out(corpus, held, order, smoothing, k)
    if run is None:
        st.info(t("language.held_too_short"), icon=":material/info:")
        return
    training = model.in_units(run.training.cross_entropy, page.base)
    held_ce = model.in_units(run.held.cross_entropy, page.base)
    with st.container(horizontal=True, gap="medium"):
        st.metric(t("language.training_metric", unit=unit), sig(training), width="content")
        st.metric(t("language.held_metric", unit=unit), sig(held_ce), width="content")
        st.metric(t("language.held_perplexity"), sig(run.held.perplexity), width="content")
    st.caption(
        t("language.held_summary", count=run.training_length, held=run.held_length,
          scored=model.SCORED_CHARS)
    )  # fmt: skip
    if not math.isfinite(run.held.cross_entropy):
        st.warning(t("language.held_infinite"), icon=":material/all_inclusive:")
    sweep = model.order_sweep(corpus, held, k)
    curves = {}
    for name in lm.SMOOTHINGS:
        training, held_values = sweep[name]
        label = t(f"language.smoothing_{name}")
        curves[t("language.curve_training", smoothing=label)] = model.in_units(training, page.base)
        curves[t("language.curve_held", smoothing=label)] = model.in_units(held_values, page.base)
    page.plot(
        figures.order_curves, model.SWEEP_ORDERS, curves, current_order=order,
        title=t("language.sweep_title"), x_title=t("language.order_label"),
        y_title=t("language.sweep_y", unit=unit),
    )  # fmt: skip
    st.caption(t("language.sweep_caption"))
    key, values = model.sweep_lesson(sweep)
    st.markdown(t(key, **values))


def show_code_lengths(page: Frame, corpus: str, text: str, order: int, smoothing: str, k: float):
    st.subheader(t("language.code_heading"))
    lengths = model.code_lengths(corpus, order, smoothing, k, text)
    page.table(model.code_table(lengths))
    key, values = model.code_lesson(lengths)
    if lengths.coder_bits is None:
        st.warning(t(key, **values), icon=":material/all_inclusive:")
    else:
        st.markdown(t(key, **values))


def own_corpus_omitted(page: Frame) -> list[str]:
    """A link carries the training text only when it is the visitor's own."""
    return [] if page.value(TRAIN) == "own" else ["corpus"]


@section(omit=own_corpus_omitted)
def show_sampling(page: Frame, corpus: str, text: str, order: int, smoothing: str, k: float):
    """Text sampled from the model: a part of the page that reruns alone when its temperature,
    seed or length changes."""
    st.subheader(t("language.sample_heading"))
    st.markdown(t("language.sample_intro"))
    controls = st.columns(3)
    with controls[0]:
        temperature = page.slider(TEMPERATURE, t("language.temperature_label"))
    with controls[1]:
        seed = page.number_input(SEED, t("language.seed_label"))
    with controls[2]:
        length = page.slider(LENGTH, t("language.length_label"))
    generated = model.sample(
        corpus, order, smoothing, k, text, int(length), float(temperature), int(seed)
    )
    st.text(generated)


@section(omit=own_corpus_omitted)
def show_converter(page: Frame) -> None:
    """A training log's loss in nats, bits and perplexity: a part of the page that reruns alone
    when its inputs change."""
    st.subheader(t("language.log_heading"))
    st.markdown(t("language.log_intro"))
    value_column, unit_column, vocab_column = st.columns(3)
    with value_column:
        value = page.number_input(LOSS, t("language.loss_label"), format="%.4g")
    with unit_column:
        unit = page.radio(
            LOSS_UNIT, t("language.loss_unit_label"), lambda u: t(f"language.loss_{u}")
        )
    try:
        reading = model.convert_loss(value, unit)
    except InputProblem as problem:
        reading = model.convert_loss(LOSS.default, "nats")
        page.bad_input(str(problem), t("language.loss_default", value=sig(LOSS.default)))
    with st.container(horizontal=True, gap="medium"):
        st.metric(t("language.loss_nats"), sig(reading.nats), width="content")
        st.metric(t("language.loss_bits"), sig(reading.bits), width="content")
        st.metric(t("language.loss_perplexity"), sig(reading.perplexity), width="content")
    st.latex(r"e^{H_e} = 2^{H_2}, \quad H_2 = H_e / \ln 2")
    with vocab_column:
        vocabulary = page.number_input(VOCAB, t("language.vocab_label"))
    nats, bits = model.initial_loss(int(vocabulary))
    st.markdown(t("language.initial_loss", count=int(vocabulary), nats=sig(nats), bits=sig(bits)))


@section(omit=own_corpus_omitted)
def lesson(page: Frame) -> None:
    """The model, the text it scores and everything they drive (the sampling and the converter
    are parts of their own inside): a part of the page that reruns alone when they change."""
    train, corpus, order, smoothing, k, held = read_model_inputs(page)
    text = read_text(page, train)
    revealed = show_scores(page, corpus, text, order, smoothing, k)
    show_held_out(page, corpus, order, smoothing, k, held)
    if revealed:
        show_code_lengths(page, corpus, text, order, smoothing, k)
    show_sampling(page, corpus, text, order, smoothing, k)
    show_converter(page)


page = frame("language")
page.bind(model.FIELDS)

st.title(t("language.title"))
st.markdown(t("language.intro"))
lesson(page)

page.publish(omit=own_corpus_omitted(page))
