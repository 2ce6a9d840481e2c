"""Focal loss: the paper's Figure 1 with your γ, the modulating factor, how much easy and hard
examples are turned down, the gradient next to cross-entropy's, and the many-class scenario."""

import math

import numpy as np
import streamlit as st

import ce_core as cc
from ce_core import focal, scenarios
from ce_ui.figures import focal as figures
from ce_ui.figures.multilabel import loss_split
from ce_ui.format import digits_for, latex_sig, oriented_ratio, sig, sig_padded, whole
from ce_ui.frame import frame
from ce_ui.i18n import t
from ce_ui.scenario_inputs import CLASSES, P_NEG, P_POS, POSITIVES, scenario_inputs, scenario_link
from ce_ui.url_state import Field, format_number, number

P_T_MIN, P_T_MAX, P_T_STEP = 0.001, 0.999, 0.001
PAPER_GAMMAS = (0.0, 0.5, 1.0, 2.0, 5.0)
FIGURE1_P_T = (0.1, 0.3, 0.5, 0.7, 0.9, 0.99)
TABLE_P_T = (0.1, 0.5, 0.9, 0.968, 0.99)
GRID = np.linspace(P_T_MIN, P_T_MAX, 150)
DEFAULT_ALPHA = 0.25
FIGURE1_TOP_NATS = 5.0  # the paper's Figure 1 shows losses up to 5 nats

_parse_weight = number(0, 1)


def _parse_alpha(text: str) -> float | None:
    """``none`` (no α factor) or a number in [0, 1]."""
    if text.strip().lower() == "none":
        return None
    return _parse_weight(text)


def _dump_alpha(alpha: float | None) -> str:
    return "none" if alpha is None else format_number(alpha)


GAMMA = Field("gamma", 2.0, number(0, 5), format_number)
ALPHA = Field("alpha", None, _parse_alpha, _dump_alpha)
P_T = Field("p", 0.9, number(P_T_MIN, P_T_MAX), format_number)
ALPHA_ON_KEY, ALPHA_VALUE_KEY = "focal.alpha_on", "focal.alpha_value"
SETTING_PRESETS = (
    ("preset_ce", 0.0, None),
    ("preset_paper", 2.0, DEFAULT_ALPHA),
    ("preset_strong", 5.0, None),
)
SCENARIO_PRESETS = (
    ("preset_brief", {CLASSES: 1000, POSITIVES: 2, P_POS: 0.8, P_NEG: 0.1}),
    ("preset_easy", {CLASSES: 1000, POSITIVES: 2, P_POS: 0.8, P_NEG: 0.01}),
    ("preset_huge", {CLASSES: 100_000, POSITIVES: 5, P_POS: 0.8, P_NEG: 0.01}),
)


def _paper_curves(base: float) -> tuple[list[np.ndarray], list[np.ndarray], np.ndarray]:
    """For each γ of the paper, over GRID: focal loss (no α) of a positive example, and the
    modulating factor; and the loss at the p_t of the paper's Figure 1 (rows γ, columns p_t).
    Not cached: a page script sets its cached functions up again on every rerun, which takes
    longer."""
    points = np.concatenate([GRID, FIGURE1_P_T])  # one call per γ for the curve and the table
    values = [
        scenarios.binary_class_terms(np.ones_like(points), points, gamma=gamma, base=base)
        for gamma in PAPER_GAMMAS
    ]
    factors = [scenarios.modulating_factor(GRID, gamma) for gamma in PAPER_GAMMAS]
    losses = [row[: GRID.size] for row in values]
    table = np.array([row[GRID.size :] for row in values])
    return losses, factors, table


@st.cache_data(max_entries=64, show_spinner=False)
def _stronger(gamma: float, alpha: float | None) -> tuple[tuple[float, float], ...]:
    return focal.focal_gradient_stronger(gamma, alpha)


def _loss_comparison(times: float, gamma: float, alpha: float | None) -> str:
    """Cross-entropy over focal loss at one pₜ, in words: "**4× less**", nothing left (α = 0),
    the same (γ = 0, no α), or about the same (the ratio rounds to 1)."""
    if alpha == 0:
        return t("focal.nothing_left")
    if gamma == 0 and alpha in (None, 1.0):
        return t("focal.same_loss")
    if oriented_ratio(times)[0] == 0:
        return t("focal.same_loss_rounded")
    return t("focal.less_by", times=_times(times))


def _crossover_text(gamma: float, alpha: float | None) -> str:
    """Where focal loss pushes a positive example harder than cross-entropy: nowhere, below one
    pₜ, or between two, each end found by ce_core; and the cases γ = 0 and α = 0."""
    weight = 1.0 if alpha is None else alpha
    if weight == 0:
        return t("focal.crossover_alpha0")
    if gamma == 0:
        if weight == 1:
            return t("focal.crossover_gamma0")
        return t("focal.crossover_gamma0_alpha", alpha=sig(weight))
    intervals = _stronger(gamma=gamma, alpha=alpha)
    if not intervals:
        return t("focal.crossover_none", alpha=sig(weight))
    return " ".join(
        t("focal.crossover_below", high=sig(high))
        if low == 0
        else t("focal.crossover_between", low=sig(low), high=sig(high), alpha=sig(weight))
        for low, high in intervals
    )


def _table_conclusion(gamma: float, alpha: float | None, at_01: float) -> str:
    """What the table shows: nothing turned down (γ = 0, no α), everything by the same factor
    (γ = 0 with α), or the easy examples more than the hard ones, which keep most of their
    cross-entropy (more than half at pₜ = 0.1) or, with a small α, not."""
    if alpha == 0:
        return t("focal.table_zero")
    if gamma == 0:
        if alpha in (None, 1.0):
            return t("focal.table_gamma0")
        return t("focal.table_gamma0_alpha", alpha=sig(alpha), times=_times(at_01))
    if at_01 < 2:
        return t("focal.table_conclusion_kept")
    return t("focal.table_conclusion_alpha", alpha=sig(alpha), kept=sig(100 / at_01))


def _change(before: float, after: float) -> str:
    """How focal loss changed one part of the scenario's loss: "4× smaller", or unchanged."""
    ratio = before / after
    if oriented_ratio(ratio)[0] == 0:
        return t("focal.change_none")
    return t("focal.change_smaller", times=_times(ratio))


def _written(values: list[float], function, result: float) -> list[str]:
    """``values`` for a formula, each with the digits it takes for ``function`` of the written
    numbers to show as ``result`` (four at least)."""
    digits = digits_for(values, function, result) or 17
    return [latex_sig(value, digits) for value in values]


def _set_setting(gamma: float, alpha: float | None) -> None:
    page.set_value(GAMMA, gamma)
    st.session_state[ALPHA_ON_KEY] = alpha is not None
    if alpha is not None:
        st.session_state[ALPHA_VALUE_KEY] = alpha


def _set(values: dict) -> None:
    for field, value in values.items():
        page.set_value(field, value)


def _times(value: float) -> str:
    """How many times smaller: 4×, 976.6×, 10 000× (whole thousands written out in full)."""
    if 9999.5 <= value < 1e9:
        return t("focal.times_value", value=whole(value))
    return t("focal.times_value", value=sig(value))


def _gradient_comparison(weaker_by: float) -> str:
    """Cross-entropy's gradient over focal loss's, in words: "4× weaker", "1.2× stronger" (focal
    loss pushes the hardest examples harder), the same, or no push at all (α = 0)."""
    if math.isinf(weaker_by):
        return t("focal.gradient_none")
    direction, times = oriented_ratio(weaker_by)
    if direction == 0:
        return t("focal.gradient_same")
    key = "focal.gradient_weaker" if direction > 0 else "focal.gradient_stronger"
    return t(key, times=_times(times))


page = frame("focal")
page.bind([GAMMA, ALPHA, P_T, CLASSES, POSITIVES, P_POS, P_NEG])
base, unit = page.base, page.unit_label
log_tex = r"\ln" if page.units == "nats" else r"\log_2"

st.title(t("focal.title"))
st.markdown(t("focal.intro"))
st.latex(r"\mathrm{FL}(p_t) = -\,\alpha_t\,(1 - p_t)^{\gamma}\,\log p_t")
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
        P_T_MIN,
        P_T_MAX,
        step=P_T_STEP,
        format="%.3f",
        key=page.key(P_T),
        help=t("focal.p_help"),
    )
    st.caption(t("focal.presets"))
    for column, (name, preset_gamma, preset_alpha) in zip(
        st.columns(len(SETTING_PRESETS)), SETTING_PRESETS, strict=True
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
    columns = st.columns(4)
    for column, (name, value) in zip(
        columns,
        (
            ("metric_ce", sig_padded(ce_at)),
            ("metric_fl", sig_padded(fl_at)),
            ("metric_times", _times(times_at)),
            ("metric_factor", sig(factor_at)),
        ),
        strict=True,
    ):
        column.metric(
            t(f"focal.{name}", unit=unit), value, border=True, help=t(f"focal.{name}_help")
        )
    # Operands with the digits it takes to read FL off them, in each of the two steps.
    weight = 1.0 if alpha is None else alpha
    alpha_shown, p_shown, gamma_shown = _written(
        [weight, p_t, gamma],
        lambda w: w[0] * (1 - w[1]) ** w[2] * -math.log(w[1]) / math.log(base),
        fl_at,
    )
    alpha_shown_2, factor_shown, ce_shown = _written(
        [weight, factor_at, ce_at], lambda w: w[0] * w[1] * w[2], fl_at
    )
    alpha_tex = "" if alpha is None else rf"{alpha_shown} \cdot "
    alpha_tex_2 = "" if alpha is None else rf"{alpha_shown_2} \cdot "
    st.latex(
        rf"\mathrm{{FL}} = -\,{alpha_tex}(1 - {p_shown})^{{{gamma_shown}}}"
        rf"\,{log_tex} {p_shown} = {alpha_tex_2}{factor_shown} \cdot "
        rf"{ce_shown} = {sig_padded(fl_at, latex=True)}"
    )
    st.markdown(
        t(
            "focal.point_explained",
            p=sig(p_t),
            factor_percent=sig(100 * factor_at),
            alpha_part=""
            if alpha is None
            else t("focal.point_explained_alpha", alpha=sig(alpha), alpha_percent=sig(100 * alpha)),
            fl=sig_padded(fl_at),
            ce=sig_padded(ce_at),
            unit=unit,
            comparison=_loss_comparison(times_at, gamma, alpha),
        )
    )

family, factors, figure1_values = _paper_curves(base)
ones = np.ones_like(GRID)
yours = scenarios.binary_class_terms(ones, GRID, gamma=gamma, alpha=alpha, base=base)
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
        y_max=FIGURE1_TOP_NATS / math.log(base),
    )
    st.markdown(
        t(
            "focal.figure1_caption",
            ce=sig_padded(ce_terms[at_09]),
            fl=sig_padded(fl_terms[at_09]),
            settings=f"γ = {format_number(gamma)}"
            + ("" if alpha is None else f", α = {format_number(alpha)}"),
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
rows = sorted(
    [
        (float(p), ce, fl, times, False)
        for p, ce, fl, times in zip(
            TABLE_P_T, ce_terms[1:], fl_terms[1:], times_terms[1:], strict=True
        )
    ]
    + ([] if p_t in TABLE_P_T else [(p_t, ce_at, fl_at, times_at, True)])
)
table = [
    f"| {t('focal.table_p_t')} | {t('focal.table_ce', unit=unit)} | "
    f"{t('focal.table_fl', unit=unit)} | {t('focal.table_times')} |",
    "|---:|---:|---:|---:|",
]
for row_p, row_ce, row_fl, row_times, is_yours in rows:
    label = t("focal.table_yours", p=sig(row_p)) if is_yours else sig(row_p)
    table.append(f"| {label} | {sig_padded(row_ce)} | {sig_padded(row_fl)} | {_times(row_times)} |")
by_p = {row_p: row_times for row_p, _, _, row_times, is_yours in rows if not is_yours}
summary = t(
    "focal.table_summary",
    gamma=format_number(gamma),
    at_09=_times(by_p[0.9]),
    at_0968=_times(by_p[0.968]),
    at_01=_times(by_p[0.1]),
)
if gamma > 0 and alpha != 0:
    summary += " " + _table_conclusion(gamma, alpha, by_p[0.1])
else:
    summary = _table_conclusion(gamma, alpha, by_p[0.1])
st.markdown("\n\n".join([t("focal.table_intro"), "\n".join(table), summary]))
with st.expander(t("focal.figure1_numbers")):
    st.caption(t("focal.figure1_numbers_intro", unit=unit))
    header = "| γ | " + " | ".join(sig(p) for p in FIGURE1_P_T) + " |"
    figure1 = [header, "|---:|" + "---:|" * len(FIGURE1_P_T)]
    for paper_gamma, values in zip(PAPER_GAMMAS, figure1_values, strict=True):
        figure1.append(
            f"| {format_number(paper_gamma)} | " + " | ".join(sig(v) for v in values) + " |"
        )
    st.markdown("\n".join(figure1))

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
alpha_shown, factor_shown, lift_shown = _written(
    [1.0 if alpha is None else alpha, factor_at, lift],
    lambda w: w[0] * w[1] * w[2],
    gradient_factor,
)
alpha_tex = "" if alpha is None else rf"{alpha_shown} \cdot "
st.latex(
    r"\frac{\partial \mathrm{FL} / \partial z}{\partial \mathrm{CE} / \partial z} = "
    r"\alpha_t\,(1 - p_t)^{\gamma} \Big(1 + \gamma\,\frac{p_t\,(-\ln p_t)}{1 - p_t}\Big) = "
    rf"{alpha_tex}{factor_shown} \cdot {lift_shown} = {latex_sig(gradient_factor)}"
)
gradient_text = t(
    "focal.gradient_caption",
    p=sig(p_t),
    ce_grad=sig(ce_grad_at),
    fl_grad=sig(fl_grad_at + 0.0),
    factor=sig(gradient_factor),
    comparison=_gradient_comparison(1 / gradient_factor if gradient_factor else math.inf),
)
st.markdown(gradient_text + " " + _crossover_text(gamma, alpha))

st.header(t("focal.scenario_heading"))
st.markdown(t("focal.scenario_intro"))
with st.container(border=True):
    classes, positives, p_pos, p_neg = scenario_inputs(page, "focal")
    st.caption(t("focal.presets_scenario"))
    for column, (name, values) in zip(
        st.columns(len(SCENARIO_PRESETS)), SCENARIO_PRESETS, strict=True
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
        scenario_table = [
            f"| {t('focal.table_part')} | {t('focal.table_before')} | {t('focal.table_after')} |",
            "|---|---:|---:|",
        ]
        for name, before_value, after_value in (
            ("row_positives", before.positives, after.positives),
            ("row_negatives", before.negatives, after.negatives),
            ("row_total", before.total, after.total),
        ):
            scenario_table.append(
                f"| {t(f'focal.{name}', unit=unit)} | {sig_padded(before_value)} | "
                f"{sig_padded(after_value)} |"
            )
        scenario_table.append(
            f"| {t('focal.row_share')} | {sig(100 * before.negative_share)} % | "
            f"{sig(100 * after.negative_share)} % |"
        )
        scenario_text = ["\n".join(scenario_table)]
        if (
            before.positives > 0
            and before.negatives > 0
            and after.positives > 0
            and after.negatives > 0
        ):
            scenario_text.append(
                t(
                    "focal.scenario_explained",
                    pos_change=_change(before.positives, after.positives),
                    neg_change=_change(before.negatives, after.negatives),
                    before=sig(100 * before.negative_share),
                    after=sig(100 * after.negative_share),
                )
            )
        st.markdown("\n\n".join(scenario_text))
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
