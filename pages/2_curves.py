"""Loss curves: both branches of the binary cross-entropy over p, their slopes, and the ceilings
that clipping (Keras, scikit-learn) and log clamping (PyTorch) put on the loss.

The fields, their callbacks, the numbers and the charts' arguments are in ``ce_ui.curves_numbers``,
the formulas in ``ce_ui.formulas.curves``, the sentences and tables in
``ce_ui.explanations.curves``; this page only draws them.
"""

import streamlit as st

from ce_ui import curves_numbers as numbers
from ce_ui.components import curve_handle
from ce_ui.curves_numbers import EPS, EPS_PRESETS, LABELS, SLIDER, P, Y
from ce_ui.explanations import curves as explain
from ce_ui.figures import curves as figures
from ce_ui.format import sig, unrounded
from ce_ui.formulas import curves as formulas
from ce_ui.frame import Frame, frame, section
from ce_ui.i18n import t
from ce_ui.url_state import format_number


def eps_omitted(page: Frame) -> list[str]:
    """The link leaves ε out while clipping is off (ε = 0)."""
    return [] if page.value(EPS) > 0 else ["eps"]


@section(omit=eps_omitted)
def lesson(page: Frame) -> None:
    """Everything the inputs drive (p, y and ε move every number, chart and table here): a part
    of the page that reruns alone when they change."""
    base, unit, units = page.base, page.unit_label, page.units
    p, problem = numbers.read_p(page.value(P), page)
    if problem:
        page.set_value(P, p)  # the widget shows the value in use
    # The widgets below show these values (set by the link, a callback or the widget itself).
    y, eps_setting = page.value(Y), page.value(EPS)
    r = numbers.result(p, y, eps_setting, base)
    # One screen: the handle on the curve, the inputs it follows and the headline numbers; a quiz's
    # question below them (asked first: it decides what the handle may show).
    main, quiz_box = st.container(border=True), st.container()
    with quiz_box:
        quiz_prompt = t("curves.quiz_loss", p=unrounded(p, 0, 1), y=y, unit=unit)
        shown = page.reveal(
            "loss", quiz_prompt, inputs=(p, y, r.eps, base), answer=r.loss, unit=page.unit_label
        )
    with main:
        handle_column, input_column = st.columns([3, 2], gap="medium")
        with handle_column:
            curve_handle(
                key="curves.handle", value=p, kind="binary", y=y, eps=r.eps, units=units,
                show_loss=shown, presenter=page.presenter, on_change=numbers.on_handle,
                args=(page,),
            )  # fmt: skip
            st.caption(t("handle.hint"))
        with input_column:
            page.slider(
                SLIDER, t("curves.p_slider"), shown=numbers.slider_shown(p), format="%.3f",
                on_change=numbers.on_slider, args=(page,), help=t("curves.p_slider_help"),
            )  # fmt: skip
            p_column, y_column = st.columns([3, 2])
            with p_column:
                page.number_input(
                    P, t("curves.p_exact"), step=SLIDER.rule.step, format="%g",
                    help=t("curves.p_exact_help"),
                )  # fmt: skip
            with y_column:
                y_options = {label: t(f"curves.y_option_{label}") for label in LABELS}
                page.radio(
                    Y, t("curves.y_label"), y_options, options=LABELS, help=t("curves.y_help")
                )
            if problem:
                page.bad_input(problem, p)
            if shown:
                st.metric(
                    t("curves.metric_loss", unit=unit), sig(r.loss),
                    help=t("curves.metric_loss_help"), border=True,
                )  # fmt: skip
                if r.is_clipped:
                    st.caption(
                        t("curves.metric_clipped", value=sig(r.clipped_p, r.digits))
                        + " · "
                        + t("curves.metric_exact", value=f"{sig(r.exact_loss)} {unit}")
                    )
            slope_column, truth_column = st.columns(2)
            slope_column.metric(
                t("curves.metric_slope", unit=unit), sig(r.slope),
                help=t("curves.metric_slope_help"),
            )  # fmt: skip
            if r.is_clipped:
                slope_column.caption(t("curves.metric_slope_flat"))
            truth_column.metric(
                t("curves.metric_p_true"), sig(r.p_true), help=t("curves.metric_p_true_help")
            )

    with st.expander(t("curves.settings_heading"), expanded=r.eps is not None):
        eps_column, worked_column = st.columns([2, 3], gap="large")
        with eps_column:
            page.number_input(EPS, t("curves.eps_label"), format="%g", help=t("curves.eps_help"))
            st.caption(t("curves.eps_presets"))
            for row in (EPS_PRESETS[:2], EPS_PRESETS[2:]):
                for column, (name, value) in zip(st.columns(2), row, strict=True):
                    column.button(
                        t(f"curves.{name}", eps=sig(value)), key=f"curves.{name}",
                        on_click=page.set_value, args=(EPS, value),
                        help=t(f"curves.{name}_help", eps=format_number(value)), width="stretch",
                    )  # fmt: skip
        with worked_column:
            st.caption(t("curves.worked_heading"))
            worked = numbers.worked_buttons(base, unit, hide_losses=not shown)
            for row in (worked[:2], worked[2:]):
                for column, (example_p, example_y, label) in zip(st.columns(2), row, strict=True):
                    column.button(
                        label, key=f"curves.worked.{example_p}.{example_y}",
                        on_click=numbers.set_example, args=(page, example_p, example_y),
                        help=t("curves.worked_help"), width="stretch",
                    )  # fmt: skip

    st.latex(formulas.definition(units, r.eps, r.clipped_p, r.digits))
    if shown:
        st.latex(formulas.with_numbers(y, r.clipped_p, r.loss, units, r.digits))

    chart_left, chart_right = st.columns(2, gap="medium")
    with chart_left:
        args, kwargs = numbers.loss_chart(r, units, unit, hidden=not shown)
        page.plot(figures.loss_figure, *args, **kwargs)
        if shown:
            worked_losses = [
                (on_truth, point.y)
                for on_truth, point in zip(numbers.WORKED_ON_TRUTH, r.worked, strict=True)
            ]
            st.markdown(
                explain.loss_caption(p, y, r.loss, unit, worked_losses, r.eps, r.cap_height)
            )
    with chart_right:
        args, kwargs = numbers.slope_chart(r, units, unit)
        page.plot(figures.slope_figure, *args, **kwargs)
        st.markdown(
            explain.slope_caption(
                p, y, r.slope, unit, numbers.WORKED_ON_TRUTH[0], numbers.reference_slope(base),
                clipped_at=r.eps if r.is_clipped else None, exact_slope=r.exact_slope,
            )
        )  # fmt: skip

    st.subheader(t("curves.why_heading"))
    near_one = sig(numbers.truth_slope_at_one(base))
    st.markdown(t("curves.why_text", slope_formula=formulas.truth_slope(units), near_one=near_one))
    if shown:
        ladder_losses, ladder_slopes = numbers.ladder(base)
        st.caption(t("curves.ladder_caption"))
        page.table(explain.ladder_table(numbers.LADDER, ladder_losses, ladder_slopes, unit))

    st.subheader(t("curves.clip_heading"))
    st.markdown(t("curves.clip_text"))
    libraries = numbers.libraries_near_zero(r.eps, y, p, base)
    args, kwargs = numbers.cap_chart(r, libraries, unit, hidden=not shown)
    page.plot(figures.cap_figure, *args, **kwargs)
    if shown:
        st.caption(t("curves.table_caption"))
        page.table(explain.library_table(libraries.rows, unit))
        st.caption(explain.clip_dtype_note(base, unit))
        if units == "bits":
            st.caption(t("curves.clip_bits_note", value=sig(libraries.torch_cap)))
    st.info(t("curves.clip_logits"), icon=":material/lightbulb:")


page = frame("curves")
page.bind(numbers.FIELDS)

st.title(t("curves.title"))
st.markdown(t("curves.intro"))
lesson(page)

page.publish(omit=eps_omitted(page))
