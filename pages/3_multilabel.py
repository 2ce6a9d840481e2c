"""Multi-label: one example scored as a softmax distribution and as independent sigmoids, several
labels at once, and the many-class scenario where the negatives drown the positives."""

import numpy as np
import streamlit as st

from ce_core import scenarios
from ce_ui import multilabel as ml
from ce_ui.explanations import multilabel as explain
from ce_ui.figures import multilabel as figures
from ce_ui.format import sig, sig_padded, sum_text
from ce_ui.formulas import multilabel as formulas
from ce_ui.formulas.scenario import log_symbol, log_word, many_class
from ce_ui.frame import frame
from ce_ui.i18n import current_language, t
from ce_ui.inputs import InputProblem
from ce_ui.multilabel import CONCENTRATION, MULTI, NEG_WEIGHT, REDUCTION, SEED, SINGLE, SPREAD, P, Y
from ce_ui.scenario_inputs import scenario_inputs, scenario_link
from ce_ui.tables import multilabel as tables


def _set(values: dict) -> None:
    for field, value in values.items():
        page.set_value(field, value)


page = frame("multilabel")
page.bind(list(ml.FIELDS))
lang, base, unit = current_language(), page.base, page.unit_label
log, log_tex = log_word(page.units), log_symbol(page.units)

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
    y, p = ml.read_example(lang, y_text, p_text)
except InputProblem as problem:
    st.error(f"{problem} {t('multilabel.using_default')}", icon="⚠️")
    y, p = ml.read_example(lang, *SINGLE)

labels = int(y.sum())
binary_terms = scenarios.binary_class_terms(y, p, base=base)
binary = float(binary_terms.sum())
view = scenarios.categorical_view(y, p, base=base) if labels else None
class_names = explain.class_names(lang, y.size)

single_label = labels == 1
if not single_label or page.reveal(
    "single", t("multilabel.quiz_single"), inputs=(y_text, p_text, base)
):
    columns, sum_row = tables.class_terms(
        lang,
        names=class_names,
        y=y,
        p=p,
        logits=scenarios.logit(p),
        binary_terms=binary_terms,
        view=view,
        unit=unit,
    )
    page.table(columns, bold_rows=[sum_row])

    if single_label:
        if abs(p.sum() - 1) > 1e-6:
            st.info(t("multilabel.p_sum_note", total=sum_text(p.sum())), icon=":material/info:")
        true_class = int(np.flatnonzero(y)[0])
        extra = float(binary_terms[y == 0].sum())
        for column, (name, value) in zip(
            st.columns(3),
            (
                ("metric_categorical", view.loss),
                ("metric_binary", binary),
                ("metric_difference", extra),
            ),
            strict=True,
        ):
            column.metric(
                t(f"multilabel.{name}", unit=unit),
                sig_padded(value),
                border=True,
                help=t(f"multilabel.{name}_help"),
            )
        st.latex(formulas.softmax(view.prediction[true_class], view.loss, base, log_tex))
        st.latex(formulas.sigmoids(y, p, binary, base, log_tex))
        st.markdown(
            explain.single_label(
                lang, y=y, p=p, binary_terms=binary_terms, view=view, base=base, log=log, unit=unit
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
    for column, (name, value) in zip(
        st.columns(4),
        (
            ("metric_multi_binary", sig_padded(binary)),
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
        explain.several_labels(lang, labels=labels, binary=binary, view=view, log=log, unit=unit)
    )
    page.table(tables.forced_softmax(lang, names=class_names, y=y, p=p, view=view, unit=unit))

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
        ml.SPREADS,
        format_func={name: t(f"multilabel.spread_{name}") for name in ml.SPREADS}.get,
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
            ml.MAX_SEED,
            step=1,
            key=page.key(SEED),
            help=t("multilabel.seed_help"),
        )
    else:
        concentration, seed = None, 0

    if positives > classes:
        st.error(t("multilabel.too_many_positives", positives=positives, classes=classes), icon="⚠️")
        positives = classes
    unweighted = ml.scenario(
        classes, positives, p_pos, p_neg, 1.0, "sum", base, concentration, seed
    ).loss
    st.caption(t("multilabel.presets_s3"))
    columns = st.columns(3)
    for column, (name, values) in zip(columns, ml.SCENARIO_PRESETS, strict=False):
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

result = ml.scenario(
    classes, positives, p_pos, p_neg, neg_weight, reduction, base, concentration, seed
)
loss = result.loss
negatives = classes - positives
if page.reveal(
    "many",
    t("multilabel.quiz_many"),
    inputs=(classes, positives, p_pos, p_neg, neg_weight, reduction, concentration, seed, base),
):
    for column, (name, value) in zip(
        st.columns(4),
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
    st.latex(
        many_class(
            classes=classes,
            positives=positives,
            p_pos=p_pos,
            p_neg=p_neg,
            neg_weight=neg_weight,
            reduction=reduction,
            base=base,
            loss=loss,
            beta=concentration is not None,
            log_tex=log_tex,
        )
    )
    explained = explain.scenario(
        lang,
        classes=classes,
        positives=positives,
        neg_weight=neg_weight,
        reduction=reduction,
        loss=loss,
        unit=unit,
    )
    if explained:
        st.markdown(explained)
    if reduction == "mean":
        st.caption(t("multilabel.scenario_explained_mean", classes=classes))
    if concentration is not None and negatives:
        st.markdown(explain.beta_negatives(lang, negatives, result))

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
        st.caption(explain.profile_caption(lang, len(profile.total), classes))

st.markdown(t("multilabel.remedies"))
scenario_link(page, "pages/4_focal.py", t("multilabel.to_focal"), ":material/center_focus_strong:")
note = ml.not_carried_to_focal(
    lang, neg_weight=neg_weight, reduction=reduction, beta=concentration is not None
)
if note:
    st.caption(note)

page.publish(omit=[] if spread == "beta" else [CONCENTRATION.key, SEED.key])
