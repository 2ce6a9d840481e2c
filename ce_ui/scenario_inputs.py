"""The many-class scenario's inputs, shared by the Multi-label and Focal pages.

Both pages score one example with C classes, some of them present, every present class predicted
``p_pos`` and every absent one ``p_neg``. The inputs have the same URL keys on both pages, and
the link from one page to the other carries them, so a class count set on one is kept on the other.

Multi-label's scenario has more settings (:data:`MULTILABEL_ONLY`: the negatives' weight, the
reduction, Beta-distributed negatives); its link carries them too, and a page that does not model
them (Focal) says which ones it left aside (:func:`not_carried`, shown by :func:`scenario_inputs`).
"""

from __future__ import annotations

import streamlit as st

from ce_core import scenarios
from ce_ui import fields
from ce_ui.frame import Frame
from ce_ui.i18n import t, translate
from ce_ui.url_state import Field, InvalidValue, format_number

P_LOW, P_HIGH = scenarios.PROBABILITY_LOW, scenarios.PROBABILITY_HIGH
SPREADS = ("constant", "beta")
MAX_SEED = 1_000_000

CLASSES = fields.number_field("classes", 1000, 2, scenarios.MAX_CLASSES, integer=True)
POSITIVES = fields.number_field("positives", 2, 0, scenarios.MAX_CLASSES, integer=True)
P_POS = fields.number_field("p_pos", 0.8, P_LOW, P_HIGH, step=0.01)
P_NEG = fields.number_field("p_neg", 0.1, P_LOW, P_HIGH, step=0.01)
FIELDS = (CLASSES, POSITIVES, P_POS, P_NEG)

# The Multi-label page's further settings of the scenario (the Focal page does not model them).
NEG_WEIGHT = fields.number_field("neg_weight", 1.0, 0, 1, step=0.01)
REDUCTION = fields.choice_field("reduction", "sum", scenarios.REDUCTIONS)
SPREAD = fields.choice_field("neg_dist", "constant", SPREADS)
CONCENTRATION = fields.number_field("kappa", 10.0, 1, 1000, step=1.0)
SEED = fields.number_field("seed", 0, 0, MAX_SEED, integer=True)
MULTILABEL_ONLY = (NEG_WEIGHT, REDUCTION, SPREAD, CONCENTRATION, SEED)
BETA_ONLY = (CONCENTRATION, SEED)
"""In a link only with Beta negatives (``neg_dist=beta``)."""


def beta_omitted(spread: str) -> list[str]:
    """The URL keys a link leaves out for the negatives' spread ``spread``."""
    return [] if spread == "beta" else [field.key for field in BETA_ONLY]


def scenario_inputs(page: Frame, messages: str) -> tuple[int, int, float, float]:
    """Draw the four inputs in one row and return their values.

    ``messages`` names the catalogue file holding each input's ``<key>_label`` and ``<key>_help``
    (each page explains them in its own terms). On a page that does not bind the Multi-label-only
    settings, a link that carried them gets a note saying they were left aside
    (``<messages>.not_carried``, see :func:`not_carried`).
    """
    if not _models_all(page):
        kept_key = f"{page.page}.carried"
        if page.arriving:  # kept for the note and for the link back
            st.session_state[kept_key] = carried_extras(st.query_params.to_dict())
        left_aside = not_carried(st.session_state.get(kept_key) or {})
        if left_aside:
            st.info(
                t(f"{messages}.not_carried", dropped="; ".join(left_aside)),
                icon=":material/info:",
            )
    with st.container(horizontal=True):
        return tuple(
            page.number_input(
                field,
                t(f"{messages}.{field.key}_label"),
                format=None if field.parse.integer else "%g",
                help=t(f"{messages}.{field.key}_help"),
            )
            for field in FIELDS
        )


def _models_all(page: Frame) -> bool:
    """Whether the page binds the Multi-label-only settings too."""
    return any(page.key(field) in st.session_state for field in MULTILABEL_ONLY)


def carried_query(page: Frame) -> dict[str, str]:
    """The scenario as a link writes it: the shared fields and the Multi-label-only settings that
    differ from their defaults (on a page without them, those it was brought, so that the link
    back restores them)."""
    query = {field.key: field.dump(page.value(field)) for field in FIELDS}
    if not _models_all(page):
        return {**query, **(st.session_state.get(f"{page.page}.carried") or {})}
    spread = page.value(SPREAD)
    for field in MULTILABEL_ONLY:
        value = page.value(field)
        if value != field.default and field.key not in beta_omitted(spread):
            query[field.key] = field.dump(value)
    return query


def carried_extras(query: dict[str, str]) -> dict[str, str]:
    """The Multi-label-only settings of a link that are valid and not their defaults, as the link
    writes them (the Beta ones only with Beta negatives)."""
    kept = {}
    for field in MULTILABEL_ONLY:
        value = _read(field, query)
        if value != field.default:
            kept[field.key] = field.dump(value)
    if kept.get(SPREAD.key) != "beta":
        for key in beta_omitted("constant"):
            kept.pop(key, None)
    return kept


def _read(field: Field, query: dict[str, str]):
    """The value a link gives ``field``, or its default when absent or not valid."""
    if field.key not in query:
        return field.default
    try:
        return field.parse(query[field.key])
    except (InvalidValue, ValueError):
        return field.default


def not_carried(query: dict[str, str], lang: str | None = None) -> list[str]:
    """The Multi-label-only settings of a link that a page modelling only the shared fields
    leaves aside, each as a phrase (``"the negatives' weight w = 0.5"``); empty when the link has
    none of them, or only their defaults."""
    say = t if lang is None else (lambda key, **values: translate(lang, key, **values))
    dropped = []
    weight = _read(NEG_WEIGHT, query)
    if weight != NEG_WEIGHT.default:
        dropped.append(say("multilabel.dropped_weight", weight=format_number(weight)))
    if _read(REDUCTION, query) != "sum":
        dropped.append(say("multilabel.dropped_mean"))
    if _read(SPREAD, query) == "beta":
        dropped.append(say("multilabel.dropped_beta"))
    return dropped


def scenario_link(page: Frame, page_id: str, label: str, icon: str) -> None:
    """A link to the other scenario page, carrying the shared settings and the scenario."""
    page.link_to(page_id, label, carried_query(page), icon=icon)
