"""Loss curves: both branches of the binary cross-entropy over p, their slopes, and the ceilings
that clipping (Keras, scikit-learn) and log clamping (PyTorch) put on the loss."""

import math

import numpy as np
import streamlit as st

import ce_core as cc
from ce_core import curves
from ce_ui.figures import curves as figures
from ce_ui.figures import style
from ce_ui.figures.curves import Cap, Point
from ce_ui.format import digits_for, latex_sig, sig, unrounded
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


def _loss(y_true, p, *, eps=None, base=math.e) -> np.ndarray:
    """Element-wise binary cross-entropy of labels and probabilities of the same shape."""
    p = np.asarray(p, dtype=np.float64)
    y_true = np.broadcast_to(np.asarray(y_true, dtype=np.float64), p.shape)
    return cc.binary_cross_entropy(y_true, p, eps=eps, reduction="none", base=base)


def _one_loss(y_true, p, *, eps=None, base=math.e) -> float:
    return float(_loss([y_true], [p], eps=eps, base=base)[0])


def _curve_data(eps: float | None, base: float):
    """The probability grid and, for y = 0 and y = 1, the loss and its slope on it. Not cached:
    a page script sets its cached functions up again on every rerun, which takes longer."""
    grid = curves.probability_grid()
    losses = {label: _loss(label, grid, eps=eps, base=base) for label in (0, 1)}
    slopes = {
        label: curves.binary_cross_entropy_slope(label, grid, eps=eps, base=base)
        for label in (0, 1)
    }
    return grid, losses, slopes


def _exact_against_truth(smallest: float, base: float):
    """Probabilities on the truth from ``smallest`` to 1, evenly in log, and −log of each."""
    grid = np.geomspace(smallest, 1.0, 121)
    return grid, _loss(1, grid, base=base)


def _markdown_table(header: list[str], rows: list[list[str]], align: str) -> str:
    """A Markdown table; ``align`` has one letter per column, ``l`` or ``r``."""
    rule = ["---:" if side == "r" else "---" for side in align]
    return "\n".join(f"| {' | '.join(cells)} |" for cells in [header, rule, *rows])


def _set_example(p: float, y: int) -> None:
    page.set_value(P, p)
    page.set_value(Y, y)


def _slider_moved() -> None:
    page.set_value(P, round(st.session_state[SLIDER_KEY], 3))


page = frame("curves")
page.bind([P, Y, EPS])
base, unit = page.base, page.unit_label
log_name = r"\ln" if page.units == "nats" else r"\log_2"
log_text = "ln" if page.units == "nats" else "log₂"

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
        example_loss = _one_loss(example_y, example_p, base=base)
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
loss = _one_loss(y, p, eps=eps, base=base)
exact_loss = _one_loss(y, p, base=base)
slope = float(curves.binary_cross_entropy_slope(y, p, eps=eps, base=base))
p_true = float(curves.probability_of_truth(y, p))
clipped_p = p if eps is None else min(max(p, eps), 1 - eps)
is_clipped = clipped_p != p
# p and 1 − p with the digits it takes to read the loss off them (0.99999 is not 1).
p_digits = digits_for(
    [clipped_p, 1 - clipped_p],
    lambda written: -(y * math.log(written[0]) if y else math.log(written[1])) / math.log(base),
    loss,
)

loss_column, slope_column, truth_column = st.columns(3)
loss_column.metric(
    t("curves.metric_loss", unit=unit),
    sig(loss),
    help=t("curves.metric_loss_help"),
    border=True,
)
if is_clipped:
    loss_column.caption(
        t("curves.metric_clipped", value=sig(clipped_p, p_digits or 17))
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

shown_p = "p" if eps is None else r"\tilde p"
formula = rf"L = -\big[\,y\,{log_name} {shown_p} + (1-y)\,{log_name}(1-{shown_p})\,\big]"
if eps is not None:
    formula += (
        rf",\qquad \tilde p = \operatorname{{clip}}(p,\ \varepsilon,\ 1-\varepsilon)"
        rf" = {latex_sig(clipped_p, p_digits or 17)}"
    )
st.latex(formula)
st.latex(
    rf"L = -\big[\,{y}\cdot{log_name}({latex_sig(clipped_p, p_digits or 17)}) + {1 - y}\cdot"
    rf"{log_name}({latex_sig(1 - clipped_p, p_digits or 17)})\,\big] = {latex_sig(loss)}"
)

grid, losses, slopes = _curve_data(eps, base)
loss_formulas = {1: f"−{log_text} p", 0: f"−{log_text}(1 − p)"}
slope_formulas = (
    {1: "−1/p", 0: "1/(1 − p)"}
    if page.units == "nats"
    else {1: "−1/(p·ln 2)", 0: "1/((1 − p)·ln 2)"}
)
worked_points = []
for on_truth in WORKED_ON_TRUTH:
    worked_p = on_truth if y == 1 else 1 - on_truth
    worked_loss = _one_loss(y, worked_p, eps=eps, base=base)
    worked_points.append(
        Point(
            worked_p, worked_loss, t("curves.worked_point", p=sig(worked_p), loss=sig(worked_loss))
        )
    )
cap_height = None if eps is None else _one_loss(1, 0.0, eps=eps, base=base)

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
        usual_top=_one_loss(1, USUAL_TOP_P, base=base),
        branch_names={
            label: t("curves.branch_name", y=label, formula=loss_formulas[label])
            for label in (0, 1)
        },
        title=t("curves.loss_title"),
        x_title=t("curves.axis_p"),
        y_title=t("curves.axis_loss", unit=unit),
    )
    caption = t(
        "curves.loss_caption",
        p=unrounded(p, 0, 1),
        y=y,
        loss=sig(loss),
        unit=unit,
        high=sig(WORKED_ON_TRUTH[0]),
        high_loss=sig(worked_points[0].y),
        low=sig(WORKED_ON_TRUTH[1]),
        low_loss=sig(worked_points[1].y),
    )
    if cap_height is not None:
        caption += " " + t("curves.loss_caption_cap", eps=sig(eps), cap=sig(cap_height), unit=unit)
    st.markdown(caption)

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
    if is_clipped:
        exact_slope = float(curves.binary_cross_entropy_slope(y, p, base=base))
        st.markdown(
            t(
                "curves.slope_caption_flat",
                p=unrounded(p, 0, 1),
                y=y,
                eps=sig(eps),
                exact=sig(exact_slope),
                unit=unit,
            )
        )
    else:
        st.markdown(
            t(
                "curves.slope_caption",
                p=unrounded(p, 0, 1),
                y=y,
                slope=sig(slope),
                unit=unit,
                ratio=sig(abs(slope / reference_slope)),
                reference=sig(WORKED_ON_TRUTH[0]),
            )
        )

st.subheader(t("curves.why_heading"))
st.markdown(
    t(
        "curves.why_text",
        slope_formula="−1/pₜ" if page.units == "nats" else "−1/(pₜ·ln 2)",
        near_one=sig(float(curves.binary_cross_entropy_slope(1, 1.0, base=base))),
    )
)
ladder = np.array(LADDER)
ladder_losses = _loss(1, ladder, base=base)
ladder_slopes = curves.binary_cross_entropy_slope(1, ladder, base=base)
ladder_table = _markdown_table(
    [
        t("curves.ladder_p_true"),
        t("curves.ladder_loss", unit=unit),
        t("curves.ladder_slope"),
        t("curves.ladder_ratio", reference=sig(LADDER[0])),
    ],
    [
        [
            sig(on_truth),
            sig(ladder_loss),
            sig(ladder_slope),
            t("curves.ladder_times", value=sig(ladder_slope / ladder_slopes[0])),
        ]
        for on_truth, ladder_loss, ladder_slope in zip(
            LADDER, ladder_losses, ladder_slopes, strict=True
        )
    ],
    "rrrr",
)
st.caption(t("curves.ladder_caption"))
st.markdown(ladder_table)

st.subheader(t("curves.clip_heading"))
st.markdown(t("curves.clip_text"))

torch_cap = float(curves.log_clamped_binary_cross_entropy(1, 0.0, base=base))
# Each clip in the dtype that library computes in (Keras: float32; scikit-learn: its input's, and
# the p typed here is float64): the cap on the branch y shown, which in float32 depends on y.
libraries = [
    (t("curves.library_keras"), curves.KERAS_EPSILON, style.BLUE, curves.KERAS_DTYPE),
    (t("curves.library_sklearn"), curves.SKLEARN_EPSILON, style.GREEN, np.float64),
]
if eps is not None and eps not in (curves.KERAS_EPSILON, curves.SKLEARN_EPSILON):
    libraries.insert(0, (t("curves.library_yours"), eps, style.ORANGE, np.float64))
caps = []
for name, clip_eps, colour, dtype in libraries:
    cap = curves.clip_cap(clip_eps, y, dtype=dtype, base=base)
    onset = curves.clip_floor_on_truth(clip_eps, y, dtype=dtype)
    caps.append(Cap(t("curves.cap_trace", library=name, value=sig(cap)), cap, onset, colour))
caps.append(
    Cap(
        t("curves.cap_trace", library=t("curves.library_torch"), value=sig(torch_cap)),
        torch_cap,
        curves.TORCH_CLAMP_ONSET,
        style.PURPLE,
    )
)
truth_grid, truth_losses = _exact_against_truth(min(CAP_CHART_SMALLEST, p_true), base)
page.plot(
    figures.cap_figure,
    truth_grid,
    truth_losses,
    caps,
    chosen=Point(p_true, exact_loss, t("curves.chosen_cap", loss=sig(exact_loss))),
    exact_name=t("curves.cap_exact"),
    title=t("curves.cap_title"),
    x_title=t("curves.cap_axis_p"),
    y_title=t("curves.axis_loss", unit=unit),
)

exact_cap = _one_loss(1, 0.0, base=base)
rows = [[t("curves.library_exact"), t("curves.rule_none"), sig(exact_cap), sig(exact_loss)]]
for (name, clip_eps, _, dtype), cap in zip(libraries, caps, strict=False):
    here = cc.binary_cross_entropy([float(y)], np.array([p], dtype=dtype), eps=clip_eps, base=base)
    rows.append(
        [
            name,
            t("curves.rule_clip", eps=sig(clip_eps), dtype=np.dtype(dtype).name),
            sig(cap.value),
            sig(float(here)),
        ]
    )
torch_here = float(curves.log_clamped_binary_cross_entropy(y, p, base=base))
rows.append([t("curves.library_torch"), t("curves.rule_clamp"), sig(torch_cap), sig(torch_here)])
st.caption(t("curves.table_caption"))
st.markdown(
    _markdown_table(
        [
            t("curves.table_library"),
            t("curves.table_rule"),
            t("curves.table_cap", unit=unit),
            t("curves.table_here", unit=unit),
        ],
        rows,
        "llrr",
    )
)
st.caption(
    t(
        "curves.clip_dtype_note",
        eps=sig(curves.KERAS_EPSILON),
        gap=sig(curves.clip_floor_on_truth(curves.KERAS_EPSILON, 0, dtype=np.float32)),
        keras_zero=sig(curves.clip_cap(curves.KERAS_EPSILON, 0, dtype=np.float32, base=base)),
        keras_one=sig(curves.clip_cap(curves.KERAS_EPSILON, 1, dtype=np.float32, base=base)),
        keras64=sig(curves.clip_cap(curves.KERAS_EPSILON, 0, dtype=np.float64, base=base)),
        sklearn32=sig(
            curves.clip_cap(float(np.finfo(np.float32).eps), 0, dtype=np.float32, base=base)
        ),
        unit=unit,
    )
)
if page.units == "bits":
    st.caption(t("curves.clip_bits_note", value=sig(torch_cap)))
st.info(t("curves.clip_logits"), icon=":material/lightbulb:")

page.publish(omit=["eps"] if eps is None else [])
