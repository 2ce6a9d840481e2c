"""Translations: one message catalogue per language, and one function that reads it.

A catalogue is the folder ``locales/<lang>/``; each TOML file in it holds the messages of one part
of the app, so ``locales/en/playground.toml`` with ``title = "..."`` defines the key
``"playground.title"``. Messages are ``str.format`` templates: ``"{value} bits"``.
"""

from __future__ import annotations

import tomllib
from contextvars import ContextVar
from functools import cache
from pathlib import Path

import streamlit as st

LOCALES_DIR = Path(__file__).parent / "locales"
DEFAULT_LANGUAGE = "en"
LANGUAGE_NAMES = {"en": "English", "vi": "Tiếng Việt", "ru": "Русский", "zh": "中文"}
LANGUAGE_STATE_KEY = "language"


def available_languages() -> list[str]:
    """Codes of the languages that have a catalogue, in the order of ``LANGUAGE_NAMES``."""
    return [code for code in LANGUAGE_NAMES if (LOCALES_DIR / code).is_dir()]


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


def translate(lang: str, key: str, /, **values) -> str:
    """The message ``key`` in language ``lang``, with ``values`` filled in.

    A key missing from a translation falls back to English (the catalogue-completeness test fails
    on it); a key missing from English is a programming error and raises ``KeyError``.
    """
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


def use_language(lang: str) -> None:
    """Make ``lang`` the language of this browser session (called by the page frame)."""
    if st.session_state.get(LANGUAGE_STATE_KEY) != lang:
        st.session_state[LANGUAGE_STATE_KEY] = lang
    _thread_language.set(lang)


def current_language() -> str:
    """The language of this browser session (set by the page frame)."""
    lang = _thread_language.get()
    if lang is None:
        return st.session_state.get(LANGUAGE_STATE_KEY, DEFAULT_LANGUAGE)
    return lang


def t(key: str, /, **values) -> str:
    """The message ``key`` in the current session's language: the one translation function."""
    return translate(current_language(), key, **values)
