"""Switching the language changes only words: every choice, value and result stays as it was.

Radios and select boxes show translated labels for stable option ids; Streamlit's browser side
remembers a choice by its label, so a switch must hand every widget its value again under the new
label (``url_state.bind(..., relabel=True)``). Driven in Chromium, en → ru → zh → vi → en, from a
link whose every choice differs from the page's default.
"""

from __future__ import annotations

import contextlib
import re
from urllib.parse import parse_qsl, urlsplit

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout
from playwright.sync_api import expect

from ce_ui.i18n import LANGUAGE_NAMES
from tests.conftest import wait_for_app

pytestmark = pytest.mark.browser

NON_DEFAULT_VIEWS = [
    "/playground?y=0.9,0.05,0.05&z=1,2,3&t=2&units=bits",
    "/curves?p=0.3&y=0&units=bits",
    "/multilabel?classes=1000&positives=3&reduction=sum&neg_dist=beta&kappa=20",
    "/focal?gamma=3&p=0.6&alpha=0.25",
    "/gradients?y=2&z=1,2,0.5&lr=0.5",
    "/entropy?text=hello%20world&p=0.5,0.25,0.25&q=0.25,0.5,0.25",
    "/training?loss=focal&compare=weighted&model=mlp&imbalance=0.1",
    "/language?train=ru&order=3&smoothing=add_k&k=0.5&loss=2&loss_unit=bits&text=модель",
]
ROUND_TRIP = ["ru", "zh", "vi", "en"]
CHECKED_RADIOS = "document.querySelectorAll('[data-testid=\"stRadio\"] input:checked').length"

WIDGET_STATE = """() => {
  const main = document.querySelector('[data-testid="stMain"]');
  const radios = [...document.querySelectorAll('[data-testid="stRadio"]')].map(
    r => [...r.querySelectorAll('input')].map(i => i.checked));
  const selects = [...main.querySelectorAll('[data-testid="stSelectbox"] input')].map(
    i => i.value);
  const toggles = [...document.querySelectorAll('input[type="checkbox"]')].map(i => i.checked);
  const numbers = [...main.querySelectorAll('[data-testid="stMetricValue"]')].map(
    m => m.innerText.replace(/[^0-9.,e−+-]/g, ''));
  return {radios, selects, toggles, numbers};
}"""


def settled_state(page) -> dict:
    """The widgets' state once two reads a second apart agree (the page has finished drawing)."""
    state = page.evaluate(WIDGET_STATE)
    for _ in range(40):
        page.wait_for_timeout(1000)
        wait_for_app(page, timeout=60_000)
        again = page.evaluate(WIDGET_STATE)
        if again == state:
            return state
        state = again
    return state


def query_without_language(url: str) -> dict[str, str]:
    query = dict(parse_qsl(urlsplit(url).query))
    query.pop("lang", None)
    return query


def switch_language(page, lang: str) -> None:
    page.locator('[data-testid="stSidebar"] [data-testid="stSelectbox"]').first.click()
    page.get_by_role("option", name=LANGUAGE_NAMES[lang]).click()
    expect(page).to_have_url(re.compile(rf".*[?&]lang={lang}(&|$).*"), timeout=30_000)
    wait_for_app(page, timeout=60_000)


@pytest.mark.parametrize("path", NON_DEFAULT_VIEWS, ids=lambda path: path.split("?")[0][1:])
def test_a_language_round_trip_changes_only_words(app_url, browser_page, path):
    browser_page.goto(app_url + path + "&lang=en")
    wait_for_app(browser_page, timeout=120_000)
    browser_page.wait_for_function(CHECKED_RADIOS + " >= 2", timeout=60_000)  # units, export
    checked = browser_page.evaluate(CHECKED_RADIOS)
    before_query = query_without_language(browser_page.url)
    before = settled_state(browser_page)
    for lang in ROUND_TRIP:
        switch_language(browser_page, lang)
        with contextlib.suppress(PlaywrightTimeout):  # the assertions below say what is missing
            browser_page.wait_for_function(f"{CHECKED_RADIOS} >= {checked}", timeout=20_000)
        assert query_without_language(browser_page.url) == before_query, (path, lang)
        now = settled_state(browser_page)
        assert now["radios"] == before["radios"], (path, lang, now["radios"])
        assert all(now["selects"]), (path, lang, "a select box shows no choice")
        assert now["toggles"] == before["toggles"], (path, lang)
        # Numbers are written the same way in every language (digits grouped by thin spaces).
        assert now["numbers"] == before["numbers"], (path, lang, now["numbers"])
    assert now["selects"] == before["selects"], path  # back in English: the very same labels
