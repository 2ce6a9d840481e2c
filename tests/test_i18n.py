"""Every language has every message, with the same placeholders as English."""

import string

import pytest

from ce_ui.i18n import DEFAULT_LANGUAGE, LOCALES_DIR, available_languages, catalogue

TRANSLATIONS = [lang for lang in available_languages() if lang != DEFAULT_LANGUAGE]


def placeholders(message: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(message) if name is not None}


def test_every_language_has_a_catalogue_file_for_each_english_file():
    english_files = {path.name for path in (LOCALES_DIR / DEFAULT_LANGUAGE).glob("*.toml")}
    for lang in TRANSLATIONS:
        assert {path.name for path in (LOCALES_DIR / lang).glob("*.toml")} == english_files, lang


@pytest.mark.parametrize("lang", TRANSLATIONS)
def test_catalogue_has_exactly_the_english_keys(lang):
    english, translated = catalogue(DEFAULT_LANGUAGE), catalogue(lang)
    missing = sorted(english.keys() - translated.keys())
    extra = sorted(translated.keys() - english.keys())
    assert not missing, f"{lang} lacks {missing}"
    assert not extra, f"{lang} has keys English does not: {extra}"


@pytest.mark.parametrize("lang", TRANSLATIONS)
def test_placeholders_match_english(lang):
    english, translated = catalogue(DEFAULT_LANGUAGE), catalogue(lang)
    different = {
        key: (placeholders(english[key]), placeholders(translated[key]))
        for key in english.keys() & translated.keys()
        if placeholders(english[key]) != placeholders(translated[key])
    }
    assert not different, f"{lang}: placeholders differ: {different}"


@pytest.mark.parametrize("lang", [DEFAULT_LANGUAGE, *TRANSLATIONS])
def test_messages_are_non_empty_text(lang):
    for key, message in catalogue(lang).items():
        assert isinstance(message, str) and message.strip(), f"{lang}: {key} is empty"
