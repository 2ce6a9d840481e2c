"""Every language has every message, with the same placeholders as English."""

import string

import pytest

from ce_ui.i18n import (
    DEFAULT_LANGUAGE,
    LOCALES_DIR,
    PLURAL_CATEGORIES,
    available_languages,
    catalogue,
    plural_category,
    translate,
)

TRANSLATIONS = [lang for lang in available_languages() if lang != DEFAULT_LANGUAGE]
ALL_CATEGORIES = {"zero", "one", "two", "few", "many", "other"}


def plural_tables(lang: str) -> dict[str, set[str]]:
    """``{"file.key": {"one", "other"}}`` for each message of ``lang`` written as a plural table."""
    tables: dict[str, set[str]] = {}
    messages = catalogue(lang)
    for key in messages:
        base, _, last = key.rpartition(".")
        if last in ALL_CATEGORIES and f"{base}.other" in messages:
            tables.setdefault(base, set()).add(last)
    return tables


def message_keys(lang: str) -> set[str]:
    """The catalogue's keys, with each plural table counted once under its own name."""
    tables = plural_tables(lang)
    keys = set()
    for key in catalogue(lang):
        base, _, last = key.rpartition(".")
        keys.add(base if base in tables and last in ALL_CATEGORIES else key)
    return keys


def placeholders(message: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(message) if name is not None}


def test_every_language_has_a_catalogue_file_for_each_english_file():
    english_files = {path.name for path in (LOCALES_DIR / DEFAULT_LANGUAGE).glob("*.toml")}
    for lang in TRANSLATIONS:
        assert {path.name for path in (LOCALES_DIR / lang).glob("*.toml")} == english_files, lang


@pytest.mark.parametrize("lang", TRANSLATIONS)
def test_catalogue_has_exactly_the_english_keys(lang):
    english, translated = message_keys(DEFAULT_LANGUAGE), message_keys(lang)
    missing = sorted(english - translated)
    extra = sorted(translated - english)
    assert not missing, f"{lang} lacks {missing}"
    assert not extra, f"{lang} has keys English does not: {extra}"


@pytest.mark.parametrize("lang", TRANSLATIONS)
def test_placeholders_match_english(lang):
    english, translated = catalogue(DEFAULT_LANGUAGE), catalogue(lang)
    tables = plural_tables(lang)

    def english_form(key: str) -> str:
        base, _, last = key.rpartition(".")
        return f"{base}.other" if base in tables and last in ALL_CATEGORIES else key

    different = {
        key: (placeholders(english[english_form(key)]), placeholders(message))
        for key, message in translated.items()
        if english_form(key) in english
        and placeholders(english[english_form(key)]) != placeholders(message)
    }
    assert not different, f"{lang}: placeholders differ: {different}"


@pytest.mark.parametrize("lang", [DEFAULT_LANGUAGE, *TRANSLATIONS])
def test_messages_are_non_empty_text(lang):
    for key, message in catalogue(lang).items():
        assert isinstance(message, str) and message.strip(), f"{lang}: {key} is empty"


@pytest.mark.parametrize("lang", [DEFAULT_LANGUAGE, *TRANSLATIONS])
def test_plural_tables_have_exactly_the_forms_of_their_language(lang):
    wanted = set(PLURAL_CATEGORIES[lang])
    wrong = {key: forms for key, forms in plural_tables(lang).items() if forms != wanted}
    assert not wrong, f"{lang}: plural tables need the forms {sorted(wanted)}: {wrong}"
    assert plural_tables(lang).keys() == plural_tables(DEFAULT_LANGUAGE).keys()


@pytest.mark.parametrize(
    ("lang", "counts", "category"),
    [
        ("en", [1], "one"),
        ("en", [0, 2, 5, 11, 21, 1000, 1.5], "other"),
        ("ru", [1, 21, 31, 101, 1001], "one"),
        ("ru", [2, 3, 4, 22, 24, 102], "few"),
        ("ru", [0, 5, 11, 12, 14, 19, 20, 25, 100, 111, 112], "many"),
        ("ru", [1.5, 0.25], "other"),
        ("vi", [0, 1, 2, 5, 21], "other"),
        ("zh", [0, 1, 2, 5, 21], "other"),
    ],
)
def test_plural_categories_follow_cldr(lang, counts, category):
    for count in counts:
        assert plural_category(lang, count) == category, (lang, count)


def test_count_picks_the_form_and_fills_in_the_grouped_number():
    key = next(iter(plural_tables(DEFAULT_LANGUAGE)), None)
    if key is None:
        pytest.skip("no plural message in the catalogue yet")
    fields = {
        name for form in ("one", "other") for name in placeholders(catalogue("en")[f"{key}.{form}"])
    }
    values = {name: "…" for name in fields - {"count"}}
    one, other = translate("en", key, count=1, **values), translate("en", key, count=1000, **values)
    assert "1" in one and "1\u202f000" in other and one != other
