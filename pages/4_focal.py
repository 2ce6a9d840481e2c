"""Focal loss: the paper's Figure 1 with your γ, the modulating factor, how much easy and hard
examples are turned down, the gradient next to cross-entropy's, and the many-class scenario."""

import math

import streamlit as st

from ce_core import scenarios
from ce_ui import focal as fo
from ce_ui.components import curve_handle
from ce_ui.explanations import focal as explain
from ce_ui.figures import focal as figures
from ce_ui.figures.multilabel import loss_split
from ce_ui.format import sig, sig_padded
from ce_ui.formulas import focal as formulas
from ce_ui.formulas.scenario import log_symbol
from ce_ui.frame import Frame, frame, section
from ce_ui.i18n import current_language, t
from ce_ui.scenario_inputs import scenario_inputs, scenario_link
from ce_ui.tables import focal as tables
from ce_ui.url_state import format_number


@section
def scenario(page: Frame, gamma: float, alpha: float | None) -> None:
    """The many-class scenario before and after focal loss with the page's γ and α: a part of the
    page that reruns alone when its own inputs change (and with the lesson when γ or α do)."""
    lang, base, unit = current_language(), page.base, page.unit_label
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
                on_click=fo.set_scenario,
                args=(page, values),
                help=t("focal.preset_scenario_help"),
                width="stretch",
            )
    positives, too_many = fo.positives_in_use(classes, positives)
    if too_many:
        page.bad_input(*too_many)

    before = scenarios.many_class_scenario(classes, positives, p_pos, p_neg, base=base).loss
    after = scenarios.many_class_scenario(
        classes, positives, p_pos, p_neg, gamma=gamma, alpha=alpha, base=base
    ).loss
    if page.reveal(
        "scenario",
        t("focal.quiz_scenario"),
        inputs=(classes, positives, p_pos, p_neg, gamma, alpha, base),
        answer=100 * after.negative_share,
        unit="%",
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
    scenario_link(page, "multilabel", t("focal.to_multilabel"), ":material/checklist:")


@section
def lesson(page: Frame) -> None:
    """Figure 1, the modulating factor, the table and the gradient that γ, α and pₜ drive, then
    the scenario (which follows γ and α): a part of the page that reruns alone when they change."""
    lang, base, unit = current_language(), page.base, page.unit_label
    log_tex = log_symbol(page.units)
    # One screen: the inputs on the left, the headline numbers and Figure 1 they drive on the right.
    controls, results = st.container(key="focal-screen").columns([2, 3], gap="medium")
    with controls:
        with st.container(border=True, key="focal-inputs"):
            gamma = page.slider(fo.GAMMA, t("focal.gamma_label"), help=t("focal.gamma_help"))
            alpha_on = page.toggle(
                fo.ALPHA.switch, t("focal.alpha_toggle"), help=t("focal.alpha_toggle_help")
            )
            alpha_value = page.slider(
                fo.ALPHA.value,
                t("focal.alpha_label"),
                disabled=not alpha_on,
                help=t("focal.alpha_help"),
            )
            p_t = page.slider(fo.P_T, t("focal.p_label"), format="%.3f", help=t("focal.p_help"))
            with st.popover(t("focal.presets"), icon=":material/tune:", width="stretch"):
                for name, preset_gamma, preset_alpha in fo.SETTING_PRESETS:
                    st.button(
                        t(f"focal.{name}"),
                        key=f"focal.{name}",
                        on_click=fo.set_setting,
                        args=(page, preset_gamma, preset_alpha),
                        help=t("focal.preset_help"),
                        width="stretch",
                    )
        if not page.quiz:  # the point on the curve would show the answer before the room guessed
            curve_handle(
                key="focal.handle", value=p_t, kind="focal", gammas=fo.PAPER_GAMMAS, gamma=gamma,
                alpha=alpha_value if alpha_on else None, units=page.units, presenter=page.presenter,
                on_change=fo.on_handle, args=(page,),
            )  # fmt: skip
            st.caption(t("handle.hint"))
        st.markdown(t("focal.intro"))
        st.latex(formulas.DEFINITION)
        st.caption(t("focal.formula_note"))
    alpha = alpha_value if alpha_on else None
    point = fo.point(p_t, gamma, alpha, base)
    family, factors, figure1_values = fo.paper_curves(base)
    gamma_names = [t("focal.gamma_curve", gamma=format_number(g)) for g in fo.PAPER_GAMMAS]

    with results:
        # Everything derived from the answer (the focal loss at pₜ) waits for the reveal in a quiz.
        revealed = page.reveal(
            "point",
            t("focal.quiz_point", unit=unit),
            inputs=(gamma, alpha, p_t, base),
            answer=point.fl,
            unit=unit,
        )
        if revealed:
            headline = (
                ("metric_ce", sig_padded(point.ce)),
                ("metric_fl", sig_padded(point.fl)),
                ("metric_times", explain.times(lang, point.times)),
                ("metric_factor", sig(point.factor)),
            )
            for row in (headline[:2], headline[2:]):
                for column, (name, value) in zip(st.columns(2), row, strict=True):
                    column.metric(
                        t(f"focal.{name}", unit=unit),
                        value,
                        border=False,  # the room goes to the chart: all three on one screen
                        help=t(f"focal.{name}_help"),
                    )
        # Figure 1 with γ on a slider of its own: every frame computed here, replayed by the
        # browser.
        frames = fo.gamma_frames(gamma, alpha, p_t, base)
        markers = [
            (p_t, value, t("focal.marker_label", p=sig(p_t), value=sig(value)))
            for value in frames.at_p_t
        ]
        page.plot(
            figures.gamma_animation,
            fo.GRID,
            list(zip(gamma_names, family, strict=True)),
            frames.gammas,
            frames.curves,
            [fo.curve_name(g, alpha) for g in frames.gammas],
            frames.active,
            markers if revealed else None,
            title=t("focal.figure1_title"),
            x_title=t("focal.axis_p_t"),
            y_title=t("focal.figure1_y", unit=unit),
            labels=fo.animation_labels(),
            y_max=fo.FIGURE1_TOP_NATS / math.log(base),
            height=300 if page.presenter else 480,
        )

    if revealed:
        ce_09, fl_09, _ = point.at(0.9)
        st.latex(
            formulas.point(
                p_t=p_t, gamma=gamma, alpha=alpha, factor=point.factor, ce=point.ce, fl=point.fl,
                base=base, log_tex=log_tex,
            )
        )  # fmt: skip
        st.markdown(
            explain.point(
                lang, p_t=p_t, factor=point.factor, alpha=alpha, gamma=gamma, fl=point.fl,
                ce=point.ce, ratio=point.times, unit=unit,
            )
        )  # fmt: skip
        st.markdown(
            t(
                "focal.figure1_caption",
                ce=sig_padded(ce_09),
                fl=sig_padded(fl_09),
                settings=explain.settings(gamma, alpha),
                unit=unit,
            )
        )

    factor_column, table_column = st.columns(2, gap="medium")
    with factor_column:
        factor_marker = (
            p_t,
            point.factor,
            t("focal.marker_label", p=sig(p_t), value=sig(point.factor)),
        )
        page.plot(
            figures.gamma_family,
            fo.GRID,
            list(zip(gamma_names, factors, strict=True)),
            (
                t("focal.yours_curve", gamma=format_number(gamma)),
                scenarios.modulating_factor(fo.GRID, gamma),
            ),
            factor_marker if revealed else None,
            title=t("focal.factor_title"),
            x_title=t("focal.axis_p_t"),
            y_title=t("focal.factor_y"),
            y_max=1.05,
        )
        if revealed:
            at_half, at_099 = scenarios.modulating_factor([0.5, 0.99], gamma)
            st.markdown(
                t(
                    "focal.factor_caption",
                    gamma=format_number(gamma),
                    at_half=sig(at_half),
                    at_point=sig(point.factor),
                    p=sig(p_t),
                    at_099=sig(at_099),
                )
            )
    with table_column:
        st.subheader(t("focal.table_heading"))
        st.markdown(t("focal.table_intro"))
        if revealed:
            rows = tables.down_weighting_rows(
                fo.TABLE_P_T, p_t, point.ce_terms, point.fl_terms, point.times_terms
            )
            columns, yours_rows = tables.down_weighting(lang, rows, unit)
            page.table(columns, shaded_rows=yours_rows)
            by_p = {row[0]: row[3] for row in rows if not row[4]}
            st.markdown(
                explain.table_summary(lang, gamma, alpha, by_p[0.1], by_p[0.9], by_p[0.968])
            )
            with st.expander(t("focal.figure1_numbers")):
                st.caption(t("focal.figure1_numbers_intro", unit=unit))
                page.table(tables.figure1(fo.PAPER_GAMMAS, fo.FIGURE1_P_T, figure1_values))
        else:
            st.caption(t("focal.after_reveal"))

    st.header(t("focal.gradient_heading"))
    st.markdown(t("focal.gradient_intro"))
    grad = fo.gradient(p_t, gamma, alpha)
    page.plot(
        figures.gradients,
        fo.GRID,
        grad.ce,
        grad.fl,
        (p_t, grad.ce_at, grad.fl_at) if revealed else None,
        ce_name=t("focal.ce_grad_name"),
        focal_name=t("focal.fl_grad_name"),
        title=t("focal.gradient_title"),
        x_title=t("focal.axis_p_t"),
        y_title=t("focal.gradient_y"),
    )
    crossover = explain.crossover(lang, gamma, alpha, fo.stronger(gamma=gamma, alpha=alpha))
    if revealed:
        # The exact factor between the two gradients, and its two parts: the loss's αₜ (1 − pₜ)^γ
        # and the term 1 + γ pₜ (−ln pₜ) / (1 − pₜ) that differentiating it adds.
        st.latex(
            formulas.gradient_ratio(
                alpha=alpha, factor=point.factor, lift=grad.lift, ratio=grad.factor
            )
        )
        gradient_text = t(
            "focal.gradient_caption",
            p=sig(p_t),
            ce_grad=sig(grad.ce_at),
            fl_grad=sig(grad.fl_at),
            factor=sig(grad.factor),
            comparison=explain.gradient_comparison(lang, grad.factor),
        )
        st.markdown(f"{gradient_text} {crossover}")
    else:
        st.markdown(crossover)  # where focal loss pushes harder depends on γ and α only
    scenario(page, gamma, alpha)


page = frame("focal")
page.bind(list(fo.FIELDS))
st.title(t("focal.title"))
lesson(page)

page.publish()
