"""The frame every page starts with: page config, sidebar navigation, language and units."""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import streamlit as st

from ce_ui import url_state
from ce_ui.i18n import (
    LANGUAGE_NAMES,
    LANGUAGE_STATE_KEY,
    available_languages,
    language_from_locale,
    t,
)
from ce_ui.url_state import Field

COMMON = "common"
"""The group name of the settings shared by all pages (language, units)."""
CURRENT_PAGE_KEY = "current_page"


@dataclass(frozen=True)
class PageInfo:
    id: str
    path: str
    icon: str


PAGES = (
    PageInfo("home", "app.py", ":material/home:"),
    PageInfo("playground", "pages/1_playground.py", ":material/calculate:"),
    PageInfo("curves", "pages/2_curves.py", ":material/show_chart:"),
    PageInfo("multilabel", "pages/3_multilabel.py", ":material/checklist:"),
    PageInfo("focal", "pages/4_focal.py", ":material/center_focus_strong:"),
    PageInfo("gradients", "pages/5_gradients.py", ":material/trending_down:"),
    PageInfo("entropy", "pages/6_entropy.py", ":material/casino:"),
    PageInfo("training", "pages/7_training.py", ":material/school:"),
)

UNITS = ("nats", "bits")


def _common_fields() -> list[Field]:
    languages = available_languages()
    return [
        Field("lang", language_from_locale(st.context.locale), url_state.choice(languages)),
        Field("units", "nats", url_state.choice(UNITS)),
    ]


@dataclass
class Frame:
    """What a page gets from :func:`frame`: the shared settings, and its own URL-bound inputs."""

    page: str
    units: str
    arriving: bool
    _groups: list[tuple[str, list[Field]]] = field(default_factory=list)

    @property
    def base(self) -> float:
        """The logarithm base of the chosen units: e for nats, 2 for bits."""
        return 2.0 if self.units == "bits" else math.e

    @property
    def unit_label(self) -> str:
        return t(f"common.unit_{self.units}")

    def bind(self, fields: Iterable[Field]) -> None:
        """Set up the page's URL-bound inputs (call before drawing their widgets)."""
        fields = list(fields)
        url_state.bind(self.page, fields, arriving=self.arriving)
        self._groups.append((self.page, fields))

    def key(self, field: Field) -> str:
        """The session-state key to give the field's widget."""
        return url_state.widget_key(self.page, field)

    def value(self, field: Field) -> Any:
        return url_state.value(self.page, field)

    def set_value(self, field: Field, value: Any) -> None:
        """Change an input from code (a preset's callback, say), before its widget is drawn."""
        st.session_state[self.key(field)] = value

    def shared_query(self) -> dict[str, str]:
        """The query-string form of the settings shared by all pages (for links between pages)."""
        return url_state.current_values(*self._groups[0])

    def publish(self, *, omit: Iterable[str] = ()) -> None:
        """Write every input's current value to the query string (call after the widgets)."""
        url_state.publish(self._groups, omit=omit)


def frame(page: str) -> Frame:
    """Start a page: config, shared settings from the URL, and the sidebar. Call it first."""
    arriving = st.session_state.get(CURRENT_PAGE_KEY) != page
    st.session_state[CURRENT_PAGE_KEY] = page
    common = _common_fields()
    url_state.bind(COMMON, common, arriving=arriving)
    lang_field, units_field = common
    st.session_state[LANGUAGE_STATE_KEY] = url_state.value(COMMON, lang_field)

    st.set_page_config(
        page_title=f"{t(f'nav.{page}')} · {t('common.app_name')}",
        page_icon=":material/functions:",
        layout="wide",
    )
    with st.sidebar:
        st.markdown(f"### {t('common.app_name')}")
        shared = url_state.current_values(COMMON, common)
        for info in PAGES:
            st.page_link(info.path, label=t(f"nav.{info.id}"), icon=info.icon, query_params=shared)
        st.divider()
        st.selectbox(
            t("common.language"),
            available_languages(),
            format_func=LANGUAGE_NAMES.__getitem__,
            key=url_state.widget_key(COMMON, lang_field),
        )
        units = st.radio(
            t("common.units"),
            UNITS,
            format_func=lambda unit: t(f"common.unit_{unit}"),
            key=url_state.widget_key(COMMON, units_field),
            help=t("common.units_help"),
            horizontal=True,
        )
    return Frame(page=page, units=units, arriving=arriving, _groups=[(COMMON, common)])
