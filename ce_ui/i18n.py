"""Translations: one message catalogue per language, and one function that reads it.

A catalogue is the folder ``locales/<lang>/``; each TOML file in it holds the messages of one part
of the app, so ``locales/en/playground.toml`` with ``title = "..."`` defines the key
``"playground.title"``. Messages are ``str.format`` templates: ``"{value} bits"``.

A message that depends on a number has one form per plural category of its language, written as a
table: ``apples = { one = "{count} apple", other = "{count} apples" }`` in English,
``one``/``few``/``many``/``other`` in Russian, only ``other`` in Vietnamese and Chinese. It is read
with ``t(key, count=n)``, which picks the form by the CLDR plural rules below.
"""

from __future__ import annotations

import tomllib
from contextvars import ContextVar
from functools import cache
from pathlib import Path

import streamlit as st

from ce_ui.format import whole

LOCALES_DIR = Path(__file__).parent / "locales"
DEFAULT_LANGUAGE = "en"
LANGUAGE_NAMES = {"en": "English", "vi": "Tiếng Việt", "ru": "Русский", "zh": "中文"}
LANGUAGE_STATE_KEY = "language"


def available_languages() -> list[str]:
    """Codes of the languages that have a catalogue, in the order of ``LANGUAGE_NAMES``."""
    return [code for code in LANGUAGE_NAMES if (LOCALES_DIR / code).is_dir()]


# CLDR plural categories of the cardinal numbers each language tells apart.
PLURAL_CATEGORIES = {
    "en": ("one", "other"),
    "vi": ("other",),
    "ru": ("one", "few", "many", "other"),
    "zh": ("other",),
}


def plural_category(lang: str, count: float) -> str:
    """The CLDR plural category of ``count`` in ``lang`` ("one", "few", "many" or "other").

    English: 1 is "one", everything else "other". Russian (integers): 1, 21, 31, … are "one";
    2–4, 22–24, … "few"; 0, 5–20, 25–30, … "many"; fractions "other". Vietnamese and Chinese do
    not inflect nouns for number: always "other".
    """
    categories = PLURAL_CATEGORIES.get(lang, ("other",))
    is_integer = float(count).is_integer()
    n = abs(int(count)) if is_integer else None
    if "few" in categories:  # the Russian rule
        if n is None:
            return "other"
        if n % 10 == 1 and n % 100 != 11:
            return "one"
        if 2 <= n % 10 <= 4 and not 12 <= n % 100 <= 14:
            return "few"
        return "many"
    if "one" in categories and n == 1:
        return "one"
    return "other"


def _flatten(table: dict, prefix: str) -> dict[str, str]:
    flat = {}
    for key, value in table.items():
        name = f"{prefix}.{key}"
        if isinstance(value, dict):
            flat.update(_flatten(value, name))
        else:
            flat[name] = value
    return flat


@cache
def catalogue(lang: str) -> dict[str, str]:
    """All messages of one language, keyed ``"<file stem>.<key>"``."""
    messages: dict[str, str] = {}
    for path in sorted((LOCALES_DIR / lang).glob("*.toml")):
        with path.open("rb") as file:
            messages.update(_flatten(tomllib.load(file), path.stem))
    return messages


def translate(lang: str, key: str, /, count: float | None = None, **values) -> str:
    """The message ``key`` in language ``lang``, with ``values`` filled in.

    With ``count``, ``key`` names a plural table: the form for ``count``'s plural category is used
    and ``{count}`` in it is filled with ``count``, written by :func:`ce_ui.format.whole` for a
    whole number (``1 000``). A key missing from a translation falls back to English (the
    catalogue-completeness test fails on it); a key missing from English is a programming error
    and raises ``KeyError``.
    """
    if count is not None and f"{key}.other" not in catalogue(DEFAULT_LANGUAGE):
        values["count"] = count  # a message with a {count} placeholder but no plural forms
    elif count is not None:
        values["count"] = whole(count) if float(count).is_integer() else count
        category = plural_category(lang, count)
        if f"{key}.{category}" not in catalogue(lang):
            lang = DEFAULT_LANGUAGE
            category = plural_category(lang, count)
        key = f"{key}.{category}"
    template = catalogue(lang).get(key)
    if template is None:
        template = catalogue(DEFAULT_LANGUAGE)[key]
    return template.format(**values) if values else template


def language_from_locale(locale: str | None) -> str:
    """The catalogue language for a browser locale such as ``"vi-VN"``; English if we have none."""
    if locale:
        code = locale.replace("_", "-").split("-")[0].lower()
        if code in available_languages():
            return code
    return DEFAULT_LANGUAGE


# The session's language, as the page frame last set it in this thread. Streamlit runs each
# session's scripts in threads of their own, so this equals the session-state entry; it saves t()
# a session-state read (about 20 µs), and a page calls t() a few hundred times a run.
_thread_language: ContextVar[str | None] = ContextVar("thread_language", default=None)


def use_language(lang: str) -> bool:
    """Make ``lang`` the language of this browser session (called by the page frame); return
    whether that changed it."""
    changed = st.session_state.get(LANGUAGE_STATE_KEY) != lang
    if changed:
        st.session_state[LANGUAGE_STATE_KEY] = lang
    _thread_language.set(lang)
    return changed


def current_language() -> str:
    """The language of this browser session (set by the page frame)."""
    lang = _thread_language.get()
    if lang is None:
        return st.session_state.get(LANGUAGE_STATE_KEY, DEFAULT_LANGUAGE)
    return lang


def t(key: str, /, count: float | None = None, **values) -> str:
    """The message ``key`` in the current session's language: the one translation function.

    ``count`` selects the plural form of a message that has them (see the module docstring).
    """
    return translate(current_language(), key, count=count, **values)
