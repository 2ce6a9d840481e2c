"""Entropy page: the information in a text, log₂ n bits for n equal choices, and cross-entropy as
entropy plus KL divergence for two distributions the user edits.

URL: ``text``, ``n``, ``p``, ``q`` (and the common ``units``, which the p/q part follows; the text
and n parts are in bits, the unit of codes).
"""

from __future__ import annotations

import math

import numpy as np
import streamlit as st

import ce_core as cc
from ce_ui.explanations import entropy as explain
from ce_ui.figures import entropy as figures
from ce_ui.format import sig, sum_text
from ce_ui.formulas import entropy as formulas
from ce_ui.frame import Frame, frame
from ce_ui.i18n import t
from ce_ui.inputs import MAX_VECTOR_CHARS, InputProblem, parse_vector
from ce_ui.readers import entropy as readers
from ce_ui.readers.entropy import compact_vector
from ce_ui.text import symbols
from ce_ui.url_state import MAX_QUERY_VALUE_CHARS, Field, number

# Longer texts would not fit in a link (see url_state.MAX_QUERY_VALUE_CHARS).
TEXT_LIMIT = MAX_QUERY_VALUE_CHARS
# Most characters the text may take in a link, percent-encoded: all of TEXT_LIMIT in ASCII, about
# 660 Chinese characters or 1,000 Cyrillic ones.
TEXT_LINK_LIMIT = 6000
TEXT_EXAMPLES = ("jteikfqa", "aaaaaaaa", "abracadabra", "to be or not to be")
MAX_OUTCOMES = 2**20
DEFAULT_P = "0.5,0.25,0.125,0.125"
DEFAULT_Q = "0.25,0.25,0.25,0.25"
PQ_PRESETS = {
    "preset_code": (DEFAULT_P, DEFAULT_Q),
    "preset_label": ("1,0,0", "0.7,0.2,0.1"),
}

TEXT = Field("text", "abracadabra", max_chars=TEXT_LIMIT, link_chars=TEXT_LINK_LIMIT)
N = Field("n", 8, number(1, MAX_OUTCOMES, integer=True))
P = Field("p", DEFAULT_P, str, compact_vector, MAX_VECTOR_CHARS)
Q = Field("q", DEFAULT_Q, str, compact_vector, MAX_VECTOR_CHARS)
TEXT_CUT = "entropy.text_cut_from"


# --- the text ------------------------------------------------------------------------------------


def cap_text(page: Frame) -> None:
    """Keep a typed or pasted text within what a link carries (TEXT_LIMIT characters, and
    TEXT_LINK_LIMIT once percent-encoded), remembering that it was cut."""
    text = page.value(TEXT)
    kept = readers.fitting_text(text, TEXT_LIMIT, TEXT_LINK_LIMIT)
    if len(kept) < len(text):
        st.session_state[TEXT_CUT] = (len(text), len(kept))
        page.set_value(TEXT, kept)


def set_text(page: Frame, text: str) -> None:
    page.set_value(TEXT, text)


def show_text_section(page: Frame) -> None:
    st.subheader(t("entropy.text_heading"))
    st.markdown(t("entropy.text_intro"))
    text = st.text_area(
        t("entropy.text_label"),
        key=page.key(TEXT),
        max_chars=TEXT.max_chars,
        height=100,
        on_change=cap_text,
        args=(page,),
        help=t("entropy.text_help", limit=TEXT_LIMIT),
    )
    with st.container(horizontal=True, vertical_alignment="center"):
        st.markdown(t("entropy.examples_label"))
        for example in TEXT_EXAMPLES:
            st.button(
                example, key=f"entropy.example_{example}", on_click=set_text, args=(page, example)
            )
    cut_from = st.session_state.pop(TEXT_CUT, None)
    if cut_from is not None:
        length, kept = cut_from
        st.warning(t("entropy.text_cut", length=length, limit=kept), icon=":material/content_cut:")
    if not text:
        st.info(t("entropy.text_empty"), icon=":material/edit:")
        return

    info = cc.symbol_information(symbols(text), base=2)  # characters as a reader sees them
    probabilities = np.array(info.probabilities)
    information = cc.nats_to(-np.log(probabilities), 2)
    bits = t("common.unit_bits")
    entropy_column, total_column, fixed_column = st.columns(3)
    entropy_column.metric(t("entropy.entropy_metric"), explain.bits_text(info.entropy))
    total_column.metric(t("entropy.total_metric"), explain.bits_text(info.total))
    fixed_column.metric(
        explain.fixed_length_label(info.fixed_length_bits, info.length),
        explain.bits_text(info.fixed_length_total_bits),
    )
    st.markdown(explain.text_summary(info))
    chart, explanation = st.columns([3, 2], gap="large")
    with chart:
        page.plot(
            figures.symbol_distribution,
            info.symbols,
            probabilities,
            information,
            title=t("entropy.symbol_chart_title"),
            x_title=t("entropy.symbol_axis"),
            y_title=t("entropy.frequency_axis"),
            information_unit=bits,
            other_label=t(
                "entropy.other_symbols",
                count=max(len(info.symbols) - figures.MAX_SYMBOL_BARS, 0),
            ),
        )
    with explanation:
        st.markdown(t("entropy.text_explanation"))
        st.latex(formulas.symbol_entropy(info.entropy))
        st.caption(t("entropy.bits_note"))
    page.table(
        explain.symbol_table(info, probabilities, information),
        height=min(400, 38 + 35 * len(info.symbols)),
    )


# --- n equally likely outcomes -------------------------------------------------------------------


@st.cache_data(max_entries=1, show_spinner=False)
def uniform_curve() -> tuple[list[int], np.ndarray]:
    """log₂ n at n = 1, 2, 4, …, MAX_OUTCOMES: the entropy of each uniform distribution."""
    counts = [2**power for power in range(MAX_OUTCOMES.bit_length())]
    return counts, np.array([uniform_entropy(count=count, base=2.0) for count in counts])


@st.cache_data(max_entries=64, show_spinner=False)
def uniform_entropy(count: int, base: float) -> float:
    return float(cc.entropy(np.full(count, 1.0 / count), base=base))


def show_uniform_section(page: Frame) -> None:
    st.subheader(t("entropy.uniform_heading"))
    st.markdown(t("entropy.uniform_intro"))
    controls, chart = st.columns([2, 3], gap="large")
    with controls:
        count = st.number_input(
            t("entropy.n_label"),
            min_value=1,
            max_value=MAX_OUTCOMES,
            step=1,
            key=page.key(N),
            help=t("entropy.n_help", max=MAX_OUTCOMES),
        )
        bits = uniform_entropy(count=count, base=2.0)
        st.metric(t("entropy.uniform_metric"), explain.bits_text(bits))
        if page.units == "nats":
            st.caption(
                t("entropy.uniform_in_nats", value=sig(uniform_entropy(count=count, base=math.e)))
            )
        st.latex(formulas.uniform(count, bits))
        st.markdown(explain.uniform_code(count))
    counts, curve = uniform_curve()
    with chart:
        page.plot(
            figures.uniform_bits,
            counts,
            curve,
            count,
            bits,
            title=t("entropy.uniform_chart_title"),
            x_title=t("entropy.outcomes_axis"),
            y_title=t("entropy.bits_axis"),
        )


# --- two distributions ---------------------------------------------------------------------------


def set_distributions(page: Frame, p_text: str, q_text: str) -> None:
    page.set_value(P, p_text)
    page.set_value(Q, q_text)


def read_distribution(page: Frame, field: Field, label: str, default: str) -> np.ndarray:
    """A typed distribution, normalised if needed (with a message and a button to fix it), or the
    default one when the text cannot be used."""
    text = st.text_input(
        label, key=page.key(field), max_chars=field.max_chars, help=t("entropy.distribution_help")
    )
    try:
        values = readers.read_distribution(text, label)
    except InputProblem as problem:
        st.error(str(problem), icon=":material/error:")
        st.caption(t("entropy.using_default"))
        return parse_vector(default, label)
    total = values.sum()
    if not readers.is_normalised(values):
        st.warning(
            t("entropy.not_normalised", field=label, total=sum_text(total)),
            icon=":material/warning:",
        )
        st.button(
            t("entropy.normalise", field=field.key),
            key=f"entropy.normalise_{field.key}",
            on_click=page.set_value,
            args=(field, readers.normalised_text(values)),
        )
        values = values / total
    return values


def show_distributions_section(page: Frame) -> None:
    st.subheader(t("entropy.pq_heading"))
    st.markdown(t("entropy.pq_intro"))
    unit = page.unit_label
    inputs, results = st.columns([2, 3], gap="large")
    with inputs:
        p = read_distribution(page, P, t("entropy.p_label"), DEFAULT_P)
        q = read_distribution(page, Q, t("entropy.q_label"), DEFAULT_Q)
        if p.size != q.size:
            st.error(
                t("entropy.length_mismatch", p_count=p.size, q_count=q.size),
                icon=":material/error:",
            )
            p, q = parse_vector(DEFAULT_P, "p"), parse_vector(DEFAULT_Q, "q")
        with st.container(horizontal=True):
            for name, (p_text, q_text) in PQ_PRESETS.items():
                st.button(
                    t(f"entropy.{name}"),
                    key=f"entropy.{name}",
                    on_click=set_distributions,
                    args=(page, p_text, q_text),
                )
            st.button(
                t("entropy.make_equal"),
                key="entropy.make_equal",
                on_click=set_distributions,
                args=(page, page.value(P), page.value(P)),
            )

    entropy = cc.entropy(p, base=page.base)
    cross_entropy = cc.cross_entropy(p, q, base=page.base)
    divergence = cc.kl_divergence(p, q, base=page.base)
    with results:
        first, second, third = st.columns(3)
        first.metric(t("entropy.entropy_p", unit=unit), sig(entropy))
        second.metric(t("entropy.cross_entropy_pq", unit=unit), sig(cross_entropy))
        third.metric(t("entropy.kl_pq", unit=unit), sig(divergence))
        st.latex(formulas.decomposition(cross_entropy, entropy, divergence))
        if np.array_equal(p, q):
            st.success(t("entropy.equal_note"), icon=":material/check_circle:")
        elif divergence == 0:  # q ≠ p, but too close for the KL divergence to show it
            st.info(t("entropy.equal_note_rounded"), icon=":material/check_circle:")
        if math.isinf(cross_entropy):
            st.warning(t("entropy.infinite_note"), icon=":material/all_inclusive:")
        elif entropy == 0:
            st.info(t("entropy.one_hot_note"), icon=":material/label:")
    if not math.isinf(cross_entropy):
        stack, bars = st.columns(2)
        with stack:
            page.plot(
                figures.entropy_stack,
                entropy,
                divergence,
                bar_labels=(t("entropy.stack_entropy_bar"), t("entropy.stack_cross_bar")),
                entropy_name=t("entropy.stack_entropy"),
                divergence_name=t("entropy.stack_divergence"),
                title=t("entropy.stack_title"),
                x_title=t("entropy.stack_axis", unit=unit),
            )
    else:
        bars = st.container()
    with bars:
        page.plot(
            figures.distribution_pair,
            p,
            q,
            names=("p", "q"),
            title=t("entropy.distributions_title"),
            x_title=t("entropy.outcome_axis"),
            y_title=t("entropy.probability_axis"),
        )


page = frame("entropy")
page.bind([TEXT, N, P, Q])

st.title(t("entropy.title"))
st.markdown(t("entropy.intro"))
show_text_section(page)
show_uniform_section(page)
show_distributions_section(page)

page.publish()
