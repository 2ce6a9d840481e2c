"""Every language has every message, with the same placeholders as English."""

import re
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


# --- Markdown and LaTeX survive translation ------------------------------------------------------

MATH = re.compile(r"\$\$.+?\$\$|\$[^$]+\$|\\\(.+?\\\)|\\\[.+?\\\]", re.S)
CODE = re.compile(r"`[^`]+`")
LINK = re.compile(r"\]\(([^)\s]+)\)")
LATEX_COMMAND = re.compile(r"\\[A-Za-z]+")


def markup(message: str) -> dict[str, object]:
    """What a translation must carry over unchanged: math segments and code spans (their exact
    text), link targets, LaTeX commands outside them, and the number of bold markers."""
    maths = MATH.findall(message)
    rest = MATH.sub(" ", message)
    codes = CODE.findall(rest)
    rest = CODE.sub(" ", rest)
    return {
        "math": sorted(maths),
        "code": sorted(codes),
        "links": sorted(LINK.findall(rest)),
        "latex commands": sorted(LATEX_COMMAND.findall(rest)),
        "bold markers": rest.count("**"),
    }


def test_markup_finds_what_it_guards():
    found = markup(r"**Bold** `y_true` and $\hat y_c$ or \(\ln 2\), see [docs](https://x.org) \hat")
    assert found == {
        "math": [r"$\hat y_c$", r"\(\ln 2\)"],
        "code": ["`y_true`"],
        "links": ["https://x.org"],
        "latex commands": [r"\hat"],
        "bold markers": 2,
    }


@pytest.mark.parametrize("lang", TRANSLATIONS)
def test_translations_keep_markdown_and_latex(lang):
    english, translated = catalogue(DEFAULT_LANGUAGE), catalogue(lang)
    tables = plural_tables(lang)

    def english_form(key: str) -> str:
        base, _, last = key.rpartition(".")
        return f"{base}.other" if base in tables and last in ALL_CATEGORIES else key

    different = {
        key: (markup(english[english_form(key)]), markup(message))
        for key, message in translated.items()
        if english_form(key) in english and markup(english[english_form(key)]) != markup(message)
    }
    assert not different, f"{lang}: Markdown or LaTeX differs from English: {different}"


# --- code panels and formulas: a stated choice (DEVELOPERS.md, Text) -----------------------------

ROOT = LOCALES_DIR.parent.parent
# Operator names are notation, like code: the same in every language.
OPERATOR_NAMES = {"softmax", "sigmoid", "sigmoids", "clip", "KL", "FL", "CE", "NaN"}


def test_code_panel_comments_stay_english_like_the_code():
    source = (ROOT / "ce_ui" / "code_snippets.py").read_text(encoding="utf-8")
    assert "ce_ui.i18n" not in source and not re.search(r"\bt\(", source)
    from ce_ui.code_snippets import LossCase, snippets

    case = LossCase(target=(0,), prediction=((0.7, 0.2, 0.1),))
    for name, code in snippets(case).items():
        comments = [line.split("#", 1)[1] for line in code.splitlines() if "#" in line]
        assert comments, name
        for comment in comments:
            assert not re.search(r"[\u0400-\u04ff\u4e00-\u9fff]", comment), (name, comment)


def test_formula_text_is_notation_not_english_words():
    sources = [*(ROOT / "pages").glob("*.py"), *(ROOT / "ce_ui" / "formulas").glob("*.py")]
    words = {
        (path.name, word)
        for path in sources
        for word in re.findall(
            r"\\(?:text|mathrm|operatorname)\{+([^{}]*)\}", path.read_text(encoding="utf-8")
        )
        if word.strip() not in OPERATOR_NAMES
    }
    assert not words, f"words in formulas (translate them outside the formula): {sorted(words)}"
