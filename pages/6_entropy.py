"""Entropy page: the information in a text, log₂ n bits for n equal choices, and cross-entropy as
entropy plus KL divergence for two distributions the user edits.

URL: ``text``, ``n``, ``p``, ``q`` (and the common ``units``, which the p/q part follows; the text
and n parts are in bits, the unit of codes). The fields, the reading and the numbers are in
``ce_ui.readers.entropy``; this page only draws them.
"""

from __future__ import annotations

import math

import numpy as np
import streamlit as st

from ce_ui.components import distribution_bars
from ce_ui.explanations import entropy as explain
from ce_ui.fields import shown_values
from ce_ui.figures import entropy as figures
from ce_ui.format import sig, sum_text
from ce_ui.formulas import entropy as formulas
from ce_ui.frame import Frame, frame, section
from ce_ui.i18n import t
from ce_ui.readers import entropy as model
from ce_ui.readers.entropy import MAX_OUTCOMES, TEXT, TEXT_LIMIT, N, P, Q

# --- the text ------------------------------------------------------------------------------------


@section
def show_text_section(page: Frame) -> None:
    st.subheader(t("entropy.text_heading"))
    st.markdown(t("entropy.text_intro"))
    text = page.text_area(
        TEXT, t("entropy.text_label"), height=100, on_change=model.cap_text, args=(page,),
        help=t("entropy.text_help", limit=TEXT_LIMIT),
    )  # fmt: skip
    with st.container(horizontal=True, vertical_alignment="center"):
        st.markdown(t("entropy.examples_label"))
        for example in model.TEXT_EXAMPLES:
            st.button(
                example, key=f"entropy.example_{example}", on_click=model.set_text,
                args=(page, example),
            )  # fmt: skip
    cut_from = page.last_valid.pop(model.TEXT_CUT, None)
    if cut_from is not None:
        length, kept = cut_from
        st.warning(t("entropy.text_cut", length=length, limit=kept), icon=":material/content_cut:")
    if not text:
        st.info(t("entropy.text_empty"), icon=":material/edit:")
        return

    info, probabilities, information = model.text_numbers(text)
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


@section
def show_uniform_section(page: Frame) -> None:
    st.subheader(t("entropy.uniform_heading"))
    st.markdown(t("entropy.uniform_intro"))
    controls, chart = st.columns([2, 3], gap="large")
    with controls:
        help_text = t("entropy.n_help", max=MAX_OUTCOMES)
        count = page.number_input(N, t("entropy.n_label"), help=help_text)
        bits = model.uniform_entropy(count, 2.0)
        st.metric(t("entropy.uniform_metric"), explain.bits_text(bits))
        if page.units == "nats":
            nats = model.uniform_entropy(count, page.base)
            st.caption(t("entropy.uniform_in_nats", value=sig(nats)))
        st.latex(formulas.uniform(count, bits))
        st.markdown(explain.uniform_code(count))
    counts, curve = model.uniform_curve()
    with chart:
        page.plot(
            figures.uniform_bits, counts, curve, count, bits,
            title=t("entropy.uniform_chart_title"), x_title=t("entropy.outcomes_axis"),
            y_title=t("entropy.bits_axis"),
        )  # fmt: skip


# --- two distributions ---------------------------------------------------------------------------


def show_distribution(page: Frame, field, read: model.Distribution, label: str, bars) -> None:
    """A distribution's field, its message when it cannot be read or does not sum to 1, and its
    draggable bars (``bars``: the keywords of the widget, the other distribution's among them)."""
    page.text_input(field, label, help=t("entropy.distribution_help"))
    if read.problem:
        page.bad_input(read.problem, read.values)
        if read.defaulted:
            st.caption(t("entropy.using_default"))
    elif read.total is not None:
        warning = t("entropy.not_normalised", field=label, total=sum_text(read.total))
        page.offer_normalise(field, read.typed, warning, key=f"entropy.normalise_{field.key}")
    distribution_bars(
        key=f"entropy.bars_{field.key}", mode="probabilities", readout="entropy", role=field.key,
        units=page.units, presenter=page.presenter, on_change=model.on_bars_change,
        args=(page, field), **bars,
    )  # fmt: skip


def show_inputs(page: Frame, pair: model.Pair, labels: tuple[str, str], revealed: bool) -> None:
    p, q = pair.values
    p_column, q_column = st.columns(2, gap="small")
    with p_column:
        show_distribution(page, P, pair.p, labels[0], dict(values=p, other=q, numbers=revealed))
    with q_column:
        show_distribution(page, Q, pair.q, labels[1], dict(values=q, other=p, numbers=revealed))
    if pair.mismatch:
        sizes = {"count": pair.p.values.size, "q_count": pair.q.values.size}
        in_use = t("entropy.pair_in_use", p=shown_values(p), q=shown_values(q))
        page.bad_input(t("entropy.length_mismatch", **sizes), in_use)
    st.caption(t("entropy.bars_hint"))
    with st.container(horizontal=True):
        for name, (p_text, q_text) in model.PQ_PRESETS.items():
            st.button(
                t(f"entropy.{name}"), key=f"entropy.{name}", on_click=model.set_distributions,
                args=(page, p_text, q_text),
            )  # fmt: skip
        st.button(
            t("entropy.make_equal"), key="entropy.make_equal", on_click=model.make_equal,
            args=(page,),
        )  # fmt: skip


def show_results(page: Frame, p: np.ndarray, q: np.ndarray, scores: model.PQScores) -> None:
    unit = page.unit_label
    with st.container(horizontal=True, gap="medium"):  # a number that does not fit wraps, uncut
        for key, value in (
            ("entropy_p", scores.entropy), ("cross_entropy_pq", scores.cross_entropy),
            ("kl_pq", scores.divergence),
        ):  # fmt: skip
            st.metric(t(f"entropy.{key}", unit=unit), sig(value), width="content")
    if not math.isinf(scores.cross_entropy):
        page.plot(
            figures.entropy_stack, scores.entropy, scores.divergence,
            bar_labels=(t("entropy.stack_entropy_bar"), t("entropy.stack_cross_bar")),
            entropy_name=t("entropy.stack_entropy"), divergence_name=t("entropy.stack_divergence"),
            title=t("entropy.stack_title"), x_title=t("entropy.stack_axis", unit=unit),
            height=220 if page.presenter else 280,  # enlarged, still beside the bars on a projector
        )  # fmt: skip
    for kind, key, icon in model.pq_notes(p, q, scores):
        getattr(st, kind)(t(key), icon=f":material/{icon}:")


@section
def show_distributions_section(page: Frame) -> None:
    st.subheader(t("entropy.pq_heading"))
    st.markdown(t("entropy.pq_intro"))
    labels = (t("entropy.p_label"), t("entropy.q_label"))
    pair = model.read_distributions(page.value(P), page.value(Q), labels, page.last_valid)
    p, q = pair.values
    scores = model.pq_scores(p, q, page.base)
    screen = st.container(key="entropy-pq")  # bars, numbers and chart on one screen
    inputs, results = screen.columns([1.5, 1], gap="medium")
    with results:
        unit = page.unit_label
        answer = scores.divergence if math.isfinite(scores.divergence) else None
        revealed = page.reveal(
            "kl", t("entropy.quiz_prompt", unit=unit),
            inputs=(p.tobytes(), q.tobytes(), page.units), answer=answer, unit=unit,
        )  # fmt: skip
        if revealed:  # every number derived from the answer waits for the reveal
            show_results(page, p, q, scores)
    with inputs:
        show_inputs(page, pair, labels, revealed)
    if revealed:
        st.latex(formulas.decomposition(scores.cross_entropy, scores.entropy, scores.divergence))
    page.plot(
        figures.distribution_pair, p, q, names=("p", "q"), title=t("entropy.distributions_title"),
        x_title=t("entropy.outcome_axis"), y_title=t("entropy.probability_axis"),
    )  # fmt: skip


page = frame("entropy")
page.bind(model.FIELDS)

st.title(t("entropy.title"))
st.markdown(t("entropy.intro"))
show_text_section(page)
show_uniform_section(page)
show_distributions_section(page)

page.publish()
