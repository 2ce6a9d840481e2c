"""What every page needs for keyboard and screen-reader users that Streamlit does not do itself:
``<html lang>`` following the chosen language, wide formulas reachable by keyboard, readable
disabled labels, a visible focus ring, motion that respects ``prefers-reduced-motion``, and the
buttons and sliders Plotly draws for an animation (Play, Pause, speed, the step) operable by
keyboard and named for screen readers.

The script and the styles are static files beside this module; the only values put into the
script are the language code (one of the app's own) and a translated label, as JSON.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

import streamlit as st

from ce_ui.i18n import current_language, t

HERE = Path(__file__).parent


@cache
def _files() -> tuple[str, str]:
    return (HERE / "accessibility.js").read_text(), (HERE / "accessibility.css").read_text()


def script_for(lang: str, formula_label: str, slider_label: str) -> str:
    """The page script with its settings filled in.

    Streamlit sanitises ``st.html`` with DOMPurify, which drops a script whose text contains
    ``<`` followed by a letter or ``/``: the settings are therefore written with ``<`` as
    ``\\u003c``, and the script file itself has no ``<``.
    """
    settings = {"lang": lang, "formula": formula_label, "slider": slider_label}
    settings = json.dumps(settings, ensure_ascii=False)
    return _files()[0].replace("__CE_SETTINGS__", settings.replace("<", "\\u003c"))


def improve_accessibility() -> None:
    """Add the page-wide script and styles; call once per run, from the frame."""
    styles = _files()[1]
    st.html(f"<style>{styles}</style>")
    st.html(
        "<script>"
        + script_for(
            current_language(),
            t("accessibility.formula_region"),
            t("accessibility.animation_slider"),
        )
        + "</script>",
        unsafe_allow_javascript=True,
    )
