"""Multi-label: one example scored as a softmax distribution and as independent sigmoids, several
labels at once, and the many-class scenario where the negatives drown the positives."""

import math

import numpy as np
import streamlit as st

from ce_core import scenarios
from ce_ui.figures import multilabel as figures
from ce_ui.format import digits_for, latex_sig, oriented_ratio, sig, sig_padded, sum_text
from ce_ui.frame import frame
from ce_ui.i18n import t
from ce_ui.inputs import MAX_VECTOR_CHARS, InputProblem, parse_vector
from ce_ui.scenario_inputs import CLASSES, P_NEG, P_POS, POSITIVES, scenario_inputs, scenario_link
from ce_ui.url_state import Field, choice, format_number, number, quote_user_text

SINGLE = ("1,0,0,0,0", "0.1,0.5,0.1,0.1,0.2")
MULTI = ("1,0,0,0,1", "0.1,0.5,0.1,0.1,0.9")
SPREADS = ("constant", "beta")
MAX_SEED = 1_000_000

Y = Field("y", SINGLE[0], max_chars=MAX_VECTOR_CHARS)
P = Field("p", SINGLE[1], max_chars=MAX_VECTOR_CHARS)
NEG_WEIGHT = Field("neg_weight", 1.0, number(0, 1), format_number)
REDUCTION = Field("reduction", "sum", choice(scenarios.REDUCTIONS))
SPREAD = Field("neg_dist", "constant", choice(SPREADS))
CONCENTRATION = Field("kappa", 10.0, number(1, 1000), format_number)
SEED = Field("seed", 0, number(0, MAX_SEED, integer=True))
SCENARIO_PRESETS = (
    ("preset_brief", {CLASSES: 1000, POSITIVES: 2, P_POS: 0.8, P_NEG: 0.1, NEG_WEIGHT: 1.0}),
    ("preset_huge", {CLASSES: 100_000, POSITIVES: 5, P_POS: 0.8, P_NEG: 0.01, NEG_WEIGHT: 1.0}),
)


@st.cache_data(max_entries=64, show_spinner=False)
def _beta_scenario(classes, positives, p_pos, p_neg, neg_weight, reduction, base, kappa, seed):
    return scenarios.many_class_scenario(
        classes,
        positives,
        p_pos,
        p_neg,
        neg_weight=neg_weight,
        reduction=reduction,
        base=base,
        concentration=kappa,
        seed=seed,
    )


def _scenario(classes, positives, p_pos, p_neg, neg_weight, reduction, base, concentration, seed):
    """The many-class scenario: constant negatives in closed form (constant time, cheaper than a
    cache look-up), Beta-distributed ones vectorised and cached."""
    if concentration is None:
        return scenarios.many_class_scenario(
            classes, positives, p_pos, p_neg, neg_weight=neg_weight, reduction=reduction, base=base
        )
    return _beta_scenario(
        classes=classes,
        positives=positives,
        p_pos=p_pos,
        p_neg=p_neg,
        neg_weight=neg_weight,
        reduction=reduction,
        base=base,
        kappa=concentration,
        seed=seed,
    )


def _set(values: dict) -> None:
    for field, value in values.items():
        page.set_value(field, value)


def _read_example(y_text: str, p_text: str) -> tuple[np.ndarray, np.ndarray]:
    """The labels and probabilities typed in; raises InputProblem naming what to fix."""
    y_field, p_field = t("multilabel.y_label"), t("multilabel.p_label")
    y = parse_vector(y_text, y_field, min_length=2, low=0, high=1)
    p = parse_vector(p_text, p_field, min_length=2, low=0, high=1)
    for rule, field, values, bad in (
        ("y_not_binary", y_field, y, (y != 0) & (y != 1)),
        ("p_not_open", p_field, p, (p == 0) | (p == 1)),
    ):
        if bad.any():
            first = int(np.argmax(bad))
            raise InputProblem(
                t(
                    f"multilabel.{rule}",
                    field=field,
                    position=first + 1,
                    item=quote_user_text(format_number(values[first])),
                )
            )
    if y.size != p.size:
        raise InputProblem(
            t(
                "multilabel.length_mismatch",
                y_field=y_field,
                p_field=p_field,
                y_count=y.size,
                p_count=p.size,
            )
        )
    return y, p


def _weight_comparison(ratio: float) -> str:
    """ "One positive weighs 2.5 times as much as one negative", the other way round when the
    negatives are the heavier, or "as much" when the ratio shows as 1."""
    direction, times = oriented_ratio(ratio)
    if direction == 0:
        return t("multilabel.equally_heavy")
    key = "multilabel.positive_heavier" if direction > 0 else "multilabel.negative_heavier"
    return t(key, ratio=sig(times))


page = frame("multilabel")
page.bind(
    [Y, P, CLASSES, POSITIVES, P_POS, P_NEG, NEG_WEIGHT, REDUCTION, SPREAD, CONCENTRATION, SEED]
)
base, unit = page.base, page.unit_label
log = "ln" if page.units == "nats" else "log₂"
log_tex = r"\ln" if page.units == "nats" else r"\log_2"

st.title(t("multilabel.title"))
st.markdown(t("multilabel.intro"))

# 1. One label, scored two ways
st.header(t("multilabel.s1_heading"))
with st.container(border=True):
    with st.container(horizontal=True):
        y_text = st.text_input(
            t("multilabel.y_label"),
            key=page.key(Y),
            max_chars=Y.max_chars,
            help=t("multilabel.y_help"),
        )
        p_text = st.text_input(
            t("multilabel.p_label"),
            key=page.key(P),
            max_chars=P.max_chars,
            help=t("multilabel.p_help"),
        )
    st.caption(t("multilabel.presets"))
    for column, (name, (preset_y, preset_p)) in zip(
        st.columns(4), (("preset_single", SINGLE), ("preset_multi", MULTI)), strict=False
    ):
        column.button(
            t(f"multilabel.{name}"),
            key=f"multilabel.{name}",
            help=t("multilabel.preset_help"),
            on_click=_set,
            args=({Y: preset_y, P: preset_p},),
            width="stretch",
        )
try:
    y, p = _read_example(y_text, p_text)
except InputProblem as problem:
    st.error(f"{problem} {t('multilabel.using_default')}", icon="⚠️")
    y, p = _read_example(*SINGLE)

labels = int(y.sum())
binary_terms = scenarios.binary_class_terms(y, p, base=base)
binary = float(binary_terms.sum())
view = scenarios.categorical_view(y, p, base=base) if labels else None
class_names = [t("multilabel.class_name", index=index) for index in range(y.size)]
logits = scenarios.logit(p)

single_label = labels == 1
if not single_label or page.reveal(
    "single", t("multilabel.quiz_single"), inputs=(y_text, p_text, base)
):
    table = [
        f"| {t('multilabel.table_class')} | y | p | {t('multilabel.table_logit')} | "
        f"{t('multilabel.table_binary', unit=unit)} | "
        f"{t('multilabel.table_categorical', unit=unit)} |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for index in range(y.size):
        categorical_term = sig(view.terms[index]) if view else "—"
        table.append(
            f"| {class_names[index]} | {int(y[index])} | {sig(p[index])} | {sig(logits[index])} "
            f"| {sig(binary_terms[index])} | {categorical_term} |"
        )
    table.append(
        f"| {t('multilabel.sum_row')} | {labels} | {sig(p.sum())} | | "
        f"**{sig_padded(binary)}** | **{sig_padded(view.loss) if view else '—'}** |"
    )
    st.markdown("\n".join(table))

    if single_label:
        if abs(p.sum() - 1) > 1e-6:
            st.info(t("multilabel.p_sum_note", total=sum_text(p.sum())), icon=":material/info:")
        true_class = int(np.flatnonzero(y)[0])
        absent = np.flatnonzero(y == 0)
        extra = float(binary_terms[absent].sum())
        left, middle, right = st.columns(3)
        left.metric(
            t("multilabel.metric_categorical", unit=unit),
            sig_padded(view.loss),
            border=True,
            help=t("multilabel.metric_categorical_help"),
        )
        middle.metric(
            t("multilabel.metric_binary", unit=unit),
            sig_padded(binary),
            border=True,
            help=t("multilabel.metric_binary_help"),
        )
        right.metric(
            t("multilabel.metric_difference", unit=unit),
            sig_padded(extra),
            border=True,
            help=t("multilabel.metric_difference_help"),
        )
        # Operands with as many digits as it takes to read the result off them.
        p_true_digits = digits_for(
            view.prediction[true_class], lambda q: -math.log(q) / math.log(base), view.loss
        )
        st.latex(
            rf"L_\text{{softmax}} = -{log_tex} "
            rf"{latex_sig(view.prediction[true_class], p_true_digits or 17)}"
            rf" = {sig_padded(view.loss, latex=True)}"
        )
        p_digits = digits_for(
            p,
            lambda q: float(scenarios.binary_class_terms(y, np.array(q), base=base).sum()),
            binary,
        )
        binary_parts = " + ".join(
            rf"{log_tex} {latex_sig(p[c], p_digits or 17)}"
            if y[c]
            else rf"{log_tex}(1 - {latex_sig(p[c], p_digits or 17)})"
            for c in range(y.size)
        )
        st.latex(
            rf"L_\text{{sigmoids}} = -\big[{binary_parts}\big] = {sig_padded(binary, latex=True)}"
        )
        worst = int(absent[np.argmax(binary_terms[absent])])
        # Binary CE − categorical CE: the absent classes' terms, plus (when p does not sum to 1)
        # the difference between −log p and −log(p / Σp) on the true class.
        difference = binary - view.loss
        same_true_term = sig_padded(binary_terms[true_class]) == sig_padded(view.loss)
        rescaled = not (same_true_term and sig_padded(extra) == sig_padded(difference))
        st.markdown(
            t(
                "multilabel.single_explained_rescaled"
                if rescaled
                else "multilabel.single_explained",
                true_class=class_names[true_class],
                total=sum_text(p.sum()),
                p_typed=sig(
                    p[true_class],
                    digits_for(
                        p[true_class],
                        lambda q: -math.log(q) / math.log(base),
                        binary_terms[true_class],
                    )
                    or 17,
                ),
                difference=sig_padded(difference),
                log=log,
                p_true=sig(view.prediction[true_class], p_true_digits or 17),
                categorical=sig_padded(view.loss),
                unit=unit,
                true_term=sig_padded(binary_terms[true_class]),
                absent_terms=", ".join(
                    t(
                        "multilabel.absent_term",
                        name=class_names[c],
                        term=sig_padded(binary_terms[c]),
                    )
                    for c in absent
                ),
                binary=sig_padded(binary),
                extra=sig_padded(extra),
                worst_class=class_names[worst],
                worst_p=sig(p[worst]),
                worst_term=sig_padded(binary_terms[worst]),
            )
        )

    page.plot(
        figures.class_terms,
        class_names,
        binary_terms,
        view.terms if view else np.zeros_like(binary_terms),
        binary_name=t("multilabel.binary_name"),
        categorical_name=t("multilabel.categorical_name"),
        title=t("multilabel.chart_title"),
        x_title=t("multilabel.chart_x"),
        y_title=t("multilabel.chart_y", unit=unit),
    )

# 2. Several labels at once
st.header(t("multilabel.s2_heading"))
if labels == 0:
    st.info(
        t("multilabel.s2_no_label", binary=sig_padded(binary), unit=unit), icon=":material/info:"
    )
elif labels == 1:
    st.markdown(t("multilabel.s2_intro_single"))
    st.button(
        t("multilabel.s2_load_multi"),
        key="multilabel.s2_load_multi",
        on_click=_set,
        args=({Y: MULTI[0], P: MULTI[1]},),
    )
elif page.reveal("multi", t("multilabel.quiz_multi"), inputs=(y_text, p_text, base)):
    columns = st.columns(4)
    for column, (name, value) in zip(
        columns,
        (
            ("metric_multi_binary", f"{sig_padded(binary)}"),
            ("metric_forced", sig_padded(view.loss)),
            ("metric_floor", sig_padded(view.floor)),
            ("metric_best_p", sig(view.best_probability)),
        ),
        strict=True,
    ):
        column.metric(
            t(f"multilabel.{name}", unit=unit),
            value,
            border=True,
            help=t(f"multilabel.{name}_help"),
        )
    st.markdown(
        t(
            "multilabel.multi_explained",
            labels=labels,
            log=log,
            binary=sig_padded(binary),
            unit=unit,
            target=", ".join(sig(v) for v in view.target),
            prediction=", ".join(sig(v) for v in view.prediction),
            best_p=sig(view.best_probability),
            floor=sig_padded(view.floor),
            forced=sig_padded(view.loss),
        )
    )
    forced_table = [
        f"| {t('multilabel.table_class')} | y | "
        f"{t('multilabel.forced_table_target')} | p | {t('multilabel.forced_table_prediction')} | "
        f"{t('multilabel.forced_table_term', unit=unit)} |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for index in range(y.size):
        forced_table.append(
            f"| {class_names[index]} | {int(y[index])} | {sig(view.target[index])} | "
            f"{sig(p[index])} | {sig(view.prediction[index])} | {sig(view.terms[index])} |"
        )
    st.markdown("\n".join(forced_table))

# 3. Many classes
st.header(t("multilabel.s3_heading"))
st.markdown(t("multilabel.s3_intro"))
with st.container(border=True):
    classes, positives, p_pos, p_neg = scenario_inputs(page, "multilabel")
    columns = st.columns(4)
    neg_weight = columns[0].number_input(
        t("multilabel.neg_weight_label"),
        0.0,
        1.0,
        step=0.01,
        format="%g",
        key=page.key(NEG_WEIGHT),
        help=t("multilabel.neg_weight_help"),
    )
    reduction = columns[1].radio(
        t("multilabel.reduction_label"),
        scenarios.REDUCTIONS,
        format_func={name: t(f"multilabel.reduction_{name}") for name in scenarios.REDUCTIONS}.get,
        key=page.key(REDUCTION),
        help=t("multilabel.reduction_help"),
        horizontal=True,
    )
    spread = columns[2].radio(
        t("multilabel.spread_label"),
        SPREADS,
        format_func={name: t(f"multilabel.spread_{name}") for name in SPREADS}.get,
        key=page.key(SPREAD),
        help=t("multilabel.spread_help"),
        horizontal=True,
    )
    if spread == "beta":
        concentration = columns[3].number_input(
            t("multilabel.concentration_label"),
            1.0,
            1000.0,
            step=1.0,
            format="%g",
            key=page.key(CONCENTRATION),
            help=t("multilabel.concentration_help"),
        )
        seed = columns[3].number_input(
            t("multilabel.seed_label"),
            0,
            MAX_SEED,
            step=1,
            key=page.key(SEED),
            help=t("multilabel.seed_help"),
        )
    else:
        concentration, seed = None, 0

    if positives > classes:
        st.error(t("multilabel.too_many_positives", positives=positives, classes=classes), icon="⚠️")
        positives = classes
    unweighted = _scenario(
        classes, positives, p_pos, p_neg, 1.0, "sum", base, concentration, seed
    ).loss
    st.caption(t("multilabel.presets_s3"))
    columns = st.columns(3)
    for column, (name, values) in zip(columns, SCENARIO_PRESETS, strict=False):
        column.button(
            t(f"multilabel.{name}"),
            key=f"multilabel.{name}",
            on_click=_set,
            args=(values,),
            help=t("multilabel.preset_help_s3"),
            width="stretch",
        )
    if unweighted.negatives > unweighted.positives > 0:
        balance = scenarios.negative_weight_for_share(unweighted, 0.5)
        columns[2].button(
            t("multilabel.preset_balance", weight=sig(balance)),
            key="multilabel.preset_balance",
            on_click=_set,
            args=({NEG_WEIGHT: balance},),
            help=t("multilabel.preset_balance_help"),
            width="stretch",
        )

result = _scenario(
    classes, positives, p_pos, p_neg, neg_weight, reduction, base, concentration, seed
)
loss = result.loss
negatives = classes - positives
if page.reveal(
    "many",
    t("multilabel.quiz_many"),
    inputs=(classes, positives, p_pos, p_neg, neg_weight, reduction, concentration, seed, base),
):
    columns = st.columns(4)
    for column, (name, value) in zip(
        columns,
        (
            ("metric_pos", sig_padded(loss.positives)),
            ("metric_neg", sig_padded(loss.negatives)),
            ("metric_total", sig_padded(loss.total)),
            ("metric_share", f"{sig(100 * loss.negative_share)} %"),
        ),
        strict=True,
    ):
        column.metric(
            t(f"multilabel.{name}", unit=unit),
            value,
            border=True,
            help=t(f"multilabel.{name}_help"),
        )

    divisor = "" if reduction == "sum" else rf"\frac{{1}}{{{classes}}}"
    # Every operand with the digits it takes to read the next number off it.
    per = math.log(base) * (1 if reduction == "sum" else classes)
    pos_digits = digits_for(p_pos, lambda q: positives * -math.log(q) / per, loss.positives)
    neg_digits = digits_for(
        [neg_weight, p_neg],
        lambda w: w[0] * negatives * -math.log1p(-w[1]) / per,
        loss.negatives,
    )
    sum_digits = digits_for([loss.positives, loss.negatives], sum, loss.total) or 17
    weight_tex = "" if neg_weight == 1 else rf"{latex_sig(neg_weight, neg_digits or 17)} \cdot "
    pos_tex, neg_tex = (
        sig_padded(value, latex=True) if sum_digits == 4 else latex_sig(value, sum_digits)
        for value in (loss.positives, loss.negatives)
    )
    total_tex = sig_padded(loss.total, latex=True)
    if concentration is None:
        negatives_tex = (
            rf"{negatives} \cdot \big(-{log_tex}(1 - {latex_sig(p_neg, neg_digits or 17)})\big)"
        )
    else:
        negatives_tex = rf"\sum_{{c=1}}^{{{negatives}}} -{log_tex}(1 - p_c)"
    st.latex(
        rf"L = {divisor}\Big[{positives} \cdot \big(-{log_tex} "
        rf"{latex_sig(p_pos, pos_digits or 17)}\big) + "
        rf"{weight_tex}{negatives_tex}\Big] = {pos_tex} + {neg_tex} = {total_tex}"
    )

    scale = 1.0 if reduction == "sum" else classes
    pos_each = loss.positives * scale / positives if positives else math.nan
    neg_each = loss.negatives * scale / negatives if negatives else math.nan
    if positives and negatives and loss.negatives > 0:
        st.markdown(
            t(
                "multilabel.scenario_explained",
                pos_each=sig_padded(pos_each),
                neg_each=sig_padded(neg_each),
                unit=unit,
                weighted=t("multilabel.weighted_note", weight=sig(neg_weight))
                if neg_weight != 1
                else "",
                comparison=_weight_comparison(pos_each / neg_each),
                negatives=t("multilabel.negatives_count", count=negatives),
                positives=t("multilabel.positives_count", count=positives),
                neg=sig_padded(loss.negatives),
                pos=sig_padded(loss.positives),
                share=sig(100 * loss.negative_share),
            )
            + " "
            + t(
                "multilabel.conclusion_drowned"
                if loss.negative_share > 0.5
                else "multilabel.conclusion_balanced"
            )
        )
    if reduction == "mean":
        st.caption(t("multilabel.scenario_explained_mean", classes=classes))
    if concentration is not None and negatives:
        beta_text = t(
            "multilabel.beta_explained",
            negatives=negatives,
            mean=sig(result.negative_p_mean),
            low=sig(result.negative_p_low),
            high=sig(result.negative_p_high),
        )
        high_term, mean_term = scenarios.binary_class_terms(
            [0, 0], [result.negative_p_high, result.negative_p_mean]
        )
        if high_term > 0 and mean_term > 0:  # both can underflow to 0 for tiny p_neg and κ
            beta_text += " " + t(
                "multilabel.beta_ratio",
                high=sig(result.negative_p_high),
                ratio=sig(high_term / mean_term),
            )
        st.markdown(beta_text)

    rows = [(t("multilabel.split_row"), loss.positives, loss.negatives)]
    if neg_weight != 1:
        scale_down = 1.0 if reduction == "sum" else 1.0 / classes
        rows.append(
            (
                t("multilabel.split_row_unweighted"),
                unweighted.positives * scale_down,
                unweighted.negatives * scale_down,
            )
        )
    split_column, profile_column = st.columns([2, 3])
    with split_column:
        page.plot(
            figures.loss_split,
            rows,
            positives_name=t("multilabel.positives_name"),
            negatives_name=t("multilabel.negatives_name"),
            title=t("multilabel.split_title"),
            x_title=t("multilabel.split_x", unit=unit),
        )
    with profile_column:
        profile = result.profile
        page.plot(
            figures.class_profile,
            profile,
            positives_name=t("multilabel.positives_name"),
            negatives_name=t("multilabel.negatives_name"),
            share_name=t("multilabel.profile_share"),
            title=t("multilabel.profile_title"),
            x_title=t("multilabel.profile_x"),
            y_title=t("multilabel.profile_y", unit=unit),
            share_title=t("multilabel.profile_share_axis"),
            hover=t("multilabel.profile_hover"),
        )
        st.caption(t("multilabel.profile_caption", bars=len(profile.total), classes=classes))

st.markdown(t("multilabel.remedies"))
scenario_link(page, "pages/4_focal.py", t("multilabel.to_focal"), ":material/center_focus_strong:")

page.publish(omit=[] if spread == "beta" else [CONCENTRATION.key, SEED.key])
