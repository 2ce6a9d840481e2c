"""Loss curves: both branches of the binary cross-entropy over p, their slopes, and the ceilings
that clipping (Keras, scikit-learn) and log clamping (PyTorch) put on the loss.

The fields, their callbacks, the numbers and the charts' arguments are in ``ce_ui.curves_numbers``,
the formulas in ``ce_ui.formulas.curves``, the sentences and tables in
``ce_ui.explanations.curves``; this page only draws them.
"""

import streamlit as st

from ce_ui import curves_numbers as numbers
from ce_ui.curves_numbers import EPS, EPS_PRESETS, LABELS, SLIDER, P, Y
from ce_ui.explanations import curves as explain
from ce_ui.figures import curves as figures
from ce_ui.format import sig, unrounded
from ce_ui.formulas import curves as formulas
from ce_ui.frame import frame
from ce_ui.i18n import t
from ce_ui.url_state import format_number

page = frame("curves")
page.bind(numbers.FIELDS)
base, unit, units = page.base, page.unit_label, page.units

st.title(t("curves.title"))
st.markdown(t("curves.intro"))

p, problem = numbers.read_p(page.value(P), page)
if problem:
    page.set_value(P, p)  # the widget shows the value in use
y_options = {label: t(f"curves.y_option_{label}") for label in LABELS}

with st.container(border=True):
    p_column, y_column, eps_column = st.columns([4, 2, 5], gap="large")
    with p_column:
        page.slider(
            SLIDER, t("curves.p_slider"), shown=numbers.slider_shown(p), format="%.3f",
            on_change=numbers.on_slider, args=(page,), help=t("curves.p_slider_help"),
        )  # fmt: skip
        p = page.number_input(
            P, t("curves.p_exact"), step=SLIDER.rule.step, format="%g",
            help=t("curves.p_exact_help"),
        )  # fmt: skip
        if problem:
            page.bad_input(problem, p)
    with y_column:
        y = page.radio(Y, t("curves.y_label"), y_options, options=LABELS, help=t("curves.y_help"))
    with eps_column:
        eps_setting = page.number_input(
            EPS, t("curves.eps_label"), format="%g", help=t("curves.eps_help")
        )
        st.caption(t("curves.eps_presets"))
        for row in (EPS_PRESETS[:2], EPS_PRESETS[2:]):
            for column, (name, value) in zip(st.columns(2), row, strict=True):
                column.button(
                    t(f"curves.{name}", eps=sig(value)), key=f"curves.{name}",
                    on_click=page.set_value, args=(EPS, value),
                    help=t(f"curves.{name}_help", eps=format_number(value)), width="stretch",
                )  # fmt: skip

    r = numbers.result(p, y, eps_setting, base)
    quiz_prompt = t("curves.quiz_loss", p=unrounded(p, 0, 1), y=y, unit=unit)
    shown = page.reveal(
        "loss", quiz_prompt, inputs=(p, y, r.eps, base), answer=r.loss, unit=page.unit_label
    )
    st.caption(t("curves.worked_heading"))
    worked = numbers.worked_buttons(base, unit, hide_losses=not shown)
    for column, (example_p, example_y, label) in zip(st.columns(len(worked)), worked, strict=True):
        column.button(
            label, key=f"curves.worked.{example_p}.{example_y}", on_click=numbers.set_example,
            args=(page, example_p, example_y), help=t("curves.worked_help"), width="stretch",
        )  # fmt: skip

loss_column, slope_column, truth_column = st.columns(3)
if shown:
    loss_column.metric(
        t("curves.metric_loss", unit=unit), sig(r.loss), help=t("curves.metric_loss_help"),
        border=True,
    )  # fmt: skip
    if r.is_clipped:
        loss_column.caption(
            t("curves.metric_clipped", value=sig(r.clipped_p, r.digits))
            + " · "
            + t("curves.metric_exact", value=f"{sig(r.exact_loss)} {unit}")
        )
slope_column.metric(
    t("curves.metric_slope", unit=unit), sig(r.slope), help=t("curves.metric_slope_help"),
    border=True,
)  # fmt: skip
if r.is_clipped:
    slope_column.caption(t("curves.metric_slope_flat"))
truth_column.metric(
    t("curves.metric_p_true"), sig(r.p_true), help=t("curves.metric_p_true_help"), border=True
)

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
        st.markdown(explain.loss_caption(p, y, r.loss, unit, worked_losses, r.eps, r.cap_height))
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

page.publish(omit=["eps"] if r.eps is None else [])
