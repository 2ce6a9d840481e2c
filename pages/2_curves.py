"""Loss curves: both branches of the binary cross-entropy over p, their slopes, and the ceilings
that clipping (Keras, scikit-learn) and log clamping (PyTorch) put on the loss."""

import numpy as np
import streamlit as st

from ce_core import curves
from ce_ui import curves_numbers as numbers
from ce_ui.explanations import curves as explain
from ce_ui.figures import curves as figures
from ce_ui.figures.curves import Point
from ce_ui.format import sig, unrounded
from ce_ui.formulas import curves as formulas
from ce_ui.frame import frame
from ce_ui.i18n import t
from ce_ui.url_state import Field, format_number, number

SLIDER_MIN, SLIDER_MAX, SLIDER_STEP = 0.001, 0.999, 0.001
# The slider is a coarse view of the URL-bound exact p, kept in step with it.
SLIDER_KEY = "curves.p_slider"
# The exact field accepts every float strictly between 0 and 1.
P_MIN = float(np.finfo(np.float64).smallest_subnormal)
P_MAX = float(np.nextafter(1.0, 0.0))
EPS_MAX = 0.1

P = Field("p", 0.9, number(0, 1, low_open=True, high_open=True), format_number)
Y = Field("y", 1, number(0, 1, integer=True))
EPS = Field("eps", 0.0, number(0, EPS_MAX), format_number)

# Preset buttons (p, y): the two worked numbers, the mirror branch, a confident mistake.
WORKED = ((0.9, 1), (0.1, 1), (0.9, 0), (0.001, 1))
# Probabilities on the true class whose losses (0.105 and 2.30 nats) are annotated.
WORKED_ON_TRUTH = (0.9, 0.1)
EPS_PRESETS = (
    ("eps_off", 0.0),
    ("eps_keras", curves.KERAS_EPSILON),
    ("eps_sklearn", curves.SKLEARN_EPSILON),
    ("eps_visible", 0.01),
)
# Probabilities on the truth for the table of ever more confident mistakes.
LADDER = (0.9, 0.5, 0.1, 0.01, 0.001)
# The loss chart's y axis reaches the loss at this probability on the truth, or higher.
USUAL_TOP_P = 0.001
# The slope chart's y axis reaches ±the slope at this probability on the truth, or further.
USUAL_SLOPE_P = 0.05
# The log-scale chart starts here (below PyTorch's e^−100), or lower for a smaller pₜ.
CAP_CHART_SMALLEST = 1e-50


def _set_example(p: float, y: int) -> None:
    page.set_value(P, p)
    page.set_value(Y, y)


def _slider_moved() -> None:
    page.set_value(P, round(st.session_state[SLIDER_KEY], 3))


page = frame("curves")
page.bind([P, Y, EPS])
base, unit = page.base, page.unit_label

st.title(t("curves.title"))
st.markdown(t("curves.intro"))

# The slider shows the exact p rounded into its range; moving it sets p.
st.session_state[SLIDER_KEY] = min(max(round(page.value(P), 3), SLIDER_MIN), SLIDER_MAX)

with st.container(border=True):
    p_column, y_column, eps_column = st.columns([4, 2, 5], gap="large")
    with p_column:
        st.slider(
            t("curves.p_slider"),
            SLIDER_MIN,
            SLIDER_MAX,
            step=SLIDER_STEP,
            format="%.3f",
            key=SLIDER_KEY,
            on_change=_slider_moved,
            help=t("curves.p_slider_help"),
        )
        p = st.number_input(
            t("curves.p_exact"),
            min_value=P_MIN,
            max_value=P_MAX,
            step=SLIDER_STEP,
            format="%g",
            key=page.key(P),
            help=t("curves.p_exact_help"),
        )
    with y_column:
        y = st.radio(
            t("curves.y_label"),
            (1, 0),
            format_func={label: t(f"curves.y_option_{label}") for label in (1, 0)}.get,
            key=page.key(Y),
            help=t("curves.y_help"),
        )
    with eps_column:
        eps_setting = st.number_input(
            t("curves.eps_label"),
            min_value=0.0,
            max_value=EPS_MAX,
            step=0.001,
            format="%g",
            key=page.key(EPS),
            help=t("curves.eps_help"),
        )
        st.caption(t("curves.eps_presets"))
        for row in (EPS_PRESETS[:2], EPS_PRESETS[2:]):
            for column, (name, value) in zip(st.columns(2), row, strict=True):
                column.button(
                    t(f"curves.{name}", eps=sig(value)),
                    key=f"curves.{name}",
                    on_click=page.set_value,
                    args=(EPS, value),
                    help=t(f"curves.{name}_help", eps=format_number(value)),
                    width="stretch",
                )

    st.caption(t("curves.worked_heading"))
    for column, (example_p, example_y) in zip(st.columns(len(WORKED)), WORKED, strict=True):
        example_loss = numbers.one_loss(example_y, example_p, base=base)
        column.button(
            t(
                "curves.worked_button",
                p=format_number(example_p),
                y=example_y,
                loss=f"{sig(example_loss)} {unit}",
            ),
            key=f"curves.worked.{example_p}.{example_y}",
            on_click=_set_example,
            args=(example_p, example_y),
            help=t("curves.worked_help"),
            width="stretch",
        )

eps = eps_setting if eps_setting > 0 else None
loss = numbers.one_loss(y, p, eps=eps, base=base)
exact_loss = numbers.one_loss(y, p, base=base)
slope = float(curves.binary_cross_entropy_slope(y, p, eps=eps, base=base))
p_true = float(curves.probability_of_truth(y, p))
clipped_p = p if eps is None else min(max(p, eps), 1 - eps)
is_clipped = clipped_p != p
digits = formulas.p_digits(clipped_p, y, loss, base)

loss_column, slope_column, truth_column = st.columns(3)
loss_column.metric(
    t("curves.metric_loss", unit=unit),
    sig(loss),
    help=t("curves.metric_loss_help"),
    border=True,
)
if is_clipped:
    loss_column.caption(
        t("curves.metric_clipped", value=sig(clipped_p, digits))
        + " · "
        + t("curves.metric_exact", value=f"{sig(exact_loss)} {unit}")
    )
slope_column.metric(
    t("curves.metric_slope", unit=unit),
    sig(slope),
    help=t("curves.metric_slope_help"),
    border=True,
)
if is_clipped:
    slope_column.caption(t("curves.metric_slope_flat"))
truth_column.metric(
    t("curves.metric_p_true"), sig(p_true), help=t("curves.metric_p_true_help"), border=True
)

st.latex(formulas.definition(page.units, eps, clipped_p, digits))
st.latex(formulas.with_numbers(y, clipped_p, loss, page.units, digits))

grid, losses, slopes = numbers.curve_data(eps, base)
loss_formulas, slope_formulas = (
    formulas.loss_branches(page.units),
    formulas.slope_branches(page.units),
)
worked_points = []
for on_truth in WORKED_ON_TRUTH:
    worked_p = on_truth if y == 1 else 1 - on_truth
    worked_loss = numbers.one_loss(y, worked_p, eps=eps, base=base)
    worked_points.append(
        Point(
            worked_p, worked_loss, t("curves.worked_point", p=sig(worked_p), loss=sig(worked_loss))
        )
    )
cap_height = None if eps is None else numbers.one_loss(1, 0.0, eps=eps, base=base)

chart_left, chart_right = st.columns(2, gap="medium")
with chart_left:
    page.plot(
        figures.loss_figure,
        grid,
        losses,
        y=y,
        chosen=Point(p, loss, t("curves.chosen_loss", p=unrounded(p, 0, 1), loss=sig(loss))),
        worked=worked_points,
        cap=None
        if cap_height is None
        else Point(0.0, cap_height, t("curves.cap_line", value=sig(cap_height))),
        usual_top=numbers.one_loss(1, USUAL_TOP_P, base=base),
        branch_names={
            label: t("curves.branch_name", y=label, formula=loss_formulas[label])
            for label in (0, 1)
        },
        title=t("curves.loss_title"),
        x_title=t("curves.axis_p"),
        y_title=t("curves.axis_loss", unit=unit),
    )
    st.markdown(
        explain.loss_caption(
            p,
            y,
            loss,
            unit,
            [
                (on_truth, point.y)
                for on_truth, point in zip(WORKED_ON_TRUTH, worked_points, strict=True)
            ],
            eps,
            cap_height,
        )
    )

reference_slope = float(curves.binary_cross_entropy_slope(1, WORKED_ON_TRUTH[0], base=base))
with chart_right:
    page.plot(
        figures.slope_figure,
        grid,
        slopes,
        y=y,
        chosen=Point(p, slope, t("curves.chosen_slope", p=unrounded(p, 0, 1), slope=sig(slope))),
        usual_extent=abs(float(curves.binary_cross_entropy_slope(1, USUAL_SLOPE_P, base=base))),
        branch_names={
            label: t("curves.branch_name", y=label, formula=slope_formulas[label])
            for label in (0, 1)
        },
        title=t("curves.slope_title"),
        x_title=t("curves.axis_p"),
        y_title=t("curves.axis_slope", unit=unit),
    )
    st.markdown(
        explain.slope_caption(
            p,
            y,
            slope,
            unit,
            WORKED_ON_TRUTH[0],
            reference_slope,
            clipped_at=eps if is_clipped else None,
            exact_slope=float(curves.binary_cross_entropy_slope(y, p, base=base)),
        )
    )

st.subheader(t("curves.why_heading"))
st.markdown(
    t(
        "curves.why_text",
        slope_formula=formulas.truth_slope(page.units),
        near_one=sig(float(curves.binary_cross_entropy_slope(1, 1.0, base=base))),
    )
)
ladder = np.array(LADDER)
ladder_losses = numbers.losses(1, ladder, base=base)
ladder_slopes = curves.binary_cross_entropy_slope(1, ladder, base=base)
st.caption(t("curves.ladder_caption"))
page.table(explain.ladder_table(LADDER, ladder_losses, ladder_slopes, unit))

st.subheader(t("curves.clip_heading"))
st.markdown(t("curves.clip_text"))

libraries = numbers.libraries_near_zero(eps, y, p, base)
truth_grid, truth_losses = numbers.exact_against_truth(min(CAP_CHART_SMALLEST, p_true), base)
page.plot(
    figures.cap_figure,
    truth_grid,
    truth_losses,
    libraries.caps,
    chosen=Point(p_true, exact_loss, t("curves.chosen_cap", loss=sig(exact_loss))),
    exact_name=t("curves.cap_exact"),
    title=t("curves.cap_title"),
    x_title=t("curves.cap_axis_p"),
    y_title=t("curves.axis_loss", unit=unit),
)

st.caption(t("curves.table_caption"))
page.table(explain.library_table(libraries.rows, unit))
st.caption(explain.clip_dtype_note(base, unit))
if page.units == "bits":
    st.caption(t("curves.clip_bits_note", value=sig(libraries.torch_cap)))
st.info(t("curves.clip_logits"), icon=":material/lightbulb:")

page.publish(omit=["eps"] if eps is None else [])
