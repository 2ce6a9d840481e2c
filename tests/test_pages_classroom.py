"""Every page in every language, in presenter mode and as a quiz, and the round trip
widget → query string → new session → same view."""

from __future__ import annotations

import json
import re
import string

import pytest

from ce_ui.frame import PAGES, QUIZ_PAGES
from ce_ui.i18n import DEFAULT_LANGUAGE, available_languages, catalogue, translate
from tests.conftest import open_page

PATHS = {info.id: info.path for info in PAGES}
TRANSLATIONS = [lang for lang in available_languages() if lang != DEFAULT_LANGUAGE]
WIDGET_KINDS = ("button", "checkbox", "toggle", "radio", "selectbox", "multiselect", "slider",
                "select_slider", "number_input", "text_input", "text_area", "tabs")  # fmt: skip


def english_phrases(lang: str) -> set[str]:
    """Stretches of English text (three words or more between placeholders) from messages that
    the language ``lang`` translates differently: none of them may appear on its pages."""
    english, translated = catalogue(DEFAULT_LANGUAGE), catalogue(lang)
    phrases = set()
    for key, message in english.items():
        if translated.get(key) == message:
            continue
        prose = "".join(message.split("`")[::2])  # code spans stay code in every language
        for literal, *_ in string.Formatter().parse(prose):
            for piece in re.split(r"[*$\n]|\\\(|\\\)", literal):
                piece = piece.strip(" .,:;()—–-")
                if len(piece) >= 15 and len(re.findall(r"[A-Za-z]{2,}", piece)) >= 3:
                    phrases.add(piece)
    return phrases


def chart_texts(spec: str) -> list[str]:
    figure = json.loads(spec)
    layout = figure.get("layout", {})
    found = []
    for key, value in layout.items():
        if key == "title" or key.startswith(("xaxis", "yaxis")):
            title = value.get("title") if key != "title" else value
            if isinstance(title, dict) and title.get("text"):
                found.append(title["text"])
    found += [trace.get("name", "") for trace in figure.get("data", [])]
    found += [note.get("text", "") for note in layout.get("annotations", [])]
    return found


def everything_readable(at) -> str:
    parts = []
    for kind in ("title", "header", "subheader", "markdown", "caption", "text", "info",
                 "success", "warning", "error"):  # fmt: skip
        parts += [str(element.value) for element in at.get(kind)]
    parts += [f"{metric.label} {metric.help or ''}" for metric in at.metric]
    parts += [link.proto.label for link in at.get("page_link")]
    for kind in WIDGET_KINDS:
        for widget in at.get(kind):
            parts += [str(getattr(widget, "label", "")), str(getattr(widget, "help", "") or "")]
            parts += [str(option) for option in getattr(widget, "options", [])]
    for chart in at.get("plotly_chart"):
        parts += chart_texts(chart.proto.spec)
    return "\n".join(parts)


@pytest.mark.parametrize("lang", TRANSLATIONS)
@pytest.mark.parametrize("page", list(PATHS))
def test_a_translated_page_has_no_english_left(page, lang):
    at = open_page(PATHS[page], {"lang": lang})
    assert not at.exception
    readable = everything_readable(at)
    assert translate(lang, f"nav.{page}") in readable
    left = sorted(phrase for phrase in english_phrases(lang) if phrase in readable)
    assert not left, f"English on /{page} in {lang}: {left[:5]}"


@pytest.mark.parametrize("page", list(PATHS))
def test_every_page_works_in_presenter_mode(page):
    at = open_page(PATHS[page], {"present": "1"})
    assert not at.exception
    assert at.toggle(key="common.present").value is True
    assert at.query_params["present"] == "1"


@pytest.mark.parametrize("page", sorted(QUIZ_PAGES))
def test_quiz_pages_hide_the_answer_until_revealed(page):
    plain = open_page(PATHS[page])
    quiz = open_page(PATHS[page], {"quiz": "1"})
    assert not quiz.exception
    reveal = [
        button for button in quiz.button if button.label == translate("en", "common.quiz_reveal")
    ]
    assert reveal, "no reveal button"
    assert len(quiz.metric) < len(plain.metric)
    reveal[0].click().run()
    assert not quiz.exception
    assert len(quiz.metric) > len(open_page(PATHS[page], {"quiz": "1"}).metric)


def first_main_number_widget(at):
    for kind in ("slider", "number_input"):
        for widget in at.main.get(kind):
            number = isinstance(widget.value, (int, float)) and not isinstance(widget.value, bool)
            if number and not widget.disabled:
                return kind, widget
    return None, None


def changed_value(widget):
    low = getattr(widget, "min", None)
    high = getattr(widget, "max", None)
    step = getattr(widget, "step", None) or 1
    value = widget.value + step
    if high is not None and value > high:
        value = widget.value - step
    if low is not None and value < low:
        pytest.skip("widget has a single value")
    return value


@pytest.mark.parametrize("page", [page for page in PATHS if page != "home"])
def test_widget_to_query_string_to_new_session_gives_the_same_view(page):
    at = open_page(PATHS[page])
    kind, widget = first_main_number_widget(at)
    assert widget is not None, "no numeric widget on the page"
    widget.set_value(changed_value(widget)).run()
    assert not at.exception
    query = dict(at.query_params)

    again = open_page(PATHS[page], query)
    assert not again.exception
    assert not again.warning, [w.value for w in again.warning]
    assert dict(again.query_params) == query
    assert [m.value for m in again.metric] == [m.value for m in at.metric]
    assert again.main.get(kind)[0].value == at.main.get(kind)[0].value


def test_the_training_quiz_hides_every_result_and_the_winner_until_revealed():
    query = {"compare": "weighted", "imbalance": "0.1", "rare": "0,1,2,3,4", "epochs": "3"}
    query["seed"] = "5"
    plain = open_page(PATHS["training"], query)
    (table,) = plain.dataframe
    numbers = {metric.value for metric in plain.metric} | set(table.value["Δ"])
    verdicts = [block.value for block in plain.markdown if "wins" in block.value]
    assert len(numbers) >= 8 and len(verdicts) == 1

    def shown(at) -> str:
        cells = [str(cell) for frame in at.dataframe for cell in frame.value.to_numpy().ravel()]
        values = [metric.value for metric in at.metric]
        return "\n".join([everything_readable(at), *values, *cells])

    quiz = open_page(PATHS["training"], {**query, "quiz": "1"})
    assert not quiz.exception
    before = shown(quiz)
    assert "Which loss will recognise the rare digits (0, 1, 2, 3, 4) better" in before
    assert not quiz.metric and not quiz.dataframe and not quiz.get("plotly_chart")
    assert not [number for number in numbers if number in before]
    assert verdicts[0] not in before and "wins" not in before
    (reveal,) = [b for b in quiz.button if b.label == translate("en", "common.quiz_reveal")]
    reveal.click().run()
    assert not quiz.exception
    after = shown(quiz)
    assert all(number in after for number in numbers) and verdicts[0] in after
    assert len(quiz.get("plotly_chart")) == 2  # the learning curves, with their numbers
