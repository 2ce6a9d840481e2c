"""Focal loss: the paper's Figure 1 with your γ, the modulating factor, how much easy and hard
examples are turned down, the gradient next to cross-entropy's, and the many-class scenario."""

import math

import numpy as np
import streamlit as st

import ce_core as cc
from ce_core import focal, scenarios
from ce_ui import focal as fo
from ce_ui.explanations import focal as explain
from ce_ui.figures import focal as figures
from ce_ui.figures.multilabel import loss_split
from ce_ui.focal import (
    ALPHA,
    ALPHA_ON_KEY,
    ALPHA_VALUE_KEY,
    DEFAULT_ALPHA,
    GAMMA,
    GRID,
    P_T,
    PAPER_GAMMAS,
    TABLE_P_T,
)
from ce_ui.format import sig, sig_padded
from ce_ui.formulas import focal as formulas
from ce_ui.formulas.scenario import log_symbol
from ce_ui.frame import frame
from ce_ui.i18n import current_language, t
from ce_ui.scenario_inputs import scenario_inputs, scenario_link
from ce_ui.tables import focal as tables
from ce_ui.url_state import format_number


def _set_setting(gamma: float, alpha: float | None) -> None:
    page.set_value(GAMMA, gamma)
    st.session_state[ALPHA_ON_KEY] = alpha is not None
    if alpha is not None:
        st.session_state[ALPHA_VALUE_KEY] = alpha


def _set(values: dict) -> None:
    for field, value in values.items():
        page.set_value(field, value)


page = frame("focal")
page.bind(list(fo.FIELDS))
lang, base, unit = current_language(), page.base, page.unit_label
log_tex = log_symbol(page.units)

st.title(t("focal.title"))
st.markdown(t("focal.intro"))
st.latex(formulas.DEFINITION)
st.caption(t("focal.formula_note"))

# α lives in the URL as one value (a number, or none); on screen it is a switch and a slider.
if page.arriving or ALPHA_ON_KEY not in st.session_state:
    alpha_setting = page.value(ALPHA)
    st.session_state[ALPHA_ON_KEY] = alpha_setting is not None
    st.session_state[ALPHA_VALUE_KEY] = DEFAULT_ALPHA if alpha_setting is None else alpha_setting

with st.container(border=True):
    gamma_column, alpha_column, p_column = st.columns(3, gap="large")
    gamma = gamma_column.slider(
        t("focal.gamma_label"), 0.0, 5.0, step=0.1, key=page.key(GAMMA), help=t("focal.gamma_help")
    )
    alpha_on = alpha_column.toggle(
        t("focal.alpha_toggle"), key=ALPHA_ON_KEY, help=t("focal.alpha_toggle_help")
    )
    alpha_value = alpha_column.slider(
        t("focal.alpha_label"),
        0.0,
        1.0,
        step=0.01,
        key=ALPHA_VALUE_KEY,
        disabled=not alpha_on,
        help=t("focal.alpha_help"),
    )
    p_t = p_column.slider(
        t("focal.p_label"),
        fo.P_T_MIN,
        fo.P_T_MAX,
        step=fo.P_T_STEP,
        format="%.3f",
        key=page.key(P_T),
        help=t("focal.p_help"),
    )
    st.caption(t("focal.presets"))
    for column, (name, preset_gamma, preset_alpha) in zip(
        st.columns(len(fo.SETTING_PRESETS)), fo.SETTING_PRESETS, strict=True
    ):
        column.button(
            t(f"focal.{name}"),
            key=f"focal.{name}",
            on_click=_set_setting,
            args=(preset_gamma, preset_alpha),
            help=t("focal.preset_help"),
            width="stretch",
        )
alpha = alpha_value if alpha_on else None
page.set_value(ALPHA, alpha)

ce_terms, fl_terms, times_terms = scenarios.down_weighting(
    [p_t, *TABLE_P_T], gamma=gamma, alpha=alpha, base=base
)
ce_at, fl_at, times_at = ce_terms[0], fl_terms[0], times_terms[0]
factor_at = float(scenarios.modulating_factor(p_t, gamma))
if page.reveal("point", t("focal.quiz_point"), inputs=(gamma, alpha, p_t, base)):
    for column, (name, value) in zip(
        st.columns(4),
        (
            ("metric_ce", sig_padded(ce_at)),
            ("metric_fl", sig_padded(fl_at)),
            ("metric_times", explain.times(lang, times_at)),
            ("metric_factor", sig(factor_at)),
        ),
        strict=True,
    ):
        column.metric(
            t(f"focal.{name}", unit=unit), value, border=True, help=t(f"focal.{name}_help")
        )
    st.latex(
        formulas.point(
            p_t=p_t,
            gamma=gamma,
            alpha=alpha,
            factor=factor_at,
            ce=ce_at,
            fl=fl_at,
            base=base,
            log_tex=log_tex,
        )
    )
    st.markdown(
        explain.point(
            lang,
            p_t=p_t,
            factor=factor_at,
            alpha=alpha,
            gamma=gamma,
            fl=fl_at,
            ce=ce_at,
            ratio=times_at,
            unit=unit,
        )
    )

family, factors, figure1_values = fo.paper_curves(base)
yours = scenarios.binary_class_terms(np.ones_like(GRID), GRID, gamma=gamma, alpha=alpha, base=base)
yours_name = (
    t("focal.yours_curve", gamma=format_number(gamma))
    if alpha is None
    else t("focal.yours_curve_alpha", gamma=format_number(gamma), alpha=format_number(alpha))
)
at_09 = 1 + TABLE_P_T.index(0.9)  # where p_t = 0.9 is among the computed terms
gamma_names = [t("focal.gamma_curve", gamma=format_number(gamma)) for gamma in PAPER_GAMMAS]
loss_column, factor_column = st.columns(2, gap="medium")
with loss_column:
    page.plot(
        figures.gamma_family,
        GRID,
        list(zip(gamma_names, family, strict=True)),
        (yours_name, yours),
        (p_t, fl_at, t("focal.marker_label", p=sig(p_t), value=sig(fl_at))),
        title=t("focal.figure1_title"),
        x_title=t("focal.axis_p_t"),
        y_title=t("focal.figure1_y", unit=unit),
        y_max=fo.FIGURE1_TOP_NATS / math.log(base),
    )
    st.markdown(
        t(
            "focal.figure1_caption",
            ce=sig_padded(ce_terms[at_09]),
            fl=sig_padded(fl_terms[at_09]),
            settings=explain.settings(gamma, alpha),
            unit=unit,
        )
    )
with factor_column:
    page.plot(
        figures.gamma_family,
        GRID,
        list(zip(gamma_names, factors, strict=True)),
        (
            t("focal.yours_curve", gamma=format_number(gamma)),
            scenarios.modulating_factor(GRID, gamma),
        ),
        (p_t, factor_at, t("focal.marker_label", p=sig(p_t), value=sig(factor_at))),
        title=t("focal.factor_title"),
        x_title=t("focal.axis_p_t"),
        y_title=t("focal.factor_y"),
        y_max=1.05,
    )
    at_half, at_099 = scenarios.modulating_factor([0.5, 0.99], gamma)
    st.markdown(
        t(
            "focal.factor_caption",
            gamma=format_number(gamma),
            at_half=sig(at_half),
            at_point=sig(factor_at),
            p=sig(p_t),
            at_099=sig(at_099),
        )
    )

st.subheader(t("focal.table_heading"))
st.markdown(t("focal.table_intro"))
rows = tables.down_weighting_rows(TABLE_P_T, p_t, ce_terms, fl_terms, times_terms)
columns, yours_rows = tables.down_weighting(lang, rows, unit)
page.table(columns, shaded_rows=yours_rows)
by_p = {row[0]: row[3] for row in rows if not row[4]}
st.markdown(explain.table_summary(lang, gamma, alpha, by_p[0.1], by_p[0.9], by_p[0.968]))
with st.expander(t("focal.figure1_numbers")):
    st.caption(t("focal.figure1_numbers_intro", unit=unit))
    page.table(tables.figure1(PAPER_GAMMAS, fo.FIGURE1_P_T, figure1_values))

st.header(t("focal.gradient_heading"))
st.markdown(t("focal.gradient_intro"))
# Over GRID and, last, at your p_t: one call each.
logits = scenarios.logit(np.append(GRID, p_t))
positive = np.ones_like(logits)
ce_grad = cc.binary_cross_entropy_grad(positive, logits, reduction="none")
fl_grad = cc.focal_loss_grad(positive, logits, gamma=gamma, alpha=alpha, reduction="none")
ce_grad_at, fl_grad_at = float(ce_grad[-1]), float(fl_grad[-1])
page.plot(
    figures.gradients,
    GRID,
    ce_grad[:-1],
    fl_grad[:-1],
    (p_t, ce_grad_at, fl_grad_at),
    ce_name=t("focal.ce_grad_name"),
    focal_name=t("focal.fl_grad_name"),
    title=t("focal.gradient_title"),
    x_title=t("focal.axis_p_t"),
    y_title=t("focal.gradient_y"),
)
# The exact factor between the two gradients, and its two parts: the loss's (1 − pₜ)^γ (times α)
# and the term 1 + γ pₜ (−ln pₜ) / (1 − pₜ) that differentiating it adds.
gradient_factor = float(focal.focal_gradient_factor(p_t, gamma, alpha))
lift = float(focal.focal_gradient_factor(p_t, gamma)) / factor_at
st.latex(formulas.gradient_ratio(alpha=alpha, factor=factor_at, lift=lift, ratio=gradient_factor))
gradient_text = t(
    "focal.gradient_caption",
    p=sig(p_t),
    ce_grad=sig(ce_grad_at),
    fl_grad=sig(fl_grad_at + 0.0),
    factor=sig(gradient_factor),
    comparison=explain.gradient_comparison(lang, gradient_factor),
)
crossover = explain.crossover(lang, gamma, alpha, fo.stronger(gamma=gamma, alpha=alpha))
st.markdown(f"{gradient_text} {crossover}")

st.header(t("focal.scenario_heading"))
st.markdown(t("focal.scenario_intro"))
with st.container(border=True):
    classes, positives, p_pos, p_neg = scenario_inputs(page, "focal")
    st.caption(t("focal.presets_scenario"))
    for column, (name, values) in zip(
        st.columns(len(fo.SCENARIO_PRESETS)), fo.SCENARIO_PRESETS, strict=True
    ):
        column.button(
            t(f"focal.{name}"),
            key=f"focal.{name}",
            on_click=_set,
            args=(values,),
            help=t("focal.preset_scenario_help"),
            width="stretch",
        )
if positives > classes:
    st.error(t("focal.too_many_positives", positives=positives, classes=classes), icon="⚠️")
    positives = classes

before = scenarios.many_class_scenario(classes, positives, p_pos, p_neg, base=base).loss
after = scenarios.many_class_scenario(
    classes, positives, p_pos, p_neg, gamma=gamma, alpha=alpha, base=base
).loss
if page.reveal(
    "scenario",
    t("focal.quiz_scenario"),
    inputs=(classes, positives, p_pos, p_neg, gamma, alpha, base),
):
    table_column, chart_column = st.columns([1, 1], gap="medium")
    with table_column:
        columns, bold = tables.scenario(lang, before, after, unit)
        page.table(columns, bold_rows=bold)
        explained = explain.scenario(lang, before, after)
        if explained:
            st.markdown(explained)
        st.caption(t("focal.scenario_easy_negatives"))
    with chart_column:
        page.plot(
            loss_split,
            [
                (t("focal.share_row_before"), before.positives, before.negatives),
                (t("focal.share_row_after"), after.positives, after.negatives),
            ],
            positives_name=t("focal.positives_name"),
            negatives_name=t("focal.negatives_name"),
            title=t("focal.share_title"),
            x_title=t("focal.share_x"),
            as_share=True,
        )
scenario_link(page, "pages/3_multilabel.py", t("focal.to_multilabel"), ":material/checklist:")

page.publish()
