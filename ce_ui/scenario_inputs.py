"""The many-class scenario's inputs, shared by the Multi-label and Focal pages.

Both pages score one example with C classes, some of them present, every present class predicted
``p_pos`` and every absent one ``p_neg``. The inputs have the same URL keys on both pages, and
the link from one page to the other carries them, so a class count set on one is kept on the other.
"""

from __future__ import annotations

import streamlit as st

from ce_core import scenarios
from ce_ui.frame import Frame
from ce_ui.i18n import t
from ce_ui.url_state import Field, format_number, number

P_LOW, P_HIGH = scenarios.PROBABILITY_LOW, scenarios.PROBABILITY_HIGH

CLASSES = Field("classes", 1000, number(2, scenarios.MAX_CLASSES, integer=True))
POSITIVES = Field("positives", 2, number(0, scenarios.MAX_CLASSES, integer=True))
P_POS = Field("p_pos", 0.8, number(P_LOW, P_HIGH), format_number)
P_NEG = Field("p_neg", 0.1, number(P_LOW, P_HIGH), format_number)
INPUTS = (  # field, lowest, highest, step, number format
    (CLASSES, 2, scenarios.MAX_CLASSES, 1, None),
    (POSITIVES, 0, scenarios.MAX_CLASSES, 1, None),
    (P_POS, P_LOW, P_HIGH, 0.01, "%g"),
    (P_NEG, P_LOW, P_HIGH, 0.01, "%g"),
)
FIELDS = tuple(field for field, *_ in INPUTS)


def scenario_inputs(page: Frame, messages: str) -> tuple[int, int, float, float]:
    """Draw the four inputs in one row and return their values.

    ``messages`` names the catalogue file holding each input's ``<key>_label`` and ``<key>_help``
    (each page explains them in its own terms).
    """
    row = st.container(horizontal=True)
    return tuple(
        row.number_input(
            t(f"{messages}.{field.key}_label"),
            low,
            high,
            step=step,
            format=number_format,
            key=page.key(field),
            help=t(f"{messages}.{field.key}_help"),
        )
        for field, low, high, step, number_format in INPUTS
    )


def scenario_link(page: Frame, script: str, label: str, icon: str) -> None:
    """A link to the other scenario page, carrying the shared settings and the scenario."""
    st.page_link(
        script,
        label=label,
        icon=icon,
        query_params={
            **page.shared_query(),
            **{field.key: field.dump(page.value(field)) for field in FIELDS},
        },
    )
